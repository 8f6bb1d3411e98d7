// The deferred orders list read in the database, on SQLite and PostgreSQL: every filter, the search, each sort both
// ways, keyset pages forwards and back (no row lost or repeated, ties included), the balance charge's state as the
// list sees it, another shop's orders never shown, and the CSV of a view.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCharge, updateCharge } from "~/db/charges.server";
import { ChargeChangedError } from "~/domain/charge";
import { listDeferredOrderPage, type DeferredOrderListRow } from "~/db/deferred-order-list.server";
import { saveDeferredOrder } from "~/db/deferred-orders.server";
import type { DeferredOrderCategory, DeferredOrderSnapshot, DeferredOrderStatus } from "~/domain/deferred-order";
import { moneyFromMinorUnits } from "~/domain/money";
import { parseOrderListQuery, type OrderCursor } from "~/domain/order-list";
import { exportOrdersCsv } from "~/services/order-export.server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";

const SHOP = "list-a.myshopify.com";
const OTHER = "list-b.myshopify.com";
const NOW = new Date("2027-03-10T15:00:00Z");
const TZ = "America/New_York";
const DAY = 86_400_000;

interface Seed {
  n: number;
  status: DeferredOrderStatus;
  category: DeferredOrderCategory;
  currency: string;
  balanceMinor: bigint;
  dueAt: Date | null;
  offerId: string;
  customer: string;
  email: string;
  createdAt: Date;
}

/** 130 orders of SHOP with every status, both kinds, two currencies, due dates around NOW (some none), tied balances. */
function seeds(): Seed[] {
  return Array.from({ length: 130 }, (_, index) => {
    const n = 1001 + index;
    const status: DeferredOrderStatus =
      index % 10 === 7 ? "PAID" : index % 10 === 8 ? "CANCELLED" : index % 10 === 9 ? "TERMS_REMOVED" : "OPEN";
    return {
      n,
      status,
      category: index % 3 === 0 ? "TRY_BEFORE_YOU_BUY" : "PRE_ORDER",
      currency: index % 4 === 0 ? "EUR" : "USD",
      balanceMinor: BigInt((index % 6) * 1000), // six values: many ties
      dueAt: index % 11 === 0 ? null : new Date(NOW.getTime() + (index - 40) * DAY + (index % 5) * 3_600_000),
      offerId: index % 2 === 0 ? "offer-even" : "offer-odd",
      customer: index === 5 ? "Ada Lovelace" : `Customer ${n}`,
      email: index === 6 ? "grace@hopper.example" : `c${n}@example.com`,
      createdAt: new Date(NOW.getTime() - (130 - index) * 3_600_000),
    };
  });
}

function snapshot(seed: Seed): DeferredOrderSnapshot {
  const money = (minor: bigint) => moneyFromMinorUnits(minor, seed.currency);
  return {
    orderId: `gid://shopify/Order/${seed.n}`,
    orderName: `#${seed.n}`,
    customerId: `gid://shopify/Customer/${seed.n}`,
    customerName: seed.customer,
    customerEmail: seed.email,
    orderCreatedAt: seed.createdAt,
    shopCurrency: seed.currency,
    presentmentCurrency: seed.currency,
    category: seed.category,
    total: money(seed.balanceMinor + 1000n),
    received: money(1000n),
    balanceDue: money(seed.balanceMinor),
    paymentTermsId: `gid://shopify/PaymentTerms/${seed.n}`,
    paymentTermsType: seed.dueAt ? "FIXED" : "FULFILLMENT",
    paymentScheduleId: `gid://shopify/PaymentSchedule/${seed.n}`,
    dueAt: seed.dueAt,
    dueOnFulfillment: seed.dueAt === null,
    mandateId: null,
    status: seed.status,
    returnInProgress: false,
    shopifyUpdatedAt: seed.createdAt,
    lines: [
      {
        lineItemId: `gid://shopify/LineItem/${seed.n}`,
        variantId: null,
        quantity: 1,
        sellingPlanId: null,
        offerId: seed.offerId,
      },
    ],
  };
}

describe.each(PROVIDERS)("deferred orders list on %s", (provider) => {
  let testDb: TestDatabase;
  const all = seeds();

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    for (const seed of all) await saveDeferredOrder(testDb.db, SHOP, snapshot(seed), NOW);
    // Another shop's orders, one named like SHOP's: never listed for SHOP.
    for (const seed of all.slice(0, 5)) {
      await saveDeferredOrder(testDb.db, OTHER, snapshot({ ...seed, customer: "Ada Lovelace" }), NOW);
    }
  }, 60_000);
  afterAll(async () => {
    await testDb?.drop();
  });

  const query = (text: string) => parseOrderListQuery(new URLSearchParams(text), { timeZone: TZ, now: NOW }).query;
  const page = (text: string, cursor: { after?: OrderCursor | null; before?: OrderCursor | null } = {}) =>
    listDeferredOrderPage(testDb.db, SHOP, {
      ...query(text),
      after: cursor.after ?? null,
      before: cursor.before ?? null,
    });

  /** Every row of a view, following `next` from the first page. */
  async function everyRow(text: string): Promise<DeferredOrderListRow[]> {
    const rows: DeferredOrderListRow[] = [];
    let cursor: OrderCursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const result = await page(text, { after: cursor });
      rows.push(...result.rows);
      if (!result.next) return rows;
      cursor = result.next;
    }
    throw new Error("more than 10 pages");
  }
  const names = (rows: { orderName: string }[]) => rows.map((row) => row.orderName);
  const expected = (keep: (seed: Seed) => boolean) => all.filter(keep).map((seed) => `#${seed.n}`);

  it("pages through the default view 50 at a time, soonest due first and undated last, and back again", async () => {
    const first = await page("");
    expect(first.total).toBe(130);
    expect(first.rows).toHaveLength(50);
    expect(first.previous).toBeNull();
    const second = await page("", { after: first.next });
    const third = await page("", { after: second.next });
    expect(third.rows).toHaveLength(30);
    expect(third.next).toBeNull();
    const rows = [...first.rows, ...second.rows, ...third.rows];
    expect(new Set(names(rows)).size).toBe(130);
    const dated = all.filter((seed) => seed.dueAt).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
    expect(names(rows).slice(0, dated.length)).toEqual(dated.map((seed) => `#${seed.n}`));
    expect(rows.slice(dated.length).every((row) => row.dueAt === null && row.dueOnFulfillment)).toBe(true);
    // Back from the third page: exactly the second, in the same order.
    const back = await page("", { before: third.previous });
    expect(names(back.rows)).toEqual(names(second.rows));
    expect(back.previous).not.toBeNull();
    const front = await page("", { before: back.previous });
    expect(names(front.rows)).toEqual(names(first.rows));
    expect(front.previous).toBeNull();
  });

  it("counts a view up to the cap and says when there are more", async () => {
    const capped = await listDeferredOrderPage(testDb.db, SHOP, query(""), 50, 100);
    expect(capped).toMatchObject({ total: 100, totalCapped: true });
    expect(capped.rows).toHaveLength(50);
    expect(await listDeferredOrderPage(testDb.db, SHOP, query(""), 50, 130)).toMatchObject({
      total: 130,
      totalCapped: false,
    });
  });

  it("lists and counts an order once under each offer its lines were bought on, as its lines change", async () => {
    const shop = "list-offers.myshopify.com";
    const base = all[0]!;
    const line = (n: number, offerId: string | null) => ({
      lineItemId: `gid://shopify/LineItem/${n}`,
      variantId: null,
      quantity: 1,
      sellingPlanId: null,
      offerId,
    });
    // #2001: two lines on the spring drop and one on the trial; #2002: one trial line and a line on no offer.
    const first = {
      ...snapshot({ ...base, n: 2001 }),
      lines: [line(1, "spring"), line(2, "spring"), line(3, "trial")],
    };
    const second = { ...snapshot({ ...base, n: 2002 }), lines: [line(4, "trial"), line(5, null)] };
    await saveDeferredOrder(testDb.db, shop, first, NOW);
    await saveDeferredOrder(testDb.db, shop, second, NOW);
    const view = (text: string, cap?: number) => listDeferredOrderPage(testDb.db, shop, query(text), 50, cap);
    expect(await view("offer=spring")).toMatchObject({ total: 1, rows: [{ orderName: "#2001" }] });
    expect(names((await view("offer=trial&sort=ordered-asc")).rows)).toEqual(["#2001", "#2002"]);
    expect((await view("offer=trial")).total).toBe(2);
    expect(await view("offer=trial", 1)).toMatchObject({ total: 1, totalCapped: true });
    expect(await view("offer=trial&status=open", 1)).toMatchObject({ total: 1, totalCapped: true });
    // Another shop never sees them, whatever the offer id.
    expect(await listDeferredOrderPage(testDb.db, OTHER, query("offer=trial"))).toMatchObject({ total: 0, rows: [] });

    // Shopify reports #2001 again: the spring lines are gone (removed by an order edit).
    const later = new Date(first.shopifyUpdatedAt.getTime() + 60_000);
    await saveDeferredOrder(testDb.db, shop, { ...first, shopifyUpdatedAt: later, lines: [line(3, "trial")] }, NOW);
    expect(await view("offer=spring")).toMatchObject({ total: 0, rows: [] });
    expect((await view("offer=trial")).total).toBe(2);
  });

  it("an upgrade fills the order offers from the lines stored before it (the migration's backfill)", async () => {
    const stored = () =>
      testDb.db.deferredOrderOffer.findMany({
        select: { deferredOrderId: true, shop: true, offerId: true },
        orderBy: [{ deferredOrderId: "asc" }, { offerId: "asc" }],
      });
    const written = await stored();
    expect(written.length).toBeGreaterThan(130);
    const migration = readFileSync(
      provider === "sqlite"
        ? "prisma/migrations/20261206140000_order_offers/migration.sql"
        : "prisma/postgresql/migrations/20261206140000_order_offers/migration.sql",
      "utf8",
    );
    const backfill = /INSERT INTO "DeferredOrderOffer"[^;]+;/.exec(migration)?.[0];
    expect(backfill).toBeDefined();
    await testDb.db.deferredOrderOffer.deleteMany({});
    await testDb.db.$executeRawUnsafe(backfill!);
    expect(await stored()).toEqual(written);
  });

  it("sorts by balance and by order date, both ways, through ties without losing or repeating a row", async () => {
    for (const sort of ["balance-asc", "balance-desc", "ordered-asc", "ordered-desc", "due-desc"]) {
      const rows = await everyRow(`sort=${sort}`);
      expect(new Set(names(rows)).size, sort).toBe(130);
    }
    const byBalance = await everyRow("sort=balance-desc");
    const balances = byBalance.map((row) => Number(row.balanceDueMinor));
    expect(balances).toEqual([...balances].sort((a, b) => b - a));
    const byDate = await everyRow("sort=ordered-asc");
    expect(names(byDate)).toEqual(all.map((seed) => `#${seed.n}`));
    const latestDueFirst = await everyRow("sort=due-desc");
    // Undated balances (due on fulfilment, so later than any date) lead when the latest come first.
    expect(latestDueFirst.slice(0, 12).every((row) => row.dueAt === null)).toBe(true);
  });

  it("filters by status, kind, offer, currency and due-date range in the database", async () => {
    const cases: [string, (seed: Seed) => boolean][] = [
      ["status=open", (s) => s.status === "OPEN"],
      ["status=overdue", (s) => s.status === "OPEN" && s.dueAt !== null && s.dueAt < NOW],
      ["status=paid", (s) => s.status === "PAID"],
      ["status=cancelled", (s) => s.status === "CANCELLED"],
      ["kind=TRY_BEFORE_YOU_BUY", (s) => s.category === "TRY_BEFORE_YOU_BUY"],
      ["offer=offer-odd", (s) => s.offerId === "offer-odd"],
      ["currency=EUR", (s) => s.currency === "EUR"],
      [
        // Whole days in New York: from the start of Mar 12 to the end of Mar 15.
        "dueFrom=2027-03-12&dueTo=2027-03-15",
        (s) =>
          s.dueAt !== null && s.dueAt >= new Date("2027-03-12T04:00:00Z") && s.dueAt < new Date("2027-03-16T04:00:00Z"),
      ],
      [
        "status=open&currency=USD&kind=PRE_ORDER",
        (s) => s.status === "OPEN" && s.currency === "USD" && s.category === "PRE_ORDER",
      ],
      ["offer=offer-even&status=open", (s) => s.offerId === "offer-even" && s.status === "OPEN"],
      ["offer=offer-odd&q=customer%20104", (s) => s.offerId === "offer-odd" && s.customer.startsWith("Customer 104")],
    ];
    for (const [text, keep] of cases) {
      const rows = await everyRow(`${text}&sort=ordered-asc`);
      expect(names(rows), text).toEqual(expected(keep));
      expect((await page(text)).total, text).toBe(expected(keep).length);
    }
  });

  it("searches order names, customer names and emails, ignoring case, in this shop only", async () => {
    expect(names(await everyRow("q=ada%20LOVE"))).toEqual(["#1006"]);
    expect(names(await everyRow("q=GRACE@hopper"))).toEqual(["#1007"]);
    expect(names(await everyRow("q=%231129"))).toEqual(["#1129"]);
    expect(names(await everyRow("q=1129"))).toEqual(["#1129"]);
    expect((await listDeferredOrderPage(testDb.db, OTHER, query("q=%231129"))).rows).toEqual([]);
    expect(await everyRow("q=no%20such%20customer")).toEqual([]);
    // Shop B's five orders all belong to an "Ada Lovelace": SHOP's search above found only its own.
    const other = await listDeferredOrderPage(testDb.db, OTHER, query("q=ada"));
    expect(other.total).toBe(5);
  });

  it("knows a failed balance charge and one that needs attention, as the charge engine records them", async () => {
    const seed = all.find((s) => s.status === "OPEN" && s.dueAt && s.dueAt < NOW)!;
    const orderId = `gid://shopify/Order/${seed.n}`;
    const { charge } = await insertCharge(
      testDb.db,
      {
        shop: SHOP,
        orderId,
        orderName: `#${seed.n}`,
        paymentScheduleId: `gid://shopify/PaymentSchedule/${seed.n}`,
        currency: seed.currency,
        expectedMinor: seed.balanceMinor,
        status: "SCHEDULED",
        dueAt: seed.dueAt,
        offerId: null,
        policy: "{}",
        trigger: "SCHEDULE",
      },
      NOW,
    );
    expect((await page("status=failed")).total).toBe(0);
    const failed = await updateCharge(testDb.db, charge, { status: "FAILED", needsAttention: true });
    expect(names((await page("status=failed")).rows)).toEqual([`#${seed.n}`]);
    expect((await page("status=attention")).rows).toMatchObject([{ orderName: `#${seed.n}`, chargeStatus: "FAILED" }]);
    // The same charge in another shop's name changes nothing here, and neither does a write from a stale read.
    await expect(updateCharge(testDb.db, { ...failed, shop: OTHER }, { needsAttention: false })).rejects.toThrow(
      ChargeChangedError,
    );
    await expect(updateCharge(testDb.db, charge, { needsAttention: false })).rejects.toThrow(ChargeChangedError);
    expect((await page("status=attention")).total).toBe(1);
    await updateCharge(testDb.db, failed, { needsAttention: false });
    expect((await page("status=attention")).total).toBe(0);
  });

  it("exports a filtered view as CSV: exactly its rows, exact decimals, days in the shop's time zone", async () => {
    const view = query("currency=EUR&sort=ordered-asc");
    const text = await new Response(exportOrdersCsv({ db: testDb.db, shop: SHOP, timeZone: TZ }, view)).text();
    const records = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((record) => record.Order)).toEqual(expected((s) => s.currency === "EUR"));
    expect(records[0]).toMatchObject({
      Order: "#1001",
      Currency: "EUR",
      Total: "10.00",
      Paid: "10.00",
      "Balance due": "0.00",
      "Due date": "On fulfillment", // #1001 is due when it ships
    });
    const dated = records.find((record) => record.Order === "#1005")!;
    expect(dated).toMatchObject({ "Balance due": "40.00", "Due date": "2027-02-02" }); // 19:00 UTC is 14:00 in New York
  });

  it("exports the orders selected in a view as CSV: those orders only, in the view's order", async () => {
    const inView = expected((s) => s.currency === "EUR");
    const chosen = [inView[3]!, inView[0]!, inView[7]!];
    const ids = chosen.map((name) => `gid://shopify/Order/${name.slice(1)}`);
    const view = query("currency=EUR&sort=ordered-asc");
    const text = await new Response(exportOrdersCsv({ db: testDb.db, shop: SHOP, timeZone: TZ }, view, ids)).text();
    const records = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(records.map((record) => record.Order)).toEqual([inView[0], inView[3], inView[7]]);
  });
});
