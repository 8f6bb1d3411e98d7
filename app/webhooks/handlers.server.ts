// The webhook handler for each topic; topics without one stay recorded (RECEIVED) for the issues that add them.
import type { Database } from "../db.server";
import type { Logger } from "../logger.server";
import { recordUninstall, updateGrantedScopes } from "../db/shops.server";
import type { AdminClient } from "../shopify/client.server";
import { reconcileSellingPlanGroup } from "../services/offers.server";
import type { WebhookTopic } from "./topics";

export interface WebhookHandlerContext {
  db: Database;
  logger: Logger;
  shop: string;
  topic: WebhookTopic;
  payload: unknown;
  now: Date;
  /** The shop's Admin API gateway (offline session); null once the shop uninstalled the app. */
  admin: () => Promise<AdminClient | null>;
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
  "selling_plan_groups/create": reconcileGroup,
  "selling_plan_groups/update": reconcileGroup,
  "selling_plan_groups/delete": reconcileGroup,
};

/** The payload names the group; the truth is read back from the Admin API, so order and duplicates do not matter. */
async function reconcileGroup({ db, shop, payload, now, admin }: WebhookHandlerContext) {
  const groupId = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
  if (typeof groupId !== "string") throw new Error("selling plan group payload has no admin_graphql_api_id");
  const client = await admin();
  if (!client) return "IGNORED";
  const outcome = await reconcileSellingPlanGroup({ db, shop, admin: client, now: () => now }, groupId);
  return outcome === "UNKNOWN_GROUP" ? "IGNORED" : "PROCESSED";
}

export function handlerFor(topic: WebhookTopic): WebhookHandler | undefined {
  return handlers[topic];
}
