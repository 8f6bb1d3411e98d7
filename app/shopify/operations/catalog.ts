// The catalog behind an offer's product card: titles and current stock of the chosen products and variants.
import { z } from "zod";
import type { CatalogProduct } from "../../domain/offer-contract";
import type { AdminClient } from "../client.server";

/**
 * Titles and current stock of the chosen products (all their variants) and single variants. Costs stay under
 * Shopify's 1,000-point ceiling per request: a product with `variants(first: 100)` costs about 102 points.
 */
export const SELECTION_CATALOG_QUERY = `#graphql
  query OfferSelectionCatalog($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        variants(first: 100) {
          nodes {
            id
            title
            inventoryQuantity
          }
        }
      }
      ... on ProductVariant {
        id
        title
        inventoryQuantity
        product {
          id
          title
        }
      }
    }
  }
`;

const PRODUCTS_PER_REQUEST = 8;
const VARIANTS_PER_REQUEST = 100;

const catalogVariant = z.object({ id: z.string(), title: z.string(), inventoryQuantity: z.number().nullish() });
// Deleted nodes come back null; other node types cannot, as the ids are product and variant ids.
const catalogNodes = z.object({
  nodes: z.array(
    z
      .discriminatedUnion("__typename", [
        z.object({
          __typename: z.literal("Product"),
          id: z.string(),
          title: z.string(),
          variants: z.object({ nodes: z.array(catalogVariant) }),
        }),
        catalogVariant.extend({
          __typename: z.literal("ProductVariant"),
          product: z.object({ id: z.string(), title: z.string() }),
        }),
      ])
      .nullable(),
  ),
});

export async function readSelectionCatalog(
  admin: AdminClient,
  selection: { productIds: readonly string[]; variantIds: readonly string[] },
): Promise<CatalogProduct[]> {
  const byId = new Map<string, CatalogProduct>();
  const batches: string[][] = [];
  for (let start = 0; start < selection.productIds.length; start += PRODUCTS_PER_REQUEST) {
    batches.push(selection.productIds.slice(start, start + PRODUCTS_PER_REQUEST));
  }
  for (let start = 0; start < selection.variantIds.length; start += VARIANTS_PER_REQUEST) {
    batches.push(selection.variantIds.slice(start, start + VARIANTS_PER_REQUEST));
  }
  for (const ids of batches) {
    // The document is typed once codegen has seen it; the answer is checked here either way.
    const { nodes } = catalogNodes.parse(await admin.request(SELECTION_CATALOG_QUERY, { ids }));
    for (const node of nodes) {
      if (!node) continue;
      if (node.__typename === "Product") {
        byId.set(node.id, {
          id: node.id,
          title: node.title,
          variants: node.variants.nodes.map((v) => ({
            id: v.id,
            title: v.title,
            inventoryQuantity: v.inventoryQuantity ?? null,
          })),
        });
      } else {
        const product = byId.get(node.product.id) ?? { id: node.product.id, title: node.product.title, variants: [] };
        if (!product.variants.some((v) => v.id === node.id)) {
          product.variants.push({ id: node.id, title: node.title, inventoryQuantity: node.inventoryQuantity ?? null });
        }
        byId.set(product.id, product);
      }
    }
  }
  return [...byId.values()];
}
