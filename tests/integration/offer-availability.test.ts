// An offer's lifecycle against the local Shopify: paused, its selling plans leave its products and rejoin them on
// resume; with a sales window, the worker puts it on sale at the start and off sale at the end, on time. Orders
// already placed on it keep their terms. On SQLite and PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultOfferInput } from "~/domain/offer";
import { findJob } from "~/db/scheduled-jobs.server";
import { setOfferPaused, setOfferSalesWindow } from "~/services/offer-availability.server";
import { createOffer, getOffer, offerContext, setOfferProducts, type OfferContext } from "~/services/offers.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";
import { testWork } from "../support/work";

const GROUP_QUERY = `query AvailabilityGroup($id: ID!) {
  sellingPlanGroup(id: $id) {
    products(first: 10) { nodes { id } }
    sellingPlans(first: 1) { nodes { id } }
  }
}`;

interface GroupResponse {
  sellingPlanGroup: { products: { nodes: { id: string }[] }; sellingPlans: { nodes: { id: string }[] } } | null;
}

const HOUR = 3_600_000;

describe.each(PROVIDERS)("offer availability on %s against the local Shopify", (provider) => {
  let testDb: TestDatabase;
  let shopify: SimulatedShop;
  let productId: string;
  let variantId: string;
  let now: Date;
  let ctx: OfferContext;

  const productsInShopify = async (offerId: string) => {
    const detail = await getOffer(ctx, offerId);
    const response = await shopify.control.graphql<GroupResponse>(shopify.accessToken, GROUP_QUERY, {
      id: detail!.sellingPlanGroupId,
    });
    expect(response.errors).toBeUndefined();
    return response.data!.sellingPlanGroup!.products.nodes.map((node) => node.id);
  };

  const newOffer = async () => {
    const input = { ...defaultOfferInput("PRE_ORDER", "USD"), name: "Kettle pre-order", merchantCode: "kettle" };
    const created = await createOffer(ctx, input);
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const assigned = await setOfferProducts(ctx, created.id, { productIds: [productId], variantIds: [] });
    expect(assigned.ok).toBe(true);
    expect(await productsInShopify(created.id)).toEqual([productId]);
    return created.id;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    shopify = await startSimulatedShop();
    const product = await shopify.control.createProduct(shopify.shop, {
      title: "Copper kettle",
      variants: [{ title: "Default Title", price: "80.00", inventoryQuantity: 10 }],
    });
    productId = product.id;
    variantId = product.variants[0]!.id;
  });
  afterAll(async () => {
    await shopify?.stop();
    await testDb?.drop();
  });
  beforeEach(async () => {
    now = new Date("2026-12-01T12:00:00Z");
    ctx = await offerContext(
      { shop: shopify.shop, accessToken: shopify.accessToken },
      { db: testDb.db, admin: shopify.admin, now: () => now, locale: "en-GB" },
    );
  });

  it("paused, its plans leave the product and orders placed keep their terms; resumed, they rejoin it", async () => {
    const id = await newOffer();
    const detail = await getOffer(ctx, id);
    const planId = (await shopify.control.graphql<GroupResponse>(shopify.accessToken, GROUP_QUERY, {
      id: detail!.sellingPlanGroupId,
    }))!.data!.sellingPlanGroup!.sellingPlans.nodes[0]!.id;
    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId, quantity: 1, sellingPlanId: planId }],
    });

    const paused = await setOfferPaused(ctx, id, true);
    expect(paused).toEqual({ ok: true, state: "PAUSED" });
    expect(await productsInShopify(id)).toEqual([]);
    expect((await getOffer(ctx, id))!.availability).toMatchObject({ state: "PAUSED", pausedAt: now.toISOString() });
    // The order bought before the pause keeps its terms and its plan.
    const after = await shopify.control.order(shopify.shop, order.id);
    expect(after.paymentTerms).toEqual(order.paymentTerms);
    expect(after.lineItems[0]!.sellingPlan?.id).toBe(planId);

    expect(await setOfferPaused(ctx, id, false)).toEqual({ ok: true, state: "ON_SALE" });
    expect(await productsInShopify(id)).toEqual([productId]);
    expect((await getOffer(ctx, id))!.availability.pausedAt).toBeNull();
  });

  it("with a sales window, the worker puts the offer on sale at the start and off sale at the end, on time", async () => {
    const id = await newOffer();
    const work = () => testWork({ db: testDb.db, adminFor: async () => shopify.admin, now: () => now }).drain();
    // The window is typed as days and times in the shop's time zone (UTC here).
    const window = await setOfferSalesWindow({ ...ctx, timeZone: "UTC" }, id, {
      startsAt: "2026-12-02T09:00",
      endsAt: "2026-12-05T18:30",
    });
    expect(window).toEqual({ ok: true, state: "NOT_STARTED" });
    expect(await productsInShopify(id)).toEqual([]);
    const unit = await findJob(testDb.db, shopify.shop, "OFFER_AVAILABILITY", id);
    expect(unit?.dueAt.toISOString()).toBe("2026-12-02T09:00:00.000Z");

    now = new Date("2026-12-02T08:59:00Z");
    await work();
    expect(await productsInShopify(id)).toEqual([]);

    now = new Date("2026-12-02T09:00:00Z");
    await work();
    expect(await productsInShopify(id)).toEqual([productId]);
    expect((await findJob(testDb.db, shopify.shop, "OFFER_AVAILABILITY", id))?.dueAt.toISOString()).toBe(
      "2026-12-05T18:30:00.000Z",
    );

    now = new Date(new Date("2026-12-05T18:30:00Z").getTime() + HOUR);
    await work();
    expect(await productsInShopify(id)).toEqual([]);
    expect((await getOffer(ctx, id))!.availability.state).toBe("ENDED");
    expect((await findJob(testDb.db, shopify.shop, "OFFER_AVAILABILITY", id))?.status).toBe("DONE");
  });

  it("refuses a window that ends before it starts or has already ended, and changes nothing", async () => {
    const id = await newOffer();
    const backwards = await setOfferSalesWindow({ ...ctx, timeZone: "UTC" }, id, {
      startsAt: "2026-12-10T09:00",
      endsAt: "2026-12-09T09:00",
    });
    expect(backwards).toEqual({ ok: false, fieldErrors: { salesEndsAt: "The end must come after the start." } });
    const past = await setOfferSalesWindow({ ...ctx, timeZone: "UTC" }, id, {
      startsAt: "",
      endsAt: "2026-11-30T09:00",
    });
    expect(past).toEqual({ ok: false, fieldErrors: { salesEndsAt: "The end must be in the future." } });
    const garbled = await setOfferSalesWindow({ ...ctx, timeZone: "UTC" }, id, { startsAt: "tomorrow", endsAt: "" });
    expect(garbled).toMatchObject({ ok: false, fieldErrors: { salesStartsAt: expect.stringContaining("2027-03-01") } });
    expect((await getOffer(ctx, id))!.availability).toMatchObject({ state: "ON_SALE", salesStartsAt: null });
    expect(await productsInShopify(id)).toEqual([productId]);
    expect(await setOfferPaused(ctx, "not-an-offer", true)).toEqual({ ok: false, notFound: true });
  });
});
