// JSON views of simulator records for the control API: gids, decimal strings, ISO dates (no bigint, no Date objects).
import type { ShopState } from "../state/store.js";
import type { OrderRecord, PaymentAttemptRecord, ProductRecord } from "../state/types.js";
import { gid } from "../state/ids.js";
import { formatMinor } from "../domain/money.js";
import {
  currentQuantity,
  displayFinancialStatus,
  displayFulfillmentStatus,
  orderTotals,
} from "../domain/orderTotals.js";
import { schedulesOf, transactionsOf } from "../operations/orders.js";
import { chargedMinor, chargedOrHeld } from "../operations/payments.js";

export function shopJson(s: ShopState) {
  const sh = s.shop;
  return {
    id: gid("Shop", sh.id),
    domain: sh.domain,
    name: sh.name,
    email: sh.email,
    currencyCode: sh.currencyCode,
    ianaTimezone: sh.ianaTimezone,
    plan: sh.plan,
    restoreRate: sh.restoreRate,
    installed: sh.installed,
    scopes: sh.scopes,
    counts: {
      products: s.products.size,
      sellingPlanGroups: s.groups.size,
      orders: s.orders.size,
      paymentAttempts: s.attempts.size,
    },
  };
}

export function productJson(s: ShopState, p: ProductRecord) {
  return {
    id: gid("Product", p.id),
    title: p.title,
    handle: p.handle,
    status: p.status,
    requiresSellingPlan: p.requiresSellingPlan,
    variants: p.variantIds.map((id) => {
      const v = s.variants.get(id)!;
      return {
        id: gid("ProductVariant", v.id),
        title: v.title,
        sku: v.sku,
        price: formatMinor(v.priceMinor, s.shop.currencyCode),
        inventoryQuantity: v.inventoryQuantity,
        inventoryPolicy: v.inventoryPolicy,
        inventoryItemId: gid("InventoryItem", v.inventoryItemId),
      };
    }),
  };
}

export function orderJson(s: ShopState, o: OrderRecord) {
  const c = o.currencyCode;
  const txns = transactionsOf(s, o);
  const t = orderTotals(o, txns);
  const terms = o.paymentTermsId ? s.terms.get(o.paymentTermsId) : undefined;
  return {
    id: gid("Order", o.id),
    name: o.name,
    currencyCode: c,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    closed: o.closedAt !== null,
    closedAt: o.closedAt?.toISOString() ?? null,
    presentmentCurrencyCode: o.presentment?.currencyCode ?? c,
    customerId: o.customerId ? gid("Customer", o.customerId) : null,
    email: o.email,
    displayFinancialStatus: displayFinancialStatus(o, t),
    displayFulfillmentStatus: displayFulfillmentStatus(
      o,
      o.fulfillmentOrderIds.map((id) => s.fulfillmentOrders.get(id)!),
    ),
    totalPrice: formatMinor(t.totalMinor, c),
    currentTotalPrice: formatMinor(t.currentTotalMinor, c),
    totalReceived: formatMinor(t.receivedMinor, c),
    totalRefunded: formatMinor(t.refundedMinor, c),
    totalOutstanding: formatMinor(t.outstandingMinor, c),
    netPayment: formatMinor(t.receivedMinor - t.refundedMinor, c),
    totalCapturable: formatMinor(t.capturableMinor, c),
    mandateIds: o.mandateIds.map((id) => gid("PaymentMandate", id)),
    lineItems: o.lineItems.map((li) => ({
      id: gid("LineItem", li.id),
      variantId: gid("ProductVariant", li.variantId),
      title: li.title,
      quantity: li.quantity,
      currentQuantity: currentQuantity(o, li),
      fulfilledQuantity: li.fulfilledQuantity,
      originalUnitPrice: formatMinor(li.originalUnitMinor, c),
      discountedUnitPrice: formatMinor(li.discountedUnitMinor, c),
      sellingPlan: li.sellingPlan ? { id: gid("SellingPlan", li.sellingPlan.id), name: li.sellingPlan.name } : null,
    })),
    paymentTerms: terms
      ? {
          id: gid("PaymentTerms", terms.id),
          paymentTermsType: terms.paymentTermsType,
          paymentTermsName: terms.paymentTermsName,
          dueInDays: terms.dueInDays,
          paymentSchedules: schedulesOf(s, o).map((sc) => ({
            id: gid("PaymentSchedule", sc.id),
            dueAt: sc.dueAt?.toISOString() ?? null,
            issuedAt: sc.issuedAt?.toISOString() ?? null,
            completedAt: sc.completedAt?.toISOString() ?? null,
            amount: formatMinor(sc.amountMinor, c),
            balanceDue: formatMinor(sc.balanceDueMinor, c),
            totalBalance: formatMinor(sc.totalBalanceMinor, c),
          })),
        }
      : null,
    transactions: txns.map((x) => ({
      id: gid("OrderTransaction", x.id),
      kind: x.kind,
      status: x.status,
      amount: formatMinor(x.amountMinor, c),
      gateway: x.gateway,
      manual: x.gateway === "manual",
      parentId: x.parentId !== null ? gid("OrderTransaction", x.parentId) : null,
      errorCode: x.errorCode,
      paymentReferenceId: x.paymentReferenceId,
      createdAt: x.createdAt.toISOString(),
    })),
    returns: o.returnIds.map((id) => {
      const r = s.returns.get(id)!;
      return { id: gid("Return", r.id), name: r.name, status: r.status, closedAt: r.closedAt?.toISOString() ?? null };
    }),
    fulfillmentOrders: o.fulfillmentOrderIds.map((id) => {
      const f = s.fulfillmentOrders.get(id)!;
      return {
        id: gid("FulfillmentOrder", f.id),
        status: f.status,
        fulfillAt: f.fulfillAt?.toISOString() ?? null,
        lineItemIds: f.lineItems.map((l) => gid("LineItem", l.lineItemId)),
      };
    }),
  };
}

export function attemptJson(s: ShopState, a: PaymentAttemptRecord) {
  return {
    paymentReferenceId: a.paymentReferenceId,
    idempotencyKey: a.idempotencyKey,
    orderId: gid("Order", a.orderId),
    paymentScheduleId: a.paymentScheduleId ? gid("PaymentSchedule", a.paymentScheduleId) : null,
    mandateId: gid("PaymentMandate", a.mandateId),
    amount: formatMinor(a.amountMinor, a.currencyCode),
    currencyCode: a.currencyCode,
    autoCapture: a.autoCapture,
    status: a.status,
    outcome: a.plan.terminal,
    errorMessage: a.plan.errorMessage,
    fault: a.fault,
    charged: chargedOrHeld(s, a),
    chargedAmount: formatMinor(chargedMinor(s, a), a.currencyCode),
    transactions: a.transactionIds.map((id) => {
      const x = s.transactions.get(id)!;
      return {
        id: gid("OrderTransaction", x.id),
        kind: x.kind,
        status: x.status,
        amount: formatMinor(x.amountMinor, a.currencyCode),
      };
    }),
    replays: a.replays,
    createdAt: a.createdAt.toISOString(),
    settledAt: a.settledAt?.toISOString() ?? null,
    jobId: gid("Job", a.jobId),
  };
}
