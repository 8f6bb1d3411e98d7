// Local admin frame: serves an admin-like page that embeds the app, session tokens, and the App Bridge stand-in.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { renderAdminIndexPage, renderAppFramePage, renderStorePage, type FramePageConfig } from "./pages.js";
import { signSessionToken } from "./session-token.js";
import { adminAppPath, appFrameUrl, hostParamFor, parseAdminPath, shopOfStoreName, storeNameOf } from "./urls.js";

export interface AdminFrameEnv {
  /** The app's client id (SHOPIFY_API_KEY). */
  apiKey: string;
  /** The app's client secret (SHOPIFY_API_SECRET): signs session tokens. */
  apiSecret: string;
  /** Where the app is served, e.g. http://localhost:3000 */
  appUrl: string;
  /** This simulator's own public origin, e.g. http://127.0.0.1:8081 */
  simulatorUrl: string;
  /** True when the simulator knows this shop domain (e.g. "demo.myshopify.com"). */
  shopExists(shop: string): boolean;
  /** Known shop domains, listed on GET /admin. */
  listShops?(): string[];
  /** The app's handle in admin URLs (shopify.app.toml `handle`). */
  appHandle?: string;
  /** The app's name in the admin navigation (shopify.app.toml `name`). */
  appName?: string;
  /** Path inside the app that the admin opens first. */
  appHomePath?: string;
  /** `sub` of the session tokens: the staff member looking at the admin. */
  staffUserId?: string;
  /** `locale` parameter given to the app. */
  locale?: string;
}

const DEFAULTS = {
  appHandle: "deferred-purchase-options",
  appName: "Deferred Purchase Options",
  appHomePath: "/app",
  staffUserId: "1",
  locale: "en",
} as const;

/** Paths this module owns; anything else falls through to the rest of the simulator. */
export const ADMIN_FRAME_PATHS = {
  index: "/admin",
  sessionToken: "/admin/session-token",
  frameScript: "/admin/frame.js",
  appBridge: "/app-bridge.js",
  storePrefix: "/store/",
} as const;

const appBridgeSource = readFileSync(new URL("./app-bridge.browser.js", import.meta.url), "utf8");
const frameScriptSource = readFileSync(new URL("./admin-frame.browser.js", import.meta.url), "utf8");

/** One admin login per shop and app while the simulator runs: the `sid` claim stays stable like a real admin session. */
const adminSessions = new Map<string, string>();
function adminSessionId(apiKey: string, shop: string): string {
  const key = `${apiKey} ${shop}`;
  let sid = adminSessions.get(key);
  if (!sid) {
    sid = randomUUID();
    adminSessions.set(key, sid);
  }
  return sid;
}

/** Serves the admin frame pages and the App Bridge stand-in. Resolves true when it answered the request. */
export async function handleAdminFrame(
  req: IncomingMessage,
  res: ServerResponse,
  env: AdminFrameEnv,
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://simulator.local");
  const path = url.pathname;
  const owned =
    path === ADMIN_FRAME_PATHS.index ||
    path === `${ADMIN_FRAME_PATHS.index}/` ||
    path === ADMIN_FRAME_PATHS.sessionToken ||
    path === ADMIN_FRAME_PATHS.frameScript ||
    path === ADMIN_FRAME_PATHS.appBridge ||
    path.startsWith(ADMIN_FRAME_PATHS.storePrefix);
  if (!owned) return false;

  const method = req.method ?? "GET";
  if (method === "OPTIONS") {
    // Preflight for the app's cross-origin calls (token fetch, script fetch): allow the app's origin only.
    res.writeHead(204, {
      ...corsHeaders(env),
      "Access-Control-Allow-Methods": "GET, OPTIONS",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    return true;
  }
  if (method !== "GET" && method !== "HEAD") {
    send(res, 405, "text/plain; charset=utf-8", `${method} is not supported on ${path}\n`, {
      Allow: "GET, HEAD, OPTIONS",
    });
    return true;
  }

  const settings = {
    appHandle: env.appHandle || DEFAULTS.appHandle,
    appName: env.appName || DEFAULTS.appName,
    appHomePath: env.appHomePath || DEFAULTS.appHomePath,
    staffUserId: env.staffUserId || DEFAULTS.staffUserId,
    locale: env.locale || DEFAULTS.locale,
  };

  if (path === ADMIN_FRAME_PATHS.appBridge) {
    // A classic <script> needs no CORS, but `*` lets fetch()/modulepreload read it from any origin too.
    send(res, 200, "text/javascript; charset=utf-8", appBridgeSource, {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
    });
    return true;
  }
  if (path === ADMIN_FRAME_PATHS.frameScript) {
    send(res, 200, "text/javascript; charset=utf-8", frameScriptSource, { "Cache-Control": "no-cache" });
    return true;
  }
  if (path === ADMIN_FRAME_PATHS.sessionToken) {
    await answerSessionToken(res, env, settings.staffUserId, url.searchParams.get("shop"));
    return true;
  }
  if (path === ADMIN_FRAME_PATHS.index || path === `${ADMIN_FRAME_PATHS.index}/`) {
    const shopParam = url.searchParams.get("shop");
    if (shopParam) {
      const storeName = storeNameOf(shopParam.trim().toLowerCase()) ?? shopParam.trim().toLowerCase();
      redirect(res, adminAppPath(storeName, settings.appHandle, ""));
      return true;
    }
    const shops = env.listShops ? env.listShops() : null;
    sendHtml(res, 200, renderAdminIndexPage({ appName: settings.appName, appHandle: settings.appHandle, shops }));
    return true;
  }

  const route = parseAdminPath(path, settings.appHomePath);
  const shop = route ? shopOfStoreName(route.storeName) : null;
  if (!route || !shop || !env.shopExists(shop)) {
    sendHtml(
      res,
      404,
      renderStorePage({
        title: "Store not found",
        message: `The simulator has no shop ${shop ?? route?.storeName ?? ""}. Create one through the control API (see the simulator README), then reload.`,
        storeName: route?.storeName ?? "",
        appLink: null,
      }),
    );
    return true;
  }
  if (route.kind === "store") {
    if (route.adminPath === "/" || route.adminPath === "/apps" || route.adminPath === "/apps/") {
      redirect(res, adminAppPath(route.storeName, settings.appHandle, ""));
      return true;
    }
    sendHtml(
      res,
      404,
      renderStorePage({
        title: "Not simulated",
        message: `The local admin only embeds the app; the Shopify admin page ${route.adminPath} is not reproduced here.`,
        storeName: route.storeName,
        appLink: adminAppPath(route.storeName, settings.appHandle, ""),
      }),
    );
    return true;
  }
  if (route.appHandle !== settings.appHandle) {
    sendHtml(
      res,
      404,
      renderStorePage({
        title: "App not installed",
        message: `No app with handle "${route.appHandle}" runs in this simulator; the local app's handle is "${settings.appHandle}".`,
        storeName: route.storeName,
        appLink: adminAppPath(route.storeName, settings.appHandle, ""),
      }),
    );
    return true;
  }

  const { token } = await signSessionToken({
    apiKey: env.apiKey,
    apiSecret: env.apiSecret,
    shop,
    userId: settings.staffUserId,
    sessionId: adminSessionId(env.apiKey, shop),
  });
  const config: FramePageConfig = {
    shop,
    storeName: route.storeName,
    host: hostParamFor(route.storeName),
    locale: settings.locale,
    appName: settings.appName,
    appHandle: settings.appHandle,
    appUrl: env.appUrl,
    appOrigin: new URL(env.appUrl).origin,
    appHomePath: settings.appHomePath,
    adminBasePath: adminAppPath(route.storeName, settings.appHandle, ""),
    sessionTokenPath: ADMIN_FRAME_PATHS.sessionToken,
    initialAppPath: route.appPath,
  };
  const iframeSrc = appFrameUrl({
    appUrl: env.appUrl,
    appPath: route.appPath,
    search: url.search,
    shop,
    storeName: route.storeName,
    idToken: token,
    locale: settings.locale,
  });
  // The page carries a live session token: never cache it.
  sendHtml(res, 200, renderAppFramePage(config, iframeSrc, ADMIN_FRAME_PATHS.frameScript));
  return true;
}

async function answerSessionToken(
  res: ServerResponse,
  env: AdminFrameEnv,
  staffUserId: string,
  shop: string | null,
): Promise<void> {
  const headers = { ...corsHeaders(env), "Cache-Control": "no-store" };
  if (!shop || !storeNameOf(shop)) {
    send(
      res,
      400,
      "application/json",
      JSON.stringify({ error: "Query parameter `shop` must be a <name>.myshopify.com domain." }),
      headers,
    );
    return;
  }
  if (!env.shopExists(shop)) {
    send(res, 404, "application/json", JSON.stringify({ error: `Unknown shop ${shop}.` }), headers);
    return;
  }
  const { token, claims } = await signSessionToken({
    apiKey: env.apiKey,
    apiSecret: env.apiSecret,
    shop,
    userId: staffUserId,
    sessionId: adminSessionId(env.apiKey, shop),
  });
  send(res, 200, "application/json", JSON.stringify({ token, exp: claims.exp }), headers);
}

/** Only the app's origin may read tokens cross-origin; the admin page itself is same-origin. */
function corsHeaders(env: AdminFrameEnv): Record<string, string> {
  return { "Access-Control-Allow-Origin": new URL(env.appUrl).origin, Vary: "Origin" };
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  send(res, status, "text/html; charset=utf-8", body, {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, "Content-Length": 0 });
  res.end();
}
