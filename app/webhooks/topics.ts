// The webhook topics the app subscribes to (shopify.app.toml declares the same; a test keeps them equal).

export const SUBSCRIBED_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "orders/create",
  "orders/updated",
  "orders/edited",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "order_transactions/create",
  "payment_terms/create",
  "payment_terms/update",
  "payment_terms/delete",
  "payment_schedules/due",
  "selling_plan_groups/create",
  "selling_plan_groups/update",
  "selling_plan_groups/delete",
  "refunds/create",
  "returns/approve",
  "returns/close",
  "inventory_levels/update",
] as const;

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export type WebhookTopic = (typeof SUBSCRIBED_TOPICS)[number] | (typeof COMPLIANCE_TOPICS)[number];

/** The path segment after /webhooks/ that each topic is delivered to. */
export function routeForTopic(topic: WebhookTopic): string {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic) ? "compliance" : topic;
}

/** Shopify's header form ("orders/create") from @shopify/shopify-api's storage form ("ORDERS_CREATE"). */
export function topicFromHeader(headerTopic: string): WebhookTopic | undefined {
  const normalized = headerTopic.toLowerCase();
  const all: readonly string[] = [...SUBSCRIBED_TOPICS, ...COMPLIANCE_TOPICS];
  return (all.find((topic) => topic === normalized || topic.replace(/\//g, "_") === normalized) ?? undefined) as
    WebhookTopic | undefined;
}
