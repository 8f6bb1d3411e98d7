// Webhook processing on the scheduled-work engine, on SQLite and PostgreSQL: signed deliveries that failed are
// retried with growing delays, given up as DEAD, processed by one worker only, taken up after a worker died, kept
// as MALFORMED at once when their body cannot serve their topic, and never processed for a shop that uninstalled.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import { claimDueJobs } from "~/db/scheduled-jobs.server";
import { recordDelivery } from "~/db/webhook-events.server";
import { createLogger } from "~/logger.server";
import type { AdminClient } from "~/shopify/client.server";
import { receiveWebhook } from "~/webhooks/intake.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp, webhookRequest } from "../support/shopify-app";
import { testWork } from "../support/work";

const SHOP = "retry-test.myshopify.com";
const T0 = new Date("2026-11-24T12:00:00Z");
const MINUTE = 60_000;
const logger = createLogger({ level: "silent" });
const at = (ms: number) => () => new Date(T0.getTime() + ms);

/** The database with one model method replaced (a transient failure, a counter). */
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
  /** A database whose deferred-order reads fail every time: the data request handler fails on every attempt. */
  let failing: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    failing = withOverride(testDb.db, "deferredOrder", "findMany", async () => {
      throw new Error("connection reset");
    });
  });
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    await testDb.db.webhookEvent.deleteMany();
    await testDb.db.scheduledJob.deleteMany();
    await testDb.db.deferredOrder.deleteMany();
    await testDb.db.shop.deleteMany();
  });

  interface DeliverOptions {
    db?: Database;
    now?: () => Date;
    webhookId?: string;
    shop?: string;
    leaveToWorker?: boolean;
    adminFor?: (shop: string) => Promise<AdminClient | null>;
  }
  const deliver = (topic: string, body: unknown, options: DeliverOptions = {}) => {
    const db = options.db ?? testDb.db;
    const now = options.now ?? at(0);
    return receiveWebhook(
      webhookRequest({
        topic,
        shop: options.shop ?? SHOP,
        body: typeof body === "string" ? body : JSON.stringify(body),
        webhookId: options.webhookId,
      }),
      topic.startsWith("customers/") || topic === "shop/redact" ? "compliance" : topic,
      {
        db,
        logger,
        authenticate: (req) => app.authenticate.webhook(req),
        processNow: testWork({ db, now, adminFor: options.adminFor }).processNow,
        now,
        leaveToWorker: options.leaveToWorker,
      },
    );
  };
  const tick = (now: () => Date, extra: { db?: Database; maxAttempts?: number; owner?: string } = {}) =>
    testWork({ db: extra.db ?? testDb.db, now, webhookMaxAttempts: extra.maxAttempts, owner: extra.owner }).drain();
  const row = () => testDb.db.webhookEvent.findFirstOrThrow({ where: { shop: SHOP } });
  /** customers/data_request whose handler fails on every attempt (through the `failing` database). */
  const dataRequest = { customer: { id: 191167 }, orders_requested: [], data_request: { id: 9999 } };
  const deliverFailing = (options: DeliverOptions = {}) =>
    deliver("customers/data_request", dataRequest, { db: failing, ...options });

  it("processes several shops' deliveries at once, each shop's one after another", async () => {
    const shops = ["a", "b", "c"].map((name) => `${name}-${SHOP}`);
    for (const shop of shops) {
      for (const n of [1, 2]) {
        const body = { id: n, admin_graphql_api_id: `gid://shopify/Order/${n}` };
        const response = await deliver("orders/updated", body, {
          shop,
          webhookId: `${shop}-${n}`,
          leaveToWorker: true,
          now: () => new Date(),
        });
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
    const summary = await testWork({
      db: testDb.db,
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
    }).drain();
    expect(summary).toMatchObject({ claimed: 6, done: 6, retrying: 0, labels: { ignored: 6 } });
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
    expect((await deliver("customers/data_request", dataRequest, { db: flaky })).status).toBe(200);
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 1, lastError: "connection reset" });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

    expect(await tick(at(MINUTE - 1), { db: flaky })).toMatchObject({ claimed: 0 }); // not due yet
    expect(await tick(at(MINUTE), { db: flaky })).toMatchObject({ claimed: 1, labels: { processed: 1 } });
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 2, lastError: null, nextAttemptAt: null });
    expect(calls).toBe(2);
  });

  it("backs off exponentially and gives up as DEAD after the last attempt, keeping the delivery", async () => {
    await deliverFailing();
    const first = await row();
    expect(first).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(first.nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

    expect(await tick(at(MINUTE), { db: failing, maxAttempts: 4 })).toMatchObject({ retrying: 1 });
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 2 });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE + 2 * MINUTE));

    expect(await tick(at(3 * MINUTE - 1), { db: failing, maxAttempts: 4 })).toMatchObject({ claimed: 0 });
    expect(await tick(at(3 * MINUTE), { db: failing, maxAttempts: 4 })).toMatchObject({ retrying: 1 });
    expect((await row()).nextAttemptAt).toEqual(new Date(T0.getTime() + 3 * MINUTE + 4 * MINUTE));

    expect(await tick(at(7 * MINUTE), { db: failing, maxAttempts: 4 })).toMatchObject({ failed: 1 });
    const dead = await row();
    expect(dead).toMatchObject({ status: "DEAD", attempts: 4, nextAttemptAt: null });
    expect(dead.lastError).toMatch(/Gave up after 4 attempts.*connection reset/);
    expect(await tick(at(24 * 60 * MINUTE), { db: failing, maxAttempts: 4 })).toMatchObject({ claimed: 0 });
    expect(await testDb.db.webhookEvent.count()).toBe(1);
  });

  it("caps the delay at an hour", async () => {
    await deliverFailing();
    let now = T0.getTime();
    for (let attempt = 2; attempt <= 9; attempt++) {
      now = (await row()).nextAttemptAt!.getTime();
      await tick(() => new Date(now), { db: failing, maxAttempts: 20 });
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
    await deliverFailing();
    expect(await row()).toMatchObject({ status: "FAILED" });

    const [a, b] = await Promise.all([
      tick(at(MINUTE), { db: counting, owner: "worker-a" }),
      tick(at(MINUTE), { db: counting, owner: "worker-b" }),
    ]);
    expect(a.claimed + b.claimed).toBe(1);
    expect(calls).toBe(1);
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 2 });
  });

  it("takes up a crashed worker's claim once its lease ran out", async () => {
    await deliverFailing();
    // A worker claims it at its retry time and dies without settling it: its lease runs five minutes.
    const crashed = await claimDueJobs(testDb.db, {
      now: at(MINUTE)(),
      leaseNow: at(MINUTE)(),
      owner: "crashed-worker",
      leaseUntil: at(6 * MINUTE)(),
      maxShops: 1,
      perShop: 1,
    });
    expect(crashed).toHaveLength(1);
    expect(await tick(at(5 * MINUTE), { db: failing })).toMatchObject({ claimed: 0 });
    expect(await tick(at(6 * MINUTE), { db: failing })).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 3 });
  });

  it("processes a RECEIVED delivery that the web process left behind, once intake had its chance", async () => {
    const received = new Date();
    await recordDelivery(
      testDb.db,
      {
        shop: SHOP,
        topic: "app/scopes_update",
        webhookId: "left-behind",
        rawBody: JSON.stringify({ previous: [], current: ["read_orders"] }),
      },
      { processAt: new Date(received.getTime() + 30_000) },
    );
    await testDb.db.shop.create({ data: { domain: SHOP, scopes: "" } });
    const soon = () => new Date(received.getTime() + 10_000);
    expect(await tick(soon)).toMatchObject({ claimed: 0 }); // may still be in intake's inline run
    const later = () => new Date(received.getTime() + 10 * MINUTE);
    expect(await tick(later)).toMatchObject({ claimed: 1, labels: { processed: 1 } });
    expect(await row()).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect(await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({
      scopes: "read_orders",
    });
  });

  it("keeps a stored body that does not parse as MALFORMED instead of retrying it", async () => {
    await recordDelivery(
      testDb.db,
      { shop: SHOP, topic: "app/scopes_update", webhookId: "garbled", rawBody: '{"current": [' },
      { processAt: T0 },
    );
    expect(await tick(at(0))).toMatchObject({ claimed: 1, labels: { malformed: 1 } });
    const kept = await row();
    expect(kept).toMatchObject({ status: "MALFORMED", payload: '{"current": [' });
    expect(kept.lastError).toMatch(/Unparseable body/);
    expect(await tick(at(60 * MINUTE))).toMatchObject({ claimed: 0 });
  });

  it.each([
    ["null", "orders/updated", "null"],
    ["an array", "orders/updated", "[]"],
    ["an empty object", "orders/updated", "{}"],
    ["a string", "orders/updated", '"orders"'],
    ["no admin_graphql_api_id", "orders/create", JSON.stringify({ id: 5, name: "#1005" })],
    ["no scope list", "app/scopes_update", JSON.stringify({ id: 1 })],
    ["no exact customer id", "customers/data_request", JSON.stringify({ customer: { id: 2 ** 60 } })],
  ])("keeps a signed body with %s as MALFORMED at once, not retried", async (_what, topic, body) => {
    const response = await deliver(topic, body, { adminFor: async () => null });
    expect(response.status).toBe(200);
    const kept = await row();
    expect(kept).toMatchObject({ status: "MALFORMED", attempts: 1, nextAttemptAt: null, payload: body });
    expect(kept.lastError).toMatch(/Unusable body/);
    expect(await tick(at(24 * 60 * MINUTE))).toMatchObject({ claimed: 0 });
  });

  it("does not process deliveries of a shop that uninstalled the app, but says why", async () => {
    const unreachable = async (): Promise<AdminClient | null> => {
      throw new Error("connection reset");
    };
    await deliver(
      "orders/updated",
      { id: 7, admin_graphql_api_id: "gid://shopify/Order/7" },
      { adminFor: unreachable },
    );
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 1 });
    await deliver("app/uninstalled", { id: 1, domain: SHOP }, { webhookId: "uninstall" });
    await testDb.db.shop.upsert({
      where: { domain: SHOP },
      create: { domain: SHOP, scopes: "", uninstalledAt: T0 },
      update: { uninstalledAt: T0 },
    });
    expect(await tick(at(MINUTE))).toMatchObject({ claimed: 1, cancelled: 1, labels: { ignored: 1 } });
    const ignored = await testDb.db.webhookEvent.findFirstOrThrow({ where: { topic: "orders/updated" } });
    expect(ignored).toMatchObject({ status: "IGNORED", lastError: "Shop uninstalled the app: not processed" });

    // A delivery that arrives after the uninstall is not processed inline either.
    await deliver("app/scopes_update", { current: ["read_orders"] }, { webhookId: "late" });
    const late = await testDb.db.webhookEvent.findFirstOrThrow({ where: { webhookId: "late" } });
    expect(late).toMatchObject({ status: "IGNORED" });
    expect(await testDb.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ scopes: "" });
  });

  it("runs the worker in a loop until stopped", async () => {
    await deliverFailing();
    const loop = testWork({ db: failing, now: at(MINUTE), webhookMaxAttempts: 3 }).engine.start({ intervalMs: 10 });
    for (let i = 0; i < 200 && (await row()).attempts < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    // With a fixed clock only the first tick finds it due; it failed again and waits two minutes.
    expect(await row()).toMatchObject({ status: "FAILED", attempts: 2 });
  });
});
