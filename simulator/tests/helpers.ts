// Test harness: a fake app (records webhooks and install calls) and an in-process simulator on free ports.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../src/server.js";
import { SimulatorClient } from "../client.js";

export const API_KEY = "test-api-key";
export const API_SECRET = "test-api-secret";

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
  /** What `inspect` returned for this request (e.g. a webhook validation result). */
  inspected?: unknown;
}

export interface FakeApp {
  url: string;
  received: ReceivedRequest[];
  /** Status to answer for a path; a function may vary by call count. */
  respond: (path: string, n: number) => number;
  /** Runs on each request with the real IncomingMessage (e.g. @shopify/shopify-api's webhook validation). */
  inspect: ((req: IncomingMessage, rawBody: string) => Promise<unknown>) | null;
  close(): Promise<void>;
}

export async function startFakeApp(): Promise<FakeApp> {
  const received: ReceivedRequest[] = [];
  const counts = new Map<string, number>();
  const app: FakeApp = { url: "", received, respond: () => 200, inspect: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const path = req.url ?? "/";
        const n = (counts.get(path) ?? 0) + 1;
        counts.set(path, n);
        const body = Buffer.concat(chunks).toString("utf8");
        const inspected = app.inspect
          ? await app.inspect(req, body).catch((e: unknown) => ({ error: String(e) }))
          : undefined;
        received.push({ path, headers: req.headers, body, at: Date.now(), inspected });
        res.writeHead(app.respond(path, n), { "Content-Type": "application/json" });
        res.end("{}");
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.close = () => new Promise((r) => (server.closeAllConnections(), server.close(() => r())));
  return app;
}

export interface Harness {
  sim: RunningSimulator;
  app: FakeApp;
  client: SimulatorClient;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const app = await startFakeApp();
  const sim = await startSimulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: app.url,
    webhooks: { retryDelaysMs: [20, 40], timeoutMs: 2_000 },
    tickMs: 50,
    ...options,
  });
  return {
    sim,
    app,
    client: new SimulatorClient(sim.url),
    async close() {
      await sim.stop();
      await app.close();
    },
  };
}

/** Creates a shop with a token (no install, so no webhooks) and a product with one variant. */
export async function shopWithProduct(
  client: SimulatorClient,
  domain: string,
  opts: { currencyCode?: string; price?: string; plan?: "basic" | "advanced" | "plus" | "enterprise" } = {},
) {
  const { accessToken } = await client.createShop({
    domain,
    currencyCode: opts.currencyCode ?? "USD",
    plan: opts.plan,
  });
  const product = await client.createProduct(domain, {
    title: "Camera",
    variants: [
      { title: "Default Title", price: opts.price ?? "100.00", inventoryQuantity: 5, inventoryPolicy: "CONTINUE" },
    ],
  });
  return { token: accessToken, product, variantId: product.variants[0]!.id, productId: product.id };
}

export const CREATE_GROUP = /* GraphQL */ `
  mutation CreateGroup($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {
    sellingPlanGroupCreate(input: $input, resources: $resources) {
      sellingPlanGroup {
        id
        sellingPlans(first: 5) {
          nodes {
            id
            name
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export function preorderInput(
  opts: {
    deposit?: { percentage?: number; fixedValue?: string };
    trigger?: string;
    extra?: Record<string, unknown>;
    discount?: number;
    delivery?: Record<string, unknown>;
  } = {},
) {
  const deposit = opts.deposit ?? { percentage: 25 };
  return {
    name: "Pre-order",
    merchantCode: "pre-order",
    options: ["Pre-order"],
    sellingPlansToCreate: [
      {
        name: "Deposit now",
        options: ["Deposit"],
        category: "PRE_ORDER",
        billingPolicy: {
          fixed: {
            checkoutCharge: { type: deposit.percentage !== undefined ? "PERCENTAGE" : "PRICE", value: deposit },
            remainingBalanceChargeTrigger: opts.trigger ?? "ON_FULFILLMENT",
            ...opts.extra,
          },
        },
        deliveryPolicy: { fixed: opts.delivery ?? { fulfillmentTrigger: "UNKNOWN" } },
        ...(opts.discount !== undefined
          ? {
              pricingPolicies: [
                { fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: opts.discount } } },
              ],
            }
          : {}),
      },
    ],
  };
}

/** Creates a pre-order group on the product and returns the plan id. */
export async function createPlan(
  client: SimulatorClient,
  token: string,
  productId: string,
  input = preorderInput(),
): Promise<string> {
  const r = await client.graphql<{
    sellingPlanGroupCreate: {
      sellingPlanGroup: { sellingPlans: { nodes: { id: string }[] } } | null;
      userErrors: unknown[];
    };
  }>(token, CREATE_GROUP, { input, resources: { productIds: [productId] } });
  const payload = r.data?.sellingPlanGroupCreate;
  if (!payload?.sellingPlanGroup) throw new Error(`group create failed: ${JSON.stringify(r)}`);
  return payload.sellingPlanGroup.sellingPlans.nodes[0]!.id;
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 15));
  }
}
