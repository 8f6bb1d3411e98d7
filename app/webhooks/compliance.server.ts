// The mandatory privacy webhooks: each turns Shopify's request into the privacy use case that answers it.
import { customerGidOf, orderGidsOf } from "../domain/privacy-request";
import { customerData, eraseShopData, redactCustomer } from "../services/privacy.server";
import type { WebhookHandler } from "./handler";

/**
 * customers/data_request: the request is kept (the delivery row, with its body) and listed for the merchant under
 * Privacy requests, where the report is built and downloaded. The log says only that a request came and how many
 * orders it concerns: customer data stays out of logs.
 */
export const handleCustomerDataRequest: WebhookHandler = async ({ db, logger, shop, topic, payload }) => {
  const customerGid = customerGidOf(topic, payload);
  const body = payload as { orders_requested?: unknown; data_request?: { id?: unknown } };
  const data = await customerData({ db, shop }, customerGid, orderGidsOf(body.orders_requested));
  logger.info(
    { shop, topic, dataRequestId: body.data_request?.id ?? null, deferredOrders: data.length },
    "customer data request received; report available under Privacy requests",
  );
  return "PROCESSED";
};

/** customers/redact: the customer leaves the app's records; the money stays. */
export const handleCustomerRedact: WebhookHandler = async ({ db, logger, shop, topic, payload }) => {
  const customerGid = customerGidOf(topic, payload);
  const orderGids = orderGidsOf((payload as { orders_to_redact?: unknown }).orders_to_redact);
  const redacted = await redactCustomer({ db, shop }, customerGid, orderGids);
  logger.info({ shop, topic, customerId: customerGid, ...redacted }, "customer redacted");
  return "PROCESSED";
};

/** shop/redact (48 hours after uninstall): every row of the shop goes, but the record of this request. */
export const handleShopRedact: WebhookHandler = async ({ db, logger, shop, topic }) => {
  const erased = await eraseShopData({ db, shop });
  logger.info({ shop, topic, erased }, "shop data erased");
  return "PROCESSED";
};
