// What the app keeps about an order with deferred payment terms, derived purely from one Admin API read of it.
import { parseMoney, zeroMoney, type CurrencyCode, type Money } from "./money";

export type DeferredOrderCategory = "PRE_ORDER" | "TRY_BEFORE_YOU_BUY" | "MIXED";
/** OPEN: a balance is owed. PAID, CANCELLED and TERMS_REMOVED are never charged. */
export type DeferredOrderStatus = "OPEN" | "PAID" | "CANCELLED" | "TERMS_REMOVED";
export type OfferKind = "PRE_ORDER" | "TRY_BEFORE_YOU_BUY";

/** The merchant's words for them (pages, exports). */
export const ORDER_CATEGORY_WORDS: Record<DeferredOrderCategory, string> = {
  PRE_ORDER: "Pre-order",
  TRY_BEFORE_YOU_BUY: "Try before you buy",
  MIXED: "Mixed",
};
export const ORDER_STATUS_WORDS: Record<DeferredOrderStatus, string> = {
  OPEN: "Balance due",
  PAID: "Paid",
  CANCELLED: "Cancelled",
  TERMS_REMOVED: "No payment terms",
};

/** One of this app's selling plans: the offer it belongs to and that offer's kind. */
export interface AppPlan {
  offerId: string;
  kind: OfferKind;
}

interface MoneyRead {
  amount: string;
  currencyCode: string;
}

/** The fields of `DEFERRED_ORDER_QUERY`'s answer this module reads (the generated type satisfies it). */
export interface DeferredOrderRead {
  id: string;
  name: string;
  email?: string | null;
  createdAt?: string | null;
  updatedAt: string;
  cancelledAt?: string | null;
  /** Archived in Shopify (closed): a balance still owed on it waits until it is opened again. */
  closed?: boolean | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  customer?: { id: string; displayName: string } | null;
  totalPriceSet: { shopMoney: MoneyRead };
  totalOutstandingSet: { shopMoney: MoneyRead };
  totalReceivedSet: { shopMoney: MoneyRead };
  totalRefundedSet?: { shopMoney: MoneyRead } | null;
  displayFulfillmentStatus?: string | null;
  paymentCollectionDetails: {
    vaultedPaymentMethods?:
      | {
          id: string;
          paymentInstrument?: {
            __typename: string;
            brand?: string;
            lastDigits?: string;
            expiryMonth?: number;
            expiryYear?: number;
          } | null;
        }[]
      | null;
  };
  paymentTerms?: {
    id: string;
    paymentTermsType: string;
    paymentSchedules: {
      nodes: { id: string; dueAt?: string | null; completedAt?: string | null; totalBalance: MoneyRead }[];
    };
  } | null;
  returns?: { nodes: { status: string }[] } | null;
  lineItems: {
    nodes: {
      id: string;
      title?: string | null;
      variantTitle?: string | null;
      image?: { url: string } | null;
      originalUnitPriceSet?: { shopMoney: MoneyRead } | null;
      quantity: number;
      /** What is left of the line after order edits and removals (`quantity` keeps the units first ordered). */
      currentQuantity?: number | null;
      sellingPlan?: { sellingPlanId?: string | null } | null;
      variant?: { id: string } | null;
    }[];
  };
}

export interface DeferredOrderLineSnapshot {
  lineItemId: string;
  variantId: string | null;
  /** Units left on the line after edits (0: removed); on a cancelled order, the units ordered. */
  quantity: number;
  sellingPlanId: string | null;
  offerId: string | null;
  /** The product's title and the variant's, as on the order (kept when the product changes or goes). */
  title?: string | null;
  variantTitle?: string | null;
  imageUrl?: string | null;
  /** The unit price before discounts, in the shop currency. */
  unitPrice?: Money | null;
}

/** The saved card a balance is charged to (what the order page shows of it; never the full number). */
export interface PaymentMethodSummary {
  brand: string;
  lastDigits: string;
  expiryMonth: number;
  expiryYear: number;
}

export interface DeferredOrderSnapshot {
  orderId: string;
  orderName: string;
  customerId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  /** When the customer placed the order. */
  orderCreatedAt: Date;
  shopCurrency: CurrencyCode;
  presentmentCurrency: CurrencyCode;
  category: DeferredOrderCategory;
  total: Money;
  received: Money;
  /** Refunded so far (a refunded deposit shows here, not as paid). */
  refunded?: Money;
  balanceDue: Money;
  paymentTermsId: string | null;
  paymentTermsType: string | null;
  paymentScheduleId: string | null;
  dueAt: Date | null;
  dueOnFulfillment: boolean;
  mandateId: string | null;
  paymentMethod?: PaymentMethodSummary | null;
  /** Shopify's OrderDisplayFulfillmentStatus (UNFULFILLED, FULFILLED, ...). */
  fulfillmentStatus?: string | null;
  status: DeferredOrderStatus;
  /** A return is requested or open: the balance waits until it closes (the customer may owe less or nothing). */
  returnInProgress: boolean;
  /** Archived (closed) in Shopify, when the read said (a stored order does not keep it). */
  closed?: boolean;
  shopifyUpdatedAt: Date;
  lines: DeferredOrderLineSnapshot[];
}

/** Shopify's ReturnStatus values of a return not yet settled. */
const RETURN_IN_PROGRESS = new Set(["REQUESTED", "OPEN"]);

/** Null when no line is on one of this app's selling plans: the order is none of the app's business. */
export function deferredOrderFromRead(
  read: DeferredOrderRead,
  plans: ReadonlyMap<string, AppPlan>,
): DeferredOrderSnapshot | null {
  const lines = read.lineItems.nodes.map((line): DeferredOrderLineSnapshot => {
    const sellingPlanId = line.sellingPlan?.sellingPlanId ?? null;
    const price = line.originalUnitPriceSet?.shopMoney;
    return {
      lineItemId: line.id,
      variantId: line.variant?.id ?? null,
      // What is left of the line; a cancelled order keeps what was ordered (cancelling leaves nothing on any line,
      // and "0 ×" would say nothing of what the customer had bought).
      quantity: read.cancelledAt ? line.quantity : (line.currentQuantity ?? line.quantity),
      sellingPlanId,
      offerId: sellingPlanId ? (plans.get(sellingPlanId)?.offerId ?? null) : null,
      title: line.title ?? null,
      variantTitle: line.variantTitle && line.variantTitle !== "Default Title" ? line.variantTitle : null,
      imageUrl: line.image?.url ?? null,
      unitPrice: price ? parseMoney(price.amount, price.currencyCode) : null,
    };
  });
  const kinds = new Set<OfferKind>();
  for (const line of lines) {
    const plan = line.sellingPlanId ? plans.get(line.sellingPlanId) : undefined;
    if (plan) kinds.add(plan.kind);
  }
  if (kinds.size === 0) return null;
  const category: DeferredOrderCategory = kinds.size > 1 ? "MIXED" : [...kinds][0];

  // Payment terms, schedules and mandate payments are in the shop currency; presentment is kept for display.
  const currency = read.currencyCode;
  const money = (value: MoneyRead, what: string): Money => {
    if (value.currencyCode !== currency) {
      throw new RangeError(`${read.id}: ${what} is in ${value.currencyCode}, not the shop currency ${currency}`);
    }
    return parseMoney(value.amount, currency);
  };
  const total = money(read.totalPriceSet.shopMoney, "totalPriceSet");
  const received = money(read.totalReceivedSet.shopMoney, "totalReceivedSet");
  const outstanding = money(read.totalOutstandingSet.shopMoney, "totalOutstandingSet");

  const terms = read.paymentTerms ?? null;
  // Deferred purchase options produce terms with one schedule; prefer the open one if there are ever more.
  const schedules = terms?.paymentSchedules.nodes ?? [];
  const schedule = schedules.find((candidate) => !candidate.completedAt) ?? schedules[0] ?? null;
  const scheduleOpen = schedule !== null && !schedule.completedAt;
  const balanceDue = scheduleOpen
    ? money(schedule.totalBalance, "paymentSchedule.totalBalance")
    : { currency, minorUnits: 0n };
  const dueOnFulfillment = terms?.paymentTermsType === "FULFILLMENT" && !schedule?.dueAt;

  const vaulted = read.paymentCollectionDetails.vaultedPaymentMethods?.[0];
  const instrument = vaulted?.paymentInstrument;
  const card: PaymentMethodSummary | null =
    instrument?.__typename === "VaultCreditCard" && instrument.brand && instrument.lastDigits
      ? {
          brand: instrument.brand,
          lastDigits: instrument.lastDigits,
          expiryMonth: instrument.expiryMonth ?? 0,
          expiryYear: instrument.expiryYear ?? 0,
        }
      : null;

  const status: DeferredOrderStatus = read.cancelledAt
    ? "CANCELLED"
    : terms === null
      ? "TERMS_REMOVED"
      : balanceDue.minorUnits <= 0n || outstanding.minorUnits <= 0n
        ? "PAID"
        : "OPEN";

  return {
    orderId: read.id,
    orderName: read.name,
    closed: Boolean(read.closed),
    customerId: read.customer?.id ?? null,
    customerName: read.customer?.displayName ?? null,
    customerEmail: read.email ?? null,
    orderCreatedAt: new Date(read.createdAt ?? read.updatedAt),
    shopCurrency: currency,
    presentmentCurrency: read.presentmentCurrencyCode,
    category,
    total,
    received,
    refunded: read.totalRefundedSet ? money(read.totalRefundedSet.shopMoney, "totalRefundedSet") : zeroMoney(currency),
    balanceDue,
    paymentTermsId: terms?.id ?? null,
    paymentTermsType: terms?.paymentTermsType ?? null,
    paymentScheduleId: schedule?.id ?? null,
    dueAt: schedule?.dueAt ? new Date(schedule.dueAt) : null,
    dueOnFulfillment,
    // The first vaulted method is the one checkout stored for the deferred balance.
    mandateId: vaulted?.id ?? null,
    paymentMethod: card,
    fulfillmentStatus: read.displayFulfillmentStatus ?? null,
    status,
    returnInProgress: (read.returns?.nodes ?? []).some((r) => RETURN_IN_PROGRESS.has(r.status)),
    shopifyUpdatedAt: new Date(read.updatedAt),
    lines,
  };
}

const ODD_TERMS_GID = /^gid:\/\/shopify\/(?:PaymentsPaymentFlexibilityPaymentTermsPaymentTerms|PaymentTerms)\/(\d+)$/;

/**
 * The GraphQL id of the payment terms a REST payload names. Shopify's payment_terms/* bodies carry
 * `gid://shopify/PaymentsPaymentFlexibilityPaymentTermsPaymentTerms/<id>` while GraphQL knows
 * `gid://shopify/PaymentTerms/<id>`. The digits are taken from the gid text: the JSON number `id`
 * may exceed 2^53 and arrive rounded, so it is used only when it is a safe integer.
 */
export function paymentTermsGid(payload: { admin_graphql_api_id?: unknown; id?: unknown }): string | null {
  if (typeof payload.admin_graphql_api_id === "string") {
    const match = ODD_TERMS_GID.exec(payload.admin_graphql_api_id);
    if (match) return `gid://shopify/PaymentTerms/${match[1]}`;
  }
  const numeric = exactId(payload.id);
  return numeric ? `gid://shopify/PaymentTerms/${numeric}` : null;
}

/**
 * A numeric id from a parsed JSON body, as text, only if it is certainly exact: a JSON integer above
 * 2^53 - 1 parses to an unsafe double, so `Number.isSafeInteger` tells exact from rounded.
 */
export function exactId(value: unknown): string | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? String(value) : null;
  if (typeof value === "string" && /^[1-9]\d*$/.test(value)) return value;
  return null;
}

const SCHEDULE_GID = /^gid:\/\/shopify\/PaymentSchedule\/\d+$/;

/** The payment schedule gid of a payment_schedules/* payload, exact (its text), or null. */
export function paymentScheduleGid(payload: { admin_graphql_api_id?: unknown }): string | null {
  const id = payload.admin_graphql_api_id;
  return typeof id === "string" && SCHEDULE_GID.test(id) ? id : null;
}
