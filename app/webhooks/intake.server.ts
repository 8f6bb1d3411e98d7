// Webhook intake: authenticate (HMAC), record each delivery once, hand it to its topic's handler, answer fast.
import type { Database } from "../db.server";
import type { Logger } from "../logger.server";
import { markFailed, markProcessed, recordDelivery, type IncomingDelivery } from "../db/webhook-events.server";
import { routeForTopic, topicFromHeader, type WebhookTopic } from "./topics";
import { handlerFor, type WebhookHandlerContext } from "./handlers.server";
import type { AdminClient } from "../shopify/client.server";

export interface WebhookAuthentication {
  shop: string;
  topic: string;
  webhookId: string;
  apiVersion?: string;
  triggeredAt?: string;
  eventId?: string;
  payload: unknown;
}

export interface IntakeDeps {
  db: Database;
  logger: Logger;
  /** `shopify.authenticate.webhook`: verifies the HMAC and parses the body; throws a Response when it refuses. */
  authenticate: (request: Request) => Promise<WebhookAuthentication>;
  /** The Admin API gateway for a shop's offline session (null when it has none). */
  adminFor: (shop: string) => Promise<AdminClient | null>;
  now?: () => Date;
}

/** A retry of a failed processing is scheduled this long after the failure (the worker picks it up). */
const RETRY_DELAY_MS = 60_000;

export async function receiveWebhook(request: Request, routeSegment: string, deps: IntakeDeps): Promise<Response> {
  const now = deps.now ?? (() => new Date());
  const rawBody = await request.clone().text();
  let auth: WebhookAuthentication;
  try {
    auth = await deps.authenticate(request);
  } catch (error) {
    if (error instanceof Response) return error; // 401 bad HMAC, 400 missing headers, 405 not POST: nothing stored
    if (error instanceof SyntaxError) {
      // The library parses JSON only after the HMAC checked out: a genuine delivery we cannot read.
      return keepMalformed(request, rawBody, error, deps);
    }
    throw error;
  }

  const topic = topicFromHeader(auth.topic);
  if (!topic || routeForTopic(topic) !== routeSegment) {
    deps.logger.warn(
      { shop: auth.shop, topic: auth.topic, route: routeSegment },
      "webhook delivered to the wrong route",
    );
    return new Response("Topic does not match this route", { status: 400 });
  }

  const delivery: IncomingDelivery = {
    shop: auth.shop,
    topic,
    webhookId: auth.webhookId,
    eventId: auth.eventId ?? null,
    apiVersion: auth.apiVersion ?? null,
    triggeredAt: auth.triggeredAt ? new Date(auth.triggeredAt) : null,
    rawBody,
  };
  const recorded = await recordDelivery(deps.db, delivery);
  if (recorded.duplicate) {
    deps.logger.info({ shop: auth.shop, topic, webhookId: auth.webhookId }, "duplicate webhook delivery ignored");
    return new Response(null, { status: 200 });
  }

  await processDelivery(recorded.id, topic, auth, deps, now);
  return new Response(null, { status: 200 });
}

async function processDelivery(
  eventId: string,
  topic: WebhookTopic,
  auth: WebhookAuthentication,
  deps: IntakeDeps,
  now: () => Date,
) {
  const handler = handlerFor(topic);
  if (!handler) return; // stays RECEIVED: kept until a handler for the topic exists
  const context: WebhookHandlerContext = {
    db: deps.db,
    logger: deps.logger,
    shop: auth.shop,
    topic,
    payload: auth.payload,
    now: now(),
    admin: () => deps.adminFor(auth.shop),
  };
  try {
    const outcome = await handler(context);
    await markProcessed(deps.db, auth.shop, eventId, outcome);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error({ shop: auth.shop, topic, err: message }, "webhook processing failed; kept for retry");
    await markFailed(deps.db, auth.shop, eventId, message, new Date(now().getTime() + RETRY_DELAY_MS));
  }
}

async function keepMalformed(request: Request, rawBody: string, error: Error, deps: IntakeDeps) {
  const headers = request.headers;
  const shop = headers.get("x-shopify-shop-domain") ?? "unknown";
  const headerTopic = headers.get("x-shopify-topic") ?? "unknown";
  const webhookId = headers.get("x-shopify-webhook-id") ?? `malformed-${Date.now()}`;
  await recordDelivery(
    deps.db,
    {
      shop,
      topic: topicFromHeader(headerTopic) ?? headerTopic,
      webhookId,
      eventId: headers.get("x-shopify-event-id"),
      apiVersion: headers.get("x-shopify-api-version"),
      triggeredAt: null,
      rawBody,
    },
    "MALFORMED",
    `Unparseable body: ${error.message}`,
  );
  deps.logger.error({ shop, topic: headerTopic, webhookId }, "malformed webhook body kept for inspection");
  // 200: Shopify would resend the same unreadable bytes; the delivery is stored and visible instead.
  return new Response(null, { status: 200 });
}
