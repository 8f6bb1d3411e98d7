// What a topic's handler is given and answers: the shared contract of the handlers and the processing that runs them.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import type { OrderRead } from "../services/stock-rules.server";
import type { WebhookTopic } from "./topics";

export interface WebhookHandlerContext {
  db: Database;
  logger: Logger;
  shop: string;
  topic: WebhookTopic;
  payload: unknown;
  /** The same body parsed losslessly: numbers as their exact digits (ids above 2^53 that `payload` rounds). */
  exact: () => unknown;
  now: Date;
  /** The shop's Admin API gateway (offline session); null once the shop uninstalled the app. */
  admin: () => Promise<AdminClient | null>;
}

export type WebhookHandler = (context: WebhookHandlerContext) => Promise<"PROCESSED" | "IGNORED">;

/** The order as the Admin API reads it now, handed to every subscriber of an order topic (read once per delivery). */
export interface OrderEventContext extends Omit<WebhookHandlerContext, "admin" | "payload" | "exact"> {
  admin: AdminClient;
  order: OrderRead;
}

/**
 * A part of the app that reacts to an order event. Deliveries repeat and arrive out of order, and a failure of
 * any subscriber retries the whole delivery, so each must be idempotent and decide from `order`, not the payload.
 */
export type OrderSubscriber = (context: OrderEventContext) => Promise<"PROCESSED" | "IGNORED">;
