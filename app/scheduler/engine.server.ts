// The engine for scheduled work: claims due units under a lease, runs each through its kind, settles it by the
// kind's retry rule, and keeps shops fair (several shops at once, each shop's units one after another, oldest due
// first, no shop holding more than one lane of a worker). Several workers on several machines may run it against
// one database: claims keep them apart.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Database } from "../db/client.server";
import {
  claimDueJobs,
  claimJob,
  fencedTransaction,
  hasDueJobs,
  nextDueAt,
  releaseJob,
  renewLease,
  settleJob,
  type Transaction,
} from "../db/scheduled-jobs.server";
import {
  exhaustedBeforeRun,
  exhaustedSettlement,
  LeaseLostError,
  settlementOf,
  type ClaimedJob,
  type JobKind,
  type JobKindName,
  type JobOutcome,
  type Settlement,
} from "../domain/scheduled-job";
import type { Logger } from "../logger.server";

export type EngineJobKind = JobKind<Transaction>;

export interface EngineOptions {
  db: Database;
  kinds: readonly EngineJobKind[];
  logger: Logger;
  /** The app's clock: what "due" means (in local runs it follows the simulator's). */
  now?: () => Date;
  /** Wall-clock milliseconds, for leases: a lease is about real workers, never about simulated time. */
  leaseClock?: () => number;
  /** This worker's name in claims (default host:pid:random). */
  owner?: string;
  /** Shops run at once (default 4). */
  concurrency?: number;
  /** Units of one shop taken per claim (default 5). */
  perShop?: number;
  /** Lease of a claim unless the kind says otherwise (default 5 minutes); renewed while a unit runs. */
  leaseMs?: number;
  /** Called before each claim (the local clock reads the simulator's). */
  beforeClaim?: () => Promise<void>;
}

export interface RunSummary {
  /** Units this worker claimed and ran (or gave up without running). */
  claimed: number;
  done: number;
  /** Waiting by plan (a due date, a payment to read again). */
  later: number;
  /** Failed and scheduled to run again. */
  retrying: number;
  /** Failed for good (given up by the rule, or by the unit). */
  failed: number;
  cancelled: number;
  /** Claims this worker lost (its lease ran out and another took the unit up): their results were not kept. */
  lost: number;
  /** Counts of the kinds' own outcome labels ("processed", "ignored", "charged", ...). */
  labels: Record<string, number>;
}

export function emptySummary(): RunSummary {
  return { claimed: 0, done: 0, later: 0, retrying: 0, failed: 0, cancelled: 0, lost: 0, labels: {} };
}

export interface RunResult {
  job: ClaimedJob;
  outcome: JobOutcome | null;
  settlement: Settlement | null;
  /** False when the claim was lost before the result could be kept. */
  kept: boolean;
}

export interface Engine {
  readonly owner: string;
  /** Runs every unit due now (and any that becomes due while it runs), then resolves. */
  drain(options?: { maxRuns?: number }): Promise<RunSummary>;
  /** Claims this unit now, due or not, and runs it; null when it is running elsewhere or has ended. */
  runNow(jobId: string): Promise<RunResult | null>;
  /** Drains every `intervalMs` (sooner when a unit falls due sooner) until stopped. */
  start(options: { intervalMs: number }): RunningEngine;
}

export interface RunningEngine {
  /**
   * Claims nothing more; the running units finish, units claimed but not started are given back. Resolves once
   * every lane has ended (after `graceMs` it resolves anyway: what still runs keeps its lease, which runs out).
   */
  stop(graceMs?: number): Promise<void>;
  /** Looks for due work now instead of at the next interval. */
  wake(): void;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
/** A unit that asks to run again "now" waits at least this long, so a drain cannot spin on it. */
const MIN_DELAY_MS = 1_000;
/** After a claim lost to other workers, a short jittered pause before the next (they hold rows for milliseconds). */
const CONTENDED_PAUSE_MS = 5;
const MAX_CONTENDED_CLAIMS = 50;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function createEngine(options: EngineOptions): Engine {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const leaseClock = options.leaseClock ?? Date.now;
  const owner = options.owner ?? workerName();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const perShop = Math.max(1, options.perShop ?? 5);
  const kinds = new Map<JobKindName, EngineJobKind>(options.kinds.map((kind) => [kind.kind, kind]));
  const kindNames = [...kinds.keys()];
  let stopping = false;
  // Units are claimed for the shortest lease of the kinds this engine runs, and leased for their own kind's as they start.
  const claimLeaseMs = Math.min(...options.kinds.map((kind) => kind.leaseMs ?? options.leaseMs ?? DEFAULT_LEASE_MS));

  const leaseMsOf = (kind: EngineJobKind | undefined) => kind?.leaseMs ?? options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseUntil = (kind: EngineJobKind | undefined) => new Date(leaseClock() + leaseMsOf(kind));

  /** A wait that ends "now" is moved a moment ahead, so a drain with a fixed clock terminates. */
  function notBeforeSoon(outcome: JobOutcome, at: Date): JobOutcome {
    const soonest = at.getTime() + MIN_DELAY_MS;
    if (outcome.outcome === "LATER" && outcome.at.getTime() < soonest) return { ...outcome, at: new Date(soonest) };
    if (outcome.outcome === "RETRY" && outcome.at && outcome.at.getTime() < soonest) {
      return { ...outcome, at: new Date(soonest) };
    }
    return outcome;
  }

  async function runOne(job: ClaimedJob): Promise<RunResult> {
    const kind = kinds.get(job.kind);
    if (!kind) {
      // Claimed by id for a kind this process does not run (an older or newer worker's): given back as it was.
      await releaseJob(db, job);
      return { job, outcome: null, settlement: null, kept: false };
    }
    const log = { kind: job.kind, shop: job.shop, job: job.id, subject: job.subject, attempts: job.attempts };
    const settle = async (settlement: Settlement, outcome: JobOutcome | null): Promise<RunResult> => {
      const at = now();
      const kept = await settleJob(
        db,
        job,
        settlement,
        at,
        kind.mirror ? (tx, settled) => kind.mirror!(tx, job, settled, at, outcome) : undefined,
      );
      if (!kept) logger.warn(log, "scheduled work: claim lost before the result was kept");
      else if (settlement.status === "FAILED")
        logger.error({ ...log, err: settlement.lastError }, "scheduled work failed");
      else if (outcome?.outcome === "RETRY")
        logger.warn({ ...log, err: outcome.error, retryAt: settlement.dueAt }, "scheduled work will retry");
      return { job, outcome, settlement, kept };
    };

    if (exhaustedBeforeRun(job, kind.rule)) return settle(exhaustedSettlement(job), null);
    // Still ours (it may have waited behind its lane's earlier units), and leased for as long as its kind needs.
    if (!(await renewLease(db, job, leaseUntil(kind)))) {
      logger.warn(log, "scheduled work: claim lost before it started");
      return { job, outcome: null, settlement: null, kept: false };
    }

    const controller = new AbortController();
    const heartbeatMs = Math.max(1_000, Math.floor(leaseMsOf(kind) / 3));
    const heartbeat = setInterval(() => {
      renewLease(db, job, leaseUntil(kind))
        .then((held) => {
          if (!held) controller.abort(new LeaseLostError(job));
        })
        .catch((error: unknown) => logger.warn({ ...log, err: (error as Error).message }, "lease renewal failed"));
    }, heartbeatMs);
    heartbeat.unref?.();

    let outcome: JobOutcome;
    try {
      outcome = await kind.run({
        job,
        now,
        signal: controller.signal,
        fenced: (write) => fencedTransaction(db, job, leaseUntil(kind), write),
      });
    } catch (error) {
      if (error instanceof LeaseLostError || controller.signal.aborted) {
        clearInterval(heartbeat);
        logger.warn(log, "scheduled work: claim lost while running; the new holder decides");
        return { job, outcome: null, settlement: null, kept: false };
      }
      outcome = { outcome: "RETRY", error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearInterval(heartbeat);
    }
    const at = now();
    outcome = notBeforeSoon(outcome, at);
    return settle(settlementOf(job, outcome, kind.rule, at), outcome);
  }

  function tally(summary: RunSummary, result: RunResult) {
    summary.claimed++;
    if (!result.kept || !result.settlement) {
      summary.lost++;
      return;
    }
    const label = result.outcome?.label;
    if (label) summary.labels[label] = (summary.labels[label] ?? 0) + 1;
    switch (result.settlement.status) {
      case "DONE":
        summary.done++;
        break;
      case "CANCELLED":
        summary.cancelled++;
        break;
      case "FAILED":
        summary.failed++;
        break;
      case "SCHEDULED":
        if (result.outcome?.outcome === "RETRY") summary.retrying++;
        else summary.later++;
        break;
    }
  }

  /** One shop's claimed units, one after another; once stopping, the rest are given back unstarted. */
  async function runLane(jobs: ClaimedJob[], summary: RunSummary) {
    for (const [index, job] of jobs.entries()) {
      if (stopping) {
        for (const rest of jobs.slice(index)) await releaseJob(db, rest);
        return;
      }
      try {
        tally(summary, await runOne(job));
      } catch (error) {
        // The database failed while settling: the lease runs out and another run takes the unit up.
        summary.claimed++;
        summary.lost++;
        logger.error({ job: job.id, kind: job.kind, err: (error as Error).message }, "scheduled work not settled");
      }
    }
  }

  async function drain(drainOptions: { maxRuns?: number } = {}): Promise<RunSummary> {
    const summary = emptySummary();
    const active = new Map<string, Promise<void>>();
    // Round robin: a shop served in this round waits until every shop with due work has had a lane.
    const served = new Set<string>();
    let nothingDue = false;
    // Claims in a row that found due work but took none (others held it): bounded, so a drain always ends.
    let contended = 0;
    const budgetLeft = () => drainOptions.maxRuns === undefined || summary.claimed < drainOptions.maxRuns;
    for (;;) {
      if (!stopping && !nothingDue && active.size < concurrency && budgetLeft()) {
        await options.beforeClaim?.();
        const claim = (exclude: Iterable<string>) =>
          claimDueJobs(db, {
            now: now(),
            leaseNow: new Date(leaseClock()),
            owner,
            leaseUntil: new Date(leaseClock() + claimLeaseMs),
            kinds: kindNames,
            excludeShops: [...exclude],
            maxShops: concurrency - active.size,
            perShop,
          });
        let claimed = await claim(new Set([...active.keys(), ...served]));
        if (claimed.length === 0 && served.size > 0) {
          // Everyone had a turn: a new round.
          served.clear();
          claimed = await claim(active.keys());
        }
        if (claimed.length === 0) {
          // Nothing claimed: either nothing is due, or every due unit was being claimed by another worker at that
          // instant (PostgreSQL skips locked rows). Only the first ends this drain; the second tries again.
          const dueElsewhere = await hasDueJobs(db, {
            now: now(),
            leaseNow: new Date(leaseClock()),
            kinds: kindNames,
            excludeShops: [...active.keys()],
          });
          if (dueElsewhere && contended < MAX_CONTENDED_CLAIMS) {
            contended++;
            await pause(CONTENDED_PAUSE_MS + Math.floor(Math.random() * CONTENDED_PAUSE_MS));
            continue;
          }
          nothingDue = true;
        } else contended = 0;
        const lanes = new Map<string, ClaimedJob[]>();
        for (const job of claimed) {
          const lane = lanes.get(job.shop);
          if (lane) lane.push(job);
          else lanes.set(job.shop, [job]);
        }
        for (const [shop, jobs] of lanes) {
          served.add(shop);
          const lane = runLane(jobs, summary).finally(() => active.delete(shop));
          active.set(shop, lane);
        }
        if (claimed.length > 0) continue;
      }
      if (active.size === 0) break;
      await Promise.race(active.values());
      // A lane ended: its shop (and others) may have more due now.
      nothingDue = false;
    }
    return summary;
  }

  async function runNow(jobId: string): Promise<RunResult | null> {
    if (stopping) return null;
    const job = await claimJob(db, jobId, { now: new Date(leaseClock()), owner, leaseUntil: leaseUntil(undefined) });
    if (!job) return null;
    return runOne(job);
  }

  function start(startOptions: { intervalMs: number }): RunningEngine {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wakeUp: (() => void) | undefined;
    let loop: Promise<void> = Promise.resolve();
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, ms);
      }).finally(() => {
        if (timer) clearTimeout(timer);
        wakeUp = undefined;
      });

    loop = (async () => {
      while (!stopping) {
        try {
          const summary = await drain();
          if (summary.claimed > 0) logger.info({ owner, summary }, "scheduled work ran");
        } catch (error) {
          logger.error({ err: (error as Error).message }, "scheduled work: claiming failed; trying again later");
        }
        if (stopping) break;
        let waitMs = startOptions.intervalMs;
        try {
          const next = await nextDueAt(db, kindNames);
          if (next) waitMs = Math.min(waitMs, Math.max(50, next.getTime() - now().getTime()));
        } catch {
          // The next drain reports the database's trouble.
        }
        await sleep(waitMs);
      }
    })();

    return {
      async stop(graceMs = 30_000) {
        stopping = true;
        wakeUp?.();
        let graceTimer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          loop,
          new Promise<void>((resolve) => {
            graceTimer = setTimeout(resolve, graceMs);
          }),
        ]);
        if (graceTimer) clearTimeout(graceTimer);
      },
      wake() {
        wakeUp?.();
      },
    };
  }

  return { owner, drain, runNow, start };
}

/** The process exit status of a one-shot tick: 0 all good, 3 some work failed and retries, 4 some was given up. */
export function tickExitCode(summary: RunSummary): number {
  if (summary.failed > 0) return 4;
  if (summary.retrying > 0) return 3;
  return 0;
}
