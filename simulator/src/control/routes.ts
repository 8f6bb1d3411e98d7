// The /_sim/* control API: shops, tokens, install, catalog, checkout, order actions, faults, payments, webhooks, clock.
import { createHmac } from "node:crypto";
import { Duration } from "luxon";
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { AdminApi } from "../graphql/api.js";
import type { WebhookConfig, WebhookSender } from "../webhooks/sender.js";
import { COMPLIANCE_TOPICS } from "../webhooks/subscriptions.js";
import { RESTORE_RATES, normalizeShopDomain } from "../state/store.js";
import type { PaymentStatus, PlanName, ReturnRecord } from "../state/types.js";
import { gid, numericIdOf } from "../state/ids.js";
import { createProduct, adjustInventory, type ProductInput } from "../operations/catalog.js";
import { placeOrder, CheckoutError, type CheckoutInput } from "../operations/checkout.js";
import {
  OrderOperationError,
  cancelOrder,
  closeOrder,
  closeReturn,
  openOrder,
  markOrderPaid,
  editOrder,
  fulfillOrder,
  refundOrder,
  returnOrder,
  updatePaymentTerms,
  type RefundInput,
} from "../operations/orders.js";
import { resolveAttempt, settleAllInFlight } from "../operations/payments.js";
import { FaultError, RESOLVE_KINDS, faultSpecError, type FaultSpec } from "../payments/faults.js";
import type { HoldPhase } from "../graphql/holds.js";
import { OUTAGE_STATUSES } from "../graphql/outages.js";
import { shopPayload } from "../webhooks/payloads.js";
import { attemptJson, orderJson, productJson, shopJson } from "./serialize.js";
import { seedDemo } from "../seed/demo.js";

export interface ControlDeps {
  sim: Simulator;
  api: AdminApi;
  sender: WebhookSender;
  appUrl: string;
  apiSecret: string;
  /** Runs after every state change: due-date scan and webhook flush. */
  afterChange: () => void;
  fetch: typeof fetch;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

function requireShop(sim: Simulator, domain: string): ShopState {
  const s = sim.store.shop(decodeURIComponent(domain));
  if (!s) throw new ControlError(404, `Unknown shop ${domain}`);
  return s;
}

function orderIdParam(raw: string): number {
  const text = decodeURIComponent(raw);
  const id = /^\d+$/.test(text) ? Number(text) : numericIdOf(text, "Order");
  if (id === null) throw new ControlError(400, `Not an order id: ${text}`);
  return id;
}

function returnIdParam(raw: string): number {
  const text = decodeURIComponent(raw);
  const id = /^\d+$/.test(text) ? Number(text) : numericIdOf(text, "Return");
  if (id === null) throw new ControlError(400, `Not a return id: ${text}`);
  return id;
}

/** A line item or variant id in a body: a gid of the type, a numeric string or a number. */
function bodyId(value: unknown, type: string, field: string): number {
  const text = String(value);
  const id = /^\d+$/.test(text) ? Number(text) : numericIdOf(text, type);
  if (id === null) throw new ControlError(400, `${field}: not a ${type} id: ${text}`);
  return id;
}

function returnJson(s: ShopState, r: ReturnRecord) {
  return {
    returnId: gid("Return", r.id),
    name: r.name,
    status: r.status,
    closedAt: r.closedAt?.toISOString() ?? null,
    order: orderJson(s, s.orders.get(r.orderId)!),
  };
}

function parseDurationMs(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const d = Duration.fromISO(v);
    if (d.isValid) return d.as("milliseconds");
  }
  throw new ControlError(400, `advance must be milliseconds or an ISO-8601 duration, got ${JSON.stringify(v)}`);
}

/** Installs the app on a shop: creates the shop if needed, issues an offline token, and hands it to the app. */
export async function installApp(deps: ControlDeps, domain: string, options: Body = {}) {
  const { sim, sender } = deps;
  const s = sim.store.createShop({ ...(options as object), domain }, sim.now());
  const scopes = (options.scopes as string[] | undefined) ?? sender.subscriptions.scopes;
  const token = sim.store.issueToken(s.domain, scopes, sim.now());
  const body = JSON.stringify({ shop: s.domain, accessToken: token.token, scope: scopes.join(",") });
  const url = deps.appUrl.replace(/\/$/, "") + "/local/install";
  let app: { status: number; body: string } | null = null;
  let error: string | null = null;
  try {
    const res = await deps.fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Simulator-Hmac": createHmac("sha256", deps.apiSecret).update(body).digest("base64"),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    app = { status: res.status, body: (await res.text()).slice(0, 2000) };
    if (!res.ok) error = `The app answered ${res.status} at ${url}`;
  } catch (e) {
    error = `Could not reach the app at ${url}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (error) {
    sim.store.tokens.delete(token.token);
    return { installed: false, shop: s.domain, accessToken: null, scope: scopes.join(","), app, error };
  }
  s.shop.installed = true;
  s.shop.scopes = scopes;
  return { installed: true, shop: s.domain, accessToken: token.token, scope: scopes.join(","), app, error: null };
}

export async function handleControl(
  deps: ControlDeps,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Body,
): Promise<ControlResponse> {
  const { sim, sender } = deps;
  const seg = path
    .replace(/^\/_sim\/?/, "")
    .split("/")
    .filter(Boolean);
  const route = `${method} /${seg.map((x, i) => ((seg[0] === "shops" && i === 1) || (seg[2] === "orders" && i === 3) || (seg[2] === "payments" && i === 3) || (seg[2] === "returns" && i === 3) || (seg[3] === "holds" && i === 4) ? ":" : x)).join("/")}`;
  const ok = (b: unknown, status = 200): ControlResponse => ({ status, body: b });

  try {
    switch (route) {
      case "GET /health":
        return ok({
          ok: true,
          now: sim.now().toISOString(),
          documents: { hits: deps.api.documents.hits, misses: deps.api.documents.misses },
        });
      case "POST /reset":
        sim.reset();
        sender.clear();
        return ok({ ok: true });
      case "GET /config":
        return ok({ paymentSteps: sim.config.paymentSteps, webhooks: sender.config });
      case "POST /config": {
        if (Array.isArray(body.paymentSteps)) sim.config.paymentSteps = body.paymentSteps as PaymentStatus[];
        if (body.webhooks && typeof body.webhooks === "object")
          sender.config = { ...sender.config, ...(body.webhooks as Partial<WebhookConfig>) };
        return ok({ paymentSteps: sim.config.paymentSteps, webhooks: sender.config });
      }
      case "GET /clock":
        return ok({ now: sim.now().toISOString(), frozen: sim.clock.frozen });
      case "POST /clock": {
        if (body.freeze === true) sim.clock.freeze();
        if (body.freeze === false) sim.clock.unfreeze();
        if (typeof body.set === "string") {
          const at = new Date(body.set);
          if (Number.isNaN(at.getTime())) throw new ControlError(400, `Invalid date: ${body.set}`);
          sim.clock.set(at);
        }
        if (body.advance !== undefined) sim.clock.advance(parseDurationMs(body.advance));
        // Time passing lets in-flight payments finish (stuck ones stay PENDING) and due dates arrive.
        if (body.set !== undefined || body.advance !== undefined) settleAllInFlight(sim);
        deps.afterChange();
        return ok({ now: sim.now().toISOString(), frozen: sim.clock.frozen });
      }
      case "POST /shops": {
        if (typeof body.domain !== "string") throw new ControlError(400, "domain is required");
        if (body.plan !== undefined && !(String(body.plan) in RESTORE_RATES))
          throw new ControlError(400, `plan must be one of ${Object.keys(RESTORE_RATES).join(", ")}`);
        const s = sim.store.createShop(
          { ...(body as object), domain: body.domain, plan: body.plan as PlanName | undefined },
          sim.now(),
        );
        const scopes = (body.scopes as string[] | undefined) ?? sender.subscriptions.scopes;
        const token = sim.store.issueToken(
          s.domain,
          scopes,
          sim.now(),
          typeof body.accessToken === "string" ? body.accessToken : undefined,
        );
        return ok({ shop: shopJson(s), accessToken: token.token }, 201);
      }
      case "GET /shops":
        return ok({ shops: [...sim.store.shops.values()].map(shopJson) });
      case "GET /shops/:":
        return ok(shopJson(requireShop(sim, seg[1]!)));
      case "PATCH /shops/:": {
        const s = requireShop(sim, seg[1]!);
        if (body.plan !== undefined) {
          if (!(String(body.plan) in RESTORE_RATES)) throw new ControlError(400, "unknown plan");
          s.shop.plan = body.plan as PlanName;
          s.shop.restoreRate = RESTORE_RATES[s.shop.plan];
        }
        if (typeof body.restoreRate === "number") s.shop.restoreRate = body.restoreRate;
        s.bucket = null;
        return ok(shopJson(s));
      }
      case "POST /shops/:/tokens": {
        const s = requireShop(sim, seg[1]!);
        const token = sim.store.issueToken(
          s.domain,
          (body.scopes as string[] | undefined) ?? s.shop.scopes,
          sim.now(),
          typeof body.accessToken === "string" ? body.accessToken : undefined,
        );
        return ok({ accessToken: token.token }, 201);
      }
      case "POST /shops/:/install": {
        const r = await installApp(deps, normalizeShopDomain(decodeURIComponent(seg[1]!)), body);
        return ok(r, r.installed ? 200 : 502);
      }
      case "POST /shops/:/uninstall": {
        const s = requireShop(sim, seg[1]!);
        s.shop.installed = false;
        const revoked = sim.store.revokeTokens(s.domain);
        sim.emit(s, "app/uninstalled", shopPayload(s));
        deps.afterChange();
        return ok({ uninstalled: true, revokedTokens: revoked });
      }
      case "POST /shops/:/compliance": {
        const s = requireShop(sim, seg[1]!);
        const topic = String(body.topic);
        if (!(COMPLIANCE_TOPICS as readonly string[]).includes(topic))
          throw new ControlError(400, `topic must be one of ${COMPLIANCE_TOPICS.join(", ")}`);
        const customer = body.customerId
          ? s.customers.get(numericIdOf(String(body.customerId), "Customer") ?? Number(body.customerId))
          : undefined;
        const orders = customer
          ? [...s.orders.values()].filter((o) => o.customerId === customer.id).map((o) => o.id)
          : [];
        const base = { shop_id: s.shop.id, shop_domain: s.domain };
        const c = customer ? { id: customer.id, email: customer.email, phone: null } : null;
        const payload =
          topic === "shop/redact"
            ? base
            : topic === "customers/redact"
              ? { ...base, customer: c, orders_to_redact: orders }
              : { ...base, customer: c, orders_requested: orders, data_request: { id: sim.store.ids.take() } };
        sim.emit(s, topic, payload);
        deps.afterChange();
        return ok({ sent: topic });
      }
      case "POST /shops/:/products": {
        const s = requireShop(sim, seg[1]!);
        const p = createProduct(sim, s, body as unknown as ProductInput);
        return ok(productJson(s, p), 201);
      }
      case "GET /shops/:/products": {
        const s = requireShop(sim, seg[1]!);
        return ok({ products: [...s.products.values()].map((p) => productJson(s, p)) });
      }
      case "POST /shops/:/inventory": {
        const s = requireShop(sim, seg[1]!);
        const vid =
          typeof body.variantId === "number" ? body.variantId : numericIdOf(String(body.variantId), "ProductVariant");
        if (vid === null) throw new ControlError(400, "variantId is required");
        const v = adjustInventory(sim, s, vid, {
          available: body.available as number | undefined,
          delta: body.delta as number | undefined,
        });
        deps.afterChange();
        return ok({ variantId: `gid://shopify/ProductVariant/${v.id}`, available: v.inventoryQuantity });
      }
      case "POST /shops/:/checkouts": {
        const s = requireShop(sim, seg[1]!);
        const order = placeOrder(sim, s, body as unknown as CheckoutInput);
        deps.afterChange();
        return ok(orderJson(s, order), 201);
      }
      case "GET /shops/:/orders": {
        const s = requireShop(sim, seg[1]!);
        return ok({ orders: [...s.orders.values()].map((o) => orderJson(s, o)) });
      }
      case "GET /shops/:/orders/:": {
        const s = requireShop(sim, seg[1]!);
        const o = s.orders.get(orderIdParam(seg[3]!));
        if (!o) throw new ControlError(404, "Unknown order");
        return ok(orderJson(s, o));
      }
      case "POST /shops/:/orders/:/fulfill": {
        const s = requireShop(sim, seg[1]!);
        const ids = Array.isArray(body.lineItemIds)
          ? (body.lineItemIds as string[]).map((x) => numericIdOf(String(x), "LineItem") ?? Number(x))
          : undefined;
        const o = fulfillOrder(sim, s, orderIdParam(seg[3]!), ids);
        deps.afterChange();
        return ok(orderJson(s, o));
      }
      case "POST /shops/:/orders/:/cancel": {
        const s = requireShop(sim, seg[1]!);
        const r = cancelOrder(sim, s, orderIdParam(seg[3]!), {
          reason: String(body.reason ?? "CUSTOMER"),
          refund: Boolean(body.refund),
          restock: Boolean(body.restock ?? true),
        });
        if (!r.order) throw new ControlError(422, r.userErrors.map((e) => e.message).join("; "));
        deps.afterChange();
        return ok(orderJson(s, r.order));
      }
      case "POST /shops/:/orders/:/refund": {
        const s = requireShop(sim, seg[1]!);
        const input = body as RefundInput;
        const lines = input.lineItems?.map((l) => ({
          ...l,
          lineItemId: numericIdOf(String(l.lineItemId), "LineItem") ?? Number(l.lineItemId),
        }));
        refundOrder(sim, s, orderIdParam(seg[3]!), { ...input, ...(lines ? { lineItems: lines } : {}) });
        deps.afterChange();
        return ok(orderJson(s, s.orders.get(orderIdParam(seg[3]!))!));
      }
      case "POST /shops/:/orders/:/mark-paid": {
        const s = requireShop(sim, seg[1]!);
        const amount = body.amount === undefined ? undefined : String(body.amount);
        markOrderPaid(sim, s, orderIdParam(seg[3]!), amount === undefined ? {} : { amount });
        deps.afterChange();
        return ok(orderJson(s, s.orders.get(orderIdParam(seg[3]!))!));
      }
      case "POST /shops/:/orders/:/return": {
        const s = requireShop(sim, seg[1]!);
        const lines = (body.lineItems as { lineItemId: string | number; quantity: number }[] | undefined)?.map((l) => ({
          lineItemId: numericIdOf(String(l.lineItemId), "LineItem") ?? Number(l.lineItemId),
          quantity: l.quantity,
        }));
        const r = returnOrder(sim, s, orderIdParam(seg[3]!), {
          ...(lines ? { lineItems: lines } : {}),
          close: Boolean(body.close),
        });
        deps.afterChange();
        return ok(returnJson(s, r));
      }
      case "POST /shops/:/returns/:/close": {
        const s = requireShop(sim, seg[1]!);
        const r = closeReturn(sim, s, returnIdParam(seg[3]!));
        deps.afterChange();
        return ok(returnJson(s, r));
      }
      case "POST /shops/:/orders/:/edit": {
        const s = requireShop(sim, seg[1]!);
        const lines = Array.isArray(body.lines) ? (body.lines as Body[]) : [];
        const adds = Array.isArray(body.addVariants) ? (body.addVariants as Body[]) : [];
        const { order, edit } = editOrder(sim, s, orderIdParam(seg[3]!), {
          lines: lines.map((l, i) => ({
            lineItemId: bodyId(l.lineItemId, "LineItem", `lines[${i}].lineItemId`),
            quantity: Number(l.quantity),
            ...(typeof l.restock === "boolean" ? { restock: l.restock } : {}),
          })),
          addVariants: adds.map((a, i) => ({
            variantId: bodyId(a.variantId, "ProductVariant", `addVariants[${i}].variantId`),
            quantity: a.quantity === undefined ? 1 : Number(a.quantity),
          })),
          ...(typeof body.staffNote === "string" ? { staffNote: body.staffNote } : {}),
          ...(typeof body.notifyCustomer === "boolean" ? { notifyCustomer: body.notifyCustomer } : {}),
        });
        deps.afterChange();
        return ok({
          orderEditId: edit.id,
          additions: edit.additions.map((a) => ({ lineItemId: gid("LineItem", a.lineItemId), delta: a.delta })),
          removals: edit.removals.map((r) => ({ lineItemId: gid("LineItem", r.lineItemId), delta: r.delta })),
          order: orderJson(s, order),
        });
      }
      case "POST /shops/:/orders/:/payment-terms": {
        const s = requireShop(sim, seg[1]!);
        const o = s.orders.get(orderIdParam(seg[3]!));
        if (!o?.paymentTermsId) throw new ControlError(404, "That order has no payment terms");
        if (body.replaceSchedule !== undefined && typeof body.replaceSchedule !== "boolean")
          throw new ControlError(400, "replaceSchedule must be a boolean");
        const r = updatePaymentTerms(
          sim,
          s,
          o.paymentTermsId,
          { dueAt: body.dueAt as string | undefined },
          { replaceSchedule: body.replaceSchedule === true },
        );
        if (r.userErrors.length) throw new ControlError(422, r.userErrors.map((e) => e.message).join("; "));
        deps.afterChange();
        return ok(orderJson(s, o));
      }
      case "POST /shops/:/orders/:/close": {
        const s = requireShop(sim, seg[1]!);
        const o = closeOrder(sim, s, orderIdParam(seg[3]!));
        deps.afterChange();
        return ok(orderJson(s, o));
      }
      case "POST /shops/:/orders/:/open": {
        const s = requireShop(sim, seg[1]!);
        const o = openOrder(sim, s, orderIdParam(seg[3]!));
        deps.afterChange();
        return ok(orderJson(s, o));
      }
      case "POST /shops/:/faults": {
        const s = requireShop(sim, seg[1]!);
        const orderId = body.orderId !== undefined && body.orderId !== null ? orderIdParam(String(body.orderId)) : null;
        const specs = (Array.isArray(body.faults) ? body.faults : [body]) as FaultSpec[];
        specs.forEach((f, i) => {
          const error = faultSpecError(f, s.shop.currencyCode, `faults[${i}]`);
          if (error) throw new ControlError(400, error);
        });
        return ok({ faults: sim.faults.add(s.domain, orderId, specs) }, 201);
      }
      case "POST /shops/:/admin-api/outages": {
        const s = requireShop(sim, seg[1]!);
        const status = body.status === undefined ? 503 : Number(body.status);
        if (!(OUTAGE_STATUSES as readonly number[]).includes(status))
          throw new ControlError(400, `status must be one of ${OUTAGE_STATUSES.join(", ")}`);
        const count = body.count === undefined ? 1 : Number(body.count);
        if (!Number.isInteger(count) || count < 1) throw new ControlError(400, "count must be a whole number ≥ 1");
        if (body.operation !== undefined && body.operation !== null && typeof body.operation !== "string")
          throw new ControlError(400, "operation must be an operation name");
        const operation = (body.operation as string | null | undefined) ?? null;
        return ok({ outage: sim.outages.add(s.domain, { operation, status, count }) }, 201);
      }
      case "GET /shops/:/admin-api/outages":
        return ok({ outages: sim.outages.list(requireShop(sim, seg[1]!).domain) });
      case "DELETE /shops/:/admin-api/outages":
        sim.outages.clear(requireShop(sim, seg[1]!).domain);
        return ok({ ok: true });
      case "POST /shops/:/admin-api/holds": {
        const s = requireShop(sim, seg[1]!);
        if (typeof body.operation !== "string" || body.operation === "")
          throw new ControlError(400, "operation is required: the GraphQL operation name");
        const phase = body.phase ?? "before";
        if (phase !== "before" && phase !== "after") throw new ControlError(400, 'phase must be "before" or "after"');
        const ms = body.ms === undefined || body.ms === null ? null : Number(body.ms);
        if (ms !== null && (typeof body.ms !== "number" || !Number.isFinite(ms) || ms < 0))
          throw new ControlError(400, "ms must be a number of milliseconds ≥ 0");
        const count = body.count === undefined ? 1 : Number(body.count);
        if (!Number.isInteger(count) || count < 1) throw new ControlError(400, "count must be a whole number ≥ 1");
        return ok(sim.holds.add(s.domain, { operation: body.operation, phase: phase as HoldPhase, ms, count }), 201);
      }
      case "POST /shops/:/admin-api/holds/:/release": {
        const s = requireShop(sim, seg[1]!);
        const released = /^\d+$/.test(seg[4]!) ? sim.holds.release(s.domain, Number(seg[4])) : null;
        if (!released) throw new ControlError(404, `No hold ${seg[4]} for ${s.domain}`);
        return ok(released);
      }
      case "GET /shops/:/admin-api/holds":
        return ok({ holds: sim.holds.list(requireShop(sim, seg[1]!).domain) });
      case "DELETE /shops/:/admin-api/holds":
        return ok({ ok: true, released: sim.holds.clear(requireShop(sim, seg[1]!).domain) });
      case "GET /shops/:/faults":
        return ok({ faults: sim.faults.list(requireShop(sim, seg[1]!).domain) });
      case "DELETE /shops/:/faults":
        sim.faults.clear(requireShop(sim, seg[1]!).domain);
        return ok({ ok: true });
      case "GET /shops/:/payments": {
        const s = requireShop(sim, seg[1]!);
        const orderId = query.get("orderId");
        const id = orderId ? orderIdParam(orderId) : null;
        return ok({
          attempts: [...s.attempts.values()]
            .filter((a) => id === null || a.orderId === id)
            .map((a) => attemptJson(s, a)),
        });
      }
      case "POST /shops/:/payments/:/resolve": {
        const s = requireShop(sim, seg[1]!);
        const a = s.attempts.get(decodeURIComponent(seg[3]!));
        if (!a) throw new ControlError(404, "Unknown payment reference");
        const outcome = (body.outcome ?? { kind: "success" }) as FaultSpec;
        if (!RESOLVE_KINDS.includes(outcome.kind))
          throw new ControlError(400, `outcome.kind must be one of ${RESOLVE_KINDS.join(", ")}`);
        const error = faultSpecError(outcome, s.shop.currencyCode, "outcome");
        if (error) throw new ControlError(400, error);
        resolveAttempt(sim, s, a, outcome.kind === "success" ? (outcome.successStatus ? outcome : null) : outcome);
        deps.afterChange();
        return ok(attemptJson(s, a));
      }
      case "POST /payments/settle": {
        const n = settleAllInFlight(sim);
        deps.afterChange();
        return ok({ settled: n });
      }
      case "GET /shops/:/reminders": {
        const s = requireShop(sim, seg[1]!);
        return ok({
          reminders: s.reminders.map((r) => ({
            paymentScheduleId: `gid://shopify/PaymentSchedule/${r.paymentScheduleId}`,
            orderId: `gid://shopify/Order/${r.orderId}`,
            sentAt: r.sentAt.toISOString(),
          })),
        });
      }
      case "GET /webhooks":
        return ok({
          deliveries: sender.deliveries({
            shop: query.get("shop") ?? undefined,
            topic: query.get("topic") ?? undefined,
            state: query.get("state") ?? undefined,
          }),
          unsubscribed: sender.unsubscribed,
        });
      case "POST /webhooks/drain": {
        const idle = await sender.drain(typeof body.timeoutMs === "number" ? body.timeoutMs : 10_000);
        return ok({ idle });
      }
      case "DELETE /webhooks":
        sender.clear();
        return ok({ ok: true });
      case "POST /seed/demo": {
        const r = await seedDemo(sim, {
          install: body.install === false ? null : (domain) => installApp(deps, domain),
        });
        deps.afterChange();
        return ok(r, 201);
      }
      default:
        return { status: 404, body: { error: `No control route ${method} ${path}` } };
    }
  } catch (e) {
    if (e instanceof ControlError) return { status: e.status, body: { error: e.message } };
    if (e instanceof CheckoutError || e instanceof OrderOperationError || e instanceof FaultError)
      return { status: 422, body: { error: e.message } };
    if (
      e instanceof Error &&
      /^(Not a shop domain|No variant|title is required|Invalid decimal|.*more decimal places)/.test(e.message)
    )
      return { status: 400, body: { error: e.message } };
    throw e;
  }
}
