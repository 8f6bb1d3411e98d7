// A tiny stand-in for how Shopify stores selling plan group inputs and answers the group query, plus Shopify's documented plan rules as a checker.
import type {
  SellingPlanFixedBillingPolicyInput,
  SellingPlanFixedDeliveryPolicyInput,
  SellingPlanGroupInput,
  SellingPlanGroupNode,
  SellingPlanInput,
  SellingPlanNode,
} from "~/domain/selling-plan-input";

interface StoredPlan {
  id: string;
  input: SellingPlanInput;
}

export interface StoredGroup {
  id: string;
  group: Omit<SellingPlanGroupInput, "sellingPlansToCreate" | "sellingPlansToUpdate" | "sellingPlansToDelete">;
  plans: StoredPlan[];
  nextPlanId: number;
}

/** Shopify answers Decimal without padding ("10.0", "1000.0"): strip trailing zeros but keep one decimal. */
function shopifyDecimal(value: string): string {
  if (!value.includes(".")) return `${value}.0`;
  return value.replace(/0+$/, "").replace(/\.$/, ".0");
}

export function createGroup(input: SellingPlanGroupInput, firstPlanId = 1001): StoredGroup {
  const { sellingPlansToCreate, sellingPlansToUpdate: _u, sellingPlansToDelete: _d, ...group } = input;
  const stored: StoredGroup = { id: "gid://shopify/SellingPlanGroup/77", group, plans: [], nextPlanId: firstPlanId };
  for (const plan of sellingPlansToCreate ?? []) {
    stored.plans.push({ id: `gid://shopify/SellingPlan/${stored.nextPlanId++}`, input: structuredClone(plan) });
  }
  return stored;
}

function mergeFixed<T extends object>(
  stored: T | null | undefined,
  update: T | null | undefined,
): T | null | undefined {
  if (update === undefined) return stored;
  if (update === null || stored === null || stored === undefined) return update;
  // An update merges field by field: absent keys keep the stored value, null clears it.
  return { ...stored, ...update };
}

/** Applies an update the way the Admin API does: merge the given fields, create, delete. */
export function updateGroup(stored: StoredGroup, input: SellingPlanGroupInput): StoredGroup {
  const next: StoredGroup = structuredClone(stored);
  const { sellingPlansToCreate, sellingPlansToUpdate, sellingPlansToDelete, ...group } = input;
  next.group = { ...next.group, ...group };
  const deleted = new Set(sellingPlansToDelete ?? []);
  next.plans = next.plans.filter((plan) => !deleted.has(plan.id));
  for (const update of sellingPlansToUpdate ?? []) {
    const plan = next.plans.find((candidate) => candidate.id === update.id);
    if (!plan) throw new Error(`PLAN_DOES_NOT_EXIST: ${String(update.id)}`);
    const { id: _id, billingPolicy, deliveryPolicy, ...rest } = update;
    plan.input = {
      ...plan.input,
      ...rest,
      billingPolicy:
        billingPolicy === undefined
          ? plan.input.billingPolicy
          : { fixed: mergeFixed(plan.input.billingPolicy?.fixed, billingPolicy?.fixed) },
      deliveryPolicy:
        deliveryPolicy === undefined
          ? plan.input.deliveryPolicy
          : { fixed: mergeFixed(plan.input.deliveryPolicy?.fixed, deliveryPolicy?.fixed) },
    };
  }
  for (const plan of sellingPlansToCreate ?? []) {
    next.plans.push({ id: `gid://shopify/SellingPlan/${next.nextPlanId++}`, input: structuredClone(plan) });
  }
  return next;
}

function planNode(plan: StoredPlan, currencyCode: string): SellingPlanNode {
  const billing = plan.input.billingPolicy?.fixed;
  const delivery = plan.input.deliveryPolicy?.fixed;
  if (!billing || !delivery) throw new Error("fixed billing and delivery policies are required");
  const charge = billing.checkoutCharge!;
  return {
    id: plan.id,
    name: plan.input.name!,
    description: plan.input.description ?? null,
    options: plan.input.options ?? [],
    position: plan.input.position ?? null,
    category: plan.input.category ?? null,
    billingPolicy: {
      __typename: "SellingPlanFixedBillingPolicy",
      checkoutCharge: {
        type: charge.type!,
        value:
          charge.type === "PRICE"
            ? { __typename: "MoneyV2", amount: shopifyDecimal(charge.value!.fixedValue!), currencyCode }
            : { __typename: "SellingPlanCheckoutChargePercentageValue", percentage: charge.value!.percentage! },
      },
      remainingBalanceChargeTrigger: billing.remainingBalanceChargeTrigger!,
      remainingBalanceChargeExactTime: billing.remainingBalanceChargeExactTime ?? null,
      remainingBalanceChargeTimeAfterCheckout: billing.remainingBalanceChargeTimeAfterCheckout ?? null,
    },
    deliveryPolicy: {
      __typename: "SellingPlanFixedDeliveryPolicy",
      fulfillmentTrigger: delivery.fulfillmentTrigger!,
      fulfillmentExactTime: delivery.fulfillmentExactTime ?? null,
    },
    inventoryPolicy: plan.input.inventoryPolicy?.reserve ? { reserve: plan.input.inventoryPolicy.reserve } : null,
    pricingPolicies: (plan.input.pricingPolicies ?? []).map((policy) => {
      const fixed = policy.fixed!;
      return {
        __typename: "SellingPlanFixedPricingPolicy" as const,
        adjustmentType: fixed.adjustmentType!,
        adjustmentValue:
          fixed.adjustmentType === "PERCENTAGE"
            ? {
                __typename: "SellingPlanPricingPolicyPercentageValue" as const,
                percentage: fixed.adjustmentValue!.percentage!,
              }
            : {
                __typename: "MoneyV2" as const,
                amount: shopifyDecimal(fixed.adjustmentValue!.fixedValue!),
                currencyCode,
              },
      };
    }),
  };
}

/** The group as the documented query returns it. Plans come back newest first, to prove order is restored from `position`. */
export function groupNode(stored: StoredGroup, currencyCode: string): SellingPlanGroupNode {
  return {
    id: stored.id,
    appId: stored.group.appId ?? null,
    name: stored.group.name!,
    merchantCode: stored.group.merchantCode!,
    description: stored.group.description ?? null,
    options: stored.group.options ?? [],
    position: stored.group.position ?? null,
    sellingPlans: { nodes: [...stored.plans].reverse().map((plan) => planNode(plan, currencyCode)) },
  };
}

/**
 * Shopify's validation of fixed (deferred) selling plans, one check per SellingPlanGroupUserErrorCode
 * that applies to them. Returns the codes a plan would be rejected with.
 */
export function planRuleViolations(plan: SellingPlanInput, groupOptionCount: number): string[] {
  const codes: string[] = [];
  const billing: SellingPlanFixedBillingPolicyInput | null | undefined = plan.billingPolicy?.fixed;
  const delivery: SellingPlanFixedDeliveryPolicyInput | null | undefined = plan.deliveryPolicy?.fixed;
  if (!billing) codes.push("SELLING_PLAN_BILLING_POLICY_MISSING");
  if (!delivery) codes.push("SELLING_PLAN_DELIVERY_POLICY_MISSING");
  if (plan.category !== "PRE_ORDER" && plan.category !== "TRY_BEFORE_YOU_BUY") codes.push("INCLUSION");
  if ((plan.options ?? []).length !== groupOptionCount)
    codes.push("SELLING_PLAN_OPTION2_REQUIRED_AS_DEFINED_ON_PARENT_GROUP");
  if (billing) {
    const charge = billing.checkoutCharge;
    const hasPercentage = typeof charge?.value?.percentage === "number";
    const hasFixed = typeof charge?.value?.fixedValue === "string";
    if (hasPercentage === hasFixed) codes.push("ONLY_NEED_ONE_CHECKOUT_CHARGE_VALUE");
    if ((charge?.type === "PERCENTAGE") !== hasPercentage) codes.push("CHECKOUT_CHARGE_VALUE_AND_TYPE_MUST_MATCH");
    const trigger = billing.remainingBalanceChargeTrigger;
    const full = charge?.type === "PERCENTAGE" && charge.value?.percentage === 100;
    if (full && trigger !== "NO_REMAINING_BALANCE") codes.push("REMAINING_BALANCE_CHARGE_TRIGGER_ON_FULL_CHECKOUT");
    if (!full && trigger === "NO_REMAINING_BALANCE") {
      codes.push(
        charge?.type === "PRICE"
          ? "REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PRICE_CHECKOUT_CHARGE"
          : "REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PARTIAL_PERCENTAGE_CHECKOUT_CHARGE",
      );
    }
    const exact = billing.remainingBalanceChargeExactTime;
    if (trigger === "EXACT_TIME" && !exact) codes.push("REMAINING_BALANCE_CHARGE_EXACT_TIME_REQUIRED");
    if (trigger !== "EXACT_TIME" && exact) codes.push("REMAINING_BALANCE_CHARGE_EXACT_TIME_NOT_ALLOWED");
    const after = billing.remainingBalanceChargeTimeAfterCheckout;
    if (trigger === "TIME_AFTER_CHECKOUT" && !(after && /^P(?!$)/.test(after) && !/^P0D$/.test(after))) {
      codes.push("REMAINING_BALANCE_CHARGE_TIME_AFTER_CHECKOUT_MUST_BE_GREATER_THAN_ZERO");
    }
    if (trigger !== "TIME_AFTER_CHECKOUT" && after) codes.push("INVALID");
  }
  if (delivery) {
    const exact = delivery.fulfillmentExactTime;
    if (delivery.fulfillmentTrigger === "EXACT_TIME" && !exact) codes.push("FULFILLMENT_EXACT_TIME_REQUIRED");
    if (delivery.fulfillmentTrigger !== "EXACT_TIME" && exact) codes.push("FULFILLMENT_EXACT_TIME_NOT_ALLOWED");
  }
  const pricing = plan.pricingPolicies ?? [];
  if (pricing.length > 1) codes.push("SELLING_PLAN_FIXED_PRICING_POLICIES_LIMIT");
  for (const policy of pricing) {
    if (!policy.fixed) codes.push("SELLING_PLAN_PRICING_POLICIES_MUST_CONTAIN_A_FIXED_PRICING_POLICY");
    const value = policy.fixed?.adjustmentValue;
    const hasPercentage = typeof value?.percentage === "number";
    const hasFixed = typeof value?.fixedValue === "string";
    if (hasPercentage === hasFixed) codes.push("ONLY_NEED_ONE_PRICING_POLICY_VALUE");
    if ((policy.fixed?.adjustmentType === "PERCENTAGE") !== hasPercentage)
      codes.push("PRICING_POLICY_ADJUSTMENT_VALUE_AND_TYPE_MUST_MATCH");
  }
  return codes;
}

/** Group-level rules over the stored plans (after a create or an update). */
export function groupRuleViolations(stored: StoredGroup): string[] {
  const codes: string[] = [];
  if (stored.plans.length < 1) codes.push("SELLING_PLAN_COUNT_LOWER_BOUND");
  if (stored.plans.length > 31) codes.push("SELLING_PLAN_COUNT_UPPER_BOUND");
  const names = stored.plans.map((plan) => plan.input.name);
  if (new Set(names).size !== names.length) codes.push("SELLING_PLAN_DUPLICATE_NAME");
  const options = stored.plans.map((plan) => JSON.stringify(plan.input.options));
  if (new Set(options).size !== options.length) codes.push("SELLING_PLAN_DUPLICATE_OPTIONS");
  for (const plan of stored.plans) codes.push(...planRuleViolations(plan.input, (stored.group.options ?? []).length));
  return codes;
}
