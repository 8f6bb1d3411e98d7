// Derived order money and statuses (totals, outstanding, financial and fulfilment status) from an order's records.
import type { FulfillmentOrderRecord, OrderRecord, PaymentScheduleRecord, TransactionRecord } from "../state/types.js";
import { convertMinor, maxBig } from "./money.js";

/** An amount of the order in its presentment currency (the same amount when the order has no presentment). */
export function presentmentOf(order: OrderRecord, minor: bigint): { minor: bigint; currency: string } {
  const p = order.presentment;
  if (!p) return { minor, currency: order.currencyCode };
  return { minor: convertMinor(minor, order.currencyCode, p.currencyCode, p.rate), currency: p.currencyCode };
}

export interface OrderTotals {
  totalMinor: bigint;
  /** The total at the time of order creation (before order edits). */
  originalTotalMinor: bigint;
  currentTotalMinor: bigint;
  receivedMinor: bigint;
  authorizedMinor: bigint;
  refundedMinor: bigint;
  outstandingMinor: bigint;
  capturableMinor: bigint;
}

type Line = OrderRecord["lineItems"][number];

/** Units the line has after order edits (refunded units included, removed units not). */
export function orderedQuantity(li: Line): number {
  return li.quantity - li.removedQuantity;
}

/** Shopify's `currentQuantity`: units ordered, excluding refunded and removed units; 0 once cancelled. */
export function currentQuantity(order: OrderRecord, li: Line): number {
  return order.cancelledAt ? 0 : li.quantity - li.removedQuantity - li.refundedQuantity;
}

/** What the order is worth after order edits, before refunds and returns. */
export function lineTotalMinor(order: OrderRecord): bigint {
  return order.lineItems.reduce((sum, li) => sum + li.discountedUnitMinor * BigInt(orderedQuantity(li)), 0n);
}

/** What the order was worth when it was placed (units added by later edits excluded, removed units included). */
export function originalLineTotalMinor(order: OrderRecord): bigint {
  return order.lineItems.reduce((sum, li) => sum + li.discountedUnitMinor * BigInt(li.quantity - li.addedQuantity), 0n);
}

/** The lines at their variant prices (before selling plan discounts), after order edits. */
export function undiscountedLineTotalMinor(order: OrderRecord): bigint {
  return order.lineItems.reduce((sum, li) => sum + li.originalUnitMinor * BigInt(orderedQuantity(li)), 0n);
}

/** What the order is worth now: refunded and removed units are gone; a cancelled order is worth nothing. */
export function currentLineTotalMinor(order: OrderRecord): bigint {
  return order.lineItems.reduce((sum, li) => sum + li.discountedUnitMinor * BigInt(currentQuantity(order, li)), 0n);
}

/**
 * What each successful authorization can still capture: its amount less the captures that name it as their parent;
 * nothing once a successful VOID names it.
 */
export function capturableByAuthorization(transactions: TransactionRecord[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const t of transactions) if (t.kind === "AUTHORIZATION" && t.status === "SUCCESS") out.set(t.id, t.amountMinor);
  for (const t of transactions) {
    if (t.status !== "SUCCESS" || t.parentId === null || !out.has(t.parentId)) continue;
    if (t.kind === "VOID") out.set(t.parentId, 0n);
    if (t.kind === "CAPTURE") out.set(t.parentId, maxBig(0n, out.get(t.parentId)! - t.amountMinor));
  }
  return out;
}

export function orderTotals(order: OrderRecord, transactions: TransactionRecord[]): OrderTotals {
  const totalMinor = lineTotalMinor(order);
  let received = 0n;
  let authorized = 0n;
  let refunded = 0n;
  // Captures that name no authorization still use up what was authorized.
  let unparentedCaptures = 0n;
  for (const t of transactions) {
    if (t.status !== "SUCCESS") continue;
    if (t.kind === "SALE" || t.kind === "CAPTURE") received += t.amountMinor;
    if (t.kind === "CAPTURE" && t.parentId === null) unparentedCaptures += t.amountMinor;
    if (t.kind === "AUTHORIZATION") authorized += t.amountMinor;
    if (t.kind === "REFUND") refunded += t.amountMinor;
  }
  let open = 0n;
  for (const left of capturableByAuthorization(transactions).values()) open += left;
  const currentTotalMinor = currentLineTotalMinor(order);
  const capturable = maxBig(0n, open - unparentedCaptures);
  const outstanding = order.cancelledAt ? 0n : maxBig(0n, currentTotalMinor - received);
  return {
    totalMinor,
    originalTotalMinor: originalLineTotalMinor(order),
    currentTotalMinor,
    receivedMinor: received,
    authorizedMinor: authorized,
    refundedMinor: refunded,
    outstandingMinor: outstanding,
    capturableMinor: capturable,
  };
}

export type DisplayFinancialStatus =
  "AUTHORIZED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "VOIDED";

export function displayFinancialStatus(order: OrderRecord, t: OrderTotals): DisplayFinancialStatus {
  if (t.refundedMinor > 0n) return t.refundedMinor >= t.receivedMinor ? "REFUNDED" : "PARTIALLY_REFUNDED";
  if (order.cancelledAt && t.receivedMinor === 0n) return "VOIDED";
  if (t.totalMinor > 0n && t.receivedMinor >= t.totalMinor) return "PAID";
  if (t.totalMinor === 0n) return "PAID";
  if (t.receivedMinor > 0n) return "PARTIALLY_PAID";
  if (t.capturableMinor > 0n) return "AUTHORIZED";
  return "PENDING";
}

/** REST `financial_status` spelling used in webhook payloads. */
export function restFinancialStatus(s: DisplayFinancialStatus): string {
  return s.toLowerCase();
}

export type DisplayFulfillmentStatus =
  "FULFILLED" | "ON_HOLD" | "PARTIALLY_FULFILLED" | "SCHEDULED" | "UNFULFILLED" | "IN_PROGRESS";

export function displayFulfillmentStatus(order: OrderRecord, fos: FulfillmentOrderRecord[]): DisplayFulfillmentStatus {
  const ordered = order.lineItems.reduce((s, li) => s + orderedQuantity(li), 0);
  const fulfilled = order.lineItems.reduce((s, li) => s + li.fulfilledQuantity, 0);
  if (ordered > 0 && fulfilled >= ordered) return "FULFILLED";
  if (fulfilled > 0) return "PARTIALLY_FULFILLED";
  const open = fos.filter((f) => f.status !== "CLOSED" && f.status !== "CANCELLED");
  if (open.length > 0 && open.every((f) => f.status === "SCHEDULED")) return "SCHEDULED";
  if (open.length > 0 && open.every((f) => f.status === "ON_HOLD")) return "ON_HOLD";
  return "UNFULFILLED";
}

/** A schedule is due once its due date has arrived and it is not complete; overdue a full day later. */
export function scheduleDue(s: PaymentScheduleRecord, nowMs: number): boolean {
  return s.completedAt === null && s.dueAt !== null && s.dueAt.getTime() <= nowMs;
}

export function scheduleOverdue(s: PaymentScheduleRecord, nowMs: number): boolean {
  return s.completedAt === null && s.dueAt !== null && s.dueAt.getTime() + 86_400_000 <= nowMs;
}
