// Shopify's rules for fixed selling plans (pre-order, try before you buy): input -> records or SellingPlanGroupUserErrors.
import type {
  CheckoutCharge,
  FixedBillingPolicy,
  FixedDeliveryPolicy,
  PricingAdjustment,
  RemainingBalanceChargeTrigger,
  SellingPlanCategory,
  SellingPlanRecord,
  FulfillmentTrigger,
  AnchorRecord,
} from "../state/types.js";
import { MoneyError, parseMoney } from "./money.js";
import { isIsoDuration, parsePositiveDuration } from "./duration.js";

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** Raised for input the simulator deliberately does not model (recurring/subscription policies). */
export class NotModelledError extends Error {}

type Maybe<T> = T | null | undefined;

export interface MoneyValueInput {
  fixedValue?: Maybe<string>;
  percentage?: Maybe<number>;
}

export interface FixedBillingInput {
  checkoutCharge?: Maybe<{ type?: Maybe<string>; value?: Maybe<MoneyValueInput> }>;
  remainingBalanceChargeTrigger?: Maybe<string>;
  remainingBalanceChargeExactTime?: Maybe<string>;
  remainingBalanceChargeTimeAfterCheckout?: Maybe<string>;
}

export interface FixedDeliveryInput {
  anchors?: Maybe<{ type?: Maybe<string>; day?: Maybe<number>; month?: Maybe<number>; cutoffDay?: Maybe<number> }[]>;
  cutoff?: Maybe<number>;
  fulfillmentExactTime?: Maybe<string>;
  fulfillmentTrigger?: Maybe<string>;
  intent?: Maybe<string>;
  preAnchorBehavior?: Maybe<string>;
}

export interface SellingPlanInput {
  id?: Maybe<string>;
  name?: Maybe<string>;
  description?: Maybe<string>;
  options?: Maybe<string[]>;
  position?: Maybe<number>;
  category?: Maybe<string>;
  billingPolicy?: Maybe<{ fixed?: Maybe<FixedBillingInput>; recurring?: Maybe<unknown> }>;
  deliveryPolicy?: Maybe<{ fixed?: Maybe<FixedDeliveryInput>; recurring?: Maybe<unknown> }>;
  inventoryPolicy?: Maybe<{ reserve?: Maybe<string> }>;
  pricingPolicies?: Maybe<
    {
      fixed?: Maybe<{ adjustmentType?: Maybe<string>; adjustmentValue?: Maybe<MoneyValueInput>; id?: Maybe<string> }>;
      recurring?: Maybe<unknown>;
    }[]
  >;
  metafields?: Maybe<unknown[]>;
}

export interface SellingPlanGroupInput {
  appId?: Maybe<string>;
  name?: Maybe<string>;
  merchantCode?: Maybe<string>;
  description?: Maybe<string>;
  options?: Maybe<string[]>;
  position?: Maybe<number>;
  sellingPlansToCreate?: Maybe<SellingPlanInput[]>;
  sellingPlansToUpdate?: Maybe<SellingPlanInput[]>;
  sellingPlansToDelete?: Maybe<string[]>;
}

export type PlanDraft = Omit<SellingPlanRecord, "id" | "groupId" | "createdAt">;

const MAX_PLANS_PER_GROUP = 31;
const FIXED_CATEGORIES: SellingPlanCategory[] = ["PRE_ORDER", "TRY_BEFORE_YOU_BUY", "OTHER"];

function err(field: string[], message: string, code: string): UserError {
  return { field, message, code };
}

function parseDate(text: string): Date | null {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Builds a plan from create input, or merges update input into an existing plan. `path` is the input path
 * used in userErrors' `field` (e.g. ["input","sellingPlansToCreate","0"]).
 */
export function buildPlan(
  input: SellingPlanInput,
  path: string[],
  currency: string,
  existing?: SellingPlanRecord,
): { plan?: PlanDraft; errors: UserError[] } {
  const errors: UserError[] = [];
  if (
    input.billingPolicy?.recurring ||
    input.deliveryPolicy?.recurring ||
    input.pricingPolicies?.some((p) => p.recurring)
  ) {
    if (input.billingPolicy?.fixed && input.billingPolicy.recurring) {
      errors.push(
        err(
          [...path, "billingPolicy"],
          "Only one of fixed or recurring billing policy is allowed",
          "ONLY_ONE_OF_FIXED_OR_RECURRING_BILLING",
        ),
      );
      return { errors };
    }
    if (input.deliveryPolicy?.fixed && input.deliveryPolicy.recurring) {
      errors.push(
        err(
          [...path, "deliveryPolicy"],
          "Only one of fixed or recurring delivery policy is allowed",
          "ONLY_ONE_OF_FIXED_OR_RECURRING_DELIVERY",
        ),
      );
      return { errors };
    }
    const billingFixed = Boolean(input.billingPolicy?.fixed ?? (existing && !input.billingPolicy));
    const deliveryFixed = Boolean(input.deliveryPolicy?.fixed ?? (existing && !input.deliveryPolicy));
    if (billingFixed !== deliveryFixed) {
      errors.push(
        err(
          path,
          "Billing and delivery policy types must be the same",
          "BILLING_AND_DELIVERY_POLICY_TYPES_MUST_BE_THE_SAME",
        ),
      );
      return { errors };
    }
    throw new NotModelledError(
      "Recurring (subscription) selling plan policies are not implemented by the local simulator",
    );
  }

  const name = input.name ?? existing?.name;
  if (!name || !name.trim()) errors.push(err([...path, "name"], "Name can't be blank", "BLANK"));
  const options = input.options ?? existing?.options ?? [];
  if (options.length === 0) errors.push(err([...path, "options"], "Selling plan option1 can't be blank", "BLANK"));

  let category: SellingPlanCategory | null = existing?.category ?? null;
  if (input.category !== undefined) category = (input.category as SellingPlanCategory | null) ?? null;
  if (category && !FIXED_CATEGORIES.includes(category)) {
    errors.push(
      err(
        [...path, "category"],
        `Category ${category} is not allowed for a selling plan with fixed policies`,
        "INCLUSION",
      ),
    );
  }

  // Billing
  let billing: FixedBillingPolicy | undefined;
  const billingIn = input.billingPolicy?.fixed;
  if (!billingIn && !existing) {
    errors.push(
      err([...path, "billingPolicy"], "Selling plan billing policy is missing", "SELLING_PLAN_BILLING_POLICY_MISSING"),
    );
  } else if (input.billingPolicy && !billingIn) {
    errors.push(
      err([...path, "billingPolicy"], "Only one billing policy type is needed", "ONLY_NEED_ONE_BILLING_POLICY_TYPE"),
    );
  } else {
    billing = buildBilling(billingIn ?? {}, [...path, "billingPolicy", "fixed"], currency, existing?.billing, errors);
  }

  // Delivery
  let delivery: FixedDeliveryPolicy | undefined;
  const deliveryIn = input.deliveryPolicy?.fixed;
  if (!deliveryIn && !existing) {
    errors.push(
      err(
        [...path, "deliveryPolicy"],
        "Selling plan delivery policy is missing",
        "SELLING_PLAN_DELIVERY_POLICY_MISSING",
      ),
    );
  } else if (input.deliveryPolicy && !deliveryIn) {
    errors.push(
      err([...path, "deliveryPolicy"], "Only one delivery policy type is needed", "ONLY_NEED_ONE_DELIVERY_POLICY_TYPE"),
    );
  } else {
    delivery = buildDelivery(deliveryIn ?? {}, [...path, "deliveryPolicy", "fixed"], existing?.delivery, errors);
  }

  // Pricing
  let pricingPolicies = existing?.pricingPolicies ?? [];
  if (input.pricingPolicies) {
    pricingPolicies = [];
    const fixedCount = input.pricingPolicies.filter((p) => p.fixed).length;
    if (fixedCount > 1) {
      errors.push(
        err(
          [...path, "pricingPolicies"],
          "A selling plan can have at most 1 fixed pricing policy",
          "SELLING_PLAN_FIXED_PRICING_POLICIES_LIMIT",
        ),
      );
    }
    input.pricingPolicies.forEach((p, i) => {
      const pPath = [...path, "pricingPolicies", String(i)];
      if (!p.fixed) {
        errors.push(err(pPath, "Only one pricing policy type is needed", "ONLY_NEED_ONE_PRICING_POLICY_TYPE"));
        return;
      }
      const adj = buildAdjustment(
        p.fixed.adjustmentType,
        p.fixed.adjustmentValue,
        [...pPath, "fixed"],
        currency,
        errors,
      );
      if (adj) pricingPolicies.push({ adjustment: adj, createdAt: new Date(0) });
    });
  }

  let inventoryReserve = existing?.inventoryReserve ?? "ON_SALE";
  if (input.inventoryPolicy?.reserve) inventoryReserve = input.inventoryPolicy.reserve as "ON_SALE" | "ON_FULFILLMENT";

  if (errors.length > 0 || !billing || !delivery || !name) return { errors };
  return {
    errors,
    plan: {
      name,
      description: input.description !== undefined ? (input.description ?? null) : (existing?.description ?? null),
      options,
      position: input.position !== undefined ? (input.position ?? null) : (existing?.position ?? null),
      category,
      billing,
      delivery,
      inventoryReserve,
      pricingPolicies,
    },
  };
}

function buildBilling(
  input: FixedBillingInput,
  path: string[],
  currency: string,
  existing: FixedBillingPolicy | undefined,
  errors: UserError[],
): FixedBillingPolicy | undefined {
  let checkoutCharge: CheckoutCharge | undefined = existing?.checkoutCharge;
  if (input.checkoutCharge) {
    const cc = input.checkoutCharge;
    const v = cc.value ?? {};
    const hasFixed = v.fixedValue !== null && v.fixedValue !== undefined;
    const hasPct = v.percentage !== null && v.percentage !== undefined;
    if (!cc.type) errors.push(err([...path, "checkoutCharge", "type"], "Type can't be blank", "BLANK"));
    else if (hasFixed && hasPct)
      errors.push(
        err(
          [...path, "checkoutCharge", "value"],
          "Only one checkout charge value is needed",
          "ONLY_NEED_ONE_CHECKOUT_CHARGE_VALUE",
        ),
      );
    else if (!hasFixed && !hasPct)
      errors.push(err([...path, "checkoutCharge", "value"], "Value can't be blank", "BLANK"));
    else if (cc.type === "PERCENTAGE" && !hasPct)
      errors.push(
        err(
          [...path, "checkoutCharge"],
          "Checkout charge value and type must match",
          "CHECKOUT_CHARGE_VALUE_AND_TYPE_MUST_MATCH",
        ),
      );
    else if (cc.type === "PRICE" && !hasFixed)
      errors.push(
        err(
          [...path, "checkoutCharge"],
          "Checkout charge value and type must match",
          "CHECKOUT_CHARGE_VALUE_AND_TYPE_MUST_MATCH",
        ),
      );
    else if (cc.type === "PERCENTAGE") {
      const pct = v.percentage as number;
      if (pct < 0)
        errors.push(
          err(
            [...path, "checkoutCharge", "value", "percentage"],
            "Percentage must be greater than or equal to 0",
            "GREATER_THAN_OR_EQUAL_TO",
          ),
        );
      else if (pct > 100)
        errors.push(
          err(
            [...path, "checkoutCharge", "value", "percentage"],
            "Percentage must be less than or equal to 100",
            "LESS_THAN_OR_EQUAL_TO",
          ),
        );
      else checkoutCharge = { type: "PERCENTAGE", percentage: pct };
    } else {
      try {
        const m = parseMoney(v.fixedValue as string, currency);
        if (m.minor < 0n)
          errors.push(
            err(
              [...path, "checkoutCharge", "value", "fixedValue"],
              "Fixed value must be greater than or equal to 0",
              "GREATER_THAN_OR_EQUAL_TO",
            ),
          );
        else checkoutCharge = { type: "PRICE", fixedMinor: m.minor };
      } catch (e) {
        errors.push(
          err(
            [...path, "checkoutCharge", "value", "fixedValue"],
            e instanceof MoneyError ? e.message : "Fixed value is invalid",
            "INVALID",
          ),
        );
      }
    }
  } else if (!existing) {
    errors.push(err([...path, "checkoutCharge"], "Checkout charge can't be blank", "BLANK"));
  }

  const trigger = (input.remainingBalanceChargeTrigger ?? existing?.remainingBalanceChargeTrigger) as
    RemainingBalanceChargeTrigger | undefined;
  if (!trigger) {
    errors.push(
      err([...path, "remainingBalanceChargeTrigger"], "Remaining balance charge trigger can't be blank", "BLANK"),
    );
    return undefined;
  }
  // A trigger change drops the other trigger's settings unless they are sent again.
  const triggerChanged =
    existing !== undefined &&
    input.remainingBalanceChargeTrigger != null &&
    input.remainingBalanceChargeTrigger !== existing.remainingBalanceChargeTrigger;
  const exactText =
    input.remainingBalanceChargeExactTime !== undefined
      ? input.remainingBalanceChargeExactTime
      : triggerChanged
        ? null
        : existing?.remainingBalanceChargeExactTime?.toISOString();
  const afterText =
    input.remainingBalanceChargeTimeAfterCheckout !== undefined
      ? input.remainingBalanceChargeTimeAfterCheckout
      : triggerChanged
        ? null
        : existing?.remainingBalanceChargeTimeAfterCheckout;
  let exactTime: Date | null = null;
  let timeAfter: string | null = null;

  if (trigger === "EXACT_TIME") {
    if (!exactText)
      errors.push(
        err(
          [...path, "remainingBalanceChargeExactTime"],
          "Remaining balance charge exact time is required when the trigger is EXACT_TIME",
          "REMAINING_BALANCE_CHARGE_EXACT_TIME_REQUIRED",
        ),
      );
    else exactTime = parseDate(exactText);
  } else if (exactText) {
    errors.push(
      err(
        [...path, "remainingBalanceChargeExactTime"],
        "Remaining balance charge exact time is only allowed when the trigger is EXACT_TIME",
        "REMAINING_BALANCE_CHARGE_EXACT_TIME_NOT_ALLOWED",
      ),
    );
  }
  if (trigger === "TIME_AFTER_CHECKOUT") {
    if (!afterText) {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTimeAfterCheckout"],
          "Remaining balance charge time after checkout can't be blank",
          "BLANK",
        ),
      );
    } else if (!isIsoDuration(afterText)) {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTimeAfterCheckout"],
          "Remaining balance charge time after checkout must be an ISO 8601 duration",
          "INVALID",
        ),
      );
    } else if (!parsePositiveDuration(afterText)) {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTimeAfterCheckout"],
          "Remaining balance charge time after checkout must be greater than zero",
          "REMAINING_BALANCE_CHARGE_TIME_AFTER_CHECKOUT_MUST_BE_GREATER_THAN_ZERO",
        ),
      );
    } else timeAfter = afterText;
  } else if (afterText) {
    errors.push(
      err(
        [...path, "remainingBalanceChargeTimeAfterCheckout"],
        "Remaining balance charge time after checkout is only allowed when the trigger is TIME_AFTER_CHECKOUT",
        "INVALID",
      ),
    );
  }

  if (checkoutCharge) {
    const full = checkoutCharge.type === "PERCENTAGE" && checkoutCharge.percentage === 100;
    if (trigger === "NO_REMAINING_BALANCE" && checkoutCharge.type === "PERCENTAGE" && !full) {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTrigger"],
          "Remaining balance charge trigger can't be NO_REMAINING_BALANCE with a partial percentage checkout charge",
          "REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PARTIAL_PERCENTAGE_CHECKOUT_CHARGE",
        ),
      );
    }
    if (trigger === "NO_REMAINING_BALANCE" && checkoutCharge.type === "PRICE") {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTrigger"],
          "Remaining balance charge trigger can't be NO_REMAINING_BALANCE with a price checkout charge",
          "REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PRICE_CHECKOUT_CHARGE",
        ),
      );
    }
    if (full && trigger !== "NO_REMAINING_BALANCE") {
      errors.push(
        err(
          [...path, "remainingBalanceChargeTrigger"],
          "Remaining balance charge trigger must be NO_REMAINING_BALANCE when the checkout charge is 100%",
          "REMAINING_BALANCE_CHARGE_TRIGGER_ON_FULL_CHECKOUT",
        ),
      );
    }
  }
  if (!checkoutCharge) return undefined;
  return {
    checkoutCharge,
    remainingBalanceChargeTrigger: trigger,
    remainingBalanceChargeExactTime: exactTime,
    remainingBalanceChargeTimeAfterCheckout: timeAfter,
  };
}

function buildDelivery(
  input: FixedDeliveryInput,
  path: string[],
  existing: FixedDeliveryPolicy | undefined,
  errors: UserError[],
): FixedDeliveryPolicy | undefined {
  const trigger = (input.fulfillmentTrigger ?? existing?.fulfillmentTrigger) as FulfillmentTrigger | undefined;
  if (!trigger) {
    errors.push(err([...path, "fulfillmentTrigger"], "Fulfillment trigger can't be blank", "BLANK"));
    return undefined;
  }
  const triggerChanged =
    existing !== undefined &&
    input.fulfillmentTrigger != null &&
    input.fulfillmentTrigger !== existing.fulfillmentTrigger;
  const exactText =
    input.fulfillmentExactTime !== undefined
      ? input.fulfillmentExactTime
      : triggerChanged
        ? null
        : existing?.fulfillmentExactTime?.toISOString();
  let exact: Date | null = null;
  if (trigger === "EXACT_TIME") {
    if (!exactText)
      errors.push(
        err(
          [...path, "fulfillmentExactTime"],
          "Fulfillment exact time is required when the fulfillment trigger is EXACT_TIME",
          "FULFILLMENT_EXACT_TIME_REQUIRED",
        ),
      );
    else exact = parseDate(exactText);
  } else if (exactText) {
    errors.push(
      err(
        [...path, "fulfillmentExactTime"],
        "Fulfillment exact time is only allowed when the fulfillment trigger is EXACT_TIME",
        "FULFILLMENT_EXACT_TIME_NOT_ALLOWED",
      ),
    );
  }
  const anchorsIn =
    input.anchors !== undefined ? (input.anchors ?? []) : triggerChanged ? [] : (existing?.anchors ?? []);
  const anchors: AnchorRecord[] = anchorsIn.map((a) =>
    "type" in a && typeof a.type === "string"
      ? {
          type: a.type as AnchorRecord["type"],
          day: a.day ?? 1,
          month: a.month ?? null,
          cutoffDay: a.cutoffDay ?? null,
        }
      : (a as AnchorRecord),
  );
  if (trigger === "ANCHOR" && anchors.length === 0)
    errors.push(
      err(
        [...path, "anchors"],
        "Anchors are required when the fulfillment trigger is ANCHOR",
        "SELLING_PLAN_ANCHORS_REQUIRED",
      ),
    );
  if (trigger !== "ANCHOR" && anchors.length > 0)
    errors.push(
      err(
        [...path, "anchors"],
        "Anchors are only allowed when the fulfillment trigger is ANCHOR",
        "SELLING_PLAN_ANCHORS_NOT_ALLOWED",
      ),
    );
  const cutoff = input.cutoff !== undefined ? (input.cutoff ?? null) : (existing?.cutoff ?? null);
  if (cutoff !== null && cutoff < 0)
    errors.push(err([...path, "cutoff"], "Cutoff must be greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO"));
  return {
    fulfillmentTrigger: trigger,
    fulfillmentExactTime: exact,
    cutoff,
    intent: "FULFILLMENT_BEGIN",
    preAnchorBehavior:
      ((input.preAnchorBehavior ?? existing?.preAnchorBehavior) as "ASAP" | "NEXT" | undefined) ?? "ASAP",
    anchors,
  };
}

function buildAdjustment(
  type: Maybe<string>,
  value: Maybe<MoneyValueInput>,
  path: string[],
  currency: string,
  errors: UserError[],
): PricingAdjustment | undefined {
  const hasFixed = value?.fixedValue !== null && value?.fixedValue !== undefined;
  const hasPct = value?.percentage !== null && value?.percentage !== undefined;
  if (!type) {
    errors.push(err([...path, "adjustmentType"], "Adjustment type can't be blank", "BLANK"));
    return undefined;
  }
  if (hasFixed && hasPct) {
    errors.push(
      err(
        [...path, "adjustmentValue"],
        "Only one pricing policy adjustment value is needed",
        "ONLY_NEED_ONE_PRICING_POLICY_VALUE",
      ),
    );
    return undefined;
  }
  if (!hasFixed && !hasPct) {
    errors.push(err([...path, "adjustmentValue"], "Adjustment value can't be blank", "BLANK"));
    return undefined;
  }
  if ((type === "PERCENTAGE") !== hasPct) {
    errors.push(
      err(
        path,
        "Pricing policy adjustment value and type must match",
        "PRICING_POLICY_ADJUSTMENT_VALUE_AND_TYPE_MUST_MATCH",
      ),
    );
    return undefined;
  }
  if (type === "PERCENTAGE") {
    const pct = value!.percentage as number;
    if (pct < 0 || pct > 100) {
      errors.push(
        err(
          [...path, "adjustmentValue", "percentage"],
          "Percentage must be between 0 and 100",
          pct < 0 ? "GREATER_THAN_OR_EQUAL_TO" : "LESS_THAN_OR_EQUAL_TO",
        ),
      );
      return undefined;
    }
    return { adjustmentType: "PERCENTAGE", percentage: pct };
  }
  try {
    const m = parseMoney(value!.fixedValue as string, currency);
    if (m.minor < 0n) {
      errors.push(
        err(
          [...path, "adjustmentValue", "fixedValue"],
          "Fixed value must be greater than or equal to 0",
          "GREATER_THAN_OR_EQUAL_TO",
        ),
      );
      return undefined;
    }
    return { adjustmentType: type as "FIXED_AMOUNT" | "PRICE", fixedMinor: m.minor };
  } catch (e) {
    errors.push(err([...path, "adjustmentValue", "fixedValue"], e instanceof Error ? e.message : "Invalid", "INVALID"));
    return undefined;
  }
}

/** Group-level rules over the resulting set of plans: counts, option labels, duplicate names and options. */
export function validateGroupPlans(
  groupOptions: string[],
  plans: { name: string; options: string[] }[],
  path: string[],
): UserError[] {
  const errors: UserError[] = [];
  if (plans.length > MAX_PLANS_PER_GROUP) {
    errors.push(
      err(
        [...path, "sellingPlansToCreate"],
        `A selling plan group can have at most ${MAX_PLANS_PER_GROUP} selling plans`,
        "SELLING_PLAN_COUNT_UPPER_BOUND",
      ),
    );
  }
  const names = new Set<string>();
  const optionKeys = new Set<string>();
  plans.forEach((p) => {
    if (names.has(p.name))
      errors.push(
        err(
          [...path, "sellingPlansToCreate"],
          `Selling plan name "${p.name}" is already taken in this group`,
          "SELLING_PLAN_DUPLICATE_NAME",
        ),
      );
    names.add(p.name);
    const key = JSON.stringify(p.options);
    if (optionKeys.has(key))
      errors.push(
        err(
          [...path, "sellingPlansToCreate"],
          "Selling plans in a group must have unique options",
          "SELLING_PLAN_DUPLICATE_OPTIONS",
        ),
      );
    optionKeys.add(key);
    if (groupOptions.length >= 2 && p.options.length < 2)
      errors.push(
        err(
          [...path, "sellingPlansToCreate"],
          "Selling plan option2 is required as defined on the parent group",
          "SELLING_PLAN_OPTION2_REQUIRED_AS_DEFINED_ON_PARENT_GROUP",
        ),
      );
    if (groupOptions.length >= 3 && p.options.length < 3)
      errors.push(
        err(
          [...path, "sellingPlansToCreate"],
          "Selling plan option3 is required as defined on the parent group",
          "SELLING_PLAN_OPTION3_REQUIRED_AS_DEFINED_ON_PARENT_GROUP",
        ),
      );
    if (groupOptions.length < 2 && p.options.length >= 2)
      errors.push(
        err(
          [...path, "options"],
          "The parent group has no option2 label",
          "SELLING_PLAN_MISSING_OPTION2_LABEL_ON_PARENT_GROUP",
        ),
      );
    if (groupOptions.length < 3 && p.options.length >= 3)
      errors.push(
        err(
          [...path, "options"],
          "The parent group has no option3 label",
          "SELLING_PLAN_MISSING_OPTION3_LABEL_ON_PARENT_GROUP",
        ),
      );
  });
  return errors;
}

/** A short human summary in the spirit of Shopify's generated `summary`. */
export function groupSummary(plans: PlanDraft[]): string {
  const n = plans.length;
  const parts = [`${n} ${n === 1 ? "option" : "options"}`];
  const discounts = plans.flatMap((p) => p.pricingPolicies).filter((p) => p.adjustment.adjustmentType === "PERCENTAGE");
  if (discounts.length > 0) {
    const pcts = [...new Set(discounts.map((d) => (d.adjustment as { percentage: number }).percentage))];
    parts.push(`${pcts.join("-")}% discount`);
  }
  return parts.join(", ");
}
