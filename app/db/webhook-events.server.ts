// Webhook deliveries: each recorded once per (shop, webhook id), with its raw body and processing state.
import { isUniqueConstraintViolation } from "./errors";
import type { Database } from "./client.server";
import type { DatabaseOrTx } from "./scheduled-jobs.server";
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

/**
 * Stores a delivery unless the same webhook id was already stored for the shop. A delivery to process (RECEIVED)
 * is stored with its processing, a unit of scheduled work due at `processAt`, in one transaction; one kept for
 * inspection (MALFORMED) has none.
 */
export async function recordDelivery(
  db: Database,
  delivery: IncomingDelivery,
  options: { status?: "RECEIVED" | "MALFORMED"; error?: string; processAt?: Date } = {},
): Promise<{ id: string; jobId: string | null; duplicate: boolean }> {
  const status = options.status ?? "RECEIVED";
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.webhookEvent.create({
        data: {
          shop: delivery.shop,
          topic: delivery.topic,
          webhookId: delivery.webhookId,
          eventId: delivery.eventId ?? null,
          apiVersion: delivery.apiVersion ?? null,
          triggeredAt: delivery.triggeredAt ?? null,
          payload: delivery.rawBody,
          status,
          lastError: options.error ?? null,
        },
        select: { id: true, receivedAt: true },
      });
      if (status !== "RECEIVED") return { id: row.id, jobId: null, duplicate: false };
      const job = await tx.scheduledJob.create({
        data: { shop: delivery.shop, kind: "WEBHOOK", subject: row.id, dueAt: options.processAt ?? row.receivedAt },
        select: { id: true },
      });
      return { id: row.id, jobId: job.id, duplicate: false };
    });
  } catch (error) {
    if (isUniqueConstraintViolation(error)) {
      const existing = await db.webhookEvent.findUniqueOrThrow({
        where: { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } },
        select: { id: true },
      });
      return { id: existing.id, jobId: null, duplicate: true };
    }
    throw error;
  }
}

/** A delivery as its processing reads it; null when the shop no longer has it (erased). */
export async function findStoredDelivery(db: DatabaseOrTx, shop: string, id: string) {
  return db.webhookEvent.findFirst({
    where: { id, shop },
    select: { id: true, shop: true, topic: true, webhookId: true, payload: true, status: true },
  });
}

/** The delivery is being processed now (its `attempts`-th run). */
export async function markDeliveryProcessing(db: DatabaseOrTx, shop: string, id: string, attempts: number) {
  await db.webhookEvent.updateMany({
    where: { id, shop, status: { not: "MALFORMED" } },
    data: { status: "PROCESSING", attempts, nextAttemptAt: null },
  });
}

/** What became of the delivery's processing, as the deliveries page shows it (written as its job settles). */
export interface DeliverySettlement {
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The problem, or why it was not processed. */
  lastError: string | null;
  /** When it is tried again (FAILED only). */
  nextAttemptAt: Date | null;
  processedAt: Date | null;
}

export async function recordDeliverySettlement(
  db: DatabaseOrTx,
  shop: string,
  id: string,
  settlement: DeliverySettlement,
) {
  await db.webhookEvent.updateMany({ where: { id, shop }, data: settlement });
}

/** A place in the deliveries, newest first: a delivery's receipt time and id (ties in time are ordered by id). */
export interface DeliveryPosition {
  receivedAt: Date;
  id: string;
}

/**
 * `take` deliveries of the shop just older than `before` (newest first) or just newer than `after` (oldest first, the
 * order they are read in), or the newest without either: keyset pages on the (shop, receivedAt) index.
 */
export async function listDeliveryPage(
  db: Database,
  shop: string,
  options: { before?: DeliveryPosition; after?: DeliveryPosition; take: number },
) {
  const { before, after } = options;
  const at = before ?? after;
  const older = after === undefined;
  const where = at
    ? {
        shop,
        OR: [
          { receivedAt: older ? { lt: at.receivedAt } : { gt: at.receivedAt } },
          { receivedAt: at.receivedAt, id: older ? { lt: at.id } : { gt: at.id } },
        ],
      }
    : { shop };
  const direction = older ? ("desc" as const) : ("asc" as const);
  return db.webhookEvent.findMany({
    where,
    orderBy: [{ receivedAt: direction }, { id: direction }],
    take: options.take,
  });
}

export async function countDeliveriesByStatus(
  db: Database,
  shop: string,
): Promise<Partial<Record<WebhookDeliveryStatus, number>>> {
  const groups = await db.webhookEvent.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
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
