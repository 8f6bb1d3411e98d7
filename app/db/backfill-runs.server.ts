// Backfill runs: a durable, resumable search of a shop's existing orders, claimed by one runner at a time.
import type { Database } from "./client.server";

export type BackfillTrigger = "INSTALL" | "MANUAL";
export type BackfillStatus = "QUEUED" | "RUNNING" | "DONE" | "FAILED";

type Row = Awaited<ReturnType<Database["backfillRun"]["findFirstOrThrow"]>>;
export type BackfillRunRow = Row;

/**
 * Queues a run unless one is queued or running for the shop (that one is returned: asking twice does not search
 * twice). `onlyIfNone`: do nothing if the shop ever had a run (install hooks run on every re-authentication).
 */
export async function requestBackfillRun(
  db: Database,
  shop: string,
  trigger: BackfillTrigger,
  options: { now: Date; onlyIfNone?: boolean },
): Promise<{ run: Row; created: boolean }> {
  const pending = await db.backfillRun.findFirst({
    where: { shop, ...(options.onlyIfNone ? {} : { status: { in: ["QUEUED", "RUNNING"] } }) },
    orderBy: { createdAt: "desc" },
  });
  if (pending) return { run: pending, created: false };
  const run = await db.backfillRun.create({ data: { shop, trigger, status: "QUEUED", createdAt: options.now } });
  return { run, created: true };
}

export async function latestBackfillRun(db: Database, shop: string): Promise<Row | null> {
  return db.backfillRun.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
}

/** Runs a runner may take: queued and not waiting out a retry delay, or running under a lease that ran out. */
export async function findClaimableBackfillRuns(db: Database, now: Date, take: number, shop?: string) {
  return db.backfillRun.findMany({
    where: {
      ...(shop ? { shop } : {}),
      OR: [
        { status: "QUEUED", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
        { status: "RUNNING", leaseUntil: { lte: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take,
  });
}

/** Compare-and-set claim (same idea as webhook deliveries): exactly one runner moves the row to RUNNING. */
export async function claimBackfillRun(db: Database, row: Row, now: Date, leaseUntil: Date): Promise<Row | null> {
  const { count } = await db.backfillRun.updateMany({
    where: { id: row.id, status: row.status, attempts: row.attempts, leaseUntil: row.leaseUntil },
    data: { status: "RUNNING", attempts: { increment: 1 }, leaseUntil, startedAt: row.startedAt ?? now },
  });
  if (count !== 1) return null;
  return db.backfillRun.findUniqueOrThrow({ where: { id: row.id } });
}

/** Saves a page's progress and renews the lease; false when the claim was lost (another runner took over). */
export async function saveBackfillProgress(
  db: Database,
  claim: { id: string; leaseUntil: Date },
  progress: { cursor: string | null; read: number; taken: number; leaseUntil: Date },
): Promise<boolean> {
  const { count } = await db.backfillRun.updateMany({
    where: { id: claim.id, status: "RUNNING", leaseUntil: claim.leaseUntil },
    data: {
      cursor: progress.cursor,
      pages: { increment: 1 },
      ordersRead: { increment: progress.read },
      ordersTaken: { increment: progress.taken },
      leaseUntil: progress.leaseUntil,
    },
  });
  return count === 1;
}

export async function finishBackfillRun(
  db: Database,
  claim: { id: string; leaseUntil: Date },
  result:
    | { status: "DONE" | "FAILED"; at: Date; error?: string }
    | { status: "QUEUED"; at: Date; retryAt: Date; error: string },
): Promise<boolean> {
  const data =
    result.status === "QUEUED"
      ? { status: "QUEUED", leaseUntil: result.retryAt, lastError: result.error.slice(0, 2000) }
      : {
          status: result.status,
          leaseUntil: null,
          finishedAt: result.at,
          lastError: result.error ? result.error.slice(0, 2000) : null,
        };
  const { count } = await db.backfillRun.updateMany({
    where: { id: claim.id, status: "RUNNING", leaseUntil: claim.leaseUntil },
    data,
  });
  return count === 1;
}
