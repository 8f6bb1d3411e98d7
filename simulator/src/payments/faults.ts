// Scripted payment faults: the next N outcomes (or answers) of orderCreateMandatePayment for a shop or one order.
import type { PaymentOutcomePlan, PaymentStatus } from "../state/types.js";
import { MoneyError, parseMoney } from "../domain/money.js";

export type FaultKind =
  | "success"
  | "decline"
  | "retryable"
  | "pending"
  | "partial_success"
  | "voided"
  | "redirect_required"
  | "refunded"
  | "authorize_then_capture"
  | "lost_response"
  | "http_5xx"
  | "throttle"
  | "user_error"
  | "in_progress"
  | "no_reference";

export const FAULT_KINDS: readonly FaultKind[] = [
  "success",
  "decline",
  "retryable",
  "pending",
  "partial_success",
  "voided",
  "redirect_required",
  "refunded",
  "authorize_then_capture",
  "lost_response",
  "http_5xx",
  "throttle",
  "user_error",
  "in_progress",
  "no_reference",
];

/** Faults that act on the HTTP request itself, before or after the mutation runs. */
export const REQUEST_FAULTS: ReadonlySet<FaultKind> = new Set(["lost_response", "http_5xx", "throttle"]);

/**
 * Which orderCreateMandatePayment requests a kind applies to: `any` request for the order (replays included), only a
 * `replay` (a key that already made a payment), or only a `new` payment (a first request with a new key).
 */
export function faultAppliesTo(kind: FaultKind): "any" | "replay" | "new" {
  if (REQUEST_FAULTS.has(kind)) return "any";
  if (kind === "in_progress") return "replay";
  return "new";
}

/** Outcomes a pending payment's `then` (and a resolve) may settle to. */
export const RESOLVE_KINDS: readonly FaultKind[] = ["success", "decline", "retryable"];

export type DeclineReason =
  "card_declined" | "insufficient_funds" | "expired_card" | "incorrect_cvc" | "do_not_honor" | "fraud_suspected";

export interface FaultSpec {
  kind: FaultKind;
  /** How many payment requests this entry applies to (default 1). */
  count?: number;
  /** decline: which decline. */
  reason?: DeclineReason;
  /** decline/retryable: override the gateway message; user_error: the userError's message. */
  message?: string;
  /** http_5xx: status to answer (default 503). */
  status?: number;
  /** lost_response: how long to hold the connection before dropping it (default 30000 ms). */
  hangMs?: number;
  /** success: which terminal status to report (default SUCCESS; CAPTURED or PURCHASED also mean paid). */
  successStatus?: "SUCCESS" | "CAPTURED" | "PURCHASED";
  /** partial_success: the part that succeeds, a decimal in the shop currency (default half, rounded down). */
  amount?: string;
  /** authorize_then_capture: observations that still show AUTHORIZED before the capture (default 1). */
  reads?: number;
  /** pending: simulated milliseconds after the payment's creation at which it settles to `then` (else stuck). */
  forMs?: number;
  /** pending with forMs: the outcome it settles to (success, decline or retryable; default success). */
  then?: FaultSpec;
  /** user_error: whether the payment is made anyway under the key (default false: nothing is made). */
  createsPayment?: boolean;
}

export interface FaultEntry extends Required<Pick<FaultSpec, "kind">> {
  id: number;
  shop: string;
  orderId: number | null;
  remaining: number;
  spec: FaultSpec;
}

export const DECLINES: Record<DeclineReason, { message: string; code: string }> = {
  card_declined: { message: "Your card was declined.", code: "CARD_DECLINED" },
  insufficient_funds: { message: "Your card has insufficient funds.", code: "INSUFFICIENT_FUNDS" },
  expired_card: { message: "Your card has expired.", code: "EXPIRED_CARD" },
  incorrect_cvc: { message: "Your card's security code is incorrect.", code: "INCORRECT_CVC" },
  do_not_honor: { message: "Your card was declined.", code: "DO_NOT_HONOR" },
  fraud_suspected: { message: "Your card was declined.", code: "FRAUD_SUSPECTED" },
};

export const RETRYABLE_MESSAGE = "There was an issue processing your payment. Try again in a few minutes.";
export const USER_ERROR_MESSAGE = "The payment could not be processed.";
export const IN_PROGRESS_MESSAGE = "A payment with this idempotency key is still being processed.";

/** A scripted fault that cannot apply to the payment it met (e.g. a partial amount above the payment's). */
export class FaultError extends Error {}

/** Checks a FaultSpec posted to the control API; returns what is wrong with it, or null. */
export function faultSpecError(spec: FaultSpec, currency: string, path = "fault"): string | null {
  if (!spec || typeof spec !== "object") return `${path} must be an object`;
  if (!FAULT_KINDS.includes(spec.kind)) return `${path}.kind must be one of ${FAULT_KINDS.join(", ")}`;
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1))
    return `${path}.count must be a whole number ≥ 1`;
  if (spec.reason !== undefined && !(spec.reason in DECLINES))
    return `${path}.reason must be one of ${Object.keys(DECLINES).join(", ")}`;
  if (spec.message !== undefined && typeof spec.message !== "string") return `${path}.message must be a string`;
  if (spec.amount !== undefined) {
    if (spec.kind !== "partial_success") return `${path}.amount applies to partial_success only`;
    try {
      if (parseMoney(String(spec.amount), currency).minor <= 0n) return `${path}.amount must be greater than zero`;
    } catch (e) {
      return `${path}.amount: ${e instanceof MoneyError ? e.message : String(e)}`;
    }
  }
  if (spec.reads !== undefined) {
    if (spec.kind !== "authorize_then_capture") return `${path}.reads applies to authorize_then_capture only`;
    if (!Number.isInteger(spec.reads) || spec.reads < 0) return `${path}.reads must be a whole number ≥ 0`;
  }
  if (spec.forMs !== undefined) {
    if (spec.kind !== "pending") return `${path}.forMs applies to pending only`;
    if (typeof spec.forMs !== "number" || !Number.isFinite(spec.forMs) || spec.forMs < 0)
      return `${path}.forMs must be a number of milliseconds ≥ 0`;
  }
  if (spec.then !== undefined) {
    if (spec.kind !== "pending" || spec.forMs === undefined) return `${path}.then needs kind pending with forMs`;
    if (!spec.then || !RESOLVE_KINDS.includes(spec.then.kind))
      return `${path}.then.kind must be one of ${RESOLVE_KINDS.join(", ")}`;
    const inner = faultSpecError(spec.then, currency, `${path}.then`);
    if (inner) return inner;
  }
  if (spec.createsPayment !== undefined) {
    if (spec.kind !== "user_error") return `${path}.createsPayment applies to user_error only`;
    if (typeof spec.createsPayment !== "boolean") return `${path}.createsPayment must be a boolean`;
  }
  return null;
}

const plan = (
  terminal: PaymentStatus,
  shape: PaymentOutcomePlan["shape"],
  extra: Partial<PaymentOutcomePlan> = {},
): PaymentOutcomePlan => ({
  terminal,
  errorMessage: null,
  errorCode: null,
  shape,
  partialMinor: null,
  after: null,
  ...extra,
});

/**
 * The outcome an attempt settles to under a fault (or none: plain success). `attempt` (its amount and currency) is
 * needed by partial_success; a fault that cannot apply to it throws FaultError.
 */
export function outcomeFor(
  spec: FaultSpec | null,
  autoCapture: boolean,
  attempt?: { amountMinor: bigint; currencyCode: string },
): PaymentOutcomePlan {
  const success: PaymentStatus = autoCapture ? (spec?.successStatus ?? "SUCCESS") : "AUTHORIZED";
  if (!spec) return plan(success, "charge");
  switch (spec.kind) {
    case "decline": {
      const d = DECLINES[spec.reason ?? "card_declined"];
      return plan("ERROR", "decline", { errorMessage: spec.message ?? d.message, errorCode: d.code });
    }
    case "retryable":
      return plan("RETRYABLE", "none", {
        errorMessage: spec.message ?? RETRYABLE_MESSAGE,
        errorCode: "PROCESSING_ERROR",
      });
    case "pending":
      return plan("PENDING", "hold");
    case "redirect_required":
      return plan("REDIRECT_REQUIRED", "hold");
    case "partial_success": {
      if (!attempt) throw new FaultError("partial_success needs the payment it applies to");
      const partialMinor =
        spec.amount !== undefined ? parseMoney(spec.amount, attempt.currencyCode).minor : attempt.amountMinor / 2n;
      if (partialMinor <= 0n || partialMinor >= attempt.amountMinor)
        throw new FaultError(
          `partial_success: the part that succeeds must be above zero and below the payment's amount (${attempt.amountMinor} minor units), got ${partialMinor}`,
        );
      const d = DECLINES.card_declined;
      return plan("PARTIAL_SUCCESS", "partial", { errorMessage: d.message, errorCode: d.code, partialMinor });
    }
    case "voided":
      return plan("AUTHORIZED", "authorize", { after: { reads: 0, action: "void" } });
    case "authorize_then_capture":
      return plan("AUTHORIZED", "authorize", { after: { reads: spec.reads ?? 1, action: "capture" } });
    case "refunded":
      if (!autoCapture)
        throw new FaultError("refunded is not modelled for autoCapture: false (a refund needs a captured sale)");
      return plan(spec.successStatus ?? "SUCCESS", "refund", { after: { reads: 0, action: "show_refunded" } });
    default:
      return plan(success, "charge");
  }
}

export class FaultBook {
  private entries: FaultEntry[] = [];
  private nextId = 1;

  add(shop: string, orderId: number | null, specs: FaultSpec[]): FaultEntry[] {
    const added = specs.map((spec) => ({
      id: this.nextId++,
      shop,
      orderId,
      kind: spec.kind,
      remaining: spec.count ?? 1,
      spec,
    }));
    this.entries.push(...added);
    return added;
  }

  list(shop?: string): FaultEntry[] {
    return this.entries.filter((e) => e.remaining > 0 && (!shop || e.shop === shop));
  }

  clear(shop?: string): void {
    this.entries = shop ? this.entries.filter((e) => e.shop !== shop) : [];
  }

  /** The head of the order's queue if it has one, else the shop's queue. */
  private head(shop: string, orderId: number): FaultEntry | undefined {
    const live = this.entries.filter((e) => e.remaining > 0 && e.shop === shop);
    return live.find((e) => e.orderId === orderId) ?? live.find((e) => e.orderId === null);
  }

  /**
   * Consumes the head of the queue if it applies to this kind of request (see faultAppliesTo); a head that does not
   * apply stays in place.
   */
  private take(shop: string, orderId: number, request: "any" | "replay" | "new"): FaultSpec | null {
    const h = this.head(shop, orderId);
    if (!h || faultAppliesTo(h.kind) !== request) return null;
    h.remaining--;
    return h.spec;
  }

  /** The next request-level fault (5xx, throttle, lost response): any request for the order, replays included. */
  takeRequestFault(shop: string, orderId: number): FaultSpec | null {
    return this.take(shop, orderId, "any");
  }

  /** The next replay fault (in_progress) for a request whose key already made a payment. */
  takeReplayFault(shop: string, orderId: number): FaultSpec | null {
    return this.take(shop, orderId, "replay");
  }

  /** The next outcome or answer fault for a new payment attempt. */
  takeOutcomeFault(shop: string, orderId: number): FaultSpec | null {
    return this.take(shop, orderId, "new");
  }
}
