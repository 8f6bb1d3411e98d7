// A minimal embedded app for exercising the local admin frame and App Bridge stand-in in Chromium without the Remix app.
import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { handleAdminFrame, type AdminFrameEnv } from "../../../simulator/src/admin/frame.js";

export const FAKE_API_KEY = "fake-app-key";
const FAKE_API_SECRET = "fake-app-secret";
export const FAKE_SHOP = "frame-test.myshopify.com";
export const FAKE_HANDLE = "fake-app";

export interface FakeSetup {
  simulatorUrl: string;
  appUrl: string;
  /** Tokens the app accepted, in order, as "<where>:<jti>". */
  acceptedTokens: string[];
  close(): Promise<void>;
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts an admin-frame server (the simulator's part) and a fake app that verifies every session token it gets. */
export async function startFakeSetup(): Promise<FakeSetup> {
  const acceptedTokens: string[] = [];
  let flakyCalls = 0;
  let simulatorUrl = "";
  let appUrl = "";
  const api = shopifyApi({
    apiKey: FAKE_API_KEY,
    apiSecretKey: FAKE_API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });

  async function verify(token: string | null, where: string): Promise<string | null> {
    if (!token) return null;
    try {
      const payload = await api.session.decodeSessionToken(token);
      acceptedTokens.push(`${where}:${payload.jti}`);
      return payload.dest;
    } catch {
      return null;
    }
  }

  const simulator = createServer((req, res) => {
    const env: AdminFrameEnv = {
      apiKey: FAKE_API_KEY,
      apiSecret: FAKE_API_SECRET,
      appUrl,
      simulatorUrl,
      shopExists: (shop) => shop === FAKE_SHOP,
      appHandle: FAKE_HANDLE,
      appName: "Fake app",
    };
    void handleAdminFrame(req, res, env).then((handled) => {
      if (!handled) json(res, 404, { error: "not found" });
    });
  });

  const app = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? "/", appUrl);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
      if (url.pathname === "/api/whoami") {
        json(res, 200, { dest: await verify(bearer, "fetch") });
        return;
      }
      if (url.pathname === "/api/flaky") {
        // shopify-app-remix's answer to a token it no longer accepts: 401 asking App Bridge to retry once.
        flakyCalls++;
        if (flakyCalls === 1) {
          json(res, 401, {}, { "X-Shopify-Retry-Invalid-Session-Request": "1" });
          return;
        }
        json(res, 200, { dest: await verify(bearer, "retry"), calls: flakyCalls });
        return;
      }
      const script = `<script src="${simulatorUrl}/app-bridge.js" data-api-key="${FAKE_API_KEY}"></script>`;
      if (url.pathname === "/auth/session-token") {
        html(res, `<!doctype html><html><head>${script}</head><body>bouncing</body></html>`);
        return;
      }
      const dest = await verify(url.searchParams.get("id_token"), "document");
      const routed = !url.pathname.startsWith("/app/plain");
      html(
        res,
        `<!doctype html><html><head><title>Fake app</title>${script}</head><body>
<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/plans">Plans</a><a href="/app/plain">Plain page</a></ui-nav-menu>
<ui-title-bar title="Page ${escape(url.pathname)}"><button variant="primary" onclick="document.body.dataset.created='yes'">Create plan</button></ui-title-bar>
<ui-save-bar id="plan-save-bar"><button variant="primary" onclick="document.body.dataset.saved='yes'"></button><button onclick="document.body.dataset.discarded='yes'"></button></ui-save-bar>
<ui-modal id="help-modal"><ui-title-bar title="Help"></ui-title-bar></ui-modal>
<h1 id="heading">Fake ${escape(url.pathname)}</h1>
<p id="auth">${dest ? `document token for ${escape(dest)}` : "no document token"}</p>
${
  routed
    ? `<script>
  // Plays AppProvider's part: client-side navigation on shopify:navigate.
  addEventListener("shopify:navigate", function (event) {
    var href = event.target.getAttribute("href");
    history.pushState(null, "", href);
    document.getElementById("heading").textContent = "Fake " + location.pathname;
    document.querySelector("ui-title-bar").setAttribute("title", "Page " + location.pathname);
  });
</script>`
    : ""
}
</body></html>`,
      );
    })();
  });

  simulatorUrl = await listen(simulator);
  // Cross-site on purpose (localhost vs 127.0.0.1), as the Shopify admin and an app are: origins, CORS and
  // postMessage checks must hold, and the stand-in must live with third-party storage being blocked.
  appUrl = (await listen(app)).replace("127.0.0.1", "localhost");
  return {
    simulatorUrl,
    appUrl,
    acceptedTokens,
    close: async () => {
      simulator.closeAllConnections();
      app.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => simulator.close(() => resolve())),
        new Promise<void>((resolve) => app.close(() => resolve())),
      ]);
    },
  };
}
