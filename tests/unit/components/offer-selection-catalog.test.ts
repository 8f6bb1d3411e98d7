// Reading the chosen products' titles and stock: batched under Shopify's cost ceiling, deleted nodes skipped, single variants grouped under their product.
import { describe, expect, it } from "vitest";
import { readSelectionCatalog, SELECTION_CATALOG_QUERY } from "~/shopify/operations/catalog";
import type { AdminClient } from "~/shopify/client.server";

function fakeAdmin(answer: (ids: string[]) => unknown[]) {
  const calls: string[][] = [];
  const admin = {
    shop: "test.myshopify.com",
    endpoint: "https://test.myshopify.com/admin/api/2026-10/graphql.json",
    request: (document: string, variables?: Record<string, unknown>) => {
      expect(document).toBe(SELECTION_CATALOG_QUERY);
      const ids = variables!.ids as string[];
      calls.push(ids);
      return Promise.resolve({ nodes: answer(ids) });
    },
  } as unknown as AdminClient; // the fake answers only the one document this module sends
  return { admin, calls };
}

const product = (id: string) => ({
  __typename: "Product",
  id,
  title: `Title ${id}`,
  variants: { nodes: [{ id: `${id}/v`, title: "Default Title", inventoryQuantity: 0 }] },
});

describe("readSelectionCatalog", () => {
  it("asks for at most 8 products per request and 100 variants per request", async () => {
    const productIds = Array.from({ length: 17 }, (_, i) => `gid://shopify/Product/${i}`);
    const variantIds = Array.from({ length: 101 }, (_, i) => `gid://shopify/ProductVariant/${i}`);
    const { admin, calls } = fakeAdmin((ids) => ids.map((id) => (id.includes("/Product/") ? product(id) : null)));
    const catalog = await readSelectionCatalog(admin, { productIds, variantIds });
    expect(calls.map((ids) => ids.length)).toEqual([8, 8, 1, 100, 1]);
    expect(catalog).toHaveLength(17);
  });

  it("skips deleted nodes and groups single variants under their product, with untracked stock as null", async () => {
    const { admin } = fakeAdmin(() => [
      null,
      {
        __typename: "ProductVariant",
        id: "gid://shopify/ProductVariant/1",
        title: "Small",
        inventoryQuantity: 3,
        product: { id: "gid://shopify/Product/1", title: "Shirt" },
      },
      {
        __typename: "ProductVariant",
        id: "gid://shopify/ProductVariant/2",
        title: "Large",
        inventoryQuantity: null,
        product: { id: "gid://shopify/Product/1", title: "Shirt" },
      },
    ]);
    const catalog = await readSelectionCatalog(admin, {
      productIds: [],
      variantIds: [
        "gid://shopify/ProductVariant/0",
        "gid://shopify/ProductVariant/1",
        "gid://shopify/ProductVariant/2",
      ],
    });
    expect(catalog).toEqual([
      {
        id: "gid://shopify/Product/1",
        title: "Shirt",
        variants: [
          { id: "gid://shopify/ProductVariant/1", title: "Small", inventoryQuantity: 3 },
          { id: "gid://shopify/ProductVariant/2", title: "Large", inventoryQuantity: null },
        ],
      },
    ]);
  });

  it("rejects an answer of an unexpected shape instead of showing wrong stock", async () => {
    const { admin } = fakeAdmin(() => [{ __typename: "Product", id: "gid://shopify/Product/1" }]);
    await expect(
      readSelectionCatalog(admin, { productIds: ["gid://shopify/Product/1"], variantIds: [] }),
    ).rejects.toThrow();
  });
});
