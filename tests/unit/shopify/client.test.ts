// The Admin API client against a scripted local HTTP server: endpoint, headers, throttling, retries and typed errors.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  adminApiEndpoint,
  adminApiLogger,
  createAdminClient,
  parseRetryAfter,
  type AdminClientConfig,
} from "~/shopify/client.server";
import {
  AdminApiError,
  AdminApiGraphQLError,
  AdminApiHttpError,
  AdminApiNetworkError,
  AdminApiThrottledError,
  AdminApiUnauthorizedError,
  AdminApiUserErrors,
  assertNoUserErrors,
} from "~/shopify/errors";
import { ThrottleBuckets } from "~/shopify/throttle";

const SHOP = "dev-shop.myshopify.com";
const TOKEN = "shpat_test_secret_token_0123456789";
const QUERY = "query ShopName { shop { name } }";
const MUTATION = `mutation Charge($id: ID!, $key: String!) {
  orderCreateMandatePayment(id: $id, idempotencyKey: $key) { userErrors { field message } }
}`;

interface Received {
  method?: string;
  url?: string;
  headers: IncomingMessage["headers"];
  body: { query: string; variables?: Record<string, unknown>; operationName?: string };
}
type Reply = (res: ServerResponse, req: IncomingMessage) => void;

/** Replies with a GraphQL JSON body. */
const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { "content-type": "application/json", "x-request-id": "req-123", ...headers });
    res.end(JSON.stringify(body));
  };
const ok = (data: unknown, throttleStatus?: object, requestedQueryCost = 1): Reply =>
  json({ data, extensions: { cost: { requestedQueryCost, actualQueryCost: requestedQueryCost, throttleStatus } } });
const throttled = (currentlyAvailable: number, requestedQueryCost: number): Reply =>
  json({
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits" },
      },
    ],
    extensions: {
      cost: {
        requestedQueryCost,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 },
      },
    },
  });
/** Drops the connection without answering: an ambiguous network failure. */
const hangUp: Reply = (_res, req) => req.socket.destroy();

let server: Server;
let origin: string;
let received: Received[];
let script: Reply[];
let sleeps: number[];
let clock: number;

beforeEach(async () => {
  received = [];
  script = [];
  sleeps = [];
  clock = 1_700_000_000_000;
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(raw || "{}") });
      const reply = script.shift();
      if (!reply) json({ errors: [{ message: "test server: no scripted reply" }] }, 500)(res, req);
      else reply(res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(overrides: Partial<AdminClientConfig> = {}) {
  return createAdminClient({
    shop: SHOP,
    accessToken: TOKEN,
    apiOrigin: origin,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0, // smallest jitter: backoff n = 250 * 2^(n-1)
    now: () => clock,
    buckets: new ThrottleBuckets(),
    logger: pino({ level: "silent" }),
    ...overrides,
  });
}

describe("endpoint and headers", () => {
  it("posts the document to {origin}/admin/api/2026-10/graphql.json with the access token", async () => {
    script.push(ok({ shop: { name: "Dev Shop" } }));
    const data = await client().request(QUERY, { unused: true });
    expect(data).toEqual({ shop: { name: "Dev Shop" } });
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/admin/api/2026-10/graphql.json");
    expect(req!.headers["x-shopify-access-token"]).toBe(TOKEN);
    expect(req!.headers["content-type"]).toMatch(/application\/json/);
    expect(req!.body).toEqual({ query: QUERY, variables: { unused: true }, operationName: "ShopName" });
  });

  it("targets https://{shop}/admin/api/2026-10/graphql.json when no origin is set", async () => {
    const urls: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ data: { shop: { name: "x" } } }), {
        headers: { "content-type": "application/json" },
      });
    };
    await client({ apiOrigin: undefined, fetch: fetchStub }).request(QUERY);
    expect(urls).toEqual(["https://dev-shop.myshopify.com/admin/api/2026-10/graphql.json"]);
  });

  it("refuses a shop that is not a myshopify domain, since it becomes the host name", () => {
    expect(() => adminApiEndpoint("evil.example.com/x?")).toThrow(TypeError);
    expect(() => adminApiEndpoint("dev-shop.myshopify.com.evil.com")).toThrow(TypeError);
    expect(adminApiEndpoint("anything", "http://127.0.0.1:4000/")).toBe(
      "http://127.0.0.1:4000/admin/api/2026-10/graphql.json",
    );
  });
});

describe("cost-based throttling", () => {
  const status = (currentlyAvailable: number) => ({ maximumAvailable: 1000, currentlyAvailable, restoreRate: 50 });

  it("waits before the next request until the bucket holds the document's cost", async () => {
    const admin = client();
    script.push(ok({ shop: { name: "a" } }, status(5), 12), ok({ shop: { name: "b" } }, status(990), 12));
    await admin.request(QUERY);
    expect(sleeps).toEqual([]); // nothing known about the bucket before the first response
    clock += 100; // 100 ms restore 5 points: 10 available, 12 needed, 2 missing at 50/s
    await admin.request(QUERY);
    expect(sleeps).toEqual([40]);
  });

  it("does not wait while the bucket is comfortable", async () => {
    const admin = client();
    script.push(ok({}, status(500), 12), ok({}, status(488), 12));
    await admin.request(QUERY);
    await admin.request(QUERY);
    expect(sleeps).toEqual([]);
  });

  it("queues concurrent requests behind each other instead of all spending the same points", async () => {
    const admin = client();
    script.push(ok({}, status(15), 10));
    await admin.request(QUERY);
    script.push(ok({}, status(5), 10), ok({}, status(0), 10));
    await Promise.all([admin.request(QUERY), admin.request(QUERY)]);
    // First takes 10 of 15; the second finds 5 and waits for 5 more at 50/s.
    expect(sleeps).toEqual([100]);
  });

  it("keeps one bucket per shop, shared by the clients of that shop", async () => {
    const buckets = new ThrottleBuckets();
    script.push(ok({}, status(0), 10), ok({}, status(1000), 10), ok({}, status(1000), 10));
    await client({ buckets }).request(QUERY);
    await client({ buckets, shop: "other-shop.myshopify.com" }).request(QUERY);
    expect(sleeps).toEqual([]);
    await client({ buckets }).request(QUERY);
    expect(sleeps).toEqual([200]);
  });
});

describe("retries", () => {
  it("retries a GraphQL THROTTLED answer after the bucket has refilled for it", async () => {
    script.push(throttled(2, 102), ok({ shop: { name: "ok" } }));
    await expect(client().request(QUERY)).resolves.toEqual({ shop: { name: "ok" } });
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([1000]); // (102 - 2) points at 100/s, no extra backoff
  });

  it("honours Retry-After on HTTP 429", async () => {
    script.push(json({ errors: "Throttled" }, 429, { "retry-after": "2.0" }), ok({ ok: true }));
    await expect(client().request(QUERY)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([2000]);
  });

  it("retries HTTP 5xx with jittered exponential backoff", async () => {
    script.push(json({}, 502), json({}, 503), ok({ ok: true }));
    await expect(client({ random: () => 0.5 }).request(QUERY)).resolves.toEqual({ ok: true });
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([375, 750]); // 500 * 2^(n-1) * (0.5 + 0.5/2)
  });

  it("retries a query after a dropped connection", async () => {
    script.push(hangUp, ok({ ok: true }));
    await expect(client().request(QUERY)).resolves.toEqual({ ok: true });
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it("retries INTERNAL_SERVER_ERROR answers to queries", async () => {
    script.push(
      json({ errors: [{ message: "Internal error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }),
      ok({ ok: true }),
    );
    await expect(client().request(QUERY)).resolves.toEqual({ ok: true });
  });

  it("gives up after maxAttempts with the typed error and the attempt count", async () => {
    script.push(json({}, 503), json({}, 503), json({}, 503));
    const error = await client({ retry: { maxAttempts: 3 } })
      .request(QUERY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiHttpError);
    expect(error).toMatchObject({ status: 503, attempts: 3, requestId: "req-123", shop: SHOP, operation: "ShopName" });
    expect(sleeps).toEqual([250, 500]);
  });

  it("raises AdminApiThrottledError when throttling outlasts the retries", async () => {
    script.push(throttled(0, 50), throttled(0, 50));
    const error = await client({ retry: { maxAttempts: 2 } })
      .request(QUERY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiThrottledError);
    expect(error).toMatchObject({ attempts: 2 });
  });

  it("stops when Retry-After asks for longer than the policy allows", async () => {
    script.push(json({}, 429, { "retry-after": "120" }));
    await expect(client().request(QUERY)).rejects.toBeInstanceOf(AdminApiThrottledError);
    expect(sleeps).toEqual([]);
  });

  it("caps the backoff at maxDelayMs", async () => {
    script.push(json({}, 500), json({}, 500), json({}, 500), ok({}));
    await client({ random: () => 0.999999, retry: { baseDelayMs: 1000, maxDelayMs: 1500 } }).request(QUERY);
    expect(sleeps).toEqual([1000, 1500, 1500]);
  });
});

describe("mutations are not resent blindly", () => {
  const variables = { id: "gid://shopify/Order/1", key: "charge-1-attempt-1" };

  it("does not resend a mutation after a dropped connection: it may have run", async () => {
    script.push(hangUp, ok({}));
    const error = await client()
      .request(MUTATION, variables)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiNetworkError);
    expect(error).toMatchObject({ mayHaveReachedShopify: true, attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it("does not resend a mutation after HTTP 5xx", async () => {
    script.push(json({}, 504), ok({}));
    await expect(client().request(MUTATION, variables)).rejects.toMatchObject({ status: 504 });
    expect(received).toHaveLength(1);
  });

  it("does not resend a mutation that timed out", async () => {
    script.push(() => {}, ok({}));
    const error = await client({ timeoutMs: 50 })
      .request(MUTATION, variables)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiNetworkError);
    expect(error).toMatchObject({ mayHaveReachedShopify: true, attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it("resends a mutation the caller marks idempotent", async () => {
    const payload = { orderCreateMandatePayment: { userErrors: [] } };
    script.push(hangUp, json({}, 503), ok(payload));
    await expect(client().request(MUTATION, variables, { idempotent: true })).resolves.toEqual(payload);
    expect(received.map((r) => r.body.variables)).toEqual([variables, variables, variables]);
  });

  it("resends a throttled mutation: Shopify rejected it before running it", async () => {
    script.push(throttled(0, 10), ok({ orderCreateMandatePayment: { userErrors: [] } }));
    await client().request(MUTATION, variables);
    expect(received).toHaveLength(2);
  });

  it("resends a mutation whose connection was refused: it never left", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await client({ apiOrigin: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3 } })
      .request(MUTATION, variables)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiNetworkError);
    expect(error).toMatchObject({ mayHaveReachedShopify: false, attempts: 3 });
  });
});

describe("errors that are not retried", () => {
  it.each([400, 403, 404, 423])("HTTP %i is an AdminApiHttpError on the first attempt", async (status) => {
    script.push(json({ errors: "nope" }, status), ok({}));
    const error = await client()
      .request(QUERY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiHttpError);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect((error as AdminApiHttpError).bodyExcerpt).toContain("nope");
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("HTTP 401 is an AdminApiUnauthorizedError (uninstalled / revoked token)", async () => {
    script.push(json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, 401));
    const error = await client()
      .request(QUERY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiUnauthorizedError);
    expect(error).toMatchObject({ status: 401, shop: SHOP, requestId: "req-123" });
    expect(received).toHaveLength(1);
  });

  it("GraphQL errors are an AdminApiGraphQLError with their codes and the partial data", async () => {
    script.push(
      json({
        data: { shop: null },
        errors: [{ message: "Access denied for shop field.", path: ["shop"], extensions: { code: "ACCESS_DENIED" } }],
      }),
    );
    const error = await client()
      .request(QUERY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiGraphQLError);
    expect((error as AdminApiGraphQLError).codes).toEqual(["ACCESS_DENIED"]);
    expect((error as AdminApiGraphQLError).data).toEqual({ shop: null });
    expect(received).toHaveLength(1);
  });

  it("a 200 answer that is not GraphQL JSON is an AdminApiError", async () => {
    script.push((res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    await expect(client().request(QUERY)).rejects.toBeInstanceOf(AdminApiError);
  });

  it("a document without exactly one operation is a programming error, not a request", async () => {
    await expect(client().request("query A { shop { id } } query B { shop { id } }")).rejects.toBeInstanceOf(TypeError);
    expect(received).toHaveLength(0);
  });
});

describe("userErrors", () => {
  const userErrors = [{ field: ["input", "amount"], code: "INVALID", message: "Amount is invalid" }];

  it("assertNoUserErrors returns a clean payload and throws AdminApiUserErrors otherwise", () => {
    const clean = { userErrors: [], job: { id: "1" } };
    expect(assertNoUserErrors(clean)).toBe(clean);
    const error = (() => {
      try {
        assertNoUserErrors({ userErrors }, { shop: SHOP, operation: "Charge" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AdminApiUserErrors);
    expect(error).toMatchObject({ userErrors, codes: ["INVALID"], shop: SHOP, operation: "Charge" });
    expect((error as Error).message).toContain("input.amount: Amount is invalid");
  });

  it("assertNoUserErrors refuses a null payload", () => {
    expect(() => assertNoUserErrors(null)).toThrow(AdminApiError);
  });

  it("throwOnUserErrors turns a payload's userErrors into AdminApiUserErrors without retrying", async () => {
    script.push(ok({ orderCreateMandatePayment: { userErrors } }));
    const error = await client()
      .request(MUTATION, { id: "gid://shopify/Order/1", key: "k" }, { throwOnUserErrors: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiUserErrors);
    expect((error as AdminApiUserErrors).userErrors).toEqual(userErrors);
    expect(received).toHaveLength(1);
  });

  it("without the option, userErrors are returned as data for the caller to check", async () => {
    script.push(ok({ orderCreateMandatePayment: { userErrors } }));
    await expect(client().request(MUTATION, { id: "gid://shopify/Order/1", key: "k" })).resolves.toEqual({
      orderCreateMandatePayment: { userErrors },
    });
  });
});

describe("the access token stays out of logs and errors", () => {
  function memoryLogger() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: pino({ level: "trace" }, stream), output: () => lines.join("") };
  }

  it("is never written while requests retry, wait and fail", async () => {
    const { logger, output } = memoryLogger();
    const admin = client({ logger });
    script.push(
      throttled(0, 50),
      hangUp,
      json({}, 500),
      ok({ shop: { name: "x" } }, { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 }),
      json({ errors: "Invalid API key or access token" }, 401),
    );
    await admin.request(QUERY);
    const unauthorized = await admin.request(QUERY).catch((e: unknown) => e);

    expect(output()).toContain("retrying"); // the logs are not empty
    expect(output()).toContain("waiting");
    expect(output()).not.toContain(TOKEN);
    expect(JSON.stringify(unauthorized)).not.toContain(TOKEN);
    expect(String((unauthorized as Error).stack)).not.toContain(TOKEN);
  });

  it("is redacted by the gateway's logger even if a log line included it", () => {
    const { logger, output } = memoryLogger();
    adminApiLogger(logger, SHOP).error(
      { accessToken: TOKEN, request: { accessToken: TOKEN, headers: { "x-shopify-access-token": TOKEN } } },
      "oops",
    );
    expect(output()).toContain("oops");
    expect(output()).toContain("[redacted]");
    expect(output()).not.toContain(TOKEN);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2.0")).toBe(2000);
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:05 GMT", Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
