// Retry worker: claims due webhook deliveries (failed, stranded, or never handled) and re-runs their handler.
import type { Database } from "../db.server";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  claimDelivery,
  findDueDeliveries,
  finishClaimedDelivery,
  settleUnclaimed,
  type ClaimedDelivery,
} from "../db/webhook-events.server";
import { handledTopics, handlerFor, runsAfterUninstall } from "./handlers.server";
import { topicFromHeader } from "./topics";

/** First retry one minute after a failure, doubling each time, at most an hour apart. */
export const BASE_RETRY_DELAY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** Attempts (the inline one included) before a delivery is given up as DEAD: about 4 hours of retries. */
export const DEFAULT_MAX_ATTEMPTS = 10;
/** A claim a worker does not settle within this lease (it crashed) becomes due again. */
export const DEFAULT_LEASE_MS = 5 * 60_000;
/**
 * A RECEIVED delivery younger than this may still be in intake's inline processing, which does not claim: the
 * worker leaves it alone so the two never run the same delivery at once.
 */
export const RECEIVED_GRACE_MS = 2 * 60_000;

/** Delay before the next attempt, after `attempts` attempts failed. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(BASE_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

export interface WebhookRetryOptions {
  db: Database;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  logger: Logger;
  now?: () => Date;
  /** Deliveries looked at per tick. */
  limit?: number;
  maxAttempts?: number;
  leaseMs?: number;
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
}

/** One tick: for cron or a serverless schedule. Never throws for one delivery's failure. */
export async function runWebhookRetries(options: WebhookRetryOptions): Promise<WebhookRetrySummary> {
  const { db, logger } = options;
  const now = (options.now ?? (() => new Date()))();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const summary: WebhookRetrySummary = {
    claimed: 0,
    processed: 0,
    ignored: 0,
    failed: 0,
    dead: 0,
    malformed: 0,
    skipped: 0,
  };

  const due = await findDueDeliveries(db, {
    now,
    receivedBefore: new Date(now.getTime() - RECEIVED_GRACE_MS),
    handledTopics: handledTopics(),
    take: options.limit ?? 50,
  });

  for (const row of due) {
    const topic = topicFromHeader(row.topic);
    const handler = topic ? handlerFor(topic) : undefined;
    const log = { shop: row.shop, topic: row.topic, webhookId: row.webhookId, attempts: row.attempts };

    if (!topic || !handler) {
      // A FAILED row whose topic lost its handler: nothing can ever process it.
      if (await settleUnclaimed(db, row, { status: "DEAD", reason: `No handler for ${row.topic}`, at: now })) {
        summary.dead++;
      } else summary.skipped++;
      continue;
    }
    if (!runsAfterUninstall(topic) && (await isShopUninstalled(db, row.shop))) {
      const reason = "Shop uninstalled the app: not processed";
      if (await settleUnclaimed(db, row, { status: "IGNORED", reason, at: now })) summary.ignored++;
      else summary.skipped++;
      continue;
    }
    if (row.attempts >= maxAttempts) {
      // Only a claim that expired (its worker died mid-attempt) gets here with its attempts used up.
      const reason = `Gave up after ${row.attempts} attempts; last error: ${row.lastError ?? "worker lease expired"}`;
      if (await settleUnclaimed(db, row, { status: "DEAD", reason, at: now })) summary.dead++;
      else summary.skipped++;
      continue;
    }

    if (!(await claimDelivery(db, row, new Date(now.getTime() + leaseMs)))) {
      summary.skipped++;
      continue;
    }
    summary.claimed++;
    const claim = { id: row.id, shop: row.shop, attempts: row.attempts + 1 };
    const outcome = await runClaimed(options, row, topic, handler, now);
    if (outcome.ok) {
      await finishClaimedDelivery(db, claim, { status: outcome.status, at: now });
      if (outcome.status === "PROCESSED") summary.processed++;
      else summary.ignored++;
      logger.info({ ...log, status: outcome.status }, "webhook delivery retried");
    } else if (outcome.malformed) {
      await finishClaimedDelivery(db, claim, { status: "MALFORMED", error: outcome.error });
      summary.malformed++;
      logger.error({ ...log, err: outcome.error }, "stored webhook body does not parse; kept as MALFORMED");
    } else if (claim.attempts >= maxAttempts) {
      const error = `Gave up after ${claim.attempts} attempts; last error: ${outcome.error}`;
      await finishClaimedDelivery(db, claim, { status: "DEAD", error });
      summary.dead++;
      logger.error({ ...log, err: outcome.error }, "webhook delivery given up (DEAD)");
    } else {
      const retryAt = new Date(now.getTime() + retryDelayMs(claim.attempts));
      await finishClaimedDelivery(db, claim, { status: "FAILED", error: outcome.error, retryAt });
      summary.failed++;
      logger.warn({ ...log, err: outcome.error, retryAt }, "webhook delivery failed again; retry scheduled");
    }
  }
  return summary;
}

type RunOutcome = { ok: true; status: "PROCESSED" | "IGNORED" } | { ok: false; error: string; malformed: boolean };

async function runClaimed(
  options: WebhookRetryOptions,
  row: ClaimedDelivery & { payload: string },
  topic: NonNullable<ReturnType<typeof topicFromHeader>>,
  handler: NonNullable<ReturnType<typeof handlerFor>>,
  now: Date,
): Promise<RunOutcome> {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch (error) {
    // Retrying cannot make the stored bytes readable; intake keeps such bodies as MALFORMED and so does this.
    return { ok: false, malformed: true, error: `Unparseable body: ${(error as Error).message}` };
  }
  try {
    const status = await handler({
      db: options.db,
      logger: options.logger,
      shop: row.shop,
      topic,
      payload,
      now,
      admin: () => options.adminFor(row.shop),
    });
    return { ok: true, status };
  } catch (error) {
    return { ok: false, malformed: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Long-running runner: a tick every `intervalMs` until `stop()` (which resolves once the running tick ended).
 * Ticks never overlap in one process; several processes may run it, the claims keep them apart.
 */
export function startWebhookRetryLoop(options: WebhookRetryOptions & { intervalMs?: number }) {
  const intervalMs = options.intervalMs ?? 30_000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = runWebhookRetries(options)
      .then((summary) => {
        if (summary.claimed > 0 || summary.dead > 0) options.logger.info(summary, "webhook retry tick");
      })
      .catch((error: unknown) => {
        options.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          "webhook retry tick failed",
        );
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
