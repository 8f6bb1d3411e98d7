// Stock rules against the local Shopify: "only while out of stock" driven by inventory_levels/update, and the
// pre-sale cap counted from orders/create and orders/cancelled, with the simulator's signed deliveries run
// through the app's webhook intake, on SQLite and PostgreSQL.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultOfferInput, type OfferInput } from "~/domain/offer";
import { createLogger } from "~/logger.server";
import {
  createOffer,
  getOffer,
  listOffers,
  offerContext,
  setOfferProducts,
  syncOffers,
  updateOffer,
  type OfferContext,
} from "~/services/offers.server";
import { inventoryItemIdFromLevel } from "~/shopify/operations/inventory";
import { handlerFor } from "~/webhooks/handlers.server";
import { parseDeliveryBody } from "~/webhooks/payload";
import { receiveWebhook } from "~/webhooks/intake.server";
import type { DeliveryRecord } from "../../simulator/client";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp } from "../support/shopify-app";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";
import { testWork } from "../support/work";

const NOW = new Date("2026-11-24T12:00:00Z");
const logger = createLogger({ level: "silent" });

/** A body as the processing hands it to a handler: parsed, and losslessly (exact ids). */
function parsedBody(raw: string) {
  const parsed = parseDeliveryBody(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return { payload: parsed.payload, exact: parsed.exact };
}

const GROUP_QUERY = `query StockRuleGroup($id: ID!) {
  sellingPlanGroup(id: $id) {
    products(first: 10) { nodes { id } }
    productVariants(first: 10) { nodes { id } }
    sellingPlans(first: 1) { nodes { id } }
  }
}`;

interface GroupResponse {
  sellingPlanGroup: {
    products: { nodes: { id: string }[] };
    productVariants: { nodes: { id: string }[] };
    sellingPlans: { nodes: { id: string }[] };
  } | null;
}

function preOrder(stockRules: { presaleLimit: number | null; onlyWhenOutOfStock: boolean }): OfferInput {
  const input = defaultOfferInput("PRE_ORDER", "USD");
  return { ...input, name: "Lamp pre-order", merchantCode: "lamp-preorder", stockRules };
}

/** Answers every request 200: the app's /local/install and webhook routes, as far as the simulator can tell. */
async function startAcceptingApp(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the inventory item behind an inventory_levels/update", () => {
  it("is read from the gid as text, exact above 2^53", () => {
    const id = "gid://shopify/InventoryLevel/72119943322?inventory_item_id=45875329925463917";
    expect(inventoryItemIdFromLevel(id)).toBe("gid://shopify/InventoryItem/45875329925463917");
    // What JSON.parse makes of the same number in the payload's inventory_item_id field:
    expect(String(JSON.parse("45875329925463917"))).not.toBe("45875329925463917");
    expect(inventoryItemIdFromLevel("gid://shopify/InventoryLevel/1?location_id=2")).toBeNull();
    expect(inventoryItemIdFromLevel("gid://shopify/InventoryItem/3")).toBeNull();
  });
});

describe.each(PROVIDERS)("stock rules on %s against the local Shopify", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let acceptor: { url: string; server: Server };
  let shopify: SimulatedShop;
  let ctx: OfferContext;
  let productId: string;
  let amber: string;
  let frost: string;
  const seen = new Set<string>();

  const readGroup = async (offerId: string) => {
    const detail = await getOffer(ctx, offerId);
    const response = await shopify.control.graphql<GroupResponse>(shopify.accessToken, GROUP_QUERY, {
      id: detail!.sellingPlanGroupId,
    });
    expect(response.errors).toBeUndefined();
    const group = response.data!.sellingPlanGroup!;
    return {
      productIds: group.products.nodes.map((node) => node.id),
      variantIds: group.productVariants.nodes.map((node) => node.id).sort(),
      planId: group.sellingPlans.nodes[0].id,
    };
  };

  /** The simulator's deliveries of a topic not handled yet, waited for. */
  const pending = async (topic: string): Promise<DeliveryRecord[]> => {
    await shopify.control.drainWebhooks();
    const deliveries = await shopify.control.webhooks({ shop: shopify.shop, topic });
    const fresh = deliveries.filter((delivery) => !seen.has(delivery.webhookId));
    for (const delivery of fresh) seen.add(delivery.webhookId);
    return fresh;
  };

  /** Runs the simulator's signed deliveries through the app's intake (HMAC check, record once, handler). */
  const deliver = async (topic: string): Promise<DeliveryRecord[]> => {
    const deliveries = await pending(topic);
    for (const delivery of deliveries) {
      const request = new Request(delivery.url, { method: "POST", headers: delivery.headers, body: delivery.body });
      const response = await receiveWebhook(request, topic, {
        db: testDb.db,
        logger,
        authenticate: (req) => app.authenticate.webhook(req),
        processNow: testWork({ db: testDb.db, adminFor: async () => shopify.admin, now: () => NOW }).processNow,
        now: () => NOW,
      });
      expect(response.status).toBe(200);
    }
    return deliveries;
  };

  /** Calls a topic's handler directly with a payload, as a re-delivery would. */
  const handle = (topic: "inventory_levels/update" | "orders/create", body: string) =>
    handlerFor(topic)!({
      db: testDb.db,
      logger,
      shop: shopify.shop,
      topic,
      ...parsedBody(body),
      now: NOW,
      admin: async () => shopify.admin,
    });

  const setStock = async (variantId: string, available: number) => {
    await shopify.control.setInventory(shopify.shop, variantId, { available });
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    acceptor = await startAcceptingApp();
    shopify = await startSimulatedShop({ appUrl: acceptor.url });
    // Installed, so the simulator sends this shop's webhooks (to the accepting app; the test replays them).
    const installed = await shopify.control.install(shopify.shop);
    expect(installed.installed).toBe(true);
    const product = await shopify.control.createProduct(shopify.shop, {
      title: "Aurora lamp",
      variants: [
        { title: "Amber", price: "120.00", inventoryQuantity: 0 },
        { title: "Frost", price: "120.00", inventoryQuantity: 4 },
      ],
    });
    productId = product.id;
    [amber, frost] = product.variants.map((variant) => variant.id);
  });
  afterAll(async () => {
    await shopify?.stop();
    await new Promise((resolve) => acceptor?.server.close(resolve));
    await testDb?.drop();
  });
  beforeEach(async () => {
    await testDb.db.offerSale.deleteMany();
    await testDb.db.offer.deleteMany();
    await testDb.db.webhookEvent.deleteMany();
    await shopify.control.configure({ webhooks: { duplicate: false } });
    ctx = await offerContext(
      { shop: shopify.shop, accessToken: shopify.accessToken },
      { db: testDb.db, admin: shopify.admin, now: () => NOW, locale: "en-GB" },
    );
  });

  it("attaches the offer only to out-of-stock variants and follows inventory_levels/update", async () => {
    await setStock(amber, 0);
    await setStock(frost, 4);
    await pending("inventory_levels/update"); // stock set up before any offer: nothing to act on

    const input = preOrder({ presaleLimit: null, onlyWhenOutOfStock: true });
    const created = await createOffer(ctx, input);
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const id = created.id;

    // Matched, not equal: the groups of earlier tests stay on the product in Shopify, and the answer warns of them.
    expect(await setOfferProducts(ctx, id, { productIds: [productId], variantIds: [] })).toMatchObject({
      ok: true,
      id,
    });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [amber] });
    const detail = await getOffer(ctx, id);
    expect(detail!.selection).toEqual({ productIds: [productId], variantIds: [] });
    expect(detail!.variantCount).toBe(1);

    // Stock arrives: the delivery detaches Amber.
    await setStock(amber, 6);
    const arrived = await deliver("inventory_levels/update");
    expect(arrived).toHaveLength(1);
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });
    const events = await testDb.db.webhookEvent.findMany({ where: { topic: "inventory_levels/update" } });
    expect(events.map((event) => event.status)).toEqual(["PROCESSED"]);
    expect((await getOffer(ctx, id))!.variantCount).toBe(0);

    // Both variants sell out: both are attached.
    await setStock(amber, 0);
    await setStock(frost, 0);
    expect(await deliver("inventory_levels/update")).toHaveLength(2);
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [amber, frost].sort() });

    // The earlier "6 available" delivery handled again, late: the current quantity (0) decides, Amber stays.
    expect(await handle("inventory_levels/update", arrived[0].body)).toBe("PROCESSED");
    expect(await readGroup(id)).toMatchObject({ variantIds: [amber, frost].sort() });

    // Frost restocked; its delivery handled twice ends in the same state.
    await setStock(frost, 2);
    const [restock] = await deliver("inventory_levels/update");
    expect(await handle("inventory_levels/update", restock.body)).toBe("PROCESSED");
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [amber] });

    // Turning the rule off assigns the whole selection: the product, whole.
    const off = await updateOffer(ctx, id, preOrder({ presaleLimit: null, onlyWhenOutOfStock: false }));
    expect(off).toEqual({ ok: true, id });
    expect(await readGroup(id)).toMatchObject({ productIds: [productId], variantIds: [] });

    // With the rule off, stock changes leave the assignment alone.
    await setStock(frost, 0);
    await deliver("inventory_levels/update");
    expect(await readGroup(id)).toMatchObject({ productIds: [productId], variantIds: [] });
    const ignored = await testDb.db.webhookEvent.findMany({ where: { topic: "inventory_levels/update" } });
    expect(ignored.filter((event) => event.status === "IGNORED")).toHaveLength(1);

    // And on again: only the out-of-stock variants of the selection, at variant level.
    await setStock(amber, 3);
    await pending("inventory_levels/update");
    expect(await updateOffer(ctx, id, input)).toEqual({ ok: true, id });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [frost] });
  });

  it("applies the rule to variants chosen alone and ignores stock changes outside the selection", async () => {
    await setStock(amber, 0);
    await setStock(frost, 5);
    await pending("inventory_levels/update");
    const created = await createOffer(ctx, preOrder({ presaleLimit: null, onlyWhenOutOfStock: true }));
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const id = created.id;

    expect(await setOfferProducts(ctx, id, { productIds: [], variantIds: [frost] })).toMatchObject({ ok: true, id });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });

    await setStock(amber, 2); // not chosen
    await deliver("inventory_levels/update");
    const [amberEvent] = await testDb.db.webhookEvent.findMany({ where: { topic: "inventory_levels/update" } });
    expect(amberEvent.status).toBe("IGNORED");

    await setStock(frost, 0);
    await deliver("inventory_levels/update");
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [frost] });

    // A restock whose webhook never arrived is caught up by "Sync now".
    await setStock(frost, 1);
    await pending("inventory_levels/update");
    expect(await readGroup(id)).toMatchObject({ variantIds: [frost] });
    expect(await syncOffers(ctx)).toMatchObject({ updated: 1 });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });
  });

  it("closes a pre-sale at its cap, counting each order once, and reopens it when an order is cancelled", async () => {
    await setStock(frost, 20);
    await pending("inventory_levels/update");
    const created = await createOffer(ctx, preOrder({ presaleLimit: 3, onlyWhenOutOfStock: false }));
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const id = created.id;
    await setOfferProducts(ctx, id, { productIds: [productId], variantIds: [] });
    const { planId } = await readGroup(id);
    expect((await getOffer(ctx, id))!.presale).toEqual({ limit: 3, sold: 0, closedAt: null });

    // Shopify may deliver an event twice under different webhook ids: the intake cannot dedupe those.
    await shopify.control.configure({ webhooks: { duplicate: true } });
    const first = await shopify.control.checkout(shopify.shop, {
      lines: [
        { variantId: frost, quantity: 2, sellingPlanId: planId },
        { variantId: frost, quantity: 5 }, // no selling plan: not part of the pre-sale
      ],
    });
    const firstDeliveries = await deliver("orders/create");
    expect(firstDeliveries).toHaveLength(2);
    expect(new Set(firstDeliveries.map((delivery) => delivery.webhookId)).size).toBe(2);
    const createEvents = await testDb.db.webhookEvent.findMany({ where: { topic: "orders/create" } });
    expect(createEvents.map((event) => event.status)).toEqual(["PROCESSED", "PROCESSED"]);
    expect(await handle("orders/create", firstDeliveries[0].body)).toBe("PROCESSED");
    expect(await testDb.db.offerSale.findMany({ where: { offerId: id } })).toMatchObject([
      { orderId: first.id, units: 2, cancelledAt: null },
    ]);
    expect((await getOffer(ctx, id))!.presale).toEqual({ limit: 3, sold: 2, closedAt: null });
    expect(await readGroup(id)).toMatchObject({ productIds: [productId] });
    // The storefront's "only N left" reads the units left per selling plan from the app installation.
    const remaining = await shopify.control.graphql<{
      currentAppInstallation: { metafield: { value: string } | null };
    }>(
      shopify.accessToken,
      `{ currentAppInstallation { metafield(namespace: "purchase_options", key: "presale_remaining") { value } } }`,
    );
    expect(JSON.parse(remaining.data!.currentAppInstallation.metafield!.value)).toEqual({
      [planId.split("/").pop()!]: 1,
    });

    // The third unit reaches the cap: the offer closes and is detached from everything.
    const second = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId: frost, quantity: 1, sellingPlanId: planId }],
    });
    expect(await deliver("orders/create")).toHaveLength(2);
    const closed = await getOffer(ctx, id);
    expect(closed!.presale).toEqual({ limit: 3, sold: 3, closedAt: NOW.toISOString() });
    expect(closed!.selection).toEqual({ productIds: [productId], variantIds: [] });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });
    expect((await listOffers(ctx))[0].presale).toMatchObject({ sold: 3, closedAt: NOW.toISOString() });

    // Choosing products while closed records the choice but attaches nothing.
    expect(await setOfferProducts(ctx, id, { productIds: [productId], variantIds: [] })).toMatchObject({
      ok: true,
      id,
    });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });

    // The second order is cancelled: its unit comes back and the pre-sale reopens with the selection.
    await shopify.control.cancel(shopify.shop, second.id, { reason: "customer" });
    expect(await deliver("orders/cancelled")).toHaveLength(2);
    const reopened = await getOffer(ctx, id);
    expect(reopened!.presale).toEqual({ limit: 3, sold: 2, closedAt: null });
    expect(await readGroup(id)).toMatchObject({ productIds: [productId], variantIds: [] });

    // A late re-delivery of the cancelled order's orders/create does not count it again.
    const [lateCreate] = (await shopify.control.webhooks({ shop: shopify.shop, topic: "orders/create" })).filter(
      (delivery) => JSON.parse(delivery.body).admin_graphql_api_id === second.id,
    );
    await handle("orders/create", lateCreate.body);
    expect((await getOffer(ctx, id))!.presale).toEqual({ limit: 3, sold: 2, closedAt: null });

    // Raising the cap of a closed offer reopens it; lowering it under the count closes it.
    expect(await updateOffer(ctx, id, preOrder({ presaleLimit: 2, onlyWhenOutOfStock: false }))).toEqual({
      ok: true,
      id,
    });
    expect((await getOffer(ctx, id))!.presale).toMatchObject({ limit: 2, sold: 2, closedAt: NOW.toISOString() });
    expect(await readGroup(id)).toMatchObject({ productIds: [], variantIds: [] });
    await updateOffer(ctx, id, preOrder({ presaleLimit: 10, onlyWhenOutOfStock: false }));
    expect((await getOffer(ctx, id))!.presale).toMatchObject({ limit: 10, sold: 2, closedAt: null });
    expect(await readGroup(id)).toMatchObject({ productIds: [productId], variantIds: [] });
  });
});
