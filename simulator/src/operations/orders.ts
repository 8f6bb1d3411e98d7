// Order lifecycle after checkout: fulfil, cancel, refund, return, order edits, payment terms edits, reminders, due-date notices.
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type {
  FulfillmentOrderRecord,
  LineItemRecord,
  OrderEditRecord,
  OrderRecord,
  PaymentScheduleRecord,
  RefundRecord,
  ReturnRecord,
  TransactionRecord,
} from "../state/types.js";
import { currentQuantity, orderTotals, orderedQuantity } from "../domain/orderTotals.js";
import { maxBig, parseMoney } from "../domain/money.js";
import { adjustInventory } from "./catalog.js";
import {
  orderEditPayload,
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

/** Adds a transaction to the order (its payment id numbered after the order's others), processed now. */
export function recordOrderTransaction(
  sim: Simulator,
  s: ShopState,
  o: OrderRecord,
  fields: Pick<TransactionRecord, "kind" | "status" | "gateway" | "amountMinor"> &
    Partial<Pick<TransactionRecord, "errorCode" | "parentId" | "mandateId" | "paymentReferenceId">>,
): TransactionRecord {
  const now = sim.now();
  const txn: TransactionRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    errorCode: null,
    parentId: null,
    mandateId: null,
    paymentReferenceId: null,
    ...fields,
    paymentId: `${o.name}.${o.transactionIds.length + 1}`,
    test: o.test,
    createdAt: now,
    processedAt: now,
  };
  s.transactions.set(txn.id, txn);
  o.transactionIds.push(txn.id);
  return txn;
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
        adjustInventory(sim, s, li.variantId, { delta: -orderedQuantity(li) });
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
  const all = o.lineItems.every((li) => li.fulfilledQuantity >= orderedQuantity(li));
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
        adjustInventory(sim, s, li.variantId, { delta: orderedQuantity(li) });
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

/** A refund of `amountMinor` against `parent` (default: the order's first successful sale or capture). */
export function createRefund(
  sim: Simulator,
  s: ShopState,
  o: OrderRecord,
  amountMinor: bigint,
  lines: RefundRecord["lineItems"],
  note: string | null,
  parentTxn?: TransactionRecord,
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
  const parent =
    parentTxn ??
    transactionsOf(s, o).find((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"));
  const txn = recordOrderTransaction(sim, s, o, {
    kind: "REFUND",
    status: "SUCCESS",
    gateway: parent?.gateway ?? "shopify_payments",
    amountMinor,
    parentId: parent?.id ?? null,
  });
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
    if (l.quantity < 1 || l.quantity > currentQuantity(o, li))
      throw new OrderOperationError(`Line item ${li.id} has only ${currentQuantity(o, li)} refundable`);
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

/**
 * A payment taken outside the app (the merchant's "Mark as paid", or the customer paying the invoice): a manual SALE
 * for `amount` (default: everything outstanding) that the open schedule counts as paid; a schedule left with nothing
 * to pay completes. Sends order_transactions/create, orders/updated and, once nothing is outstanding, orders/paid.
 */
export function markOrderPaid(
  sim: Simulator,
  s: ShopState,
  orderId: number,
  input: { amount?: string } = {},
): TransactionRecord {
  const o = requireOrder(s, orderId);
  if (o.cancelledAt) throw new OrderOperationError(`${o.name} is cancelled`);
  const outstanding = orderTotals(o, transactionsOf(s, o)).outstandingMinor;
  const amount = input.amount !== undefined ? parseMoney(input.amount, o.currencyCode).minor : outstanding;
  if (amount <= 0n) throw new OrderOperationError(`Nothing to pay on ${o.name}`);
  if (amount > outstanding) throw new OrderOperationError(`The payment exceeds what ${o.name} owes`);
  const now = sim.now();
  const txn = recordOrderTransaction(sim, s, o, {
    kind: "SALE",
    status: "SUCCESS",
    gateway: "manual",
    amountMinor: amount,
  });
  const open = schedulesOf(s, o).find((sc) => sc.completedAt === null);
  if (open) {
    open.totalBalanceMinor = maxBig(0n, open.totalBalanceMinor - amount);
    open.balanceDueMinor = maxBig(0n, open.balanceDueMinor - amount);
    if (open.totalBalanceMinor === 0n) open.completedAt = now;
    open.updatedAt = now;
  }
  touch(sim, o);
  sim.emit(s, "order_transactions/create", transactionPayload(s, txn, o));
  sim.emit(s, "orders/updated", orderPayload(s, o));
  if (orderTotals(o, transactionsOf(s, o)).outstandingMinor === 0n) sim.emit(s, "orders/paid", orderPayload(s, o));
  return txn;
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
    closedAt: null,
  };
  s.returns.set(r.id, r);
  o.returnIds.push(r.id);
  sim.emit(s, "returns/approve", returnPayload(s, r, "returns/approve"));
  if (input.close) {
    r.status = "CLOSED";
    r.closedAt = sim.now();
    sim.emit(s, "returns/close", returnPayload(s, r, "returns/close"));
  }
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return r;
}

/** Closes an open return later (the merchant's "Close return" once the items are back). */
export function closeReturn(sim: Simulator, s: ShopState, returnId: number): ReturnRecord {
  const r = s.returns.get(returnId);
  if (!r) throw new OrderOperationError(`No return ${returnId} in ${s.domain}`);
  if (r.status !== "OPEN") throw new OrderOperationError(`Return ${r.name} is already ${r.status.toLowerCase()}`);
  const o = requireOrder(s, r.orderId);
  r.status = "CLOSED";
  r.closedAt = sim.now();
  sim.emit(s, "returns/close", returnPayload(s, r, "returns/close"));
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return r;
}

/**
 * Closes an order (the admin's "Archive", orderClose): `closedAt` is set and orders/updated sent. Closing a closed
 * order changes nothing and sends nothing.
 */
export function closeOrder(sim: Simulator, s: ShopState, orderId: number): OrderRecord {
  const o = requireOrder(s, orderId);
  if (o.closedAt !== null) return o;
  o.closedAt = sim.now();
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return o;
}

/**
 * Reopens a closed order (the admin's "Unarchive", orderOpen): `closedAt` is cleared and orders/updated sent. An open
 * order changes nothing; a cancelled order cannot be reopened.
 */
export function openOrder(sim: Simulator, s: ShopState, orderId: number): OrderRecord {
  const o = requireOrder(s, orderId);
  if (o.cancelledAt) throw new OrderOperationError(`${o.name} is cancelled and cannot be reopened`);
  if (o.closedAt === null) return o;
  o.closedAt = null;
  touch(sim, o);
  sim.emit(s, "orders/updated", orderPayload(s, o));
  return o;
}

export interface OrderEditInput {
  /** New quantities of existing lines (0 removes the line); `restock` (default true) puts removed units back. */
  lines?: { lineItemId: number; quantity: number; restock?: boolean }[];
  /** Variants added as new lines, without a selling plan, at the variant's price. */
  addVariants?: { variantId: number; quantity: number }[];
  staffNote?: string;
  notifyCustomer?: boolean;
}

function openFulfillmentOrders(s: ShopState, o: OrderRecord): FulfillmentOrderRecord[] {
  return o.fulfillmentOrderIds
    .map((id) => s.fulfillmentOrders.get(id)!)
    .filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED");
}

function newFulfillmentOrder(sim: Simulator, s: ShopState, o: OrderRecord): FulfillmentOrderRecord {
  const now = sim.now();
  const fo: FulfillmentOrderRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    status: "OPEN",
    fulfillAt: null,
    lineItems: [],
    createdAt: now,
    updatedAt: now,
  };
  s.fulfillmentOrders.set(fo.id, fo);
  o.fulfillmentOrderIds.push(fo.id);
  return fo;
}

/** Removed units leave the open fulfilment orders; one left with nothing to fulfil closes. */
function removeFromFulfillmentOrders(sim: Simulator, s: ShopState, o: OrderRecord, lineItemId: number, units: number) {
  let left = units;
  for (const fo of openFulfillmentOrders(s, o)) {
    for (const line of fo.lineItems) {
      if (left === 0 || line.lineItemId !== lineItemId || line.remainingQuantity === 0) continue;
      const take = Math.min(left, line.remainingQuantity);
      line.remainingQuantity -= take;
      line.totalQuantity -= take;
      left -= take;
      fo.updatedAt = sim.now();
    }
    if (fo.lineItems.every((l) => l.remainingQuantity === 0)) fo.status = "CLOSED";
  }
}

/** Added units join the line's open fulfilment order, or a new OPEN one when the line has none. */
function addToFulfillmentOrders(sim: Simulator, s: ShopState, o: OrderRecord, lineItemId: number, units: number) {
  for (const fo of openFulfillmentOrders(s, o)) {
    const line = fo.lineItems.find((l) => l.lineItemId === lineItemId);
    if (line) {
      line.remainingQuantity += units;
      line.totalQuantity += units;
      fo.updatedAt = sim.now();
      return;
    }
  }
  const fo = newFulfillmentOrder(sim, s, o);
  fo.lineItems.push({ id: sim.store.ids.take(), lineItemId, totalQuantity: units, remainingQuantity: units });
}

/**
 * Commits an order edit: quantity changes of existing lines and added variants. The order's totals follow from the
 * lines; the open payment schedule is rebalanced to what the edited order still owes (never below zero).
 * Webhooks: inventory_levels/update, orders/edited, orders/updated, and payment_terms/update when a balance moved.
 */
export function editOrder(
  sim: Simulator,
  s: ShopState,
  orderId: number,
  input: OrderEditInput,
): { order: OrderRecord; edit: OrderEditRecord } {
  const o = requireOrder(s, orderId);
  if (o.cancelledAt) throw new OrderOperationError(`${o.name} is cancelled and cannot be edited`);
  const lines = input.lines ?? [];
  const added = input.addVariants ?? [];
  if (lines.length === 0 && added.length === 0)
    throw new OrderOperationError("An order edit needs at least one change");

  // Validate everything before changing anything.
  const changes: { li: LineItemRecord; delta: number; restock: boolean }[] = [];
  for (const l of lines) {
    const li = o.lineItems.find((x) => x.id === l.lineItemId);
    if (!li) throw new OrderOperationError(`No line item ${l.lineItemId} on ${o.name}`);
    if (changes.some((c) => c.li === li)) throw new OrderOperationError(`Line item ${li.id} is edited twice`);
    if (!Number.isInteger(l.quantity) || l.quantity < 0)
      throw new OrderOperationError(`Line item ${li.id}: quantity must be a non-negative integer`);
    const current = currentQuantity(o, li);
    const fulfilled = Math.min(current, li.fulfilledQuantity);
    if (l.quantity < fulfilled)
      throw new OrderOperationError(`Line item ${li.id} has ${fulfilled} fulfilled; its quantity cannot go below that`);
    const delta = l.quantity - current;
    const variant = s.variants.get(li.variantId);
    if (delta > 0 && li.inventoryTaken && variant?.inventoryPolicy === "DENY" && variant.inventoryQuantity < delta)
      throw new OrderOperationError(`Only ${variant.inventoryQuantity} of ${li.title} available`);
    if (delta !== 0) changes.push({ li, delta, restock: l.restock ?? true });
  }
  const additions = added.map((a) => {
    const variant = s.variants.get(a.variantId);
    if (!variant) throw new OrderOperationError(`No variant ${a.variantId} in ${s.domain}`);
    const product = s.products.get(variant.productId)!;
    if (!Number.isInteger(a.quantity) || a.quantity < 1)
      throw new OrderOperationError(`Variant ${variant.id}: quantity must be a positive integer`);
    if (product.requiresSellingPlan)
      throw new OrderOperationError(
        `${product.title} can only be sold with a selling plan; edits add lines without one`,
      );
    if (variant.inventoryPolicy === "DENY" && variant.inventoryQuantity < a.quantity)
      throw new OrderOperationError(`Only ${variant.inventoryQuantity} of ${product.title} available`);
    return { variant, product, quantity: a.quantity };
  });
  if (changes.length === 0 && additions.length === 0)
    throw new OrderOperationError(`The edit does not change ${o.name}`);

  const now = sim.now();
  const edit: OrderEditRecord = {
    id: sim.store.ids.take(),
    orderId: o.id,
    staffNote: input.staffNote ?? "",
    notifyCustomer: input.notifyCustomer ?? false,
    additions: [],
    removals: [],
    createdAt: now,
    committedAt: now,
  };
  for (const { li, delta, restock } of changes) {
    if (delta < 0) {
      const units = -delta;
      li.removedQuantity += units;
      if (restock && li.inventoryTaken) adjustInventory(sim, s, li.variantId, { delta: units });
      removeFromFulfillmentOrders(sim, s, o, li.id, units);
      edit.removals.push({ lineItemId: li.id, delta: units });
    } else {
      li.quantity += delta;
      li.addedQuantity += delta;
      if (li.inventoryTaken) adjustInventory(sim, s, li.variantId, { delta: -delta });
      addToFulfillmentOrders(sim, s, o, li.id, delta);
      edit.additions.push({ lineItemId: li.id, delta });
    }
  }
  if (additions.length > 0) {
    const fo = newFulfillmentOrder(sim, s, o);
    for (const a of additions) {
      const li: LineItemRecord = {
        id: sim.store.ids.take(),
        productId: a.product.id,
        variantId: a.variant.id,
        title: a.product.title,
        variantTitle: a.variant.title,
        sku: a.variant.sku,
        quantity: a.quantity,
        originalUnitMinor: a.variant.priceMinor,
        discountedUnitMinor: a.variant.priceMinor,
        sellingPlan: null,
        fulfilledQuantity: 0,
        refundedQuantity: 0,
        removedQuantity: 0,
        addedQuantity: a.quantity,
        inventoryTaken: true,
      };
      o.lineItems.push(li);
      adjustInventory(sim, s, li.variantId, { delta: -a.quantity });
      fo.lineItems.push({
        id: sim.store.ids.take(),
        lineItemId: li.id,
        totalQuantity: a.quantity,
        remainingQuantity: a.quantity,
      });
      edit.additions.push({ lineItemId: li.id, delta: a.quantity });
    }
  }
  s.orderEdits.set(edit.id, edit);
  o.editIds.push(edit.id);
  touch(sim, o);
  const termsChanged = rebalanceSchedules(sim, s, o);

  sim.emit(s, "orders/edited", orderEditPayload(s, edit));
  sim.emit(s, "orders/updated", orderPayload(s, o));
  const terms = o.paymentTermsId ? s.terms.get(o.paymentTermsId) : undefined;
  if (termsChanged && terms) sim.emit(s, "payment_terms/update", paymentTermsPayload(s, terms, o.currencyCode));
  return { order: o, edit };
}

/**
 * After an edit the open schedule asks for what the order still owes: the new current total minus what was paid
 * (`balanceDue`, still to capture) and minus what was paid or authorized (`totalBalance`), never below zero. A schedule
 * left with nothing to pay completes; a completed schedule is not reopened. Returns whether a balance changed.
 */
function rebalanceSchedules(sim: Simulator, s: ShopState, o: OrderRecord): boolean {
  const open = schedulesOf(s, o).find((sc) => sc.completedAt === null);
  if (!open) return false;
  const t = orderTotals(o, transactionsOf(s, o));
  const balanceDue = t.outstandingMinor;
  const totalBalance = maxBig(0n, t.currentTotalMinor - t.receivedMinor - t.capturableMinor);
  if (open.balanceDueMinor === balanceDue && open.totalBalanceMinor === totalBalance) return false;
  const now = sim.now();
  open.balanceDueMinor = balanceDue;
  open.totalBalanceMinor = totalBalance;
  if (totalBalance === 0n) open.completedAt = now;
  open.updatedAt = now;
  s.terms.get(open.paymentTermsId)!.updatedAt = now;
  return true;
}

/**
 * Moves the due date of an order's open payment schedule (the app's paymentTermsUpdate or a merchant's edit). With
 * `replaceSchedule` the open schedule is replaced by a new one (a new id, the same amounts, the new due date); the
 * old one is gone from the order.
 */
export function updatePaymentTerms(
  sim: Simulator,
  s: ShopState,
  termsId: number,
  schedule: { dueAt?: string | null; issuedAt?: string | null },
  options: { replaceSchedule?: boolean } = {},
): { userErrors: UserError[] } {
  const terms = s.terms.get(termsId);
  const fail = (message: string): { userErrors: UserError[] } => ({
    userErrors: [{ field: ["input", "paymentTermsId"], message, code: "PAYMENT_TERMS_UPDATE_UNSUCCESSFUL" }],
  });
  if (!terms) return fail("Payment terms do not exist");
  const order = s.orders.get(terms.orderId)!;
  if (order.cancelledAt) return fail("Payment terms of a cancelled order cannot be updated");
  let open = terms.scheduleIds.map((id) => s.schedules.get(id)!).find((sc) => sc.completedAt === null);
  if (!open) return fail("Payment terms have no outstanding payment schedule");
  if (schedule.dueAt === undefined || schedule.dueAt === null) {
    if (terms.paymentTermsType !== "FULFILLMENT" || options.replaceSchedule)
      return fail("A due date is required for these payment terms");
  }
  const due = schedule.dueAt ? new Date(schedule.dueAt) : null;
  if (due && Number.isNaN(due.getTime())) return fail("Due date is invalid");
  const now = sim.now();
  if (options.replaceSchedule) {
    const old = open;
    open = { ...old, id: sim.store.ids.take(), dueNotifiedFor: null, createdAt: now, updatedAt: now };
    terms.scheduleIds[terms.scheduleIds.indexOf(old.id)] = open.id;
    s.schedules.delete(old.id);
    s.schedules.set(open.id, open);
  }
  if (due) {
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
