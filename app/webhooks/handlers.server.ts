// The webhook handler for each topic; topics without one stay recorded (RECEIVED) for the issues that add them.
import type { Database } from "../db.server";
import type { Logger } from "../logger.server";
import { recordUninstall, updateGrantedScopes } from "../db/shops.server";
import type { WebhookTopic } from "./topics";

export interface WebhookHandlerContext {
  db: Database;
  logger: Logger;
  shop: string;
  topic: WebhookTopic;
  payload: unknown;
  now: Date;
}

export type WebhookHandler = (context: WebhookHandlerContext) => Promise<"PROCESSED" | "IGNORED">;

const handlers: Partial<Record<WebhookTopic, WebhookHandler>> = {
  "app/uninstalled": async ({ db, shop, now }) => {
    await recordUninstall(db, shop, now);
    return "PROCESSED";
  },
  "app/scopes_update": async ({ db, shop, payload }) => {
    const current = (payload as { current?: unknown }).current;
    if (!Array.isArray(current)) throw new Error("app/scopes_update payload has no `current` scope list");
    await updateGrantedScopes(db, shop, current.map(String).join(","));
    return "PROCESSED";
  },
};

export function handlerFor(topic: WebhookTopic): WebhookHandler | undefined {
  return handlers[topic];
}
