// orderCreateMandatePayment and its lifecycle: idempotency keys, async settlement, outcomes and their effects on the order.
import { randomBytes, randomUUID } from "node:crypto";
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type {
  OrderRecord,
  PaymentAttemptRecord,
  PaymentScheduleRecord,
  PaymentStatus,
  TransactionRecord,
} from "../state/types.js";
import { numericIdOf } from "../state/ids.js";
import { MoneyError, maxBig, minBig, parseMoney } from "../domain/money.js";
import { capturableByAuthorization, orderTotals } from "../domain/orderTotals.js";
import { FaultError, IN_PROGRESS_MESSAGE, USER_ERROR_MESSAGE, outcomeFor, type FaultSpec } from "../payments/faults.js";
import { orderPayload, transactionPayload } from "../webhooks/payloads.js";
import type { UserError } from "../domain/sellingPlans.js";
import { createRefund, recordOrderTransaction, schedulesOf, transactionsOf } from "./orders.js";

export interface MandatePaymentArgs {
  id: string;
  mandateId: string;
  idempotencyKey: string;
  paymentScheduleId?: string | null;
  amount?: { amount: string; currencyCode: string } | null;
  autoCapture?: boolean | null;
}

export interface MandatePaymentResult {
  attempt: PaymentAttemptRecord | null;
  userErrors: UserError[];
  /** True when the idempotency key was seen before and the original attempt is returned. */
  replayed: boolean;
  /**
   * How the answer is shaped: `normal`; `user_error` (a user error, the reference hidden, though a payment may have
   * been made); `in_progress` (a replay answered "still being processed"); `no_reference` (job without reference).
   */
  answer: "normal" | "user_error" | "in_progress" | "no_reference";
}

const SUCCESS_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  "SUCCESS",
  "CAPTURED",
  "PURCHASED",
  "AUTHORIZED",
  "PARTIAL_SUCCESS",
  "REFUNDED",
]);
const IN_FLIGHT: ReadonlySet<PaymentStatus> = new Set(["INITIATED", "PROCESSING"]);

export function isSettled(a: PaymentAttemptRecord): boolean {
  return a.settledAt !== null;
}

function paymentError(message: string, field: string[] | null): UserError {
  return { field, message, code: "ORDER_MANDATE_PAYMENT_ERROR_CODE" };
}

function refused(message: string, field: string[]): MandatePaymentResult {
  return { attempt: null, replayed: false, answer: "normal", userErrors: [paymentError(message, field)] };
}

export function createMandatePayment(sim: Simulator, s: ShopState, args: MandatePaymentArgs): MandatePaymentResult {
  const orderId = numericIdOf(args.id, "Order");
  const existingRef = s.attemptsByKey.get(args.idempotencyKey);
  if (existingRef) {
    const original = s.attempts.get(existingRef)!;
    // Shopify's idempotency: the same key answers with the original payment and moves no money.
    if (original.orderId !== orderId) {
      return {
        attempt: null,
        replayed: true,
        answer: "normal",
        userErrors: [paymentError("Idempotency key has already been used for a different order", ["idempotencyKey"])],
      };
    }
    original.replays++;
    if (sim.faults.takeReplayFault(s.domain, original.orderId)) {
      return {
        attempt: original,
        replayed: true,
        answer: "in_progress",
        userErrors: [paymentError(IN_PROGRESS_MESSAGE, ["idempotencyKey"])],
      };
    }
    return { attempt: original, replayed: true, answer: "normal", userErrors: [] };
  }

  const order = orderId === null ? undefined : s.orders.get(orderId);
  if (!order) return refused("Order does not exist", ["id"]);
  if (order.cancelledAt) return refused("Order is cancelled", ["id"]);
  const mandateId = numericIdOf(args.mandateId, "PaymentMandate");
  if (mandateId === null || !order.mandateIds.includes(mandateId))
    return refused("Payment mandate does not exist for this order", ["mandateId"]);
  let schedule: PaymentScheduleRecord | undefined;
  if (args.paymentScheduleId) {
    const scheduleId = numericIdOf(args.paymentScheduleId, "PaymentSchedule");
    schedule = schedulesOf(s, order).find((sc) => sc.id === scheduleId);
    if (!schedule) return refused("Payment schedule does not exist for this order", ["paymentScheduleId"]);
    if (schedule.completedAt) return refused("Payment schedule has already been paid", ["paymentScheduleId"]);
  }
  const totals = orderTotals(order, transactionsOf(s, order));
  let amountMinor = schedule ? schedule.totalBalanceMinor : totals.outstandingMinor;
  if (args.amount) {
    if (args.amount.currencyCode !== order.currencyCode)
      return refused(`Currency must be ${order.currencyCode}`, ["amount", "currencyCode"]);
    try {
      amountMinor = parseMoney(args.amount.amount, order.currencyCode).minor;
    } catch (e) {
      return refused(e instanceof MoneyError ? e.message : "Amount is invalid", ["amount", "amount"]);
    }
  }
  if (amountMinor <= 0n) return refused("Amount must be greater than zero", ["amount"]);
  if (amountMinor > totals.outstandingMinor)
    return refused("Amount exceeds the order's outstanding balance", ["amount"]);

  const fault = sim.faults.takeOutcomeFault(s.domain, order.id);
  const start = () =>
    startAttempt(
      sim,
      s,
      order,
      { mandateId, schedule, amountMinor, key: args.idempotencyKey, autoCapture: args.autoCapture ?? true },
      fault,
    );
  if (fault?.kind === "user_error") {
    // Shopify's one generic code: the answer cannot tell "nothing was made" from "made, but not said".
    const userErrors = [paymentError(fault.message ?? USER_ERROR_MESSAGE, null)];
    return { attempt: fault.createsPayment ? start() : null, replayed: false, answer: "user_error", userErrors };
  }
  return {
    attempt: start(),
    replayed: false,
    answer: fault?.kind === "no_reference" ? "no_reference" : "normal",
    userErrors: [],
  };
}

function startAttempt(
  sim: Simulator,
  s: ShopState,
  order: OrderRecord,
  p: {
    mandateId: number;
    schedule: PaymentScheduleRecord | undefined;
    amountMinor: bigint;
    key: string;
    autoCapture: boolean;
  },
  fault: FaultSpec | null,
): PaymentAttemptRecord {
  const plan = outcomeFor(fault, p.autoCapture, { amountMinor: p.amountMinor, currencyCode: order.currencyCode });
  const now = sim.now();
  const timed = fault?.kind === "pending" && fault.forMs !== undefined;
  const attempt: PaymentAttemptRecord = {
    paymentReferenceId: randomBytes(12).toString("base64url"),
    shop: s.domain,
    orderId: order.id,
    paymentScheduleId: p.schedule?.id ?? null,
    mandateId: p.mandateId,
    idempotencyKey: p.key,
    amountMinor: p.amountMinor,
    currencyCode: order.currencyCode,
    autoCapture: p.autoCapture,
    jobId: randomUUID(),
    jobResultId: sim.store.ids.take(),
    createdAt: now,
    settledAt: null,
    status: "INITIATED",
    pendingSteps: [...sim.config.paymentSteps],
    plan,
    fault: fault ? fault.kind + (fault.reason ? `:${fault.reason}` : "") : null,
    transactionIds: [],
    replays: 0,
    stuck: plan.shape === "hold",
    releaseAt: timed ? new Date(now.getTime() + fault.forMs!) : null,
    releaseTo: timed ? (fault.then ?? { kind: "success" }) : null,
    followUp: null,
    scheduleUsedId: null,
  };
  s.attempts.set(attempt.paymentReferenceId, attempt);
  s.attemptsByKey.set(p.key, attempt.paymentReferenceId);
  s.jobs.set(attempt.jobId, { id: attempt.jobId, paymentReferenceId: attempt.paymentReferenceId, done: false });
  if (timed) sim.timedPayments.add(attempt);
  return attempt;
}

/**
 * One read of the attempt by the app (orderPaymentStatus or job), at most one per request: an attempt in flight moves
 * one step toward its outcome; a settled one with a follow-up (capture, void, refunded) moves toward that.
 */
export function observeAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord): PaymentStatus {
  if (a.settledAt === null) {
    const next = a.pendingSteps.shift();
    if (next !== undefined) a.status = next;
    else settleAttempt(sim, s, a);
  } else if (a.followUp) {
    if (a.followUp.reads > 0) a.followUp.reads--;
    else followUp(sim, s, a);
  }
  return a.status;
}

function kindOf(a: PaymentAttemptRecord): TransactionRecord["kind"] {
  return a.autoCapture ? "SALE" : "AUTHORIZATION";
}

/** order_transactions/create for each transaction, orders/updated, and orders/paid when money came in and nothing is left. */
function notify(sim: Simulator, s: ShopState, order: OrderRecord, txns: TransactionRecord[], moneyIn: boolean): void {
  order.updatedAt = sim.now();
  for (const txn of txns) sim.emit(s, "order_transactions/create", transactionPayload(s, txn, order));
  sim.emit(s, "orders/updated", orderPayload(s, order));
  if (moneyIn && orderTotals(order, transactionsOf(s, order)).outstandingMinor === 0n)
    sim.emit(s, "orders/paid", orderPayload(s, order));
}

/** Applies the attempt's planned outcome: status, transactions, schedule and outstanding balance, webhooks. */
export function settleAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord): void {
  if (a.settledAt !== null) return;
  const order = s.orders.get(a.orderId)!;
  const now = sim.now();
  const plan = a.plan;
  a.settledAt = now;
  a.pendingSteps = [];
  a.status = plan.terminal;
  a.followUp = plan.after ? { ...plan.after } : null;
  const job = s.jobs.get(a.jobId);
  if (job) job.done = true;
  switch (plan.shape) {
    case "none":
      return; // Nothing reached the gateway: no transaction, nothing to notify.
    case "charge": {
      const txn = recordTransaction(sim, s, order, a, kindOf(a), "SUCCESS", a.amountMinor);
      applyPayment(s, order, a, a.amountMinor, a.autoCapture, now);
      return notify(sim, s, order, [txn], true);
    }
    case "decline":
      return notify(sim, s, order, [recordTransaction(sim, s, order, a, kindOf(a), "FAILURE", a.amountMinor)], false);
    case "hold":
      return notify(sim, s, order, [recordTransaction(sim, s, order, a, kindOf(a), "PENDING", a.amountMinor)], false);
    case "partial": {
      const part = plan.partialMinor!;
      const ok = recordTransaction(sim, s, order, a, kindOf(a), "SUCCESS", part);
      const rest = recordTransaction(sim, s, order, a, kindOf(a), "FAILURE", a.amountMinor - part);
      applyPayment(s, order, a, part, a.autoCapture, now);
      return notify(sim, s, order, [ok, rest], true);
    }
    case "authorize": {
      const txn = recordTransaction(sim, s, order, a, "AUTHORIZATION", "SUCCESS", a.amountMinor);
      applyPayment(s, order, a, a.amountMinor, false, now);
      return notify(sim, s, order, [txn], false);
    }
    case "refund": {
      const sale = recordTransaction(sim, s, order, a, "SALE", "SUCCESS", a.amountMinor);
      applyPayment(s, order, a, a.amountMinor, true, now);
      order.updatedAt = now;
      sim.emit(s, "order_transactions/create", transactionPayload(s, sale, order));
      const refund = createRefund(sim, s, order, a.amountMinor, [], null, sale);
      for (const id of refund.transactionIds) {
        const txn = s.transactions.get(id)!;
        txn.paymentReferenceId = a.paymentReferenceId;
        txn.mandateId = a.mandateId;
        a.transactionIds.push(id);
      }
      return notify(sim, s, order, [], true);
    }
  }
}

/** The attempt's follow-up, at the observation it is due: capture or void its authorization, or show REFUNDED. */
function followUp(sim: Simulator, s: ShopState, a: PaymentAttemptRecord): void {
  const action = a.followUp!.action;
  a.followUp = null;
  if (action === "show_refunded") {
    a.status = "REFUNDED";
    return;
  }
  const order = s.orders.get(a.orderId)!;
  const now = sim.now();
  const auth = a.transactionIds
    .map((id) => s.transactions.get(id)!)
    .find((t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS");
  const schedule = scheduleFor(s, order, a);
  if (action === "capture") {
    a.status = "CAPTURED";
    const txn = recordTransaction(sim, s, order, a, "CAPTURE", "SUCCESS", a.amountMinor, auth?.id ?? null);
    if (schedule) {
      schedule.balanceDueMinor = maxBig(0n, schedule.balanceDueMinor - a.amountMinor);
      if (schedule.totalBalanceMinor === 0n && schedule.completedAt === null) schedule.completedAt = now;
      schedule.updatedAt = now;
    }
    return notify(sim, s, order, [txn], true);
  }
  a.status = "VOIDED";
  const txn = recordTransaction(sim, s, order, a, "VOID", "SUCCESS", a.amountMinor, auth?.id ?? null);
  if (schedule) {
    // What the authorization held back is owed again: a schedule it completed reopens.
    schedule.totalBalanceMinor = minBig(schedule.balanceDueMinor, schedule.totalBalanceMinor + a.amountMinor);
    if (schedule.totalBalanceMinor > 0n) schedule.completedAt = null;
    schedule.updatedAt = now;
  }
  notify(sim, s, order, [txn], false);
}

function recordTransaction(
  sim: Simulator,
  s: ShopState,
  order: OrderRecord,
  a: PaymentAttemptRecord,
  kind: TransactionRecord["kind"],
  status: TransactionRecord["status"],
  amountMinor: bigint,
  parentId: number | null = null,
): TransactionRecord {
  const txn = recordOrderTransaction(sim, s, order, {
    kind,
    status,
    gateway: "shopify_payments",
    amountMinor,
    errorCode: status === "FAILURE" ? a.plan.errorCode : null,
    parentId,
    mandateId: a.mandateId,
    paymentReferenceId: a.paymentReferenceId,
  });
  a.transactionIds.push(txn.id);
  return txn;
}

/** The schedule a payment counts against: the one it settled against, else the one it named, else the open one. */
function scheduleFor(s: ShopState, order: OrderRecord, a: PaymentAttemptRecord): PaymentScheduleRecord | undefined {
  return (
    (a.scheduleUsedId !== null ? s.schedules.get(a.scheduleUsedId) : undefined) ??
    (a.paymentScheduleId !== null ? s.schedules.get(a.paymentScheduleId) : undefined) ??
    schedulesOf(s, order).find((sc) => sc.completedAt === null)
  );
}

/** Money paid (`captured`) or authorized lowers the schedule's totalBalance; only paid money lowers balanceDue. */
function applyPayment(
  s: ShopState,
  order: OrderRecord,
  a: PaymentAttemptRecord,
  amountMinor: bigint,
  captured: boolean,
  now: Date,
): void {
  const schedule = scheduleFor(s, order, a);
  if (!schedule) return;
  a.scheduleUsedId = schedule.id;
  // The simulator never hides a double charge: balances floor at zero while the transactions show the overpayment.
  schedule.totalBalanceMinor = maxBig(0n, schedule.totalBalanceMinor - amountMinor);
  if (captured) schedule.balanceDueMinor = maxBig(0n, schedule.balanceDueMinor - amountMinor);
  if (schedule.totalBalanceMinor === 0n && schedule.completedAt === null) schedule.completedAt = now;
  schedule.updatedAt = now;
}

/**
 * Resolves a stuck (PENDING or REDIRECT_REQUIRED) attempt, or settles an in-flight one now, to a chosen outcome.
 * A stuck attempt resolves to success, decline or retryable: a child SUCCESS or FAILURE of its PENDING transaction.
 */
export function resolveAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord, outcome: FaultSpec | null): void {
  const plan = outcomeFor(outcome, a.autoCapture, a);
  a.releaseAt = null;
  a.releaseTo = null;
  sim.timedPayments.delete(a);
  if (a.settledAt === null) {
    a.plan = plan;
    a.stuck = plan.shape === "hold";
    settleAttempt(sim, s, a);
    return;
  }
  if (!a.stuck) throw new FaultError(`Payment ${a.paymentReferenceId} has already settled as ${a.status}`);
  if (plan.shape !== "charge" && plan.shape !== "decline" && plan.shape !== "none")
    throw new FaultError(`A stuck payment resolves to success, decline or retryable, not ${outcome?.kind}`);
  const order = s.orders.get(a.orderId)!;
  const pending = a.transactionIds.map((id) => s.transactions.get(id)!).find((t) => t.status === "PENDING");
  a.plan = plan;
  a.stuck = false;
  a.status = plan.terminal;
  if (plan.shape === "none") return;
  const charged = plan.shape === "charge";
  const txn = recordTransaction(
    sim,
    s,
    order,
    a,
    kindOf(a),
    charged ? "SUCCESS" : "FAILURE",
    a.amountMinor,
    pending?.id ?? null,
  );
  if (charged) applyPayment(s, order, a, a.amountMinor, a.autoCapture, sim.now());
  notify(sim, s, order, [txn], charged);
}

/** Settles every attempt still in flight (time passing, or a control call); stuck attempts stay PENDING. */
export function settleAllInFlight(sim: Simulator): number {
  let n = 0;
  for (const s of sim.store.shops.values()) {
    for (const a of s.attempts.values()) {
      if (a.settledAt === null) {
        settleAttempt(sim, s, a);
        n++;
      }
    }
  }
  return n;
}

/**
 * Pending payments scripted with `forMs` settle to their `then` once the simulated clock reaches their creation time
 * + forMs (checked after every request and clock move, like due dates). One still in flight waits until it shows
 * PENDING first.
 */
export function releaseDuePayments(sim: Simulator): number {
  const now = sim.now().getTime();
  let n = 0;
  for (const a of sim.timedPayments) {
    const s = sim.store.shop(a.shop);
    if (!s || s.attempts.get(a.paymentReferenceId) !== a || a.releaseAt === null) {
      sim.timedPayments.delete(a);
      continue;
    }
    if (a.settledAt === null || a.releaseAt.getTime() > now) continue;
    if (!a.stuck) {
      sim.timedPayments.delete(a);
      continue;
    }
    const to = a.releaseTo;
    resolveAttempt(sim, s, a, to && to.kind === "success" && !to.successStatus ? null : to);
    n++;
  }
  return n;
}

export function jobResultStatus(a: PaymentAttemptRecord): "STARTED" | "SUCCEEDED" | "FAILED" {
  if (a.settledAt === null || a.stuck) return "STARTED";
  return SUCCESS_STATUSES.has(a.status) ? "SUCCEEDED" : "FAILED";
}

export function inFlight(a: PaymentAttemptRecord): boolean {
  return IN_FLIGHT.has(a.status);
}

/** Money the payment moved to the merchant: its successful SALE and CAPTURE transactions. */
export function chargedMinor(s: ShopState, a: PaymentAttemptRecord): bigint {
  let sum = 0n;
  for (const id of a.transactionIds) {
    const t = s.transactions.get(id)!;
    if (t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE")) sum += t.amountMinor;
  }
  return sum;
}

/** Whether the payment moved money, or holds it (an authorization neither captured nor voided). */
export function chargedOrHeld(s: ShopState, a: PaymentAttemptRecord): boolean {
  if (chargedMinor(s, a) > 0n) return true;
  const txns = a.transactionIds.map((id) => s.transactions.get(id)!);
  const open = capturableByAuthorization(txns);
  for (const left of open.values()) if (left > 0n) return true;
  return false;
}
