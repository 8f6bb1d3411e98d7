// The cost bucket's arithmetic at its edges, the schema loader's input check, and the shop operation end to end.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createAdminClient } from "~/shopify/client.server";
import { fetchShopIdentity } from "~/shopify/operations/shop";
import { loadAdminSchema, parseAdminSchema } from "~/shopify/schema/load.server";
import { DEFAULT_EXPECTED_COST, ThrottleBuckets } from "~/shopify/throttle";

const DOC = "query { shop { id } }";

describe("ThrottleBuckets", () => {
  it("assumes the default cost for a document it has not seen, then uses the reported one", () => {
    const buckets = new ThrottleBuckets();
    expect(buckets.expectedCost(DOC)).toBe(DEFAULT_EXPECTED_COST);
    buckets.observe("a.myshopify.com", DOC, { requestedQueryCost: 42 }, 0);
    expect(buckets.expectedCost(DOC)).toBe(42);
  });

  it("never counts more than the bucket's maximum as restored", () => {
    const buckets = new ThrottleBuckets();
    buckets.observe(
      "a.myshopify.com",
      DOC,
      { throttleStatus: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 10 } },
      0,
    );
    // An hour later the bucket is full (100), not 36 000.
    expect(buckets.reserve("a.myshopify.com", 100, 3_600_000)).toBe(0);
    expect(buckets.reserve("a.myshopify.com", 100, 3_600_000)).toBe(10_000);
  });

  it("waits only for a full bucket when a cost exceeds the bucket's size", () => {
    const buckets = new ThrottleBuckets();
    buckets.observe(
      "a.myshopify.com",
      DOC,
      { throttleStatus: { maximumAvailable: 100, currentlyAvailable: 50, restoreRate: 10 } },
      0,
    );
    expect(buckets.reserve("a.myshopify.com", 500, 0)).toBe(5_000);
  });

  it("ignores a malformed throttle status", () => {
    const buckets = new ThrottleBuckets();
    const broken = { maximumAvailable: 100, currentlyAvailable: Number.NaN, restoreRate: 10 };
    buckets.observe("a.myshopify.com", DOC, { throttleStatus: broken }, 0);
    expect(buckets.reserve("a.myshopify.com", 10, 0)).toBe(0);
  });
});

describe("loadAdminSchema", () => {
  it("builds the 2026-10 schema once", () => {
    const schema = loadAdminSchema();
    expect(loadAdminSchema()).toBe(schema);
    expect(schema.getMutationType()?.getFields()).toHaveProperty("orderCreateMandatePayment");
  });

  it("refuses a file that is not an introspection result", () => {
    expect(() => parseAdminSchema(gzipSync(JSON.stringify({ data: { nope: true } })))).toThrow(/no __schema/);
  });
});

describe("fetchShopIdentity", () => {
  it("returns the shop fields the app shell shows", async () => {
    const shop = {
      id: "gid://shopify/Shop/1",
      name: "Dev Shop",
      myshopifyDomain: "dev-shop.myshopify.com",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    };
    const server = createServer((req, res) => {
      req.resume().on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ data: { shop } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const admin = createAdminClient({
        shop: "dev-shop.myshopify.com",
        accessToken: "shpat_x",
        apiOrigin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        logger: pino({ level: "silent" }),
        buckets: new ThrottleBuckets(),
      });
      await expect(fetchShopIdentity(admin)).resolves.toEqual(shop);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
