// LOCAL SEAM (README, "Local seams"): links from an offer's page to the simulator's storefront preview of its
// products, where the theme app extension renders from the app's metafields as customers would see it. Only when
// SHOPIFY_LOCAL_SIMULATOR_URL is set; against a real store there is no preview (null).
import { config } from "../config.server";

export interface StorefrontPreview {
  /** The shop's storefront (every product, with the badges embed). */
  shopUrl: string;
  /** Each product the offer is on, as customers see its page. */
  products: Array<{ id: string; title: string; url: string }>;
}

export function storefrontPreviewOf(
  shop: string,
  products: ReadonlyArray<{ id: string; title: string }>,
  simulatorUrl: string | null = config().local?.simulatorUrl ?? null,
): StorefrontPreview | null {
  if (!simulatorUrl) return null;
  const store = shop.replace(/\.myshopify\.com$/, "");
  const base = `${simulatorUrl.replace(/\/+$/, "")}/storefront/${encodeURIComponent(store)}`;
  return {
    shopUrl: base,
    products: products.map((product) => ({
      id: product.id,
      title: product.title,
      // The simulator resolves a product id to its page, as the admin's "View in online store" does.
      url: `${base}/product-id/${encodeURIComponent(product.id.split("/").pop() ?? "")}`,
    })),
  };
}
