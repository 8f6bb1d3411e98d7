// Backfill runs: a durable, resumable search of a shop's existing orders. Each run's scheduling (due time, lease,
// retries) is a unit of scheduled work of kind BACKFILL whose subject is the run's id.
import type { Database } from "./client.server";
import type { DatabaseOrTx } from "./scheduled-jobs.server";

export type BackfillTrigger = "INSTALL" | "MANUAL";
export type BackfillStatus = "QUEUED" | "RUNNING" | "DONE" | "FAILED";

type Row = Awaited<ReturnType<Database["backfillRun"]["findFirstOrThrow"]>>;
export type BackfillRunRow = Row;

/**
 * Queues a run, with its scheduled work due now, unless one is queued or running for the shop (that one is
 * returned: asking twice does not search twice). `onlyIfNone`: do nothing if the shop ever had a run (install hooks
 * run on every re-authentication).
 */
export async function requestBackfillRun(
  db: Database,
  shop: string,
  trigger: BackfillTrigger,
  options: { now: Date; onlyIfNone?: boolean },
): Promise<{ run: Row; created: boolean; jobId: string | null }> {
  const pending = await db.backfillRun.findFirst({
    where: { shop, ...(options.onlyIfNone ? {} : { status: { in: ["QUEUED", "RUNNING"] } }) },
    orderBy: { createdAt: "desc" },
  });
  if (pending) {
    const job = await db.scheduledJob.findUnique({
      where: { shop_kind_subject: { shop, kind: "BACKFILL", subject: pending.id } },
      select: { id: true },
    });
    return { run: pending, created: false, jobId: job?.id ?? null };
  }
  return db.$transaction(async (tx) => {
    const run = await tx.backfillRun.create({ data: { shop, trigger, status: "QUEUED", createdAt: options.now } });
    const job = await tx.scheduledJob.create({
      data: { shop, kind: "BACKFILL", subject: run.id, dueAt: options.now },
      select: { id: true },
    });
    return { run, created: true, jobId: job.id };
  });
}

export async function latestBackfillRun(db: Database, shop: string): Promise<Row | null> {
  return db.backfillRun.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
}

export async function findBackfillRun(db: DatabaseOrTx, shop: string, id: string): Promise<Row | null> {
  return db.backfillRun.findFirst({ where: { id, shop } });
}

/** The run's `attempts`-th start. */
export async function startBackfillRun(db: DatabaseOrTx, run: Row, attempts: number, now: Date): Promise<void> {
  await db.backfillRun.updateMany({
    where: { id: run.id, shop: run.shop },
    data: { status: "RUNNING", attempts, startedAt: run.startedAt ?? now },
  });
}

/** Saves a page's progress (the caller holds the run's claim: it writes this under its fence). */
export async function saveBackfillProgress(
  db: DatabaseOrTx,
  run: Pick<Row, "id" | "shop">,
  progress: { cursor: string | null; read: number; taken: number },
): Promise<void> {
  await db.backfillRun.updateMany({
    where: { id: run.id, shop: run.shop },
    data: {
      cursor: progress.cursor,
      pages: { increment: 1 },
      ordersRead: { increment: progress.read },
      ordersTaken: { increment: progress.taken },
    },
  });
}

/** What became of the run once its scheduled work settled: DONE, FAILED, or QUEUED again to resume later. */
export async function settleBackfillRun(
  db: DatabaseOrTx,
  run: { id: string; shop: string },
  result: { status: "DONE" | "FAILED" | "QUEUED"; at: Date; error: string | null },
): Promise<void> {
  const ended = result.status !== "QUEUED";
  await db.backfillRun.updateMany({
    where: { id: run.id, shop: run.shop },
    data: { status: result.status, lastError: result.error, ...(ended ? { finishedAt: result.at } : {}) },
  });
}
