// Webhook deliveries: each recorded once per (shop, webhook id), with its raw body and processing state.
import { isUniqueConstraintViolation } from "./errors";
import type { Database } from "./client.server";
import { redactedBody } from "../domain/privacy-request";

import type { WebhookDeliveryStatus, WebhookEventStatus } from "../domain/webhook-delivery";

export type { WebhookDeliveryStatus, WebhookEventStatus };

export interface IncomingDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  apiVersion?: string | null;
  triggeredAt?: Date | null;
  rawBody: string;
}

/** Stores a delivery unless the same webhook id was already stored for the shop. */
export async function recordDelivery(
  db: Database,
  delivery: IncomingDelivery,
  status: WebhookEventStatus = "RECEIVED",
  error?: string,
): Promise<{ id: string; duplicate: boolean }> {
  try {
    const row = await db.webhookEvent.create({
      data: {
        shop: delivery.shop,
        topic: delivery.topic,
        webhookId: delivery.webhookId,
        eventId: delivery.eventId ?? null,
        apiVersion: delivery.apiVersion ?? null,
        triggeredAt: delivery.triggeredAt ?? null,
        payload: delivery.rawBody,
        status,
        lastError: error ?? null,
      },
      select: { id: true },
    });
    return { id: row.id, duplicate: false };
  } catch (error) {
    if (isUniqueConstraintViolation(error)) {
      const existing = await db.webhookEvent.findUniqueOrThrow({
        where: { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } },
        select: { id: true },
      });
      return { id: existing.id, duplicate: true };
    }
    throw error;
  }
}

export async function listDeliveries(
  db: Database,
  shop: string,
  options: { take?: number; status?: WebhookEventStatus } = {},
) {
  return db.webhookEvent.findMany({
    where: { shop, ...(options.status ? { status: options.status } : {}) },
    orderBy: { receivedAt: "desc" },
    take: options.take ?? 50,
  });
}

export async function countDeliveriesByStatus(
  db: Database,
  shop: string,
): Promise<Partial<Record<WebhookDeliveryStatus, number>>> {
  const groups = await db.webhookEvent.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
}

/** A delivery a retry worker may take: failed and due, claimed by a worker whose lease ran out, or never handled. */
export async function findDueDeliveries(
  db: Database,
  options: { now: Date; receivedBefore: Date; handledTopics: readonly string[]; take: number },
) {
  return db.webhookEvent.findMany({
    where: {
      OR: [
        { status: { in: ["FAILED", "PROCESSING"] }, nextAttemptAt: { lte: options.now } },
        { status: "RECEIVED", topic: { in: [...options.handledTopics] }, receivedAt: { lte: options.receivedBefore } },
      ],
    },
    orderBy: { receivedAt: "asc" },
    take: options.take,
  });
}

export interface ClaimedDelivery {
  id: string;
  shop: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
}

/**
 * Compare-and-set claim: moves the row to PROCESSING only if nobody changed it since it was read (same status,
 * attempts and lease), counting the attempt now so a worker that crashes mid-run still uses one up. A single
 * conditional UPDATE: on PostgreSQL a concurrent claimer re-checks the condition after the winner commits, on
 * SQLite writes are serialised; either way exactly one worker gets count 1.
 */
export async function claimDelivery(db: Database, row: ClaimedDelivery, leaseUntil: Date): Promise<boolean> {
  const { count } = await db.webhookEvent.updateMany({
    where: { id: row.id, shop: row.shop, status: row.status, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt },
    data: { status: "PROCESSING", attempts: { increment: 1 }, nextAttemptAt: leaseUntil },
  });
  return count === 1;
}

/** Ends a claim; a no-op when the lease ran out and another worker re-claimed the row meanwhile (it decides). */
export async function finishClaimedDelivery(
  db: Database,
  claim: { id: string; shop: string; attempts: number },
  result:
    | { status: "PROCESSED" | "IGNORED"; at: Date; note?: string }
    | { status: "FAILED"; error: string; retryAt: Date }
    | { status: "DEAD" | "MALFORMED"; error: string },
): Promise<boolean> {
  const data =
    "at" in result
      ? { status: result.status, processedAt: result.at, lastError: result.note ?? null, nextAttemptAt: null }
      : {
          status: result.status,
          lastError: result.error.slice(0, 2000),
          nextAttemptAt: "retryAt" in result ? result.retryAt : null,
        };
  const { count } = await db.webhookEvent.updateMany({
    where: { id: claim.id, shop: claim.shop, status: "PROCESSING", attempts: claim.attempts },
    data,
  });
  return count === 1;
}

/** Settles a row without running anything (uninstalled shop, gave up): same compare-and-set as a claim. */
export async function settleUnclaimed(
  db: Database,
  row: ClaimedDelivery,
  data: { status: "IGNORED" | "DEAD"; reason: string; at: Date },
): Promise<boolean> {
  const { count } = await db.webhookEvent.updateMany({
    where: { id: row.id, shop: row.shop, status: row.status, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt },
    data: {
      status: data.status,
      lastError: data.reason,
      nextAttemptAt: null,
      ...(data.status === "IGNORED" ? { processedAt: data.at } : {}),
    },
  });
  return count === 1;
}

/**
 * Replaces the stored bodies of the shop's deliveries that `concerns` (a parsed body) with their ids only, so the
 * raw webhook log stops holding a redacted customer's name, email and addresses. `needles` narrow the scan in SQL;
 * `exceptTopics` are left as they are.
 */
export async function redactDeliveryBodies(
  db: Database,
  shop: string,
  scan: { needles: readonly string[]; exceptTopics: readonly string[] },
  concerns: (body: Record<string, unknown>) => boolean,
): Promise<number> {
  if (scan.needles.length === 0) return 0;
  const rows = await db.webhookEvent.findMany({
    where: {
      shop,
      topic: { notIn: [...scan.exceptTopics] },
      status: { not: "MALFORMED" },
      OR: scan.needles.map((needle) => ({ payload: { contains: needle } })),
    },
    select: { id: true, topic: true, payload: true },
  });
  let redacted = 0;
  for (const row of rows) {
    let body: unknown;
    try {
      body = JSON.parse(row.payload);
    } catch {
      continue;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) continue;
    const record = body as Record<string, unknown>;
    if (!concerns(record)) continue;
    await db.webhookEvent.update({ where: { id: row.id }, data: { payload: JSON.stringify(redactedBody(record)) } });
    redacted++;
  }
  return redacted;
}

/** The shop's deliveries of one topic (e.g. its privacy requests), newest first. */
export async function listDeliveriesOfTopic(db: Database, shop: string, topic: string, take = 50) {
  return db.webhookEvent.findMany({
    where: { shop, topic },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, receivedAt: true, payload: true, status: true },
  });
}

/** One delivery of the shop and topic; null for another shop's (or another topic's) id. */
export async function findDeliveryOfTopic(db: Database, shop: string, topic: string, id: string) {
  return db.webhookEvent.findFirst({
    where: { id, shop, topic },
    select: { id: true, receivedAt: true, payload: true, status: true },
  });
}
