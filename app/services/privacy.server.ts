// Privacy: what the app holds about a customer (customers/data_request, reported to the merchant, who has 30 days to
// pass it on), forgetting a customer (customers/redact) and a whole shop (shop/redact). Reports are built when the
// merchant opens them, from what the app holds at that moment, and never written to the logs.
import { chargesOfOrders, forgetChargeCustomer } from "../db/charges.server";
import type { Database } from "../db/client.server";
import { findCustomerDeferredOrders, forgetCustomer } from "../db/deferred-orders.server";
import { eraseShop } from "../db/shops.server";
import { findDeliveryOfTopic, listDeliveriesOfTopic, redactDeliveryBodies } from "../db/webhook-events.server";
import { bodyConcernsCustomer, customerGidOf, numericIdOf, orderGidsOf } from "../domain/privacy-request";

const DATA_REQUEST_TOPIC = "customers/data_request";
/** The privacy requests themselves stay as received: they are the record of what was asked and done. */
const PRIVACY_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export interface PrivacyScope {
  db: Database;
  shop: string;
}

interface DataRequestBody {
  customer?: { id?: unknown; email?: unknown; phone?: unknown } | null;
  orders_requested?: unknown;
  data_request?: { id?: unknown } | null;
}

export interface DataRequestSummary {
  id: string;
  receivedAt: Date;
  /** Shopify's data request id (the merchant quotes it to the customer). */
  dataRequestId: string | null;
  customerId: string | null;
  customerEmail: string | null;
  ordersRequested: string[];
  status: string;
}

function summaryOf(row: { id: string; receivedAt: Date; payload: string; status: string }): DataRequestSummary {
  let body: DataRequestBody = {};
  try {
    body = JSON.parse(row.payload) as DataRequestBody;
  } catch {
    // A malformed request is still listed (with what is known), so it is not missed.
  }
  let customerId: string | null = null;
  try {
    customerId = customerGidOf(DATA_REQUEST_TOPIC, body);
  } catch {
    customerId = null;
  }
  const requestId = body.data_request?.id;
  return {
    id: row.id,
    receivedAt: row.receivedAt,
    dataRequestId: typeof requestId === "number" || typeof requestId === "string" ? String(requestId) : null,
    customerId,
    customerEmail: typeof body.customer?.email === "string" ? body.customer.email : null,
    ordersRequested: orderGidsOf(body.orders_requested),
    status: row.status,
  };
}

/** Everything the app keeps that names the customer: their deferred orders (money as exact minor-unit strings). */
export async function customerData(scope: PrivacyScope, customerGid: string, orderGids: readonly string[]) {
  const orders = await findCustomerDeferredOrders(scope.db, scope.shop, customerGid, orderGids);
  const charges = await chargesOfOrders(
    scope.db,
    scope.shop,
    orders.map((order) => order.orderId),
  );
  return orders.map((order) => ({
    orderId: order.orderId,
    orderName: order.orderName,
    customerId: order.customerId,
    customerName: order.customerName,
    category: order.category,
    currency: order.total.currency,
    // Minor units as decimal strings: exact, and JSON cannot carry a bigint.
    totalMinor: order.total.minorUnits.toString(),
    receivedMinor: order.received.minorUnits.toString(),
    balanceDueMinor: order.balanceDue.minorUnits.toString(),
    dueAt: order.dueAt?.toISOString() ?? null,
    dueOnFulfillment: order.dueOnFulfillment,
    status: order.status,
    lines: order.lines.map((line) => ({
      lineItemId: line.lineItemId,
      variantId: line.variantId,
      quantity: line.quantity,
    })),
    // Every charge of the balance and every call made to collect it.
    balanceCharges: charges
      .filter((charge) => charge.orderId === order.orderId)
      .map((charge) => ({
        status: charge.status,
        currency: charge.currency,
        expectedMinor: charge.expectedMinor.toString(),
        collectedMinor: charge.collectedMinor.toString(),
        dueAt: charge.dueAt?.toISOString() ?? null,
        attempts: charge.attempts.map((attempt) => ({
          number: attempt.number,
          amountMinor: attempt.amountMinor.toString(),
          status: attempt.status,
          paymentStatus: attempt.paymentStatus,
          paymentMethod: attempt.mandateId,
          at: attempt.createdAt.toISOString(),
        })),
      })),
  }));
}

/** The shop's data requests, newest first. */
export async function listDataRequests(scope: PrivacyScope, take = 50): Promise<DataRequestSummary[]> {
  return (await listDeliveriesOfTopic(scope.db, scope.shop, DATA_REQUEST_TOPIC, take)).map(summaryOf);
}

/** One request of this shop and what the app holds for its customer now; null for another shop's request. */
export async function dataRequestReport(scope: PrivacyScope, requestId: string) {
  const row = await findDeliveryOfTopic(scope.db, scope.shop, DATA_REQUEST_TOPIC, requestId);
  if (!row) return null;
  const request = summaryOf(row);
  const deferredOrders = request.customerId
    ? await customerData(scope, request.customerId, request.ordersRequested)
    : [];
  return {
    request,
    report: {
      shop: scope.shop,
      dataRequestId: request.dataRequestId,
      customerId: request.customerId,
      generatedBy: "Deferred purchase options",
      // Deferred orders are the only customer data the app stores: order references, amounts, dates and lines.
      deferredOrders,
    },
  };
}

/**
 * customers/redact: the customer's identity leaves the deferred orders (id and name set to null); the amounts, dates
 * and lines stay, as the merchant's bookkeeping needs them and they no longer name anyone. Stored order webhook
 * bodies of the customer (or of the orders named) keep only their ids.
 */
export async function redactCustomer(scope: PrivacyScope, customerGid: string, orderGids: readonly string[]) {
  // The charges keep their money and keys; the payment method they name goes (read before the orders forget whose).
  const customerOrders = await findCustomerDeferredOrders(scope.db, scope.shop, customerGid, orderGids);
  const chargeAttempts = await forgetChargeCustomer(
    scope.db,
    scope.shop,
    customerOrders.map((order) => order.orderId),
  );
  const deferredOrders = await forgetCustomer(scope.db, scope.shop, customerGid, orderGids);
  const customerNumeric = numericIdOf(customerGid);
  const orderNumerics = new Set(orderGids.map(numericIdOf));
  const scan = { needles: [customerNumeric, ...orderNumerics], exceptTopics: PRIVACY_TOPICS };
  const deliveries = await redactDeliveryBodies(scope.db, scope.shop, scan, (body) =>
    bodyConcernsCustomer(body, customerNumeric, orderNumerics),
  );
  return { deferredOrders, deliveries, chargeAttempts };
}

/** shop/redact (48 hours after uninstall): every row of the shop goes, but the record of this request. */
export function eraseShopData(scope: PrivacyScope) {
  return eraseShop(scope.db, scope.shop);
}
