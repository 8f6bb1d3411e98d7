// What the deferred orders pages show, built on the server from stored rows: money and dates are formatted here
// (in the shop's time zone), so the loaders send only strings and booleans (no bigint, no Date) to the browser.
import { DateTime } from "luxon";
import type { DeferredOrderSnapshot, DeferredOrderStatus, PaymentMethodSummary } from "../../domain/deferred-order";
import { MAX_RESCHEDULE_DAYS } from "../../domain/reschedule";
import { dateTimeFormat } from "../../domain/intl-format";
import { formatMoney, moneyFromMinorUnits, subtractMoney, type Money } from "../../domain/money";
import { earliestPickableDate, instantToDateOnly } from "../offers/dates";

export interface DisplayOptions {
  timeZone: string;
  locale: string;
}

/** A stored deferred order as the pages read it (DeferredOrderRow satisfies it). */
export type StoredOrder = DeferredOrderSnapshot & { lastSyncedAt: Date };

const ORDER_GID = /^gid:\/\/shopify\/Order\/(\d+)$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;

/** The order gid for a page's `$id` (the numeric order id), or null when it is not one. */
export function orderGidFromParam(param: string | undefined): string | null {
  return param !== undefined && NUMERIC_ID.test(param) ? `gid://shopify/Order/${param}` : null;
}

/** The numeric id the detail page's URL uses. */
export function orderPathId(orderGid: string): string {
  return ORDER_GID.exec(orderGid)?.[1] ?? encodeURIComponent(orderGid);
}

/** The last segment of a gid ("gid://shopify/ProductVariant/42" -> "42"). */
function shortId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

export function formatDay(date: Date, options: DisplayOptions): string {
  return dateTimeFormat(options.locale, { dateStyle: "medium", timeZone: options.timeZone }).format(date);
}

export function formatDateTime(date: Date, options: DisplayOptions): string {
  return dateTimeFormat(options.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: options.timeZone,
  }).format(date);
}

/** When the balance is due, in words: a day in the shop's zone, "On fulfilment", or "No due date". */
export function dueDateText(order: { dueAt: Date | null; dueOnFulfillment: boolean }, options: DisplayOptions) {
  if (order.dueAt) return formatDay(order.dueAt, options);
  return order.dueOnFulfillment ? "On fulfilment" : "No due date";
}

/** What the list and the order page both show about an order. */
function orderSummary(order: StoredOrder, options: DisplayOptions) {
  return {
    id: order.orderId,
    pathId: orderPathId(order.orderId),
    name: order.orderName,
    customer: order.customerName,
    category: order.category,
    status: order.status,
    returnInProgress: order.returnInProgress,
    received: formatMoney(order.received, options.locale),
    balanceDue: formatMoney(order.balanceDue, options.locale),
  };
}

/** A row of the list as the database gives it (the list's row type satisfies it). */
export interface ListedOrder {
  orderId: string;
  orderName: string;
  customerName: string | null;
  customerEmail: string | null;
  category: DeferredOrderSnapshot["category"];
  status: DeferredOrderStatus;
  currency: string;
  receivedMinor: bigint;
  balanceDueMinor: bigint;
  dueAt: Date | null;
  dueOnFulfillment: boolean;
  returnInProgress: boolean;
  chargeStatus: string | null;
  needsAttention: boolean;
}

export function orderListItem(order: ListedOrder, options: DisplayOptions & { now: Date }) {
  const open = order.status === "OPEN";
  return {
    id: order.orderId,
    pathId: orderPathId(order.orderId),
    name: order.orderName,
    customer: order.customerName,
    email: order.customerEmail,
    category: order.category,
    status: order.status,
    returnInProgress: order.returnInProgress,
    received: formatMoney(moneyFromMinorUnits(order.receivedMinor, order.currency), options.locale),
    balanceDue: formatMoney(moneyFromMinorUnits(order.balanceDueMinor, order.currency), options.locale),
    // A paid or cancelled order owes nothing: its old due date would only confuse.
    dueDate: open ? dueDateText(order, options) : null,
    overdue: open && order.dueAt !== null && order.dueAt < options.now,
    chargeFailed: order.chargeStatus === "FAILED",
    needsAttention: order.needsAttention,
  };
}

export type OrderListItem = ReturnType<typeof orderListItem>;

/** Shopify's OrderDisplayFulfillmentStatus in words. */
const FULFILLMENT_WORDS: Record<string, string> = {
  UNFULFILLED: "Unfulfilled",
  PARTIALLY_FULFILLED: "Partially fulfilled",
  FULFILLED: "Fulfilled",
  IN_PROGRESS: "In progress",
  ON_HOLD: "On hold",
  OPEN: "Open",
  PENDING_FULFILLMENT: "Pending fulfillment",
  REQUEST_DECLINED: "Request declined",
  RESTOCKED: "Restocked",
  SCHEDULED: "Scheduled",
};

/** "Visa •••• 4242, expires 12/2028" (or "expired"), as the card is saved; never more of the number. */
export function paymentMethodText(card: PaymentMethodSummary, now: Date): string {
  const brand = card.brand.replace(/_/g, " ").replace(/\b\w/g, (letter) => letter.toUpperCase());
  const month = String(card.expiryMonth).padStart(2, "0");
  const expired =
    card.expiryYear < now.getUTCFullYear() ||
    (card.expiryYear === now.getUTCFullYear() && card.expiryMonth < now.getUTCMonth() + 1);
  return `${brand} •••• ${card.lastDigits}, ${expired ? "expired" : "expires"} ${month}/${card.expiryYear}`;
}

/** What the detail page needs to name a line's offer and variant (a stored offer row satisfies it). */
export interface OfferNames {
  id: string;
  name: string;
  variants: ReadonlyArray<{ id: string; title: string; productTitle: string }>;
}

/**
 * What the customer paid, as Shopify's order page words it: "Paid" alone, or once anything was refunded (a refunded
 * deposit, say) "Paid by customer", "Refunded" and "Net payment", so a refunded deposit never reads as paid.
 */
export function paymentRows(
  received: Money,
  refunded: Money | null | undefined,
  locale: string,
): Array<{ term: string; description: string }> {
  if (!refunded || refunded.minorUnits <= 0n) return [{ term: "Paid", description: formatMoney(received, locale) }];
  return [
    { term: "Paid by customer", description: formatMoney(received, locale) },
    { term: "Refunded", description: formatMoney(refunded, locale) },
    { term: "Net payment", description: formatMoney(subtractMoney(received, refunded), locale) },
  ];
}

export function orderDetail(
  order: StoredOrder,
  offers: readonly OfferNames[],
  options: DisplayOptions & { now: Date },
) {
  const offerById = new Map(offers.map((offer) => [offer.id, offer]));
  const variantTitles = new Map<string, string>();
  for (const offer of offers) {
    for (const variant of offer.variants) {
      const title =
        variant.title && variant.title !== "Default Title"
          ? `${variant.productTitle} – ${variant.title}`
          : variant.productTitle;
      variantTitles.set(variant.id, title);
    }
  }
  const zone = options.timeZone;
  const latest = DateTime.fromJSDate(options.now, { zone }).plus({ days: MAX_RESCHEDULE_DAYS }).toISODate();
  return {
    ...orderSummary(order, options),
    total: formatMoney(order.total, options.locale),
    dueDate: dueDateText(order, options),
    dueOnFulfillment: order.dueOnFulfillment,
    /** The reschedule field's starting value: the current due day in the shop's zone ("" when there is none). */
    dueDateInput: order.dueAt ? (instantToDateOnly(order.dueAt.toISOString(), zone) ?? "") : "",
    /** Changes when the due date does: the reschedule form starts again from the new date. */
    dueAtKey: order.dueAt?.toISOString() ?? (order.dueOnFulfillment ? "fulfilment" : "none"),
    earliestDate: earliestPickableDate(options.now, zone),
    latestDate: latest ?? "",
    paymentTermsType: order.paymentTermsType,
    hasSavedPaymentMethod: order.mandateId !== null,
    paymentMethod: order.paymentMethod ? paymentMethodText(order.paymentMethod, options.now) : null,
    payments: paymentRows(order.received, order.refunded, options.locale),
    fulfillment: order.fulfillmentStatus
      ? (FULFILLMENT_WORDS[order.fulfillmentStatus] ?? order.fulfillmentStatus)
      : "Not known yet",
    lastSynced: formatDateTime(order.lastSyncedAt, options),
    lines: order.lines.map((line) => {
      const offer = line.offerId ? offerById.get(line.offerId) : undefined;
      const titled = line.title ? [line.title, line.variantTitle].filter(Boolean).join(" – ") : null;
      const variant =
        titled ??
        (line.variantId
          ? (variantTitles.get(line.variantId) ?? `Variant ${shortId(line.variantId)}`)
          : "Removed variant");
      const cancelled = order.status === "CANCELLED";
      return {
        id: line.lineItemId,
        quantity: line.quantity,
        variant,
        /** "2 × Lamp"; a line with nothing left is named alone (its note says why), never "0 × Lamp". */
        heading: line.quantity > 0 ? `${line.quantity} × ${variant}` : variant,
        note: cancelled ? "Cancelled with the order" : line.quantity === 0 ? "Removed from the order" : null,
        imageUrl: line.imageUrl ?? null,
        unitPrice: line.unitPrice ? formatMoney(line.unitPrice, options.locale) : null,
        offer: line.offerId ? { id: line.offerId, name: offer?.name ?? "Deleted offer" } : null,
        // On one of the app's selling plans whose offer is gone from the app's database.
        otherPlan: !line.offerId && line.sellingPlanId !== null,
      };
    }),
  };
}

export type OrderDetail = ReturnType<typeof orderDetail>;

/** One stored due date change (a DueDateChange row satisfies it). */
export interface StoredDueDateChange {
  id: string;
  fromDueAt: Date | null;
  toDueAt: Date;
  earlier: boolean;
  confirmedEarlier: boolean;
  reason: string | null;
  outcome: string;
  error: string | null;
  createdAt: Date;
}

export function historyEntry(change: StoredDueDateChange, options: DisplayOptions) {
  return {
    id: change.id,
    at: formatDateTime(change.createdAt, options),
    from: change.fromDueAt ? formatDay(change.fromDueAt, options) : "On fulfilment",
    to: formatDay(change.toDueAt, options),
    earlier: change.earlier,
    confirmedEarlier: change.confirmedEarlier,
    applied: change.outcome === "APPLIED",
    error: change.error,
    note: change.reason,
  };
}

export type HistoryEntry = ReturnType<typeof historyEntry>;

/** The latest search of existing orders (a BackfillRun row satisfies it). */
export interface StoredBackfillRun {
  id: string;
  trigger: string;
  status: string;
  pages: number;
  ordersRead: number;
  ordersTaken: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The banner about the latest search of existing orders; `active` while the page should keep asking. */
export function backfillBanner(run: StoredBackfillRun, options: DisplayOptions) {
  const read = plural(run.ordersRead, "order", "orders");
  const found = plural(run.ordersTaken, "new order", "new orders");
  const base = { id: run.id, active: false, waitingToRetry: false };
  switch (run.status) {
    case "QUEUED":
      return run.lastError
        ? {
            ...base,
            active: true,
            waitingToRetry: true,
            tone: "warning" as const,
            title: "The search for existing orders paused and will resume shortly",
            message: `${read} read so far. Shopify answered: ${run.lastError}`,
          }
        : {
            ...base,
            active: true,
            tone: "info" as const,
            title: "Searching your existing orders…",
            message: "The search is about to start.",
          };
    case "RUNNING":
      return {
        ...base,
        active: true,
        tone: "info" as const,
        title: "Searching your existing orders…",
        message: `${plural(run.pages, "page", "pages")} read so far: ${read}, ${found} with deferred payments.`,
      };
    case "DONE": {
      const when = run.finishedAt ? ` on ${formatDateTime(run.finishedAt, options)}` : "";
      return {
        ...base,
        // The search made on install is background information; one the merchant asked for is news.
        tone: run.trigger === "INSTALL" ? ("info" as const) : ("success" as const),
        title:
          run.trigger === "INSTALL" ? "Existing orders were searched when the app was installed" : "Search finished",
        message: `Found ${found} with deferred payments among ${read} read${when}.`,
      };
    }
    default:
      return {
        ...base,
        tone: "critical" as const,
        title: "The search for existing orders failed",
        message: `${run.lastError ?? "Unknown error."} Click “Find existing orders” to try again.`,
      };
  }
}

export type BackfillBanner = ReturnType<typeof backfillBanner>;
