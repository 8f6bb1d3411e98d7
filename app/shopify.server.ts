// The app's Shopify integration: @shopify/shopify-app-remix configured once for the whole server.
import "@shopify/shopify-app-remix/adapters/node";
import { type ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db/client.server";
import { config } from "./config.server";
import { recordInstallation } from "./db/shops.server";
import { allowLocalAdminFrame } from "./local/document-headers.server";
import { ADMIN_API_VERSION } from "./shopify/version";
import { logger } from "./logger.server";
import { requestBackfill } from "./services/backfill.server";
import { offlineAdminClient } from "./services/admin-access.server";
import { backgroundWork } from "./webhooks/runner.server";
import { CachedSessionStorage } from "./shopify/session-cache.server";

const settings = config();

/** Backfills started by this process run in its background runner (the worker resumes any it leaves). */
export const backfillDeps = {
  db: prisma,
  logger,
  adminFor: (shop: string) => offlineAdminClient(prisma, shop),
  background: backgroundWork,
};

const shopify = shopifyApp({
  apiKey: settings.apiKey,
  apiSecretKey: settings.apiSecret,
  apiVersion: ADMIN_API_VERSION as ApiVersion,
  scopes: settings.scopes,
  appUrl: settings.appUrl,
  authPathPrefix: "/auth",
  // Offline sessions are remembered for a few seconds: webhook authentication loads one per delivery.
  sessionStorage: new CachedSessionStorage(
    new PrismaSessionStorage(prisma, { connectionRetries: 5, connectionRetryIntervalMs: 1000 }),
  ),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstallation(prisma, { shop: session.shop, scopes: session.scope ?? null });
      // A first install searches the shop's existing orders once; later re-authentications do not.
      await requestBackfill(backfillDeps, session.shop, "INSTALL", { onlyIfNone: true });
    },
  },
  ...(settings.customShopDomains ? { customShopDomains: settings.customShopDomains } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
/**
 * LOCAL SEAM (README, "Local seams"): pages the library throws as Responses (the session-token bounce page,
 * exit-iframe) skip entry.server, so they get the local admin-frame headers here. Unchanged in production.
 */
function withLocalFrameHeaders(auth: typeof shopify.authenticate): typeof shopify.authenticate {
  const local = settings.local;
  if (!local) return auth;
  const admin: typeof auth.admin = async (request) => {
    try {
      return await auth.admin(request);
    } catch (thrown) {
      if (thrown instanceof Response) allowLocalAdminFrame(thrown.headers, local);
      throw thrown;
    }
  };
  return { ...auth, admin };
}

export const authenticate = withLocalFrameHeaders(shopify.authenticate);
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
