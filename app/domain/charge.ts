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
 * CREATED: its row (with its key) is written; whether Shopify has a payment for the key is not known yet (no answer,
 * or an unclear one: userErrors, no reference): the same key is sent again. SUBMITTED: Shopify answered with a payment
 * reference; its status is followed. SUCCEEDED: the payment's final success. PARTIAL: final, part of the amount was
 * collected (the rest is the next attempt's, not a failure). DECLINED: a final status that proves nothing was
 * collected. ENDED: a staff member ended it after the app found no payment for it in Shopify. REFUSED: ended on
 * Shopify's userErrors by an earlier version of the app (kept for the ledger; nothing ends an attempt so now).
 */
export type AttemptStatus = "CREATED" | "SUBMITTED" | "SUCCEEDED" | "PARTIAL" | "DECLINED" | "ENDED" | "REFUSED";
/** An attempt that may still turn into a payment: no other attempt may start while one is open. */
export const isOpenAttempt = (status: string) => status === "CREATED" || status === "SUBMITTED";
/** An attempt that ended without collecting anything: it counts toward the offer's attempts. */
export const isFailedAttempt = (status: string) => status === "DECLINED" || status === "ENDED" || status === "REFUSED";

/** What made a charge due: its schedule's date, Shopify's payment_schedules/due, the sweep, a staff member. */
export type ChargeTrigger = "SCHEDULE" | "WEBHOOK" | "SWEEP" | "STAFF";

export type CloseReason =
  | "ORDER_CANCELLED"
  | "ORDER_CLOSED"
  | "NOTHING_OUTSTANDING"
  | "SCHEDULE_COMPLETED"
  | "TERMS_REMOVED"
  | "SHOP_UNINSTALLED"
  | "STOPPED_BY_STAFF"
  | "RECORDED_PAID"
  | "SCHEDULE_REPLACED";

export const CLOSE_REASON_TEXT: Record<CloseReason, string> = {
  ORDER_CANCELLED: "The order was cancelled",
  ORDER_CLOSED: "The order was closed (archived)",
  NOTHING_OUTSTANDING: "Nothing is outstanding on the order",
  SCHEDULE_COMPLETED: "The payment schedule is completed",
  TERMS_REMOVED: "The order no longer has payment terms",
  SHOP_UNINSTALLED: "The shop uninstalled the app",
  STOPPED_BY_STAFF: "A staff member stopped collecting it",
  RECORDED_PAID: "A staff member recorded it as paid outside the app",
  SCHEDULE_REPLACED: "Shopify replaced its payment schedule: the new schedule is collected as its own balance",
};

/**
 * Charges closed for a reason that can pass: nothing was owed (a payment since voided or refunded may make it owed
 * again), or, by an earlier version of the app, an order archived or a shop that uninstalled the app. Such a charge
 * opens again when its order is open in Shopify with money owed on its schedule. (Never one a staff member stopped or
 * recorded paid, a cancelled order's, or one whose schedule was replaced.)
 */
export const REOPENABLE_CLOSE_REASONS: readonly CloseReason[] = [
  "NOTHING_OUTSTANDING",
  "SCHEDULE_COMPLETED",
  "ORDER_CLOSED",
  "SHOP_UNINSTALLED",
];

/** Why a charge needs a person (shown on the order page, Home's "needs action" and the orders list). */
export type AttentionKind =
  | "ALL_ATTEMPTS_FAILED"
  | "NO_MANDATE"
  | "CANNOT_CHARGE_PART"
  | "CURRENCY"
  | "STALLED"
  | "UNCLEAR_ANSWER"
  | "REDIRECT_REQUIRED"
  | "IN_FLIGHT_TOO_LONG"
  | "PAYMENT_FOUND"
  | "ORDER_ARCHIVED";

export const ATTENTION_TITLES: Record<AttentionKind, string> = {
  ALL_ATTEMPTS_FAILED: "Every attempt failed",
  NO_MANDATE: "No saved payment method",
  CANNOT_CHARGE_PART: "Only part is owed: the app cannot charge a part here",
  CURRENCY: "Currency does not match",
  STALLED: "Shopify could not be reached",
  UNCLEAR_ANSWER: "Shopify's answer is unclear",
  REDIRECT_REQUIRED: "The customer must confirm the payment",
  IN_FLIGHT_TOO_LONG: "Payment in flight for too long",
  PAYMENT_FOUND: "Another payment was found on the order",
  ORDER_ARCHIVED: "The order is archived",
};

/**
 * Thrown when a charge's row changed since the writer read it (every write is a compare-and-set on the version read):
 * nothing was written; the writer reads again and decides again.
 */
export class ChargeChangedError extends Error {
  constructor(chargeId: string) {
    super(`Balance charge ${chargeId} changed while it was being written: read it again`);
    this.name = "ChargeChangedError";
  }
}

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
 *   merchant; charging again would take money the merchant gave back). What was collected is read from the
 *   payment's own transactions, not from what was asked.
 * - PARTIAL: final for this attempt; part was collected (its transactions say how much): the order is read again and
 *   what is left is the next attempt's, at once; a partial success is not a failed attempt.
 * - IN_FLIGHT: not final; read again later; no other attempt may start. `attention` says when a person must know at
 *   once (the customer must act).
 * - DECLINED: a final status that proves this payment collected nothing: the next attempt (a new key) may follow.
 */
export type PaymentMeaning = "COLLECTED" | "PARTIAL" | "IN_FLIGHT" | "DECLINED";

export const PAYMENT_STATUS_MEANING: Record<
  PaymentStatus,
  { meaning: PaymentMeaning; why: string; attention?: AttentionKind }
> = {
  SUCCESS: { meaning: "COLLECTED", why: "The payment succeeded." },
  CAPTURED: { meaning: "COLLECTED", why: "The payment was captured." },
  PURCHASED: { meaning: "COLLECTED", why: "The payment is purchased (authorized and captured at once)." },
  REFUNDED: { meaning: "COLLECTED", why: "It was collected and the merchant refunded it since: never charge again." },
  PARTIAL_SUCCESS: {
    meaning: "PARTIAL",
    why: "Part of the amount was collected and the rest failed: what is left is charged as the next attempt.",
  },
  INITIATED: { meaning: "IN_FLIGHT", why: "Awaiting processing." },
  PROCESSING: { meaning: "IN_FLIGHT", why: "Being processed." },
  PENDING: { meaning: "IN_FLIGHT", why: "Pending with the provider; may take a while (some gateways take days)." },
  AUTHORIZED: {
    meaning: "IN_FLIGHT",
    why: "Authorized, not captured yet (the app asks for capture): wait for CAPTURED or VOIDED.",
  },
  UNKNOWN: { meaning: "IN_FLIGHT", why: "Shopify does not know yet: it may still succeed, so nothing else starts." },
  REDIRECT_REQUIRED: {
    meaning: "IN_FLIGHT",
    why: "The bank asks the customer to confirm the payment (3-D Secure): it may still succeed if they do, so no other payment starts.",
    attention: "REDIRECT_REQUIRED",
  },
  ERROR: { meaning: "DECLINED", why: "The payment failed (declined, or an error initiating it)." },
  RETRYABLE: { meaning: "DECLINED", why: "The payment failed and may be tried again: the next attempt, new key." },
  VOIDED: { meaning: "DECLINED", why: "The authorization was voided: nothing was collected." },
};

export function paymentMeaning(status: string | null | undefined): PaymentMeaning {
  const known = status ? PAYMENT_STATUS_MEANING[status as PaymentStatus] : undefined;
  // A status this code does not know (a later API version's) may still succeed: keep following it.
  return known?.meaning ?? "IN_FLIGHT";
}

/**
 * What a fresh read of the order says about the balance of one charge (its own payment schedule, found by id).
 * Amounts are minor units: `outstandingMinor` in the shop's currency (`shopCurrency`), and in the customer's
 * (`presentmentCurrency`) as `outstandingPresentmentMinor`; the schedule's balance in the currency Shopify gives it.
 */
export interface BalanceRead {
  cancelled: boolean;
  closed: boolean;
  hasTerms: boolean;
  shopCurrency: string;
  presentmentCurrency: string;
  outstandingMinor: bigint;
  outstandingPresentmentMinor: bigint;
  /** The charge's own schedule; null when the order no longer has it. */
  schedule: {
    id: string;
    dueAt: Date | null;
    completed: boolean;
    balanceMinor: bigint;
    currency: string;
  } | null;
  /** Another open schedule of the order, when the charge's own one is gone (Shopify replaced it). */
  replacedBy: string | null;
  mandateId: string | null;
  returnInProgress: boolean;
  /** Authorized on the order and not captured yet (shop currency): money that may still move. */
  capturableMinor?: bigint;
}

export type BalanceDecision =
  | { action: "CLOSE"; reason: CloseReason }
  | { action: "WAIT"; until: Date | null; why: string; attention?: AttentionKind }
  | { action: "FAIL"; why: string; attention: AttentionKind }
  | {
      action: "CHARGE";
      /** What is charged, in the shop's currency (the ledger's currency). */
      amountMinor: bigint;
      /** Less than the schedule's balance is owed: the amount argument is sent (in `amountArgument`'s currency). */
      partOfSchedule: boolean;
      amountArgument: { minor: bigint; currency: string } | null;
      mandateId: string;
    };

/** How often a balance waiting on a return (or on a due date Shopify has not set yet) is looked at again. */
export const WAIT_RECHECK_MS = 6 * 3_600_000;

/**
 * What to do with the balance of `charge` given `read`, at `now`. `force` is a staff member's "Charge now": it does
 * not wait for the due date, but every other rule holds.
 */
export function decideBalance(
  read: BalanceRead,
  charge: { currency: string },
  now: Date,
  options: { force?: boolean } = {},
): BalanceDecision {
  if (read.cancelled) return { action: "CLOSE", reason: "ORDER_CANCELLED" };
  if (!read.hasTerms) return { action: "CLOSE", reason: "TERMS_REMOVED" };
  if (!read.schedule) return { action: "CLOSE", reason: read.replacedBy ? "SCHEDULE_REPLACED" : "SCHEDULE_COMPLETED" };
  const settled = read.schedule.completed || read.outstandingMinor <= 0n || read.schedule.balanceMinor <= 0n;
  if (settled && (read.capturableMinor ?? 0n) > 0n) {
    // Paid by an authorization not captured yet: if it is voided, the balance is owed again. Not closed meanwhile.
    return {
      action: "WAIT",
      until: new Date(now.getTime() + WAIT_RECHECK_MS),
      attention: "PAYMENT_FOUND",
      why: "The balance is covered by an authorization on the order that is not captured yet: the app waits until it is captured (then nothing is owed) or voided (then it collects the balance)",
    };
  }
  if (read.schedule.completed) return { action: "CLOSE", reason: "SCHEDULE_COMPLETED" };
  if (read.shopCurrency !== charge.currency) {
    return {
      action: "FAIL",
      attention: "CURRENCY",
      why: `Shopify reports the order's money in ${read.shopCurrency}, the balance was recorded in ${charge.currency}: the app does not charge it; collect it from the order in Shopify`,
    };
  }
  if (read.outstandingMinor <= 0n || read.schedule.balanceMinor <= 0n) {
    return { action: "CLOSE", reason: "NOTHING_OUTSTANDING" };
  }
  const recheck = new Date(now.getTime() + WAIT_RECHECK_MS);
  if (read.closed) {
    return {
      action: "WAIT",
      until: recheck,
      attention: "ORDER_ARCHIVED",
      why: "The order is archived in Shopify with money still owed: nothing is charged until it is unarchived",
    };
  }
  if (read.returnInProgress) {
    return {
      action: "WAIT",
      until: recheck,
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
  if (!read.mandateId) {
    return { action: "FAIL", attention: "NO_MANDATE", why: "The order has no saved payment method to charge" };
  }
  // The schedule's balance is compared with what is outstanding in the same currency (Shopify does not say which one
  // a schedule's money is in: the shop's or the customer's).
  const scheduleCurrency = read.schedule.currency;
  const outstandingInScheduleCurrency =
    scheduleCurrency === read.shopCurrency
      ? read.outstandingMinor
      : scheduleCurrency === read.presentmentCurrency
        ? read.outstandingPresentmentMinor
        : null;
  if (outstandingInScheduleCurrency === null) {
    return {
      action: "FAIL",
      attention: "CURRENCY",
      why: `The payment schedule is in ${scheduleCurrency}, the order in ${read.shopCurrency} (paid in ${read.presentmentCurrency}): the app does not charge it; collect it from the order in Shopify`,
    };
  }
  const partOfSchedule = outstandingInScheduleCurrency < read.schedule.balanceMinor;
  if (!partOfSchedule) {
    // The whole schedule is owed: Shopify charges its balance itself (no amount argument, no currency to choose).
    const amountMinor = scheduleCurrency === read.shopCurrency ? read.schedule.balanceMinor : read.outstandingMinor;
    return { action: "CHARGE", amountMinor, partOfSchedule, amountArgument: null, mandateId: read.mandateId };
  }
  if (read.presentmentCurrency !== read.shopCurrency) {
    return {
      action: "FAIL",
      attention: "CANNOT_CHARGE_PART",
      why: `Only part of the balance is owed now, and the customer paid in ${read.presentmentCurrency}, not the shop's ${read.shopCurrency}: Shopify does not document which currency a partial amount is taken in, so the app does not send one; collect it from the order in Shopify`,
    };
  }
  return {
    action: "CHARGE",
    amountMinor: read.outstandingMinor,
    partOfSchedule,
    amountArgument: { minor: read.outstandingMinor, currency: read.shopCurrency },
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

/** The attempts of a charge that count toward its policy: those that ended without collecting anything. */
export function failedAttempts(attempts: readonly { status: string }[]): number {
  return attempts.filter((attempt) => isFailedAttempt(attempt.status)).length;
}

/** After a failed attempt (`failed` of them so far) at `at`: the next attempt's time, or null when the policy is used. */
export function nextAttemptAfterDecline(policy: ChargePolicy, failed: number, at: Date): Date | null {
  if (failed >= policy.maxAttempts) return null;
  return new Date(at.getTime() + spacingMs(policy));
}
