// Selling plan groups: create, read back, update, delete, and assign products and variants.
import type { AdminClient, AdminOperationData } from "../client.server";

export const SELLING_PLAN_GROUP_DETAIL_QUERY = `#graphql
  query SellingPlanGroupDetail($id: ID!) {
    sellingPlanGroup(id: $id) {
      id
      appId
      name
      merchantCode
      description
      options
      position
      productsCount {
        count
      }
      productVariantsCount {
        count
      }
      products(first: 100) {
        nodes {
          id
          title
        }
      }
      productVariants(first: 100) {
        nodes {
          id
          title
          product {
            id
            title
          }
        }
      }
      sellingPlans(first: 31) {
        nodes {
          id
          name
          description
          options
          position
          category
          billingPolicy {
            __typename
            ... on SellingPlanFixedBillingPolicy {
              checkoutCharge {
                type
                value {
                  __typename
                  ... on MoneyV2 {
                    amount
                    currencyCode
                  }
                  ... on SellingPlanCheckoutChargePercentageValue {
                    percentage
                  }
                }
              }
              remainingBalanceChargeTrigger
              remainingBalanceChargeExactTime
              remainingBalanceChargeTimeAfterCheckout
            }
          }
          deliveryPolicy {
            __typename
            ... on SellingPlanFixedDeliveryPolicy {
              fulfillmentTrigger
              fulfillmentExactTime
            }
          }
          inventoryPolicy {
            reserve
          }
          pricingPolicies {
            __typename
            ... on SellingPlanFixedPricingPolicy {
              adjustmentType
              adjustmentValue {
                __typename
                ... on MoneyV2 {
                  amount
                  currencyCode
                }
                ... on SellingPlanPricingPolicyPercentageValue {
                  percentage
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_IDS_QUERY = `#graphql
  query SellingPlanGroupIds($first: Int!, $after: String) {
    sellingPlanGroups(first: $first, after: $after) {
      nodes {
        id
        appId
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_CREATE_MUTATION = `#graphql
  mutation SellingPlanGroupCreate($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
    sellingPlanGroupCreate(input: $input, resources: $resources) {
      sellingPlanGroup {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_UPDATE_MUTATION = `#graphql
  mutation SellingPlanGroupUpdate($id: ID!, $input: SellingPlanGroupInput!) {
    sellingPlanGroupUpdate(id: $id, input: $input) {
      sellingPlanGroup {
        id
      }
      deletedSellingPlanIds
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_DELETE_MUTATION = `#graphql
  mutation SellingPlanGroupDelete($id: ID!) {
    sellingPlanGroupDelete(id: $id) {
      deletedSellingPlanGroupId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_ADD_PRODUCTS_MUTATION = `#graphql
  mutation SellingPlanGroupAddProducts($id: ID!, $productIds: [ID!]!) {
    sellingPlanGroupAddProducts(id: $id, productIds: $productIds) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_REMOVE_PRODUCTS_MUTATION = `#graphql
  mutation SellingPlanGroupRemoveProducts($id: ID!, $productIds: [ID!]!) {
    sellingPlanGroupRemoveProducts(id: $id, productIds: $productIds) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_ADD_VARIANTS_MUTATION = `#graphql
  mutation SellingPlanGroupAddProductVariants($id: ID!, $productVariantIds: [ID!]!) {
    sellingPlanGroupAddProductVariants(id: $id, productVariantIds: $productVariantIds) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SELLING_PLAN_GROUP_REMOVE_VARIANTS_MUTATION = `#graphql
  mutation SellingPlanGroupRemoveProductVariants($id: ID!, $productVariantIds: [ID!]!) {
    sellingPlanGroupRemoveProductVariants(id: $id, productVariantIds: $productVariantIds) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const PRODUCT_SEARCH_QUERY = `#graphql
  query ProductSearch($query: String, $first: Int!) {
    products(first: $first, query: $query, sortKey: TITLE) {
      nodes {
        id
        title
        variants(first: 20) {
          nodes {
            id
            title
            inventoryQuantity
            inventoryItem {
              tracked
            }
          }
        }
      }
    }
  }
`;

export async function fetchSellingPlanGroup(admin: AdminClient, id: string) {
  const data = await admin.request(SELLING_PLAN_GROUP_DETAIL_QUERY, { id });
  return data.sellingPlanGroup ?? null;
}

export type SellingPlanGroupDetail = NonNullable<Awaited<ReturnType<typeof fetchSellingPlanGroup>>>;

/** Every selling plan group this app owns in the shop, following pagination. */
export async function listAppSellingPlanGroupIds(admin: AdminClient, appId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: AdminOperationData<typeof SELLING_PLAN_GROUP_IDS_QUERY> = await admin.request(
      SELLING_PLAN_GROUP_IDS_QUERY,
      { first: 50, after },
    );
    for (const node of data.sellingPlanGroups.nodes) if (node.appId === appId) ids.push(node.id);
    if (!data.sellingPlanGroups.pageInfo.hasNextPage) return ids;
    after = data.sellingPlanGroups.pageInfo.endCursor ?? null;
  }
}

export async function searchProducts(admin: AdminClient, query: string) {
  // 10 products x 20 variants keeps the requested cost (~432) far below Shopify's 1,000-point ceiling.
  const data = await admin.request(PRODUCT_SEARCH_QUERY, { query: query.trim() || null, first: 10 });
  return data.products.nodes;
}

/**
 * The selling plan groups the chosen products and variants are already on (a product's include those of its
 * variants), with the category of one plan each. About 43 points per node: ten nodes a request.
 */
export const PRODUCT_SELLING_PLAN_GROUPS_QUERY = `#graphql
  query ProductSellingPlanGroups($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        sellingPlanGroups(first: 10) {
          nodes {
            ...OtherSellingPlanGroup
          }
        }
      }
      ... on ProductVariant {
        id
        displayName
        sellingPlanGroups(first: 10) {
          nodes {
            ...OtherSellingPlanGroup
          }
        }
      }
    }
  }

  fragment OtherSellingPlanGroup on SellingPlanGroup {
    id
    name
    appId
    sellingPlans(first: 1) {
      nodes {
        category
      }
    }
  }
`;

export interface ResourceSellingPlanGroups {
  id: string;
  /** The product's title, or the variant's display name ("Lamp - Amber"). */
  title: string;
  groups: Array<{ id: string; name: string; appId: string | null; category: string | null }>;
}

/** The selling plan groups each of `ids` (products and variants) is on; deleted ids are left out. */
export async function fetchSellingPlanGroupsOf(
  admin: AdminClient,
  ids: readonly string[],
): Promise<ResourceSellingPlanGroups[]> {
  const found: ResourceSellingPlanGroups[] = [];
  for (let start = 0; start < ids.length; start += 10) {
    const data = await admin.request(PRODUCT_SELLING_PLAN_GROUPS_QUERY, { ids: ids.slice(start, start + 10) });
    for (const node of data.nodes) {
      if (!node || (node.__typename !== "Product" && node.__typename !== "ProductVariant")) continue;
      found.push({
        id: node.id,
        title: node.__typename === "Product" ? node.title : node.displayName,
        groups: node.sellingPlanGroups.nodes.map((group) => ({
          id: group.id,
          name: group.name,
          appId: group.appId ?? null,
          category: group.sellingPlans.nodes[0]?.category ?? null,
        })),
      });
    }
  }
  return found;
}
