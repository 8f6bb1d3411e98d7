// Order lifecycle after checkout: fulfil, cancel, refund, return, payment terms edits, reminders, due-date notices.
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type {
  OrderRecord,
  PaymentScheduleRecord,
  RefundRecord,
  ReturnRecord,
  TransactionRecord,
} from "../state/types.js";
import { orderTotals } from "../domain/orderTotals.js";
import { parseMoney } from "../domain/money.js";
import { adjustInventory } from "./catalog.js";
import {
  orderPayload,
  paymentSchedulePayload,
  paymentTermsPayload,
  refundPayload,
  returnPayload,
  transactionPayload,
} from "../webhooks/payloads.js";
import type { UserError } from "../domain/sellingPlans.js";

export class OrderOperationError extends Error {}

export function requireOrder(s: ShopState, orderId: number): OrderRecord {
  const o = s.orders.get(orderId);
  if (!o) throw new OrderOperationError(`No order ${orderId} in ${s.domain}`);
  return o;
}

export function transactionsOf(s: ShopState, o: OrderRecord): TransactionRecord[] {
  return o.transactionIds.map((id) => s.transactions.get(id)!);
}

export function schedulesOf(s: ShopState, o: OrderRecord): PaymentScheduleRecord[] {
  const terms = o.paymentTermsId ? s.terms.get(o.paymentTermsId) : undefined;
  return terms ? terms.scheduleIds.map((id) => s.schedules.get(id)!) : [];
}

function touch(sim: Simulator, o: OrderRecord): void {
  o.updatedAt = sim.now();
}

export function fulfillOrder(sim: Simulator, s: ShopState, orderId: number, lineItemIds?: number[]): OrderRecord {
  const o = requireOrder(s, orderId);
  if (o.cancelledAt) throw new OrderOperationError(`${o.name} is cancelled`);
  const now = sim.now();
  let moved = 0;
  for (const foId of o.fulfillmentOrderIds) {
    const fo = s.fulfillmentOrders.get(foId)!;
    if (fo.status === "CLOSED" || fo.status === "CANCELLED") continue;
    for (const line of fo.lineItems) {
      if (line.remainingQuantity === 0 || (lineItemIds && !lineItemIds.includes(line.lineItemId))) continue;
      const li = o.lineItems.find((x) => x.id === line.lineItemId)!;
      li.fulfilledQuantity += line.remainingQuantity;
      moved += line.remainingQuantity;
      line.remainingQuantity = 0;
      if (!li.inventoryTaken) {
        li.inventoryTaken = true;
        adjustInventory(sim, s, li.variantId, { delta: -li.quantity });
      }
    }
    // A merchant fulfilling a scheduled or held order releases it first, as in the Shopify admin.
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = now;
  }
  if (moved === 0) throw new OrderOperationError(`${o.name} has nothing left to fulfil`);
  touch(sim, o);

  // "Due on fulfillment" terms get their due date now; the due scan then sends payment_schedules/due.
  const terms = o.paymentTermsId ? s.terms.get(o.paymentTermsId) : undefined;
  if (terms && terms.paymentTermsType === "FULFILLMENT") {
    for (const sc of schedulesOf(s, o)) {
      if (sc.dueAt === null && sc.completedAt === null) {
        sc.dueAt = now;
        sc.updatedAt = now;
      }
    }
    terms.updatedAt = now;
    sim.emit(s, "payment_terms/update", paymentTermsPayload(s, terms, o.currencyCode));
  }
  const all = o.lineItems.every((li) => li.fulfilledQuantity >= li.quantity);
  sim.emit(s, all ? "orders/fulfilled" : "orders/partially_fulfilled", orderPayload(s, o));
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return o;
}

export interface CancelInput {
  reason: string;
  refund?: boolean;
  restock?: boolean;
  staffNote?: string | null;
}

export function cancelOrder(
  sim: Simulator,
  s: ShopState,
  orderId: number,
  input: CancelInput,
): { order: OrderRecord | null; userErrors: UserError[] } {
  const o = s.orders.get(orderId);
  if (!o)
    return { order: null, userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
  if (o.cancelledAt)
    return {
      order: null,
      userErrors: [{ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" }],
    };
  if (o.lineItems.some((li) => li.fulfilledQuantity > 0)) {
    return {
      order: null,
      userErrors: [{ field: ["orderId"], message: "Cannot cancel an order that has fulfilled items", code: "INVALID" }],
    };
  }
  const now = sim.now();
  const totalsBefore = orderTotals(o, transactionsOf(s, o));
  o.cancelledAt = now;
  o.cancelReason = input.reason;
  o.closedAt = now;
  for (const foId of o.fulfillmentOrderIds) {
    const fo = s.fulfillmentOrders.get(foId)!;
    if (fo.status !== "CLOSED") {
      fo.status = "CANCELLED";
      fo.updatedAt = now;
    }
  }
  if (input.restock) {
    for (const li of o.lineItems) {
      if (li.inventoryTaken) {
        li.inventoryTaken = false;
        adjustInventory(sim, s, li.variantId, { delta: li.quantity });
      }
    }
  }
  touch(sim, o);
  const refundable = totalsBefore.receivedMinor - totalsBefore.refundedMinor;
  if (input.refund && refundable > 0n) createRefund(sim, s, o, refundable, [], "Order cancelled");
  sim.emit(s, "orders/cancelled", orderPayload(s, o));
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return { order: o, userErrors: [] };
}

/** Removing items lowers what is still owed: open schedules never ask for more than the order's outstanding balance. */
function clampSchedules(sim: Simulator, s: ShopState, o: OrderRecord): void {
  const outstanding = orderTotals(o, transactionsOf(s, o)).outstandingMinor;
  const now = sim.now();
  for (const sc of schedulesOf(s, o)) {
    if (sc.completedAt) continue;
    if (sc.totalBalanceMinor > outstanding) sc.totalBalanceMinor = outstanding;
    if (sc.balanceDueMinor > outstanding) sc.balanceDueMinor = outstanding;
    if (sc.totalBalanceMinor === 0n) sc.completedAt = now;
    sc.updatedAt = now;
  }
}

function createRefund(
  sim: Simulator,
  s: ShopState,
  o: OrderRecord,
  amountMinor: bigint,
  lines: RefundRecord["lineItems"],
  note: string | null,
): RefundRecord {
  const now = sim.now();
  if (amountMinor === 0n) {
    const refund: RefundRecord = {
      id: sim.store.ids.take(),
      orderId: o.id,
      note,
      amountMinor,
      transactionIds: [],
      lineItems: lines,
      createdAt: now,
    };
    s.refunds.set(refund.id, refund);
    o.refundIds.push(refund.id);
    sim.emit(s, "refunds/create", refundPayload(s, refund, o));
    return refund;
  }
  const parent = transactionsOf(s, o).find(
    (t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"),
  );
  const txn: TransactionRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    kind: "REFUND",
    status: "SUCCESS",
    gateway: parent?.gateway ?? "shopify_payments",
    amountMinor,
    errorCode: null,
    parentId: parent?.id ?? null,
    paymentId: `${o.name}.${o.transactionIds.length + 1}`,
    mandateId: null,
    paymentReferenceId: null,
    test: o.test,
    createdAt: now,
    processedAt: now,
  };
  s.transactions.set(txn.id, txn);
  o.transactionIds.push(txn.id);
  const refund: RefundRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    note,
    amountMinor,
    transactionIds: [txn.id],
    lineItems: lines,
    createdAt: now,
  };
  s.refunds.set(refund.id, refund);
  o.refundIds.push(refund.id);
  sim.emit(s, "refunds/create", refundPayload(s, refund, o));
  sim.emit(s, "order_transactions/create", transactionPayload(s, txn, o));
  return refund;
}

export interface RefundInput {
  /** Decimal in the order currency; default: everything received and not yet refunded. */
  amount?: string;
  lineItems?: { lineItemId: number; quantity: number; restock?: boolean }[];
  note?: string;
}

export function refundOrder(sim: Simulator, s: ShopState, orderId: number, input: RefundInput): RefundRecord {
  const o = requireOrder(s, orderId);
  const t = orderTotals(o, transactionsOf(s, o));
  const refundable = t.receivedMinor - t.refundedMinor;
  const amount = input.amount !== undefined ? parseMoney(input.amount, o.currencyCode).minor : refundable;
  if (amount < 0n || (amount === 0n && !input.lineItems?.length))
    throw new OrderOperationError("Refund amount must be positive (zero only when line items are refunded)");
  if (amount > refundable) throw new OrderOperationError(`Refund exceeds the refundable amount of ${o.name}`);
  const lines = (input.lineItems ?? []).map((l) => {
    if (!o.lineItems.some((li) => li.id === l.lineItemId))
      throw new OrderOperationError(`No line item ${l.lineItemId} on ${o.name}`);
    return { lineItemId: l.lineItemId, quantity: l.quantity, restock: l.restock ?? false };
  });
  for (const l of lines) {
    const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
    if (l.quantity < 1 || l.quantity > li.quantity - li.refundedQuantity)
      throw new OrderOperationError(`Line item ${li.id} has only ${li.quantity - li.refundedQuantity} refundable`);
  }
  for (const l of lines) {
    const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
    li.refundedQuantity += l.quantity;
    if (l.restock && li.inventoryTaken) adjustInventory(sim, s, li.variantId, { delta: l.quantity });
  }
  const refund = createRefund(sim, s, o, amount, lines, input.note ?? null);
  clampSchedules(sim, s, o);
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return refund;
}

export function returnOrder(
  sim: Simulator,
  s: ShopState,
  orderId: number,
  input: { lineItems?: { lineItemId: number; quantity: number }[]; close?: boolean },
): ReturnRecord {
  const o = requireOrder(s, orderId);
  const wanted =
    input.lineItems ??
    o.lineItems
      .filter((li) => li.fulfilledQuantity > 0)
      .map((li) => ({ lineItemId: li.id, quantity: li.fulfilledQuantity }));
  if (wanted.length === 0) throw new OrderOperationError(`${o.name} has no fulfilled items to return`);
  for (const w of wanted) {
    const li = o.lineItems.find((x) => x.id === w.lineItemId);
    if (!li) throw new OrderOperationError(`No line item ${w.lineItemId} on ${o.name}`);
    if (w.quantity < 1 || w.quantity > li.fulfilledQuantity)
      throw new OrderOperationError(`Line item ${li.id} has only ${li.fulfilledQuantity} fulfilled`);
  }
  const r: ReturnRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    name: `${o.name}-R${o.returnIds.length + 1}`,
    status: "OPEN",
    lineItems: wanted.map((w) => ({ id: sim.store.ids.take(), lineItemId: w.lineItemId, quantity: w.quantity })),
    createdAt: sim.now(),
  };
  s.returns.set(r.id, r);
  o.returnIds.push(r.id);
  sim.emit(s, "returns/approve", returnPayload(s, r, "returns/approve"));
  if (input.close) {
    r.status = "CLOSED";
    sim.emit(s, "returns/close", returnPayload(s, r, "returns/close"));
  }
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return r;
}

/** Moves the due date of an order's open payment schedule (the app's paymentTermsUpdate or a merchant's edit). */
export function updatePaymentTerms(
  sim: Simulator,
  s: ShopState,
  termsId: number,
  schedule: { dueAt?: string | null; issuedAt?: string | null },
): { userErrors: UserError[] } {
  const terms = s.terms.get(termsId);
  const fail = (message: string): { userErrors: UserError[] } => ({
    userErrors: [{ field: ["input", "paymentTermsId"], message, code: "PAYMENT_TERMS_UPDATE_UNSUCCESSFUL" }],
  });
  if (!terms) return fail("Payment terms do not exist");
  const order = s.orders.get(terms.orderId)!;
  if (order.cancelledAt) return fail("Payment terms of a cancelled order cannot be updated");
  const open = terms.scheduleIds.map((id) => s.schedules.get(id)!).find((sc) => sc.completedAt === null);
  if (!open) return fail("Payment terms have no outstanding payment schedule");
  if (schedule.dueAt === undefined || schedule.dueAt === null) {
    if (terms.paymentTermsType !== "FULFILLMENT") return fail("A due date is required for these payment terms");
  }
  const now = sim.now();
  if (schedule.dueAt) {
    const due = new Date(schedule.dueAt);
    if (Number.isNaN(due.getTime())) return fail("Due date is invalid");
    open.dueAt = due;
    // Moving the due date re-arms payment_schedules/due for the new date.
    open.dueNotifiedFor = null;
    if (terms.paymentTermsType === "FULFILLMENT") terms.paymentTermsType = "FIXED";
    if (terms.paymentTermsType === "FIXED") terms.paymentTermsName = "Fixed";
  }
  if (schedule.issuedAt) open.issuedAt = new Date(schedule.issuedAt);
  open.updatedAt = now;
  terms.updatedAt = now;
  order.updatedAt = now;
  sim.emit(s, "payment_terms/update", paymentTermsPayload(s, terms, order.currencyCode));
  return { userErrors: [] };
}

export function sendPaymentReminder(
  sim: Simulator,
  s: ShopState,
  scheduleId: number,
): { success: boolean; userErrors: UserError[] } {
  const sc = s.schedules.get(scheduleId);
  const fail = (message: string) => ({
    success: false,
    userErrors: [{ field: ["paymentScheduleId"], message, code: "PAYMENT_REMINDER_SEND_UNSUCCESSFUL" }],
  });
  if (!sc) return fail("Payment schedule does not exist");
  if (sc.completedAt) return fail("Payment schedule is already paid");
  const terms = s.terms.get(sc.paymentTermsId)!;
  s.reminders.push({ paymentScheduleId: sc.id, orderId: terms.orderId, sentAt: sim.now() });
  return { success: true, userErrors: [] };
}

/** Sends payment_schedules/due once for each schedule whose due date the clock has reached. */
export function scanDueSchedules(sim: Simulator): number {
  const now = sim.now().getTime();
  let sent = 0;
  for (const s of sim.store.shops.values()) {
    for (const sc of s.schedules.values()) {
      if (sc.completedAt || !sc.dueAt || sc.dueAt.getTime() > now || sc.dueNotifiedFor === sc.dueAt.getTime()) continue;
      const terms = s.terms.get(sc.paymentTermsId)!;
      const order = s.orders.get(terms.orderId)!;
      if (order.cancelledAt) continue;
      sc.dueNotifiedFor = sc.dueAt.getTime();
      sim.emit(s, "payment_schedules/due", paymentSchedulePayload(s, sc, order.currencyCode));
      sent++;
    }
  }
  return sent;
}
