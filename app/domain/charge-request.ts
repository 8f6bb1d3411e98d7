// A staff member's requests on a balance charge ("Charge now", "Stop collecting", "Record as paid", "Resume", "End
// attempt"): each is recorded as a request that the charge's own unit of work applies under its claim, so no staff
// action ever writes around a payment in flight. These are the rules of when a request is refused at once, when it
// waits for an attempt to end, and the words the staff member is answered with.
import { isOpenAttempt, isStaffActionable, type ChargeStatus } from "./charge";

export type ChargeRequestKind = "CHARGE_NOW" | "STOP" | "RECORD_PAID" | "RESUME" | "END_ATTEMPT";
export const CHARGE_REQUEST_KINDS: readonly ChargeRequestKind[] = [
  "CHARGE_NOW",
  "STOP",
  "RECORD_PAID",
  "RESUME",
  "END_ATTEMPT",
];

/** PENDING: not applied yet. APPLIED: carried out. DECLINED: not carried out (the outcome says why). */
export type ChargeRequestStatus = "PENDING" | "APPLIED" | "DECLINED";

export const CHARGE_REQUEST_WORDS: Record<ChargeRequestKind, string> = {
  CHARGE_NOW: "Charge now",
  STOP: "Stop collecting",
  RECORD_PAID: "Record as paid outside the app",
  RESUME: "Resume",
  END_ATTEMPT: "End the open attempt",
};

/** What a request needs to know of the charge when it is made. */
export interface ChargeAtRequest {
  status: ChargeStatus;
  /** The open attempt, if any, with its amount in words ("$30.00") and its payment status. */
  openAttempt: { number: number; status: string; paymentStatus: string | null; amount: string } | null;
  /** The charge's unit of work has ended (failed for good, or given up) while the charge is open: it is stalled. */
  unitEnded: boolean;
}

/** Why the request is refused at once, or null when it is recorded for the charge's unit to apply. */
export function refusalOf(kind: ChargeRequestKind, charge: ChargeAtRequest): string | null {
  const open = charge.openAttempt && isOpenAttempt(charge.openAttempt.status) ? charge.openAttempt : null;
  const actionable = isStaffActionable(charge.status);
  switch (kind) {
    case "CHARGE_NOW":
      if (!actionable) return "This order has no open balance to charge.";
      if (open) {
        return `A payment of ${open.amount} (attempt ${open.number}) is ${inFlightWords(open)}: its outcome comes first. If it fails, you can charge again then.`;
      }
      return null;
    case "STOP":
    case "RECORD_PAID":
      return actionable ? null : "The app is not collecting a balance on this order.";
    case "RESUME":
      if (charge.status === "FAILED") return "Every attempt failed: Retry now charges the balance again.";
      if (!actionable) return "The app is not collecting a balance on this order.";
      return open || charge.unitEnded ? null : "Nothing is stalled: the app is collecting this balance as planned.";
    case "END_ATTEMPT":
      if (!open) return "No attempt is open on this balance.";
      // Only an attempt Shopify never answered with a payment reference can be ended; a payment ends when Shopify says.
      return open.status === "CREATED"
        ? null
        : `Attempt ${open.number} has a payment in Shopify (${open.paymentStatus ?? "being processed"}): it ends when Shopify settles it, and the app follows it until then.`;
  }
}

function inFlightWords(attempt: { status: string; paymentStatus: string | null }): string {
  if (attempt.status === "CREATED") return "waiting for a clear answer from Shopify";
  if (attempt.paymentStatus === "REDIRECT_REQUIRED") return "waiting for the customer to confirm it with their bank";
  return "being processed";
}

/**
 * What the staff member is told while their request waits for an attempt to end (the attempt's amount, number and
 * state), in words that say exactly what will and will not happen.
 */
export function waitingWords(
  kind: ChargeRequestKind,
  attempt: { number: number; status: string; paymentStatus: string | null; amount: string } | null,
): string {
  if (!attempt) {
    return "The app is working on this balance right now: your request applies as soon as its current step ends.";
  }
  const payment = `A payment of ${attempt.amount} (attempt ${attempt.number}) is ${inFlightWords(attempt)}.`;
  switch (kind) {
    case "STOP":
      return `${payment} If it goes through, the balance is paid; if it does not, the app stops collecting and tries nothing more.`;
    case "RECORD_PAID":
      return `${payment} If it goes through, nothing is recorded; if it does not, the balance is recorded as paid outside the app then.`;
    case "CHARGE_NOW":
      return `${payment} Its outcome comes first.`;
    case "RESUME":
      return `${payment} The app follows it again now.`;
    case "END_ATTEMPT":
      return `${payment} The app checks Shopify's record of the order before it ends the attempt.`;
  }
}
