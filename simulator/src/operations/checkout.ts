// Places an order the way Shopify's checkout does: plan pricing, deposit, payment terms, mandate, fulfilment orders, webhooks.
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type {
  CustomerRecord,
  FulfillmentOrderRecord,
  LineItemRecord,
  MandateRecord,
  OrderRecord,
  PaymentScheduleRecord,
  PaymentTermsRecord,
  SellingPlanRecord,
  TransactionRecord,
} from "../state/types.js";
import { numericIdOf } from "../state/ids.js";
import { quoteCheckout, type CartLine } from "../domain/checkout.js";
import { groupsForVariant } from "./sellingPlans.js";
import { adjustInventory } from "./catalog.js";
import { orderPayload, paymentTermsPayload, transactionPayload } from "../webhooks/payloads.js";
import { orderTotals } from "../domain/orderTotals.js";
import { MoneyError, isKnownCurrency, parseRate } from "../domain/money.js";

export interface CheckoutLineInput {
  /** gid://shopify/ProductVariant/<id> or the numeric id. */
  variantId: string | number;
  quantity?: number;
  sellingPlanId?: string | number | null;
}

export interface CheckoutInput {
  lines: CheckoutLineInput[];
  customer?: { email: string; firstName?: string; lastName?: string };
  card?: { brand?: string; lastDigits?: string; expiryMonth?: number; expiryYear?: number; name?: string };
  test?: boolean;
  /**
   * The customer paid in another currency: its code and the rate (presentment units per one shop unit, a decimal
   * string). Order-level money then shows `presentmentMoney` converted (half up to the currency's minor unit).
   */
  presentment?: { currencyCode: string; rate: string };
}

export class CheckoutError extends Error {}

function idOf(value: string | number, type: string): number | null {
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  return numericIdOf(value, type);
}

function findOrCreateCustomer(sim: Simulator, s: ShopState, c: CheckoutInput["customer"]): CustomerRecord {
  const email = c?.email ?? `buyer${s.customers.size + 1}@example.com`;
  for (const existing of s.customers.values()) if (existing.email === email) return existing;
  const record: CustomerRecord = {
    id: sim.store.ids.take(),
    email,
    firstName: c?.firstName ?? null,
    lastName: c?.lastName ?? null,
    createdAt: sim.now(),
  };
  s.customers.set(record.id, record);
  return record;
}

function presentmentOf(s: ShopState, p: CheckoutInput["presentment"]): OrderRecord["presentment"] {
  if (p === undefined || p === null) return null;
  if (typeof p !== "object" || typeof p.currencyCode !== "string" || !isKnownCurrency(p.currencyCode))
    throw new CheckoutError("presentment.currencyCode must be an ISO 4217 currency code");
  try {
    parseRate(p.rate);
  } catch (e) {
    throw new CheckoutError(`presentment.rate: ${e instanceof MoneyError ? e.message : String(e)}`);
  }
  if (p.currencyCode === s.shop.currencyCode) {
    if (parseRate(p.rate).units !== parseRate(p.rate).scale)
      throw new CheckoutError("presentment in the shop currency must have rate 1");
    return null;
  }
  return { currencyCode: p.currencyCode, rate: p.rate.trim() };
}

export function placeOrder(sim: Simulator, s: ShopState, input: CheckoutInput): OrderRecord {
  if (!input.lines?.length) throw new CheckoutError("A checkout needs at least one line");
  const presentment = presentmentOf(s, input.presentment);
  const now = sim.now();
  const cart: CartLine[] = [];
  const resolved = input.lines.map((line, i) => {
    const variantId = idOf(line.variantId, "ProductVariant");
    const variant = variantId === null ? undefined : s.variants.get(variantId);
    if (!variant) throw new CheckoutError(`lines[${i}]: no variant ${line.variantId} in ${s.domain}`);
    const product = s.products.get(variant.productId)!;
    const quantity = line.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new CheckoutError(`lines[${i}]: quantity must be a positive integer`);
    let plan: SellingPlanRecord | null = null;
    if (line.sellingPlanId !== undefined && line.sellingPlanId !== null) {
      const planId = idOf(line.sellingPlanId, "SellingPlan");
      plan = planId === null ? null : (s.plans.get(planId) ?? null);
      if (!plan) throw new CheckoutError(`lines[${i}]: no selling plan ${line.sellingPlanId}`);
      if (!groupsForVariant(s, variant.id).some((g) => g.id === plan!.groupId)) {
        throw new CheckoutError(`lines[${i}]: selling plan ${plan.id} is not available for variant ${variant.id}`);
      }
    } else if (product.requiresSellingPlan) {
      throw new CheckoutError(`lines[${i}]: ${product.title} can only be bought with a selling plan`);
    }
    if (variant.inventoryPolicy === "DENY" && variant.inventoryQuantity < quantity) {
      throw new CheckoutError(`lines[${i}]: only ${variant.inventoryQuantity} of ${product.title} available`);
    }
    cart.push({ unitPriceMinor: variant.priceMinor, quantity, plan });
    return { variant, product, quantity, plan };
  });

  const quote = quoteCheckout(cart, now);
  const customer = findOrCreateCustomer(sim, s, input.customer);
  const card = input.card ?? {};
  const mandate: MandateRecord = {
    id: sim.store.ids.take(),
    customerId: customer.id,
    brand: card.brand ?? "Visa",
    lastDigits: card.lastDigits ?? "4242",
    expiryMonth: card.expiryMonth ?? 12,
    expiryYear: card.expiryYear ?? now.getUTCFullYear() + 3,
    name: card.name ?? ([customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email),
  };
  s.mandates.set(mandate.id, mandate);

  const number = s.shop.nextOrderNumber++;
  const order: OrderRecord = {
    id: sim.store.ids.take(),
    number,
    name: `#${number}`,
    email: customer.email,
    customerId: customer.id,
    currencyCode: s.shop.currencyCode,
    presentment,
    lineItems: [],
    mandateIds: [mandate.id],
    paymentTermsId: null,
    transactionIds: [],
    fulfillmentOrderIds: [],
    refundIds: [],
    returnIds: [],
    editIds: [],
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    test: input.test ?? false,
    createdAt: now,
    updatedAt: now,
    processedAt: now,
  };
  order.lineItems = resolved.map((r, i): LineItemRecord => ({
    id: sim.store.ids.take(),
    productId: r.product.id,
    variantId: r.variant.id,
    title: r.product.title,
    variantTitle: r.variant.title,
    sku: r.variant.sku,
    quantity: r.quantity,
    originalUnitMinor: quote.lines[i]!.originalUnitMinor,
    discountedUnitMinor: quote.lines[i]!.discountedUnitMinor,
    sellingPlan: r.plan ? { id: r.plan.id, name: r.plan.name } : null,
    fulfilledQuantity: 0,
    refundedQuantity: 0,
    removedQuantity: 0,
    addedQuantity: 0,
    inventoryTaken: quote.lines[i]!.takeInventoryAtSale,
  }));
  s.orders.set(order.id, order);

  // Fulfilment orders: one per (status, fulfillAt) among the lines.
  const foByKey = new Map<string, FulfillmentOrderRecord>();
  order.lineItems.forEach((li, i) => {
    const q = quote.lines[i]!;
    const key = `${q.fulfillmentStatus}|${q.fulfillAt?.getTime() ?? ""}`;
    let fo = foByKey.get(key);
    if (!fo) {
      fo = {
        id: sim.store.ids.take(),
        orderId: order.id,
        status: q.fulfillmentStatus,
        fulfillAt: q.fulfillAt,
        lineItems: [],
        createdAt: now,
        updatedAt: now,
      };
      foByKey.set(key, fo);
      s.fulfillmentOrders.set(fo.id, fo);
      order.fulfillmentOrderIds.push(fo.id);
    }
    fo.lineItems.push({
      id: sim.store.ids.take(),
      lineItemId: li.id,
      totalQuantity: li.quantity,
      remainingQuantity: li.quantity,
    });
  });

  let deposit: TransactionRecord | null = null;
  if (quote.depositMinor > 0n) {
    deposit = {
      id: sim.store.ids.take(),
      orderId: order.id,
      kind: "SALE",
      status: "SUCCESS",
      gateway: "shopify_payments",
      amountMinor: quote.depositMinor,
      errorCode: null,
      parentId: null,
      paymentId: `${order.name}.1`,
      mandateId: mandate.id,
      paymentReferenceId: null,
      test: order.test,
      createdAt: now,
      processedAt: now,
    };
    s.transactions.set(deposit.id, deposit);
    order.transactionIds.push(deposit.id);
  }

  let terms: PaymentTermsRecord | null = null;
  if (quote.terms && quote.remainingMinor > 0n) {
    terms = {
      id: sim.store.ids.take(),
      orderId: order.id,
      paymentTermsType: quote.terms.paymentTermsType,
      paymentTermsName: quote.terms.paymentTermsName,
      dueInDays: quote.terms.dueInDays,
      scheduleIds: [],
      createdAt: now,
      updatedAt: now,
    };
    const schedule: PaymentScheduleRecord = {
      id: sim.store.ids.take(),
      paymentTermsId: terms.id,
      dueAt: quote.terms.dueAt,
      issuedAt: now,
      completedAt: null,
      amountMinor: quote.remainingMinor,
      balanceDueMinor: quote.remainingMinor,
      totalBalanceMinor: quote.remainingMinor,
      dueNotifiedFor: null,
      createdAt: now,
      updatedAt: now,
    };
    terms.scheduleIds.push(schedule.id);
    s.terms.set(terms.id, terms);
    s.schedules.set(schedule.id, schedule);
    order.paymentTermsId = terms.id;
  }

  for (const li of order.lineItems)
    if (li.inventoryTaken) adjustInventory(sim, s, li.variantId, { delta: -li.quantity });

  sim.emit(s, "orders/create", orderPayload(s, order));
  if (deposit) sim.emit(s, "order_transactions/create", transactionPayload(s, deposit, order));
  if (terms) sim.emit(s, "payment_terms/create", paymentTermsPayload(s, terms, order.currencyCode));
  const totals = orderTotals(
    order,
    order.transactionIds.map((id) => s.transactions.get(id)!),
  );
  if (totals.outstandingMinor === 0n) sim.emit(s, "orders/paid", orderPayload(s, order));
  return order;
}
