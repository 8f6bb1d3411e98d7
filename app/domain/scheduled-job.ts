// Scheduled work as rules: the kinds of work, what a run may answer, and what the unit becomes after it.
import { afterFailure, type RetryRule } from "./retry";

export const JOB_KINDS = ["WEBHOOK", "BACKFILL", "BALANCE_CHARGE", "CHARGE_SWEEP", "OFFER_AVAILABILITY"] as const;
export type JobKindName = (typeof JOB_KINDS)[number];

/** SCHEDULED -> RUNNING -> SCHEDULED (again later) | DONE | FAILED (given up) | CANCELLED (nothing left to do). */
export type JobStatus = "SCHEDULED" | "RUNNING" | "DONE" | "FAILED" | "CANCELLED";
/** The statuses of a unit that has ended (it runs again only when reopened). */
export const ENDED_JOB_STATUSES = ["DONE", "FAILED", "CANCELLED"] as const satisfies readonly JobStatus[];
export const isEndedJob = (status: string) => (ENDED_JOB_STATUSES as readonly string[]).includes(status);

/** A unit of work as a worker holds it: `attempts` and `leaseOwner` together are its claim (the fence). */
export interface ClaimedJob {
  id: string;
  shop: string;
  kind: JobKindName;
  subject: string;
  dueAt: Date;
  attempts: number;
  failures: number;
  leaseOwner: string;
  leaseUntil: Date;
  lastError: string | null;
  note: string | null;
}

/**
 * What a run answers. `label` names the outcome in the worker's summary ("processed", "charged", ...).
 * - DONE: finished.
 * - LATER: not finished, waiting by plan (a due date, a payment status to read again, Shopify's bucket): not a
 *   failure, so it neither counts toward giving up nor holds a lease while it waits.
 * - RETRY: this run failed; run again after the kind's backoff (or at `at`), unless that was the last failure allowed.
 * - GIVE_UP: failed in a way retrying cannot mend.
 * - CANCEL: nothing is left to do (the subject is gone, the shop uninstalled).
 */
export type JobOutcome =
  | { outcome: "DONE"; note?: string; label?: string }
  | { outcome: "LATER"; at: Date; note?: string; label?: string }
  | { outcome: "RETRY"; error: string; at?: Date; label?: string }
  | { outcome: "GIVE_UP"; error: string; label?: string }
  | { outcome: "CANCEL"; note?: string; label?: string };

/** What the unit becomes once a run answered. */
export interface Settlement {
  status: Exclude<JobStatus, "RUNNING">;
  /** When it runs next; null once it ended. */
  dueAt: Date | null;
  failures: number;
  lastError: string | null;
  note: string | null;
  /** It failed its last allowed time (FAILED by the rule, not by GIVE_UP). */
  exhausted: boolean;
}

const MAX_TEXT = 2000;
const clip = (text: string | null | undefined) => (text == null ? null : text.slice(0, MAX_TEXT));

/** The settlement of one run of `job` that answered `outcome`, at `now`, under the kind's retry rule. */
export function settlementOf(
  job: Pick<ClaimedJob, "attempts" | "failures" | "lastError">,
  outcome: JobOutcome,
  rule: RetryRule,
  now: Date,
): Settlement {
  switch (outcome.outcome) {
    case "DONE":
      return { status: "DONE", dueAt: null, failures: 0, lastError: null, note: clip(outcome.note), exhausted: false };
    case "CANCEL":
      return {
        status: "CANCELLED",
        dueAt: null,
        failures: 0,
        lastError: null,
        note: clip(outcome.note),
        exhausted: false,
      };
    case "LATER":
      return {
        status: "SCHEDULED",
        dueAt: outcome.at,
        failures: 0,
        lastError: null,
        note: clip(outcome.note),
        exhausted: false,
      };
    case "GIVE_UP":
      return {
        status: "FAILED",
        dueAt: null,
        failures: job.failures + 1,
        lastError: clip(outcome.error),
        note: null,
        exhausted: false,
      };
    case "RETRY": {
      const failures = job.failures + 1;
      const decision = afterFailure(rule, failures);
      if (!decision.retry) {
        return {
          status: "FAILED",
          dueAt: null,
          failures,
          lastError: clip(`Gave up after ${job.attempts} attempts; last error: ${outcome.error}`),
          note: null,
          exhausted: true,
        };
      }
      return {
        status: "SCHEDULED",
        dueAt: outcome.at ?? new Date(now.getTime() + decision.delayMs),
        failures,
        lastError: clip(outcome.error),
        note: null,
        exhausted: false,
      };
    }
  }
}

/** Why a unit whose worker died is given up without running again: its failures (the death included) used the rule up. */
export function exhaustedBeforeRun(job: Pick<ClaimedJob, "failures">, rule: RetryRule): boolean {
  return job.failures >= rule.maxFailures;
}

/** The settlement of a unit given up at claim time (its worker died on its last allowed attempt). */
export function exhaustedSettlement(job: Pick<ClaimedJob, "attempts" | "failures" | "lastError">): Settlement {
  return {
    status: "FAILED",
    dueAt: null,
    failures: job.failures,
    lastError: clip(`Gave up after ${job.attempts - 1} attempts; last error: ${job.lastError ?? LEASE_EXPIRED}`),
    note: null,
    exhausted: true,
  };
}

/** What a unit records when a worker takes it up after the one running it stopped before it finished. */
export const LEASE_EXPIRED = "The worker running it stopped before it finished (its lease ran out)";

/**
 * One kind of scheduled work: how it runs and retries. `Tx` is the database transaction a kind's own records are
 * written in together with the unit's settlement (so the two never disagree).
 */
export interface JobKind<Tx = unknown> {
  kind: JobKindName;
  rule: RetryRule;
  /** How long a claim lasts before another worker may take the unit up (renewed while it runs). */
  leaseMs?: number;
  run(context: JobRunContext<Tx>): Promise<JobOutcome>;
  /**
   * Writes the kind's own view of the settlement, in the settlement's transaction. `outcome` is what the run
   * answered (null when the unit was given up without running).
   */
  mirror?(tx: Tx, job: ClaimedJob, settlement: Settlement, now: Date, outcome: JobOutcome | null): Promise<void>;
}

export interface JobRunContext<Tx = unknown> {
  job: ClaimedJob;
  now: () => Date;
  /** Aborted when the lease was lost (another worker took the unit up): stop, the result would not be kept. */
  signal: AbortSignal;
  /**
   * Runs `write` in a transaction that first proves this worker still holds the unit (and renews its lease), so a
   * worker whose lease ran out can never write over its successor's records. Throws LeaseLostError otherwise.
   */
  fenced<T>(write: (tx: Tx) => Promise<T>): Promise<T>;
}

export class LeaseLostError extends Error {
  constructor(job: Pick<ClaimedJob, "id" | "kind">) {
    super(`Lost the claim on ${job.kind} ${job.id}: another worker holds it now`);
    this.name = "LeaseLostError";
  }
}
