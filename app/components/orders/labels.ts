// The merchant's words for deferred orders: their kinds, statuses and payment terms.
import type { BadgeProps } from "@shopify/polaris";
import {
  ORDER_CATEGORY_WORDS,
  ORDER_STATUS_WORDS,
  type DeferredOrderCategory,
  type DeferredOrderStatus,
} from "../../domain/deferred-order";

type Tone = BadgeProps["tone"];

export const CATEGORY_LABELS: Record<DeferredOrderCategory, string> = ORDER_CATEGORY_WORDS;

export const CATEGORY_TONES: Record<DeferredOrderCategory, Tone> = {
  PRE_ORDER: "info",
  TRY_BEFORE_YOU_BUY: "magic",
  MIXED: undefined,
};

export const STATUS_BADGES: Record<DeferredOrderStatus, { label: string; tone: Tone }> = {
  OPEN: { label: ORDER_STATUS_WORDS.OPEN, tone: "attention" },
  PAID: { label: ORDER_STATUS_WORDS.PAID, tone: "success" },
  CANCELLED: { label: ORDER_STATUS_WORDS.CANCELLED, tone: undefined },
  TERMS_REMOVED: { label: ORDER_STATUS_WORDS.TERMS_REMOVED, tone: "warning" },
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
