// The merchant's words for deferred orders: their kinds, statuses, payment terms and the list's status filters.
import type { BadgeProps } from "@shopify/polaris";
import type { DeferredOrderCategory, DeferredOrderStatus } from "../../domain/deferred-order";

type Tone = BadgeProps["tone"];

export const CATEGORY_LABELS: Record<DeferredOrderCategory, string> = {
  PRE_ORDER: "Pre-order",
  TRY_BEFORE_YOU_BUY: "Try before you buy",
  MIXED: "Mixed",
};

export const CATEGORY_TONES: Record<DeferredOrderCategory, Tone> = {
  PRE_ORDER: "info",
  TRY_BEFORE_YOU_BUY: "magic",
  MIXED: undefined,
};

export const STATUS_BADGES: Record<DeferredOrderStatus, { label: string; tone: Tone }> = {
  OPEN: { label: "Balance due", tone: "attention" },
  PAID: { label: "Paid", tone: "success" },
  CANCELLED: { label: "Cancelled", tone: undefined },
  TERMS_REMOVED: { label: "No payment terms", tone: "warning" },
};

/** Shown next to the status while a return is open: the balance is held until it closes. */
export const RETURN_BADGE = { label: "Return in progress", tone: "warning" } as const;

/** Why the due date of an order that is not open cannot be moved. */
export const NOT_RESCHEDULABLE: Record<Exclude<DeferredOrderStatus, "OPEN">, string> = {
  PAID: "The balance is already paid: there is no due date to move.",
  CANCELLED: "The order is cancelled: the customer will not be charged.",
  TERMS_REMOVED: "The order no longer has payment terms in Shopify, so there is no due date to move.",
};

const PAYMENT_TERMS_LABELS: Record<string, string> = {
  FIXED: "On a fixed date",
  NET: "A number of days after checkout",
  FULFILLMENT: "When the order is fulfilled",
  RECEIPT: "On receipt",
};

/** Shopify's PaymentTermsType in words; an unknown type is shown as Shopify names it. */
export function paymentTermsLabel(type: string | null): string {
  if (type === null) return "None";
  return PAYMENT_TERMS_LABELS[type] ?? type;
}

export type OrderFilter = "all" | "open" | "paid" | "cancelled";

/** The list's status tabs, in order; "all" also holds orders whose payment terms were removed. */
export const ORDER_FILTERS: ReadonlyArray<{ id: OrderFilter; label: string }> = [
  { id: "all", label: "All" },
  { id: "open", label: "Open" },
  { id: "paid", label: "Paid" },
  { id: "cancelled", label: "Cancelled" },
];

export const FILTER_EMPTY_TEXT: Record<OrderFilter, string> = {
  all: "No deferred orders yet.",
  open: "No order has a balance due.",
  paid: "No deferred order has been paid in full yet.",
  cancelled: "No deferred order has been cancelled.",
};
