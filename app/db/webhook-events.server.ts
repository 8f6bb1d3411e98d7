// Webhook deliveries: each recorded once per (shop, webhook id), with its raw body and processing state.
import { isUniqueConstraintViolation } from "./errors";
import type { Database } from "../db.server";

export type WebhookEventStatus = "RECEIVED" | "PROCESSED" | "IGNORED" | "FAILED" | "MALFORMED";

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

export async function markProcessed(db: Database, shop: string, id: string, status: "PROCESSED" | "IGNORED") {
  await db.webhookEvent.updateMany({
    where: { id, shop },
    data: { status, processedAt: new Date(), lastError: null, attempts: { increment: 1 } },
  });
}

export async function markFailed(db: Database, shop: string, id: string, error: string, retryAt: Date) {
  await db.webhookEvent.updateMany({
    where: { id, shop },
    data: { status: "FAILED", lastError: error.slice(0, 2000), attempts: { increment: 1 }, nextAttemptAt: retryAt },
  });
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
): Promise<Partial<Record<WebhookEventStatus, number>>> {
  const groups = await db.webhookEvent.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
}
