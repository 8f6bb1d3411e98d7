// Processing one stored webhook delivery: claim it (so two runners never handle it at once), run its topic's
// handler, settle the row. Used right after intake (in the background, once the delivery is acknowledged) and by
// the retry worker for deliveries that failed, were stranded by a crash, or were never taken up.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  claimDelivery,
  finishClaimedDelivery,
  settleUnclaimed,
  type ClaimedDelivery,
} from "../db/webhook-events.server";
import { handlerFor, runsAfterUninstall } from "./handlers.server";
import { parseDeliveryBody } from "./payload";
import { topicFromHeader } from "./topics";

/** First retry one minute after a failure, doubling each time, at most an hour apart. */
export const BASE_RETRY_DELAY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** Attempts (the first one included) before a delivery is given up as DEAD: about 4 hours of retries. */
export const DEFAULT_MAX_ATTEMPTS = 10;
/** A claim a runner does not settle within this lease (it crashed) becomes due again. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Delay before the next attempt, after `attempts` attempts failed. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(BASE_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

export interface ProcessingOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  maxAttempts?: number;
  leaseMs?: number;
}

/** A stored delivery as read for processing. */
export interface StoredDelivery extends ClaimedDelivery {
  topic: string;
  webhookId: string;
  payload: string;
  lastError: string | null;
}

/**
 * What became of one delivery. SKIPPED: another runner changed the row first (it decides). WAITING: no handler for
 * its topic yet, left RECEIVED.
 */
export type ProcessingStatus = "PROCESSED" | "IGNORED" | "FAILED" | "DEAD" | "MALFORMED" | "SKIPPED" | "WAITING";

/** The row's new status, and whether this run claimed it (ran, or tried to run, its handler). */
export interface ProcessingResult {
  status: ProcessingStatus;
  claimed: boolean;
}

/** Claims, runs and settles one delivery. Never throws for the handler's failure (it is recorded on the row). */
export async function processStoredDelivery(
  options: ProcessingOptions,
  row: StoredDelivery,
  now: Date,
): Promise<ProcessingResult> {
  const { db, logger } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const topic = topicFromHeader(row.topic);
  const handler = topic ? handlerFor(topic) : undefined;
  const log = { shop: row.shop, topic: row.topic, webhookId: row.webhookId, attempts: row.attempts };

  if (!topic || !handler) {
    if (row.status === "RECEIVED") return unclaimed("WAITING"); // kept until a handler for the topic exists
    // A FAILED row whose topic lost its handler: nothing can ever process it.
    const settled = await settleUnclaimed(db, row, { status: "DEAD", reason: `No handler for ${row.topic}`, at: now });
    return unclaimed(settled ? "DEAD" : "SKIPPED");
  }
  if (!runsAfterUninstall(topic) && (await isShopUninstalled(db, row.shop))) {
    const reason = "Shop uninstalled the app: not processed";
    return unclaimed((await settleUnclaimed(db, row, { status: "IGNORED", reason, at: now })) ? "IGNORED" : "SKIPPED");
  }
  if (row.attempts >= maxAttempts) {
    // Only a claim that expired (its runner died mid-attempt) gets here with its attempts used up.
    const reason = `Gave up after ${row.attempts} attempts; last error: ${row.lastError ?? "worker lease expired"}`;
    return unclaimed((await settleUnclaimed(db, row, { status: "DEAD", reason, at: now })) ? "DEAD" : "SKIPPED");
  }

  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  if (!(await claimDelivery(db, row, leaseUntil))) return unclaimed("SKIPPED");
  const claim = { id: row.id, shop: row.shop, attempts: row.attempts + 1 };

  const body = parseDeliveryBody(row.payload);
  if (!body.ok) {
    // Retrying cannot make the stored bytes readable: kept as MALFORMED for inspection.
    await finishClaimedDelivery(db, claim, { status: "MALFORMED", error: `Unparseable body: ${body.error}` });
    logger.error({ ...log, err: body.error }, "stored webhook body does not parse; kept as MALFORMED");
    return claimed("MALFORMED");
  }

  let error: string;
  try {
    const status = await handler({
      db,
      logger,
      shop: row.shop,
      topic,
      payload: body.payload,
      exact: body.exact,
      now,
      admin: () => options.adminFor(row.shop),
    });
    await finishClaimedDelivery(db, claim, { status, at: now });
    return claimed(status);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  if (claim.attempts >= maxAttempts) {
    await finishClaimedDelivery(db, claim, {
      status: "DEAD",
      error: `Gave up after ${claim.attempts} attempts; last error: ${error}`,
    });
    logger.error({ ...log, err: error }, "webhook delivery given up (DEAD)");
    return claimed("DEAD");
  }
  const retryAt = new Date(now.getTime() + retryDelayMs(claim.attempts));
  await finishClaimedDelivery(db, claim, { status: "FAILED", error, retryAt });
  logger.warn({ ...log, err: error, retryAt }, "webhook processing failed; retry scheduled");
  return claimed("FAILED");
}

const unclaimed = (status: ProcessingStatus): ProcessingResult => ({ status, claimed: false });
const claimed = (status: ProcessingStatus): ProcessingResult => ({ status, claimed: true });
