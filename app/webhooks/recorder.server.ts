// Group commit for webhook intake: deliveries that arrive while a write is in flight are stored together by the
// next one, as one multi-row `INSERT ... ON CONFLICT DO NOTHING` (the same SQL on SQLite and PostgreSQL). Each
// request still waits for its own row to be committed before it is acknowledged, so nothing acknowledged is
// lost; under load the per-delivery cost of the database round trip and of Prisma's query handling is shared.
import { randomUUID } from "node:crypto";
import { providerOf, type Database } from "../db.server";
import type { IncomingDelivery } from "../db/webhook-events.server";

export interface RecordedDelivery {
  /** The new row's id; null for a repeat of a stored delivery (same shop and webhook id). */
  id: string | null;
  duplicate: boolean;
}

export interface DeliveryRecorder {
  record(delivery: IncomingDelivery): Promise<RecordedDelivery>;
}

interface Waiting {
  delivery: IncomingDelivery;
  receivedAt: Date;
  resolve: (result: RecordedDelivery) => void;
  reject: (error: unknown) => void;
}

/** Rows per statement: 11 parameters each, well under SQLite's and PostgreSQL's limits. */
const MAX_BATCH = 200;

export function createDeliveryRecorder(db: Database, options: { now?: () => Date } = {}): DeliveryRecorder {
  const now = options.now ?? (() => new Date());
  let queue: Waiting[] = [];
  let writing = false;

  const flush = async () => {
    if (writing || queue.length === 0) return;
    writing = true;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      const stored = await insertBatch(db, batch);
      for (const waiting of batch) {
        const id = stored.get(waiting) ?? null;
        waiting.resolve({ id, duplicate: id === null });
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      writing = false;
      if (queue.length > 0) void flush();
    }
  };

  return {
    record(delivery) {
      return new Promise<RecordedDelivery>((resolve, reject) => {
        queue.push({ delivery, receivedAt: now(), resolve, reject });
        // Deliveries read in the same turn of the event loop go in one statement.
        if (!writing) setImmediate(() => void flush());
      });
    },
  };
}

/** Inserts the batch; returns the id stored for each delivery that was new (repeats within the batch count once). */
async function insertBatch(db: Database, batch: Waiting[]): Promise<Map<Waiting, string>> {
  const firstOf = new Map<string, Waiting>();
  for (const waiting of batch) {
    const key = `${waiting.delivery.shop}\n${waiting.delivery.webhookId}`;
    if (!firstOf.has(key)) firstOf.set(key, waiting);
  }
  const rows = [...firstOf.values()].map((waiting) => ({ waiting, id: randomUUID() }));
  // Placeholders by hand: `$n` for PostgreSQL, `?` for SQLite (the statement is otherwise the same).
  const postgres = providerOf(db) === "postgresql";
  const params: unknown[] = [];
  const placeholder = (value: unknown) => {
    params.push(value);
    return postgres ? `$${params.length}` : "?";
  };
  const values = rows.map(({ waiting: { delivery, receivedAt }, id }) => {
    const row = [
      id,
      delivery.shop,
      delivery.topic,
      delivery.webhookId,
      delivery.eventId ?? null,
      delivery.apiVersion ?? null,
      delivery.triggeredAt ?? null,
      delivery.rawBody,
      "RECEIVED",
      0,
      receivedAt,
    ];
    return `(${row.map(placeholder).join(", ")})`;
  });
  const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "WebhookEvent" ("id", "shop", "topic", "webhookId", "eventId", "apiVersion", "triggeredAt",
       "payload", "status", "attempts", "receivedAt")
     VALUES ${values.join(", ")}
     ON CONFLICT ("shop", "webhookId") DO NOTHING
     RETURNING "id"`,
    ...params,
  );
  const storedIds = new Set(inserted.map((row) => row.id));
  const result = new Map<Waiting, string>();
  for (const { waiting, id } of rows) if (storedIds.has(id)) result.set(waiting, id);
  return result;
}
