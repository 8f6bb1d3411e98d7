// The merchant's words for offer kinds, statuses and every choice the offer form offers.
import type { FinalAction, OfferKind, ReserveInventory } from "../../domain/offer";
import type { OfferStatus } from "../../domain/offer-contract";
import type { BalanceChoice, DepositChoice, FulfillmentChoice, PriceAdjustmentChoice, RetryUnit } from "./form-state";

export const KIND_LABELS: Record<OfferKind, string> = {
  PRE_ORDER: "Pre-order",
  TRY_BEFORE_YOU_BUY: "Try before you buy",
};

export const STATUS_BADGES: Record<OfferStatus, { label: string; tone: "success" | "critical" | "warning" }> = {
  ACTIVE: { label: "Active", tone: "success" },
  DELETED_IN_SHOPIFY: { label: "Deleted in Shopify", tone: "critical" },
  UNREADABLE: { label: "Changed outside the app", tone: "warning" },
};

type Options<T extends string> = Array<{ label: string; value: T }>;

export const DEPOSIT_OPTIONS: Options<DepositChoice> = [
  { label: "Full price at checkout", value: "FULL" },
  { label: "A percentage of the price", value: "PERCENTAGE" },
  { label: "A fixed amount per item", value: "FIXED_AMOUNT" },
  { label: "Nothing at checkout", value: "NONE" },
];

/** A trial is never paid in full up front; a stored FULL (only possible from outside the app) is still shown. */
export function trialDepositOptions(current: DepositChoice): Options<DepositChoice> {
  const options: Options<DepositChoice> = [
    { label: "Nothing at checkout (free trial)", value: "NONE" },
    { label: "A percentage of the price", value: "PERCENTAGE" },
    { label: "A fixed amount per item", value: "FIXED_AMOUNT" },
  ];
  return current === "FULL" ? [...options, { label: "Full price at checkout (not allowed)", value: "FULL" }] : options;
}

export const BALANCE_OPTIONS: Options<BalanceChoice> = [
  { label: "On a date", value: "EXACT_DATE" },
  { label: "A number of days after checkout", value: "DAYS_AFTER_CHECKOUT" },
  { label: "When the order is fulfilled", value: "ON_FULFILLMENT" },
];

export const FULFILLMENT_OPTIONS: Options<FulfillmentChoice> = [
  { label: "Date not known yet", value: "UNKNOWN" },
  { label: "By a date", value: "EXACT_DATE" },
  { label: "As soon as possible", value: "ASAP" },
];

export const RESERVE_OPTIONS: Options<ReserveInventory> = [
  { label: "When the order is placed", value: "ON_SALE" },
  { label: "When the order is fulfilled", value: "ON_FULFILLMENT" },
];

export const PRICE_ADJUSTMENT_OPTIONS: Options<PriceAdjustmentChoice> = [
  { label: "Regular price", value: "NONE" },
  { label: "Percentage off", value: "PERCENTAGE_OFF" },
  { label: "Amount off", value: "AMOUNT_OFF" },
  { label: "Fixed price", value: "FIXED_PRICE" },
];

export const RETRY_UNIT_OPTIONS: Options<RetryUnit> = [
  { label: "Hours", value: "HOURS" },
  { label: "Days", value: "DAYS" },
];

export const FINAL_ACTION_OPTIONS: Options<FinalAction> = [
  { label: "Send the customer an invoice", value: "SEND_INVOICE" },
  { label: "Leave the order unpaid and notify me", value: "LEAVE_UNPAID_AND_NOTIFY" },
  { label: "Cancel the order and restock", value: "CANCEL_AND_RESTOCK" },
];
