// The offer form's editable state (text as typed, dates as shop-local days) and its exact mapping to and from OfferInput.
import {
  defaultOfferInput,
  type FieldErrors,
  type FinalAction,
  type OfferInput,
  type OfferKind,
  type ReserveInventory,
} from "../../domain/offer";
import { generatedPlanName, isGeneratedPlanName } from "../../domain/offer-wording";
import { dateOnlyToInstant, instantToDateOnly } from "./dates";

export type DepositChoice = "NONE" | "PERCENTAGE" | "FIXED_AMOUNT" | "FULL";
export type BalanceChoice = "EXACT_DATE" | "DAYS_AFTER_CHECKOUT" | "ON_FULFILLMENT";
export type FulfillmentChoice = "ASAP" | "EXACT_DATE" | "UNKNOWN";
export type PriceAdjustmentChoice = "NONE" | "PERCENTAGE_OFF" | "AMOUNT_OFF" | "FIXED_PRICE";
export type RetryUnit = "HOURS" | "DAYS";

/**
 * One purchase option as the form edits it. Every choice keeps the values of the choices not taken, so
 * switching "percentage" -> "fixed amount" -> "percentage" gives the merchant back what they typed.
 * Pre-order fields are ignored for trials and the reverse.
 */
export interface PlanFormState {
  key: string;
  name: string;
  description: string;
  optionValues: string[];
  reserveInventory: ReserveInventory;
  priceAdjustment: PriceAdjustmentChoice;
  priceAdjustmentPercentage: string;
  priceAdjustmentAmount: string;
  priceAdjustmentPrice: string;
  deposit: DepositChoice;
  depositPercentage: string;
  depositAmount: string;
  /** Pre-order: ignored while the deposit is the full price (nothing left to charge). */
  balance: BalanceChoice;
  /** "YYYY-MM-DD" in the shop's time zone. */
  balanceDate: string;
  /** The stored instant behind `balanceDate`, kept so saving an untouched date does not move its time of day. */
  loadedBalanceAt: string | null;
  balanceDays: string;
  fulfillment: FulfillmentChoice;
  /** "YYYY-MM-DD" in the shop's time zone. */
  shipDate: string;
  loadedShipsAt: string | null;
  confirmChargeBeforeFulfillment: boolean;
  /** Try before you buy. */
  trialDays: string;
}

export interface OfferFormState {
  kind: OfferKind;
  currencyCode: string;
  name: string;
  merchantCode: string;
  description: string;
  optionLabels: string[];
  retryMaxAttempts: string;
  retryIntervalValue: string;
  retryIntervalUnit: RetryUnit;
  finalAction: FinalAction;
  presaleLimit: string;
  onlyWhenOutOfStock: boolean;
  plans: PlanFormState[];
}

export const MAX_OPTION_LABELS = 3;

// ---------------------------------------------------------------------------
// OfferInput -> form
// ---------------------------------------------------------------------------

/** Stored numbers may be numbers or text (the schema accepts both); the form shows text. */
function text(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string") return value;
  return "";
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return choices.includes(value as T) ? (value as T) : fallback;
}

function dateText(value: unknown, timeZone: string): string {
  return typeof value === "string" ? (instantToDateOnly(value, timeZone) ?? "") : "";
}

function blankPlan(key: string): PlanFormState {
  return {
    key,
    name: "",
    description: "",
    optionValues: [""],
    reserveInventory: "ON_SALE",
    priceAdjustment: "NONE",
    priceAdjustmentPercentage: "",
    priceAdjustmentAmount: "",
    priceAdjustmentPrice: "",
    deposit: "FULL",
    depositPercentage: "",
    depositAmount: "",
    balance: "EXACT_DATE",
    balanceDate: "",
    loadedBalanceAt: null,
    balanceDays: "",
    fulfillment: "UNKNOWN",
    shipDate: "",
    loadedShipsAt: null,
    confirmChargeBeforeFulfillment: false,
    trialDays: "",
  };
}

/** Reads a plan leniently: the stored offer is trusted, but a missing field must not crash the page. */
function planFormState(plan: unknown, timeZone: string): PlanFormState {
  const source = record(plan);
  const state = blankPlan(typeof source.key === "string" ? source.key : "");
  state.name = text(source.name);
  state.description = text(source.description);
  state.optionValues = Array.isArray(source.optionValues) ? source.optionValues.map(text) : [""];
  state.reserveInventory = oneOf(source.reserveInventory, ["ON_SALE", "ON_FULFILLMENT"], "ON_SALE");

  const adjustment = record(source.priceAdjustment);
  state.priceAdjustment = oneOf(adjustment.type, ["PERCENTAGE_OFF", "AMOUNT_OFF", "FIXED_PRICE"], "NONE");
  state.priceAdjustmentPercentage = text(adjustment.percentage);
  state.priceAdjustmentAmount = text(adjustment.amount);
  state.priceAdjustmentPrice = text(adjustment.price);

  const deposit = record(source.deposit);
  state.deposit = oneOf(deposit.type, ["NONE", "PERCENTAGE", "FIXED_AMOUNT", "FULL"], "FULL");
  state.depositPercentage = text(deposit.percentage);
  state.depositAmount = text(deposit.amount);

  const balance = record(source.balance);
  state.balance = oneOf(balance.trigger, ["EXACT_DATE", "DAYS_AFTER_CHECKOUT", "ON_FULFILLMENT"], "EXACT_DATE");
  state.balanceDate = dateText(balance.chargeAt, timeZone);
  state.loadedBalanceAt = state.balanceDate === "" ? null : (balance.chargeAt as string);
  state.balanceDays = text(balance.days);

  const fulfillment = record(source.fulfillment);
  state.fulfillment = oneOf(fulfillment.trigger, ["ASAP", "EXACT_DATE", "UNKNOWN"], "UNKNOWN");
  state.shipDate = dateText(fulfillment.shipsAt, timeZone);
  state.loadedShipsAt = state.shipDate === "" ? null : (fulfillment.shipsAt as string);
  state.confirmChargeBeforeFulfillment = source.confirmChargeBeforeFulfillment === true;

  state.trialDays = text(source.trialDays);
  return state;
}

export function formStateFromInput(input: OfferInput, timeZone: string): OfferFormState {
  const retry = record(input.retryPolicy);
  const interval = record(retry.interval);
  const stock = record(input.stockRules);
  return {
    kind: input.kind,
    currencyCode: input.currencyCode,
    name: input.name,
    merchantCode: input.merchantCode,
    description: text(input.description),
    optionLabels: input.optionLabels.length > 0 ? [...input.optionLabels] : [""],
    retryMaxAttempts: text(retry.maxAttempts),
    retryIntervalValue: text(interval.value),
    retryIntervalUnit: oneOf(interval.unit, ["HOURS", "DAYS"], "DAYS"),
    finalAction: oneOf(
      retry.finalAction,
      ["LEAVE_UNPAID_AND_NOTIFY", "SEND_INVOICE", "CANCEL_AND_RESTOCK"],
      "LEAVE_UNPAID_AND_NOTIFY",
    ),
    presaleLimit: text(stock.presaleLimit),
    onlyWhenOutOfStock: stock.onlyWhenOutOfStock === true,
    plans: input.plans.map((plan) => planFormState(plan, timeZone)),
  };
}

/** The create form's starting point: the domain's defaults for this kind, in the shop's currency. */
export function newOfferFormState(kind: OfferKind, currencyCode: string, timeZone: string): OfferFormState {
  return formStateFromInput(defaultOfferInput(kind, currencyCode), timeZone);
}

// ---------------------------------------------------------------------------
// form -> OfferInput
// ---------------------------------------------------------------------------

/**
 * A picked day becomes the start of that day in the shop's zone. A day left as loaded keeps its stored instant
 * (an offer made elsewhere may charge at 09:30), and what is not a date is passed on as typed, so the offer
 * schema words the problem ("Pick a valid date.") on the right field.
 */
function instantFrom(date: string, loaded: string | null, timeZone: string): string {
  return pickedInstant(date, loaded, timeZone) ?? date.trim();
}

function pickedInstant(date: string, loaded: string | null, timeZone: string): string | null {
  const day = date.trim();
  if (loaded !== null && instantToDateOnly(loaded, timeZone) === day) return loaded;
  return dateOnlyToInstant(day, timeZone);
}

function depositInput(plan: PlanFormState) {
  switch (plan.deposit) {
    case "NONE":
      return { type: "NONE" as const };
    case "PERCENTAGE":
      return { type: "PERCENTAGE" as const, percentage: plan.depositPercentage.trim() };
    case "FIXED_AMOUNT":
      return { type: "FIXED_AMOUNT" as const, amount: plan.depositAmount.trim() };
    case "FULL":
      return { type: "FULL" as const };
  }
}

function priceAdjustmentInput(plan: PlanFormState) {
  switch (plan.priceAdjustment) {
    case "NONE":
      return null;
    case "PERCENTAGE_OFF":
      return { type: "PERCENTAGE_OFF" as const, percentage: plan.priceAdjustmentPercentage.trim() };
    case "AMOUNT_OFF":
      return { type: "AMOUNT_OFF" as const, amount: plan.priceAdjustmentAmount.trim() };
    case "FIXED_PRICE":
      return { type: "FIXED_PRICE" as const, price: plan.priceAdjustmentPrice.trim() };
  }
}

function balanceInput(plan: PlanFormState, timeZone: string) {
  // Paying in full leaves nothing to charge later; Shopify requires "no remaining balance" then.
  if (plan.deposit === "FULL") return null;
  switch (plan.balance) {
    case "EXACT_DATE":
      return {
        trigger: "EXACT_DATE" as const,
        chargeAt: instantFrom(plan.balanceDate, plan.loadedBalanceAt, timeZone),
      };
    case "DAYS_AFTER_CHECKOUT":
      return { trigger: "DAYS_AFTER_CHECKOUT" as const, days: plan.balanceDays.trim() };
    case "ON_FULFILLMENT":
      return { trigger: "ON_FULFILLMENT" as const };
  }
}

function fulfillmentInput(plan: PlanFormState, timeZone: string) {
  switch (plan.fulfillment) {
    case "ASAP":
      return { trigger: "ASAP" as const };
    case "EXACT_DATE":
      return { trigger: "EXACT_DATE" as const, shipsAt: instantFrom(plan.shipDate, plan.loadedShipsAt, timeZone) };
    case "UNKNOWN":
      return { trigger: "UNKNOWN" as const };
  }
}

function commonPlanInput(plan: PlanFormState) {
  return {
    key: plan.key,
    name: plan.name,
    description: plan.description.trim() === "" ? null : plan.description,
    optionValues: [...plan.optionValues],
    reserveInventory: plan.reserveInventory,
    priceAdjustment: priceAdjustmentInput(plan),
  };
}

/**
 * What the form submits. `now` decides whether a "charge before shipping" confirmation still applies: it is sent
 * only while the plan really charges before it ships, so a stale tick never hides a later mistake.
 */
export function inputFromFormState(state: OfferFormState, timeZone: string, now: Date): OfferInput {
  const common = {
    currencyCode: state.currencyCode,
    name: state.name,
    merchantCode: state.merchantCode,
    description: state.description.trim() === "" ? null : state.description,
    optionLabels: [...state.optionLabels],
    retryPolicy: {
      maxAttempts: state.retryMaxAttempts.trim(),
      interval: { value: state.retryIntervalValue.trim(), unit: state.retryIntervalUnit },
      finalAction: state.finalAction,
    },
    stockRules: {
      presaleLimit: state.presaleLimit.trim() === "" ? null : state.presaleLimit.trim(),
      onlyWhenOutOfStock: state.onlyWhenOutOfStock,
    },
  };
  if (state.kind === "PRE_ORDER") {
    return {
      kind: "PRE_ORDER",
      ...common,
      plans: state.plans.map((plan) => ({
        ...commonPlanInput(plan),
        deposit: depositInput(plan),
        balance: balanceInput(plan, timeZone),
        fulfillment: fulfillmentInput(plan, timeZone),
        confirmChargeBeforeFulfillment:
          plan.confirmChargeBeforeFulfillment && chargesBeforeShipping(plan, timeZone, now),
      })),
    };
  }
  return {
    kind: "TRY_BEFORE_YOU_BUY",
    ...common,
    plans: state.plans.map((plan) => ({
      ...commonPlanInput(plan),
      // A trial cannot be paid in full at checkout; the form does not offer it, and a stored FULL is reported.
      deposit: depositInput(plan),
      trialDays: plan.trialDays.trim(),
    })),
  };
}

// ---------------------------------------------------------------------------
// Rules the form shows before saving (the server's parseOffer stays the judge)
// ---------------------------------------------------------------------------

/**
 * True when this pre-order plan would charge the balance before its exact ship date, the case the merchant must
 * confirm (charging before shipping invites chargebacks). Mirrors the offer schema's rule, with "N days after
 * checkout" judged for an order placed now.
 */
export function chargesBeforeShipping(plan: PlanFormState, timeZone: string, now: Date): boolean {
  if (plan.deposit === "FULL" || plan.fulfillment !== "EXACT_DATE") return false;
  const shipsAt = pickedInstant(plan.shipDate, plan.loadedShipsAt, timeZone);
  if (shipsAt === null) return false;
  const ships = Date.parse(shipsAt);
  if (plan.balance === "EXACT_DATE") {
    const chargeAt = pickedInstant(plan.balanceDate, plan.loadedBalanceAt, timeZone);
    return chargeAt !== null && Date.parse(chargeAt) < ships;
  }
  if (plan.balance === "DAYS_AFTER_CHECKOUT") {
    const days = /^\s*\d+\s*$/.test(plan.balanceDays) ? Number(plan.balanceDays) : NaN;
    return Number.isInteger(days) && now.getTime() + days * 86_400_000 < ships;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Editing the lists
// ---------------------------------------------------------------------------

function unusedNumber(plans: PlanFormState[]): number {
  const keys = new Set(plans.map((plan) => plan.key));
  const names = new Set(plans.map((plan) => plan.name.trim().toLowerCase()));
  const values = new Set(plans.flatMap((plan) => plan.optionValues.map((value) => value.trim().toLowerCase())));
  for (let n = plans.length + 1; ; n++) {
    if (!keys.has(`option-${n}`) && !names.has(`purchase option ${n}`) && !values.has(`option ${n}`)) return n;
  }
}

/**
 * A new purchase option with a fresh key (the key ties it to its Shopify selling plan from then on) and a
 * name and option values no other option uses, so the offer stays valid while the merchant fills it in.
 */
export function addPlan(state: OfferFormState): OfferFormState {
  const n = unusedNumber(state.plans);
  const template = newOfferFormState(state.kind, state.currencyCode, "UTC").plans[0]!;
  const plan: PlanFormState = {
    ...template,
    key: `option-${n}`,
    name: `Purchase option ${n}`,
    optionValues: state.optionLabels.map((_, index) => (index === 0 ? `Option ${n}` : "")),
  };
  return { ...state, plans: [...state.plans, plan] };
}

export function removePlan(state: OfferFormState, index: number): OfferFormState {
  return { ...state, plans: state.plans.filter((_, i) => i !== index) };
}

export function updatePlan(state: OfferFormState, index: number, change: Partial<PlanFormState>): OfferFormState {
  return {
    ...state,
    plans: state.plans.map((plan, i) =>
      i === index ? followGeneratedName(state.kind, { ...plan, ...change }, change) : plan,
    ),
  };
}

/**
 * A trial's name and option values left as the app generated them ("Try free for 14 days") follow its length and
 * deposit as they change; what the merchant wrote (or is writing in this change) stays. The server does the same
 * on save (followGeneratedNames), so the form shows what will be saved.
 */
function followGeneratedName(kind: OfferKind, plan: PlanFormState, change: Partial<PlanFormState>): PlanFormState {
  if (kind !== "TRY_BEFORE_YOU_BUY" || (change.trialDays === undefined && change.deposit === undefined)) return plan;
  const days = /^\s*\d+\s*$/.test(plan.trialDays) ? Number(plan.trialDays) : NaN;
  if (!Number.isInteger(days) || days < 1) return plan;
  const generated = generatedPlanName(kind, { trialDays: days, depositType: plan.deposit });
  const follow = (text: string) => (isGeneratedPlanName(kind, text) ? generated : text);
  return {
    ...plan,
    name: change.name === undefined ? follow(plan.name) : plan.name,
    optionValues: change.optionValues === undefined ? plan.optionValues.map(follow) : plan.optionValues,
  };
}

/** Each option label needs one value per plan, so labels and values are added and removed together. */
export function addOptionLabel(state: OfferFormState): OfferFormState {
  if (state.optionLabels.length >= MAX_OPTION_LABELS) return state;
  return {
    ...state,
    optionLabels: [...state.optionLabels, ""],
    plans: state.plans.map((plan) => ({ ...plan, optionValues: [...plan.optionValues, ""] })),
  };
}

export function removeOptionLabel(state: OfferFormState, index: number): OfferFormState {
  if (state.optionLabels.length <= 1) return state;
  return {
    ...state,
    optionLabels: state.optionLabels.filter((_, i) => i !== index),
    plans: state.plans.map((plan) => ({ ...plan, optionValues: plan.optionValues.filter((_, i) => i !== index) })),
  };
}

// ---------------------------------------------------------------------------
// Field errors
// ---------------------------------------------------------------------------

/** Every error path the form shows on a field of its own, given what is on screen. */
export function fieldPaths(state: OfferFormState): Set<string> {
  const paths = new Set<string>([
    "name",
    "merchantCode",
    "description",
    "optionLabels",
    "retryPolicy.maxAttempts",
    "retryPolicy.interval",
    "retryPolicy.interval.value",
    "retryPolicy.interval.unit",
    "retryPolicy.finalAction",
    "stockRules.presaleLimit",
    "stockRules.onlyWhenOutOfStock",
  ]);
  state.optionLabels.forEach((_, j) => paths.add(`optionLabels.${j}`));
  state.plans.forEach((plan, i) => {
    const at = (rest: string) => paths.add(`plans.${i}.${rest}`);
    ["name", "description", "optionValues", "reserveInventory", "priceAdjustment", "deposit"].forEach(at);
    plan.optionValues.forEach((_, j) => at(`optionValues.${j}`));
    if (plan.priceAdjustment === "PERCENTAGE_OFF") at("priceAdjustment.percentage");
    if (plan.priceAdjustment === "AMOUNT_OFF") at("priceAdjustment.amount");
    if (plan.priceAdjustment === "FIXED_PRICE") at("priceAdjustment.price");
    if (plan.deposit === "PERCENTAGE") at("deposit.percentage");
    if (plan.deposit === "FIXED_AMOUNT") at("deposit.amount");
    if (state.kind === "TRY_BEFORE_YOU_BUY") {
      at("trialDays");
      return;
    }
    // The balance field is on screen only while there is a balance; a "remove the balance" error is then
    // about a hidden field and belongs in the banner.
    if (plan.deposit !== "FULL") {
      at("balance");
      if (plan.balance === "EXACT_DATE") at("balance.chargeAt");
      if (plan.balance === "DAYS_AFTER_CHECKOUT") at("balance.days");
    }
    at("fulfillment");
    if (plan.fulfillment === "EXACT_DATE") at("fulfillment.shipsAt");
    at("confirmChargeBeforeFulfillment");
  });
  return paths;
}

/** Offer-level messages and those about no visible field, worded so they make sense out of place. */
export function bannerErrors(state: OfferFormState, errors: FieldErrors): string[] {
  const onFields = fieldPaths(state);
  return Object.entries(errors)
    .filter(([path]) => !onFields.has(path))
    .map(([path, message]) => {
      const plan = /^plans\.(\d+)(\.|$)/.exec(path);
      return plan ? `Purchase option ${Number(plan[1]) + 1}: ${message}` : message;
    });
}

/** After removing plan `removed`, errors of the plans after it move up one place; its own disappear. */
export function shiftPlanErrors(errors: FieldErrors, removed: number): FieldErrors {
  const shifted: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const match = /^plans\.(\d+)(.*)$/.exec(path);
    if (!match) {
      shifted[path] = message;
      continue;
    }
    const index = Number(match[1]);
    if (index === removed) continue;
    shifted[index > removed ? `plans.${index - 1}${match[2]}` : path] = message;
  }
  return shifted;
}
