// Product pages the extension must handle: pre-order with deposit, try before you buy, plan-only, sold-out variant, other app's plans.
import {
  liquidProduct,
  offerFrom,
  presaleRemainingFor,
  type OfferOnProduct,
  type ProductSpec,
} from "./shopify-objects";

export const SHIPS_AT = "2027-03-01T12:00:00Z";
export const BALANCE_AT = "2027-04-01T12:00:00Z";

const common = {
  currencyCode: "USD",
  merchantCode: "Spring drop",
  description: null,
  optionLabels: ["Purchase option"],
  retryPolicy: { maxAttempts: 3, interval: { value: 2, unit: "DAYS" as const }, finalAction: "SEND_INVOICE" as const },
};

export const PRE_ORDER: OfferOnProduct = {
  groupId: "9f2c4e1a7b6d3c5e8a0f1b2c3d4e5f60718293a4",
  planIds: { deposit: 690001, full: 690002 },
  presaleRemaining: 12,
  offer: offerFrom({
    kind: "PRE_ORDER",
    ...common,
    name: "Pre-order",
    stockRules: { presaleLimit: 50, onlyWhenOutOfStock: false },
    plans: [
      {
        key: "deposit",
        name: "Pre-order with a 25% deposit",
        description: "Reserve yours today",
        optionValues: ["25% deposit"],
        deposit: { type: "PERCENTAGE", percentage: 25 },
        balance: { trigger: "EXACT_DATE", chargeAt: BALANCE_AT },
        fulfillment: { trigger: "EXACT_DATE", shipsAt: SHIPS_AT },
        reserveInventory: "ON_SALE",
        priceAdjustment: null,
        confirmChargeBeforeFulfillment: false,
      },
      {
        key: "full",
        name: "Pre-order, pay in full and save 10%",
        description: null,
        optionValues: ["Pay in full"],
        deposit: { type: "FULL" },
        balance: null,
        fulfillment: { trigger: "EXACT_DATE", shipsAt: SHIPS_AT },
        reserveInventory: "ON_SALE",
        priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 },
        confirmChargeBeforeFulfillment: false,
      },
    ],
  }),
};

export const TRIAL: OfferOnProduct = {
  groupId: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
  planIds: { trial: 700001 },
  offer: offerFrom({
    kind: "TRY_BEFORE_YOU_BUY",
    ...common,
    name: "Try before you buy",
    stockRules: { presaleLimit: null, onlyWhenOutOfStock: false },
    plans: [
      {
        key: "trial",
        name: "Try it at home",
        description: null,
        optionValues: ["Try free for 14 days"],
        trialDays: 14,
        deposit: { type: "NONE" },
        reserveInventory: "ON_SALE",
        priceAdjustment: null,
      },
    ],
  }),
};

export const PLAN_ONLY: OfferOnProduct = {
  groupId: "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081",
  planIds: { "pre-order": 710001, later: 710002 },
  offer: offerFrom({
    kind: "PRE_ORDER",
    ...common,
    name: "Pre-order",
    stockRules: { presaleLimit: null, onlyWhenOutOfStock: false },
    plans: [
      {
        key: "pre-order",
        name: "Pre-order, pay when it ships",
        description: null,
        optionValues: ["Pay when it ships"],
        deposit: { type: "NONE" },
        balance: { trigger: "ON_FULFILLMENT" },
        fulfillment: { trigger: "UNKNOWN" },
        reserveInventory: "ON_FULFILLMENT",
        priceAdjustment: null,
        confirmChargeBeforeFulfillment: false,
      },
      {
        key: "later",
        name: "Pre-order, $5 now",
        description: null,
        optionValues: ["$5 now"],
        deposit: { type: "FIXED_AMOUNT", amount: "5.00" },
        balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 30 },
        fulfillment: { trigger: "ASAP" },
        reserveInventory: "ON_SALE",
        priceAdjustment: null,
        confirmChargeBeforeFulfillment: false,
      },
    ],
  }),
};

/** A subscription app's group on the same product: not ours to render. */
export const OTHER_APP: OfferOnProduct = {
  ...PRE_ORDER,
  appId: "acme-subscriptions",
  groupId: "ffffeeee",
  planIds: { deposit: 990001, full: 990002 },
};

export const LAMP = {
  black: { id: 4101, title: "Black", price: 12000, inventoryQuantity: 0, inventoryPolicy: "continue" as const },
  white: { id: 4102, title: "White", price: 12000, inventoryQuantity: 5, inventoryPolicy: "deny" as const },
  brass: { id: 4103, title: "Brass", price: 15000, inventoryQuantity: 0, inventoryPolicy: "deny" as const },
};

export function lampSpec(overrides: Partial<ProductSpec> = {}): ProductSpec {
  return {
    id: 8001,
    handle: "aurora-lamp",
    title: "Aurora lamp",
    variants: [LAMP.black, LAMP.white, LAMP.brass],
    offers: [PRE_ORDER],
    ...overrides,
  };
}

export function shoeSpec(overrides: Partial<ProductSpec> = {}): ProductSpec {
  return {
    id: 8002,
    handle: "trail-runner",
    title: "Trail runner",
    variants: [
      { id: 4201, title: "42", price: 14000, inventoryQuantity: 3 },
      { id: 4202, title: "43", price: 14500, inventoryQuantity: 3 },
    ],
    offers: [TRIAL],
    ...overrides,
  };
}

export function vinylSpec(overrides: Partial<ProductSpec> = {}): ProductSpec {
  return {
    id: 8003,
    handle: "limited-vinyl",
    title: "Limited vinyl",
    variants: [{ id: 4301, title: "Default Title", price: 3500 }],
    offers: [PLAN_ONLY],
    requiresSellingPlan: true,
    ...overrides,
  };
}

export function mugSpec(overrides: Partial<ProductSpec> = {}): ProductSpec {
  return {
    id: 8004,
    handle: "ceramic-mug",
    title: "Ceramic mug",
    variants: [{ id: 4401, title: "Default Title", price: 2400, inventoryQuantity: 10 }],
    offers: [OTHER_APP],
    ...overrides,
  };
}

/** The product (with its app metafield unless `withMetafield` is false) and the shop's pre-sale counts: one product page. */
export function page(spec: ProductSpec, options: { withMetafield?: boolean } = {}) {
  const product = options.withMetafield === false ? liquidProduct(spec, null) : liquidProduct(spec);
  return { product, presaleRemaining: presaleRemainingFor(spec.offers) };
}
