// Webhook deliveries: Shopify headers and HMAC accepted by @shopify/shopify-api, install seam, retries, duplicates, order, due dates.
import "@shopify/shopify-api/adapters/node";
import { createHmac } from "node:crypto";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, createPlan, preorderInput, startHarness, type Harness } from "./helpers.js";

let h: Harness;
const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  scopes: [],
  hostName: "localhost",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: 0 },
});

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.app.respond = () => 200;
  h.app.inspect = null;
  h.app.received.length = 0;
  await h.client.configure({ webhooks: { duplicate: false, outOfOrder: false, retryDelaysMs: [20, 40] } });
});

async function installedShop(domain: string) {
  const r = await h.client.install(domain, { currencyCode: "USD" });
  expect(r.installed).toBe(true);
  const product = await h.client.createProduct(domain, {
    title: "Lamp",
    variants: [{ price: "40.00", inventoryQuantity: 3, inventoryPolicy: "CONTINUE" }],
  });
  return { token: r.accessToken!, product };
}

describe("install seam", () => {
  it("creates the shop, issues an offline token and posts it to /local/install signed with the app secret", async () => {
    const r = await h.client.install("install-shop.myshopify.com");
    expect(r).toMatchObject({ installed: true, shop: "install-shop.myshopify.com", error: null });
    const call = h.app.received.find((x) => x.path === "/local/install")!;
    const body = JSON.parse(call.body) as { shop: string; accessToken: string; scope: string };
    expect(body).toEqual({
      shop: "install-shop.myshopify.com",
      accessToken: r.accessToken,
      scope: expect.stringContaining("write_purchase_options"),
    });
    expect(call.headers["x-simulator-hmac"]).toBe(createHmac("sha256", API_SECRET).update(call.body).digest("base64"));
    const q = await h.client.graphql<{ shop: { myshopifyDomain: string } }>(
      r.accessToken!,
      "{ shop { myshopifyDomain } }",
    );
    expect(q.data!.shop.myshopifyDomain).toBe("install-shop.myshopify.com");
  });

  it("reports an app that refuses the install and leaves no usable token", async () => {
    h.app.respond = (path) => (path === "/local/install" ? 500 : 200);
    const r = await h.client.install("refused-shop.myshopify.com");
    expect(r).toMatchObject({ installed: false, accessToken: null, app: { status: 500 } });
    expect(r.error).toMatch(/500/);
  });

  it("uninstall sends app/uninstalled and revokes the token", async () => {
    const { token } = await installedShop("leaving-shop.myshopify.com");
    await h.client.uninstall("leaving-shop.myshopify.com");
    await h.client.drainWebhooks();
    expect(h.app.received.some((x) => x.path === "/webhooks/app/uninstalled")).toBe(true);
    expect((await h.client.graphql(token, "{ shop { id } }")).status).toBe(401);
  });

  it("uninstall, then install again: the shop keeps its data, a new token goes to the app, webhooks resume", async () => {
    const domain = "returning-shop.myshopify.com";
    const { token, product } = await installedShop(domain);
    const planId = await createPlan(h.client, token, product.id);
    const lines = [{ variantId: product.variants[0]!.id, sellingPlanId: planId }];
    const before = await h.client.checkout(domain, { lines });
    await h.client.uninstall(domain);
    await h.client.drainWebhooks();
    h.app.received.length = 0;
    const whileAway = await h.client.checkout(domain, { lines });
    await h.client.drainWebhooks();
    expect(h.app.received.filter((x) => x.path.startsWith("/webhooks/"))).toEqual([]);

    const again = await h.client.install(domain);
    expect(again).toMatchObject({ installed: true, error: null });
    expect(again.accessToken).toMatch(/^shpat_/);
    expect(again.accessToken).not.toBe(token);
    const call = h.app.received.find((x) => x.path === "/local/install")!;
    expect(JSON.parse(call.body)).toMatchObject({ shop: domain, accessToken: again.accessToken });
    expect((await h.client.graphql(token, "{ shop { id } }")).status).toBe(401);
    const orders = await h.client.graphql<{ orders: { nodes: { id: string }[] } }>(
      again.accessToken!,
      "{ orders(first: 10) { nodes { id } } }",
    );
    expect(orders.data!.orders.nodes.map((n) => n.id)).toEqual([before.id, whileAway.id]);
    expect((await h.client.shop(domain)).installed).toBe(true);

    await h.client.checkout(domain, { lines });
    await h.client.drainWebhooks();
    expect(h.app.received.map((x) => x.path)).toContain("/webhooks/orders/create");
  });
});

describe("deliveries", () => {
  it("are accepted by @shopify/shopify-api's webhook validation", async () => {
    h.app.inspect = async (req, rawBody) =>
      req.url === "/local/install" ? null : shopify.webhooks.validate({ rawBody, rawRequest: req });
    const { token, product } = await installedShop("hmac-shop.myshopify.com");
    const planId = await createPlan(h.client, token, product.id);
    await h.client.checkout("hmac-shop.myshopify.com", {
      lines: [{ variantId: product.variants[0]!.id, sellingPlanId: planId }],
    });
    await h.client.drainWebhooks();
    const hooks = h.app.received.filter((x) => x.path.startsWith("/webhooks/"));
    expect(hooks.map((x) => x.headers["x-shopify-topic"]).sort()).toEqual([
      "inventory_levels/update",
      "order_transactions/create",
      "orders/create",
      "payment_terms/create",
      "selling_plan_groups/create",
    ]);
    for (const hook of hooks) {
      expect(hook.inspected).toMatchObject({
        valid: true,
        domain: "hmac-shop.myshopify.com",
        apiVersion: "2026-10",
        webhookId: hook.headers["x-shopify-webhook-id"],
      });
      expect(hook.headers["x-shopify-event-id"]).toBeTruthy();
      expect(hook.headers["x-shopify-triggered-at"]).toBeTruthy();
    }
    // A tampered body is refused by the same validation: the signature really covers the body.
    const one = hooks[0]!;
    const headers = Object.fromEntries(
      Object.entries(one.headers).filter(([k]) => k.startsWith("x-shopify-") || k === "content-type"),
    ) as Record<string, string>;
    await fetch(h.app.url + one.path, { method: "POST", headers, body: one.body.replace("{", '{"forged":true,') });
    const forged = h.app.received[h.app.received.length - 1]!;
    expect(forged.inspected).toMatchObject({ valid: false });
    const orderHook = hooks.find((x) => x.headers["x-shopify-topic"] === "orders/create")!;
    const payload = JSON.parse(orderHook.body) as {
      payment_terms: {
        payment_terms_type: string;
        payment_schedules: { balance_due: string; due_at: string | null }[];
      };
      total_outstanding: string;
      line_items: unknown[];
    };
    expect(payload.payment_terms).toMatchObject({
      payment_terms_type: "fulfillment",
      payment_schedules: [{ balance_due: "30.00", due_at: null }],
    });
    expect(payload.total_outstanding).toBe("30.00");
    // Every key of Shopify's published orders/create example is present.
    const { exampleFor } = await import("../src/webhooks/payloads.js");
    expect(Object.keys(payload)).toEqual(expect.arrayContaining(Object.keys(exampleFor("orders/create")!)));
  });

  it("retries failed deliveries with the same webhook id, then marks them failed", async () => {
    const { product } = await installedShop("retry-shop.myshopify.com");
    let n = 0;
    h.app.respond = (path) => (path === "/webhooks/inventory_levels/update" && ++n <= 2 ? 500 : 200);
    await h.client.setInventory("retry-shop.myshopify.com", product.variants[0]!.id, { available: 9 });
    await h.client.drainWebhooks();
    const calls = h.app.received.filter((x) => x.path === "/webhooks/inventory_levels/update");
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers["x-shopify-webhook-id"])).size).toBe(1);
    const [delivery] = await h.client.webhooks({ shop: "retry-shop.myshopify.com", topic: "inventory_levels/update" });
    expect(delivery!.state).toBe("delivered");
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);

    h.app.respond = (path) => (path === "/webhooks/inventory_levels/update" ? 503 : 200);
    await h.client.setInventory("retry-shop.myshopify.com", product.variants[0]!.id, { available: 8 });
    await h.client.drainWebhooks();
    const failed = await h.client.webhooks({
      shop: "retry-shop.myshopify.com",
      topic: "inventory_levels/update",
      state: "failed",
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attempts).toHaveLength(3);
  });

  it("can deliver duplicates (same event id, new webhook id) and out of order", async () => {
    const { token, product } = await installedShop("chaos-shop.myshopify.com");
    const planId = await createPlan(h.client, token, product.id);
    await h.client.drainWebhooks();
    h.app.received.length = 0;
    await h.client.configure({ webhooks: { duplicate: true, outOfOrder: true } });
    await h.client.checkout("chaos-shop.myshopify.com", {
      lines: [{ variantId: product.variants[0]!.id, sellingPlanId: planId }],
    });
    await h.client.drainWebhooks();
    const topics = h.app.received.map((x) => x.headers["x-shopify-topic"]);
    // Checkout emits inventory, order, transaction, terms; each event twice, the batch reversed.
    expect(topics).toEqual([
      "payment_terms/create",
      "payment_terms/create",
      "order_transactions/create",
      "order_transactions/create",
      "orders/create",
      "orders/create",
      "inventory_levels/update",
      "inventory_levels/update",
    ]);
    const terms = h.app.received.filter((x) => x.headers["x-shopify-topic"] === "payment_terms/create");
    expect(terms[0]!.headers["x-shopify-event-id"]).toBe(terms[1]!.headers["x-shopify-event-id"]);
    expect(terms[0]!.headers["x-shopify-webhook-id"]).not.toBe(terms[1]!.headers["x-shopify-webhook-id"]);
  });

  it("sends payment_schedules/due once when the clock passes the due date, and payment_terms/update on a merchant edit", async () => {
    const { token, product } = await installedShop("due-shop.myshopify.com");
    const planId = await createPlan(
      h.client,
      token,
      product.id,
      preorderInput({ trigger: "TIME_AFTER_CHECKOUT", extra: { remainingBalanceChargeTimeAfterCheckout: "P14D" } }),
    );
    const order = await h.client.checkout("due-shop.myshopify.com", {
      lines: [{ variantId: product.variants[0]!.id, sellingPlanId: planId }],
    });
    const edited = await h.client.editPaymentTerms(
      "due-shop.myshopify.com",
      order.id,
      new Date(Date.parse(order.createdAt) + 7 * 86_400_000).toISOString(),
    );
    await h.client.drainWebhooks();
    expect(h.app.received.some((x) => x.path === "/webhooks/payment_terms/update")).toBe(true);
    await h.client.setClock({ advance: "P6D" });
    await h.client.drainWebhooks();
    expect(h.app.received.some((x) => x.path === "/webhooks/payment_schedules/due")).toBe(false);
    await h.client.setClock({ advance: "P2D" });
    await h.client.setClock({ advance: "P1D" });
    await h.client.drainWebhooks();
    const due = h.app.received.filter((x) => x.path === "/webhooks/payment_schedules/due");
    expect(due).toHaveLength(1);
    const body = JSON.parse(due[0]!.body) as { payment_terms_id: number; id: number; balance_due: string };
    expect(`gid://shopify/PaymentTerms/${body.payment_terms_id}`).toBe(edited.paymentTerms!.id);
    expect(body.balance_due).toBe("30.00");
    expect(body).not.toHaveProperty("order_id");
  });

  it("sends compliance topics to the compliance uri", async () => {
    await installedShop("gdpr-shop.myshopify.com");
    await h.client.sendCompliance("gdpr-shop.myshopify.com", "shop/redact");
    await h.client.drainWebhooks();
    const hook = h.app.received.find((x) => x.headers["x-shopify-topic"] === "shop/redact")!;
    expect(hook.path).toBe("/webhooks/compliance");
    expect(JSON.parse(hook.body)).toMatchObject({ shop_domain: "gdpr-shop.myshopify.com" });
  });
});
