// Retry worker: claims due webhook deliveries (failed, stranded, or never taken up) and re-runs their handler.
import { findDueDeliveries } from "../db/webhook-events.server";
import { startPeriodic, type PeriodicJob } from "../scheduler/periodic.server";
import { handledTopics } from "./handlers.server";
import { processStoredDelivery, type ProcessingOptions } from "./processing.server";

export {
  BASE_RETRY_DELAY_MS,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
} from "./processing.server";

/**
 * A RECEIVED delivery younger than this is left to the background run intake starts for it. Both claim the row
 * before running, so this only spares the worker a lost race; a process that died before its run leaves the
 * delivery to the worker after this long.
 */
export const RECEIVED_GRACE_MS = 30_000;

export interface WebhookRetryOptions extends ProcessingOptions {
  now?: () => Date;
  /** Deliveries looked at per tick. */
  limit?: number;
  /**
   * How old a RECEIVED delivery must be before this worker takes it (default RECEIVED_GRACE_MS, leaving it to the
   * web process's background run first); 0 when web processes leave processing to the worker.
   */
  receivedGraceMs?: number;
  /**
   * How many shops' deliveries are processed at once (default 1). One shop's deliveries always run one after
   * another, in the order they were received.
   */
  concurrency?: number;
}

export interface WebhookRetrySummary {
  claimed: number;
  processed: number;
  ignored: number;
  failed: number;
  dead: number;
  /** Stored bodies that do not parse (kept as MALFORMED, not retried). */
  malformed: number;
  /** Taken by another worker between the read and the claim. */
  skipped: number;
  /** The tick took a full page: more deliveries may be due now. */
  hasMore: boolean;
}

/** One tick: for cron or a serverless schedule. Never throws for one delivery's failure. */
export async function runWebhookRetries(options: WebhookRetryOptions): Promise<WebhookRetrySummary> {
  const now = (options.now ?? (() => new Date()))();
  const summary: WebhookRetrySummary = {
    claimed: 0,
    processed: 0,
    ignored: 0,
    failed: 0,
    dead: 0,
    malformed: 0,
    skipped: 0,
    hasMore: false,
  };

  const take = options.limit ?? 50;
  const due = await findDueDeliveries(options.db, {
    now,
    receivedBefore: new Date(now.getTime() - (options.receivedGraceMs ?? RECEIVED_GRACE_MS)),
    handledTopics: handledTopics(),
    take,
  });
  summary.hasMore = due.length === take;

  const tally = (result: Awaited<ReturnType<typeof processStoredDelivery>>) => {
    if (result.claimed) summary.claimed++;
    switch (result.status) {
      case "PROCESSED":
        summary.processed++;
        break;
      case "IGNORED":
        summary.ignored++;
        break;
      case "FAILED":
        summary.failed++;
        break;
      case "DEAD":
        summary.dead++;
        break;
      case "MALFORMED":
        summary.malformed++;
        break;
      case "SKIPPED":
        summary.skipped++;
        break;
      case "WAITING":
        break;
    }
  };

  // Shops side by side (up to `concurrency` at once), each shop's deliveries one after another, oldest first.
  const byShop = new Map<string, typeof due>();
  for (const row of due) {
    const lane = byShop.get(row.shop);
    if (lane) lane.push(row);
    else byShop.set(row.shop, [row]);
  }
  const lanes = [...byShop.values()];
  let nextLane = 0;
  const runLanes = async () => {
    while (nextLane < lanes.length) {
      for (const row of lanes[nextLane++]!) tally(await processStoredDelivery(options, row, now));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, lanes.length)) }, runLanes));
  return summary;
}

/** Long-running runner: a tick every `intervalMs` until `stop()` (which resolves once the running tick ended). */
export function startWebhookRetryLoop(options: WebhookRetryOptions & { intervalMs?: number }): PeriodicJob {
  return startPeriodic({
    name: "webhook retries",
    intervalMs: options.intervalMs ?? 30_000,
    logger: options.logger,
    tick: () => runWebhookRetries(options),
    worthLogging: (summary) => summary.claimed > 0 || summary.dead > 0,
    hasMore: (summary) => summary.hasMore,
  });
}
