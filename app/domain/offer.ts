// The Offer: one validated description of a pre-order or try-before-you-buy purchase option, from which the selling plan input, the form and all wording derive.
import { DateTime, Duration } from "luxon";
import { z } from "zod";
import { compareMoney, currencyExponent, isSupportedCurrency, normalizeDecimal, parseMoney, MoneyError } from "./money";

/** Shopify accepts at most 31 selling plans in one group (SELLING_PLAN_COUNT_UPPER_BOUND). */
export const MAX_PLANS_PER_OFFER = 31;
export const TRIAL_DAYS = { min: 1, max: 90 } as const;
export const BALANCE_DAYS_AFTER_CHECKOUT = { min: 1, max: 365 } as const;
export const RETRY_ATTEMPTS = { min: 1, max: 10 } as const;
/** How far apart balance-charge retries may be, per unit. */
export const RETRY_INTERVAL_LIMITS = { HOURS: { min: 1, max: 168 }, DAYS: { min: 1, max: 30 } } as const;
const NAME_MAX = 255;
const DESCRIPTION_MAX = 2000;

// ---------------------------------------------------------------------------
// Small building blocks
// ---------------------------------------------------------------------------

/** Numbers typed into a form arrive as text; accept "20" and 20 alike, never "" or "abc". */
function numberFrom(message: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number({ error: message }),
  );
}

function wholeNumber(message: string, min: number, max: number) {
  return numberFrom(message).pipe(
    z.number().int({ error: message }).min(min, { error: message }).max(max, { error: message }),
  );
}

const hasAtMostTwoDecimals = (value: number): boolean => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;

function percentage(rangeMessage: string, options: { min: number; minInclusive: boolean }) {
  return numberFrom(rangeMessage).pipe(
    z
      .number()
      .refine((value) => (options.minInclusive ? value >= options.min : value > options.min) && value <= 100, {
        error: rangeMessage,
      })
      .refine(hasAtMostTwoDecimals, { error: "Use at most two decimals, like 12.5 or 33.33." }),
  );
}

/** Money stays text end to end; whether it fits the offer's currency is checked at offer level. */
const decimalAmount = z
  .string({ error: "Enter an amount like 12.50." })
  .trim()
  .regex(/^\d+(\.\d+)?$/, { error: "Enter an amount like 12.50." });

/** An instant with an explicit offset, stored canonically in UTC ("2027-03-01T09:00:00Z"), as Shopify returns DateTime. */
const instant = z
  .string({ error: "Pick a date." })
  .trim()
  .refine((value) => /(Z|[+-]\d{2}:?\d{2})$/i.test(value) && DateTime.fromISO(value, { setZone: true }).isValid, {
    error: "Pick a valid date.",
  })
  .transform((value) => canonicalInstant(value));

export function canonicalInstant(value: string): string {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`Not an ISO 8601 date-time: ${value}`);
  return parsed.toUTC().startOf("second").toISO({ suppressMilliseconds: true });
}

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, { error: `Enter ${label}.` })
    .max(max, { error: `Keep ${label} under ${max + 1} characters.` });

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label} as text.` })
    .trim()
    .max(max, { error: `Keep ${label} under ${max + 1} characters.` })
    .nullish()
    .transform((value) => (value ? value : null));

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

/** What the customer pays at checkout, per item. */
const depositSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("NONE") }),
      z.object({
        type: z.literal("PERCENTAGE"),
        percentage: percentage("The deposit must be between 0% and 100%.", { min: 0, minInclusive: true }),
      }),
      /** A fixed amount per item in the offer's currency. */
      z.object({ type: z.literal("FIXED_AMOUNT"), amount: decimalAmount }),
      z.object({ type: z.literal("FULL") }),
    ],
    { error: "Choose how much the customer pays at checkout." },
  )
  // 0% and 100% are the same offers as "nothing now" and "pay in full"; one spelling keeps the
  // Shopify round trip lossless and the wording unambiguous.
  .transform((deposit) => {
    if (deposit.type === "PERCENTAGE" && deposit.percentage === 0) return { type: "NONE" as const };
    if (deposit.type === "PERCENTAGE" && deposit.percentage === 100) return { type: "FULL" as const };
    return deposit;
  });
export type Deposit = z.output<typeof depositSchema>;

/** When the remaining balance of a pre-order is charged. */
const balanceSchema = z.discriminatedUnion(
  "trigger",
  [
    z.object({ trigger: z.literal("EXACT_DATE"), chargeAt: instant }),
    z.object({
      trigger: z.literal("DAYS_AFTER_CHECKOUT"),
      days: wholeNumber(
        `Charge the balance ${BALANCE_DAYS_AFTER_CHECKOUT.min} to ${BALANCE_DAYS_AFTER_CHECKOUT.max} days after checkout.`,
        BALANCE_DAYS_AFTER_CHECKOUT.min,
        BALANCE_DAYS_AFTER_CHECKOUT.max,
      ),
    }),
    z.object({ trigger: z.literal("ON_FULFILLMENT") }),
  ],
  { error: "Choose when to charge the remaining balance." },
);
export type Balance = z.output<typeof balanceSchema>;

/** When the merchant starts fulfilling (Shopify's merchant-centric FULFILLMENT_BEGIN intent). */
const fulfillmentSchema = z.discriminatedUnion(
  "trigger",
  [
    z.object({ trigger: z.literal("ASAP") }),
    z.object({ trigger: z.literal("EXACT_DATE"), shipsAt: instant }),
    z.object({ trigger: z.literal("UNKNOWN") }),
  ],
  { error: "Choose when the item ships." },
);
export type Fulfillment = z.output<typeof fulfillmentSchema>;

const reserveInventorySchema = z.enum(["ON_SALE", "ON_FULFILLMENT"], {
  error: "Choose when to take the item out of stock.",
});
export type ReserveInventory = z.output<typeof reserveInventorySchema>;

/** Optional price change for buyers of this plan (Shopify allows one fixed pricing policy). */
const priceAdjustmentSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({
        type: z.literal("PERCENTAGE_OFF"),
        percentage: percentage("The discount must be more than 0% and at most 100%.", { min: 0, minInclusive: false }),
      }),
      z.object({ type: z.literal("AMOUNT_OFF"), amount: decimalAmount }),
      z.object({ type: z.literal("FIXED_PRICE"), price: decimalAmount }),
    ],
    { error: "Choose a discount type." },
  )
  .nullish()
  .transform((value) => value ?? null);
export type PriceAdjustment = z.output<typeof priceAdjustmentSchema>;

// ---------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------

const planCommon = {
  /** Stable identity inside the offer, so an edit maps onto the same Shopify selling plan. */
  key: z
    .string({ error: "Each purchase option needs a key." })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: "Use lowercase letters, digits and dashes for the key." }),
  /** Buyer-facing; shown in cart, checkout and order confirmation. */
  name: requiredText("the option name customers see", NAME_MAX),
  /** Buyer-facing explanation on the product page. */
  description: optionalText("the description", DESCRIPTION_MAX),
  /** One value per group option label, e.g. ["Pay 20% now"]. */
  optionValues: z
    .array(requiredText("the option value", NAME_MAX), { error: "Enter the option value customers pick." })
    .min(1, { error: "Enter the option value customers pick." })
    .max(3, { error: "Use at most three option values." }),
  reserveInventory: reserveInventorySchema,
  priceAdjustment: priceAdjustmentSchema,
};

const preOrderPlanShape = z.object({
  ...planCommon,
  deposit: depositSchema,
  /** Null exactly when the deposit is the full price. */
  balance: balanceSchema.nullish().transform((value) => value ?? null),
  fulfillment: fulfillmentSchema,
  /** The merchant accepted charging the balance before the ship date. */
  confirmChargeBeforeFulfillment: z.boolean({ error: "Answer yes or no." }).default(false),
});
export type PreOrderPlan = z.output<typeof preOrderPlanShape>;

const trialPlanShape = z.object({
  ...planCommon,
  trialDays: wholeNumber(
    `The trial must last ${TRIAL_DAYS.min} to ${TRIAL_DAYS.max} days.`,
    TRIAL_DAYS.min,
    TRIAL_DAYS.max,
  ),
  deposit: depositSchema,
});
export type TrialPlan = z.output<typeof trialPlanShape>;

// ---------------------------------------------------------------------------
// Offer-level settings the app enforces itself
// ---------------------------------------------------------------------------

export const FINAL_ACTIONS = ["LEAVE_UNPAID_AND_NOTIFY", "SEND_INVOICE", "CANCEL_AND_RESTOCK"] as const;

const retryPolicySchema = z
  .object({
    /** Total attempts including the first charge; 1 means "never retry". */
    maxAttempts: wholeNumber(
      `Try the charge ${RETRY_ATTEMPTS.min} to ${RETRY_ATTEMPTS.max} times.`,
      RETRY_ATTEMPTS.min,
      RETRY_ATTEMPTS.max,
    ),
    interval: z.object({
      value: wholeNumber("Enter how long to wait between attempts.", 1, 10_000),
      unit: z.enum(["HOURS", "DAYS"], { error: "Choose hours or days." }),
    }),
    finalAction: z.enum(FINAL_ACTIONS, { error: "Choose what happens when every attempt fails." }),
  })
  .superRefine((policy, ctx) => {
    const limits = RETRY_INTERVAL_LIMITS[policy.interval.unit];
    if (policy.interval.value < limits.min || policy.interval.value > limits.max) {
      ctx.addIssue({
        code: "custom",
        path: ["interval", "value"],
        message:
          policy.interval.unit === "HOURS"
            ? `Wait ${limits.min} to ${limits.max} hours between attempts.`
            : `Wait ${limits.min} to ${limits.max} days between attempts.`,
      });
    }
  });
export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type FinalAction = RetryPolicy["finalAction"];

const stockRulesSchema = z.object({
  /** Units that may be sold on this offer before it closes; null = no cap. */
  presaleLimit: wholeNumber("The pre-sale limit must be a whole number of at least 1.", 1, 1_000_000)
    .nullish()
    .transform((value) => value ?? null),
  /** Attach the offer to a variant only while it is out of stock; detach when stock returns. */
  onlyWhenOutOfStock: z.boolean({ error: "Answer yes or no." }).default(false),
});
export type StockRules = z.output<typeof stockRulesSchema>;

const offerCommon = {
  /** The shop currency: fixed deposits and prices are amounts in it. */
  currencyCode: z
    .string({ error: "Choose the shop currency." })
    .refine(isSupportedCurrency, { error: "This currency is not supported." }),
  /** Buyer-facing group name, e.g. "Pre-order". */
  name: requiredText("a name customers see", NAME_MAX),
  /** Merchant-facing label in Shopify admin (SellingPlanGroup.merchantCode). */
  merchantCode: requiredText("an internal name", NAME_MAX),
  /** Merchant-facing notes (SellingPlanGroup.description). */
  description: optionalText("the internal description", DESCRIPTION_MAX),
  /** The option labels customers choose by, e.g. ["Purchase option"]. */
  optionLabels: z
    .array(requiredText("an option label", NAME_MAX), { error: "Enter the option label." })
    .min(1, { error: "Enter the option label." })
    .max(3, { error: "Use at most three option labels." }),
  retryPolicy: retryPolicySchema,
  stockRules: stockRulesSchema,
};

/**
 * Plan rules live on the plan schemas (not only on the offer) so they are reported in the same
 * pass as plain field errors: zod skips an object's refinements while any field inside it fails.
 */
function buildOfferShape(now: DateTime | undefined) {
  const plansOf = <T extends z.ZodType>(plan: T) =>
    z
      .array(plan, { error: "Add at least one purchase option." })
      .min(1, { error: "Add at least one purchase option." })
      .max(MAX_PLANS_PER_OFFER, { error: `Use at most ${MAX_PLANS_PER_OFFER} purchase options.` });
  return z.discriminatedUnion(
    "kind",
    [
      z.object({
        kind: z.literal("PRE_ORDER"),
        ...offerCommon,
        plans: plansOf(preOrderPlanShape.superRefine((plan, ctx) => checkPreOrderPlan(plan, now, reporter(ctx)))),
      }),
      z.object({
        kind: z.literal("TRY_BEFORE_YOU_BUY"),
        ...offerCommon,
        plans: plansOf(trialPlanShape.superRefine((plan, ctx) => checkTrialPlan(plan, reporter(ctx)))),
      }),
    ],
    { error: "Choose pre-order or try before you buy." },
  );
}

type OfferShape = ReturnType<typeof buildOfferShape>;
export type Offer = z.output<OfferShape>;
export type OfferInput = z.input<OfferShape>;
export type PreOrderOffer = Extract<Offer, { kind: "PRE_ORDER" }>;
export type TrialOffer = Extract<Offer, { kind: "TRY_BEFORE_YOU_BUY" }>;
export type OfferKind = Offer["kind"];
export type OfferPlan = Offer["plans"][number];

// ---------------------------------------------------------------------------
// Cross-field rules
// ---------------------------------------------------------------------------

type IssueSink = (path: (string | number)[], message: string) => void;

function isValidAmount(amount: string, currency: string): boolean {
  try {
    parseMoney(amount, currency);
    return true;
  } catch (error) {
    if (error instanceof MoneyError) return false;
    throw error;
  }
}

function checkAmount(
  amount: string,
  currency: string,
  path: (string | number)[],
  report: IssueSink,
  allowZero: boolean,
) {
  if (!isValidAmount(amount, currency)) {
    const digits = currencyExponent(currency);
    report(
      path,
      digits === 0 ? `${currency} amounts have no decimals.` : `${currency} amounts have at most ${digits} decimals.`,
    );
    return;
  }
  if (!allowZero && parseMoney(amount, currency).minorUnits === 0n) report(path, "Enter an amount above zero.");
}

const displayDate = (iso: string): string => DateTime.fromISO(iso, { zone: "utc" }).toISODate() ?? iso;

function checkPlanMoney(offer: Offer, plan: OfferPlan, index: number, report: IssueSink) {
  const currency = offer.currencyCode;
  if (plan.deposit.type === "FIXED_AMOUNT") {
    checkAmount(plan.deposit.amount, currency, ["plans", index, "deposit", "amount"], report, false);
  }
  const adjustment = plan.priceAdjustment;
  if (adjustment?.type === "AMOUNT_OFF") {
    checkAmount(adjustment.amount, currency, ["plans", index, "priceAdjustment", "amount"], report, false);
  }
  if (adjustment?.type === "FIXED_PRICE") {
    checkAmount(adjustment.price, currency, ["plans", index, "priceAdjustment", "price"], report, true);
    if (
      plan.deposit.type === "FIXED_AMOUNT" &&
      isValidAmount(plan.deposit.amount, currency) &&
      isValidAmount(adjustment.price, currency) &&
      compareMoney(parseMoney(plan.deposit.amount, currency), parseMoney(adjustment.price, currency)) > 0
    ) {
      report(["plans", index, "deposit", "amount"], "The deposit can't be more than the offer price.");
    }
  }
}

function checkPreOrderPlan(plan: PreOrderPlan, now: DateTime | undefined, report: IssueSink) {
  const at = (...rest: (string | number)[]) => rest;
  if (plan.deposit.type === "FULL" && plan.balance !== null) {
    // Shopify: a 100% checkout charge must use NO_REMAINING_BALANCE.
    report(
      at("balance"),
      "The customer pays everything at checkout, so there is no balance to charge. Remove the balance date.",
    );
  }
  if (plan.deposit.type !== "FULL" && plan.balance === null) {
    // Shopify: a partial or fixed checkout charge can't use NO_REMAINING_BALANCE.
    report(at("balance"), "Choose when to charge the remaining balance.");
  }
  if (now) {
    if (plan.balance?.trigger === "EXACT_DATE" && DateTime.fromISO(plan.balance.chargeAt) <= now) {
      report(at("balance", "chargeAt"), "The balance date must be in the future.");
    }
    if (plan.fulfillment.trigger === "EXACT_DATE" && DateTime.fromISO(plan.fulfillment.shipsAt) <= now) {
      report(at("fulfillment", "shipsAt"), "The ship date must be in the future.");
    }
  }
  if (plan.fulfillment.trigger !== "EXACT_DATE" || plan.confirmChargeBeforeFulfillment) return;
  const shipsAt = DateTime.fromISO(plan.fulfillment.shipsAt);
  if (plan.balance?.trigger === "EXACT_DATE" && DateTime.fromISO(plan.balance.chargeAt) < shipsAt) {
    report(
      at("balance", "chargeAt"),
      `The balance would be charged before the item ships (${displayDate(plan.fulfillment.shipsAt)}). Pick a later date, or confirm that you want to charge before fulfillment.`,
    );
  }
  if (plan.balance?.trigger === "DAYS_AFTER_CHECKOUT" && now && now.plus({ days: plan.balance.days }) < shipsAt) {
    report(
      at("balance", "days"),
      `Orders placed today would be charged before the item ships (${displayDate(plan.fulfillment.shipsAt)}). Charge later, charge on fulfillment, or confirm that you want to charge before fulfillment.`,
    );
  }
}

function checkTrialPlan(plan: TrialPlan, report: IssueSink) {
  if (plan.deposit.type === "FULL") {
    report(
      ["deposit"],
      "A trial can't be paid in full at checkout. Choose no deposit, a percentage below 100%, or an amount.",
    );
  }
}

function checkUniquePlans(offer: Offer, report: IssueSink) {
  const seenKeys = new Set<string>();
  const seenNames = new Set<string>();
  const seenOptions = new Set<string>();
  offer.plans.forEach((plan, index) => {
    if (seenKeys.has(plan.key)) report(["plans", index, "key"], "Two purchase options share this key.");
    seenKeys.add(plan.key);
    const name = plan.name.toLowerCase();
    if (seenNames.has(name)) report(["plans", index, "name"], "Another purchase option already has this name.");
    seenNames.add(name);
    const options = JSON.stringify(plan.optionValues.map((value) => value.toLowerCase()));
    if (seenOptions.has(options))
      report(["plans", index, "optionValues"], "Another purchase option already uses these option values.");
    seenOptions.add(options);
    if (plan.optionValues.length !== offer.optionLabels.length) {
      report(["plans", index, "optionValues"], `Give one value for each option label (${offer.optionLabels.length}).`);
    }
  });
}

function reporter(ctx: z.RefinementCtx): IssueSink {
  return (path, message) => ctx.addIssue({ code: "custom", path, message });
}

/** Rules that need the whole offer: its currency and the plans side by side. */
function checkOffer(offer: Offer, ctx: z.RefinementCtx): void {
  const report = reporter(ctx);
  checkUniquePlans(offer, report);
  offer.plans.forEach((plan, index) => checkPlanMoney(offer, plan, index, report));
}

/** Final spelling: money in the currency's exact decimals. Runs only when every rule passed. */
function canonicalMoney(offer: Offer): Offer {
  const currency = offer.currencyCode;
  const deposit = (d: Deposit): Deposit =>
    d.type === "FIXED_AMOUNT" ? { type: "FIXED_AMOUNT", amount: normalizeDecimal(d.amount, currency) } : d;
  const adjustment = (a: PriceAdjustment): PriceAdjustment => {
    if (a?.type === "AMOUNT_OFF") return { type: "AMOUNT_OFF", amount: normalizeDecimal(a.amount, currency) };
    if (a?.type === "FIXED_PRICE") return { type: "FIXED_PRICE", price: normalizeDecimal(a.price, currency) };
    return a;
  };
  if (offer.kind === "PRE_ORDER") {
    return {
      ...offer,
      plans: offer.plans.map((plan) => ({
        ...plan,
        deposit: deposit(plan.deposit),
        priceAdjustment: adjustment(plan.priceAdjustment),
      })),
    };
  }
  return {
    ...offer,
    plans: offer.plans.map((plan) => ({
      ...plan,
      deposit: deposit(plan.deposit),
      priceAdjustment: adjustment(plan.priceAdjustment),
    })),
  };
}

/**
 * The one offer schema. With `now`, dates must lie in the future (creating or editing);
 * without it only time-independent rules apply (reading back what Shopify or the database holds).
 */
export function createOfferSchema(options: { now?: DateTime | Date } = {}) {
  const now =
    options.now === undefined
      ? undefined
      : options.now instanceof Date
        ? DateTime.fromJSDate(options.now)
        : options.now;
  return buildOfferShape(now).superRefine(checkOffer).transform(canonicalMoney);
}

export type FieldErrors = Record<string, string>;
export type OfferParseResult = { ok: true; offer: Offer } | { ok: false; fieldErrors: FieldErrors };

/** Fallback wording for issues a field did not word itself (missing fields, unknown choices). */
function fallbackMessage(issue: { code?: string; input?: unknown }): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return "This field is required.";
  if (issue.code === "invalid_type") return "This value has the wrong type.";
  return "This value is not valid.";
}

function toFieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "offer";
    // The first problem per field is the one to fix first; later ones are usually consequences.
    fieldErrors[path] ??= issue.message;
  }
  return fieldErrors;
}

function runSchema(schema: ReturnType<typeof createOfferSchema>, input: unknown): OfferParseResult {
  const result = schema.safeParse(input, { error: fallbackMessage });
  if (result.success) return { ok: true, offer: result.data };
  return { ok: false, fieldErrors: toFieldErrors(result.error.issues) };
}

/** Validates a merchant's offer (form or API input) against every rule, with dates in the future of `now`. */
export function parseOffer(input: unknown, options: { now: DateTime | Date }): OfferParseResult {
  return runSchema(createOfferSchema({ now: options.now }), input);
}

/** Validates a stored or read-back offer: same rules except "dates must be in the future". */
export function parseStoredOffer(input: unknown): OfferParseResult {
  return runSchema(createOfferSchema(), input);
}

// ---------------------------------------------------------------------------
// Helpers other modules share
// ---------------------------------------------------------------------------

/** The balance rule of a plan in one vocabulary for both kinds (a trial is charged N days after checkout). */
export function balanceOf(plan: OfferPlan): Balance | null {
  if ("trialDays" in plan) return { trigger: "DAYS_AFTER_CHECKOUT", days: plan.trialDays };
  return plan.balance;
}

/** Shipping rule of a plan; trials always ship as soon as possible. */
export function fulfillmentOf(plan: OfferPlan): Fulfillment {
  return "fulfillment" in plan ? plan.fulfillment : { trigger: "ASAP" };
}

/** ISO-8601 duration Shopify stores for "N days after checkout": 14 -> "P14D". */
export function daysToIsoDuration(days: number): string {
  const iso = Duration.fromObject({ days }).toISO();
  if (!iso) throw new RangeError(`Cannot express ${days} days as an ISO duration`);
  return iso;
}

/**
 * Whole days of an ISO duration ("P14D", "P2W"), or null when it is not a whole number of
 * calendar-independent days ("P1M" depends on the month, "PT36H" is a day and a half).
 */
export function isoDurationToDays(iso: string): number | null {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return null;
  const parts = duration.toObject();
  const onlyDaysAndWeeks = Object.entries(parts).every(
    ([unit, value]) => value === 0 || unit === "days" || unit === "weeks",
  );
  const days = duration.as("days");
  return onlyDaysAndWeeks && Number.isInteger(days) ? days : null;
}

/** A sensible starting point for the create form; every value is a merchant default, not a rule. */
export function defaultOfferInput(kind: OfferKind, currencyCode: string): OfferInput {
  const common = {
    currencyCode,
    optionLabels: ["Purchase option"],
    description: null,
    retryPolicy: {
      maxAttempts: 3,
      interval: { value: 2, unit: "DAYS" as const },
      finalAction: "SEND_INVOICE" as const,
    },
    stockRules: { presaleLimit: null, onlyWhenOutOfStock: false },
  };
  if (kind === "PRE_ORDER") {
    return {
      kind,
      ...common,
      name: "Pre-order",
      merchantCode: "Pre-order",
      plans: [
        {
          key: "pre-order",
          name: "Pre-order",
          description: null,
          optionValues: ["Pre-order"],
          deposit: { type: "FULL" },
          balance: null,
          fulfillment: { trigger: "UNKNOWN" },
          reserveInventory: "ON_SALE",
          priceAdjustment: null,
          confirmChargeBeforeFulfillment: false,
        },
      ],
    };
  }
  return {
    kind,
    ...common,
    name: "Try before you buy",
    merchantCode: "Try before you buy",
    plans: [
      {
        key: "trial",
        name: "Try free for 14 days",
        description: null,
        optionValues: ["Try free for 14 days"],
        trialDays: 14,
        deposit: { type: "NONE" },
        reserveInventory: "ON_SALE",
        priceAdjustment: null,
      },
    ],
  };
}
