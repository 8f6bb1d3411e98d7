// Waking a unit of scheduled work while it runs (ScheduledJob.wakeAt), on SQLite and PostgreSQL: a wake kept through a
// release is the unit's due time, not a later run's surprise; a wake whose statements straddle a settlement is not lost;
// a wake during a run makes the unit due again however the run ends. (docs/decisions/0008-scheduled-work.md)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import {
  claimDueJobs,
  findJob,
  releaseJob,
  scheduleJob,
  settleJob,
  wakeJob,
  type NewJob,
} from "~/db/scheduled-jobs.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";

const T0 = new Date("2026-12-01T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

describe.each(PROVIDERS)("waking a unit while it runs, on %s", (provider) => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    db = testDb.db;
  }, 60_000);
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    await db.scheduledJob.deleteMany();
  });

  const unit: NewJob = { shop: "a.myshopify.com", kind: "BALANCE_CHARGE", subject: "charge-1", dueAt: T0 };
  const claim = async (owner: string, now = T0) =>
    (
      await claimDueJobs(db, {
        now,
        leaseNow: now,
        owner,
        leaseUntil: new Date(now.getTime() + 120_000),
        maxShops: 1,
        perShop: 1,
      })
    )[0];

  it("a wake kept through a release becomes the unit's due time; a run that starts after it may end the unit", async () => {
    await scheduleJob(db, unit);
    const first = (await claim("worker-1"))!;
    await wakeJob(db, { ...unit, dueAt: at(1_000) }); // news while it waits in its lane, claimed
    await releaseJob(db, first); // the worker shuts down before starting it
    expect((await findJob(db, unit.shop, unit.kind, unit.subject))?.dueAt).toEqual(T0);
    // Later, another worker runs it; the charge is collected: the run says DONE.
    const second = (await claim("worker-2", at(2_000)))!;
    await settleJob(
      db,
      second,
      { status: "DONE", dueAt: null, failures: 0, lastError: null, note: "Already COLLECTED", exhausted: false },
      at(3_000),
    );
    const settled = await findJob(db, unit.shop, unit.kind, unit.subject);
    expect(settled?.status, "a DONE settlement of a run that started after the wake").toBe("DONE");
  });

  it("a wake kept through a release does not give a later, exhausted unit a fresh budget", async () => {
    await scheduleJob(db, unit);
    const first = (await claim("worker-1"))!;
    await wakeJob(db, { ...unit, dueAt: at(1_000) });
    await releaseJob(db, first);
    const second = (await claim("worker-2", at(2_000)))!;
    await settleJob(
      db,
      second,
      { status: "FAILED", dueAt: null, failures: 8, lastError: "Gave up", note: null, exhausted: true },
      at(3_000),
    );
    const settled = await findJob(db, unit.shop, unit.kind, unit.subject);
    expect(settled?.status, "a unit given up by a run that started after the wake").toBe("FAILED");
  });

  it("a wake whose statements straddle the run's settlement is not lost: the unit is due by the wake's time", async () => {
    await scheduleJob(db, unit);
    const running = (await claim("worker-1"))!;
    // The run settles "LATER in 6 hours" exactly between wakeJob's first and second statement (two connections).
    let updates = 0;
    const scheduledJob = new Proxy(db.scheduledJob, {
      get(target, prop, receiver) {
        if (prop === "updateMany") {
          return async (args: Parameters<typeof target.updateMany>[0]) => {
            const result = await target.updateMany(args);
            updates += 1;
            if (updates === 1) {
              await settleJob(
                db,
                running,
                {
                  status: "SCHEDULED",
                  dueAt: at(6 * HOUR),
                  failures: 0,
                  lastError: null,
                  note: "poll",
                  exhausted: false,
                },
                at(10),
              );
            }
            return result;
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const interleaved = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === "scheduledJob") return scheduledJob;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Database;
    // An order webhook's wake (planBalanceCharge wakes with the plain client, no transaction, no reopen).
    await wakeJob(interleaved, { ...unit, dueAt: at(5) });
    const after = await findJob(db, unit.shop, unit.kind, unit.subject);
    expect(after?.dueAt.getTime(), "due by the wake's time").toBeLessThanOrEqual(at(5).getTime());
  });

  it("a wake that comes while a unit runs makes it due again by then, even when its run ends it", async () => {
    await scheduleJob(db, unit);
    const running = (await claim("worker-1"))!;
    await wakeJob(db, { ...unit, dueAt: at(5) });
    await settleJob(
      db,
      running,
      { status: "DONE", dueAt: null, failures: 0, lastError: null, note: "nothing to do", exhausted: false },
      at(10),
    );
    const settled = await findJob(db, unit.shop, unit.kind, unit.subject);
    expect(settled).toMatchObject({ status: "SCHEDULED", dueAt: at(5), wakeAt: null });
  });
});
