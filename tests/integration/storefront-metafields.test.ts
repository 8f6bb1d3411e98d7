// The storefront's data in Shopify: offers created and assigned through the offers service, synced to product
// metafields and read back through the local Shopify's Admin API as the theme app extension's Liquid reads them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultOfferInput, type OfferInput } from "~/domain/offer";
import { findOffer } from "~/db/offers.server";
import { createOffer, offerContext, setOfferProducts, updateOffer, type OfferContext } from "~/services/offers.server";
import {
  productIdsOf,
  syncPresaleRemaining,
  syncStorefrontMetafields,
  type StorefrontContext,
} from "~/services/storefront-metafields.server";
import type { AdminClient } from "~/shopify/client.server";
import { AdminApiUserErrors } from "~/shopify/errors";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";

const NOW = new Date("2026-11-24T12:00:00Z");

// What the block reads: product.metafields['$app:purchase_options'].offers.value
const READ_OFFERS = `query ReadOffers($id: ID!) {
  product(id: $id) { metafield(namespace: "$app:purchase_options", key: "offers") { namespace type value } }
}`;
const GROUP_PLANS = `query GroupPlans($id: ID!) { sellingPlanGroup(id: $id) { sellingPlans(first: 5) { nodes { id } } } }`;

function preOrder(): OfferInput {
  const input = defaultOfferInput("PRE_ORDER", "USD");
  if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
  return {
    ...input,
    name: "Spring pre-order",
    stockRules: { presaleLimit: 50, onlyWhenOutOfStock: false },
    plans: [
      {
        ...input.plans[0],
        key: "deposit",
        name: "25% deposit",
        optionValues: ["25% deposit"],
        deposit: { type: "PERCENTAGE", percentage: 25 },
        balance: { trigger: "EXACT_DATE", chargeAt: "2027-04-01T12:00:00Z" },
        fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-03-01T12:00:00Z" },
      },
    ],
  };
}

/** The gateway, with a log of the operations sent through it. */
function recording(admin: AdminClient): { admin: AdminClient; operations: string[] } {
  const operations: string[] = [];
  const request = ((document: string, ...args: unknown[]) => {
    operations.push(/(?:query|mutation) (\w+)/.exec(document)?.[1] ?? "?");
    return (admin.request as (d: string, ...a: unknown[]) => Promise<unknown>)(document, ...args);
  }) as AdminClient["request"];
  return { admin: { shop: admin.shop, endpoint: admin.endpoint, request }, operations };
}

describe.each(PROVIDERS)("storefront metafields on %s against the local Shopify", (provider) => {
  let testDb: TestDatabase;
  let shopify: SimulatedShop;
  let offers: OfferContext;
  let ctx: StorefrontContext;
  let operations: string[];
  let lamp: { id: string; variants: string[] };
  let vase: { id: string; variants: string[] };

  async function readOffers(productId: string) {
    const r = await shopify.control.graphql<{
      product: { metafield: null | { namespace: string; type: string; value: string } };
    }>(shopify.accessToken, READ_OFFERS, { id: productId });
    expect(r.errors).toBeUndefined();
    const metafield = r.data!.product.metafield;
    return metafield && { ...metafield, json: JSON.parse(metafield.value) as Array<Record<string, unknown>> };
  }

  async function planNumericIds(offerId: string): Promise<number[]> {
    const row = await findOffer(testDb.db, shopify.shop, offerId);
    const r = await shopify.control.graphql<{ sellingPlanGroup: { sellingPlans: { nodes: { id: string }[] } } }>(
      shopify.accessToken,
      GROUP_PLANS,
      { id: row!.sellingPlanGroupId },
    );
    return r.data!.sellingPlanGroup.sellingPlans.nodes.map((node) => Number(node.id.split("/").pop()));
  }

  async function create(input: OfferInput): Promise<string> {
    const result = await createOffer(offers, input);
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    return result.id;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    shopify = await startSimulatedShop({ currencyCode: "USD", ianaTimezone: "America/New_York" });
    const make = async (title: string) => {
      const product = await shopify.control.createProduct(shopify.shop, {
        title,
        variants: [
          { title: "Small", price: "40.00", inventoryQuantity: 3 },
          { title: "Large", price: "60.00", inventoryQuantity: 0 },
        ],
      });
      return { id: product.id, variants: product.variants.map((variant) => variant.id) };
    };
    lamp = await make("Aurora lamp");
    vase = await make("Tide vase");
  });
  afterAll(async () => {
    await shopify?.stop();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await testDb.db.offer.deleteMany();
    // The offers service and the explicit syncs share one recorded gateway: the service keeps the storefront in
    // step by itself, so an explicit sync afterwards finds nothing to write.
    const recorder = recording(shopify.admin);
    operations = recorder.operations;
    offers = await offerContext(
      { shop: shopify.shop, accessToken: shopify.accessToken },
      { db: testDb.db, admin: recorder.admin, now: () => NOW, locale: "en" },
    );
    ctx = { db: testDb.db, shop: shopify.shop, admin: recorder.admin, now: () => NOW };
    // Leave no metafield from an earlier test behind.
    await syncStorefrontMetafields(ctx, [lamp.id, vase.id]);
    operations.length = 0;
  });

  it("writes the offers of a product in the shape the Liquid reads as the offer is assigned, and nothing more when it is already right", async () => {
    const offerId = await create(preOrder());
    operations.length = 0;
    expect(await setOfferProducts(offers, offerId, { productIds: [lamp.id], variantIds: [] })).toMatchObject({
      ok: true,
    });
    expect(operations).toContain("MetafieldsSet");
    const [planId] = await planNumericIds(offerId);

    const metafield = await readOffers(lamp.id);
    expect(metafield).toMatchObject({ type: "json", namespace: expect.stringMatching(/^app--\d+--purchase_options$/) });
    expect(metafield!.json).toEqual([
      {
        version: 1,
        appId: "deferred-purchase-options",
        kind: "PRE_ORDER",
        presaleLimit: { key: "presale_limit", params: { count: 50 } },
        onlyWhenOutOfStock: false,
        plans: [
          {
            key: "deposit",
            sellingPlanId: planId,
            optionValues: ["25% deposit"],
            summary: { key: "pay_percent_now_rest_on_date", params: { percent: 25, date: "2027-04-01T12:00:00Z" } },
            button: { key: "button_pre_order", params: {} },
            shipping: { key: "ships_by_date", params: { date: "2027-03-01T12:00:00Z" } },
            priceAdjustment: null,
          },
        ],
      },
    ]);
    expect(await readOffers(vase.id)).toBeNull();

    operations.length = 0;
    await syncStorefrontMetafields(ctx, [lamp.id, vase.id]);
    expect(operations).toEqual(["ProductMetafieldValues"]);
  });

  it("lists every offer reaching the product, whole or through one variant, oldest first", async () => {
    const preOrderId = await create(preOrder());
    await setOfferProducts(offers, preOrderId, { productIds: [lamp.id], variantIds: [] });
    const trialId = await create(defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD"));
    await setOfferProducts(offers, trialId, { productIds: [], variantIds: [lamp.variants[0]!, vase.variants[1]!] });
    const trialRow = await findOffer(testDb.db, shopify.shop, trialId);
    expect(productIdsOf(trialRow!).sort()).toEqual([lamp.id, vase.id].sort());

    const [trialPlan] = await planNumericIds(trialId);
    expect((await readOffers(lamp.id))!.json.map((payload) => payload.kind)).toEqual([
      "PRE_ORDER",
      "TRY_BEFORE_YOU_BUY",
    ]);
    expect((await readOffers(vase.id))!.json).toEqual([
      expect.objectContaining({
        kind: "TRY_BEFORE_YOU_BUY",
        plans: [
          expect.objectContaining({
            sellingPlanId: trialPlan,
            summary: { key: "trial_pay_nothing_now", params: { count: 14 } },
            button: { key: "button_try_free", params: { count: 14 } },
            shipping: { key: "ships_asap", params: {} },
          }),
        ],
      }),
    ]);
  });

  it("deletes the metafield once the product leaves the offer, and rewrites it when the offer changes", async () => {
    const offerId = await create(preOrder());
    await setOfferProducts(offers, offerId, { productIds: [lamp.id, vase.id], variantIds: [] });
    expect(await readOffers(vase.id)).not.toBeNull();

    operations.length = 0;
    await setOfferProducts(offers, offerId, { productIds: [lamp.id], variantIds: [] });

    expect(await readOffers(vase.id)).toBeNull();
    expect(await readOffers(lamp.id)).not.toBeNull();
    expect(operations).toContain("MetafieldsDelete");

    const changed = preOrder();
    if (changed.kind !== "PRE_ORDER") throw new Error("unreachable");
    changed.plans[0] = { ...changed.plans[0]!, deposit: { type: "PERCENTAGE", percentage: 40 } };
    expect(await updateOffer(offers, offerId, changed)).toMatchObject({ ok: true });
    const plans = (await readOffers(lamp.id))!.json[0]!.plans as Array<{ summary: unknown }>;
    expect(plans[0]!.summary).toEqual({
      key: "pay_percent_now_rest_on_date",
      params: { percent: 40, date: "2027-04-01T12:00:00Z" },
    });

    // An offer whose group was deleted in Shopify no longer shows.
    await testDb.db.offer.updateMany({ where: { id: offerId }, data: { status: "DELETED_IN_SHOPIFY" } });
    await syncStorefrontMetafields(ctx, [lamp.id]);
    expect(await readOffers(lamp.id)).toBeNull();
  });

  it("writes more than 25 products in batches of 25", async () => {
    const many: string[] = [];
    for (let i = 0; i < 27; i++) {
      const product = await shopify.control.createProduct(shopify.shop, {
        title: `Print ${i}`,
        variants: [{ title: "Default Title", price: "10.00", inventoryQuantity: 1 }],
      });
      many.push(product.id);
    }
    const offerId = await create(preOrder());
    operations.length = 0;
    await setOfferProducts(offers, offerId, { productIds: many, variantIds: [] });

    expect(operations.filter((name) => name === "MetafieldsSet")).toHaveLength(2);
    for (const id of [many[0]!, many[24]!, many[26]!]) expect((await readOffers(id))!.json).toHaveLength(1);

    await setOfferProducts(offers, offerId, { productIds: [], variantIds: [] });
    expect(await readOffers(many[26]!)).toBeNull();
  });

  it("writes the pre-sale remaining units on the app installation, keyed by numeric selling plan id", async () => {
    await syncPresaleRemaining(ctx, { "gid://shopify/SellingPlan/690002": 0, "690001": 12 });
    const read = async () => {
      const r = await shopify.control.graphql<{ currentAppInstallation: { metafield: { value: string } | null } }>(
        shopify.accessToken,
        `{ currentAppInstallation { metafield(namespace: "purchase_options", key: "presale_remaining") { value } } }`,
      );
      return r.data!.currentAppInstallation.metafield;
    };
    expect(JSON.parse((await read())!.value)).toEqual({ "690001": 12, "690002": 0 });

    operations.length = 0;
    await syncPresaleRemaining(ctx, { "690001": 12, "690002": 0 });
    expect(operations).toEqual(["AppInstallationMetafield"]);

    await syncPresaleRemaining(ctx, { "690001": 11 });
    expect(JSON.parse((await read())!.value)).toEqual({ "690001": 11 });
    await expect(syncPresaleRemaining(ctx, { "690001": 1.5 })).rejects.toThrow(TypeError);
  });

  it("raises Shopify's userErrors as AdminApiUserErrors", async () => {
    const failing: AdminClient = {
      ...shopify.admin,
      request: ((document: string, variables: unknown, options: unknown) =>
        (shopify.admin.request as (d: string, v: unknown, o: unknown) => Promise<unknown>)(
          document,
          document.includes("MetafieldsSet")
            ? {
                metafields: (variables as { metafields: Array<Record<string, unknown>> }).metafields.map((m) => ({
                  ...m,
                  value: "{broken",
                })),
              }
            : variables,
          options,
        )) as AdminClient["request"],
    };
    const offerId = await create(preOrder());
    await setOfferProducts(offers, offerId, { productIds: [lamp.id], variantIds: [] });
    // Make the stored metafield stale, so the sync has something to write.
    await testDb.db.offer.updateMany({
      where: { id: offerId },
      data: { sellingPlanIds: JSON.stringify({ deposit: "gid://shopify/SellingPlan/1" }) },
    });
    const error = await syncStorefrontMetafields({ ...ctx, admin: failing }, [lamp.id]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiUserErrors);
    expect((error as AdminApiUserErrors).codes).toEqual(["INVALID_VALUE"]);
  });
});
