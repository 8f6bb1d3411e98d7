// Webhook intake: authenticate (HMAC), record each delivery once, acknowledge, then process it in the background.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import { recordDelivery, type IncomingDelivery } from "../db/webhook-events.server";
import { routeForTopic, topicFromHeader } from "./topics";
import { createDeliveryRecorder, type DeliveryRecorder } from "../db/delivery-recorder.server";

/**
 * A delivery stored for the web process to process is due for the worker only this much later: the web process
 * processes it at once, and the worker takes over only what a process that died (or was full) left behind.
 */
export const RECEIVED_GRACE_MS = 30_000;

/** Where processing runs after the answer: the web process's background runner (a few at a time). */
export interface BackgroundQueue {
  /** Starts `task` soon; false when the queue is full and the task was not taken (the worker will do it). */
  run(task: () => Promise<unknown>): boolean;
}

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
  /** Runs the stored delivery's processing now (the scheduled-work engine's run of that unit). */
  processNow: (jobId: string) => Promise<unknown>;
  now?: () => Date;
  /**
   * Where processing runs once the delivery is stored. Absent: inside the request, before the answer (tests). The
   * route passes the process's background runner, so Shopify gets its 200 as soon as the row is written.
   */
  background?: BackgroundQueue;
  /**
   * Store and answer only: the worker process processes the delivery (`WEBHOOK_PROCESSING=worker`, for web
   * processes that should spend nothing but acknowledging under load).
   */
  leaveToWorker?: boolean;
}

/** One group-committing recorder per database client (each client is one connection pool). */
const recorders = new WeakMap<Database, DeliveryRecorder>();
function recorderFor(db: Database): DeliveryRecorder {
  let recorder = recorders.get(db);
  if (!recorder) recorders.set(db, (recorder = createDeliveryRecorder(db)));
  return recorder;
}

let inFlight = 0;

/** Webhook requests being answered right now in this process (background processing gives way to them). */
export function intakeInFlight(): number {
  return inFlight;
}

/**
 * `rawBody`: the body as text when the caller already read it (the production server's direct path), so it is not
 * read twice; otherwise it is read from a clone of the request (the library reads the request itself).
 */
export async function receiveWebhook(
  request: Request,
  routeSegment: string,
  deps: IntakeDeps,
  rawBody?: string,
): Promise<Response> {
  inFlight++;
  try {
    return await receive(request, routeSegment, deps, rawBody ?? (await request.clone().text()));
  } finally {
    inFlight--;
  }
}

async function receive(request: Request, routeSegment: string, deps: IntakeDeps, rawBody: string): Promise<Response> {
  const now = deps.now ?? (() => new Date());
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
  // Processed here and now, or else by the worker once the grace has passed (this process died, or was full).
  const receivedAt = now();
  const processAt = deps.leaveToWorker ? receivedAt : new Date(receivedAt.getTime() + RECEIVED_GRACE_MS);
  const recorded = await recorderFor(deps.db).record(delivery, { processAt });
  if (recorded.duplicate || !recorded.id || !recorded.jobId) {
    deps.logger.info({ shop: auth.shop, topic, webhookId: auth.webhookId }, "duplicate webhook delivery ignored");
    return new Response(null, { status: 200 });
  }
  if (deps.leaveToWorker) return new Response(null, { status: 200 });
  const jobId = recorded.jobId;
  const process = () => deps.processNow(jobId);
  if (!deps.background) await process();
  else if (!deps.background.run(process)) overflow.note(deps.logger);
  return new Response(null, { status: 200 });
}

/** Deliveries left to the worker because the background queue was full: one warning a minute, with the count. */
const overflow = {
  count: 0,
  lastWarnedAt: 0,
  note(logger: Logger) {
    this.count++;
    const now = Date.now();
    if (now - this.lastWarnedAt < 60_000) return;
    logger.warn({ deliveries: this.count }, "webhook processing queue full; deliveries left to the retry worker");
    this.count = 0;
    this.lastWarnedAt = now;
  },
};

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
    { status: "MALFORMED", error: `Unparseable body: ${error.message}` },
  );
  deps.logger.error({ shop, topic: headerTopic, webhookId }, "malformed webhook body kept for inspection");
  // 200: Shopify would resend the same unreadable bytes; the delivery is stored and visible instead.
  return new Response(null, { status: 200 });
}
