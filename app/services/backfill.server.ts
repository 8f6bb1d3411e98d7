// Backfill: finds the shop's existing orders with deferred payment terms (on install, and when the merchant asks,
// e.g. after an outage longer than Shopify's webhook retries). Pages through a cheap listing, reads each candidate
// in full and stores it as webhooks would; the gateway paces requests by Shopify's cost-based throttle, and the
// cursor is saved after each page so a crash or restart resumes where it stopped.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import {
  findBackfillRun,
  requestBackfillRun,
  saveBackfillProgress,
  settleBackfillRun,
  startBackfillRun,
  type BackfillTrigger,
} from "../db/backfill-runs.server";
import type { Transaction } from "../db/scheduled-jobs.server";
import { isShopUninstalled } from "../db/shops.server";
import { BACKFILL_RETRY } from "../domain/retry";
import type { JobKind } from "../domain/scheduled-job";
import type { AdminClient } from "../shopify/client.server";
import { listBackfillCandidates } from "../shopify/operations/deferred-orders";
import { refreshDeferredOrder } from "./deferred-orders.server";

export interface BackfillOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  /** Orders listed per page (each costs about two points; candidates are then read one by one). */
  pageSize?: number;
}

/**
 * The backfill kind of scheduled work (its subject is the run's id): drives a run page by page to its end, saving
 * the cursor after each page under the run's claim; a failed page resumes from that cursor by the backfill rule.
 */
export function backfillJobKind(options: BackfillOptions): JobKind<Transaction> {
  return {
    kind: "BACKFILL",
    rule: BACKFILL_RETRY,
    run: async ({ job, now, fenced }) => {
      const { db, logger } = options;
      const run = await findBackfillRun(db, job.shop, job.subject);
      if (!run) return { outcome: "CANCEL", note: "The backfill run is no longer stored" };
      const log = { shop: run.shop, backfillRun: run.id };
      if (await isShopUninstalled(db, run.shop)) return { outcome: "GIVE_UP", error: "Shop uninstalled the app" };
      const admin = await options.adminFor(run.shop);
      if (!admin) return { outcome: "GIVE_UP", error: "No offline access token for the shop" };
      await startBackfillRun(db, run, job.attempts, now());

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
          const progress = { cursor, read: page.read, taken };
          await fenced((tx) => saveBackfillProgress(tx, run, progress));
          if (!page.hasNextPage) break;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn({ ...log, err: message }, "backfill page failed; resumes from its cursor later");
        throw error;
      }
      logger.info(log, "backfill finished");
      return { outcome: "DONE" };
    },
    mirror: (tx, job, settlement, at) =>
      settleBackfillRun(
        tx,
        { id: job.subject, shop: job.shop },
        {
          status: settlement.status === "DONE" ? "DONE" : settlement.status === "SCHEDULED" ? "QUEUED" : "FAILED",
          at,
          error: settlement.status === "CANCELLED" ? settlement.note : settlement.lastError,
        },
      ),
  };
}

/**
 * Queues a backfill for the shop, or returns the one already queued or running. The caller may run its job at once
 * (`jobId`); the worker takes up whatever is not finished.
 */
export async function requestBackfill(
  options: { db: Database; now?: () => Date },
  shop: string,
  trigger: BackfillTrigger,
  request: { onlyIfNone?: boolean } = {},
) {
  const now = (options.now ?? (() => new Date()))();
  return requestBackfillRun(options.db, shop, trigger, { now, onlyIfNone: request.onlyIfNone });
}
