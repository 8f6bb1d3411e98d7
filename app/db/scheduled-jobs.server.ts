// Scheduled work as stored: creating units, claiming due ones under a lease (PostgreSQL: one batch statement with
// FOR UPDATE SKIP LOCKED; SQLite: one conditional UPDATE, its writes being serialised), renewing, settling and
// releasing claims. Every write to a claimed unit is fenced by its claim (id, attempts and owner): a worker whose
// lease ran out and was taken up by another changes nothing.
import type { Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import {
  ENDED_JOB_STATUSES,
  LEASE_EXPIRED,
  LeaseLostError,
  type ClaimedJob,
  type JobKindName,
  type JobStatus,
  type Settlement,
} from "../domain/scheduled-job";
import { providerOf, type Database } from "./client.server";
import { isUniqueConstraintViolation } from "./errors";
import { bind } from "./raw-sql";

/** A Prisma client or the client of an interactive transaction. */
export type DatabaseOrTx = Database | Prisma.TransactionClient;
export type Transaction = Prisma.TransactionClient;

type Row = Awaited<ReturnType<Database["scheduledJob"]["findFirstOrThrow"]>>;
export type ScheduledJobRow = Row;

export interface NewJob {
  shop: string;
  kind: JobKindName;
  subject: string;
  dueAt: Date;
}

/** Creates the unit; when the shop already has one for this kind and subject, that one is returned unchanged. */
export async function scheduleJob(db: DatabaseOrTx, job: NewJob): Promise<{ id: string; created: boolean }> {
  const key = { shop_kind_subject: { shop: job.shop, kind: job.kind, subject: job.subject } };
  const existing = await db.scheduledJob.findUnique({ where: key, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  try {
    const row = await db.scheduledJob.create({ data: { ...job, status: "SCHEDULED" }, select: { id: true } });
    return { id: row.id, created: true };
  } catch (error) {
    if (!isUniqueConstraintViolation(error)) throw error;
    const row = await db.scheduledJob.findUniqueOrThrow({ where: key, select: { id: true } });
    return { id: row.id, created: false };
  }
}

/**
 * Makes the unit due at `at` (or keeps an earlier due time): created when missing, reopened when it had ended. A unit
 * running now keeps the wake (`wakeAt`) for its settlement: however its run ends, it is due again by then at the latest
 * (news that came during a run, a staff member's request, are never left waiting for the run's own next time).
 */
export async function wakeJob(db: DatabaseOrTx, job: NewJob, options: { reopen?: boolean } = {}): Promise<string> {
  const { id } = await scheduleJob(db, job);
  const earlier = () =>
    db.scheduledJob.updateMany({
      where: { id, status: "SCHEDULED", dueAt: { gt: job.dueAt } },
      data: { dueAt: job.dueAt },
    });
  await earlier();
  await db.scheduledJob.updateMany({
    where: { id, status: "RUNNING", OR: [{ wakeAt: null }, { wakeAt: { gt: job.dueAt } }] },
    data: { wakeAt: job.dueAt },
  });
  // A run that settled between the two statements above (it was running for the first, waiting for the second) would
  // otherwise keep its own later time: the first is made again.
  await earlier();
  if (options.reopen) {
    await db.scheduledJob.updateMany({
      where: { id, status: { in: [...ENDED_JOB_STATUSES] } },
      data: { status: "SCHEDULED", dueAt: job.dueAt, failures: 0, finishedAt: null },
    });
  }
  return id;
}

export function findJob(db: DatabaseOrTx, shop: string, kind: JobKindName, subject: string) {
  return db.scheduledJob.findUnique({ where: { shop_kind_subject: { shop, kind, subject } } });
}

export function findJobById(db: DatabaseOrTx, id: string) {
  return db.scheduledJob.findUnique({ where: { id } });
}

export interface ClaimRequest {
  /** The app's clock: units due at or before it are taken. */
  now: Date;
  /** Wall-clock time: leases that ran out before it are taken up (leases never follow a simulated clock). */
  leaseNow: Date;
  owner: string;
  leaseUntil: Date;
  /** Only these kinds (all when absent). */
  kinds?: readonly JobKindName[];
  /** Shops whose units this worker is running already (it takes no second lane of a shop). */
  excludeShops?: readonly string[];
  /** At most this many shops, the ones whose oldest due unit is oldest first. */
  maxShops: number;
  /** At most this many units of each shop, oldest due first. */
  perShop: number;
}

function toClaimed(row: Row): ClaimedJob {
  return {
    id: row.id,
    shop: row.shop,
    kind: row.kind as JobKindName,
    subject: row.subject,
    dueAt: row.dueAt,
    attempts: row.attempts,
    failures: row.failures,
    leaseOwner: row.leaseOwner!,
    leaseUntil: row.leaseUntil!,
    lastError: row.lastError,
    note: row.note,
  };
}

/**
 * Claims due units (scheduled and due, or running under a lease that ran out), fairly across shops: the shops
 * whose oldest due unit is oldest come first, and each gives at most `perShop` units, so one shop's backlog never
 * holds the others back. A unit taken up after its worker died counts that run as a failure. Returned oldest
 * due first within each shop.
 */
export async function claimDueJobs(db: Database, request: ClaimRequest): Promise<ClaimedJob[]> {
  if (request.maxShops < 1 || request.perShop < 1) return [];
  const postgres = providerOf(db) === "postgresql";
  const values: Record<string, unknown> = {
    now: request.now,
    leaseNow: request.leaseNow,
    owner: request.owner,
    lease: request.leaseUntil,
    perShop: request.perShop,
    maxShops: request.maxShops,
    expired: LEASE_EXPIRED,
  };
  const list = (prefix: string, items: readonly string[]) =>
    items.map((item, index) => {
      values[`${prefix}${index}`] = item;
      return `:${prefix}${index}`;
    });
  const due = `(("status" = 'SCHEDULED' AND "dueAt" <= :now) OR ("status" = 'RUNNING' AND "leaseUntil" <= :leaseNow))`;
  const kinds = request.kinds?.length ? ` AND "kind" IN (${list("kind", request.kinds).join(", ")})` : "";
  const excluded = request.excludeShops?.length
    ? ` AND "shop" NOT IN (${list("shop", request.excludeShops).join(", ")})`
    : "";
  const ranked = `SELECT "id", "shop", "dueAt", ROW_NUMBER() OVER (PARTITION BY "shop" ORDER BY "dueAt", "id") AS "rank"
      FROM "ScheduledJob" WHERE ${due}${kinds}${excluded}`;
  const picked = `SELECT "id" FROM ranked WHERE "rank" <= :perShop AND "shop" IN (
        SELECT "shop" FROM ranked WHERE "rank" = 1 ORDER BY "dueAt", "shop" LIMIT :maxShops)`;
  const set = `"status" = 'RUNNING', "attempts" = "attempts" + 1,
      "failures" = "failures" + CASE WHEN "status" = 'RUNNING' THEN 1 ELSE 0 END,
      "lastError" = CASE WHEN "status" = 'RUNNING' THEN :expired ELSE "lastError" END,
      "leaseOwner" = :owner, "leaseUntil" = :lease, "updatedAt" = :leaseNow`;
  // PostgreSQL: the candidates are locked (skipping rows another worker is claiming right now) and their due
  // condition checked again on the latest version, so concurrent workers never take the same unit and never
  // wait on each other. SQLite: the one statement runs under the database's single write lock.
  const sql = postgres
    ? `WITH ranked AS (${ranked}),
         locked AS (SELECT "id" FROM "ScheduledJob" WHERE "id" IN (${picked}) AND ${due} FOR UPDATE SKIP LOCKED)
       UPDATE "ScheduledJob" SET ${set} FROM locked WHERE "ScheduledJob"."id" = locked."id" RETURNING "ScheduledJob"."id"`
    : `WITH ranked AS (${ranked})
       UPDATE "ScheduledJob" SET ${set} WHERE "id" IN (${picked}) AND ${due} RETURNING "id"`;
  const bound = bind(sql, values, postgres);
  const claimed = await db.$queryRawUnsafe<{ id: string }[]>(bound.sql, ...bound.params);
  if (claimed.length === 0) return [];
  const rows = await db.scheduledJob.findMany({
    where: { id: { in: claimed.map((row) => row.id) }, leaseOwner: request.owner, status: "RUNNING" },
    orderBy: [{ shop: "asc" }, { dueAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toClaimed);
}

/**
 * Whether any unit is due now outside the given shops. After a claim that took nothing this tells "nothing is due"
 * from "the due units were being claimed by another worker at that instant" (PostgreSQL's SKIP LOCKED passes over
 * them): those are RUNNING a moment later, so a true answer here means work this worker may still take.
 */
export async function hasDueJobs(
  db: Database,
  request: Pick<ClaimRequest, "now" | "leaseNow" | "kinds" | "excludeShops">,
): Promise<boolean> {
  const row = await db.scheduledJob.findFirst({
    where: {
      OR: [
        { status: "SCHEDULED", dueAt: { lte: request.now } },
        { status: "RUNNING", leaseUntil: { lte: request.leaseNow } },
      ],
      ...(request.kinds?.length ? { kind: { in: [...request.kinds] } } : {}),
      ...(request.excludeShops?.length ? { shop: { notIn: [...request.excludeShops] } } : {}),
    },
    select: { id: true },
  });
  return row !== null;
}

/**
 * Claims one unit now, due or not (a delivery the web process just stored, a charge the merchant asked for), unless
 * it is running under a live lease or has ended.
 */
export async function claimJob(
  db: Database,
  id: string,
  /** `now`: wall-clock time, against which a running unit's lease is judged. */
  request: { now: Date; owner: string; leaseUntil: Date },
): Promise<ClaimedJob | null> {
  const row = await db.scheduledJob.findUnique({ where: { id } });
  if (!row) return null;
  const running = row.status === "RUNNING";
  if (!(row.status === "SCHEDULED" || (running && row.leaseUntil !== null && row.leaseUntil <= request.now))) {
    return null;
  }
  const { count } = await db.scheduledJob.updateMany({
    where: { id, status: row.status, attempts: row.attempts },
    data: {
      status: "RUNNING",
      attempts: { increment: 1 },
      ...(running ? { failures: { increment: 1 }, lastError: LEASE_EXPIRED } : {}),
      leaseOwner: request.owner,
      leaseUntil: request.leaseUntil,
    },
  });
  if (count !== 1) return null;
  const claimed = await db.scheduledJob.findUnique({ where: { id } });
  return claimed && claimed.leaseOwner === request.owner && claimed.attempts === row.attempts + 1
    ? toClaimed(claimed)
    : null;
}

const fence = (job: Pick<ClaimedJob, "id" | "attempts" | "leaseOwner">) => ({
  id: job.id,
  status: "RUNNING",
  attempts: job.attempts,
  leaseOwner: job.leaseOwner,
});

/** Extends the claim; false when it was lost (another worker took the unit up after the lease ran out). */
export async function renewLease(db: DatabaseOrTx, job: ClaimedJob, leaseUntil: Date): Promise<boolean> {
  const { count } = await db.scheduledJob.updateMany({ where: fence(job), data: { leaseUntil } });
  return count === 1;
}

/**
 * Runs `write` in one transaction with a renewal of the claim: if the claim was lost, nothing is written and
 * LeaseLostError is thrown.
 */
export async function fencedTransaction<T>(
  db: Database,
  job: ClaimedJob,
  leaseUntil: Date,
  write: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    if (!(await renewLease(tx, job, leaseUntil))) throw new LeaseLostError(job);
    return write(tx);
  });
}

/**
 * Ends the claim with its settlement, together with what the kind writes of it (`mirror`); false (and nothing
 * written) when the claim was lost.
 */
export async function settleJob(
  db: Database,
  job: ClaimedJob,
  settlement: Settlement,
  now: Date,
  /** Gets the settlement as written: a unit woken while it ran is SCHEDULED whatever its run said. */
  mirror?: (tx: Transaction, settled: Settlement) => Promise<void>,
): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const ended = settlement.status !== "SCHEDULED";
      const settled = {
        failures: settlement.failures,
        lastError: settlement.lastError,
        note: settlement.note,
        leaseOwner: null,
        leaseUntil: null,
      };
      // Not woken while it ran: settled as the run said.
      const { count } = await tx.scheduledJob.updateMany({
        where: { ...fence(job), wakeAt: null },
        data: {
          ...settled,
          status: settlement.status,
          dueAt: settlement.dueAt ?? undefined,
          finishedAt: ended ? now : null,
        },
      });
      const written = count === 1 ? settlement : await settleWoken(tx, job, settlement);
      if (!written) throw new LeaseLostError(job);
      await mirror?.(tx, written);
      return true;
    });
  } catch (error) {
    if (error instanceof LeaseLostError) return false;
    throw error;
  }
}

/**
 * Settles a unit that was woken while it ran: due again by the wake's time at the latest, whatever the run said (a run
 * that ended it, or gave it up, is taken up again, its failures counted afresh). False when the claim was lost.
 */
async function settleWoken(tx: Transaction, job: ClaimedJob, settlement: Settlement): Promise<Settlement | null> {
  // A wake only moves `wakeAt` earlier: read it, and write only if it is still that (else read again).
  for (let tries = 0; tries < 5; tries += 1) {
    const row = await tx.scheduledJob.findFirst({ where: fence(job), select: { wakeAt: true } });
    if (!row?.wakeAt) return null;
    const dueAt =
      settlement.status === "SCHEDULED" && settlement.dueAt && settlement.dueAt < row.wakeAt
        ? settlement.dueAt
        : row.wakeAt;
    const failures = settlement.status === "FAILED" ? 0 : settlement.failures;
    const { count } = await tx.scheduledJob.updateMany({
      where: { ...fence(job), wakeAt: row.wakeAt },
      data: {
        status: "SCHEDULED",
        dueAt,
        wakeAt: null,
        failures,
        lastError: settlement.lastError,
        note: settlement.note,
        leaseOwner: null,
        leaseUntil: null,
        finishedAt: null,
      },
    });
    if (count === 1) return { ...settlement, status: "SCHEDULED", dueAt, failures, exhausted: false };
  }
  return null;
}

/** Gives back a unit claimed but not started (a worker shutting down): due as before, its claim not counted. */
export async function releaseJob(db: Database, job: ClaimedJob): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // A wake kept while it was claimed becomes its due time (it never started, so nothing else remembers it).
    const row = await tx.scheduledJob.findFirst({ where: fence(job), select: { wakeAt: true, dueAt: true } });
    if (!row) return false;
    const dueAt = row.wakeAt && row.wakeAt < row.dueAt ? row.wakeAt : row.dueAt;
    const { count } = await tx.scheduledJob.updateMany({
      where: fence(job),
      data: {
        status: "SCHEDULED",
        dueAt,
        wakeAt: null,
        attempts: job.attempts - 1,
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    return count === 1;
  });
}

/** Units of a shop, newest first (for pages and tests). */
export function listJobs(db: DatabaseOrTx, shop: string, options: { kind?: JobKindName; status?: JobStatus } = {}) {
  return db.scheduledJob.findMany({
    where: {
      shop,
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.status ? { status: options.status } : {}),
    },
    orderBy: { createdAt: "desc" },
  });
}

/** When the next unit is due (the worker sleeps until then, at most its interval). */
export async function nextDueAt(db: Database, kinds?: readonly JobKindName[]): Promise<Date | null> {
  const row = await db.scheduledJob.findFirst({
    where: { status: "SCHEDULED", ...(kinds?.length ? { kind: { in: [...kinds] } } : {}) },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true },
  });
  return row?.dueAt ?? null;
}

/** An id for rows written by hand (Prisma's cuid() default applies only to its own inserts). */
export function newRowId(): string {
  return randomUUID();
}

/** Moves a waiting unit to `dueAt` (earlier or later); a running or ended unit is left alone. */
export async function rescheduleJob(
  db: DatabaseOrTx,
  job: { shop: string; kind: JobKindName; subject: string },
  dueAt: Date,
): Promise<boolean> {
  const { count } = await db.scheduledJob.updateMany({
    where: { shop: job.shop, kind: job.kind, subject: job.subject, status: "SCHEDULED" },
    data: { dueAt },
  });
  return count > 0;
}
