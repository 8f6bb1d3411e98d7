// Offers against the local Shopify: create, edit, assign, unassign, delete, and reconcile changes made elsewhere.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultOfferInput, type OfferInput } from "~/domain/offer";
import {
  createOffer,
  deleteOffer,
  getOffer,
  listOffers,
  offerContext,
  reconcileSellingPlanGroup,
  setOfferProducts,
  syncOffers,
  updateOffer,
  type OfferContext,
} from "~/services/offers.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";

const NOW = new Date("2026-11-24T12:00:00Z");

const GROUP_QUERY = `query Group($id: ID!) {
  sellingPlanGroup(id: $id) {
    id appId name merchantCode
    products(first: 10) { nodes { id } }
    productVariants(first: 10) { nodes { id } }
    sellingPlans(first: 5) { nodes {
      id name options category
      billingPolicy { ... on SellingPlanFixedBillingPolicy {
        checkoutCharge { type value { ... on SellingPlanCheckoutChargePercentageValue { percentage } } }
        remainingBalanceChargeTrigger remainingBalanceChargeExactTime remainingBalanceChargeTimeAfterCheckout } }
    } }
  }
}`;

interface GroupResponse {
  sellingPlanGroup: null | {
    id: string;
    appId: string | null;
    name: string;
    products: { nodes: { id: string }[] };
    productVariants: { nodes: { id: string }[] };
    sellingPlans: {
      nodes: Array<{
        id: string;
        name: string;
        options: string[];
        category: string;
        billingPolicy: {
          checkoutCharge: { type: string; value: { percentage?: number } };
          remainingBalanceChargeTrigger: string;
          remainingBalanceChargeExactTime: string | null;
          remainingBalanceChargeTimeAfterCheckout: string | null;
        };
      }>;
    };
  };
}

function preOrderWithDeposit(percentage: number | string): OfferInput {
  const input = defaultOfferInput("PRE_ORDER", "USD");
  if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
  return {
    ...input,
    name: "Spring pre-order",
    merchantCode: "spring-2027",
    plans: [
      {
        ...input.plans[0],
        key: "deposit",
        name: `Pay ${percentage}% now`,
        optionValues: [`Pay ${percentage}% now`],
        deposit: { type: "PERCENTAGE", percentage },
        balance: { trigger: "EXACT_DATE", chargeAt: "2027-03-01T14:00:00Z" },
        fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-02-20T14:00:00Z" },
      },
    ],
  };
}

describe.each(PROVIDERS)("offers on %s against the local Shopify", (provider) => {
  let testDb: TestDatabase;
  let shopify: SimulatedShop;
  let ctx: OfferContext;
  let productId: string;
  let variantIds: string[];

  const readGroup = async (id: string) => {
    const response = await shopify.control.graphql<GroupResponse>(shopify.accessToken, GROUP_QUERY, { id });
    expect(response.errors).toBeUndefined();
    return response.data!.sellingPlanGroup;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    shopify = await startSimulatedShop({ currencyCode: "USD", ianaTimezone: "America/New_York" });
    const product = await shopify.control.createProduct(shopify.shop, {
      title: "Aurora lamp",
      variants: [
        { title: "Amber", price: "120.00", inventoryQuantity: 0 },
        { title: "Frost", price: "120.00", inventoryQuantity: 4 },
      ],
    });
    productId = product.id;
    variantIds = product.variants.map((variant) => variant.id);
  });
  afterAll(async () => {
    await shopify?.stop();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await testDb.db.offer.deleteMany();
    ctx = await offerContext(
      { shop: shopify.shop, accessToken: shopify.accessToken },
      { db: testDb.db, admin: shopify.admin, now: () => NOW, locale: "en-GB" },
    );
  });

  it("reads the shop's currency and time zone once, from the Admin API", async () => {
    expect(ctx.currencyCode).toBe("USD");
    expect(ctx.timeZone).toBe("America/New_York");
  });

  it("creates a pre-order selling plan group with a 25% deposit and the balance on a date", async () => {
    const result = await createOffer(ctx, preOrderWithDeposit(25));
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const detail = await getOffer(ctx, result.id);
    expect(detail).toMatchObject({ status: "ACTIVE", kind: "PRE_ORDER", name: "Spring pre-order" });
    expect(detail!.summaries).toEqual(["Pay 25% now, the rest on 1 March 2027"]);

    const group = await readGroup(detail!.sellingPlanGroupId!);
    expect(group).toMatchObject({ appId: "deferred-purchase-options", name: "Spring pre-order" });
    expect(group!.sellingPlans.nodes).toHaveLength(1);
    expect(group!.sellingPlans.nodes[0]).toMatchObject({
      category: "PRE_ORDER",
      options: ["Pay 25% now"],
      billingPolicy: {
        checkoutCharge: { type: "PERCENTAGE", value: { percentage: 25 } },
        remainingBalanceChargeTrigger: "EXACT_TIME",
        remainingBalanceChargeExactTime: "2027-03-01T14:00:00Z",
      },
    });
    expect(await listOffers(ctx)).toHaveLength(1);
  });

  it("rejects an impossible deposit with a field error and creates nothing anywhere", async () => {
    const result = await createOffer(ctx, preOrderWithDeposit(150));
    expect(result).toEqual({
      ok: false,
      fieldErrors: expect.objectContaining({ "plans.0.deposit.percentage": expect.stringMatching(/0% and 100%/) }),
    });
    expect(await testDb.db.offer.count()).toBe(0);
    const groups = await shopify.control.graphql<{ sellingPlanGroups: { nodes: unknown[] } }>(
      shopify.accessToken,
      "{ sellingPlanGroups(first: 50) { nodes { id } } }",
    );
    const before = groups.data!.sellingPlanGroups.nodes.length;
    await createOffer(ctx, { kind: "PRE_ORDER" });
    const after = await shopify.control.graphql<{ sellingPlanGroups: { nodes: unknown[] } }>(
      shopify.accessToken,
      "{ sellingPlanGroups(first: 50) { nodes { id } } }",
    );
    expect(after.data!.sellingPlanGroups.nodes.length).toBe(before);
  });

  it("edits the deposit and adds a purchase option, keeping the existing selling plan", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const original = await getOffer(ctx, created.id);
    const originalPlanId = (await readGroup(original!.sellingPlanGroupId!))!.sellingPlans.nodes[0].id;

    const edited = preOrderWithDeposit(30);
    if (edited.kind !== "PRE_ORDER") throw new Error("unreachable");
    edited.plans.push({
      ...edited.plans[0],
      key: "full",
      name: "Pay in full",
      optionValues: ["Pay in full"],
      deposit: { type: "FULL" },
      balance: null,
    });
    const result = await updateOffer(ctx, created.id, edited);
    expect(result).toEqual({ ok: true, id: created.id });

    const group = await readGroup(original!.sellingPlanGroupId!);
    const plans = group!.sellingPlans.nodes;
    expect(plans.map((plan) => plan.options[0]).sort()).toEqual(["Pay 30% now", "Pay in full"]);
    expect(plans.find((plan) => plan.options[0] === "Pay 30% now")!.id).toBe(originalPlanId);
    expect((await getOffer(ctx, created.id))!.summaries).toContain("Pay 30% now, the rest on 1 March 2027");
  });

  it("assigns and unassigns products and variants, and mirrors what Shopify holds", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error("create failed");
    const groupId = (await getOffer(ctx, created.id))!.sellingPlanGroupId!;

    expect(await setOfferProducts(ctx, created.id, { productIds: [productId], variantIds: [] })).toEqual({
      ok: true,
      id: created.id,
    });
    expect((await readGroup(groupId))!.products.nodes.map((p) => p.id)).toEqual([productId]);
    expect((await getOffer(ctx, created.id))!.products).toEqual([
      { id: productId, title: "Aurora lamp", variantIds: [], wholeProduct: true },
    ]);

    await setOfferProducts(ctx, created.id, { productIds: [], variantIds: [variantIds[0]] });
    const group = await readGroup(groupId);
    expect(group!.products.nodes).toEqual([]);
    expect(group!.productVariants.nodes.map((v) => v.id)).toEqual([variantIds[0]]);
    expect((await getOffer(ctx, created.id))!.productCount).toBe(0);
    expect((await getOffer(ctx, created.id))!.variantCount).toBe(1);
  });

  it("warns when a product assigned already has another pre-order group, another app's or another offer's", async () => {
    const lamp = await shopify.control.createProduct(shopify.shop, {
      title: "Harbour lamp",
      variants: [{ title: "Default Title", price: "80.00", inventoryQuantity: 3 }],
    });
    const foreign = await shopify.control.graphql<{
      sellingPlanGroupCreate: { sellingPlanGroup: { id: string } | null; userErrors: unknown[] };
    }>(
      shopify.accessToken,
      `mutation($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
        sellingPlanGroupCreate(input: $input, resources: $resources) { sellingPlanGroup { id } userErrors { message } }
      }`,
      {
        input: {
          appId: "another-preorder-app",
          name: "Preorder Now",
          merchantCode: "preorder-now",
          options: ["Preorder"],
          sellingPlansToCreate: [
            {
              name: "Preorder",
              options: ["Preorder"],
              category: "PRE_ORDER",
              billingPolicy: {
                fixed: {
                  checkoutCharge: { type: "PERCENTAGE", value: { percentage: 100 } },
                  remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE",
                },
              },
              deliveryPolicy: { fixed: { fulfillmentTrigger: "UNKNOWN" } },
            },
          ],
        },
        resources: { productIds: [lamp.id] },
      },
    );
    expect(foreign.data!.sellingPlanGroupCreate.userErrors).toEqual([]);

    const first = await createOffer(ctx, preOrderWithDeposit(25));
    const second = await createOffer(ctx, { ...preOrderWithDeposit(30), name: "Second pre-order" });
    if (!first.ok || !second.ok) throw new Error("create failed");
    expect(await setOfferProducts(ctx, first.id, { productIds: [lamp.id], variantIds: [] })).toEqual({
      ok: true,
      id: first.id,
      warnings: ["Harbour lamp is also on “Preorder Now”, another app’s selling plan group: customers see both."],
    });
    const result = await setOfferProducts(ctx, second.id, { productIds: [], variantIds: [lamp.variants[0].id] });
    expect(result).toEqual({
      ok: true,
      id: second.id,
      warnings: [
        "Harbour lamp is also on “Preorder Now”, another app’s selling plan group: customers see both.",
        "Harbour lamp is also on the offer “Spring pre-order”: customers see both.",
      ],
    });
    // A product on no other group: no warning.
    const vase = await shopify.control.createProduct(shopify.shop, {
      title: "Plain vase",
      variants: [{ title: "Default Title", price: "20.00", inventoryQuantity: 3 }],
    });
    expect(await setOfferProducts(ctx, second.id, { productIds: [vase.id], variantIds: [] })).toEqual({
      ok: true,
      id: second.id,
    });
  });

  it("reports Shopify's refusal to assign an unknown product as a field error", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error("create failed");
    const result = await setOfferProducts(ctx, created.id, {
      productIds: ["gid://shopify/Product/999999999"],
      variantIds: [],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.products).toBeTruthy();
    expect((await getOffer(ctx, created.id))!.productCount).toBe(0);
  });

  it("deletes the offer and its selling plan group", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error("create failed");
    const groupId = (await getOffer(ctx, created.id))!.sellingPlanGroupId!;
    await deleteOffer(ctx, created.id);
    expect(await readGroup(groupId)).toBeNull();
    expect(await getOffer(ctx, created.id)).toBeNull();
  });

  it("shows a group deleted elsewhere truthfully and recreates it from the backup on save", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error("create failed");
    const groupId = (await getOffer(ctx, created.id))!.sellingPlanGroupId!;
    await shopify.control.graphql(
      shopify.accessToken,
      "mutation($id: ID!) { sellingPlanGroupDelete(id: $id) { deletedSellingPlanGroupId } }",
      {
        id: groupId,
      },
    );

    expect(await syncOffers(ctx)).toMatchObject({ deleted: 1 });
    const detail = await getOffer(ctx, created.id);
    expect(detail!.status).toBe("DELETED_IN_SHOPIFY");

    expect((await updateOffer(ctx, created.id, detail!.input)).ok).toBe(true);
    const recreated = await getOffer(ctx, created.id);
    expect(recreated!.status).toBe("ACTIVE");
    expect(recreated!.sellingPlanGroupId).not.toBe(groupId);
    expect(await readGroup(recreated!.sellingPlanGroupId!)).not.toBeNull();
  });

  it("takes in a rename made in the Shopify admin", async () => {
    const created = await createOffer(ctx, preOrderWithDeposit(25));
    if (!created.ok) throw new Error("create failed");
    const groupId = (await getOffer(ctx, created.id))!.sellingPlanGroupId!;
    await shopify.control.graphql(
      shopify.accessToken,
      'mutation($id: ID!) { sellingPlanGroupUpdate(id: $id, input: { name: "Summer pre-order" }) { userErrors { message } } }',
      { id: groupId },
    );
    expect(await reconcileSellingPlanGroup(ctx, groupId)).toBe("UPDATED");
    expect((await getOffer(ctx, created.id))!.name).toBe("Summer pre-order");
  });

  it("Sync now reports what it changed: nothing when Shopify holds what the app holds, then a rename made there", async () => {
    const first = await createOffer(ctx, preOrderWithDeposit(25));
    const second = await createOffer(ctx, defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD"));
    if (!first.ok || !second.ok) throw new Error("create failed");
    expect(await syncOffers(ctx)).toEqual({ updated: 0, deleted: 0, unreadable: 0 });

    const groupId = (await getOffer(ctx, first.id))!.sellingPlanGroupId!;
    await shopify.control.graphql(
      shopify.accessToken,
      'mutation($id: ID!) { sellingPlanGroupUpdate(id: $id, input: { name: "Autumn pre-order" }) { userErrors { message } } }',
      { id: groupId },
    );
    expect(await syncOffers(ctx)).toEqual({ updated: 1, deleted: 0, unreadable: 0 });
    expect((await getOffer(ctx, first.id))!.name).toBe("Autumn pre-order");
    expect(await syncOffers(ctx)).toEqual({ updated: 0, deleted: 0, unreadable: 0 });
  });

  it("renames a trial's generated option name and value with its length, in Shopify and in the app", async () => {
    const created = await createOffer(ctx, defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD"));
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const detail = await getOffer(ctx, created.id);
    const input = detail!.input;
    if (input.kind !== "TRY_BEFORE_YOU_BUY") throw new Error("unreachable");
    expect(input.plans[0].name).toBe("Try free for 14 days");

    const edited = { ...input, plans: [{ ...input.plans[0], trialDays: 21 }] };
    expect(await updateOffer(ctx, created.id, edited)).toEqual({ ok: true, id: created.id });

    const plan = (await readGroup(detail!.sellingPlanGroupId!))!.sellingPlans.nodes[0];
    expect(plan.billingPolicy.remainingBalanceChargeTimeAfterCheckout).toBe("P21D");
    expect(plan.name).toBe("Try free for 21 days");
    expect(plan.options).toEqual(["Try free for 21 days"]);
    const stored = (await getOffer(ctx, created.id))!.input;
    expect(stored.plans[0]).toMatchObject({ name: "Try free for 21 days", optionValues: ["Try free for 21 days"] });
  });

  it("keeps a trial's option name the merchant wrote when its length changes", async () => {
    const input = defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD");
    if (input.kind !== "TRY_BEFORE_YOU_BUY") throw new Error("unreachable");
    const custom = { ...input, plans: [{ ...input.plans[0], name: "Home trial", optionValues: ["Try it at home"] }] };
    const created = await createOffer(ctx, custom);
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const edited = { ...custom, plans: [{ ...custom.plans[0], trialDays: 30 }] };
    expect(await updateOffer(ctx, created.id, edited)).toEqual({ ok: true, id: created.id });
    const detail = await getOffer(ctx, created.id);
    const plan = (await readGroup(detail!.sellingPlanGroupId!))!.sellingPlans.nodes[0];
    expect(plan.name).toBe("Home trial");
    expect(plan.options).toEqual(["Try it at home"]);
    expect(plan.billingPolicy.remainingBalanceChargeTimeAfterCheckout).toBe("P30D");
  });

  it("creates a try-before-you-buy offer with a 14-day trial", async () => {
    const result = await createOffer(ctx, defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD"));
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    const detail = await getOffer(ctx, result.id);
    const plan = (await readGroup(detail!.sellingPlanGroupId!))!.sellingPlans.nodes[0];
    expect(plan.category).toBe("TRY_BEFORE_YOU_BUY");
    expect(plan.billingPolicy.remainingBalanceChargeTrigger).toBe("TIME_AFTER_CHECKOUT");
    expect(plan.billingPolicy.remainingBalanceChargeTimeAfterCheckout).toBe("P14D");
  });
});
