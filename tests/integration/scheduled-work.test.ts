// The scheduled-work engine on SQLite and PostgreSQL: workers racing over the same due units run each exactly once
// (counted by the work itself), a worker killed mid-unit is followed by one that finishes it after the lease, a
// stale worker cannot settle a unit another took up, and a shop whose work always fails does not hold others up.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import {
  claimDueJobs,
  fencedTransaction,
  findJobById,
  settleJob,
  type ScheduledJobRow,
} from "~/db/scheduled-jobs.server";
import { LeaseLostError, settlementOf, type JobOutcome } from "~/domain/scheduled-job";
import { createLogger } from "~/logger.server";
import { createEngine, tickExitCode, type EngineJobKind } from "~/scheduler/engine.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";

const logger = createLogger({ level: "silent" });
const T0 = new Date("2026-12-01T12:00:00Z");
const SECOND = 1_000;

/** A kind whose work is `work` (the sweep's name is borrowed: the engine does not care what a kind does). */
function kindDoing(work: (subject: string, shop: string) => Promise<JobOutcome>, leaseMs?: number): EngineJobKind {
  return {
    kind: "CHARGE_SWEEP",
    rule: { maxFailures: 3, backoff: { baseMs: 60 * SECOND, maxMs: 60 * SECOND } },
    ...(leaseMs ? { leaseMs } : {}),
    run: ({ job }) => work(job.subject, job.shop),
  };
}

async function seedUnits(db: Database, count: number, shops: string[], dueAt = T0) {
  const data = Array.from({ length: count }, (_, index) => ({
    shop: shops[index % shops.length],
    kind: "CHARGE_SWEEP",
    subject: `unit-${index}`,
    dueAt: new Date(dueAt.getTime() + index),
  }));
  for (let start = 0; start < data.length; start += 200) {
    await db.scheduledJob.createMany({ data: data.slice(start, start + 200) });
  }
}

/** `tests/support/scheduled-work-child.ts` in a process of its own: a worker that can be waited for or killed. */
function startWorkerProcess(url: string, effects: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/scheduled-work-child.ts", url, effects], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const listeners: Array<() => void> = [];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    printed: (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) resolve();
        };
        listeners.push(check);
        check();
        void exited.then((code) => {
          if (!output.includes(text)) reject(new Error(`worker exited (${code}) before printing ${text}: ${output}`));
        });
      }),
    drained: () =>
      exited.then((code) => {
        if (code !== 0) throw new Error(`worker exited with ${code}: ${output}`);
        return output;
      }),
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

describe.each(PROVIDERS)("scheduled work on %s", (provider) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await testDb?.drop();
  });
  beforeEach(async () => {
    await testDb.db.scheduledJob.deleteMany();
  });

  it.each([2, 4])(
    "%i worker processes racing over 1,000 due units run each exactly once",
    async (workers) => {
      const shops = Array.from({ length: 10 }, (_, index) => `shop-${index}.myshopify.com`);
      await seedUnits(testDb.db, 1_000, shops, new Date(Date.now() - 60 * SECOND));
      const dir = mkdtempSync(path.join(tmpdir(), "dpo-race-"));
      const effects = path.join(dir, "effects.log");
      try {
        const startFile = path.join(dir, "go");
        const children = Array.from({ length: workers }, () =>
          startWorkerProcess(testDb.url, effects, { WORK_MS: "1", LEASE_MS: "60000", START_FILE: startFile }),
        );
        await Promise.all(children.map((child) => child.printed("READY")));
        writeFileSync(startFile, "go");
        const outputs = await Promise.all(children.map((child) => child.drained()));
        const log = readFileSync(effects, "utf8").trim().split("\n");
        const done = new Map<string, number>();
        for (const line of log.filter((entry) => entry.startsWith("done "))) {
          const subject = line.split(" ")[1];
          done.set(subject, (done.get(subject) ?? 0) + 1);
        }
        // Counted by the work itself: every unit finished once, and was never even started twice.
        expect(done.size).toBe(1_000);
        expect([...done.values()].every((count) => count === 1)).toBe(true);
        expect(log.filter((entry) => entry.startsWith("start "))).toHaveLength(1_000);
        expect(await testDb.db.scheduledJob.count({ where: { status: "DONE", attempts: 1 } })).toBe(1_000);
        // Every worker took part: the claims spread the work, they did not just serialise it. (A worker whose claim
        // found every due unit locked by another tries again instead of concluding that nothing is due.)
        const pids = new Set(log.map((entry) => entry.split(" ")[2]));
        expect(pids.size).toBe(workers);
        expect(outputs.every((output) => output.includes("DRAINED"))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it("a worker killed with SIGKILL mid-unit is followed by another that finishes the unit after the lease", async () => {
    await seedUnits(testDb.db, 3, ["crash.myshopify.com"], new Date(Date.now() - 60 * SECOND));
    const dir = mkdtempSync(path.join(tmpdir(), "dpo-crash-"));
    const effects = path.join(dir, "effects.log");
    try {
      const worker = startWorkerProcess(testDb.url, effects, { HANG_ON: "unit-1", LEASE_MS: "1500" });
      await worker.printed("RUNNING unit-1");
      await worker.kill();
      const stranded = (await testDb.db.scheduledJob.findFirstOrThrow({
        where: { subject: "unit-1" },
      })) as ScheduledJobRow;
      expect(stranded).toMatchObject({ status: "RUNNING", attempts: 1 });

      const successor = createEngine({
        db: testDb.db,
        logger,
        kinds: [kindDoing(async () => ({ outcome: "DONE" }))],
      });
      // Not before the lease runs out: the dead worker might still have been alive.
      expect((await successor.drain()).claimed).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const summary = await successor.drain();
      // The unit it was running, and the one it had claimed but not started.
      expect(summary).toMatchObject({ claimed: 2, done: 2 });
      const finished = await testDb.db.scheduledJob.findFirstOrThrow({ where: { subject: "unit-1" } });
      // The dead run counts as an attempt; the unit ends done, with nothing left of the crash but its count.
      expect(finished).toMatchObject({ status: "DONE", attempts: 2, lastError: null, leaseOwner: null });
      const log = readFileSync(effects, "utf8").trim().split("\n");
      expect(log.filter((line) => line.startsWith("start unit-1"))).toHaveLength(1);
      expect(log.filter((line) => line.startsWith("done unit-1"))).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a stale worker cannot settle, or write under, a unit that another worker took up", async () => {
    await seedUnits(testDb.db, 1, ["stale.myshopify.com"]);
    let wall = T0.getTime();
    const claimAs = (owner: string) =>
      claimDueJobs(testDb.db, {
        now: T0,
        leaseNow: new Date(wall),
        owner,
        leaseUntil: new Date(wall + 60 * SECOND),
        maxShops: 1,
        perShop: 1,
      });
    const [stale] = await claimAs("worker-a");
    expect(await claimAs("worker-b")).toEqual([]); // held
    wall += 61 * SECOND; // worker-a stalls past its lease
    const [fresh] = await claimAs("worker-b");
    expect(fresh).toMatchObject({ id: stale.id, attempts: 2, failures: 1, leaseOwner: "worker-b" });

    const rule = { maxFailures: 3, backoff: { baseMs: SECOND, maxMs: SECOND } };
    expect(await settleJob(testDb.db, fresh, settlementOf(fresh, { outcome: "DONE", note: "b" }, rule, T0), T0)).toBe(
      true,
    );
    const staleSettlement = settlementOf(stale, { outcome: "RETRY", error: "a timed out" }, rule, T0);
    expect(await settleJob(testDb.db, stale, staleSettlement, T0)).toBe(false);
    await expect(
      fencedTransaction(testDb.db, stale, new Date(wall + 60 * SECOND), async (tx) =>
        tx.scheduledJob.update({ where: { id: stale.id }, data: { note: "written by a" } }),
      ),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await findJobById(testDb.db, stale.id)).toMatchObject({ status: "DONE", note: "b", lastError: null });
  });

  it("a shop whose work always fails does not delay another shop's work", async () => {
    await seedUnits(testDb.db, 20, ["failing.myshopify.com"], new Date(T0.getTime() - 60 * 60 * SECOND));
    await testDb.db.scheduledJob.create({
      data: { shop: "healthy.myshopify.com", kind: "CHARGE_SWEEP", subject: "healthy", dueAt: T0 },
    });
    const order: string[] = [];
    const engine = createEngine({
      db: testDb.db,
      logger,
      now: () => T0,
      concurrency: 1,
      perShop: 2,
      kinds: [
        kindDoing(async (subject, shop) => {
          order.push(subject);
          if (shop.startsWith("failing")) throw new Error("Shopify answered 500");
          return { outcome: "DONE" };
        }),
      ],
    });
    const summary = await engine.drain();
    // One worker, one shop at a time: the healthy shop's unit ran after at most one turn of the failing shop.
    expect(order.indexOf("healthy")).toBeLessThanOrEqual(2);
    expect(summary).toMatchObject({ claimed: 21, done: 1, retrying: 20 });
    expect(await testDb.db.scheduledJob.findFirstOrThrow({ where: { subject: "healthy" } })).toMatchObject({
      status: "DONE",
    });
    // The failing units wait out their backoff (they are not due again in this drain) and say why.
    expect(
      await testDb.db.scheduledJob.count({ where: { status: "SCHEDULED", lastError: "Shopify answered 500" } }),
    ).toBe(20);
    expect(tickExitCode(summary)).toBe(3);
  });

  it("a slow shop holds one lane while the other shops' work goes on", async () => {
    await seedUnits(testDb.db, 1, ["slow.myshopify.com"], new Date(T0.getTime() - SECOND));
    await seedUnits(testDb.db, 6, ["a.myshopify.com", "b.myshopify.com"]);
    let release!: () => void;
    const slowDone = new Promise<void>((resolve) => (release = resolve));
    let slowStarted!: () => void;
    const slowRunning = new Promise<void>((resolve) => (slowStarted = resolve));
    const finishedWhileSlow: string[] = [];
    const engine = createEngine({
      db: testDb.db,
      logger,
      now: () => new Date(T0.getTime() + 60 * SECOND),
      concurrency: 2,
      kinds: [
        kindDoing(async (subject, shop) => {
          if (shop.startsWith("slow")) {
            slowStarted();
            await slowDone;
          } else {
            // Each of the others finishes while the slow one is still running (or this waits, and the test fails).
            await slowRunning;
            finishedWhileSlow.push(subject);
            if (finishedWhileSlow.length === 6) release();
          }
          return { outcome: "DONE" };
        }),
      ],
    });
    const timeout = setTimeout(release, 10_000);
    const summary = await engine.drain();
    clearTimeout(timeout);
    expect(finishedWhileSlow).toHaveLength(6);
    expect(summary.done).toBe(7);
  });

  it("gives a unit up after the rule's last failure and says why", async () => {
    await seedUnits(testDb.db, 1, ["gives-up.myshopify.com"]);
    let now = T0.getTime();
    const engine = createEngine({
      db: testDb.db,
      logger,
      now: () => new Date(now),
      leaseClock: () => now,
      kinds: [kindDoing(async () => ({ outcome: "RETRY", error: "card processor unreachable" }))],
    });
    for (const expected of ["SCHEDULED", "SCHEDULED", "FAILED"]) {
      await engine.drain();
      const row = await testDb.db.scheduledJob.findFirstOrThrow();
      expect(row.status).toBe(expected);
      now += 60 * SECOND;
    }
    expect(await testDb.db.scheduledJob.findFirstOrThrow()).toMatchObject({
      failures: 3,
      lastError: "Gave up after 3 attempts; last error: card processor unreachable",
    });
    expect((await engine.drain()).claimed).toBe(0);
  });

  it("a unit that waits by plan does not count as failing, and holds no lease while it waits", async () => {
    await seedUnits(testDb.db, 1, ["waits.myshopify.com"]);
    const engine = createEngine({
      db: testDb.db,
      logger,
      now: () => T0,
      kinds: [
        kindDoing(async () => ({ outcome: "LATER", at: new Date(T0.getTime() + 5 * SECOND), note: "payment pending" })),
      ],
    });
    expect(await engine.drain()).toMatchObject({ claimed: 1, later: 1 });
    expect(await testDb.db.scheduledJob.findFirstOrThrow()).toMatchObject({
      status: "SCHEDULED",
      failures: 0,
      leaseOwner: null,
      leaseUntil: null,
      note: "payment pending",
      dueAt: new Date(T0.getTime() + 5 * SECOND),
    });
  });

  it("runs a unit at once when asked, before it is due, and not twice at the same time", async () => {
    await seedUnits(testDb.db, 1, ["now.myshopify.com"], new Date(T0.getTime() + 60 * 60 * SECOND));
    const [unit] = await testDb.db.scheduledJob.findMany();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = createEngine({
      db: testDb.db,
      logger,
      now: () => T0,
      kinds: [
        kindDoing(async () => {
          runs++;
          await gate;
          return { outcome: "DONE" };
        }),
      ],
    });
    const first = engine.runNow(unit.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await engine.runNow(unit.id)).toBeNull(); // running under a live lease
    release();
    expect(await first).toMatchObject({ kept: true, settlement: { status: "DONE" } });
    expect(await engine.runNow(unit.id)).toBeNull(); // ended
    expect(runs).toBe(1);
  });

  it("on shutdown, finishes what runs and gives back what it claimed but had not started", async () => {
    await seedUnits(testDb.db, 5, ["shutdown.myshopify.com"], new Date(Date.now() - SECOND));
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstStarted!: () => void;
    const running = new Promise<void>((resolve) => (firstStarted = resolve));
    const engine = createEngine({
      db: testDb.db,
      logger,
      concurrency: 1,
      perShop: 5,
      kinds: [
        kindDoing(async () => {
          started++;
          firstStarted();
          await gate;
          return { outcome: "DONE" };
        }),
      ],
    });
    const loop = engine.start({ intervalMs: 60_000 });
    await running;
    const stopped = loop.stop(10_000);
    release();
    await stopped;
    expect(started).toBe(1);
    const rows = await testDb.db.scheduledJob.findMany({ orderBy: { subject: "asc" } });
    expect(rows.filter((row) => row.status === "DONE")).toHaveLength(1);
    const givenBack = rows.filter((row) => row.status === "SCHEDULED");
    expect(givenBack).toHaveLength(4);
    expect(givenBack.every((row) => row.attempts === 0 && row.leaseOwner === null)).toBe(true);
  });
});
