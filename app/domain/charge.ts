// Balance charges as rules: the states of a charge and of an attempt, the idempotency key of an attempt, what each
// payment status Shopify reports means, and what to do with a balance given a fresh read of its order.
// (docs/decisions/0009-charge-engine.md draws the state machines.)
import { createHash } from "node:crypto";
import type { RetryPolicy } from "./offer";

/**
 * SCHEDULED: waits for its due time. IN_PROGRESS: an attempt is open (sent, or about to be). WAITING: a return is
 * open, or the due date is not set yet (due on fulfillment). COLLECTED: a final success. FAILED: every attempt the
 * policy allows was declined (flagged for the merchant). CLOSED: nothing to collect (see the reason).
 */
export type ChargeStatus = "SCHEDULED" | "IN_PROGRESS" | "WAITING" | "COLLECTED" | "FAILED" | "CLOSED";
/** The merchant's words for a charge's state (pages, exports). */
export const CHARGE_STATUS_WORDS: Record<ChargeStatus, string> = {
  SCHEDULED: "Scheduled",
  IN_PROGRESS: "Charging",
  WAITING: "Waiting",
  COLLECTED: "Collected",
  FAILED: "Failed",
  CLOSED: "Not charged",
};
export const OPEN_CHARGE_STATUSES: readonly ChargeStatus[] = ["SCHEDULED", "IN_PROGRESS", "WAITING"];
export const isOpenCharge = (status: string) => (OPEN_CHARGE_STATUSES as readonly string[]).includes(status);
/** Open, or failed after the offer's last attempt: a staff member may still charge it or stop collecting it. */
export const isStaffActionable = (status: string) => isOpenCharge(status) || status === "FAILED";

/**
 * CREATED: its row (with its key) is written; whether Shopify received the call is not known yet.
 * SUBMITTED: Shopify answered with a payment reference. SUCCEEDED / DECLINED: the payment's final status.
 * REFUSED: Shopify refused the request itself (userErrors): no payment exists for this key.
 */
export type AttemptStatus = "CREATED" | "SUBMITTED" | "SUCCEEDED" | "DECLINED" | "REFUSED";
/** An attempt that may still turn into a payment: no other attempt may start while one is open. */
export const isOpenAttempt = (status: string) => status === "CREATED" || status === "SUBMITTED";

/** What made a charge due: its schedule's date, Shopify's payment_schedules/due, the sweep, a staff member. */
export type ChargeTrigger = "SCHEDULE" | "WEBHOOK" | "SWEEP" | "STAFF";

export type CloseReason =
  | "ORDER_CANCELLED"
  | "ORDER_CLOSED"
  | "NOTHING_OUTSTANDING"
  | "SCHEDULE_COMPLETED"
  | "TERMS_REMOVED"
  | "SHOP_UNINSTALLED"
  | "STOPPED_BY_STAFF";

export const CLOSE_REASON_TEXT: Record<CloseReason, string> = {
  ORDER_CANCELLED: "The order was cancelled",
  ORDER_CLOSED: "The order was closed (archived)",
  NOTHING_OUTSTANDING: "Nothing is outstanding on the order",
  SCHEDULE_COMPLETED: "The payment schedule is completed",
  TERMS_REMOVED: "The order no longer has payment terms",
  SHOP_UNINSTALLED: "The shop uninstalled the app",
  STOPPED_BY_STAFF: "A staff member stopped collecting it",
};

/**
 * The idempotency key of attempt `attempt` of the balance of `paymentScheduleId`: the same inputs always give the
 * same key, so a retry of an attempt whose outcome is unknown makes Shopify return the original payment, and the
 * next attempt (after a decline) gets a new one. 33 characters: `bal-`, 24 hex of SHA-256 over
 * (shop, order, schedule), `-a`, the attempt number zero-padded to 3.
 */
export function attemptIdempotencyKey(input: {
  shop: string;
  orderId: string;
  paymentScheduleId: string;
  attempt: number;
}): string {
  if (!Number.isInteger(input.attempt) || input.attempt < 1 || input.attempt > 999) {
    throw new RangeError(`attempt must be 1..999, got ${input.attempt}`);
  }
  const digest = createHash("sha256")
    .update(`${input.shop}\n${input.orderId}\n${input.paymentScheduleId}`)
    .digest("hex")
    .slice(0, 24);
  return `bal-${digest}-a${String(input.attempt).padStart(3, "0")}`;
}

/** OrderPaymentStatusResult (2026-10), as the charge engine reads it. */
export type PaymentStatus =
  | "AUTHORIZED"
  | "CAPTURED"
  | "ERROR"
  | "INITIATED"
  | "PARTIAL_SUCCESS"
  | "PENDING"
  | "PROCESSING"
  | "PURCHASED"
  | "REDIRECT_REQUIRED"
  | "REFUNDED"
  | "RETRYABLE"
  | "SUCCESS"
  | "UNKNOWN"
  | "VOIDED";

/**
 * - COLLECTED: final success; the balance is collected (REFUNDED too: it was collected, then refunded by the
 *   merchant; charging again would take money the merchant gave back).
 * - PARTIAL: final for this attempt; part was collected: the order is read again and what is left, if anything, is
 *   the next attempt's (after the spacing).
 * - IN_FLIGHT: not final; read again later; no other attempt may start.
 * - DECLINED: final failure of this attempt; no money moved; the next attempt (a new key) after the spacing.
 */
export type PaymentMeaning = "COLLECTED" | "PARTIAL" | "IN_FLIGHT" | "DECLINED";

export const PAYMENT_STATUS_MEANING: Record<PaymentStatus, { meaning: PaymentMeaning; why: string }> = {
  SUCCESS: { meaning: "COLLECTED", why: "The payment succeeded." },
  CAPTURED: { meaning: "COLLECTED", why: "The payment was captured." },
  PURCHASED: { meaning: "COLLECTED", why: "The payment is purchased (authorized and captured at once)." },
  REFUNDED: { meaning: "COLLECTED", why: "It was collected and the merchant refunded it since: never charge again." },
  PARTIAL_SUCCESS: {
    meaning: "PARTIAL",
    why: "Some payment methods were charged and the primary one failed: re-read what is left.",
  },
  INITIATED: { meaning: "IN_FLIGHT", why: "Awaiting processing." },
  PROCESSING: { meaning: "IN_FLIGHT", why: "Being processed." },
  PENDING: { meaning: "IN_FLIGHT", why: "Pending with the provider; may take a while (some gateways take days)." },
  AUTHORIZED: {
    meaning: "IN_FLIGHT",
    why: "Authorized, not captured yet (the app asks for capture): wait for CAPTURED or VOIDED.",
  },
  UNKNOWN: { meaning: "IN_FLIGHT", why: "Shopify does not know yet: it may still succeed, so nothing else starts." },
  ERROR: { meaning: "DECLINED", why: "The payment failed (declined, or an error initiating it)." },
  RETRYABLE: { meaning: "DECLINED", why: "The payment failed and may be tried again: the next attempt, new key." },
  VOIDED: { meaning: "DECLINED", why: "The authorization was voided: nothing was collected." },
  REDIRECT_REQUIRED: {
    meaning: "DECLINED",
    why: "The bank wants the customer to confirm (3-D Secure): an off-session charge cannot; the merchant is told.",
  },
};

export function paymentMeaning(status: string | null | undefined): PaymentMeaning {
  const known = status ? PAYMENT_STATUS_MEANING[status as PaymentStatus] : undefined;
  // A status this code does not know (a later API version's) may still succeed: keep following it.
  return known?.meaning ?? "IN_FLIGHT";
}

/** What a fresh read of the order says about the balance, as the charge engine needs it (shop currency). */
export interface BalanceRead {
  cancelled: boolean;
  closed: boolean;
  hasTerms: boolean;
  outstandingMinor: bigint;
  schedule: {
    id: string;
    dueAt: Date | null;
    completed: boolean;
    balanceMinor: bigint;
  } | null;
  mandateId: string | null;
  returnInProgress: boolean;
}

export type BalanceDecision =
  | { action: "CLOSE"; reason: CloseReason }
  | { action: "WAIT"; until: Date | null; why: string }
  | { action: "FAIL"; why: string }
  | { action: "CHARGE"; amountMinor: bigint; partOfSchedule: boolean; mandateId: string };

/** How often a balance waiting on a return (or on a due date Shopify has not set yet) is looked at again. */
export const WAIT_RECHECK_MS = 6 * 3_600_000;

/**
 * What to do with the balance of `read` at `now`. `force` is a staff member's "Charge now": it does not wait for the
 * due date, but every other rule holds.
 */
export function decideBalance(read: BalanceRead, now: Date, options: { force?: boolean } = {}): BalanceDecision {
  if (read.cancelled) return { action: "CLOSE", reason: "ORDER_CANCELLED" };
  if (!read.hasTerms) return { action: "CLOSE", reason: "TERMS_REMOVED" };
  if (!read.schedule || read.schedule.completed) return { action: "CLOSE", reason: "SCHEDULE_COMPLETED" };
  if (read.outstandingMinor <= 0n || read.schedule.balanceMinor <= 0n) {
    return { action: "CLOSE", reason: "NOTHING_OUTSTANDING" };
  }
  if (read.closed) return { action: "CLOSE", reason: "ORDER_CLOSED" };
  if (read.returnInProgress) {
    return {
      action: "WAIT",
      until: new Date(now.getTime() + WAIT_RECHECK_MS),
      why: "A return is open: the balance waits until it closes, then what is kept is charged",
    };
  }
  if (!options.force) {
    if (!read.schedule.dueAt) {
      return { action: "WAIT", until: null, why: "Due on fulfillment: Shopify sets the due date when it ships" };
    }
    if (read.schedule.dueAt.getTime() > now.getTime()) {
      return { action: "WAIT", until: read.schedule.dueAt, why: "Not due yet" };
    }
  }
  if (!read.mandateId) return { action: "FAIL", why: "The order has no vaulted payment method to charge" };
  // What is kept after refunds and returns may be less than the schedule's balance: never more than either.
  const amountMinor =
    read.outstandingMinor < read.schedule.balanceMinor ? read.outstandingMinor : read.schedule.balanceMinor;
  return {
    action: "CHARGE",
    amountMinor,
    partOfSchedule: amountMinor < read.schedule.balanceMinor,
    mandateId: read.mandateId,
  };
}

/** The policy a charge keeps (a copy of the offer's "failed balance charges" settings when the charge was made). */
export type ChargePolicy = Pick<RetryPolicy, "maxAttempts" | "interval" | "finalAction">;

/** Used when no offer's policy can be found (an order whose offer was deleted before the charge existed). */
export const DEFAULT_CHARGE_POLICY: ChargePolicy = {
  maxAttempts: 3,
  interval: { unit: "DAYS", value: 3 },
  finalAction: "LEAVE_UNPAID_AND_NOTIFY",
};

export function parseChargePolicy(json: string): ChargePolicy {
  try {
    const value = JSON.parse(json) as Partial<ChargePolicy>;
    if (
      typeof value.maxAttempts === "number" &&
      value.interval &&
      (value.interval.unit === "DAYS" || value.interval.unit === "HOURS") &&
      typeof value.interval.value === "number"
    ) {
      return {
        maxAttempts: value.maxAttempts,
        interval: value.interval,
        finalAction: value.finalAction ?? "LEAVE_UNPAID_AND_NOTIFY",
      };
    }
  } catch {
    // fall through
  }
  return DEFAULT_CHARGE_POLICY;
}

export function spacingMs(policy: ChargePolicy): number {
  return policy.interval.value * (policy.interval.unit === "HOURS" ? 3_600_000 : 86_400_000);
}

/** After attempt `attempt` was declined: the next attempt's time, or null when the policy is used up. */
export function nextAttemptAfterDecline(policy: ChargePolicy, attempt: number, declinedAt: Date): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(declinedAt.getTime() + spacingMs(policy));
}
