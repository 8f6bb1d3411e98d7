// Processing one stored webhook delivery, as a kind of scheduled work: read the row, run its topic's handler, and
// record on the row what became of it. The engine claims the unit (right after intake, in the web process's
// background, or later in the worker: a retry, or a delivery a process that died left behind) and retries it by
// the webhook rule.
import type { Database } from "../db/client.server";
import type { Transaction } from "../db/scheduled-jobs.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  findStoredDelivery,
  markDeliveryProcessing,
  recordDeliverySettlement,
  type DeliverySettlement,
} from "../db/webhook-events.server";
import { WEBHOOK_RETRY, type RetryRule } from "../domain/retry";
import type { JobKind, JobOutcome } from "../domain/scheduled-job";
import { MalformedPayloadError } from "../domain/webhook-delivery";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import { handlerFor, runsAfterUninstall } from "./handlers.server";
import { parseDeliveryBody } from "./payload";
import { topicFromHeader } from "./topics";

export interface ProcessingOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  /** Attempts (the first one included) before a delivery is given up as DEAD (default: the webhook rule's). */
  maxAttempts?: number;
}

const UNINSTALLED = "Shop uninstalled the app: not processed";

/** The outcome labels this kind reports (the worker's summary counts them). */
export type DeliveryLabel = "processed" | "ignored" | "malformed" | "no-handler" | "gone";

/** The webhook kind of scheduled work: the unit's subject is the delivery row's id. */
export function webhookJobKind(options: ProcessingOptions): JobKind<Transaction> {
  const rule: RetryRule = options.maxAttempts ? { ...WEBHOOK_RETRY, maxFailures: options.maxAttempts } : WEBHOOK_RETRY;
  return {
    kind: "WEBHOOK",
    rule,
    run: async ({ job, now }) => {
      const { db, logger } = options;
      const row = await findStoredDelivery(db, job.shop, job.subject);
      if (!row) return { outcome: "CANCEL", note: "The delivery is no longer stored", label: "gone" };
      const log = { shop: row.shop, topic: row.topic, webhookId: row.webhookId, attempts: job.attempts };
      const topic = topicFromHeader(row.topic);
      const handler = topic ? handlerFor(topic) : undefined;
      if (!topic || !handler) return { outcome: "CANCEL", note: `No handler for ${row.topic}`, label: "no-handler" };
      if (!runsAfterUninstall(topic) && (await isShopUninstalled(db, row.shop))) {
        return { outcome: "CANCEL", note: UNINSTALLED, label: "ignored" };
      }
      await markDeliveryProcessing(db, row.shop, row.id, job.attempts);

      const body = parseDeliveryBody(row.payload);
      if (!body.ok) {
        // Retrying cannot make the stored bytes readable: kept as MALFORMED for inspection.
        logger.error({ ...log, err: body.error }, "stored webhook body does not parse; kept as MALFORMED");
        return { outcome: "GIVE_UP", error: `Unparseable body: ${body.error}`, label: "malformed" };
      }
      const payload = body.payload;
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        return {
          outcome: "GIVE_UP",
          error: `Unusable body: ${row.topic} sent ${describe(payload)}`,
          label: "malformed",
        };
      }
      try {
        const status = await handler({
          db,
          logger,
          shop: row.shop,
          topic,
          payload,
          exact: body.exact,
          now: now(),
          admin: () => options.adminFor(row.shop),
        });
        return status === "PROCESSED"
          ? { outcome: "DONE", label: "processed" }
          : { outcome: "DONE", note: "ignored", label: "ignored" };
      } catch (thrown) {
        if (thrown instanceof MalformedPayloadError) {
          logger.error({ ...log, err: thrown.message }, "webhook body lacks what its topic needs; kept as MALFORMED");
          return { outcome: "GIVE_UP", error: `Unusable body: ${thrown.message}`, label: "malformed" };
        }
        throw thrown; // retried by the webhook rule
      }
    },
    mirror: (tx, job, settlement, at, outcome) =>
      recordDeliverySettlement(tx, job.shop, job.subject, deliverySettlementOf(job.attempts, settlement, at, outcome)),
  };
}

/** The delivery row's view of its job's settlement. */
function deliverySettlementOf(
  attempts: number,
  settlement: { status: string; dueAt: Date | null; lastError: string | null; note: string | null },
  at: Date,
  outcome: JobOutcome | null,
): DeliverySettlement {
  const label = outcome?.label as DeliveryLabel | undefined;
  const base = { attempts, nextAttemptAt: null, processedAt: null };
  switch (settlement.status) {
    case "DONE":
      return { ...base, status: label === "ignored" ? "IGNORED" : "PROCESSED", lastError: null, processedAt: at };
    case "SCHEDULED":
      return { ...base, status: "FAILED", lastError: settlement.lastError, nextAttemptAt: settlement.dueAt };
    case "CANCELLED":
      if (label === "ignored") return { ...base, status: "IGNORED", lastError: settlement.note, processedAt: at };
      // No handler for its topic (yet): kept as received, with the reason.
      return { ...base, status: "RECEIVED", lastError: settlement.note };
    default:
      return { ...base, status: label === "malformed" ? "MALFORMED" : "DEAD", lastError: settlement.lastError };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
