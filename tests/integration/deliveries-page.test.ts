// The webhook deliveries page reads every delivery of the shop, newest first, a page at a time (it stopped at 100).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveriesPage } from "~/services/deliveries.server";
import { shopScope } from "~/services/shop-scope.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";

const SHOP = "deliveries-a.myshopify.com";
const OTHER = "deliveries-b.myshopify.com";
const START = Date.parse("2026-11-01T00:00:00Z");

describe.each(PROVIDERS)("webhook deliveries page on %s", (provider) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    const row = (shop: string, n: number, receivedAt: Date) => ({
      shop,
      topic: "orders/create",
      webhookId: `${shop}-${n}`,
      payload: "{}",
      status: "IGNORED",
      receivedAt,
    });
    // 130 deliveries, a minute apart, and two more received in the same millisecond as the 60th (ties are kept apart).
    const rows = Array.from({ length: 130 }, (_, n) => row(SHOP, n, new Date(START + n * 60_000)));
    rows.push(row(SHOP, 130, new Date(START + 60 * 60_000)), row(SHOP, 131, new Date(START + 60 * 60_000)));
    rows.push(...Array.from({ length: 5 }, (_, n) => row(OTHER, n, new Date(START + n * 60_000))));
    await testDb.db.webhookEvent.createMany({ data: rows });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("pages through every delivery, newest first, and back, without repeating or skipping one", async () => {
    const scope = shopScope(SHOP, testDb.db);
    const seen: string[] = [];
    let page = await deliveriesPage(scope, {}, 50);
    expect(page.hasPrevious).toBe(false);
    const pages = [page];
    for (;;) {
      seen.push(...page.rows.map((delivery) => delivery.webhookId));
      if (!page.hasNext) break;
      page = await deliveriesPage(scope, { before: page.nextCursor! }, 50);
      pages.push(page);
    }
    expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 32]);
    expect(new Set(seen).size).toBe(132);
    expect(seen.every((id) => id.startsWith(SHOP))).toBe(true);
    const times = pages.flatMap((p) => p.rows.map((delivery) => delivery.receivedAt.getTime()));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Back from the last page: the same second page again.
    const back = await deliveriesPage(scope, { after: pages[2]!.previousCursor! }, 50);
    expect(back.rows.map((delivery) => delivery.webhookId)).toEqual(pages[1]!.rows.map((d) => d.webhookId));
    expect(back.hasPrevious).toBe(true);
    expect(back.hasNext).toBe(true);
    const first = await deliveriesPage(scope, { after: back.previousCursor! }, 50);
    expect(first.rows.map((delivery) => delivery.webhookId)).toEqual(pages[0]!.rows.map((d) => d.webhookId));
    expect(first.hasPrevious).toBe(false);
  });

  it("ignores a cursor that is not one", async () => {
    const page = await deliveriesPage(shopScope(SHOP, testDb.db), { before: "nonsense" }, 50);
    expect(page.rows).toHaveLength(50);
    expect(page.hasPrevious).toBe(false);
  });
});
