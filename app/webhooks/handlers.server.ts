// The webhook handler for each topic; topics without one stay recorded (RECEIVED) for the issues that add them.
import type { Database } from "../db.server";
import type { Logger } from "../logger.server";
import { recordUninstall, updateGrantedScopes } from "../db/shops.server";
import type { AdminClient } from "../shopify/client.server";
import { reconcileSellingPlanGroup } from "../services/offers.server";
import {
  applyInventoryLevel,
  countPresaleOrder,
  type OrderRead,
  type StockUpdateOutcome,
} from "../services/stock-rules.server";
import { fetchDeferredOrder } from "../shopify/operations/deferred-orders";
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

/** The order as the Admin API reads it now, handed to every subscriber of an order topic (read once per delivery). */
export interface OrderEventContext extends Omit<WebhookHandlerContext, "admin" | "payload"> {
  admin: AdminClient;
  order: OrderRead;
}

/**
 * A part of the app that reacts to an order event. Deliveries repeat and arrive out of order, and a failure of
 * any subscriber retries the whole delivery, so each must be idempotent and decide from `order`, not the payload.
 */
export type OrderSubscriber = (context: OrderEventContext) => Promise<"PROCESSED" | "IGNORED">;

/** Pre-sale caps: units sold on each offer's selling plans. */
const countPresaleUnits: OrderSubscriber = async ({ db, shop, admin, now, order }) =>
  outcomeOf(await countPresaleOrder({ db, shop, admin, now: () => now }, order), "pre-sale count");

/** orders/create; deferred-order intake joins this list. */
const orderCreatedSubscribers: OrderSubscriber[] = [countPresaleUnits];
/** orders/cancelled: a cancelled order gives its pre-sale units back. */
const orderCancelledSubscribers: OrderSubscriber[] = [countPresaleUnits];

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
  "orders/create": orderHandler(orderCreatedSubscribers),
  "orders/cancelled": orderHandler(orderCancelledSubscribers),
  "inventory_levels/update": async ({ db, shop, payload, now, admin }) => {
    // The numeric inventory_item_id can exceed 2^53 and arrive rounded; the gid carries it as text.
    const levelId = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
    if (typeof levelId !== "string") throw new Error("inventory_levels/update payload has no admin_graphql_api_id");
    const client = await admin();
    if (!client) return "IGNORED";
    return outcomeOf(await applyInventoryLevel({ db, shop, admin: client, now: () => now }, levelId), "stock rule");
  },
};

/** Problems are raised so the delivery is kept FAILED with the reason and retried (the retry re-reads everything). */
function outcomeOf(outcome: StockUpdateOutcome, what: string): "PROCESSED" | "IGNORED" {
  if (outcome.problems.length > 0) throw new Error(`${what}: ${outcome.problems.join("; ")}`);
  return outcome.offers > 0 ? "PROCESSED" : "IGNORED";
}

/** Reads the order named by the payload once and hands it to each subscriber in turn. */
function orderHandler(subscribers: readonly OrderSubscriber[]): WebhookHandler {
  return async (context) => {
    const orderId = (context.payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
    if (typeof orderId !== "string") throw new Error(`${context.topic} payload has no admin_graphql_api_id`);
    const admin = await context.admin();
    if (!admin) return "IGNORED";
    const order = await fetchDeferredOrder(admin, orderId);
    if (!order) return "IGNORED"; // deleted since: nothing to count or take in
    const { payload: _payload, admin: _admin, ...rest } = context;
    let processed = false;
    for (const subscriber of subscribers) {
      if ((await subscriber({ ...rest, admin, order })) === "PROCESSED") processed = true;
    }
    return processed ? "PROCESSED" : "IGNORED";
  };
}

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
