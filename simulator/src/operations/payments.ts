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
import { MoneyError, parseMoney } from "../domain/money.js";
import { orderTotals } from "../domain/orderTotals.js";
import { outcomeFor, type FaultSpec } from "../payments/faults.js";
import { orderPayload, transactionPayload } from "../webhooks/payloads.js";
import type { UserError } from "../domain/sellingPlans.js";
import { recordOrderTransaction, schedulesOf, transactionsOf } from "./orders.js";

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
}

const SUCCESS_STATUSES: ReadonlySet<PaymentStatus> = new Set(["SUCCESS", "CAPTURED", "PURCHASED", "AUTHORIZED"]);
const IN_FLIGHT: ReadonlySet<PaymentStatus> = new Set(["INITIATED", "PROCESSING"]);

export function isSettled(a: PaymentAttemptRecord): boolean {
  return a.settledAt !== null;
}

function paymentError(message: string, field: string[]): UserError {
  return { field, message, code: "ORDER_MANDATE_PAYMENT_ERROR_CODE" };
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
        userErrors: [paymentError("Idempotency key has already been used for a different order", ["idempotencyKey"])],
      };
    }
    original.replays++;
    return { attempt: original, replayed: true, userErrors: [] };
  }

  const order = orderId === null ? undefined : s.orders.get(orderId);
  if (!order) return { attempt: null, replayed: false, userErrors: [paymentError("Order does not exist", ["id"])] };
  if (order.cancelledAt)
    return { attempt: null, replayed: false, userErrors: [paymentError("Order is cancelled", ["id"])] };
  const mandateId = numericIdOf(args.mandateId, "PaymentMandate");
  if (mandateId === null || !order.mandateIds.includes(mandateId)) {
    return {
      attempt: null,
      replayed: false,
      userErrors: [paymentError("Payment mandate does not exist for this order", ["mandateId"])],
    };
  }
  let schedule: PaymentScheduleRecord | undefined;
  if (args.paymentScheduleId) {
    const scheduleId = numericIdOf(args.paymentScheduleId, "PaymentSchedule");
    schedule = schedulesOf(s, order).find((sc) => sc.id === scheduleId);
    if (!schedule)
      return {
        attempt: null,
        replayed: false,
        userErrors: [paymentError("Payment schedule does not exist for this order", ["paymentScheduleId"])],
      };
    if (schedule.completedAt)
      return {
        attempt: null,
        replayed: false,
        userErrors: [paymentError("Payment schedule has already been paid", ["paymentScheduleId"])],
      };
  }
  const totals = orderTotals(order, transactionsOf(s, order));
  let amountMinor = schedule ? schedule.totalBalanceMinor : totals.outstandingMinor;
  if (args.amount) {
    if (args.amount.currencyCode !== order.currencyCode) {
      return {
        attempt: null,
        replayed: false,
        userErrors: [paymentError(`Currency must be ${order.currencyCode}`, ["amount", "currencyCode"])],
      };
    }
    try {
      amountMinor = parseMoney(args.amount.amount, order.currencyCode).minor;
    } catch (e) {
      return {
        attempt: null,
        replayed: false,
        userErrors: [paymentError(e instanceof MoneyError ? e.message : "Amount is invalid", ["amount", "amount"])],
      };
    }
  }
  if (amountMinor <= 0n)
    return {
      attempt: null,
      replayed: false,
      userErrors: [paymentError("Amount must be greater than zero", ["amount"])],
    };
  if (amountMinor > totals.outstandingMinor) {
    return {
      attempt: null,
      replayed: false,
      userErrors: [paymentError("Amount exceeds the order's outstanding balance", ["amount"])],
    };
  }

  const fault = sim.faults.takeOutcomeFault(s.domain, order.id);
  return {
    attempt: startAttempt(
      sim,
      s,
      order,
      { mandateId, schedule, amountMinor, key: args.idempotencyKey, autoCapture: args.autoCapture ?? true },
      fault,
    ),
    replayed: false,
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
  const plan = outcomeFor(fault, p.autoCapture);
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
    createdAt: sim.now(),
    settledAt: null,
    status: "INITIATED",
    pendingSteps: [...sim.config.paymentSteps],
    plan,
    fault: fault ? fault.kind + (fault.reason ? `:${fault.reason}` : "") : null,
    transactionIds: [],
    replays: 0,
    stuck: plan.terminal === "PENDING",
  };
  s.attempts.set(attempt.paymentReferenceId, attempt);
  s.attemptsByKey.set(p.key, attempt.paymentReferenceId);
  s.jobs.set(attempt.jobId, { id: attempt.jobId, paymentReferenceId: attempt.paymentReferenceId, done: false });
  return attempt;
}

/** One read of the attempt by the app (orderPaymentStatus or job): the attempt moves one step toward its outcome. */
export function observeAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord): PaymentStatus {
  if (a.settledAt === null) {
    const next = a.pendingSteps.shift();
    if (next !== undefined) a.status = next;
    else settleAttempt(sim, s, a);
  }
  return a.status;
}

/** Applies the attempt's planned outcome: status, transaction, schedule and outstanding balance, webhooks. */
export function settleAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord): void {
  if (a.settledAt !== null) return;
  const order = s.orders.get(a.orderId)!;
  const now = sim.now();
  a.settledAt = now;
  a.pendingSteps = [];
  a.status = a.plan.terminal;
  const job = s.jobs.get(a.jobId);
  if (job) job.done = true;
  if (a.plan.terminal === "RETRYABLE") return; // Nothing reached the gateway: no transaction, nothing to notify.
  const kind = a.autoCapture ? "SALE" : "AUTHORIZATION";
  const status = a.plan.charges ? "SUCCESS" : a.plan.terminal === "PENDING" ? "PENDING" : "FAILURE";
  const txn = recordTransaction(sim, s, order, a, kind, status);
  if (a.plan.charges) applyPayment(s, order, a, now);
  order.updatedAt = now;
  sim.emit(s, "order_transactions/create", transactionPayload(s, txn, order));
  sim.emit(s, "orders/updated", orderPayload(s, order));
  if (a.plan.charges && orderTotals(order, transactionsOf(s, order)).outstandingMinor === 0n)
    sim.emit(s, "orders/paid", orderPayload(s, order));
}

function recordTransaction(
  sim: Simulator,
  s: ShopState,
  order: OrderRecord,
  a: PaymentAttemptRecord,
  kind: TransactionRecord["kind"],
  status: TransactionRecord["status"],
): TransactionRecord {
  const txn = recordOrderTransaction(sim, s, order, {
    kind,
    status,
    gateway: "shopify_payments",
    amountMinor: a.amountMinor,
    errorCode: status === "FAILURE" ? a.plan.errorCode : null,
    mandateId: a.mandateId,
    paymentReferenceId: a.paymentReferenceId,
  });
  a.transactionIds.push(txn.id);
  return txn;
}

function applyPayment(s: ShopState, order: OrderRecord, a: PaymentAttemptRecord, now: Date): void {
  const schedule =
    (a.paymentScheduleId ? s.schedules.get(a.paymentScheduleId) : undefined) ??
    schedulesOf(s, order).find((sc) => sc.completedAt === null);
  if (!schedule) return;
  // The simulator never hides a double charge: balances floor at zero while the transactions show the overpayment.
  schedule.totalBalanceMinor =
    schedule.totalBalanceMinor > a.amountMinor ? schedule.totalBalanceMinor - a.amountMinor : 0n;
  if (a.autoCapture)
    schedule.balanceDueMinor = schedule.balanceDueMinor > a.amountMinor ? schedule.balanceDueMinor - a.amountMinor : 0n;
  if (schedule.totalBalanceMinor === 0n && schedule.completedAt === null) schedule.completedAt = now;
  schedule.updatedAt = now;
}

/** Resolves a stuck (PENDING) attempt, or settles an in-flight one now, to a chosen outcome. */
export function resolveAttempt(sim: Simulator, s: ShopState, a: PaymentAttemptRecord, outcome: FaultSpec | null): void {
  const plan = outcomeFor(outcome, a.autoCapture);
  if (a.settledAt === null) {
    a.plan = plan;
    a.stuck = false;
    settleAttempt(sim, s, a);
    return;
  }
  if (!a.stuck) throw new Error(`Payment ${a.paymentReferenceId} has already settled as ${a.status}`);
  const order = s.orders.get(a.orderId)!;
  const pending = a.transactionIds.map((id) => s.transactions.get(id)!).find((t) => t.status === "PENDING");
  a.plan = plan;
  a.stuck = false;
  a.status = plan.terminal;
  if (plan.terminal === "RETRYABLE") return;
  const txn = recordTransaction(
    sim,
    s,
    order,
    a,
    a.autoCapture ? "SALE" : "AUTHORIZATION",
    plan.charges ? "SUCCESS" : "FAILURE",
  );
  txn.parentId = pending?.id ?? null;
  if (plan.charges) applyPayment(s, order, a, sim.now());
  order.updatedAt = sim.now();
  sim.emit(s, "order_transactions/create", transactionPayload(s, txn, order));
  sim.emit(s, "orders/updated", orderPayload(s, order));
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

export function jobResultStatus(a: PaymentAttemptRecord): "STARTED" | "SUCCEEDED" | "FAILED" {
  if (a.settledAt === null || a.status === "PENDING") return "STARTED";
  return SUCCESS_STATUSES.has(a.status) ? "SUCCEEDED" : "FAILED";
}

export function inFlight(a: PaymentAttemptRecord): boolean {
  return IN_FLIGHT.has(a.status);
}
