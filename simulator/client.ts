// A small typed client for the simulator's Admin API and /_sim control API, for tests and scripts (fetch only).
import type { FaultEntry, FaultSpec } from "./src/payments/faults.js";
import type { OutageEntry, OutageSpec } from "./src/graphql/outages.js";
import type { HoldJson, HoldSpec } from "./src/graphql/holds.js";
import type { CheckoutInput } from "./src/operations/checkout.js";
import type { ProductInput } from "./src/operations/catalog.js";
import type { DeliveryRecord, WebhookConfig } from "./src/webhooks/sender.js";
import type { PaymentStatus, PlanName } from "./src/state/types.js";
import type { attemptJson, orderJson, productJson, shopJson } from "./src/control/serialize.js";

export type ShopJson = ReturnType<typeof shopJson>;
export type ProductJson = ReturnType<typeof productJson>;
export type OrderJson = ReturnType<typeof orderJson>;
export type PaymentAttemptJson = ReturnType<typeof attemptJson>;
export type { FaultEntry, FaultSpec, CheckoutInput, ProductInput, DeliveryRecord, HoldJson, HoldSpec };

/** Body of POST …/orders/:id/edit: ids are gids or numeric ids. */
export interface OrderEditBody {
  /** New quantity of each line (its current quantity: refunded and removed units excluded); 0 removes the line. */
  lines?: { lineItemId: string | number; quantity: number; restock?: boolean }[];
  /** Variants added as new lines (no selling plan, variant price). */
  addVariants?: { variantId: string | number; quantity?: number }[];
  staffNote?: string;
  notifyCustomer?: boolean;
}

export interface OrderEditJson {
  /** The numeric id sent as `order_edit.id` in orders/edited. */
  orderEditId: number;
  additions: { lineItemId: string; delta: number }[];
  removals: { lineItemId: string; delta: number }[];
  order: OrderJson;
}

export interface ReturnJson {
  returnId: string;
  name: string;
  status: "OPEN" | "CLOSED";
  closedAt: string | null;
  order: OrderJson;
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[] | string;
  extensions?: {
    cost?: {
      requestedQueryCost: number | null;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
  };
}

export class SimulatorClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Simulator answered ${status}: ${JSON.stringify(body)}`);
  }
}

export class SimulatorClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.baseUrl + "/_sim" + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new SimulatorClientError(res.status, json);
    return json;
  }

  private shopPath(shop: string): string {
    return `/shops/${encodeURIComponent(shop)}`;
  }

  health() {
    return this.call<{ ok: boolean; now: string }>("GET", "/health");
  }
  reset() {
    return this.call<{ ok: true }>("POST", "/reset");
  }
  configure(config: { paymentSteps?: PaymentStatus[]; webhooks?: Partial<WebhookConfig> }) {
    return this.call<{ paymentSteps: PaymentStatus[]; webhooks: WebhookConfig }>("POST", "/config", config);
  }
  clock() {
    return this.call<{ now: string; frozen: boolean }>("GET", "/clock");
  }
  setClock(change: { set?: string; advance?: string | number; freeze?: boolean }) {
    return this.call<{ now: string; frozen: boolean }>("POST", "/clock", change);
  }
  createShop(input: {
    domain: string;
    name?: string;
    currencyCode?: string;
    ianaTimezone?: string;
    plan?: PlanName;
    restoreRate?: number;
    scopes?: string[];
    accessToken?: string;
  }) {
    return this.call<{ shop: ShopJson; accessToken: string }>("POST", "/shops", input);
  }
  shop(domain: string) {
    return this.call<ShopJson>("GET", this.shopPath(domain));
  }
  updateShop(domain: string, change: { plan?: PlanName; restoreRate?: number }) {
    return this.call<ShopJson>("PATCH", this.shopPath(domain), change);
  }
  issueToken(domain: string, scopes?: string[]) {
    return this.call<{ accessToken: string }>("POST", `${this.shopPath(domain)}/tokens`, { scopes });
  }
  async install(domain: string, options: Record<string, unknown> = {}) {
    const res = await fetch(`${this.baseUrl}/_sim${this.shopPath(domain)}/install`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(options),
    });
    return (await res.json()) as {
      installed: boolean;
      shop: string;
      accessToken: string | null;
      scope: string;
      app: { status: number; body: string } | null;
      error: string | null;
    };
  }
  uninstall(domain: string) {
    return this.call<{ uninstalled: true; revokedTokens: number }>("POST", `${this.shopPath(domain)}/uninstall`);
  }
  createProduct(domain: string, input: ProductInput) {
    return this.call<ProductJson>("POST", `${this.shopPath(domain)}/products`, input);
  }
  setInventory(domain: string, variantId: string, change: { available?: number; delta?: number }) {
    return this.call<{ variantId: string; available: number }>("POST", `${this.shopPath(domain)}/inventory`, {
      variantId,
      ...change,
    });
  }
  checkout(domain: string, input: CheckoutInput) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/checkouts`, input);
  }
  order(domain: string, orderId: string) {
    return this.call<OrderJson>("GET", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}`);
  }
  fulfill(domain: string, orderId: string, lineItemIds?: string[]) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/fulfill`, {
      lineItemIds,
    });
  }
  cancel(domain: string, orderId: string, input: { reason?: string; refund?: boolean; restock?: boolean } = {}) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/cancel`, input);
  }
  refund(
    domain: string,
    orderId: string,
    input: {
      amount?: string;
      lineItems?: { lineItemId: string; quantity: number; restock?: boolean }[];
      note?: string;
    } = {},
  ) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/refund`, input);
  }
  /** A payment taken outside the app ("Mark as paid", an invoice paid): `amount` defaults to all that is outstanding. */
  markPaid(domain: string, orderId: string, input: { amount?: string } = {}) {
    return this.call<OrderJson>(
      "POST",
      `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/mark-paid`,
      input,
    );
  }
  returnItems(
    domain: string,
    orderId: string,
    input: { lineItems?: { lineItemId: string; quantity: number }[]; close?: boolean } = {},
  ) {
    return this.call<ReturnJson>(
      "POST",
      `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/return`,
      input,
    );
  }
  /** Closes an open return (sends returns/close). `returnId`: gid or numeric id. */
  closeReturn(domain: string, returnId: string) {
    return this.call<ReturnJson>("POST", `${this.shopPath(domain)}/returns/${encodeURIComponent(returnId)}/close`);
  }
  /** Commits an order edit as a merchant would in the admin (sends orders/edited, orders/updated, payment_terms/update). */
  editOrder(domain: string, orderId: string, body: OrderEditBody) {
    return this.call<OrderEditJson>(
      "POST",
      `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/edit`,
      body,
    );
  }
  /** A merchant editing the due date; `replaceSchedule` replaces the open schedule by one with a new id. */
  editPaymentTerms(domain: string, orderId: string, dueAt: string, options: { replaceSchedule?: boolean } = {}) {
    return this.call<OrderJson>(
      "POST",
      `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/payment-terms`,
      { dueAt, ...options },
    );
  }
  /** Closes (archives) an order: `closedAt` set, orders/updated. Closing a closed order is a no-op. */
  closeOrder(domain: string, orderId: string) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/close`);
  }
  /** Reopens a closed order: `closedAt` cleared, orders/updated. A cancelled order answers 422. */
  reopenOrder(domain: string, orderId: string) {
    return this.call<OrderJson>("POST", `${this.shopPath(domain)}/orders/${encodeURIComponent(orderId)}/open`);
  }
  scriptFaults(domain: string, faults: FaultSpec[], orderId?: string) {
    return this.call<{ faults: unknown[] }>("POST", `${this.shopPath(domain)}/faults`, { orderId, faults });
  }
  /** The shop's scripted faults still to apply (order-scoped and shop-scoped). */
  faults(domain: string) {
    return this.call<{ faults: FaultEntry[] }>("GET", `${this.shopPath(domain)}/faults`).then((r) => r.faults);
  }
  clearFaults(domain: string) {
    return this.call<{ ok: true }>("DELETE", `${this.shopPath(domain)}/faults`);
  }
  /** The shop's next Admin API requests (of one operation, or any) answer an HTTP 5xx, as in an outage. */
  scriptAdminApiOutage(domain: string, spec: OutageSpec = {}) {
    return this.call<{ outage: OutageEntry }>("POST", `${this.shopPath(domain)}/admin-api/outages`, spec);
  }
  adminApiOutages(domain: string) {
    return this.call<{ outages: OutageEntry[] }>("GET", `${this.shopPath(domain)}/admin-api/outages`).then(
      (r) => r.outages,
    );
  }
  clearAdminApiOutages(domain: string) {
    return this.call<{ ok: true }>("DELETE", `${this.shopPath(domain)}/admin-api/outages`);
  }
  /** Parks the shop's next `count` requests of an operation before they run (or holds their answers: phase "after"). */
  holdAdminApi(domain: string, spec: HoldSpec) {
    return this.call<HoldJson>("POST", `${this.shopPath(domain)}/admin-api/holds`, spec);
  }
  adminApiHolds(domain: string) {
    return this.call<{ holds: HoldJson[] }>("GET", `${this.shopPath(domain)}/admin-api/holds`).then((r) => r.holds);
  }
  /** Lets every request parked by the hold go on, and ends the hold. */
  releaseAdminApiHold(domain: string, holdId: number) {
    return this.call<HoldJson>("POST", `${this.shopPath(domain)}/admin-api/holds/${holdId}/release`);
  }
  /** Releases everything parked for the shop and forgets its holds. */
  clearAdminApiHolds(domain: string) {
    return this.call<{ ok: true; released: number }>("DELETE", `${this.shopPath(domain)}/admin-api/holds`);
  }
  /** Waits until the hold has parked a request (`waiting >= 1`); throws after `timeoutMs`. */
  async waitUntilHeld(domain: string, holdId: number, timeoutMs = 10_000): Promise<HoldJson> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hold = (await this.adminApiHolds(domain)).find((h) => h.id === holdId);
      if (hold && hold.waiting >= 1) return hold;
      if (Date.now() > end) throw new Error(`Hold ${holdId} of ${domain} parked no request within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  paymentAttempts(domain: string, orderId?: string) {
    const q = orderId ? `?orderId=${encodeURIComponent(orderId)}` : "";
    return this.call<{ attempts: PaymentAttemptJson[] }>("GET", `${this.shopPath(domain)}/payments${q}`).then(
      (r) => r.attempts,
    );
  }
  resolvePayment(domain: string, paymentReferenceId: string, outcome: FaultSpec = { kind: "success" }) {
    return this.call<PaymentAttemptJson>(
      "POST",
      `${this.shopPath(domain)}/payments/${encodeURIComponent(paymentReferenceId)}/resolve`,
      { outcome },
    );
  }
  settlePayments() {
    return this.call<{ settled: number }>("POST", "/payments/settle");
  }
  reminders(domain: string) {
    return this.call<{ reminders: { paymentScheduleId: string; orderId: string; sentAt: string }[] }>(
      "GET",
      `${this.shopPath(domain)}/reminders`,
    ).then((r) => r.reminders);
  }
  sendCompliance(
    domain: string,
    topic: "customers/data_request" | "customers/redact" | "shop/redact",
    customerId?: string,
  ) {
    return this.call<{ sent: string }>("POST", `${this.shopPath(domain)}/compliance`, { topic, customerId });
  }
  webhooks(filter: { shop?: string; topic?: string; state?: string } = {}) {
    const q = new URLSearchParams(
      Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][],
    ).toString();
    return this.call<{ deliveries: DeliveryRecord[] }>("GET", `/webhooks${q ? "?" + q : ""}`).then((r) => r.deliveries);
  }
  drainWebhooks(timeoutMs = 10_000) {
    return this.call<{ idle: boolean }>("POST", "/webhooks/drain", { timeoutMs });
  }
  seedDemo(install = true) {
    return this.call<{ shop: string; accessToken: string; orders: Record<string, string> }>("POST", "/seed/demo", {
      install,
    });
  }

  /** Calls the Admin API as the app would (POST /admin/api/2026-10/graphql.json with X-Shopify-Access-Token). */
  async graphql<T = Record<string, unknown>>(
    accessToken: string,
    query: string,
    variables?: Record<string, unknown>,
    version = "2026-10",
  ): Promise<GraphqlResponse<T>> {
    const res = await fetch(`${this.baseUrl}/admin/api/${version}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: Omit<GraphqlResponse<T>, "status"> = {};
    try {
      body = JSON.parse(text) as Omit<GraphqlResponse<T>, "status">;
    } catch {
      body = { errors: text };
    }
    return { status: res.status, ...body };
  }
}
