// The home dashboard's figures summed in the database, on SQLite and PostgreSQL: outstanding, due in 7 and 30 days,
// overdue, needing action, collected in the last 30 days, by week either side of today, per currency, for one shop;
// the first attempts' success rate; the setup checklist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCharge, updateCharge } from "~/db/charges.server";
import { saveDeferredOrder } from "~/db/deferred-orders.server";
import { recordInstallation } from "~/db/shops.server";
import type { DeferredOrderSnapshot, DeferredOrderStatus } from "~/domain/deferred-order";
import { moneyFromMinorUnits } from "~/domain/money";
import { homeDashboard } from "~/services/home.server";
import { APP_SCOPES } from "~/config.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";

const SHOP = "dash-a.myshopify.com";
const OTHER = "dash-b.myshopify.com";
// A Wednesday, 15:00 UTC: 10:00 in New York, whose week started on Monday 2027-03-08.
const NOW = new Date("2027-03-10T15:00:00Z");
const TZ = "America/New_York";
const DAY = 86_400_000;

let serial = 2000;
function order(input: {
  currency?: string;
  balanceMinor: bigint;
  dueInDays: number | null;
  status?: DeferredOrderStatus;
}): DeferredOrderSnapshot {
  const n = serial++;
  const currency = input.currency ?? "USD";
  const money = (minor: bigint) => moneyFromMinorUnits(minor, currency);
  const dueAt = input.dueInDays === null ? null : new Date(NOW.getTime() + input.dueInDays * DAY);
  return {
    orderId: `gid://shopify/Order/${n}`,
    orderName: `#${n}`,
    customerId: null,
    customerName: null,
    customerEmail: null,
    orderCreatedAt: NOW,
    shopCurrency: currency,
    presentmentCurrency: currency,
    category: "PRE_ORDER",
    total: money(input.balanceMinor + 500n),
    received: money(500n),
    balanceDue: money(input.balanceMinor),
    paymentTermsId: `gid://shopify/PaymentTerms/${n}`,
    paymentTermsType: "FIXED",
    paymentScheduleId: `gid://shopify/PaymentSchedule/${n}`,
    dueAt,
    dueOnFulfillment: dueAt === null,
    mandateId: null,
    status: input.status ?? "OPEN",
    returnInProgress: false,
    shopifyUpdatedAt: NOW,
    lines: [],
  };
}

describe.each(PROVIDERS)("home dashboard on %s", (provider) => {
  let testDb: TestDatabase;

  async function charge(snapshot: DeferredOrderSnapshot, shop = SHOP) {
    const { charge: created } = await insertCharge(
      testDb.db,
      {
        shop,
        orderId: snapshot.orderId,
        orderName: snapshot.orderName,
        paymentScheduleId: snapshot.paymentScheduleId!,
        currency: snapshot.total.currency,
        expectedMinor: snapshot.balanceDue.minorUnits,
        status: "SCHEDULED",
        dueAt: snapshot.dueAt,
        offerId: null,
        policy: "{}",
        trigger: "SCHEDULE",
      },
      NOW,
    );
    return created;
  }

  async function attempt(chargeId: string, number: number, status: string, shop = SHOP) {
    await testDb.db.chargeAttempt.create({
      data: {
        shop,
        chargeId,
        number,
        idempotencyKey: `key-${chargeId}-${number}`,
        amountMinor: 100n,
        currency: "USD",
        status,
        startedBy: "SCHEDULE",
      },
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await recordInstallation(testDb.db, { shop: SHOP, scopes: "write_products" });
    const save = (snapshot: DeferredOrderSnapshot, shop = SHOP) => saveDeferredOrder(testDb.db, shop, snapshot, NOW);
    // USD, open: overdue 2 days (10.00, its charge failed), due in 2 days (20.00), in 10 days (30.00), in 40 days
    // (40.00), on fulfilment (50.00).
    const overdue = order({ balanceMinor: 1000n, dueInDays: -2 });
    await save(overdue);
    await save(order({ balanceMinor: 2000n, dueInDays: 2 }));
    await save(order({ balanceMinor: 3000n, dueInDays: 10 }));
    await save(order({ balanceMinor: 4000n, dueInDays: 40 }));
    await save(order({ balanceMinor: 5000n, dueInDays: null }));
    const failed = await charge(overdue);
    await updateCharge(testDb.db, failed, { status: "FAILED", needsAttention: true });
    await attempt(failed.id, 1, "DECLINED");
    // USD, collected 3 days ago (60.00) and 40 days ago (70.00: outside the 30 days, inside the 12 weeks).
    for (const [minor, daysAgo] of [
      [6000n, 3],
      [7000n, 40],
    ] as const) {
      const paid = order({ balanceMinor: minor, dueInDays: -daysAgo });
      await save(paid);
      const collected = await charge(paid);
      await updateCharge(testDb.db, collected, {
        status: "COLLECTED",
        collectedMinor: minor,
        collectedAt: new Date(NOW.getTime() - daysAgo * DAY),
      });
      await attempt(collected.id, 1, "SUCCEEDED");
      await saveDeferredOrder(
        testDb.db,
        SHOP,
        { ...paid, status: "PAID", balanceDue: moneyFromMinorUnits(0n, "USD") },
        NOW,
      );
    }
    // A cancelled order owes nothing; a yen order is its own currency.
    await save(order({ balanceMinor: 9999n, dueInDays: 1, status: "CANCELLED" }));
    await save(order({ currency: "JPY", balanceMinor: 12000n, dueInDays: 5 }));
    // Another shop's orders never count.
    await save(order({ balanceMinor: 100000n, dueInDays: 1 }), OTHER);
  }, 60_000);
  afterAll(async () => {
    await testDb?.drop();
  });

  it("sums what is owed, when, and what was collected, per currency, for this shop only", async () => {
    const home = await homeDashboard({ db: testDb.db, shop: SHOP, timeZone: TZ, now: NOW, requiredScopes: APP_SCOPES });
    expect(home.figures.map((figures) => figures.currency)).toEqual(["USD", "JPY"]);
    const usd = home.figures[0]!;
    expect(usd).toMatchObject({
      openOrders: 5,
      outstandingMinor: 15000n,
      overdueOrders: 1,
      overdueMinor: 1000n,
      due7Orders: 1,
      due7Minor: 2000n,
      due30Orders: 2,
      due30Minor: 5000n,
      attentionOrders: 1,
      attentionMinor: 1000n,
      collected30Minor: 6000n,
    });
    // Weeks start on Monday in New York: this week (from now) holds the 2-day balance, next week the 10-day one,
    // the week of 40 days ahead (Apr 19) the 40-day one; nothing undated or overdue is charted.
    expect(home.windows.dueWeeks.map((week) => week.week).slice(0, 3)).toEqual([
      "2027-03-08",
      "2027-03-15",
      "2027-03-22",
    ]);
    expect(usd.dueByWeekMinor).toEqual([2000n, 3000n, 0n, 0n, 0n, 0n, 4000n, 0n, 0n, 0n, 0n, 0n]);
    // Collected 3 days ago (Sunday Mar 7) falls in the week of Mar 1; 40 days ago (Jan 29) in the week of Jan 25.
    const collected = Object.fromEntries(
      home.windows.collectedWeeks.map((week, index) => [week.week, usd.collectedByWeekMinor[index]]),
    );
    expect(collected["2027-03-01"]).toBe(6000n);
    expect(collected["2027-01-25"]).toBe(7000n);
    expect(usd.collectedByWeekMinor.reduce((sum, minor) => sum + minor, 0n)).toBe(13000n);
    expect(home.figures[1]).toMatchObject({ currency: "JPY", outstandingMinor: 12000n, due7Orders: 1 });
    expect(home.firstAttempts).toEqual({ succeeded: 2, declined: 1, percent: 67 });
  });

  it("lists the setup steps: an offer and products to add, the access the app lacks, what to check", async () => {
    const home = await homeDashboard({ db: testDb.db, shop: SHOP, timeZone: TZ, now: NOW, requiredScopes: APP_SCOPES });
    const byId = Object.fromEntries(home.setup.map((step) => [step.id, step]));
    expect(byId.offer!.done).toBe(false);
    expect(byId.products!.done).toBe(false);
    expect(byId.storefront!.done).toBeNull();
    expect(byId.gateway!.done).toBeNull();
    expect(byId.scopes!.done).toBe(false);
    expect(byId.scopes!.missingScopes).toContain("write_payment_mandate");
    expect(byId.scopes!.missingScopes).not.toContain("write_products");
  });
});
