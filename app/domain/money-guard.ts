// The money-first guard: before any new payment key is sent (or a payment recorded outside the app), the order as
// Shopify reads it now must show that no payment is in flight, that nothing was paid since the last attempt began
// (except what Shopify itself attributes to the app's own attempts), and that the new amount keeps what is received
// within the order's total. It reads only Shopify's record of the order, so it holds even when the app's ledger is wrong.
import { moneyText } from "./money";

/** One transaction of the order, as the guard reads it (amounts in the shop's currency, minor units). */
export interface OrderTransactionRead {
  id: string;
  kind: string;
  status: string;
  manual: boolean;
  createdAt: Date;
  amountMinor: bigint;
  parentId: string | null;
}

/** The order's money as Shopify reads it now (shop currency). */
export interface OrderMoneyRead {
  currency: string;
  /** `totalReceivedSet`: received from the customer (sales and captures), before refunds: what the guard counts. */
  receivedMinor: bigint;
  /** `currentTotalPriceSet`: what the order is worth now (after edits, returns and removals). */
  currentTotalMinor: bigint;
  /** `totalCapturableSet`: authorized and not captured yet. */
  capturableMinor: bigint;
  transactions: readonly OrderTransactionRead[];
}

/** Kinds of transaction that take the customer's money (or hold it, for an authorization). */
const PAYMENT_KINDS = new Set(["SALE", "AUTHORIZATION", "CAPTURE"]);
/** Statuses of a transaction whose outcome is not known yet. */
const IN_FLIGHT_STATUSES = new Set(["PENDING", "AWAITING_RESPONSE", "UNKNOWN"]);
/** How much earlier than the app's own record of an attempt's start a payment still counts as "since" it (clocks). */
export const GUARD_CLOCK_SKEW_MS = 5 * 60_000;

export type GuardVerdict =
  { send: true } | { send: false; reason: "IN_FLIGHT" | "PAID_SINCE" | "OVER_TOTAL"; why: string };

export interface GuardInput {
  /** What would be charged (or recorded) now, shop currency. */
  amountMinor: bigint;
  /** When the charge's last attempt began (null before the first). */
  lastAttemptAt: Date | null;
  /** Transactions Shopify attributed to the app's own attempts (their payments' `transactions`). */
  ownTransactionIds: ReadonlySet<string>;
  /**
   * A staff member asked for this payment after looking at the order: a payment made since the last attempt does not
   * stop it (one in flight, or going over the total, still does).
   */
  staffOverride?: boolean;
}

/**
 * Whether a new payment of `input.amountMinor` may go out on the order `read` describes, and why not:
 * - a payment the app did not take is in flight, or was made, since its last attempt began (in flight always stops it;
 *   made stops it unless a staff member who looked asked for this payment);
 * - what the order received (before refunds), with what is in flight (pending payments, authorizations not captured)
 *   and this amount, would go above its total.
 */
export function moneyFirstGuard(read: OrderMoneyRead, input: GuardInput): GuardVerdict {
  const money = (minor: bigint) => moneyText(minor, read.currency);
  const payments = read.transactions.filter((transaction) => PAYMENT_KINDS.has(transaction.kind));
  const settledParents = new Set(
    read.transactions
      .filter((transaction) => transaction.status === "SUCCESS" || transaction.status === "FAILURE")
      .map((transaction) => transaction.parentId)
      .filter((id): id is string => id !== null),
  );
  // A pending transaction later settled by a child transaction (success or failure) is no longer in flight.
  const inFlight = payments.filter(
    (transaction) => IN_FLIGHT_STATUSES.has(transaction.status) && !settledParents.has(transaction.id),
  );
  const sum = (list: readonly OrderTransactionRead[]) => list.reduce((total, t) => total + t.amountMinor, 0n);
  if (input.lastAttemptAt) {
    const since = input.lastAttemptAt.getTime() - GUARD_CLOCK_SKEW_MS;
    const strangers = (list: readonly OrderTransactionRead[]) =>
      list.filter((t) => t.createdAt.getTime() >= since && !input.ownTransactionIds.has(t.id));
    const pendingSince = strangers(inFlight);
    if (pendingSince.length > 0) {
      return {
        send: false,
        reason: "IN_FLIGHT",
        why: `Shopify shows ${money(sum(pendingSince))} in flight on the order since the last attempt began, which the app did not send`,
      };
    }
    const paidSince = strangers(payments.filter((t) => t.status === "SUCCESS"));
    if (paidSince.length > 0 && !input.staffOverride) {
      return {
        send: false,
        reason: "PAID_SINCE",
        why: `Shopify shows ${money(sum(paidSince))} paid on the order since the last attempt began, which the app did not take`,
      };
    }
  }
  // Received before refunds: a refund does not make what is owed grow in Shopify (its outstanding amount does not
  // count refunds), so it must not make room for a second payment either.
  const inFlightMinor = sum(inFlight) + read.capturableMinor;
  const received = read.receivedMinor;
  if (received + inFlightMinor + input.amountMinor > read.currentTotalMinor) {
    const pending =
      inFlightMinor > 0n ? ` with ${money(inFlightMinor)} in flight (pending, or authorized and not captured)` : "";
    return {
      send: false,
      reason: "OVER_TOTAL",
      why: `taking ${money(input.amountMinor)} would bring what the order received to ${money(received + inFlightMinor + input.amountMinor)}${pending}, above its total of ${money(read.currentTotalMinor)}`,
    };
  }
  return { send: true };
}
