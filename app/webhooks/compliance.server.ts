// The mandatory privacy webhooks: what the app holds about a customer, erasing it, and erasing a whole shop.
import type { Database } from "../db.server";
import { eraseShop } from "../db/shops.server";
import { redactDeliveryBodies } from "../db/webhook-events.server";
import type { WebhookHandler } from "./handlers.server";
import { COMPLIANCE_TOPICS } from "./topics";
import { exactId } from "../domain/deferred-order";

export function customerGidOf(topic: string, payload: unknown): string {
  const id = exactId((payload as { customer?: { id?: unknown } } | null)?.customer?.id);
  // Thrown, so the delivery stays FAILED and visible: a privacy request must never be silently skipped.
  if (!id) throw new Error(`${topic} payload has no exact customer.id`);
  return `gid://shopify/Customer/${id}`;
}

export function orderGidsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => exactId(item)).flatMap((id) => (id ? [`gid://shopify/Order/${id}`] : []));
}

/** Everything the app keeps that names the customer: deferred orders (the only per-customer data it stores). */
export async function customerData(db: Database, shop: string, customerGid: string, orderGids: readonly string[]) {
  const orders = await db.deferredOrder.findMany({
    where: {
      shop,
      OR: [{ customerId: customerGid }, ...(orderGids.length ? [{ orderId: { in: [...orderGids] } }] : [])],
    },
    include: { lines: true },
    orderBy: { createdAt: "asc" },
  });
  return orders.map((order) => ({
    orderId: order.orderId,
    orderName: order.orderName,
    customerId: order.customerId,
    customerName: order.customerName,
    category: order.category,
    currency: order.currency,
    // Minor units as decimal strings: exact, and JSON cannot carry a bigint.
    totalMinor: order.totalMinor.toString(),
    receivedMinor: order.receivedMinor.toString(),
    balanceDueMinor: order.balanceDueMinor.toString(),
    dueAt: order.dueAt?.toISOString() ?? null,
    dueOnFulfillment: order.dueOnFulfillment,
    status: order.status,
    lines: order.lines.map((line) => ({
      lineItemId: line.lineItemId,
      variantId: line.variantId,
      quantity: line.quantity,
    })),
  }));
}

/**
 * customers/data_request: the request is kept (the delivery row, with its body) and listed for the merchant under
 * Privacy requests, where the report of what the app holds is built and downloaded (Shopify gives 30 days). The log
 * says only that a request came and how many orders it concerns: customer data stays out of logs.
 */
export const handleCustomerDataRequest: WebhookHandler = async ({ db, logger, shop, topic, payload }) => {
  const customerGid = customerGidOf(topic, payload);
  const body = payload as { orders_requested?: unknown; data_request?: { id?: unknown } };
  const data = await customerData(db, shop, customerGid, orderGidsOf(body.orders_requested));
  logger.info(
    { shop, topic, dataRequestId: body.data_request?.id ?? null, deferredOrders: data.length },
    "customer data request received; report available under Privacy requests",
  );
  return "PROCESSED";
};

/**
 * customers/redact: the customer's identity leaves the deferred orders (id and name set to null); the amounts, dates
 * and lines stay, as the merchant's bookkeeping needs them and they no longer name anyone. Stored order webhook
 * bodies of the customer (or of the orders named) keep only their ids.
 */
export const handleCustomerRedact: WebhookHandler = async ({ db, logger, shop, topic, payload }) => {
  const customerGid = customerGidOf(topic, payload);
  const orderGids = orderGidsOf((payload as { orders_to_redact?: unknown }).orders_to_redact);
  const { count } = await db.deferredOrder.updateMany({
    where: { shop, OR: [{ customerId: customerGid }, ...(orderGids.length ? [{ orderId: { in: orderGids } }] : [])] },
    data: { customerId: null, customerName: null },
  });
  const customerNumeric = customerGid.slice(customerGid.lastIndexOf("/") + 1);
  const orderNumerics = new Set(orderGids.map((gid) => gid.slice(gid.lastIndexOf("/") + 1)));
  // The privacy requests themselves stay as received: they are the record of what was asked and done.
  const scan = { needles: [customerNumeric, ...orderNumerics], exceptTopics: COMPLIANCE_TOPICS };
  const deliveries = await redactDeliveryBodies(db, shop, scan, (body) => {
    const customer = body.customer as { id?: unknown } | null | undefined;
    if (customer && exactId(customer.id) === customerNumeric) return true;
    const orderId = exactId(body.order_id) ?? exactId(body.id);
    return orderId !== null && orderNumerics.has(orderId) && ("order_id" in body || "line_items" in body);
  });
  logger.info({ shop, topic, customerId: customerGid, deferredOrders: count, deliveries }, "customer redacted");
  return "PROCESSED";
};

/** shop/redact (48 hours after uninstall): every row of the shop goes, but the record of this request. */
export const handleShopRedact: WebhookHandler = async ({ db, logger, shop, topic }) => {
  const erased = await eraseShop(db, shop);
  logger.info({ shop, topic, erased }, "shop data erased");
  return "PROCESSED";
};
