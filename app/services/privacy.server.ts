// Customer data requests (customers/data_request): Shopify asks the app for what it holds about a customer and the
// merchant must pass it on within 30 days. Each request is kept as received; its report is built when the merchant
// opens it, from what the app holds at that moment, and never written to the logs.
import type { Database } from "../db.server";
import { customerData, customerGidOf, orderGidsOf } from "../webhooks/compliance.server";

const DATA_REQUEST_TOPIC = "customers/data_request";

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

/** The shop's data requests, newest first. */
export async function listDataRequests(db: Database, shop: string, take = 50): Promise<DataRequestSummary[]> {
  const rows = await db.webhookEvent.findMany({
    where: { shop, topic: DATA_REQUEST_TOPIC },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, receivedAt: true, payload: true, status: true },
  });
  return rows.map(summaryOf);
}

/** One request of this shop and what the app holds for its customer now; null for another shop's request. */
export async function dataRequestReport(db: Database, shop: string, requestId: string) {
  const row = await db.webhookEvent.findFirst({
    where: { id: requestId, shop, topic: DATA_REQUEST_TOPIC },
    select: { id: true, receivedAt: true, payload: true, status: true },
  });
  if (!row) return null;
  const request = summaryOf(row);
  const deferredOrders = request.customerId
    ? await customerData(db, shop, request.customerId, request.ordersRequested)
    : [];
  return {
    request,
    report: {
      shop,
      dataRequestId: request.dataRequestId,
      customerId: request.customerId,
      generatedBy: "Deferred purchase options",
      // Deferred orders are the only customer data the app stores: order references, amounts, dates and lines.
      deferredOrders,
    },
  };
}
