// The webhook retry worker on SQLite and PostgreSQL: signed deliveries that failed are retried with growing
// delays, given up as DEAD, claimed by one worker only, and never processed for a shop that uninstalled the app.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import { recordDelivery } from "~/db/webhook-events.server";
import { createLogger } from "~/logger.server";
import { receiveWebhook } from "~/webhooks/intake.server";
import { runWebhookRetries, startWebhookRetryLoop } from "~/webhooks/retry.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp, webhookRequest } from "../support/shopify-app";

const SHOP = "retry-test.myshopify.com";
const T0 = new Date("2026-11-24T12:00:00Z");
const MINUTE = 60_000;
const logger = createLogger({ level: "silent" });
const at = (ms: number) => () => new Date(T0.getTime() + ms);

/** The database with one model method replaced (a transient failure, a counter, a barrier). */
function withOverride(db: Database, model: "deferredOrder" | "webhookEvent", method: string, fn: unknown): Database {
  const delegate = new Proxy(db[model] as object, {
    get: (target, prop) => (prop === method ? fn : Reflect.get(target, prop)),
  });
  return new Proxy(db, {
    get: (target, prop) => {
      if (prop === model) return delegate;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe.each(PROVIDERS)("webhook retries on %s", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
  });
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    await testDb.db.webhookEvent.deleteMany();
    await testDb.db.deferredOrder.deleteMany();
    await testDb.db.shop.deleteMany();
  });

  const deliver = (topic: string, body: unknown, options: { db?: Database; now?: () => Date; webhookId?: string }) =>
    receiveWebhook(
      webhookRequest({ topic, shop: SHOP, body: JSON.stringify(body), webhookId: options.webhookId }),
      topic.startsWith("customers/") || topic === "shop/redact" ? "compliance" : topic,
      {
        db: options.db ?? testDb.db,
        logger,
        authenticate: (req) => app.authenticate.webhook(req),
        adminFor: async () => null,
        now: options.now ?? at(0),
      },
    );
  const tick = (now: () => Date, extra: { db?: Database; maxAttempts?: number } = {}) =>
    runWebhookRetries({ db: extra.db ?? testDb.db, adminFor: async () => null, logger, now, ...extra });
  const row = () => testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
  /** app/scopes_update without its `current` list: a handler that fails on every attempt. */
  const alwaysFailing = { id: 1 };

  it("processes several shops' deliveries at once, each shop's one after another", async () => {
    const shops = ["a", "b", "c"].map((name) => `${name}-${SHOP}`);
    for (const shop of shops) {
      for (const n of [1, 2]) {
        const body = JSON.stringify({ id: n, admin_graphql_api_id: `gid://shopify/Order/${n}` });
        const response = await receiveWebhook(
          webhookRequest({ topic: "orders/updated", shop, body, webhookId: `${shop}-${n}` }),
          "orders/updated",
          {
            db: testDb.db,
            logger,
            authenticate: (req) => app.authenticate.webhook(req),
            adminFor: async () => null,
            leaveToWorker: true,
          },
        );
        expect(response.status).toBe(200);
      }
    }
    let running = 0;
    let peak = 0;
    const runningPerShop = new Map<string, number>();
    let peakPerShop = 0;
    // Each handler waits until three run at once (or 2 s: one at a time would never get there).
    let arrived = 0;
    let allThree!: () => void;
    const threeRunning = new Promise<void>((resolve) => (allThree = resolve));
    const summary = await runWebhookRetries({
      db: testDb.db,
      logger,
      receivedGraceMs: 0,
      concurrency: 3,
      adminFor: async (shop) => {
        running++;
        runningPerShop.set(shop, (runningPerShop.get(shop) ?? 0) + 1);
        peak = Math.max(peak, running);
        peakPerShop = Math.max(peakPerShop, runningPerShop.get(shop)!);
        if (++arrived === 3) allThree();
        await Promise.race([threeRunning, new Promise((resolve) => setTimeout(resolve, 2_000))]);
        running--;
        runningPerShop.set(shop, runningPerShop.get(shop)! - 1);
        return null;
      },
    });
    expect(summary).toMatchObject({ claimed: 6, ignored: 6, failed: 0 });
    expect(peak).toBe(3);
    expect(peakPerShop).toBe(1);
    const rows = await testDb.db.webhookEvent.findMany({ where: { shop: { in: shops } } });
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(Array(6).fill(["IGNORED", 1]));
  });

  it("retries a handler that failed once after its delay, and it ends PROCESSED on the second attempt", async () => {
    let calls = 0;
    const flaky = withOverride(testDb.db, "deferredOrder", "findMany", async (...args: unknown[]) => {
      calls++;
      if (calls === 1) throw new Error("connection reset");
      return (testDb.db.deferredOrder.findMany as (...a: unknown[]) => Promise<unknown>)(...args);
    });
    const body = { shop_domain: SHOP, customer: { id: 191167 }, orders_requested: [], data_request: { id: 9999 } };
    expect((await deliver("customers/data_request", body, { db: flaky })).status).toBe(200);
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 1, lastError: "connection reset" });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

    expect(await tick(at(MINUTE - 1), { db: flaky })).toMatchObject({ claimed: 0 }); // not due yet
    expect(await tick(at(MINUTE), { db: flaky })).toMatchObject({ claimed: 1, processed: 1 });
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 2, lastError: null, nextAttemptAt: null });
    expect(calls).toBe(2);
  });

  it("backs off exponentially and gives up as DEAD after the last attempt, keeping the delivery", async () => {
    await deliver("app/scopes_update", alwaysFailing, {});
    const first = await row();
    expect(first).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(first.nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

    expect(await tick(at(MINUTE), { maxAttempts: 4 })).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 2 });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE + 2 * MINUTE));

    expect(await tick(at(3 * MINUTE - 1), { maxAttempts: 4 })).toMatchObject({ claimed: 0 });
    expect(await tick(at(3 * MINUTE), { maxAttempts: 4 })).toMatchObject({ failed: 1 });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + 3 * MINUTE + 4 * MINUTE));

    expect(await tick(at(7 * MINUTE), { maxAttempts: 4 })).toMatchObject({ dead: 1 });
    const dead = await row();
    expect(dead).toMatchObject({ status: "DEAD", attempts: 4, nextAttemptAt: null });
    expect(dead.lastError).toMatch(/Gave up after 4 attempts.*current/);
    expect(await tick(at(24 * 60 * MINUTE), { maxAttempts: 4 })).toMatchObject({ claimed: 0, dead: 0 });
    expect(await testDb.db.webhookEvent.count()).toBe(1);
  });

  it("caps the delay at an hour", async () => {
    await deliver("app/scopes_update", alwaysFailing, {});
    let now = T0.getTime();
    for (let attempt = 2; attempt <= 9; attempt++) {
      now = (await row()).nextAttemptAt!.getTime();
      await tick(() => new Date(now), { maxAttempts: 20 });
    }
    const last = await row();
    expect(last.attempts).toBe(9);
    expect(last.nextAttemptAt!.getTime() - now).toBe(60 * MINUTE);
  });

  it("processes a delivery once when two workers tick at the same moment", async () => {
    let calls = 0;
    const counting = withOverride(testDb.db, "deferredOrder", "findMany", async (...args: unknown[]) => {
      calls++;
      return (testDb.db.deferredOrder.findMany as (...a: unknown[]) => Promise<unknown>)(...args);
    });
    const failOnce = withOverride(testDb.db, "deferredOrder", "findMany", async () => {
      throw new Error("connection reset");
    });
    await deliver("customers/data_request", { customer: { id: 5 } }, { db: failOnce });
    expect(await row()).toMatchObject({ status: "FAILED" });

    // Both workers read the due row before either claims it: the claim alone must decide.
    let arrived = 0;
    let release: () => void = () => {};
    const barrier = new Promise<void>((resolve) => (release = resolve));
    const racing = withOverride(counting, "webhookEvent", "findMany", async (...args: unknown[]) => {
      const rows = await (testDb.db.webhookEvent.findMany as (...a: unknown[]) => Promise<unknown>)(...args);
      if (++arrived === 2) release();
      await barrier;
      return rows;
    });
    const [a, b] = await Promise.all([tick(at(MINUTE), { db: racing }), tick(at(MINUTE), { db: racing })]);
    expect(a.claimed + b.claimed).toBe(1);
    expect(a.skipped + b.skipped).toBe(1);
    expect(calls).toBe(1);
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("takes up a crashed worker's claim once its lease ran out", async () => {
    await deliver("app/scopes_update", alwaysFailing, {});
    await testDb.db.webhookEvent.updateMany({
      data: { status: "PROCESSING", attempts: 2, nextAttemptAt: new Date(T0.getTime() + 6 * MINUTE) },
    });
    expect(await tick(at(5 * MINUTE))).toMatchObject({ claimed: 0 });
    expect(await tick(at(6 * MINUTE))).toMatchObject({ claimed: 1, failed: 1 });
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 3 });
  });

  it("processes a RECEIVED delivery whose topic has a handler now, once intake had its chance", async () => {
    const received = new Date();
    await recordDelivery(testDb.db, {
      shop: SHOP,
      topic: "app/scopes_update",
      webhookId: "before-the-handler",
      rawBody: JSON.stringify({ previous: [], current: ["read_orders"] }),
    });
    await testDb.db.shop.create({ data: { domain: SHOP, scopes: "" } });
    const soon = () => new Date(received.getTime() + 10_000);
    expect(await tick(soon)).toMatchObject({ claimed: 0 }); // may still be in intake's inline run
    const later = () => new Date(received.getTime() + 10 * MINUTE);
    expect(await tick(later)).toMatchObject({ claimed: 1, processed: 1 });
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect(await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({
      scopes: "read_orders",
    });
  });

  it("keeps a stored body that does not parse as MALFORMED instead of retrying it", async () => {
    await recordDelivery(testDb.db, {
      shop: SHOP,
      topic: "app/scopes_update",
      webhookId: "garbled",
      rawBody: '{"current": [',
    });
    await testDb.db.webhookEvent.updateMany({ data: { status: "FAILED", attempts: 1, nextAttemptAt: T0 } });
    expect(await tick(at(0))).toMatchObject({ claimed: 1 });
    const kept = await row();
    expect(kept).toMatchObject({ status: "MALFORMED", payload: '{"current": [' });
    expect(kept.lastError).toMatch(/Unparseable body/);
    expect(await tick(at(60 * MINUTE))).toMatchObject({ claimed: 0 });
  });

  it("does not process deliveries of a shop that uninstalled the app, but says why", async () => {
    await deliver("app/scopes_update", alwaysFailing, {});
    await deliver("app/uninstalled", { id: 1, domain: SHOP }, { webhookId: "uninstall" });
    await testDb.db.shop.upsert({
      where: { domain: SHOP },
      create: { domain: SHOP, scopes: "", uninstalledAt: T0 },
      update: { uninstalledAt: T0 },
    });
    expect(await tick(at(MINUTE))).toMatchObject({ claimed: 0, ignored: 1 });
    const ignored = await testDb.db.webhookEvent.findFirstOrThrow({ where: { topic: "app/scopes_update" } });
    expect(ignored).toMatchObject({ status: "IGNORED", lastError: "Shop uninstalled the app: not processed" });

    // A delivery that arrives after the uninstall is not processed inline either.
    await deliver("app/scopes_update", { current: ["read_orders"] }, { webhookId: "late" });
    const late = await testDb.db.webhookEvent.findFirstOrThrow({ where: { webhookId: "late" } });
    expect(late).toMatchObject({ status: "IGNORED" });
    expect(await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ scopes: "" });
  });

  it("runs ticks in a loop until stopped", async () => {
    await deliver("app/scopes_update", alwaysFailing, {});
    const loop = startWebhookRetryLoop({
      db: testDb.db,
      adminFor: async () => null,
      logger,
      now: at(MINUTE),
      intervalMs: 10,
      maxAttempts: 3,
    });
    for (let i = 0; i < 200 && (await row()).status !== "FAILED"; i++) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    // With a fixed clock only the first tick finds it due; it failed again and waits two minutes.
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 2 });
  });
});
