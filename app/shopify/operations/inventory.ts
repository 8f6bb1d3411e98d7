// Stock reads for the stock rules: which variant an inventory item is, and the sellable quantity of variants.
import type { VariantStock } from "../../domain/stock-rules";
import type { AdminClient, AdminOperationData } from "../client.server";

/**
 * The variant behind an inventory item (inventory_levels/update names only the item).
 * `InventoryItem.variant` is deprecated in 2026-10 in favour of `variants`, but an item still has exactly one
 * variant and the local simulator implements only `variant`; switch when it implements the connection.
 */
export const INVENTORY_ITEM_VARIANT_QUERY = `#graphql
  query InventoryItemVariant($id: ID!) {
    inventoryItem(id: $id) {
      id
      variant {
        id
        inventoryQuantity
        product {
          id
        }
      }
    }
  }
`;

/** Every variant of a product with its sellable quantity, a page at a time. */
export const PRODUCT_VARIANT_STOCK_QUERY = `#graphql
  query ProductVariantStock($id: ID!, $after: String) {
    product(id: $id) {
      id
      variants(first: 250, after: $after) {
        nodes {
          id
          inventoryQuantity
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/** Chosen variants' quantities; at most 100 ids per request (each costs 2 points). */
export const VARIANTS_STOCK_QUERY = `#graphql
  query VariantsStock($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on ProductVariant {
        id
        inventoryQuantity
        product {
          id
        }
      }
    }
  }
`;

/** The gid of the inventory item an InventoryLevel gid names (`gid://shopify/InventoryLevel/<loc>?inventory_item_id=<id>`). */
export function inventoryItemIdFromLevel(levelGid: string): string | null {
  // The id is read as text: it can exceed 2^53, so the payload's numeric inventory_item_id may already be rounded.
  const match = /^gid:\/\/shopify\/InventoryLevel\/\d+\?(?:.*&)?inventory_item_id=(\d+)(?:&|$)/.exec(levelGid);
  return match ? `gid://shopify/InventoryItem/${match[1]}` : null;
}

export async function fetchInventoryItemVariant(
  admin: AdminClient,
  inventoryItemId: string,
): Promise<VariantStock | null> {
  const { inventoryItem } = await admin.request(INVENTORY_ITEM_VARIANT_QUERY, { id: inventoryItemId });
  const variant = inventoryItem?.variant;
  if (!variant) return null;
  return { id: variant.id, productId: variant.product.id, inventoryQuantity: variant.inventoryQuantity ?? null };
}

export async function fetchProductVariantStock(admin: AdminClient, productId: string): Promise<VariantStock[]> {
  const variants: VariantStock[] = [];
  let after: string | null = null;
  for (;;) {
    const data: AdminOperationData<typeof PRODUCT_VARIANT_STOCK_QUERY> = await admin.request(
      PRODUCT_VARIANT_STOCK_QUERY,
      { id: productId, after },
    );
    const product = data.product;
    if (!product) return variants; // deleted since it was chosen: nothing of it can be attached
    for (const node of product.variants.nodes) {
      variants.push({ id: node.id, productId: product.id, inventoryQuantity: node.inventoryQuantity ?? null });
    }
    if (!product.variants.pageInfo.hasNextPage) return variants;
    after = product.variants.pageInfo.endCursor ?? null;
  }
}

const VARIANTS_PER_REQUEST = 100;

export async function fetchVariantStock(admin: AdminClient, variantIds: readonly string[]): Promise<VariantStock[]> {
  const variants: VariantStock[] = [];
  for (let start = 0; start < variantIds.length; start += VARIANTS_PER_REQUEST) {
    const ids = variantIds.slice(start, start + VARIANTS_PER_REQUEST);
    const { nodes } = await admin.request(VARIANTS_STOCK_QUERY, { ids });
    for (const node of nodes) {
      // A deleted variant comes back null; other types cannot, as the ids are variant ids.
      if (node?.__typename !== "ProductVariant") continue;
      variants.push({ id: node.id, productId: node.product.id, inventoryQuantity: node.inventoryQuantity ?? null });
    }
  }
  return variants;
}
