// Contract: the selling-plan and payment operations the app uses, run against the simulator; responses conform to the schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSchema } from "../src/graphql/schema.js";
import { conformanceErrors } from "./conformance.js";
import { shopWithProduct, startHarness, type Harness } from "./helpers.js";

const SHOP = "contract-shop.myshopify.com";
const schema = loadSchema();
let h: Harness;
let token: string;
let productId: string;
let variantId: string;

async function run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await h.client.graphql<T>(token, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(conformanceErrors(schema, query, r.data)).toEqual([]);
  return r.data!;
}

const PLAN_FIELDS = /* GraphQL */ `
  fragment PlanFields on SellingPlan {
    id
    name
    description
    options
    position
    category
    createdAt
    billingPolicy {
      __typename
      ... on SellingPlanFixedBillingPolicy {
        checkoutCharge {
          type
          value {
            __typename
            ... on SellingPlanCheckoutChargePercentageValue {
              percentage
            }
            ... on MoneyV2 {
              amount
              currencyCode
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
        cutoff
        intent
        preAnchorBehavior
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
          ... on SellingPlanPricingPolicyPercentageValue {
            percentage
          }
          ... on MoneyV2 {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;
const GROUP_FIELDS = /* GraphQL */ `
  fragment GroupFields on SellingPlanGroup {
    id
    appId
    merchantCode
    name
    options
    description
    summary
    position
    productsCount {
      count
      precision
    }
    productVariantsCount {
      count
    }
    products(first: 5) {
      nodes {
        id
        title
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    productVariants(first: 5) {
      nodes {
        id
      }
    }
    sellingPlans(first: 5) {
      nodes {
        ...PlanFields
      }
    }
  }
  ${PLAN_FIELDS}
`;

beforeAll(async () => {
  h = await startHarness();
  ({ token, productId, variantId } = await shopWithProduct(h.client, SHOP, { price: "80.00" }));
});
afterAll(() => h.close());

describe("selling plan operations", () => {
  let groupId = "";
  let planIds: string[] = [];

  it("sellingPlanGroupCreate", async () => {
    const d = await run<{
      sellingPlanGroupCreate: {
        sellingPlanGroup: { id: string; sellingPlans: { nodes: { id: string }[] } };
        userErrors: unknown[];
      };
    }>(
      `mutation Create($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
        sellingPlanGroupCreate(input: $input, resources: $resources) { sellingPlanGroup { ...GroupFields } userErrors { field message code } }
      } ${GROUP_FIELDS}`,
      {
        input: {
          name: "Pre-order & trial",
          merchantCode: "deferred",
          options: ["Purchase option"],
          appId: "deferred-purchase-options",
          sellingPlansToCreate: [
            {
              name: "Pre-order",
              options: ["Pre-order"],
              category: "PRE_ORDER",
              billingPolicy: {
                fixed: {
                  checkoutCharge: { type: "PERCENTAGE", value: { percentage: 20 } },
                  remainingBalanceChargeTrigger: "EXACT_TIME",
                  remainingBalanceChargeExactTime: "2027-03-01T00:00:00Z",
                },
              },
              deliveryPolicy: {
                fixed: { fulfillmentTrigger: "EXACT_TIME", fulfillmentExactTime: "2027-02-15T00:00:00Z" },
              },
              inventoryPolicy: { reserve: "ON_FULFILLMENT" },
              pricingPolicies: [{ fixed: { adjustmentType: "FIXED_AMOUNT", adjustmentValue: { fixedValue: "5.00" } } }],
            },
            {
              name: "Try before you buy",
              options: ["Trial"],
              category: "TRY_BEFORE_YOU_BUY",
              billingPolicy: {
                fixed: {
                  checkoutCharge: { type: "PRICE", value: { fixedValue: "0.00" } },
                  remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
                  remainingBalanceChargeTimeAfterCheckout: "P7D",
                },
              },
              deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP" } },
            },
          ],
        },
        resources: { productIds: [productId] },
      },
    );
    expect(d.sellingPlanGroupCreate.userErrors).toEqual([]);
    groupId = d.sellingPlanGroupCreate.sellingPlanGroup.id;
    planIds = d.sellingPlanGroupCreate.sellingPlanGroup.sellingPlans.nodes.map((n) => n.id);
  });

  it("sellingPlanGroupUpdate with plans to create, update and delete", async () => {
    const d = await run<{
      sellingPlanGroupUpdate: {
        deletedSellingPlanIds: string[];
        sellingPlanGroup: { sellingPlans: { nodes: { name: string }[] } };
      };
    }>(
      `mutation Update($id: ID!, $input: SellingPlanGroupInput!) {
        sellingPlanGroupUpdate(id: $id, input: $input) { deletedSellingPlanIds sellingPlanGroup { ...GroupFields } userErrors { field message code } }
      } ${GROUP_FIELDS}`,
      {
        id: groupId,
        input: {
          name: "Pre-order",
          sellingPlansToUpdate: [
            {
              id: planIds[0],
              billingPolicy: { fixed: { checkoutCharge: { type: "PERCENTAGE", value: { percentage: 30 } } } },
            },
          ],
          sellingPlansToDelete: [planIds[1]],
          sellingPlansToCreate: [
            {
              name: "Pay on shipping",
              options: ["On shipping"],
              category: "PRE_ORDER",
              billingPolicy: {
                fixed: {
                  checkoutCharge: { type: "PERCENTAGE", value: { percentage: 0 } },
                  remainingBalanceChargeTrigger: "ON_FULFILLMENT",
                },
              },
              deliveryPolicy: { fixed: { fulfillmentTrigger: "UNKNOWN" } },
            },
          ],
        },
      },
    );
    expect(d.sellingPlanGroupUpdate.deletedSellingPlanIds).toEqual([planIds[1]]);
    expect(d.sellingPlanGroupUpdate.sellingPlanGroup.sellingPlans.nodes.map((n) => n.name)).toEqual([
      "Pre-order",
      "Pay on shipping",
    ]);
  });

  it("add/remove products and variants, list, read by id, and product/variant views", async () => {
    await run(
      `mutation($id: ID!, $ids: [ID!]!) { sellingPlanGroupAddProductVariants(id: $id, productVariantIds: $ids) { sellingPlanGroup { id } userErrors { field message code } } }`,
      { id: groupId, ids: [variantId] },
    );
    await run(
      `mutation($id: ID!, $ids: [ID!]!) { sellingPlanGroupRemoveProductVariants(id: $id, productVariantIds: $ids) { removedProductVariantIds userErrors { field message code } } }`,
      { id: groupId, ids: [variantId] },
    );
    await run(
      `mutation($id: ID!, $ids: [ID!]!) { sellingPlanGroupRemoveProducts(id: $id, productIds: $ids) { removedProductIds userErrors { field message code } } }`,
      { id: groupId, ids: [productId] },
    );
    await run(
      `mutation($id: ID!, $ids: [ID!]!) { sellingPlanGroupAddProducts(id: $id, productIds: $ids) { sellingPlanGroup { id } userErrors { field message code } } }`,
      { id: groupId, ids: [productId] },
    );
    const list = await run<{ sellingPlanGroups: { nodes: { id: string }[] } }>(
      `query($after: String) { sellingPlanGroups(first: 3, after: $after, query: "name:Pre*", reverse: true) { nodes { ...GroupFields } pageInfo { hasNextPage endCursor } } } ${GROUP_FIELDS}`,
    );
    expect(list.sellingPlanGroups.nodes.map((n) => n.id)).toEqual([groupId]);
    await run(`query($id: ID!) { sellingPlanGroup(id: $id) { ...GroupFields } } ${GROUP_FIELDS}`, { id: groupId });
    const p = await run<{ product: { sellingPlanGroupsCount: { count: number } } }>(
      `query($id: ID!) { product(id: $id) { id title requiresSellingPlan sellingPlanGroupsCount { count } sellingPlanGroups(first: 5) { nodes { id name } }
        variants(first: 10) { nodes { id title price inventoryQuantity inventoryPolicy sellingPlanGroupsCount { count } } } } }`,
      { id: productId },
    );
    expect(p.product.sellingPlanGroupsCount.count).toBe(1);
    await run(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on ProductVariant { price product { id } } } }`,
      { ids: [variantId] },
    );
    await run(
      `{ productVariants(first: 5, query: "title:Default*") { nodes { id } } products(first: 5) { edges { cursor node { id } } } }`,
    );
  });

  it("sellingPlanGroupDelete", async () => {
    const other = await run<{ sellingPlanGroupCreate: { sellingPlanGroup: { id: string } } }>(
      `mutation($input: SellingPlanGroupInput!) { sellingPlanGroupCreate(input: $input) { sellingPlanGroup { id } userErrors { field message code } } }`,
      {
        input: {
          name: "Tmp",
          merchantCode: "tmp",
          options: ["x"],
          sellingPlansToCreate: [
            {
              name: "x",
              options: ["x"],
              billingPolicy: {
                fixed: {
                  checkoutCharge: { type: "PERCENTAGE", value: { percentage: 100 } },
                  remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE",
                },
              },
              deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP" } },
            },
          ],
        },
      },
    );
    const d = await run<{ sellingPlanGroupDelete: { deletedSellingPlanGroupId: string } }>(
      `mutation($id: ID!) { sellingPlanGroupDelete(id: $id) { deletedSellingPlanGroupId userErrors { field message code } } }`,
      { id: other.sellingPlanGroupCreate.sellingPlanGroup.id },
    );
    expect(d.sellingPlanGroupDelete.deletedSellingPlanGroupId).toBe(other.sellingPlanGroupCreate.sellingPlanGroup.id);
  });
});

describe("order and payment operations", () => {
  const ORDER_FIELDS = /* GraphQL */ `
    fragment OrderFields on Order {
      id
      name
      createdAt
      updatedAt
      cancelledAt
      closed
      currencyCode
      presentmentCurrencyCode
      displayFinancialStatus
      displayFulfillmentStatus
      customer {
        id
        email
        displayName
      }
      totalPriceSet {
        shopMoney {
          amount
          currencyCode
        }
        presentmentMoney {
          amount
          currencyCode
        }
      }
      currentTotalPriceSet {
        shopMoney {
          amount
          currencyCode
        }
      }
      totalOutstandingSet {
        shopMoney {
          amount
          currencyCode
        }
      }
      paymentCollectionDetails {
        vaultedPaymentMethods {
          id
          paymentInstrument {
            __typename
            ... on VaultCreditCard {
              brand
              lastDigits
              expired
            }
          }
        }
      }
      paymentTerms {
        id
        paymentTermsType
        paymentTermsName
        dueInDays
        due
        overdue
        paymentSchedules(first: 5) {
          nodes {
            id
            dueAt
            issuedAt
            completedAt
            due
            balanceDue {
              amount
              currencyCode
            }
            totalBalance {
              amount
              currencyCode
            }
          }
        }
      }
      lineItems(first: 5) {
        nodes {
          id
          title
          quantity
          currentQuantity
          sellingPlan {
            sellingPlanId
            name
          }
          variant {
            id
          }
          originalUnitPriceSet {
            shopMoney {
              amount
            }
          }
          discountedUnitPriceSet {
            shopMoney {
              amount
            }
          }
        }
      }
      transactions(first: 20) {
        id
        kind
        status
        gateway
        errorCode
        processedAt
        amountSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
      fulfillmentOrders(first: 2) {
        nodes {
          id
          status
          fulfillAt
          lineItems(first: 5) {
            nodes {
              id
              totalQuantity
              remainingQuantity
            }
          }
        }
      }
    }
  `;

  it("orders list with filters, order by id, mandate payment, status, job, terms update, reminder, cancel", async () => {
    const groups = await run<{
      sellingPlanGroups: { nodes: { sellingPlans: { nodes: { id: string; name: string }[] } }[] };
    }>(`{ sellingPlanGroups(first: 5) { nodes { sellingPlans(first: 5) { nodes { id name } } } } }`);
    const plan = groups.sellingPlanGroups.nodes[0]!.sellingPlans.nodes.find((p) => p.name === "Pay on shipping")!;
    const order = await h.client.checkout(SHOP, { lines: [{ variantId, sellingPlanId: plan.id }] });
    await h.client.fulfill(SHOP, order.id);

    const list = await run<{ orders: { nodes: { id: string }[] } }>(
      `query($q: String) { orders(first: 5, query: $q, sortKey: UPDATED_AT) { nodes { ...OrderFields } pageInfo { hasNextPage endCursor } } } ${ORDER_FIELDS}`,
      { q: `financial_status:pending updated_at:>2000-01-01T00:00:00Z payment_terms_type:fulfillment` },
    );
    expect(list.orders.nodes.map((n) => n.id)).toContain(order.id);
    const o = await run<{
      order: {
        paymentTerms: { id: string; paymentSchedules: { nodes: { id: string }[] } };
        paymentCollectionDetails: { vaultedPaymentMethods: { id: string }[] };
      };
    }>(`query($id: ID!) { order(id: $id) { ...OrderFields } } ${ORDER_FIELDS}`, { id: order.id });
    const scheduleId = o.order.paymentTerms.paymentSchedules.nodes[0]!.id;
    const mandateId = o.order.paymentCollectionDetails.vaultedPaymentMethods[0]!.id;

    await run(
      `mutation($input: PaymentTermsUpdateInput!) { paymentTermsUpdate(input: $input) { paymentTerms { id paymentTermsType paymentSchedules(first: 1) { nodes { dueAt } } } userErrors { field message code } } }`,
      {
        input: {
          paymentTermsId: o.order.paymentTerms.id,
          paymentTermsAttributes: { paymentSchedules: [{ dueAt: "2030-01-01T00:00:00Z" }] },
        },
      },
    );
    await run(
      `mutation($id: ID!) { paymentReminderSend(paymentScheduleId: $id) { success userErrors { field message code } } }`,
      { id: scheduleId },
    );

    const pay = await run<{ orderCreateMandatePayment: { job: { id: string }; paymentReferenceId: string } }>(
      `mutation($id: ID!, $mandateId: ID!, $key: String!, $scheduleId: ID, $amount: MoneyInput) {
        orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, paymentScheduleId: $scheduleId, amount: $amount, autoCapture: true) {
          job { id done } jobResult { id done status errors { field message } } paymentReferenceId userErrors { field message code }
        }
      }`,
      { id: order.id, mandateId, key: "contract-1", scheduleId, amount: { amount: "80.00", currencyCode: "USD" } },
    );
    const status = `query($orderId: ID!, $ref: String!) { orderPaymentStatus(orderId: $orderId, paymentReferenceId: $ref) {
      paymentReferenceId status errorMessage translatedErrorMessage transactions { id kind status amountSet { shopMoney { amount currencyCode } } } } }`;
    await run(status, { orderId: order.id, ref: pay.orderCreateMandatePayment.paymentReferenceId });
    await run(`query($id: ID!) { job(id: $id) { id done } }`, { id: pay.orderCreateMandatePayment.job.id });
    const settled = await run<{ orderPaymentStatus: { status: string } }>(status, {
      orderId: order.id,
      ref: pay.orderCreateMandatePayment.paymentReferenceId,
    });
    expect(settled.orderPaymentStatus.status).toBe("SUCCESS");

    const second = await h.client.checkout(SHOP, { lines: [{ variantId, sellingPlanId: plan.id }] });
    await run(
      `mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: true, restock: true, notifyCustomer: false) { job { id done } jobResult { done status } orderCancelUserErrors { field message code } } }`,
      { id: second.id },
    );
    const cancelled = await run<{
      order: { cancelledAt: string | null; totalOutstandingSet: { shopMoney: { amount: string } } };
    }>(`query($id: ID!) { order(id: $id) { ...OrderFields } } ${ORDER_FIELDS}`, { id: second.id });
    expect(cancelled.order.cancelledAt).not.toBeNull();
    expect(cancelled.order.totalOutstandingSet.shopMoney.amount).toBe("0.00");
  });
});
