// Webhook intake through the library's real HMAC check, on SQLite and PostgreSQL.
import { createServer } from "node:http";
import Database from "better-sqlite3";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { receiveWebhook, type IntakeDeps } from "~/webhooks/intake.server";
import { createNodeWebhookHandler } from "~/webhooks/node-endpoint.server";
import { createLogger } from "~/logger.server";
import { createBackgroundRunner } from "~/scheduler/background.server";
import type { AdminClient } from "~/shopify/client.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp, webhookRequest } from "../support/shopify-app";
import { testWork } from "../support/work";

const SHOP = "intake-test.myshopify.com";
const logger = createLogger({ level: "silent" });

describe.each(PROVIDERS)("webhook intake on %s", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
  });
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    await testDb.db.webhookEvent.deleteMany();
    await testDb.db.session.deleteMany();
    await testDb.db.shop.deleteMany();
  });

  /** The intake's dependencies on this test's database, with the library's real HMAC check. */
  const deps = (
    extra: Partial<IntakeDeps> & { adminFor?: (shop: string) => Promise<AdminClient | null> } = {},
  ): IntakeDeps => {
    const { adminFor, ...rest } = extra;
    return {
      db: testDb.db,
      logger,
      authenticate: (req) => app.authenticate.webhook(req),
      processNow: testWork({ db: testDb.db, adminFor }).processNow,
      ...rest,
    };
  };
  const deliver = (request: Request, route: string) => receiveWebhook(request, route, deps());

  it("records a signed delivery once, however often Shopify repeats it", async () => {
    const body = JSON.stringify({ id: 820982911946154500, admin_graphql_api_id: "gid://shopify/Order/1" });
    const first = await deliver(
      webhookRequest({ topic: "orders/create", shop: SHOP, body, webhookId: "wh-1" }),
      "orders/create",
    );
    const again = await deliver(
      webhookRequest({ topic: "orders/create", shop: SHOP, body, webhookId: "wh-1" }),
      "orders/create",
    );

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const rows = await testDb.db.webhookEvent.findMany({ where: { shop: SHOP } });
    expect(rows).toHaveLength(1);
    // Handled once: without an offline session the handler has nothing to read, so the event is IGNORED, once.
    expect(rows[0]).toMatchObject({
      topic: "orders/create",
      webhookId: "wh-1",
      payload: body,
      status: "IGNORED",
      attempts: 1,
    });
  });

  it("answers once the delivery is stored and processes it afterwards, in the background", async () => {
    const background = createBackgroundRunner({ logger, concurrency: 2 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const body = JSON.stringify({ id: 9, admin_graphql_api_id: "gid://shopify/Order/9" });
    const response = await receiveWebhook(
      webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-bg" }),
      "orders/updated",
      deps({
        // Processing waits here: the answer must not.
        adminFor: async () => {
          await gate;
          return null;
        },
        background,
      }),
    );
    expect(response.status).toBe(200);
    const stored = await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "wh-bg" } });
    expect(["RECEIVED", "PROCESSING"]).toContain(stored.status);
    release();
    await background.idle();
    expect(await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "wh-bg" } })).toMatchObject({
      status: "IGNORED",
      attempts: 1,
    });
  });

  it("leaves deliveries to the retry worker when the background queue is full, stored and not lost", async () => {
    const background = createBackgroundRunner({ logger, concurrency: 1, maxQueued: 0 });
    const body = JSON.stringify({ id: 10, admin_graphql_api_id: "gid://shopify/Order/10" });
    const response = await receiveWebhook(
      webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-full" }),
      "orders/updated",
      deps({ background }),
    );
    expect(response.status).toBe(200);
    await background.idle();
    const row = () => testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "wh-full" } });
    expect(await row()).toMatchObject({ status: "RECEIVED", attempts: 0 });
    // The worker leaves it to the web process for the grace, then takes it up.
    expect((await testWork({ db: testDb.db }).drain()).claimed).toBe(0);
    const later = () => new Date(Date.now() + 31_000);
    expect((await testWork({ db: testDb.db, now: later }).drain()).claimed).toBe(1);
    expect(await row()).toMatchObject({ status: "IGNORED", attempts: 1 });
  });

  it("only stores and answers when processing is left to the worker, which then takes the delivery at once", async () => {
    const body = JSON.stringify({ id: 11, admin_graphql_api_id: "gid://shopify/Order/11" });
    const response = await receiveWebhook(
      webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-worker" }),
      "orders/updated",
      deps({
        adminFor: async () => {
          throw new Error("the web process must not process");
        },
        leaveToWorker: true,
      }),
    );
    expect(response.status).toBe(200);
    const row = () => testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "wh-worker" } });
    expect(await row()).toMatchObject({ status: "RECEIVED", attempts: 0 });
    // No grace: the worker takes it at once.
    expect((await testWork({ db: testDb.db }).drain()).claimed).toBe(1);
    expect(await row()).toMatchObject({ status: "IGNORED", attempts: 1 });
  });

  it("authenticates and stores through the production server's direct path; a forged one gets 401, nothing stored", async () => {
    const handler = createNodeWebhookHandler({
      logger,
      handle: (request, segment, rawBody) => receiveWebhook(request, segment, deps(), rawBody),
    });
    const server = createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Shopify's delivery as it reaches the app behind a proxy: extra headers the direct path leaves out.
    const post = async (request: Request) =>
      fetch(`${base}/webhooks/orders/updated`, {
        method: "POST",
        headers: { ...Object.fromEntries(request.headers), "x-forwarded-for": "203.0.113.9", "user-agent": "Shopify" },
        body: await request.text(),
      });
    try {
      const body = JSON.stringify({ id: 12, admin_graphql_api_id: "gid://shopify/Order/12", note: "caf\u00e9" });
      const signed = await post(webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-direct" }));
      expect(signed.status).toBe(200);
      const forged = await post(
        webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-forged", secret: "not-the-secret" }),
      );
      expect(forged.status).toBe(401);
      const rows = await testDb.db.webhookEvent.findMany({ where: { shop: SHOP } });
      expect(rows.map((row) => [row.webhookId, row.payload, row.status])).toEqual([["wh-direct", body, "IGNORED"]]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.runIf(provider === "sqlite")(
    "waits for a SQLite file another connection is writing without blocking the process, then stores the delivery",
    async () => {
      const blocker = new Database(testDb.url.replace(/^file:/, ""));
      blocker.exec("BEGIN IMMEDIATE"); // holds the write lock, as a Prisma transaction or the worker would
      const body = JSON.stringify({ id: 13, admin_graphql_api_id: "gid://shopify/Order/13" });
      let answered = false;
      const answer = receiveWebhook(
        webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-busy" }),
        "orders/updated",
        deps({ leaveToWorker: true }),
      ).then((response) => {
        answered = true;
        return response;
      });
      // Timers still run (the thread is not held by a busy wait) and nothing is acknowledged before it is stored.
      const ticks = await new Promise<number>((resolve) => {
        let count = 0;
        const timer = setInterval(() => {
          if (++count === 10) {
            clearInterval(timer);
            resolve(count);
          }
        }, 5);
      });
      expect(ticks).toBe(10);
      expect(answered).toBe(false);
      blocker.exec("COMMIT");
      blocker.close();
      expect((await answer).status).toBe(200);
      expect(
        await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP, webhookId: "wh-busy" } }),
      ).toMatchObject({ payload: body, status: "RECEIVED" });
    },
  );

  it("stores deliveries arriving together in one write, each exactly once, repeats included", async () => {
    const background = createBackgroundRunner({ logger, maxQueued: 0 }); // processing is not this test's subject
    const send = (webhookId: string, body: string) =>
      receiveWebhook(
        webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId }),
        "orders/updated",
        deps({ background }),
      );
    const bodies = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ id: i, admin_graphql_api_id: `gid://shopify/Order/${i}` }),
    );
    // 40 deliveries and 20 repeats of them, all in flight at once; then the same again.
    const burst = () =>
      Promise.all([
        ...bodies.map((body, i) => send(`burst-${i}`, body)),
        ...bodies.slice(0, 20).map((body, i) => send(`burst-${i}`, body)),
      ]);
    for (const response of [...(await burst()), ...(await burst())]) expect(response.status).toBe(200);
    const rows = await testDb.db.webhookEvent.findMany({ where: { shop: SHOP }, orderBy: { webhookId: "asc" } });
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((row) => row.webhookId)).size).toBe(40);
    for (const row of rows) {
      expect(row.payload).toBe(bodies[Number(row.webhookId.slice("burst-".length))]);
      expect(row).toMatchObject({ status: "RECEIVED", attempts: 0, topic: "orders/updated", apiVersion: "2026-10" });
      expect(Math.abs(row.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(row.triggeredAt).toBeInstanceOf(Date);
    }
  });

  it("acknowledges nothing it could not store: the request fails (a 500, so Shopify sends it again)", async () => {
    const broken = new Proxy(testDb.db, {
      get: (target, prop) =>
        // Whichever way the recorder writes (one statement, or a transaction of two), the disk refuses it.
        prop === "$queryRawUnsafe" || prop === "$transaction"
          ? async () => {
              throw new Error("disk full");
            }
          : Reflect.get(target, prop),
    });
    const request = webhookRequest({ topic: "orders/updated", shop: SHOP, body: "{}", webhookId: "wh-lost" });
    await expect(
      receiveWebhook(request, "orders/updated", {
        db: broken,
        logger,
        authenticate: (req) => app.authenticate.webhook(req),
        processNow: testWork({ db: testDb.db }).processNow,
      }),
    ).rejects.toThrow("disk full");
    expect(await testDb.db.webhookEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("rejects a forged signature with 401 and stores nothing", async () => {
    const body = JSON.stringify({ id: 1 });
    const response = await deliver(
      webhookRequest({ topic: "orders/create", shop: SHOP, body, secret: "not-the-app-secret" }),
      "orders/create",
    );
    expect(response.status).toBe(401);
    expect(await testDb.db.webhookEvent.count()).toBe(0);
  });

  it("keeps a correctly signed but unreadable body for inspection", async () => {
    const body = '{"id": 1, "broken": ';
    const response = await deliver(
      webhookRequest({ topic: "orders/updated", shop: SHOP, body, webhookId: "wh-bad" }),
      "orders/updated",
    );
    expect(response.status).toBe(200);
    const row = await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(row).toMatchObject({ status: "MALFORMED", payload: body, topic: "orders/updated", webhookId: "wh-bad" });
    expect(row.lastError).toMatch(/Unparseable body/);
  });

  it("refuses a delivery posted to another topic's route", async () => {
    const body = JSON.stringify({ id: 1 });
    const response = await deliver(webhookRequest({ topic: "orders/create", shop: SHOP, body }), "refunds/create");
    expect(response.status).toBe(400);
    expect(await testDb.db.webhookEvent.count()).toBe(0);
  });

  it("app/uninstalled forgets the shop's tokens and marks it uninstalled", async () => {
    await testDb.db.shop.create({ data: { domain: SHOP, scopes: "read_orders" } });
    await app.sessionStorage.storeSession(
      new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "x", isOnline: false, accessToken: "shpat_secret" }),
    );
    const other = "other-shop.myshopify.com";
    await app.sessionStorage.storeSession(
      new Session({ id: `offline_${other}`, shop: other, state: "x", isOnline: false, accessToken: "shpat_other" }),
    );

    const body = JSON.stringify({ id: 1, name: "Intake test", domain: SHOP });
    const response = await deliver(webhookRequest({ topic: "app/uninstalled", shop: SHOP, body }), "app/uninstalled");

    expect(response.status).toBe(200);
    expect(await testDb.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await testDb.db.session.count({ where: { shop: other } })).toBe(1);
    const shop = await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop.uninstalledAt).toBeInstanceOf(Date);
    const event = await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(event.status).toBe("PROCESSED");
  });

  it("app/scopes_update records the newly granted scopes on the session", async () => {
    await app.sessionStorage.storeSession(
      new Session({
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "x",
        isOnline: false,
        accessToken: "shpat_secret",
        scope: "read_orders",
      }),
    );
    const body = JSON.stringify({ id: 1, previous: ["read_orders"], current: ["read_orders", "write_orders"] });
    await deliver(webhookRequest({ topic: "app/scopes_update", shop: SHOP, body }), "app/scopes_update");
    const session = await app.sessionStorage.loadSession(`offline_${SHOP}`);
    expect(session?.scope).toBe("read_orders,write_orders");
  });

  it("a handler failure is recorded as FAILED with its reason, not lost", async () => {
    const body = JSON.stringify({ id: 12, admin_graphql_api_id: "gid://shopify/Order/12" });
    const response = await receiveWebhook(
      webhookRequest({ topic: "orders/updated", shop: SHOP, body }),
      "orders/updated",
      deps({
        adminFor: async () => {
          throw new Error("offline session store unreachable");
        },
      }),
    );
    expect(response.status).toBe(200);
    const event = await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(event).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(event.lastError).toMatch(/offline session store unreachable/);
    expect(event.nextAttemptAt).toBeInstanceOf(Date);
  });

  it("a signed body that lacks what its topic needs is kept as MALFORMED at once, not retried", async () => {
    const body = JSON.stringify({ id: 1, previous: [] }); // no `current`: the handler cannot apply it
    const response = await deliver(
      webhookRequest({ topic: "app/scopes_update", shop: SHOP, body }),
      "app/scopes_update",
    );
    expect(response.status).toBe(200);
    const event = await testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(event).toMatchObject({ status: "MALFORMED", attempts: 1, nextAttemptAt: null, payload: body });
    expect(event.lastError).toMatch(/current/);
  });

  it("compliance topics arrive on their shared route", async () => {
    const body = JSON.stringify({ shop_id: 1, shop_domain: SHOP });
    const response = await deliver(
      webhookRequest({ topic: "shop/redact", shop: SHOP, body, path: "/webhooks/compliance" }),
      "compliance",
    );
    expect(response.status).toBe(200);
    expect(await testDb.db.webhookEvent.count({ where: { topic: "shop/redact" } })).toBe(1);
  });
});
