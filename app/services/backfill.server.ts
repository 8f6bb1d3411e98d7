// Backfill: finds the shop's existing orders with deferred payment terms (on install, and when the merchant asks,
// e.g. after an outage longer than Shopify's webhook retries). Pages through a cheap listing, reads each candidate
// in full and stores it as webhooks would; the gateway paces requests by Shopify's cost-based throttle, and the
// cursor is saved after each page so a crash or restart resumes where it stopped.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import type { BackgroundRunner } from "../webhooks/background.server";
import {
  claimBackfillRun,
  requestBackfillRun,
  type BackfillTrigger,
  findClaimableBackfillRuns,
  finishBackfillRun,
  saveBackfillProgress,
  type BackfillRunRow,
} from "../db/backfill-runs.server";
import { isShopUninstalled } from "../db/shops.server";
import type { AdminClient } from "../shopify/client.server";
import { listBackfillCandidates } from "../shopify/operations/deferred-orders";
import { refreshDeferredOrder } from "./deferred-orders.server";

export const BACKFILL_LEASE_MS = 5 * 60_000;
export const BACKFILL_MAX_ATTEMPTS = 5;
const BACKFILL_RETRY_BASE_MS = 60_000;

export interface BackfillOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  now?: () => Date;
  /** Orders listed per page (each costs about two points; candidates are then read one by one). */
  pageSize?: number;
  /** Only this shop's runs (the admin's "Find existing orders" runs its own at once). */
  shop?: string;
}

export interface BackfillSummary {
  runs: number;
  done: number;
  retrying: number;
  failed: number;
}

/** Takes every claimable run in turn and drives each to its end (or its next retry). Never throws for one run. */
export async function runBackfills(options: BackfillOptions): Promise<BackfillSummary> {
  const now = options.now ?? (() => new Date());
  const summary: BackfillSummary = { runs: 0, done: 0, retrying: 0, failed: 0 };
  for (const row of await findClaimableBackfillRuns(options.db, now(), 10, options.shop)) {
    const leaseUntil = new Date(now().getTime() + BACKFILL_LEASE_MS);
    const claimed = await claimBackfillRun(options.db, row, now(), leaseUntil);
    if (!claimed) continue;
    summary.runs++;
    const outcome = await driveRun(options, claimed, leaseUntil, now);
    if (outcome === "DONE") summary.done++;
    else if (outcome === "QUEUED") summary.retrying++;
    else if (outcome === "FAILED") summary.failed++;
  }
  return summary;
}

async function driveRun(
  options: BackfillOptions,
  run: BackfillRunRow,
  firstLease: Date,
  now: () => Date,
): Promise<"DONE" | "QUEUED" | "FAILED" | "LOST"> {
  const { db, logger } = options;
  const log = { shop: run.shop, backfillRun: run.id };
  let lease = firstLease;
  const finish = async (
    result: { status: "DONE" | "FAILED"; error?: string } | { status: "QUEUED"; error: string; retryAt: Date },
  ) => {
    const saved = await finishBackfillRun(db, { id: run.id, leaseUntil: lease }, { ...result, at: now() });
    return saved ? result.status : "LOST";
  };

  if (await isShopUninstalled(db, run.shop)) return finish({ status: "FAILED", error: "Shop uninstalled the app" });
  const admin = await options.adminFor(run.shop);
  if (!admin) return finish({ status: "FAILED", error: "No offline access token for the shop" });

  const ctx = { db, shop: run.shop, now };
  let cursor = run.cursor;
  try {
    for (;;) {
      const page = await listBackfillCandidates(admin, cursor, options.pageSize);
      let taken = 0;
      for (const candidate of page.candidates) {
        const outcome = await refreshDeferredOrder(ctx, admin, candidate.id);
        if (outcome === "CREATED") taken++;
      }
      cursor = page.endCursor ?? cursor;
      const nextLease = new Date(now().getTime() + BACKFILL_LEASE_MS);
      const progress = { cursor, read: page.read, taken, leaseUntil: nextLease };
      if (!(await saveBackfillProgress(db, { id: run.id, leaseUntil: lease }, progress))) {
        logger.warn(log, "backfill claim lost to another runner; stopping");
        return "LOST";
      }
      lease = nextLease;
      if (!page.hasNextPage) break;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (run.attempts >= BACKFILL_MAX_ATTEMPTS) {
      logger.error({ ...log, err: message }, "backfill given up");
      return finish({ status: "FAILED", error: `Gave up after ${run.attempts} attempts; last error: ${message}` });
    }
    const retryAt = new Date(now().getTime() + BACKFILL_RETRY_BASE_MS * 2 ** (run.attempts - 1));
    logger.warn({ ...log, err: message, retryAt }, "backfill page failed; resumes from its cursor later");
    return finish({ status: "QUEUED", error: message, retryAt });
  }
  logger.info(log, "backfill finished");
  return finish({ status: "DONE" });
}

/**
 * Queues a backfill for the shop (or returns the one already queued or running) and, given a background runner,
 * starts it in this process at once; the worker takes up whatever this process does not finish.
 */
export async function requestBackfill(
  options: Omit<BackfillOptions, "shop"> & { background?: BackgroundRunner },
  shop: string,
  trigger: BackfillTrigger,
  request: { onlyIfNone?: boolean } = {},
) {
  const now = (options.now ?? (() => new Date()))();
  const result = await requestBackfillRun(options.db, shop, trigger, { now, onlyIfNone: request.onlyIfNone });
  if (result.created && options.background) options.background.run(() => runBackfills({ ...options, shop }));
  return result;
}
