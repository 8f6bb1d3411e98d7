// The offer page's product search: what it says of each variant's stock, from what Shopify reports.
import { describe, expect, it } from "vitest";
import { searchProducts, type OfferContext } from "~/services/offers.server";
import type { AdminClient } from "~/shopify/client.server";

function contextAnswering(data: unknown): OfferContext {
  const admin = { shop: "s.myshopify.com", endpoint: "", request: async () => data } as unknown as AdminClient;
  return { admin } as unknown as OfferContext;
}

describe("product search", () => {
  it("gives no stock figure for a variant whose inventory Shopify does not track (its quantity means nothing)", async () => {
    const ctx = contextAnswering({
      products: {
        nodes: [
          {
            id: "gid://shopify/Product/1",
            title: "Lamp",
            variants: {
              nodes: [
                {
                  id: "gid://shopify/ProductVariant/1",
                  title: "Amber",
                  inventoryQuantity: 0,
                  inventoryItem: { tracked: false },
                },
                {
                  id: "gid://shopify/ProductVariant/2",
                  title: "Frost",
                  inventoryQuantity: -1,
                  inventoryItem: { tracked: true },
                },
              ],
            },
          },
        ],
      },
    });
    const [lamp] = await searchProducts(ctx, "Lamp");
    expect(lamp!.variants).toEqual([
      { id: "gid://shopify/ProductVariant/1", title: "Amber", inventoryQuantity: null },
      { id: "gid://shopify/ProductVariant/2", title: "Frost", inventoryQuantity: -1 },
    ]);
  });
});
