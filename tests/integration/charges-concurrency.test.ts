// The charge engine's exactly-once guarantee under real concurrency and crashes, judged by the simulator's payments
// ledger: worker processes (tests/support/charge-worker-child.ts) racing over the same due balances on PostgreSQL,
// and workers killed with SIGKILL at random moments, restarted until nothing is open.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOpenCharges } from "~/db/charges.server";
import { refreshDeferredOrder } from "~/services/deferred-orders.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  DEFAULT_DUE_AT,
  deferredShopHarness,
  type DeferredShopHarness,
  type Storefront,
} from "../support/deferred-shop";
import { expectMoneyInvariants } from "../support/money-invariants";
import { createTestShopifyApp } from "../support/shopify-app";

const START = new Date("2026-11-24T12:00:00Z");

function startWorker(
  db: TestDatabase,
  store: Storefront,
): { child: ChildProcess; exited: Promise<number | null>; claimed: () => number } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/support/charge-worker-child.ts",
      db.url,
      store.shopify.simulator.url,
      store.shopify.shop,
      store.shopify.accessToken,
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LEASE_MS: "1500" } },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, claimed: () => Number(/DONE (\d+)/.exec(output)?.[1] ?? 0) };
}

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

describe("charge engine on postgresql: racing and crashing workers", () => {
  let testDb: TestDatabase;
  let harness: DeferredShopHarness;

  beforeAll(async () => {
    testDb = await createTestDatabase("postgresql");
    const app = createTestShopifyApp(testDb.db);
    harness = await deferredShopHarness({ db: () => testDb.db, app: () => app, now: () => START });
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
    await testDb?.drop();
  });

  /** A shop with `count` pre-orders whose balances ($30 each) fall due together, taken in by the app. */
  async function dueBalances(count: number) {
    const store = await harness.openStorefront("USD", "40.00");
    const { control, shop, admin } = store.shopify;
    await control.updateShop(shop, { restoreRate: 100_000 });
    await control.setInventory(shop, store.variantId, { available: count + 10 });
    await control.setClock({ set: START.toISOString() });
    const orders: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const order = await control.checkout(shop, {
        lines: [{ variantId: store.variantId, sellingPlanId: store.planId }],
      });
      orders.push(order.id);
    }
    const ctx = { db: testDb.db, shop, now: () => START };
    await pool(orders, 8, (orderId) => refreshDeferredOrder(ctx, admin, orderId));
    expect(await listOpenCharges(testDb.db, shop)).toHaveLength(count);
    await control.setClock({ set: new Date(new Date(DEFAULT_DUE_AT).getTime() + 60_000).toISOString() });
    return { store, orders };
  }

  /** Moves the simulator's (and so the app's) clock on while workers run, so payment statuses come due. */
  function tickClock(store: Storefront) {
    const timer = setInterval(() => void store.shopify.control.setClock({ advance: 30_000 }).catch(() => {}), 400);
    return () => clearInterval(timer);
  }

  async function expectEachChargedOnce(store: Storefront, orders: readonly string[]) {
    const payments = await store.shopify.control.paymentAttempts(store.shopify.shop);
    const charged = new Map<string, number>();
    for (const payment of payments) {
      if (payment.charged) charged.set(payment.orderId, (charged.get(payment.orderId) ?? 0) + 1);
    }
    const twice = [...charged].filter(([, times]) => times > 1);
    expect(twice).toEqual([]);
    expect(orders.filter((orderId) => !charged.has(orderId))).toEqual([]);
    expect(payments.filter((payment) => payment.charged).reduce((sum, p) => sum + Number(p.amount), 0)).toBe(
      30 * orders.length,
    );
    expect(await listOpenCharges(testDb.db, store.shopify.shop)).toEqual([]);
    // Per order: received within the total, one full success per schedule, the app's figures = Shopify's.
    const judged = await expectMoneyInvariants({
      control: store.shopify.control,
      shop: store.shopify.shop,
      db: testDb.db,
      orderIds: orders,
    });
    expect(judged).toHaveLength(orders.length);
  }

  it("two worker processes racing over 1,000 due balances charge each exactly once", async () => {
    const { store, orders } = await dueBalances(1_000);
    const stop = tickClock(store);
    const workers = [startWorker(testDb, store), startWorker(testDb, store)];
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    stop();
    expect(codes).toEqual([0, 0]);
    // Both took part: the race was real.
    for (const worker of workers) expect(worker.claimed()).toBeGreaterThan(100);
    await expectEachChargedOnce(store, orders);
  }, 300_000);

  it("workers killed with SIGKILL at random moments, restarted until nothing is open: each balance charged once", async () => {
    const { store, orders } = await dueBalances(150);
    const stop = tickClock(store);
    const kills: number[] = [];
    // Attempts written by each kill: the kills fall while the work is under way, not before it starts.
    const progress: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      const worker = startWorker(testDb, store);
      const after = 1_500 + Math.floor(Math.random() * 2_500);
      const timer = setTimeout(() => worker.child.kill("SIGKILL"), after);
      const code = await worker.exited;
      clearTimeout(timer);
      if (code === 0) break; // finished before its kill
      kills.push(after);
      progress.push(await testDb.db.chargeAttempt.count({ where: { shop: store.shopify.shop } }));
    }
    const last = startWorker(testDb, store);
    expect(await last.exited).toBe(0);
    stop();
    expect(kills.length).toBeGreaterThan(0);
    expect(progress.some((attempts) => attempts > 0 && attempts < orders.length)).toBe(true);
    await expectEachChargedOnce(store, orders);
  }, 300_000);
});
