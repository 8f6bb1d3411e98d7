// Offer -> SellingPlanGroupInput (checked against the real Admin 2026-10 schema and Shopify's plan rules), update diffs, and the lossless round trip back.
import { SELLING_PLAN_GROUP_DETAIL_QUERY } from "~/shopify/operations/selling-plan-groups";
import { coerceInputValue, execute, parse as parseGraphQL, type GraphQLInputType } from "graphql";
import { describe, expect, it } from "vitest";
import { parseOffer, type Offer, type OfferInput } from "~/domain/offer";
import {
  APP_ID,
  isEmptyGroupUpdate,
  matchSellingPlanIds,
  offerAppRecord,
  offerFromSellingPlanGroup,
  sellingPlanGroupCreateInput,
  sellingPlanGroupUpdateInput,
  type SellingPlanFixedBillingPolicyNode,
  type SellingPlanGroupInput,
  type SellingPlanGroupNode,
} from "~/domain/selling-plan-input";
import { adminSchema } from "./admin-schema";
import { createGroup, groupNode, groupRuleViolations, updateGroup, type StoredGroup } from "./fake-selling-plan-store";
import {
  APRIL_1,
  MARCH_1,
  NOW,
  OFFER_SHAPES,
  preOrderInput,
  preOrderPlan,
  trialInput,
  trialPlan,
} from "./offer-fixtures";

function offerOf(input: OfferInput): Offer {
  const result = parseOffer(input, { now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.offer;
}

/** Coerces the value exactly as the Admin API does for `$input: SellingPlanGroupInput!`; collects every error. */
function schemaErrors(input: SellingPlanGroupInput): string[] {
  const type = adminSchema().getType("SellingPlanGroupInput") as GraphQLInputType;
  const problems: string[] = [];
  coerceInputValue(input, type, (path, _value, error) => problems.push(`${path.join(".")}: ${error.message}`));
  return problems;
}

/**
 * Serves the stored group through the real schema (graphql-js resolves unions by `__typename` and
 * checks enums and non-null fields on the way out), so the object handed to the domain is exactly
 * what the Admin API would return for the documented query.
 */
function queryGroup(stored: StoredGroup, currencyCode: string): SellingPlanGroupNode {
  const result = execute({
    schema: adminSchema(),
    // The app's own read-back document: what the domain reads is exactly what the gateway selects.
    document: parseGraphQL(SELLING_PLAN_GROUP_DETAIL_QUERY),
    rootValue: {
      sellingPlanGroup: {
        ...groupNode(stored, currencyCode),
        productsCount: { count: 0, precision: "EXACT" },
        productVariantsCount: { count: 0, precision: "EXACT" },
        products: { nodes: [] },
        productVariants: { nodes: [] },
      },
    },
    variableValues: { id: stored.id },
  });
  if ("then" in result) throw new Error("expected a synchronous result");
  expect(result.errors ?? []).toEqual([]);
  return (result.data as { sellingPlanGroup: SellingPlanGroupNode }).sellingPlanGroup;
}

const ids = (stored: StoredGroup, offer: Offer) => matchSellingPlanIds(offer, groupNode(stored, offer.currencyCode));

describe("create input", () => {
  it.each(Object.entries(OFFER_SHAPES))("is valid against the schema and Shopify's plan rules: %s", (_name, input) => {
    const offer = offerOf(input);
    const created = sellingPlanGroupCreateInput(offer);
    expect(schemaErrors(created)).toEqual([]);
    expect(groupRuleViolations(createGroup(created))).toEqual([]);
    expect(created.appId).toBe(APP_ID);
    expect(created.sellingPlansToCreate).toHaveLength(offer.plans.length);
  });

  it("maps a 25% deposit with a balance date and a ship date", () => {
    expect(sellingPlanGroupCreateInput(offerOf(preOrderInput()))).toEqual({
      appId: "deferred-purchase-options",
      name: "Pre-order",
      merchantCode: "Spring drop",
      description: "Launch of the spring collection",
      options: ["Purchase option"],
      sellingPlansToCreate: [
        {
          name: "Pre-order with deposit",
          description: "Reserve yours today",
          options: ["Pay 25% now"],
          position: 1,
          category: "PRE_ORDER",
          billingPolicy: {
            fixed: {
              checkoutCharge: { type: "PERCENTAGE", value: { percentage: 25 } },
              remainingBalanceChargeTrigger: "EXACT_TIME",
              remainingBalanceChargeExactTime: APRIL_1,
            },
          },
          deliveryPolicy: { fixed: { fulfillmentTrigger: "EXACT_TIME", fulfillmentExactTime: MARCH_1 } },
          inventoryPolicy: { reserve: "ON_SALE" },
        },
      ],
    });
  });

  it("maps every deposit, balance, delivery and price choice to Shopify's policies", () => {
    const offer = offerOf(
      preOrderInput([
        preOrderPlan({
          key: "a",
          name: "A",
          optionValues: ["A"],
          deposit: { type: "NONE" },
          balance: { trigger: "ON_FULFILLMENT" },
          fulfillment: { trigger: "UNKNOWN" },
          reserveInventory: "ON_FULFILLMENT",
          priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 12.5 },
        }),
        preOrderPlan({
          key: "b",
          name: "B",
          optionValues: ["B"],
          deposit: { type: "FIXED_AMOUNT", amount: "10" },
          balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 120 },
          fulfillment: { trigger: "ASAP" },
          priceAdjustment: { type: "AMOUNT_OFF", amount: "5" },
        }),
        preOrderPlan({
          key: "c",
          name: "C",
          optionValues: ["C"],
          deposit: { type: "FULL" },
          balance: null,
          priceAdjustment: { type: "FIXED_PRICE", price: "40" },
        }),
      ]),
    );
    const [a, b, c] = sellingPlanGroupCreateInput(offer).sellingPlansToCreate!;
    expect(a).toMatchObject({
      position: 1,
      billingPolicy: {
        fixed: {
          checkoutCharge: { type: "PERCENTAGE", value: { percentage: 0 } },
          remainingBalanceChargeTrigger: "ON_FULFILLMENT",
        },
      },
      deliveryPolicy: { fixed: { fulfillmentTrigger: "UNKNOWN" } },
      inventoryPolicy: { reserve: "ON_FULFILLMENT" },
      pricingPolicies: [{ fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 12.5 } } }],
    });
    expect(b).toMatchObject({
      position: 2,
      billingPolicy: {
        fixed: {
          checkoutCharge: { type: "PRICE", value: { fixedValue: "10.00" } },
          remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
          remainingBalanceChargeTimeAfterCheckout: "P120D",
        },
      },
      deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP" } },
      pricingPolicies: [{ fixed: { adjustmentType: "FIXED_AMOUNT", adjustmentValue: { fixedValue: "5.00" } } }],
    });
    expect(c).toMatchObject({
      position: 3,
      billingPolicy: {
        fixed: {
          checkoutCharge: { type: "PERCENTAGE", value: { percentage: 100 } },
          remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE",
        },
      },
      pricingPolicies: [{ fixed: { adjustmentType: "PRICE", adjustmentValue: { fixedValue: "40.00" } } }],
    });
    // Create mode leaves out what does not apply rather than sending nulls.
    expect(a!.billingPolicy!.fixed).not.toHaveProperty("remainingBalanceChargeExactTime");
    expect(a!.deliveryPolicy!.fixed).not.toHaveProperty("fulfillmentExactTime");
  });

  it("maps a trial to TRY_BEFORE_YOU_BUY charged N days after checkout, shipped ASAP", () => {
    const [plan] = sellingPlanGroupCreateInput(offerOf(trialInput())).sellingPlansToCreate!;
    expect(plan).toEqual({
      name: "Try before you buy",
      description: null,
      options: ["Try free for 14 days"],
      position: 1,
      category: "TRY_BEFORE_YOU_BUY",
      billingPolicy: {
        fixed: {
          checkoutCharge: { type: "PERCENTAGE", value: { percentage: 0 } },
          remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
          remainingBalanceChargeTimeAfterCheckout: "P14D",
        },
      },
      deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP" } },
      inventoryPolicy: { reserve: "ON_SALE" },
    });
  });

  it("the schema check itself catches a malformed input", () => {
    const created = sellingPlanGroupCreateInput(offerOf(preOrderInput()));
    const broken = structuredClone(created) as unknown as { sellingPlansToCreate: Array<Record<string, unknown>> };
    broken.sellingPlansToCreate[0]!.category = "PREORDER";
    broken.sellingPlansToCreate[0]!.billingPolicy = {
      fixed: { checkoutCharge: { type: "PERCENTAGE", value: { percentage: "25" } } },
    };
    broken.sellingPlansToCreate[0]!.deposit = 25;
    const problems = schemaErrors(broken as unknown as SellingPlanGroupInput);
    expect(problems.join("\n")).toMatch(/category.*PREORDER/);
    expect(problems.join("\n")).toMatch(/percentage.*Float/);
    expect(problems.join("\n")).toMatch(/deposit.*not defined/);
  });
});

describe("round trip offer -> Shopify -> offer", () => {
  it.each(Object.entries(OFFER_SHAPES))("is lossless: %s", (_name, input) => {
    const offer = offerOf(input);
    const stored = createGroup(sellingPlanGroupCreateInput(offer));
    const record = offerAppRecord(offer, ids(stored, offer));
    const back = offerFromSellingPlanGroup(queryGroup(stored, offer.currencyCode), record);
    expect(back).toEqual({ ok: true, offer });
  });

  it("keeps the app's own fields in the record, not in Shopify", () => {
    const offer = offerOf(preOrderInput());
    const stored = createGroup(sellingPlanGroupCreateInput(offer));
    const record = offerAppRecord(offer, ids(stored, offer));
    expect(record).toEqual({
      currencyCode: "USD",
      retryPolicy: offer.retryPolicy,
      stockRules: offer.stockRules,
      plans: [
        { sellingPlanId: "gid://shopify/SellingPlan/1001", key: "deposit", confirmChargeBeforeFulfillment: false },
      ],
    });
    expect(() => offerAppRecord(offer, {})).toThrow(/No selling plan id recorded for plan "deposit"/);
  });
});

describe("update diff", () => {
  const base = offerOf(
    preOrderInput([
      preOrderPlan(),
      preOrderPlan({
        key: "full",
        name: "Pay in full",
        optionValues: ["Pay in full"],
        deposit: { type: "FULL" },
        balance: null,
        priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 },
      }),
    ]),
  );

  function applyEdit(before: Offer, after: Offer) {
    const stored = createGroup(sellingPlanGroupCreateInput(before));
    const existing = ids(stored, before);
    const update = sellingPlanGroupUpdateInput(before, after, existing);
    expect(schemaErrors(update)).toEqual([]);
    const updated = updateGroup(stored, update);
    // What Shopify holds after merging the update must still pass its own rules...
    expect(groupRuleViolations(updated)).toEqual([]);
    // ...and read back as exactly the edited offer.
    const record = offerAppRecord(after, ids(updated, after));
    expect(offerFromSellingPlanGroup(queryGroup(updated, after.currencyCode), record)).toEqual({
      ok: true,
      offer: after,
    });
    return { update, existing };
  }

  it("is empty when nothing changed", () => {
    const { update } = applyEdit(base, base);
    expect(update).toEqual({});
    expect(isEmptyGroupUpdate(update)).toBe(true);
  });

  it("sends only the changed group fields", () => {
    const after: Offer = { ...base, name: "Pre-order now", description: null };
    const { update } = applyEdit(base, after);
    expect(update).toEqual({ name: "Pre-order now", description: null });
  });

  it("updates a changed plan with every policy field spelled out, clearing the ones that no longer apply", () => {
    const after = offerOf(
      preOrderInput([
        preOrderPlan({ balance: { trigger: "ON_FULFILLMENT" }, fulfillment: { trigger: "ASAP" } }),
        preOrderPlan({
          key: "full",
          name: "Pay in full",
          optionValues: ["Pay in full"],
          deposit: { type: "FULL" },
          balance: null,
          priceAdjustment: null,
        }),
      ]),
    );
    const { update, existing } = applyEdit(base, after);
    expect(update.sellingPlansToCreate).toBeUndefined();
    expect(update.sellingPlansToDelete).toBeUndefined();
    expect(update.sellingPlansToUpdate).toHaveLength(2);
    const [deposit, full] = update.sellingPlansToUpdate!;
    expect(deposit).toMatchObject({
      id: existing.deposit,
      billingPolicy: {
        fixed: {
          remainingBalanceChargeTrigger: "ON_FULFILLMENT",
          remainingBalanceChargeExactTime: null,
          remainingBalanceChargeTimeAfterCheckout: null,
        },
      },
      deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP", fulfillmentExactTime: null } },
      pricingPolicies: [],
    });
    // Removing the discount sends an empty list so Shopify drops the stored pricing policy.
    expect(full).toMatchObject({ id: existing.full, pricingPolicies: [] });
  });

  it("creates added plans and deletes removed ones", () => {
    const after = offerOf(
      preOrderInput([
        preOrderPlan(),
        preOrderPlan({
          key: "later",
          name: "Pay later",
          optionValues: ["Pay later"],
          deposit: { type: "NONE" },
          balance: { trigger: "ON_FULFILLMENT" },
        }),
      ]),
    );
    const { update, existing } = applyEdit(base, after);
    expect(update.sellingPlansToDelete).toEqual([existing.full]);
    expect(update.sellingPlansToCreate).toHaveLength(1);
    expect(update.sellingPlansToCreate![0]).toMatchObject({ name: "Pay later", position: 2 });
    expect(update.sellingPlansToCreate![0]).not.toHaveProperty("id");
    expect(update.sellingPlansToUpdate).toBeUndefined();
  });

  it("re-sends positions when plans are reordered", () => {
    const after: Offer = { ...base, plans: [...base.plans].reverse() } as Offer;
    const { update } = applyEdit(base, after);
    expect(update.sellingPlansToUpdate!.map((plan) => [plan.name, plan.position])).toEqual([
      ["Pay in full", 1],
      ["Pre-order with deposit", 2],
    ]);
  });

  it("updates group option labels together with the plans' values", () => {
    const after = offerOf(
      preOrderInput(
        [
          preOrderPlan({ optionValues: ["Pay 25% now", "March"] }),
          preOrderPlan({
            key: "full",
            name: "Pay in full",
            optionValues: ["Pay in full", "March"],
            deposit: { type: "FULL" },
            balance: null,
            priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 },
          }),
        ],
        { optionLabels: ["Payment", "Ships"] },
      ),
    );
    const { update } = applyEdit(base, after);
    expect(update.options).toEqual(["Payment", "Ships"]);
    expect(update.sellingPlansToUpdate).toHaveLength(2);
  });

  it("switches a trial's length and deposit", () => {
    const before = offerOf(trialInput());
    const after = offerOf(
      trialInput([
        trialPlan({
          trialDays: 30,
          deposit: { type: "FIXED_AMOUNT", amount: "5" },
          priceAdjustment: { type: "AMOUNT_OFF", amount: "2" },
        }),
      ]),
    );
    const { update } = applyEdit(before, after);
    expect(update.sellingPlansToUpdate![0]).toMatchObject({
      billingPolicy: {
        fixed: {
          checkoutCharge: { type: "PRICE", value: { fixedValue: "5.00" } },
          remainingBalanceChargeTimeAfterCheckout: "P30D",
        },
      },
      pricingPolicies: [{ fixed: { adjustmentType: "FIXED_AMOUNT", adjustmentValue: { fixedValue: "2.00" } } }],
    });
  });

  it("recreates a plan the app has no Shopify id for", () => {
    const update = sellingPlanGroupUpdateInput(base, base, { deposit: "gid://shopify/SellingPlan/1" });
    expect(update.sellingPlansToCreate!.map((plan) => plan.name)).toEqual(["Pay in full"]);
    expect(update.sellingPlansToUpdate).toBeUndefined();
  });
});

describe("reading back groups the model cannot express", () => {
  const offer = offerOf(preOrderInput());
  const stored = createGroup(sellingPlanGroupCreateInput(offer));
  const record = offerAppRecord(offer, ids(stored, offer));
  const node = () => queryGroup(stored, "USD");

  function withPlan(
    change: (plan: SellingPlanGroupNode["sellingPlans"]["nodes"][number]) => unknown,
  ): SellingPlanGroupNode {
    const group = structuredClone(node());
    change(group.sellingPlans.nodes[0]!);
    return group;
  }

  it("refuses another app's group", () => {
    expect(offerFromSellingPlanGroup({ ...node(), appId: "someone-else" }, record)).toEqual({
      ok: false,
      problems: ['group gid://shopify/SellingPlanGroup/77 belongs to app "someone-else"'],
    });
    expect(offerFromSellingPlanGroup({ ...node(), appId: null }, record).ok).toBe(false);
  });

  type PlanNode = SellingPlanGroupNode["sellingPlans"]["nodes"][number];
  /** The fixed billing policy of a plan node, for corrupting it in place. */
  const billing = (plan: PlanNode) => plan.billingPolicy as SellingPlanFixedBillingPolicyNode;

  it.each<[string, (plan: PlanNode) => void, RegExp]>([
    [
      "recurring billing",
      (plan) => (plan.billingPolicy = { __typename: "SellingPlanRecurringBillingPolicy" }),
      /recurring billing/,
    ],
    [
      "recurring delivery",
      (plan) => (plan.deliveryPolicy = { __typename: "SellingPlanRecurringDeliveryPolicy" }),
      /recurring delivery/,
    ],
    ["anchored delivery", (plan) => Object.assign(plan.deliveryPolicy, { fulfillmentTrigger: "ANCHOR" }), /anchored/],
    [
      "a month-based delay",
      (plan) =>
        Object.assign(billing(plan), {
          remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
          remainingBalanceChargeExactTime: null,
          remainingBalanceChargeTimeAfterCheckout: "P1M",
        }),
      /"P1M" is not a whole number of days/,
    ],
    [
      "EXACT_TIME without a time",
      (plan) => (billing(plan).remainingBalanceChargeExactTime = null),
      /EXACT_TIME balance without a time/,
    ],
    [
      "EXACT_TIME delivery without a time",
      (plan) => Object.assign(plan.deliveryPolicy, { fulfillmentExactTime: null }),
      /EXACT_TIME delivery without a time/,
    ],
    [
      "a subscription plan",
      (plan) => (plan.category = "SUBSCRIPTION"),
      /must all be PRE_ORDER or all TRY_BEFORE_YOU_BUY \(found SUBSCRIPTION\)/,
    ],
    [
      "a mismatched checkout charge",
      (plan) => (billing(plan).checkoutCharge.type = "PRICE"),
      /does not match its value/,
    ],
    [
      "a deposit in another currency",
      (plan) =>
        (billing(plan).checkoutCharge = {
          type: "PRICE",
          value: { __typename: "MoneyV2", amount: "5.0", currencyCode: "EUR" },
        }),
      /in EUR but the offer's currency is USD/,
    ],
    [
      "two pricing policies",
      (plan) =>
        (plan.pricingPolicies = [
          {
            __typename: "SellingPlanFixedPricingPolicy",
            adjustmentType: "PERCENTAGE",
            adjustmentValue: { __typename: "SellingPlanPricingPolicyPercentageValue", percentage: 5 },
          },
          { __typename: "SellingPlanRecurringPricingPolicy" },
        ]),
      /more than one pricing policy/,
    ],
    [
      "a mismatched pricing policy",
      (plan) =>
        (plan.pricingPolicies = [
          {
            __typename: "SellingPlanFixedPricingPolicy",
            adjustmentType: "PRICE",
            adjustmentValue: { __typename: "SellingPlanPricingPolicyPercentageValue", percentage: 5 },
          },
        ]),
      /pricing policy type PRICE does not match/,
    ],
    [
      "a deposit with three decimals",
      (plan) => Object.assign(billing(plan).checkoutCharge.value, { percentage: 12.345 }),
      /plans\.0\.deposit\.percentage: Use at most two decimals/,
    ],
  ])("reports %s", (_name, change, problem) => {
    const result = offerFromSellingPlanGroup(withPlan(change), record);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toMatch(problem);
  });

  it("reads a trial that does not ship ASAP or is not charged after checkout as a problem", () => {
    const trial = offerOf(trialInput());
    const trialStored = createGroup(sellingPlanGroupCreateInput(trial));
    const trialRecord = offerAppRecord(trial, ids(trialStored, trial));
    const shipsLater = structuredClone(queryGroup(trialStored, "USD"));
    Object.assign(shipsLater.sellingPlans.nodes[0]!.deliveryPolicy, { fulfillmentTrigger: "UNKNOWN" });
    expect(offerFromSellingPlanGroup(shipsLater, trialRecord)).toEqual({
      ok: false,
      problems: ["a trial must ship as soon as possible"],
    });
    const onFulfillment = structuredClone(queryGroup(trialStored, "USD"));
    Object.assign(onFulfillment.sellingPlans.nodes[0]!.billingPolicy, {
      remainingBalanceChargeTrigger: "ON_FULFILLMENT",
      remainingBalanceChargeTimeAfterCheckout: null,
    });
    expect(offerFromSellingPlanGroup(onFulfillment, trialRecord)).toEqual({
      ok: false,
      problems: ["a trial must be charged a number of days after checkout"],
    });
  });

  it("fills what Shopify leaves open with the platform's meaning", () => {
    const group = withPlan((plan) => {
      plan.inventoryPolicy = null;
      plan.billingPolicy = {
        ...(plan.billingPolicy as Extract<typeof plan.billingPolicy, { checkoutCharge: unknown }>),
        // Shopify's own TBYB example spells "no deposit" as a PRICE of 0.
        checkoutCharge: { type: "PRICE", value: { __typename: "MoneyV2", amount: "0.0", currencyCode: "USD" } },
      };
    });
    const result = offerFromSellingPlanGroup(group, record);
    expect(result.ok && result.offer.plans[0]).toMatchObject({
      reserveInventory: "ON_SALE",
      deposit: { type: "NONE" },
    });
  });

  it("keys a plan the app has no record of by its id, and trusts Shopify's charge-before-shipping", () => {
    const group = withPlan((plan) => {
      Object.assign(plan.billingPolicy, { remainingBalanceChargeExactTime: "2027-02-01T00:00:00Z" });
    });
    const result = offerFromSellingPlanGroup(group, { ...record, plans: [] });
    expect(result.ok && result.offer.plans[0]).toMatchObject({
      key: "plan-1001",
      confirmChargeBeforeFulfillment: true,
    });
  });

  it("orders plans without a position after positioned ones, keeping Shopify's order among them", () => {
    const two = offerOf(OFFER_SHAPES["pre-order, fixed price, two purchase options"]!);
    const twoStored = createGroup(sellingPlanGroupCreateInput(two));
    const twoRecord = offerAppRecord(two, ids(twoStored, two));
    const group = structuredClone(queryGroup(twoStored, "USD"));
    for (const plan of group.sellingPlans.nodes) plan.position = null;
    const result = offerFromSellingPlanGroup(group, twoRecord);
    // Nodes come newest first from the fake store; with no positions that order is kept.
    expect(result.ok && result.offer.plans.map((plan) => plan.key)).toEqual(["full", "deposit"]);
  });
});
