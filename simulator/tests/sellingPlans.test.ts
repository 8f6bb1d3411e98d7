// Shopify's validation of fixed selling plans returns SellingPlanGroupUserErrors with the schema's codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_GROUP, preorderInput, shopWithProduct, startHarness, type Harness } from "./helpers.js";

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  ({ token } = await shopWithProduct(h.client, "rules-shop.myshopify.com"));
});
afterAll(() => h.close());

type CreateData = {
  sellingPlanGroupCreate: {
    sellingPlanGroup: unknown;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};

async function codesFor(input: Record<string, unknown>, resources?: Record<string, unknown>) {
  const r = await h.client.graphql<CreateData>(token, CREATE_GROUP, { input, resources });
  expect(r.errors).toBeUndefined();
  const p = r.data!.sellingPlanGroupCreate;
  if (p.userErrors.length) expect(p.sellingPlanGroup).toBeNull();
  return p.userErrors.map((e) => e.code);
}

function withPlan(change: (plan: Record<string, unknown>) => void) {
  const input = preorderInput() as { sellingPlansToCreate: Record<string, unknown>[] };
  change(input.sellingPlansToCreate[0]!);
  return input;
}

describe("sellingPlanGroupCreate validation", () => {
  it("accepts a valid pre-order group", async () => {
    expect(await codesFor(preorderInput())).toEqual([]);
  });

  it("allows one fixed pricing policy at most", async () => {
    const input = withPlan((p) => {
      p.pricingPolicies = [
        { fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 10 } } },
        { fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 5 } } },
      ];
    });
    expect(await codesFor(input)).toContain("SELLING_PLAN_FIXED_PRICING_POLICIES_LIMIT");
  });

  it("requires billing and delivery of the same kind", async () => {
    const input = withPlan((p) => {
      p.deliveryPolicy = { recurring: { interval: "MONTH", intervalCount: 1 } };
    });
    expect(await codesFor(input)).toEqual(["BILLING_AND_DELIVERY_POLICY_TYPES_MUST_BE_THE_SAME"]);
  });

  it("requires the policies", async () => {
    expect(await codesFor(withPlan((p) => delete p.billingPolicy))).toContain("SELLING_PLAN_BILLING_POLICY_MISSING");
    expect(await codesFor(withPlan((p) => delete p.deliveryPolicy))).toContain("SELLING_PLAN_DELIVERY_POLICY_MISSING");
  });

  it("only allows fixed-plan categories", async () => {
    expect(await codesFor(withPlan((p) => (p.category = "SUBSCRIPTION")))).toEqual(["INCLUSION"]);
    expect(await codesFor(withPlan((p) => (p.category = "TRY_BEFORE_YOU_BUY")))).toEqual([]);
  });

  it("checks remaining-balance triggers against their settings", async () => {
    expect(await codesFor(preorderInput({ trigger: "EXACT_TIME" }))).toEqual([
      "REMAINING_BALANCE_CHARGE_EXACT_TIME_REQUIRED",
    ]);
    expect(
      await codesFor(
        preorderInput({
          trigger: "ON_FULFILLMENT",
          extra: { remainingBalanceChargeExactTime: "2027-01-01T00:00:00Z" },
        }),
      ),
    ).toEqual(["REMAINING_BALANCE_CHARGE_EXACT_TIME_NOT_ALLOWED"]);
    expect(
      await codesFor(
        preorderInput({
          trigger: "TIME_AFTER_CHECKOUT",
          extra: { remainingBalanceChargeTimeAfterCheckout: "two weeks" },
        }),
      ),
    ).toEqual(["INVALID"]);
    expect(
      await codesFor(
        preorderInput({ trigger: "TIME_AFTER_CHECKOUT", extra: { remainingBalanceChargeTimeAfterCheckout: "P0D" } }),
      ),
    ).toEqual(["REMAINING_BALANCE_CHARGE_TIME_AFTER_CHECKOUT_MUST_BE_GREATER_THAN_ZERO"]);
    expect(
      await codesFor(
        preorderInput({ trigger: "TIME_AFTER_CHECKOUT", extra: { remainingBalanceChargeTimeAfterCheckout: "P14D" } }),
      ),
    ).toEqual([]);
    expect(await codesFor(preorderInput({ trigger: "NO_REMAINING_BALANCE" }))).toEqual([
      "REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PARTIAL_PERCENTAGE_CHECKOUT_CHARGE",
    ]);
    expect(await codesFor(preorderInput({ deposit: { percentage: 100 }, trigger: "ON_FULFILLMENT" }))).toEqual([
      "REMAINING_BALANCE_CHARGE_TRIGGER_ON_FULL_CHECKOUT",
    ]);
    expect(await codesFor(preorderInput({ deposit: { fixedValue: "5.00" }, trigger: "NO_REMAINING_BALANCE" }))).toEqual(
      ["REMAINING_BALANCE_CHARGE_TRIGGER_NO_REMAINING_BALANCE_ON_PRICE_CHECKOUT_CHARGE"],
    );
  });

  it("checks checkout charge and pricing values against their types", async () => {
    expect(await codesFor(preorderInput({ deposit: { percentage: 20, fixedValue: "1.00" } }))).toEqual([
      "ONLY_NEED_ONE_CHECKOUT_CHARGE_VALUE",
    ]);
    expect(await codesFor(preorderInput({ deposit: { percentage: 120 } }))).toEqual(["LESS_THAN_OR_EQUAL_TO"]);
    const mismatch = withPlan(
      (p) =>
        (p.pricingPolicies = [{ fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { fixedValue: "2.00" } } }]),
    );
    expect(await codesFor(mismatch)).toEqual(["PRICING_POLICY_ADJUSTMENT_VALUE_AND_TYPE_MUST_MATCH"]);
  });

  it("checks fulfilment triggers", async () => {
    expect(await codesFor(preorderInput({ delivery: { fulfillmentTrigger: "EXACT_TIME" } }))).toEqual([
      "FULFILLMENT_EXACT_TIME_REQUIRED",
    ]);
    expect(
      await codesFor(
        preorderInput({ delivery: { fulfillmentTrigger: "ASAP", fulfillmentExactTime: "2027-01-01T00:00:00Z" } }),
      ),
    ).toEqual(["FULFILLMENT_EXACT_TIME_NOT_ALLOWED"]);
  });

  it("checks the group and its resources", async () => {
    expect(await codesFor({ ...preorderInput(), name: "" })).toEqual(["BLANK"]);
    expect(await codesFor({ ...preorderInput(), sellingPlansToCreate: [] })).toEqual([
      "SELLING_PLAN_COUNT_LOWER_BOUND",
    ]);
    const twice = preorderInput() as { sellingPlansToCreate: unknown[] };
    twice.sellingPlansToCreate.push(twice.sellingPlansToCreate[0]);
    expect(await codesFor(twice)).toEqual(
      expect.arrayContaining(["SELLING_PLAN_DUPLICATE_NAME", "SELLING_PLAN_DUPLICATE_OPTIONS"]),
    );
    expect(await codesFor(preorderInput(), { productIds: ["gid://shopify/Product/42"] })).toEqual([
      "PRODUCT_DOES_NOT_EXIST",
    ]);
  });

  it("refuses recurring (subscription) policies as unimplemented rather than accepting them", async () => {
    const input = withPlan((p) => {
      p.billingPolicy = { recurring: { interval: "MONTH", intervalCount: 1 } };
      p.deliveryPolicy = { recurring: { interval: "MONTH", intervalCount: 1 } };
    });
    const r = await h.client.graphql(token, CREATE_GROUP, { input });
    expect((r.errors as { message: string }[])[0]!.message).toMatch(/not implemented by the local simulator/);
  });
});

describe("sellingPlanGroupUpdate validation", () => {
  it("needs plan ids that belong to the group, and a group that exists", async () => {
    const created = await h.client.graphql<{ sellingPlanGroupCreate: { sellingPlanGroup: { id: string } } }>(
      token,
      CREATE_GROUP,
      { input: preorderInput() },
    );
    const id = created.data!.sellingPlanGroupCreate.sellingPlanGroup.id;
    const UPDATE = `mutation($id: ID!, $input: SellingPlanGroupInput!) { sellingPlanGroupUpdate(id: $id, input: $input) { sellingPlanGroup { id } userErrors { code field } } }`;
    const noId = await h.client.graphql<{ sellingPlanGroupUpdate: { userErrors: { code: string }[] } }>(token, UPDATE, {
      id,
      input: { sellingPlansToUpdate: [{ name: "x" }] },
    });
    expect(noId.data!.sellingPlanGroupUpdate.userErrors.map((e) => e.code)).toEqual([
      "PLAN_ID_MUST_BE_SPECIFIED_TO_UPDATE",
    ]);
    const wrong = await h.client.graphql<{ sellingPlanGroupUpdate: { userErrors: { code: string }[] } }>(
      token,
      UPDATE,
      { id, input: { sellingPlansToDelete: ["gid://shopify/SellingPlan/7"] } },
    );
    expect(wrong.data!.sellingPlanGroupUpdate.userErrors.map((e) => e.code)).toEqual(["PLAN_DOES_NOT_EXIST"]);
    const missing = await h.client.graphql<{ sellingPlanGroupUpdate: { userErrors: { code: string }[] } }>(
      token,
      UPDATE,
      { id: "gid://shopify/SellingPlanGroup/7", input: { name: "x" } },
    );
    expect(missing.data!.sellingPlanGroupUpdate.userErrors.map((e) => e.code)).toEqual(["GROUP_DOES_NOT_EXIST"]);
  });
});
