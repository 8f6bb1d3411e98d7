// Resource route for the plain product picker (used where App Bridge's resource picker is unavailable): the shop's products matching a search.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { offerContext, searchProducts } from "../services/offers.server";
import type { ProductSearchResult } from "../domain/offer-contract";
import { adminFailureOf } from "../services/admin-failures.server";
import { offerFailureFields } from "../components/common/failure-messages";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  const ctx = await offerContext(session);
  try {
    return { products: await searchProducts(ctx, query), error: null };
  } catch (error) {
    const products: ProductSearchResult[] = [];
    return {
      products,
      error: offerFailureFields(adminFailureOf(error, session.shop, "searchProducts"))[""] ?? "Search failed.",
    };
  }
};
