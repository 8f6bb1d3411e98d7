// The simulator's HTTP server: admin frame first, then the Admin GraphQL API, then the /_sim control API.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { handleAdminFrame, type AdminFrameEnv } from "./admin/frame.js";
import { adminAppPath } from "./admin/urls.js";
import { SimClock } from "./clock.js";
import { Simulator } from "./sim.js";
import { AdminApi, type GraphqlRequestBody } from "./graphql/api.js";
import { API_VERSION, DEFAULT_SCHEMA_PATH, loadSchema } from "./graphql/schema.js";
import { WebhookSender, type WebhookConfig } from "./webhooks/sender.js";
import { loadSubscriptions, parseSubscriptions, type Subscriptions } from "./webhooks/subscriptions.js";
import { handleControl, type ControlDeps } from "./control/routes.js";
import { scanDueSchedules } from "./operations/orders.js";
import { releaseDuePayments } from "./operations/payments.js";
import { seedDemo } from "./seed/demo.js";
import { handleStorefront, type StorefrontDeps } from "./storefront/preview.js";
import type { PaymentStatus } from "./state/types.js";

export const DEFAULT_APP_TOML = fileURLToPath(new URL("../../shopify.app.toml", import.meta.url));

export interface SimulatorOptions {
  /** 0 picks a free port (tests). Default 8081. */
  port?: number;
  host?: string;
  apiKey?: string;
  apiSecret?: string;
  appUrl?: string;
  /** Path to shopify.app.toml (webhook subscriptions and scopes), or its text via `appToml`. */
  appTomlPath?: string;
  appToml?: string;
  schemaPath?: string;
  webhooks?: Partial<WebhookConfig>;
  paymentSteps?: PaymentStatus[];
  /** "demo" seeds the demo shop at start. */
  seed?: "demo" | null;
  /** Real time source for throttling (tests can control bucket refills). */
  realNow?: () => number;
  /** fetch used for webhooks and installs (tests may inject). */
  fetch?: typeof fetch;
  /** How often a running clock is checked for due payment schedules (ms). */
  tickMs?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  sim: Simulator;
  clock: SimClock;
  api: AdminApi;
  webhooks: WebhookSender;
  subscriptions: Subscriptions;
  stop(): Promise<void>;
}

const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const apiKey = options.apiKey ?? process.env.SHOPIFY_API_KEY ?? "simulator-api-key";
  const apiSecret = options.apiSecret ?? process.env.SHOPIFY_API_SECRET ?? "simulator-api-secret";
  const appUrl = options.appUrl ?? process.env.SHOPIFY_APP_URL ?? "http://localhost:3000";
  const subscriptions =
    options.appToml !== undefined
      ? parseSubscriptions(options.appToml)
      : loadSubscriptions(options.appTomlPath ?? DEFAULT_APP_TOML);
  const schema = loadSchema(options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const clock = new SimClock();
  const sim = new Simulator(clock, { paymentSteps: options.paymentSteps ?? ["PROCESSING"], apiKey });
  const api = new AdminApi(sim, schema, { realNow: options.realNow });
  const fetchImpl = options.fetch ?? fetch;
  const webhooks = new WebhookSender({ apiSecret, appUrl, subscriptions, config: options.webhooks, fetch: fetchImpl });

  const afterChange = () => {
    releaseDuePayments(sim);
    scanDueSchedules(sim);
    const events = sim.drainEvents();
    if (events.length > 0) webhooks.enqueue(events, (shop) => sim.store.shop(shop)?.shop.installed ?? false);
  };

  let simulatorUrl = "";
  const frameEnv = (): AdminFrameEnv => ({
    apiKey,
    apiSecret,
    appUrl,
    simulatorUrl,
    listShops: () => [...sim.store.shops.keys()].sort(),
    shopExists: (shop) => {
      try {
        return sim.store.shop(shop) !== undefined;
      } catch {
        return false;
      }
    },
  });
  const storefrontDeps: StorefrontDeps = {
    sim,
    afterChange,
    adminPathFor: (store) => adminAppPath(store, "deferred-purchase-options", ""),
  };
  const controlDeps: ControlDeps = { sim, api, sender: webhooks, appUrl, apiSecret, afterChange, fetch: fetchImpl };
  const held = new Set<ServerResponse>();
  let stopping = false;

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (await handleAdminFrame(req, res, frameEnv())) return;
        if (await handleStorefront(storefrontDeps, req, res)) return;
        const url = new URL(req.url ?? "/", "http://simulator.local");
        const m = GRAPHQL_PATH.exec(url.pathname);
        if (m) {
          if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" });
          if (m[1] !== API_VERSION) return sendJson(res, 404, { errors: "Not Found" });
          const token = req.headers["x-shopify-access-token"];
          const accessToken = Array.isArray(token) ? token[0] : token;
          let shop = sim.store.resolveToken(accessToken);
          if (!shop) return sendJson(res, 401, UNAUTHORIZED);
          const raw = await readBody(req);
          let body: GraphqlRequestBody;
          if ((req.headers["content-type"] ?? "").startsWith("application/graphql"))
            body = { query: raw.toString("utf8") };
          else {
            try {
              body = JSON.parse(raw.toString("utf8")) as GraphqlRequestBody;
            } catch {
              return sendJson(res, 400, { errors: "Invalid JSON in request body" });
            }
          }
          // Holds (POST /_sim/shops/:shop/admin-api/holds) park a named operation before it runs or before it answers.
          const holding = sim.holds.has(shop.domain);
          const resolved = api.resolve(body);
          if (holding) {
            const parked = sim.holds.park(shop.domain, resolved.name, "before");
            if (parked && ((await parked) === "stopped" || stopping)) return void res.socket?.destroy();
            // The shop may have been uninstalled or reset while the request waited.
            shop = sim.store.resolveToken(accessToken);
            if (!shop) return sendJson(res, 401, UNAUTHORIZED);
          }
          const out = api.handle(shop, body, resolved);
          afterChange();
          if (holding) {
            const parked = sim.holds.park(shop.domain, resolved.name, "after");
            if (parked && ((await parked) === "stopped" || stopping)) return void res.socket?.destroy();
          }
          if (out.dropResponse) {
            // The payment went through, but the answer is lost: hold the connection, then cut it.
            held.add(res);
            const t = setTimeout(() => {
              held.delete(res);
              res.socket?.destroy();
            }, out.dropResponse.hangMs);
            t.unref();
            res.on("close", () => (clearTimeout(t), held.delete(res)));
            return;
          }
          return sendJson(res, out.status, out.body, { "X-Request-Id": crypto.randomUUID() });
        }
        if (url.pathname === "/_sim" || url.pathname.startsWith("/_sim/")) {
          const raw = await readBody(req);
          let body: Record<string, unknown> = {};
          if (raw.length > 0) {
            try {
              body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
            } catch {
              return sendJson(res, 400, { error: "Invalid JSON body" });
            }
          }
          const out = await handleControl(controlDeps, req.method ?? "GET", url.pathname, url.searchParams, body);
          afterChange();
          return sendJson(res, out.status, out.body);
        }
        sendJson(res, 404, { errors: "Not Found" });
      } catch (e) {
        if (!res.headersSent)
          sendJson(res, 500, { errors: "Internal Server Error", detail: e instanceof Error ? e.message : String(e) });
        else res.destroy();
        console.error("[simulator]", e);
      }
    })();
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8081, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  simulatorUrl = `http://${options.host ?? "127.0.0.1"}:${port}`;

  // A running clock reaches due dates on its own.
  const ticker = setInterval(afterChange, options.tickMs ?? 500);
  ticker.unref();

  if (options.seed === "demo") {
    await seedDemo(sim, { install: null });
    afterChange();
  }

  return {
    url: simulatorUrl,
    port,
    sim,
    clock,
    api,
    webhooks,
    subscriptions,
    async stop() {
      clearInterval(ticker);
      stopping = true;
      sim.holds.clear(undefined, "stopped");
      webhooks.stop();
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
