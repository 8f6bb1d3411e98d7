// The local install seam stores what token exchange would, only for the simulator's signature, and is off by default.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { acceptLocalInstall, signLocalInstall } from "~/local/install.server";
import { createTestDatabase, tempSqliteUrl, type TestDatabase } from "../support/database";
import { createTestShopifyApp, TEST_API_SECRET } from "../support/shopify-app";

const SHOP = "local-install.myshopify.com";

function installRequest(body: string, signature: string) {
  return new Request("http://localhost/local/install", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-simulator-hmac": signature },
  });
}

describe("local install seam", () => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  beforeAll(async () => {
    testDb = await createTestDatabase("sqlite");
    app = createTestShopifyApp(testDb.db);
  });
  afterAll(async () => testDb?.drop());
  beforeEach(async () => {
    await testDb.db.session.deleteMany();
    await testDb.db.shop.deleteMany();
  });
  const deps = () => ({ apiSecret: TEST_API_SECRET, sessionStorage: app.sessionStorage, db: testDb.db });

  it("stores the offline session the simulator signed, as token exchange would", async () => {
    const body = JSON.stringify({ shop: SHOP, accessToken: "shpat_local", scope: "read_orders,write_orders" });
    const response = await acceptLocalInstall(installRequest(body, signLocalInstall(body, TEST_API_SECRET)), deps());
    expect(response.status).toBe(200);
    const session = await app.sessionStorage.loadSession(`offline_${SHOP}`);
    expect(session).toMatchObject({
      shop: SHOP,
      accessToken: "shpat_local",
      scope: "read_orders,write_orders",
      isOnline: false,
    });
    expect(await testDb.db.shop.findUnique({ where: { domain: SHOP } })).not.toBeNull();
  });

  it("refuses a body signed with another secret and stores nothing", async () => {
    const body = JSON.stringify({ shop: SHOP, accessToken: "shpat_forged", scope: "read_orders" });
    const response = await acceptLocalInstall(installRequest(body, signLocalInstall(body, "wrong-secret")), deps());
    expect(response.status).toBe(401);
    expect(await testDb.db.session.count()).toBe(0);
  });

  it("names the invalid fields of a signed but wrong body", async () => {
    const body = JSON.stringify({ shop: "not a shop", accessToken: "" });
    const response = await acceptLocalInstall(installRequest(body, signLocalInstall(body, TEST_API_SECRET)), deps());
    expect(response.status).toBe(400);
    const json = (await response.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(json.errors).sort()).toEqual(["accessToken", "scope", "shop"]);
    expect(await testDb.db.session.count()).toBe(0);
  });
});

describe("the /local/install route", () => {
  const sqlite = tempSqliteUrl();
  afterAll(() => sqlite.cleanup());

  async function loadRoute(extraEnv: Record<string, string>) {
    vi.resetModules();
    vi.stubEnv("SHOPIFY_API_KEY", "key");
    vi.stubEnv("SHOPIFY_API_SECRET", TEST_API_SECRET);
    vi.stubEnv("SHOPIFY_APP_URL", "https://app.example.com");
    vi.stubEnv("DATABASE_URL", sqlite.url);
    vi.stubEnv("SHOPIFY_LOCAL_SIMULATOR_URL", "");
    for (const [key, value] of Object.entries(extraEnv)) vi.stubEnv(key, value);
    return import("~/routes/local.install");
  }

  it("does not exist in a production configuration (no simulator URL)", async () => {
    const route = await loadRoute({});
    const body = JSON.stringify({ shop: SHOP, accessToken: "shpat_x", scope: "read_orders" });
    const response = await route.action({
      request: installRequest(body, signLocalInstall(body, TEST_API_SECRET)),
      params: {},
      context: {},
    });
    expect(response.status).toBe(404);
    vi.unstubAllEnvs();
  });
});
