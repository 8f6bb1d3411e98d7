// A real shopifyApp() wired to a test database, and Shopify-signed webhook requests, for integration tests.
import "@shopify/shopify-app-remix/adapters/node";
import { createHmac, randomUUID } from "node:crypto";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Database } from "~/db/client.server";
import { APP_SCOPES } from "~/config.server";

export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-do-not-log";
export const TEST_APP_URL = "http://localhost:3999";

export function createTestShopifyApp(db: Database) {
  return shopifyApp({
    apiKey: TEST_API_KEY,
    apiSecretKey: TEST_API_SECRET,
    apiVersion: ApiVersion.October26,
    scopes: [...APP_SCOPES],
    appUrl: TEST_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage: new PrismaSessionStorage(db, { connectionRetries: 2, connectionRetryIntervalMs: 100 }),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true },
    logger: { level: 0 },
  });
}

export interface WebhookRequestOptions {
  topic: string;
  shop: string;
  body: string;
  path?: string;
  webhookId?: string;
  secret?: string;
  hmac?: string;
}

/** A POST exactly as Shopify delivers a webhook: raw body plus its HMAC and X-Shopify-* headers. */
export function webhookRequest(options: WebhookRequestOptions): Request {
  const secret = options.secret ?? TEST_API_SECRET;
  const hmac = options.hmac ?? createHmac("sha256", secret).update(options.body, "utf8").digest("base64");
  const path = options.path ?? `/webhooks/${options.topic}`;
  return new Request(`${TEST_APP_URL}${path}`, {
    method: "POST",
    body: options.body,
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-topic": options.topic,
      "x-shopify-shop-domain": options.shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-event-id": randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  });
}
