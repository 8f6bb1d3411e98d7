// Reading Shopify's privacy requests (customers/data_request, customers/redact): who they name, exactly.
import { exactId } from "./deferred-order";
import { MalformedPayloadError } from "./webhook-delivery";

/** The customer a privacy request names, as a gid; throws when the body has no exact customer id. */
export function customerGidOf(topic: string, payload: unknown): string {
  const id = exactId((payload as { customer?: { id?: unknown } } | null)?.customer?.id);
  // Thrown, so the delivery is kept MALFORMED and visible: a privacy request must never be silently skipped.
  if (!id) throw new MalformedPayloadError(`${topic} payload has no exact customer.id`);
  return `gid://shopify/Customer/${id}`;
}

/** The order gids of a request's `orders_requested` / `orders_to_redact` list (ids that are not exact are left out). */
export function orderGidsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => exactId(item)).flatMap((id) => (id ? [`gid://shopify/Order/${id}`] : []));
}

/** The last segment of a gid: the numeric id REST bodies carry. */
export function numericIdOf(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

/** The keys a redacted webhook body keeps: the ids handlers read (they re-read the rest from the Admin API). */
export const REDACTED_BODY_KEYS = ["id", "admin_graphql_api_id", "order_id"] as const;

/**
 * Whether a stored webhook body names the redacted customer, or is an order body (or an order's child: it has
 * `order_id`) of one of the orders to redact.
 */
export function bodyConcernsCustomer(
  body: Record<string, unknown>,
  customerNumericId: string,
  orderNumericIds: ReadonlySet<string>,
): boolean {
  const customer = body.customer as { id?: unknown } | null | undefined;
  if (customer && exactId(customer.id) === customerNumericId) return true;
  const orderId = exactId(body.order_id) ?? exactId(body.id);
  return orderId !== null && orderNumericIds.has(orderId) && ("order_id" in body || "line_items" in body);
}

/** What a redacted body keeps: its ids, and a note of why the rest is gone. */
export function redactedBody(body: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.fromEntries(REDACTED_BODY_KEYS.filter((key) => key in body).map((key) => [key, body[key]]));
  return { ...kept, redacted: "customers/redact" };
}
