// Offer inputs covering every shape the domain supports, shared by the domain unit tests.
import type { OfferInput } from "~/domain/offer";

/** Every test validates "in the future" against this instant. */
export const NOW = new Date("2026-11-24T12:00:00Z");

export const MARCH_1 = "2027-03-01T00:00:00Z";
export const APRIL_1 = "2027-04-01T00:00:00Z";

type PreOrderPlanInput = Extract<OfferInput, { kind: "PRE_ORDER" }>["plans"][number];
type TrialPlanInput = Extract<OfferInput, { kind: "TRY_BEFORE_YOU_BUY" }>["plans"][number];

const common = {
  currencyCode: "USD",
  merchantCode: "Spring drop",
  description: "Launch of the spring collection",
  optionLabels: ["Purchase option"],
  retryPolicy: { maxAttempts: 3, interval: { value: 2, unit: "DAYS" as const }, finalAction: "SEND_INVOICE" as const },
  stockRules: { presaleLimit: 50, onlyWhenOutOfStock: true },
};

export function preOrderPlan(overrides: Partial<PreOrderPlanInput> = {}): PreOrderPlanInput {
  return {
    key: "deposit",
    name: "Pre-order with deposit",
    description: "Reserve yours today",
    optionValues: ["Pay 25% now"],
    deposit: { type: "PERCENTAGE", percentage: 25 },
    balance: { trigger: "EXACT_DATE", chargeAt: APRIL_1 },
    fulfillment: { trigger: "EXACT_DATE", shipsAt: MARCH_1 },
    reserveInventory: "ON_SALE",
    priceAdjustment: null,
    confirmChargeBeforeFulfillment: false,
    ...overrides,
  };
}

export function trialPlan(overrides: Partial<TrialPlanInput> = {}): TrialPlanInput {
  return {
    key: "trial",
    name: "Try before you buy",
    description: null,
    optionValues: ["Try free for 14 days"],
    trialDays: 14,
    deposit: { type: "NONE" },
    reserveInventory: "ON_SALE",
    priceAdjustment: null,
    ...overrides,
  };
}

export function preOrderInput(
  plans: PreOrderPlanInput[] = [preOrderPlan()],
  overrides: Partial<Omit<Extract<OfferInput, { kind: "PRE_ORDER" }>, "kind" | "plans">> = {},
): Extract<OfferInput, { kind: "PRE_ORDER" }> {
  return { kind: "PRE_ORDER", ...common, name: "Pre-order", ...overrides, plans };
}

export function trialInput(
  plans: TrialPlanInput[] = [trialPlan()],
  overrides: Partial<Omit<Extract<OfferInput, { kind: "TRY_BEFORE_YOU_BUY" }>, "kind" | "plans">> = {},
): Extract<OfferInput, { kind: "TRY_BEFORE_YOU_BUY" }> {
  return { kind: "TRY_BEFORE_YOU_BUY", ...common, name: "Try before you buy", ...overrides, plans };
}

/** One named input per supported combination of deposit, balance, delivery, inventory and price. */
export const OFFER_SHAPES: Record<string, OfferInput> = {
  "pre-order, 25% deposit, balance on a date, ships on a date": preOrderInput(),
  "pre-order, no deposit, balance N days after checkout, ships ASAP": preOrderInput([
    preOrderPlan({
      deposit: { type: "NONE" },
      balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 30 },
      fulfillment: { trigger: "ASAP" },
      reserveInventory: "ON_FULFILLMENT",
    }),
  ]),
  "pre-order, fixed deposit per item, balance on fulfillment, ship date unknown": preOrderInput([
    preOrderPlan({
      deposit: { type: "FIXED_AMOUNT", amount: "10.00" },
      balance: { trigger: "ON_FULFILLMENT" },
      fulfillment: { trigger: "UNKNOWN" },
    }),
  ]),
  "pre-order, paid in full, 10% off": preOrderInput([
    preOrderPlan({
      deposit: { type: "FULL" },
      balance: null,
      priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 },
    }),
  ]),
  "pre-order, fixed amount off, charged before shipping (confirmed)": preOrderInput([
    preOrderPlan({
      balance: { trigger: "EXACT_DATE", chargeAt: "2027-02-15T09:30:00Z" },
      priceAdjustment: { type: "AMOUNT_OFF", amount: "5.00" },
      confirmChargeBeforeFulfillment: true,
    }),
  ]),
  "pre-order, fixed price, two purchase options": preOrderInput([
    preOrderPlan({ priceAdjustment: { type: "FIXED_PRICE", price: "40.00" } }),
    preOrderPlan({
      key: "full",
      name: "Pre-order, pay in full",
      optionValues: ["Pay in full"],
      deposit: { type: "FULL" },
      balance: null,
      priceAdjustment: { type: "FIXED_PRICE", price: "38.00" },
    }),
  ]),
  "pre-order in JPY with a fixed deposit": preOrderInput(
    [preOrderPlan({ deposit: { type: "FIXED_AMOUNT", amount: "1000" }, balance: { trigger: "ON_FULFILLMENT" } })],
    { currencyCode: "JPY" },
  ),
  "pre-order in KWD with an amount off": preOrderInput(
    [preOrderPlan({ priceAdjustment: { type: "AMOUNT_OFF", amount: "1.005" } })],
    { currencyCode: "KWD" },
  ),
  "try before you buy, free 14-day trial": trialInput(),
  "try before you buy, 10% deposit, reserve on fulfillment, 5% off": trialInput([
    trialPlan({
      deposit: { type: "PERCENTAGE", percentage: 10 },
      trialDays: 30,
      optionValues: ["Try for 30 days"],
      reserveInventory: "ON_FULFILLMENT",
      priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 5 },
    }),
  ]),
  "try before you buy, fixed deposit, 1 and 90 day trials": trialInput([
    trialPlan({
      key: "short",
      name: "Try for a day",
      optionValues: ["1 day"],
      trialDays: 1,
      deposit: { type: "FIXED_AMOUNT", amount: "5.00" },
    }),
    trialPlan({
      key: "long",
      name: "Try for 90 days",
      optionValues: ["90 days"],
      trialDays: 90,
      deposit: { type: "FIXED_AMOUNT", amount: "5.00" },
    }),
  ]),
};
