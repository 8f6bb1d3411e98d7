// The production server's direct path for webhook deliveries: which requests it takes, what the endpoint
// receives, and what the sender gets back (a real Node HTTP server on a free port).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createNodeWebhookHandler, type NodeWebhookOptions } from "~/webhooks/node-endpoint.server";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  topicSegment: string;
  rawBody: string;
  bodyRead: string;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(handle: NodeWebhookOptions["handle"], extra: Partial<NodeWebhookOptions> = {}) {
  const logger = { error: vi.fn(), warn: vi.fn() };
  const handler = createNodeWebhookHandler({ handle, logger, ...extra });
  server = createServer((req, res) => {
    if (handler(req, res)) return;
    res.writeHead(299, { "content-type": "text/plain" });
    res.end("the rest of the app");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, logger };
}

function recording() {
  const seen: Seen[] = [];
  const handle: NodeWebhookOptions["handle"] = async (request, topicSegment, rawBody) => {
    seen.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      topicSegment,
      rawBody,
      bodyRead: await request.text(),
    });
    return new Response("stored", { status: 200, headers: { "x-answer": "yes" } });
  };
  return { seen, handle };
}

const shopifyHeaders = {
  "Content-Type": "application/json",
  "X-Shopify-Topic": "orders/create",
  "X-Shopify-Hmac-Sha256": "c2lnbmF0dXJl",
  "X-Shopify-Shop-Domain": "a.myshopify.com",
  "X-Shopify-Webhook-Id": "wh-1",
  "User-Agent": "Shopify-Captain-Hook",
  "X-Forwarded-For": "203.0.113.9",
  Traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
};

describe("direct webhook path of the production server", () => {
  it("hands a delivery to the endpoint with its exact body, its topic path and Shopify's headers only", async () => {
    const { seen, handle } = recording();
    const { base } = await start(handle);
    const body = '{"id":820982911946154508,"note":"caf\u00e9 \u2603"}';
    const response = await fetch(`${base}/webhooks/orders/create?x=1`, {
      method: "POST",
      headers: shopifyHeaders,
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-answer")).toBe("yes");
    // The server's own time for the delivery, for load tests to tell it from network and scheduling delays.
    expect(response.headers.get("server-timing")).toMatch(/^intake;dur=\d+\.\d{2}$/);
    expect(await response.text()).toBe("stored");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", topicSegment: "orders/create", rawBody: body, bodyRead: body });
    expect(seen[0]!.url).toBe(`${base}/webhooks/orders/create?x=1`);
    expect(seen[0]!.headers).toEqual({
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": "c2lnbmF0dXJl",
      "x-shopify-shop-domain": "a.myshopify.com",
      "x-shopify-webhook-id": "wh-1",
    });
  });

  it("tells the server's own time for each answer in Server-Timing", async () => {
    const { base } = await start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 25)); // storing the delivery, say
      return new Response(null, { status: 200 });
    });
    const response = await fetch(`${base}/webhooks/orders/create`, {
      method: "POST",
      headers: shopifyHeaders,
      body: "{}",
    });
    const ms = Number(/^intake;dur=([\d.]+)$/.exec(response.headers.get("server-timing") ?? "")?.[1]);
    expect(ms).toBeGreaterThanOrEqual(24);
    expect(ms).toBeLessThan(5_000);
  });

  it("leaves every other request to the rest of the app", async () => {
    const { seen, handle } = recording();
    const { base } = await start(handle);
    for (const [path, method] of [
      ["/webhooks/orders/create", "GET"],
      ["/app/orders", "POST"],
      ["/webhooksx", "POST"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(response.status).toBe(299);
      expect(await response.text()).toBe("the rest of the app");
    }
    expect(seen).toHaveLength(0);
  });

  it("passes the endpoint's refusals on, and answers 500 (so Shopify resends) when it fails", async () => {
    let outcome: "refuse" | "fail" = "refuse";
    const { base, logger } = await start(async () => {
      if (outcome === "refuse") throw new Response("Unauthorized", { status: 401 });
      throw new Error("database unreachable");
    });
    const post = () => fetch(`${base}/webhooks/orders/create`, { method: "POST", headers: shopifyHeaders, body: "{}" });
    const refused = await post();
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe("Unauthorized");
    outcome = "fail";
    expect((await post()).status).toBe(500);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ err: "database unreachable", topic: "orders/create" }),
      "webhook request failed",
    );
  });

  it("refuses a body over the limit with 413 without handing it on", async () => {
    const { seen, handle } = recording();
    const { base, logger } = await start(handle, { maxBodyBytes: 1024 });
    const response = await fetch(`${base}/webhooks/orders/create`, {
      method: "POST",
      headers: shopifyHeaders,
      body: "x".repeat(4096),
    });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ topic: "orders/create", shop: "a.myshopify.com" }),
      "webhook body too large; refused",
    );
    // Within the limit, the same server still takes deliveries.
    const small = await fetch(`${base}/webhooks/orders/create`, {
      method: "POST",
      headers: shopifyHeaders,
      body: "{}",
    });
    expect(small.status).toBe(200);
  });
});
