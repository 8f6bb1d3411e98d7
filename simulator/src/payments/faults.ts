// Scripted payment faults: the next N outcomes of orderCreateMandatePayment for a shop or one order.
import type { PaymentOutcomePlan, PaymentStatus } from "../state/types.js";

export type FaultKind = "success" | "decline" | "retryable" | "pending" | "lost_response" | "http_5xx" | "throttle";

/** Faults that act on the HTTP request itself, before or after the mutation runs. */
export const REQUEST_FAULTS: ReadonlySet<FaultKind> = new Set(["lost_response", "http_5xx", "throttle"]);

export type DeclineReason =
  "card_declined" | "insufficient_funds" | "expired_card" | "incorrect_cvc" | "do_not_honor" | "fraud_suspected";

export interface FaultSpec {
  kind: FaultKind;
  /** How many payment requests this entry applies to (default 1). */
  count?: number;
  /** decline: which decline. */
  reason?: DeclineReason;
  /** decline/retryable: override the gateway message. */
  message?: string;
  /** http_5xx: status to answer (default 503). */
  status?: number;
  /** lost_response: how long to hold the connection before dropping it (default 30000 ms). */
  hangMs?: number;
  /** success: which terminal status to report (default SUCCESS; CAPTURED or PURCHASED also mean paid). */
  successStatus?: "SUCCESS" | "CAPTURED" | "PURCHASED";
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

/** The outcome an attempt settles to under a fault (or none: plain success). */
export function outcomeFor(spec: FaultSpec | null, autoCapture: boolean): PaymentOutcomePlan {
  const success: PaymentStatus = autoCapture ? (spec?.successStatus ?? "SUCCESS") : "AUTHORIZED";
  if (!spec) return { terminal: success, errorMessage: null, errorCode: null, charges: true };
  switch (spec.kind) {
    case "decline": {
      const d = DECLINES[spec.reason ?? "card_declined"];
      return { terminal: "ERROR", errorMessage: spec.message ?? d.message, errorCode: d.code, charges: false };
    }
    case "retryable":
      return {
        terminal: "RETRYABLE",
        errorMessage: spec.message ?? RETRYABLE_MESSAGE,
        errorCode: "PROCESSING_ERROR",
        charges: false,
      };
    case "pending":
      return { terminal: "PENDING", errorMessage: null, errorCode: null, charges: false };
    default:
      return { terminal: success, errorMessage: null, errorCode: null, charges: true };
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

  /** Consumes the next request-level fault (5xx, throttle, lost response) if it is next in line. */
  takeRequestFault(shop: string, orderId: number): FaultSpec | null {
    const h = this.head(shop, orderId);
    if (!h || !REQUEST_FAULTS.has(h.kind)) return null;
    h.remaining--;
    return h.spec;
  }

  /** Consumes the next outcome fault for a new payment attempt. */
  takeOutcomeFault(shop: string, orderId: number): FaultSpec | null {
    const h = this.head(shop, orderId);
    if (!h || REQUEST_FAULTS.has(h.kind)) return null;
    h.remaining--;
    return h.spec;
  }
}
