// URL conventions of the local admin: admin paths <-> app iframe URLs, the `host` parameter, shop names.

/** Query parameters the admin adds to the app's URL; they are not part of the app's own location. */
export const EMBEDDED_PARAMS = [
  "embedded",
  "shop",
  "host",
  "id_token",
  "locale",
  "hmac",
  "timestamp",
  "session",
  "shopify-reload",
] as const;

const SHOP_DOMAIN_SUFFIX = ".myshopify.com";
const STORE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;

/** "demo.myshopify.com" -> "demo"; null when the domain is not a permanent myshopify domain. */
export function storeNameOf(shop: string): string | null {
  if (!shop.endsWith(SHOP_DOMAIN_SUFFIX)) return null;
  const name = shop.slice(0, -SHOP_DOMAIN_SUFFIX.length);
  return STORE_NAME.test(name) ? name : null;
}

/** "demo" -> "demo.myshopify.com"; null for names Shopify would not issue. */
export function shopOfStoreName(storeName: string): string | null {
  return STORE_NAME.test(storeName) ? `${storeName}${SHOP_DOMAIN_SUFFIX}` : null;
}

/**
 * The `host` parameter Shopify gives embedded apps: base64 of "admin.shopify.com/store/<name>".
 * Standard alphabet without padding, as the admin sends it; @shopify/shopify-api's sanitizeHost
 * rejects the URL-safe alphabet ("-", "_").
 */
export function hostParamFor(storeName: string): string {
  return Buffer.from(`admin.shopify.com/store/${storeName}`, "utf8").toString("base64").replace(/=+$/, "");
}

/** The local admin path that shows the app at `appPath` (e.g. "/app/plans?x=1"). */
export function adminAppPath(storeName: string, appHandle: string, appPath: string): string {
  const base = `/store/${encodeURIComponent(storeName)}/apps/${encodeURIComponent(appHandle)}`;
  return appPath === "/" || appPath === "" ? base : `${base}${appPath.startsWith("/") ? "" : "/"}${appPath}`;
}

export type AdminRoute =
  | { kind: "app"; storeName: string; appHandle: string; appPath: string }
  | { kind: "store"; storeName: string; adminPath: string };

/**
 * Parses "/store/<name>/apps/<handle>/<app path>" (the app page) and any other "/store/<name>/..." path
 * (an admin page the simulator does not reproduce). As in the Shopify admin, the part after the handle
 * is the path inside the app; an empty path opens the app's home.
 */
export function parseAdminPath(pathname: string, appHomePath: string): AdminRoute | null {
  const match = /^\/store\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return null;
  const storeName = decodeURIComponent(match[1]!);
  const rest = match[2] ?? "/";
  const app = /^\/apps\/([^/]+)(\/.*)?$/.exec(rest);
  if (!app) return { kind: "store", storeName, adminPath: rest };
  const inner = app[2] && app[2] !== "/" ? app[2] : appHomePath;
  return { kind: "app", storeName, appHandle: decodeURIComponent(app[1]!), appPath: inner };
}

export interface AppFrameUrlInput {
  appUrl: string;
  /** Path inside the app, e.g. "/app/plans". */
  appPath: string;
  /** Query string of the admin URL ("" or "?a=b"); the admin forwards it to the app. */
  search: string;
  shop: string;
  storeName: string;
  idToken: string;
  locale: string;
}

/** The iframe URL the admin loads: the app's URL plus the parameters an embedded app receives. */
export function appFrameUrl(input: AppFrameUrlInput): string {
  const url = new URL(input.appUrl.replace(/\/+$/, "") + input.appPath);
  for (const [key, value] of new URLSearchParams(input.search)) {
    if (!(EMBEDDED_PARAMS as readonly string[]).includes(key)) url.searchParams.append(key, value);
  }
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", input.shop);
  url.searchParams.set("host", hostParamFor(input.storeName));
  url.searchParams.set("id_token", input.idToken);
  url.searchParams.set("locale", input.locale);
  return url.toString();
}
