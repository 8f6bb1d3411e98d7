// Metafields the app owns: read a product's or the app installation's value, set in batches of 25, delete.
import type { AdminClient } from "../client.server";

/** One product metafield per product id; products deleted in Shopify come back null and are skipped. */
export const PRODUCT_METAFIELD_VALUES_QUERY = `#graphql
  query ProductMetafieldValues($ids: [ID!]!, $namespace: String!, $key: String!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        metafield(namespace: $namespace, key: $key) {
          id
          value
        }
      }
    }
  }
`;

/** The app's installation on the shop (owner of app-data metafields) and one of its metafields. */
export const APP_INSTALLATION_METAFIELD_QUERY = `#graphql
  query AppInstallationMetafield($namespace: String!, $key: String!) {
    currentAppInstallation {
      id
      metafield(namespace: $namespace, key: $key) {
        id
        value
      }
    }
  }
`;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Shopify's limit for metafieldsSet. */
export const METAFIELDS_SET_BATCH = 25;
/** Kept to the same size: the documentation gives no limit for metafieldsDelete, so stay well inside any. */
export const METAFIELDS_DELETE_BATCH = 25;
/** Product ids per read: each costs 2 points (the product and its metafield). */
const PRODUCTS_PER_READ = 100;

export interface MetafieldAddress {
  namespace: string;
  key: string;
}

export interface MetafieldWrite extends MetafieldAddress {
  ownerId: string;
  type: string;
  value: string;
}

/**
 * The current value per product that still exists (null: no such metafield). Products absent from the map were
 * deleted in Shopify.
 */
export async function fetchProductMetafieldValues(
  admin: AdminClient,
  productIds: readonly string[],
  address: MetafieldAddress,
): Promise<Map<string, string | null>> {
  const values = new Map<string, string | null>();
  for (let start = 0; start < productIds.length; start += PRODUCTS_PER_READ) {
    const ids = productIds.slice(start, start + PRODUCTS_PER_READ);
    const { nodes } = await admin.request(PRODUCT_METAFIELD_VALUES_QUERY, { ids, ...address });
    for (const node of nodes) {
      if (node?.__typename !== "Product") continue;
      values.set(node.id, node.metafield?.value ?? null);
    }
  }
  return values;
}

export async function fetchAppInstallationMetafield(
  admin: AdminClient,
  address: MetafieldAddress,
): Promise<{ installationId: string; value: string | null }> {
  const { currentAppInstallation } = await admin.request(APP_INSTALLATION_METAFIELD_QUERY, { ...address });
  return { installationId: currentAppInstallation.id, value: currentAppInstallation.metafield?.value ?? null };
}

/**
 * Sets the values, 25 per call. Setting a value is absolute, so a call whose answer was lost may be resent; each
 * call is atomic in Shopify, and userErrors raise AdminApiUserErrors.
 */
export async function setMetafields(admin: AdminClient, writes: readonly MetafieldWrite[]): Promise<void> {
  for (let start = 0; start < writes.length; start += METAFIELDS_SET_BATCH) {
    const metafields = writes.slice(start, start + METAFIELDS_SET_BATCH);
    await admin.request(METAFIELDS_SET_MUTATION, { metafields }, { idempotent: true, throwOnUserErrors: true });
  }
}

/** Deletes the metafields; one that is already gone is no error. */
export async function deleteMetafields(
  admin: AdminClient,
  identifiers: ReadonlyArray<MetafieldAddress & { ownerId: string }>,
): Promise<void> {
  for (let start = 0; start < identifiers.length; start += METAFIELDS_DELETE_BATCH) {
    const metafields = identifiers.slice(start, start + METAFIELDS_DELETE_BATCH);
    await admin.request(METAFIELDS_DELETE_MUTATION, { metafields }, { idempotent: true, throwOnUserErrors: true });
  }
}
