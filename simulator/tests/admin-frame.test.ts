// Tests the local admin frame: session tokens accepted by @shopify/shopify-api, iframe URL parameters, the App Bridge stand-in.
import "@shopify/shopify-api/adapters/node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Script } from "node:vm";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAdminFrame, type AdminFrameEnv } from "../src/admin/frame.js";
import { signSessionToken } from "../src/admin/session-token.js";
import { appFrameUrl, hostParamFor, parseAdminPath } from "../src/admin/urls.js";

const API_KEY = "test-api-key-0123456789abcdef";
const API_SECRET = "test-api-secret-fedcba9876543210";
const APP_URL = "http://localhost:3999";
const SHOP = "demo-store.myshopify.com";

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "localhost:3999",
  hostScheme: "http",
  isEmbeddedApp: true,
  scopes: ["write_products"],
  logger: { level: 0 },
});

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const env: AdminFrameEnv = {
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: APP_URL,
      simulatorUrl: base,
      shopExists: (shop) => shop === SHOP,
      listShops: () => [SHOP],
    };
    handleAdminFrame(req, res, env).then(
      (handled) => {
        if (!handled) {
          res.writeHead(418, { "Content-Type": "text/plain" });
          res.end("not the admin frame");
        }
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function iframeSrcOf(html: string): URL {
  const match = /<iframe[^>]* src="([^"]+)"/.exec(html);
  if (!match) throw new Error("no iframe in the admin page");
  return new URL(match[1]!.replace(/&amp;/g, "&").replace(/&#38;/g, "&"));
}

describe("session tokens", () => {
  it("are accepted by @shopify/shopify-api's decodeSessionToken with Shopify's claims", async () => {
    const { token } = await signSessionToken({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shop: SHOP,
      userId: "42",
      sessionId: "sid-1",
    });
    const payload = await shopify.session.decodeSessionToken(token);
    expect(payload).toMatchObject({
      iss: `https://${SHOP}/admin`,
      dest: `https://${SHOP}`,
      aud: API_KEY,
      sub: "42",
      sid: "sid-1",
    });
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(typeof payload.jti).toBe("string");
  });

  it("name the shop the way shopify-app-remix derives the offline session id from them", async () => {
    const { token } = await signSessionToken({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shop: SHOP,
      userId: "42",
      sessionId: "sid-1",
    });
    const payload = await shopify.session.decodeSessionToken(token);
    // shopify-app-remix: `api.session.getOfflineId(new URL(payload.dest).hostname)`
    expect(shopify.session.getOfflineId(new URL(payload.dest).hostname)).toBe(`offline_${SHOP}`);
    expect(shopify.utils.sanitizeShop(new URL(payload.dest).hostname)).toBe(SHOP);
  });

  it("are rejected when signed with another secret, for another app, or expired", async () => {
    const wrongSecret = await signSessionToken({
      apiKey: API_KEY,
      apiSecret: "not-the-secret",
      shop: SHOP,
      userId: "1",
      sessionId: "s",
    });
    await expect(shopify.session.decodeSessionToken(wrongSecret.token)).rejects.toThrow(/signature/i);
    const otherApp = await signSessionToken({
      apiKey: "other-app",
      apiSecret: API_SECRET,
      shop: SHOP,
      userId: "1",
      sessionId: "s",
    });
    await expect(shopify.session.decodeSessionToken(otherApp.token)).rejects.toThrow(/API key/);
    const expired = await signSessionToken({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shop: SHOP,
      userId: "1",
      sessionId: "s",
      nowSeconds: Math.floor(Date.now() / 1000) - 120,
    });
    await expect(shopify.session.decodeSessionToken(expired.token)).rejects.toThrow(/exp/);
  });
});

describe("admin URLs", () => {
  it("give a host parameter that shopify-api accepts and decodes to the store's admin", () => {
    for (const name of ["demo-store", "a", "shop_with_underscore", "x9"]) {
      const host = hostParamFor(name);
      expect(shopify.utils.sanitizeHost(host)).toBe(host);
      expect(atob(host)).toBe(`admin.shopify.com/store/${name}`);
    }
  });

  it("map the path after the app handle to the path inside the app", () => {
    expect(parseAdminPath("/store/demo/apps/my-app", "/app")).toEqual({
      kind: "app",
      storeName: "demo",
      appHandle: "my-app",
      appPath: "/app",
    });
    expect(parseAdminPath("/store/demo/apps/my-app/app/plans/3", "/app")).toEqual({
      kind: "app",
      storeName: "demo",
      appHandle: "my-app",
      appPath: "/app/plans/3",
    });
    expect(parseAdminPath("/store/demo/orders/1", "/app")).toEqual({
      kind: "store",
      storeName: "demo",
      adminPath: "/orders/1",
    });
    expect(parseAdminPath("/admin", "/app")).toBeNull();
  });

  it("keep the admin's own query parameters but never let them override the embedded ones", () => {
    const url = new URL(
      appFrameUrl({
        appUrl: `${APP_URL}/`,
        appPath: "/app/plans",
        search: "?tab=2&shop=evil.myshopify.com&id_token=forged",
        shop: SHOP,
        storeName: "demo-store",
        idToken: "real",
        locale: "en",
      }),
    );
    expect(url.pathname).toBe("/app/plans");
    expect(url.searchParams.get("tab")).toBe("2");
    expect(url.searchParams.getAll("shop")).toEqual([SHOP]);
    expect(url.searchParams.getAll("id_token")).toEqual(["real"]);
  });
});

describe("admin frame page", () => {
  it("embeds the app with embedded=1, shop, host, locale and a valid session token", async () => {
    const response = await fetch(`${base}/store/demo-store/apps/deferred-purchase-options`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    const src = iframeSrcOf(html);
    expect(src.origin).toBe(APP_URL);
    expect(src.pathname).toBe("/app");
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(SHOP);
    expect(src.searchParams.get("host")).toBe(hostParamFor("demo-store"));
    expect(src.searchParams.get("locale")).toBe("en");
    const payload = await shopify.session.decodeSessionToken(src.searchParams.get("id_token")!);
    expect(payload.dest).toBe(`https://${SHOP}`);
    // The page is recognisably the admin: a navigation with the app's entry, and the script that drives the iframe.
    expect(html).toContain('aria-label="Admin navigation"');
    expect(html).toContain(">Deferred Purchase Options</a>");
    expect(html).toContain('<script src="/admin/frame.js"></script>');
  });

  it("keeps one admin session (sid) per shop across page loads, with a new jti each time", async () => {
    const first = iframeSrcOf(await (await fetch(`${base}/store/demo-store/apps/deferred-purchase-options`)).text());
    const second = iframeSrcOf(
      await (await fetch(`${base}/store/demo-store/apps/deferred-purchase-options/app/plans`)).text(),
    );
    expect(second.pathname).toBe("/app/plans");
    const a = await shopify.session.decodeSessionToken(first.searchParams.get("id_token")!);
    const b = await shopify.session.decodeSessionToken(second.searchParams.get("id_token")!);
    expect(a.sid).toBe(b.sid);
    expect(a.jti).not.toBe(b.jti);
  });

  it("answers 404 for an unknown shop or app handle, and redirects the store root to the app", async () => {
    expect((await fetch(`${base}/store/nobody/apps/deferred-purchase-options`)).status).toBe(404);
    expect((await fetch(`${base}/store/demo-store/apps/another-app`)).status).toBe(404);
    const root = await fetch(`${base}/store/demo-store`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/store/demo-store/apps/deferred-purchase-options");
    const picked = await fetch(`${base}/admin?shop=${SHOP}`, { redirect: "manual" });
    expect(picked.headers.get("location")).toBe("/store/demo-store/apps/deferred-purchase-options");
  });

  it("lists the simulator's shops on /admin", async () => {
    const html = await (await fetch(`${base}/admin`)).text();
    expect(html).toContain(`href="/store/demo-store/apps/deferred-purchase-options">${SHOP}</a>`);
  });

  it("leaves other paths to the rest of the simulator", async () => {
    for (const path of ["/graphql.json", "/_sim/shops", "/administrator", "/stores/x"]) {
      expect((await fetch(`${base}${path}`)).status).toBe(418);
    }
  });
});

describe("GET /admin/session-token", () => {
  it("issues a fresh token readable by the app's origin only", async () => {
    const response = await fetch(`${base}/admin/session-token?shop=${SHOP}`, { headers: { Origin: APP_URL } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_URL);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; exp: number };
    const payload = await shopify.session.decodeSessionToken(body.token);
    expect(payload.exp).toBe(body.exp);
    expect(payload.dest).toBe(`https://${SHOP}`);
  });

  it("refuses unknown shops and malformed requests", async () => {
    expect((await fetch(`${base}/admin/session-token?shop=nobody.myshopify.com`)).status).toBe(404);
    expect((await fetch(`${base}/admin/session-token`)).status).toBe(400);
    expect((await fetch(`${base}/admin/session-token?shop=evil.example.com`)).status).toBe(400);
    expect((await fetch(`${base}/admin/session-token?shop=${SHOP}`, { method: "POST" })).status).toBe(405);
  });

  it("answers CORS preflights for the app's origin", async () => {
    const response = await fetch(`${base}/admin/session-token`, {
      method: "OPTIONS",
      headers: { Origin: APP_URL, "Access-Control-Request-Method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_URL);
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
  });
});

describe("GET /app-bridge.js", () => {
  it("serves the App Bridge stand-in as JavaScript, readable cross-origin", async () => {
    const response = await fetch(`${base}/app-bridge.js`, { headers: { Origin: APP_URL } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const source = await response.text();
    expect(() => new Script(source, { filename: "app-bridge.js" })).not.toThrow();
    // What shopify-app-remix and app-bridge-react rely on.
    for (const needle of [
      "window.shopify =",
      "idToken:",
      '"ui-nav-menu"',
      '"ui-title-bar"',
      '"ui-save-bar"',
      '"ui-modal"',
      "shopify-reload",
      "shopify:navigate",
    ]) {
      expect(source).toContain(needle);
    }
  });

  it("serves the frame script too", async () => {
    const response = await fetch(`${base}/admin/frame.js`);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const source = await response.text();
    expect(() => new Script(source, { filename: "frame.js" })).not.toThrow();
  });
});
