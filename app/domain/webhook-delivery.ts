// What became of a webhook delivery, as the app records it and the merchant sees it.

export type WebhookEventStatus = "RECEIVED" | "PROCESSED" | "IGNORED" | "FAILED" | "MALFORMED";

/**
 * Every status a delivery row can have. FAILED -> PROCESSING (a worker runs it) -> PROCESSED | IGNORED | FAILED |
 * DEAD (given up; kept, never deleted). MALFORMED: kept for inspection, never retried.
 */
export type WebhookDeliveryStatus = WebhookEventStatus | "PROCESSING" | "DEAD";

/**
 * A signed body that parses but lacks what its topic needs (no id, not an object): retrying cannot mend it, so the
 * delivery is kept as MALFORMED for inspection at once.
 */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPayloadError";
  }
}
