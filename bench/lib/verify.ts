// The exactly-once check: what was sent and acknowledged against the rows the app stored.
import { signBody } from "./webhook-deliveries";

export interface SentDelivery {
  shop: string;
  webhookId: string;
  topic: string;
  /** HMAC of the body as sent; the stored payload must hash to the same (byte-exact). */
  hmac: string;
}

export interface StoredDelivery {
  shop: string;
  webhookId: string;
  topic: string;
  payload: string;
}

export interface RecordCheck {
  /** Rows stored. */
  rows: number;
  /** Distinct deliveries that got a 200 (to at least one of their sends). */
  acknowledged: number;
  /** Acknowledged but not stored: lost. */
  missing: number;
  /** Never acknowledged (timeout, error, non-200): Shopify would send them again; stored or not, not lost. */
  unacknowledged: { stored: number; notStored: number };
  /** Rows for a delivery that was never sent. */
  extra: number;
  /** Rows beyond the first for one (shop, webhook id). */
  duplicateRows: number;
  /** Rows whose topic or body differs from what was sent. */
  mismatched: number;
  /** Every acknowledged delivery stored once, as sent, and nothing else stored. */
  exactlyOnce: boolean;
}

const keyOf = (delivery: { shop: string; webhookId: string }) => `${delivery.shop}\n${delivery.webhookId}`;

/** Collects what was sent and answered 200, then the stored rows, and compares. */
export function createRecordCheck(secret: string) {
  const expected = new Map<string, SentDelivery>();
  const acknowledged = new Set<string>();
  const seen = new Map<string, number>();
  let rows = 0;
  let extra = 0;
  let mismatched = 0;
  return {
    /** A new delivery (not a re-send). */
    sent(delivery: SentDelivery) {
      const { shop, webhookId, topic, hmac } = delivery;
      expected.set(keyOf(delivery), { shop, webhookId, topic, hmac });
    },
    acknowledge(delivery: { shop: string; webhookId: string }) {
      acknowledged.add(keyOf(delivery));
    },
    visit(row: StoredDelivery) {
      rows++;
      const key = keyOf(row);
      const delivery = expected.get(key);
      if (!delivery) {
        extra++;
        return;
      }
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (row.topic !== delivery.topic || signBody(Buffer.from(row.payload, "utf8"), secret) !== delivery.hmac) {
        mismatched++;
      }
    },
    /** Distinct deliveries sent. */
    get unique() {
      return expected.size;
    },
    result(): RecordCheck {
      let missing = 0;
      let duplicateRows = 0;
      const unacknowledged = { stored: 0, notStored: 0 };
      for (const key of expected.keys()) {
        const count = seen.get(key) ?? 0;
        if (count > 1) duplicateRows += count - 1;
        if (acknowledged.has(key)) {
          if (count === 0) missing++;
        } else if (count === 0) unacknowledged.notStored++;
        else unacknowledged.stored++;
      }
      const acknowledgedSent = [...acknowledged].filter((key) => expected.has(key)).length;
      return {
        rows,
        acknowledged: acknowledgedSent,
        missing,
        unacknowledged,
        extra,
        duplicateRows,
        mismatched,
        exactlyOnce: missing === 0 && extra === 0 && duplicateRows === 0 && mismatched === 0,
      };
    },
  };
}
