// The app's Shopify integration: @shopify/shopify-app-remix configured once for the whole server.
import "./local/app-bridge-env.server";
import "@shopify/shopify-app-remix/adapters/node";
import { type ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { config } from "./config.server";
import { recordInstallation } from "./db/shops.server";
import { ADMIN_API_VERSION } from "./shopify/version";

const settings = config();

const shopify = shopifyApp({
  apiKey: settings.apiKey,
  apiSecretKey: settings.apiSecret,
  apiVersion: ADMIN_API_VERSION as ApiVersion,
  scopes: settings.scopes,
  appUrl: settings.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma, { connectionRetries: 5, connectionRetryIntervalMs: 1000 }),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstallation(prisma, { shop: session.shop, scopes: session.scope ?? null });
    },
  },
  ...(settings.customShopDomains ? { customShopDomains: settings.customShopDomains } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
