// Offer <-> Shopify selling plan group: the Admin API 2026-10 create/update inputs, and the inverse from a queried group plus the app's own record.
import { DateTime } from "luxon";
import { canonicalInstant, daysToIsoDuration, isoDurationToDays, parseStoredOffer } from "./offer";
import type {
  Balance,
  Deposit,
  Fulfillment,
  Offer,
  OfferKind,
  OfferPlan,
  PreOrderPlan,
  PriceAdjustment,
  RetryPolicy,
  StockRules,
  TrialPlan,
} from "./offer";
import { isZeroMoney, parseMoney } from "./money";

/** Shopify exposes this on the group in Liquid and product JSON; it is how the app and its theme blocks recognise their own groups. */
export const APP_ID = "deferred-purchase-options";

// ---------------------------------------------------------------------------
// Admin API 2026-10 input types (the fields this app sets; names and types as in the schema).
// `Decimal` travels as a string and `DateTime` as an ISO 8601 string; `Float` is a number.
// ---------------------------------------------------------------------------

export type SellingPlanCategory = "OTHER" | "PRE_ORDER" | "SUBSCRIPTION" | "TRY_BEFORE_YOU_BUY";
export type SellingPlanCheckoutChargeType = "PERCENTAGE" | "PRICE";
export type SellingPlanRemainingBalanceChargeTrigger =
  "EXACT_TIME" | "NO_REMAINING_BALANCE" | "ON_FULFILLMENT" | "TIME_AFTER_CHECKOUT";
export type SellingPlanFulfillmentTrigger = "ANCHOR" | "ASAP" | "EXACT_TIME" | "UNKNOWN";
export type SellingPlanReserve = "ON_FULFILLMENT" | "ON_SALE";
export type SellingPlanPricingPolicyAdjustmentType = "FIXED_AMOUNT" | "PERCENTAGE" | "PRICE";

export interface SellingPlanCheckoutChargeValueInput {
  fixedValue?: string | null;
  percentage?: number | null;
}
export interface SellingPlanCheckoutChargeInput {
  type?: SellingPlanCheckoutChargeType | null;
  value?: SellingPlanCheckoutChargeValueInput | null;
}
export interface SellingPlanFixedBillingPolicyInput {
  checkoutCharge?: SellingPlanCheckoutChargeInput | null;
  remainingBalanceChargeExactTime?: string | null;
  remainingBalanceChargeTimeAfterCheckout?: string | null;
  remainingBalanceChargeTrigger?: SellingPlanRemainingBalanceChargeTrigger | null;
}
export interface SellingPlanBillingPolicyInput {
  fixed?: SellingPlanFixedBillingPolicyInput | null;
}
export interface SellingPlanFixedDeliveryPolicyInput {
  fulfillmentExactTime?: string | null;
  fulfillmentTrigger?: SellingPlanFulfillmentTrigger | null;
}
export interface SellingPlanDeliveryPolicyInput {
  fixed?: SellingPlanFixedDeliveryPolicyInput | null;
}
export interface SellingPlanInventoryPolicyInput {
  reserve?: SellingPlanReserve | null;
}
export interface SellingPlanPricingPolicyValueInput {
  fixedValue?: string | null;
  percentage?: number | null;
}
export interface SellingPlanFixedPricingPolicyInput {
  adjustmentType?: SellingPlanPricingPolicyAdjustmentType | null;
  adjustmentValue?: SellingPlanPricingPolicyValueInput | null;
  id?: string | null;
}
export interface SellingPlanPricingPolicyInput {
  fixed?: SellingPlanFixedPricingPolicyInput | null;
}
export interface SellingPlanInput {
  id?: string | null;
  name?: string | null;
  description?: string | null;
  options?: string[] | null;
  position?: number | null;
  category?: SellingPlanCategory | null;
  billingPolicy?: SellingPlanBillingPolicyInput | null;
  deliveryPolicy?: SellingPlanDeliveryPolicyInput | null;
  inventoryPolicy?: SellingPlanInventoryPolicyInput | null;
  pricingPolicies?: SellingPlanPricingPolicyInput[] | null;
}
export interface SellingPlanGroupInput {
  appId?: string | null;
  name?: string | null;
  merchantCode?: string | null;
  description?: string | null;
  options?: string[] | null;
  position?: number | null;
  sellingPlansToCreate?: SellingPlanInput[] | null;
  sellingPlansToUpdate?: SellingPlanInput[] | null;
  sellingPlansToDelete?: string[] | null;
}

// ---------------------------------------------------------------------------
// Offer -> input
// ---------------------------------------------------------------------------

const CATEGORY: Record<OfferKind, SellingPlanCategory> = {
  PRE_ORDER: "PRE_ORDER",
  TRY_BEFORE_YOU_BUY: "TRY_BEFORE_YOU_BUY",
};

/**
 * Create mode omits what does not apply; update mode spells out every policy field, with null for
 * the unused ones, because Shopify merges an update into the stored plan: switching a balance from
 * an exact date to "on fulfillment" must clear the stored date or Shopify rejects the plan
 * (REMAINING_BALANCE_CHARGE_EXACT_TIME_NOT_ALLOWED), and a removed discount must be sent as [].
 */
type Mode = "create" | "update";

function checkoutCharge(deposit: Deposit): SellingPlanCheckoutChargeInput {
  switch (deposit.type) {
    case "NONE":
      return { type: "PERCENTAGE", value: { percentage: 0 } };
    case "PERCENTAGE":
      return { type: "PERCENTAGE", value: { percentage: deposit.percentage } };
    case "FIXED_AMOUNT":
      return { type: "PRICE", value: { fixedValue: deposit.amount } };
    case "FULL":
      return { type: "PERCENTAGE", value: { percentage: 100 } };
  }
}

function billingPolicy(deposit: Deposit, balance: Balance | null, mode: Mode): SellingPlanFixedBillingPolicyInput {
  const cleared =
    mode === "update" ? { remainingBalanceChargeExactTime: null, remainingBalanceChargeTimeAfterCheckout: null } : {};
  const base = { checkoutCharge: checkoutCharge(deposit), ...cleared };
  if (balance === null) return { ...base, remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE" };
  switch (balance.trigger) {
    case "EXACT_DATE":
      return {
        ...base,
        remainingBalanceChargeTrigger: "EXACT_TIME",
        remainingBalanceChargeExactTime: balance.chargeAt,
      };
    case "DAYS_AFTER_CHECKOUT":
      return {
        ...base,
        remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
        remainingBalanceChargeTimeAfterCheckout: daysToIsoDuration(balance.days),
      };
    case "ON_FULFILLMENT":
      return { ...base, remainingBalanceChargeTrigger: "ON_FULFILLMENT" };
  }
}

function deliveryPolicy(fulfillment: Fulfillment, mode: Mode): SellingPlanFixedDeliveryPolicyInput {
  if (fulfillment.trigger === "EXACT_DATE")
    return { fulfillmentTrigger: "EXACT_TIME", fulfillmentExactTime: fulfillment.shipsAt };
  return mode === "update"
    ? { fulfillmentTrigger: fulfillment.trigger, fulfillmentExactTime: null }
    : { fulfillmentTrigger: fulfillment.trigger };
}

function pricingPolicies(adjustment: PriceAdjustment): SellingPlanPricingPolicyInput[] {
  if (adjustment === null) return [];
  switch (adjustment.type) {
    case "PERCENTAGE_OFF":
      return [{ fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: adjustment.percentage } } }];
    case "AMOUNT_OFF":
      return [{ fixed: { adjustmentType: "FIXED_AMOUNT", adjustmentValue: { fixedValue: adjustment.amount } } }];
    case "FIXED_PRICE":
      return [{ fixed: { adjustmentType: "PRICE", adjustmentValue: { fixedValue: adjustment.price } } }];
  }
}

const isTrialPlan = (plan: OfferPlan): plan is TrialPlan => "trialDays" in plan;

function sellingPlanInput(kind: OfferKind, plan: OfferPlan, index: number, mode: Mode): SellingPlanInput {
  const balance: Balance | null = isTrialPlan(plan)
    ? { trigger: "DAYS_AFTER_CHECKOUT", days: plan.trialDays }
    : (plan as PreOrderPlan).balance;
  const fulfillment: Fulfillment = isTrialPlan(plan) ? { trigger: "ASAP" } : (plan as PreOrderPlan).fulfillment;
  const pricing = pricingPolicies(plan.priceAdjustment);
  return {
    name: plan.name,
    description: plan.description,
    options: [...plan.optionValues],
    // Positions start at 1 and follow the offer's order, so reading the group back restores it.
    position: index + 1,
    category: CATEGORY[kind],
    billingPolicy: { fixed: billingPolicy(plan.deposit, balance, mode) },
    deliveryPolicy: { fixed: deliveryPolicy(fulfillment, mode) },
    inventoryPolicy: { reserve: plan.reserveInventory },
    ...(mode === "update" || pricing.length > 0 ? { pricingPolicies: pricing } : {}),
  };
}

/** Input for `sellingPlanGroupCreate`: the whole offer, one selling plan per purchase option. */
export function sellingPlanGroupCreateInput(offer: Offer): SellingPlanGroupInput {
  return {
    appId: APP_ID,
    name: offer.name,
    merchantCode: offer.merchantCode,
    description: offer.description,
    options: [...offer.optionLabels],
    sellingPlansToCreate: offer.plans.map((plan, index) => sellingPlanInput(offer.kind, plan, index, "create")),
  };
}

/** Shopify selling plan GID per plan key, as recorded when the group was created or last synced. */
export type SellingPlanIdsByKey = Readonly<Record<string, string>>;

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Input for `sellingPlanGroupUpdate` that turns `before` into `after`: changed group fields,
 * changed plans (by key) to update, new plans to create, plans whose key disappeared to delete.
 * Unchanged fields and plans are left out, so an edit never rewrites what it did not touch.
 */
export function sellingPlanGroupUpdateInput(
  before: Offer,
  after: Offer,
  existingIds: SellingPlanIdsByKey,
): SellingPlanGroupInput {
  const input: SellingPlanGroupInput = {};
  if (before.name !== after.name) input.name = after.name;
  if (before.merchantCode !== after.merchantCode) input.merchantCode = after.merchantCode;
  if (before.description !== after.description) input.description = after.description;
  if (!sameJson(before.optionLabels, after.optionLabels)) input.options = [...after.optionLabels];

  const beforeIndex = new Map(before.plans.map((plan, index) => [plan.key, index] as const));
  const toCreate: SellingPlanInput[] = [];
  const toUpdate: SellingPlanInput[] = [];
  after.plans.forEach((plan, index) => {
    const id = existingIds[plan.key];
    if (id === undefined) {
      toCreate.push(sellingPlanInput(after.kind, plan, index, "create"));
      return;
    }
    const next = sellingPlanInput(after.kind, plan, index, "update");
    const previousIndex = beforeIndex.get(plan.key);
    const previous =
      previousIndex === undefined
        ? undefined
        : sellingPlanInput(before.kind, before.plans[previousIndex]!, previousIndex, "update");
    if (previous === undefined || !sameJson(previous, next)) toUpdate.push({ id, ...next });
  });
  const afterKeys = new Set(after.plans.map((plan) => plan.key));
  const toDelete = Object.entries(existingIds)
    .filter(([key]) => !afterKeys.has(key))
    .map(([, id]) => id);

  if (toCreate.length > 0) input.sellingPlansToCreate = toCreate;
  if (toUpdate.length > 0) input.sellingPlansToUpdate = toUpdate;
  if (toDelete.length > 0) input.sellingPlansToDelete = toDelete;
  return input;
}

/** True when an update input would change nothing, so the app can skip the mutation. */
export function isEmptyGroupUpdate(input: SellingPlanGroupInput): boolean {
  return Object.keys(input).length === 0;
}

// ---------------------------------------------------------------------------
// Shopify -> offer
// ---------------------------------------------------------------------------

/** Plain mirror of the query selection documented in docs/decisions/0004-offer-model.md. */
export interface MoneyV2Node {
  __typename: "MoneyV2";
  amount: string;
  currencyCode: string;
}
export interface SellingPlanCheckoutChargePercentageValueNode {
  __typename: "SellingPlanCheckoutChargePercentageValue";
  percentage: number;
}
export interface SellingPlanPricingPolicyPercentageValueNode {
  __typename: "SellingPlanPricingPolicyPercentageValue";
  percentage: number;
}
export interface SellingPlanFixedBillingPolicyNode {
  __typename: "SellingPlanFixedBillingPolicy";
  checkoutCharge: {
    type: SellingPlanCheckoutChargeType;
    value: MoneyV2Node | SellingPlanCheckoutChargePercentageValueNode;
  };
  remainingBalanceChargeTrigger: SellingPlanRemainingBalanceChargeTrigger;
  remainingBalanceChargeExactTime: string | null;
  remainingBalanceChargeTimeAfterCheckout: string | null;
}
export interface SellingPlanFixedDeliveryPolicyNode {
  __typename: "SellingPlanFixedDeliveryPolicy";
  fulfillmentTrigger: SellingPlanFulfillmentTrigger;
  fulfillmentExactTime: string | null;
}
export interface SellingPlanFixedPricingPolicyNode {
  __typename: "SellingPlanFixedPricingPolicy";
  adjustmentType: SellingPlanPricingPolicyAdjustmentType;
  adjustmentValue: MoneyV2Node | SellingPlanPricingPolicyPercentageValueNode;
}
/** Subscription-style policies: never produced by this app, recognised only to be reported. */
export interface RecurringPolicyNode {
  __typename:
    "SellingPlanRecurringBillingPolicy" | "SellingPlanRecurringDeliveryPolicy" | "SellingPlanRecurringPricingPolicy";
}
export interface SellingPlanNode {
  id: string;
  name: string;
  description: string | null;
  options: string[];
  position: number | null;
  category: SellingPlanCategory | null;
  billingPolicy: SellingPlanFixedBillingPolicyNode | RecurringPolicyNode;
  deliveryPolicy: SellingPlanFixedDeliveryPolicyNode | RecurringPolicyNode;
  inventoryPolicy: { reserve: SellingPlanReserve } | null;
  pricingPolicies: Array<SellingPlanFixedPricingPolicyNode | RecurringPolicyNode>;
}
export interface SellingPlanGroupNode {
  id: string;
  appId: string | null;
  name: string;
  merchantCode: string;
  description: string | null;
  options: string[];
  position: number | null;
  sellingPlans: { nodes: SellingPlanNode[] };
}

/**
 * What the app keeps about an offer that a selling plan group cannot hold: the dunning policy,
 * the stock rules, the shop currency (percent-only offers carry no money to read it from) and,
 * per selling plan, the plan key and the merchant's "charge before fulfillment" confirmation.
 */
export interface OfferAppRecord {
  currencyCode: string;
  retryPolicy: RetryPolicy;
  stockRules: StockRules;
  plans: ReadonlyArray<{ sellingPlanId: string; key: string; confirmChargeBeforeFulfillment: boolean }>;
}

/**
 * Which Shopify selling plan carries which plan key, after a create or update returned the group.
 * Plans are matched by their option values, which Shopify keeps unique inside a group
 * (SELLING_PLAN_DUPLICATE_OPTIONS) and which the offer schema keeps unique too.
 */
export function matchSellingPlanIds(
  offer: Offer,
  group: Pick<SellingPlanGroupNode, "sellingPlans">,
): Record<string, string> {
  const byOptions = new Map(group.sellingPlans.nodes.map((node) => [JSON.stringify(node.options), node.id] as const));
  const ids: Record<string, string> = {};
  for (const plan of offer.plans) {
    const id = byOptions.get(JSON.stringify(plan.optionValues));
    if (id === undefined)
      throw new Error(`Shopify returned no selling plan with options ${JSON.stringify(plan.optionValues)}`);
    ids[plan.key] = id;
  }
  return ids;
}

/** Builds the app-side record once Shopify has assigned selling plan ids. */
export function offerAppRecord(offer: Offer, idsByKey: SellingPlanIdsByKey): OfferAppRecord {
  return {
    currencyCode: offer.currencyCode,
    retryPolicy: offer.retryPolicy,
    stockRules: offer.stockRules,
    plans: offer.plans.map((plan) => {
      const sellingPlanId = idsByKey[plan.key];
      if (sellingPlanId === undefined) throw new Error(`No selling plan id recorded for plan "${plan.key}"`);
      return {
        sellingPlanId,
        key: plan.key,
        confirmChargeBeforeFulfillment:
          "confirmChargeBeforeFulfillment" in plan ? plan.confirmChargeBeforeFulfillment : false,
      };
    }),
  };
}

export type OfferFromGroupResult = { ok: true; offer: Offer } | { ok: false; problems: string[] };

class NotRepresentable extends Error {}

/** Deposit as the offer schema accepts it; 0% and 100% are canonicalised there. */
type DepositInput =
  { type: "NONE" } | { type: "PERCENTAGE"; percentage: number } | { type: "FIXED_AMOUNT"; amount: string };

function depositFrom(charge: SellingPlanFixedBillingPolicyNode["checkoutCharge"], currency: string): DepositInput {
  const { value } = charge;
  if (charge.type === "PERCENTAGE" && value.__typename === "SellingPlanCheckoutChargePercentageValue") {
    return { type: "PERCENTAGE", percentage: value.percentage };
  }
  if (charge.type === "PRICE" && value.__typename === "MoneyV2") {
    const amount = moneyOf(value, currency);
    // Shopify's own TBYB example sends "PRICE 0" for "no deposit"; it means the same as 0%.
    return isZeroMoney(parseMoney(amount, currency)) ? { type: "NONE" } : { type: "FIXED_AMOUNT", amount };
  }
  throw new NotRepresentable(`checkout charge type ${charge.type} does not match its value`);
}

function moneyOf(value: MoneyV2Node, currency: string): string {
  if (value.currencyCode !== currency) {
    throw new NotRepresentable(`amount is in ${value.currencyCode} but the offer's currency is ${currency}`);
  }
  return value.amount;
}

function balanceFrom(billing: SellingPlanFixedBillingPolicyNode): Balance | null {
  switch (billing.remainingBalanceChargeTrigger) {
    case "NO_REMAINING_BALANCE":
      return null;
    case "ON_FULFILLMENT":
      return { trigger: "ON_FULFILLMENT" };
    case "EXACT_TIME": {
      if (!billing.remainingBalanceChargeExactTime) throw new NotRepresentable("EXACT_TIME balance without a time");
      return { trigger: "EXACT_DATE", chargeAt: canonicalInstant(billing.remainingBalanceChargeExactTime) };
    }
    case "TIME_AFTER_CHECKOUT": {
      const iso = billing.remainingBalanceChargeTimeAfterCheckout;
      const days = iso === null ? null : isoDurationToDays(iso);
      if (days === null) throw new NotRepresentable(`balance delay "${iso}" is not a whole number of days`);
      return { trigger: "DAYS_AFTER_CHECKOUT", days };
    }
  }
}

function fulfillmentFrom(delivery: SellingPlanFixedDeliveryPolicyNode): Fulfillment {
  switch (delivery.fulfillmentTrigger) {
    case "ASAP":
      return { trigger: "ASAP" };
    case "UNKNOWN":
      return { trigger: "UNKNOWN" };
    case "EXACT_TIME":
      if (!delivery.fulfillmentExactTime) throw new NotRepresentable("EXACT_TIME delivery without a time");
      return { trigger: "EXACT_DATE", shipsAt: canonicalInstant(delivery.fulfillmentExactTime) };
    case "ANCHOR":
      throw new NotRepresentable("anchored (subscription-style) delivery");
  }
}

function adjustmentFrom(policies: SellingPlanNode["pricingPolicies"], currency: string): PriceAdjustment {
  if (policies.length === 0) return null;
  const [policy] = policies;
  if (policies.length > 1 || policy === undefined || policy.__typename !== "SellingPlanFixedPricingPolicy") {
    throw new NotRepresentable("more than one pricing policy, or a recurring one");
  }
  const { adjustmentType, adjustmentValue } = policy;
  if (adjustmentType === "PERCENTAGE" && adjustmentValue.__typename === "SellingPlanPricingPolicyPercentageValue") {
    return { type: "PERCENTAGE_OFF", percentage: adjustmentValue.percentage };
  }
  if (adjustmentType === "FIXED_AMOUNT" && adjustmentValue.__typename === "MoneyV2") {
    return { type: "AMOUNT_OFF", amount: moneyOf(adjustmentValue, currency) };
  }
  if (adjustmentType === "PRICE" && adjustmentValue.__typename === "MoneyV2") {
    return { type: "FIXED_PRICE", price: moneyOf(adjustmentValue, currency) };
  }
  throw new NotRepresentable(`pricing policy type ${adjustmentType} does not match its value`);
}

/** Keys must match the offer schema's pattern; a plan the app has no record of gets one from its id. */
function keyForUnrecordedPlan(sellingPlanId: string): string {
  const numeric = /(\d+)$/.exec(sellingPlanId)?.[1] ?? sellingPlanId.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `plan-${numeric}`.slice(0, 40);
}

function planFrom(kind: OfferKind, node: SellingPlanNode, record: OfferAppRecord) {
  if (node.billingPolicy.__typename !== "SellingPlanFixedBillingPolicy")
    throw new NotRepresentable("recurring billing");
  if (node.deliveryPolicy.__typename !== "SellingPlanFixedDeliveryPolicy")
    throw new NotRepresentable("recurring delivery");
  const billing = node.billingPolicy;
  const recorded = record.plans.find((plan) => plan.sellingPlanId === node.id);
  const common = {
    key: recorded?.key ?? keyForUnrecordedPlan(node.id),
    name: node.name,
    description: node.description,
    optionValues: [...node.options],
    // A plan without an inventory policy commits stock like any order: at sale.
    reserveInventory: node.inventoryPolicy?.reserve ?? "ON_SALE",
    priceAdjustment: adjustmentFrom(node.pricingPolicies, record.currencyCode),
    deposit: depositFrom(billing.checkoutCharge, record.currencyCode),
  };
  const balance = balanceFrom(billing);
  if (kind === "TRY_BEFORE_YOU_BUY") {
    if (balance?.trigger !== "DAYS_AFTER_CHECKOUT")
      throw new NotRepresentable("a trial must be charged a number of days after checkout");
    if (node.deliveryPolicy.fulfillmentTrigger !== "ASAP")
      throw new NotRepresentable("a trial must ship as soon as possible");
    return { ...common, trialDays: balance.days };
  }
  const fulfillment = fulfillmentFrom(node.deliveryPolicy);
  // Shopify holds the live plan; if it charges before the ship date, the merchant saved it that way.
  const chargesBeforeShipping =
    balance?.trigger === "EXACT_DATE" &&
    fulfillment.trigger === "EXACT_DATE" &&
    DateTime.fromISO(balance.chargeAt) < DateTime.fromISO(fulfillment.shipsAt);
  return {
    ...common,
    balance,
    fulfillment,
    confirmChargeBeforeFulfillment: (recorded?.confirmChargeBeforeFulfillment ?? false) || chargesBeforeShipping,
  };
}

function kindOf(group: SellingPlanGroupNode): OfferKind {
  const categories = new Set(group.sellingPlans.nodes.map((plan) => plan.category));
  const [category] = categories;
  if (categories.size !== 1 || (category !== "PRE_ORDER" && category !== "TRY_BEFORE_YOU_BUY")) {
    throw new NotRepresentable(
      `plans must all be PRE_ORDER or all TRY_BEFORE_YOU_BUY (found ${[...categories].join(", ")})`,
    );
  }
  return category;
}

/**
 * Rebuilds the offer from a selling plan group as the Admin API returns it, completed by the
 * app's record. Reports, instead of guessing, anything this model cannot express (recurring
 * policies, anchors, month-based delays, mixed categories, a group owned by another app).
 */
export function offerFromSellingPlanGroup(group: SellingPlanGroupNode, record: OfferAppRecord): OfferFromGroupResult {
  if (group.appId !== APP_ID)
    return { ok: false, problems: [`group ${group.id} belongs to app "${group.appId ?? "none"}"`] };
  try {
    const kind = kindOf(group);
    // Shopify lists plans by id; position is the order the merchant arranged.
    const nodes = group.sellingPlans.nodes
      .map((node, index) => ({ node, index }))
      .sort(
        (a, b) =>
          (a.node.position ?? Number.MAX_SAFE_INTEGER) - (b.node.position ?? Number.MAX_SAFE_INTEGER) ||
          a.index - b.index,
      )
      .map(({ node }) => node);
    const input = {
      kind,
      currencyCode: record.currencyCode,
      name: group.name,
      merchantCode: group.merchantCode,
      description: group.description,
      optionLabels: [...group.options],
      retryPolicy: record.retryPolicy,
      stockRules: record.stockRules,
      plans: nodes.map((node) => planFrom(kind, node, record)),
    };
    // The stored-offer schema re-checks every rule and canonicalises numbers, money and dates.
    const parsed = parseStoredOffer(input);
    if (!parsed.ok) {
      return {
        ok: false,
        problems: Object.entries(parsed.fieldErrors).map(([path, message]) => `${path}: ${message}`),
      };
    }
    return { ok: true, offer: parsed.offer };
  } catch (error) {
    if (error instanceof NotRepresentable) return { ok: false, problems: [error.message] };
    throw error;
  }
}
