// Contract: the app's own GraphQL documents, sent through the app's gateway to the local Shopify, come back
// with every selected field present and typed as the real 2026-10 schema says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "~/shopify/schema/load.server";
import { defaultOfferInput } from "~/domain/offer";
import { sellingPlanGroupCreateInput } from "~/domain/selling-plan-input";
import { parseOffer } from "~/domain/offer";
import * as sellingPlanGroups from "~/shopify/operations/selling-plan-groups";
import * as deferredOrders from "~/shopify/operations/deferred-orders";
import * as inventory from "~/shopify/operations/inventory";
import * as metafields from "~/shopify/operations/metafields";
import { CHARGE_ORDER_QUERY } from "~/shopify/operations/charges";
import { SELECTION_CATALOG_QUERY } from "~/shopify/operations/catalog";
import { SHOP_IDENTITY_QUERY } from "~/shopify/operations/shop";
import { conformanceErrors } from "../../simulator/tests/conformance";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";

const schema = loadAdminSchema();

describe("the app's Admin API documents against the local Shopify", () => {
  let shopify: SimulatedShop;
  const exercised = new Set<string>();

  /** Sends a document through the gateway and checks the answer against the schema. */
  async function conform(document: string, variables: Record<string, unknown> = {}) {
    const data = (await shopify.admin.request(document as typeof SHOP_IDENTITY_QUERY, variables as never)) as unknown;
    expect(conformanceErrors(schema, document, data)).toEqual([]);
    exercised.add(document);
    return data as Record<string, never>;
  }

  beforeAll(async () => {
    shopify = await startSimulatedShop({ currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  });
  afterAll(async () => shopify?.stop());

  it("covers the shop, selling plan group, inventory, metafield and deferred order operations", async () => {
    await conform(SHOP_IDENTITY_QUERY);

    const product = await shopify.control.createProduct(shopify.shop, {
      title: "Trail boots",
      variants: [{ title: "42", price: "180.00", inventoryQuantity: 3 }],
    });
    const parsed = parseOffer(
      (() => {
        const input = defaultOfferInput("PRE_ORDER", "EUR");
        if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
        input.plans[0] = {
          ...input.plans[0],
          deposit: { type: "PERCENTAGE", percentage: 20 },
          balance: { trigger: "EXACT_DATE", chargeAt: "2027-01-15T09:00:00Z" },
        };
        return input;
      })(),
      { now: new Date("2026-11-24T00:00:00Z") },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));

    const created = await conform(sellingPlanGroups.SELLING_PLAN_GROUP_CREATE_MUTATION, {
      input: sellingPlanGroupCreateInput(parsed.offer),
    });
    const groupId = (created.sellingPlanGroupCreate as { sellingPlanGroup: { id: string } }).sellingPlanGroup.id;
    const variantStock = await conform(inventory.VARIANTS_STOCK_QUERY, { ids: [product.variants[0].id] });
    const [stocked] = variantStock.nodes as unknown as Array<{ id: string; inventoryQuantity: number }>;
    expect(stocked).toMatchObject({ id: product.variants[0].id, inventoryQuantity: 3 });
    await conform(inventory.PRODUCT_VARIANT_STOCK_QUERY, { id: product.id, after: null });
    const item = await conform(inventory.INVENTORY_ITEM_VARIANT_QUERY, { id: product.variants[0].inventoryItemId });
    expect(item.inventoryItem).toMatchObject({ variant: { id: product.variants[0].id, product: { id: product.id } } });

    const offersMetafield = { namespace: "$app:purchase_options", key: "offers" };
    await conform(metafields.METAFIELDS_SET_MUTATION, {
      metafields: [{ ownerId: product.id, ...offersMetafield, type: "json", value: "[]" }],
    });
    const values = await conform(metafields.PRODUCT_METAFIELD_VALUES_QUERY, { ids: [product.id], ...offersMetafield });
    expect(values.nodes).toMatchObject([{ id: product.id, metafield: { value: "[]" } }]);
    await conform(metafields.METAFIELDS_DELETE_MUTATION, { metafields: [{ ownerId: product.id, ...offersMetafield }] });
    await conform(metafields.APP_INSTALLATION_METAFIELD_QUERY, {
      namespace: "purchase_options",
      key: "presale_remaining",
    });

    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_ADD_PRODUCTS_MUTATION, {
      id: groupId,
      productIds: [product.id],
    });
    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_ADD_VARIANTS_MUTATION, {
      id: groupId,
      productVariantIds: [product.variants[0].id],
    });
    const detail = await conform(sellingPlanGroups.SELLING_PLAN_GROUP_DETAIL_QUERY, { id: groupId });
    const planId = (detail.sellingPlanGroup as { sellingPlans: { nodes: { id: string }[] } }).sellingPlans.nodes[0].id;
    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_IDS_QUERY, { first: 10 });
    await conform(SELECTION_CATALOG_QUERY, { ids: [product.id, product.variants[0].id] });
    await conform(sellingPlanGroups.PRODUCT_SEARCH_QUERY, { query: "Trail", first: 5 });
    await conform(sellingPlanGroups.PRODUCT_SELLING_PLAN_GROUPS_QUERY, { ids: [product.id, product.variants[0].id] });
    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_UPDATE_MUTATION, {
      id: groupId,
      input: { name: "Winter pre-order" },
    });
    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_REMOVE_VARIANTS_MUTATION, {
      id: groupId,
      productVariantIds: [product.variants[0].id],
    });

    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId: product.variants[0].id, quantity: 1, sellingPlanId: planId }],
      customer: { email: "buyer@example.com" },
    });
    const read = await conform(deferredOrders.DEFERRED_ORDER_QUERY, { id: order.id });
    const terms = (read.order as { paymentTerms: { id: string; paymentSchedules: { nodes: { id: string }[] } } })
      .paymentTerms;
    const scheduleId = terms.paymentSchedules.nodes[0].id;
    const mandateId = order.mandateIds[0];
    const listed = await conform(deferredOrders.BACKFILL_ORDERS_QUERY, {
      first: 10,
      after: null,
      query: deferredOrders.BACKFILL_ORDERS_SEARCH,
    });
    expect((listed.orders as { nodes: { id: string }[] }).nodes.map((node) => node.id)).toContain(order.id);

    await conform(deferredOrders.PAYMENT_TERMS_UPDATE_MUTATION, {
      input: {
        paymentTermsId: terms.id,
        paymentTermsAttributes: { paymentSchedules: [{ dueAt: "2027-01-20T09:00:00Z" }] },
      },
    });
    const reminder = await conform(deferredOrders.PAYMENT_REMINDER_SEND_MUTATION, { paymentScheduleId: scheduleId });
    expect(reminder.paymentReminderSend).toMatchObject({ success: true, userErrors: [] });
    const other = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId: product.variants[0].id, quantity: 1, sellingPlanId: planId }],
    });
    const marked = await conform(deferredOrders.ORDER_MARK_AS_PAID_MUTATION, { input: { id: other.id } });
    expect(marked.orderMarkAsPaid).toMatchObject({ userErrors: [], order: { id: other.id } });
    // What a balance charge reads before it decides.
    const chargeRead = await conform(CHARGE_ORDER_QUERY, { id: order.id });
    expect((chargeRead.shop as { plan: { shopifyPlus: boolean } }).plan.shopifyPlus).toBe(true);
    const payment = await conform(deferredOrders.ORDER_CREATE_MANDATE_PAYMENT_MUTATION, {
      id: order.id,
      mandateId,
      idempotencyKey: "contract-test-1",
      paymentScheduleId: scheduleId,
      autoCapture: true,
    });
    const reference = (payment.orderCreateMandatePayment as { paymentReferenceId: string }).paymentReferenceId;
    expect(reference).toBeTruthy();
    await conform(deferredOrders.ORDER_PAYMENT_STATUS_QUERY, { orderId: order.id, paymentReferenceId: reference });

    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_REMOVE_PRODUCTS_MUTATION, {
      id: groupId,
      productIds: [product.id],
    });
    await conform(sellingPlanGroups.SELLING_PLAN_GROUP_DELETE_MUTATION, { id: groupId });
  });

  it("exercised every document the app defines", () => {
    // Every operations module of the gateway, found on disk, so a new module cannot slip past this test.
    const modules = import.meta.glob<Record<string, unknown>>("../../app/shopify/operations/*.ts", { eager: true });
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(6);
    const defined = Object.values(modules).flatMap((module) =>
      Object.values(module).filter((value): value is string => typeof value === "string" && value.includes("#graphql")),
    );
    expect(defined.filter((document) => !exercised.has(document))).toEqual([]);
  });
});
