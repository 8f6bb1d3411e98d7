// The webhook handler for each topic; topics without one stay recorded (RECEIVED) for the issues that add them.
import { recordUninstall, updateGrantedScopes } from "../db/shops.server";
import { handleCustomerDataRequest, handleCustomerRedact, handleShopRedact } from "./compliance.server";
import type { OrderSubscriber, WebhookHandler, WebhookHandlerContext } from "./handler";
import { reconcileSellingPlanGroup } from "../services/offers.server";
import { applyInventoryLevel, countPresaleOrder, type StockUpdateOutcome } from "../services/stock-rules.server";
import { fetchDeferredOrder } from "../shopify/operations/deferred-orders";
import { paymentScheduleGid, paymentTermsGid } from "../domain/deferred-order";
import { exactIdAt } from "./payload";
import {
  orderIdForPaymentSchedule,
  orderIdForPaymentTerms,
  syncDeferredOrder,
} from "../services/deferred-orders.server";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./topics";
import { MalformedPayloadError } from "../domain/webhook-delivery";

/** Pre-sale caps: units sold on each offer's selling plans. */
const countPresaleUnits: OrderSubscriber = async ({ db, shop, admin, now, order }) =>
  outcomeOf(await countPresaleOrder({ db, shop, admin, now: () => now }, order), "pre-sale count");

/** Deferred orders: the order with payment terms on this app's plans, stored as the read says (or left alone). */
const keepDeferredOrder: OrderSubscriber = async ({ db, shop, now, order }) => {
  const outcome = await syncDeferredOrder({ db, shop, now: () => now }, order);
  return outcome === "CREATED" || outcome === "UPDATED" ? "PROCESSED" : "IGNORED";
};

/** orders/create: pre-sale count and deferred-order intake. */
const orderCreatedSubscribers: OrderSubscriber[] = [countPresaleUnits, keepDeferredOrder];
/** orders/cancelled: a cancelled order gives its pre-sale units back and is never charged. */
const orderCancelledSubscribers: OrderSubscriber[] = [countPresaleUnits, keepDeferredOrder];
/** Every other event that can change what is owed, when, or whether the order is still open. */
const orderChangedSubscribers: OrderSubscriber[] = [keepDeferredOrder];

/** An order id the payload gives as a gid (orders/*). */
const orderGidOf: OrderIdResolver = async ({ topic, payload }) => {
  const orderId = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
  if (typeof orderId !== "string") throw new MalformedPayloadError(`${topic} payload has no admin_graphql_api_id`);
  return orderId;
};

/**
 * order_transactions/create, refunds/create and returns/close name the order only by its numeric `order_id`,
 * orders/edited by `order_edit.order_id`: read from the lossless body, since above 2^53 the parsed number may be
 * another order's id.
 */
function numericOrderIdAt(...path: string[]): OrderIdResolver {
  return async ({ topic, exact }) => {
    const digits = exactIdAt(exact(), ...path);
    if (!digits) throw new MalformedPayloadError(`${topic} payload has no ${path.join(".")}`);
    return `gid://shopify/Order/${digits}`;
  };
}

/** returns/approve names the order as `order.admin_graphql_api_id`; returns/close only by `order_id`. */
const returnOrderIdOf: OrderIdResolver = async (context) => {
  const order = (context.payload as { order?: { admin_graphql_api_id?: unknown } | null }).order;
  if (typeof order?.admin_graphql_api_id === "string") return order.admin_graphql_api_id;
  const digits = exactIdAt(context.exact(), "order", "id") ?? exactIdAt(context.exact(), "order_id");
  if (!digits) throw new MalformedPayloadError(`${context.topic} payload names no order`);
  return `gid://shopify/Order/${digits}`;
};

/** payment_terms/* name only the terms (under Shopify's REST class name); the stored order is found by them. */
const termsOrderIdOf: OrderIdResolver = async ({ db, shop, now, topic, payload, exact }) => {
  // payment_terms/delete carries only the numeric `id`, which may exceed 2^53: its exact digits are used.
  const gid = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
  const termsId = paymentTermsGid({ admin_graphql_api_id: gid, id: exactIdAt(exact(), "id") });
  if (!termsId) throw new MalformedPayloadError(`${topic} payload has no payment terms id`);
  // Terms of an order the app has not taken in yet: its orders/create delivery will bring them.
  return orderIdForPaymentTerms({ db, shop, now: () => now }, termsId);
};

/**
 * payment_schedules/due carries no order id: the schedule's gid (exact text) finds the stored order, else its
 * numeric `payment_terms_id` when that cannot have been rounded (Shopify's example ids exceed 2^53).
 */
const scheduleOrderIdOf: OrderIdResolver = async ({ db, shop, now, topic, payload, exact }) => {
  const ctx = { db, shop, now: () => now };
  const scheduleId = paymentScheduleGid(payload as { admin_graphql_api_id?: unknown });
  const bySchedule = scheduleId ? await orderIdForPaymentSchedule(ctx, scheduleId) : null;
  if (bySchedule) return bySchedule;
  const termsId = paymentTermsGid({ id: exactIdAt(exact(), "payment_terms_id") });
  if (termsId) return orderIdForPaymentTerms(ctx, termsId);
  if (!scheduleId)
    throw new MalformedPayloadError(`${topic} payload has neither a schedule gid nor an exact payment_terms_id`);
  return null;
};

const handlers: Partial<Record<WebhookTopic, WebhookHandler>> = {
  "app/uninstalled": async ({ db, shop, now }) => {
    await recordUninstall(db, shop, now);
    return "PROCESSED";
  },
  "app/scopes_update": async ({ db, shop, payload }) => {
    const current = (payload as { current?: unknown }).current;
    if (!Array.isArray(current))
      throw new MalformedPayloadError("app/scopes_update payload has no `current` scope list");
    await updateGrantedScopes(db, shop, current.map(String).join(","));
    return "PROCESSED";
  },
  "selling_plan_groups/create": reconcileGroup,
  "selling_plan_groups/update": reconcileGroup,
  "selling_plan_groups/delete": reconcileGroup,
  "orders/create": orderHandler(orderCreatedSubscribers),
  "orders/cancelled": orderHandler(orderCancelledSubscribers),
  "orders/updated": orderHandler(orderChangedSubscribers),
  "orders/fulfilled": orderHandler(orderChangedSubscribers),
  "orders/partially_fulfilled": orderHandler(orderChangedSubscribers),
  "orders/edited": orderHandler(orderChangedSubscribers, numericOrderIdAt("order_edit", "order_id")),
  "order_transactions/create": orderHandler(orderChangedSubscribers, numericOrderIdAt("order_id")),
  "refunds/create": orderHandler(orderChangedSubscribers, numericOrderIdAt("order_id")),
  // A return in progress holds the balance charge until it closes (the read carries the order's returns).
  "returns/approve": orderHandler(orderChangedSubscribers, returnOrderIdOf),
  "returns/close": orderHandler(orderChangedSubscribers, returnOrderIdOf),
  "payment_terms/create": orderHandler(orderChangedSubscribers, termsOrderIdOf),
  "payment_terms/update": orderHandler(orderChangedSubscribers, termsOrderIdOf),
  "payment_terms/delete": orderHandler(orderChangedSubscribers, termsOrderIdOf),
  "payment_schedules/due": orderHandler(orderChangedSubscribers, scheduleOrderIdOf),
  "customers/data_request": handleCustomerDataRequest,
  "customers/redact": handleCustomerRedact,
  "shop/redact": handleShopRedact,
  "inventory_levels/update": async ({ db, shop, payload, now, admin }) => {
    // The numeric inventory_item_id can exceed 2^53 and arrive rounded; the gid carries it as text.
    const levelId = (payload as { admin_graphql_api_id?: unknown }).admin_graphql_api_id;
    if (typeof levelId !== "string")
      throw new MalformedPayloadError("inventory_levels/update payload has no admin_graphql_api_id");
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

/** The order a delivery is about; null when the app cannot know it and has nothing to do. Throws on a bad payload. */
type OrderIdResolver = (context: WebhookHandlerContext) => Promise<string | null>;

/** Reads the order named by the payload once and hands it to each subscriber in turn. */
function orderHandler(
  subscribers: readonly OrderSubscriber[],
  orderIdOf: OrderIdResolver = orderGidOf,
): WebhookHandler {
  return async (context) => {
    const orderId = await orderIdOf(context);
    if (!orderId) return "IGNORED";
    const admin = await context.admin();
    if (!admin) return "IGNORED";
    const order = await fetchDeferredOrder(admin, orderId);
    if (!order) return "IGNORED"; // deleted since: nothing to count or take in
    const { payload: _payload, exact: _exact, admin: _admin, ...rest } = context;
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
  if (typeof groupId !== "string")
    throw new MalformedPayloadError("selling plan group payload has no admin_graphql_api_id");
  const client = await admin();
  if (!client) return "IGNORED";
  const outcome = await reconcileSellingPlanGroup({ db, shop, admin: client, now: () => now }, groupId);
  return outcome === "UNKNOWN_GROUP" ? "IGNORED" : "PROCESSED";
}

/** Topics handled even for a shop that uninstalled the app: its own uninstall, and Shopify's privacy requests. */
export function runsAfterUninstall(topic: WebhookTopic): boolean {
  return topic === "app/uninstalled" || (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

/** The topics that have a handler (the retry worker takes up RECEIVED deliveries of these). */
export function handledTopics(): WebhookTopic[] {
  return Object.keys(handlers) as WebhookTopic[];
}

/**
 * The topic's handler. Whether the shop still has the app is decided once, before the claim, by the processing
 * that runs every delivery (processing.server.ts): handlers themselves do not ask again.
 */
export function handlerFor(topic: WebhookTopic): WebhookHandler | undefined {
  return handlers[topic];
}
