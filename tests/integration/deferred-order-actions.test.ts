// What the merchant does with deferred orders from the app, against the local Shopify on SQLite and PostgreSQL:
// moving a due date (written back to Shopify's payment terms, earlier dates only after confirmation, every attempt
// recorded) and the backfill that finds existing orders the app never heard of (paginated, resumable, once).
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDeferredOrder, listDeferredOrders } from "~/db/deferred-orders.server";
import { listDueDateChanges } from "~/db/due-date-changes.server";
import { latestBackfillRun } from "~/db/backfill-runs.server";
import { recordUninstall } from "~/db/shops.server";
import { createLogger } from "~/logger.server";
import { requestBackfill } from "~/services/backfill.server";
import { selectedOrders, sendPaymentReminders } from "~/services/order-actions.server";
import { answerChargeRequest, requestChargeAction } from "~/services/charge-requests.server";
import { refreshDeferredOrder } from "~/services/deferred-orders.server";
import { listChargesOfOrder } from "~/db/charges.server";
import { findJob } from "~/db/scheduled-jobs.server";
import { rescheduleDueDate, type RescheduleContext } from "~/services/reschedule.server";
import { createAdminClient, type AdminClient } from "~/shopify/client.server";
import {
  BACKFILL_ORDERS_QUERY,
  PAYMENT_TERMS_UPDATE_MUTATION,
  fetchDeferredOrder,
} from "~/shopify/operations/deferred-orders";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { deferredShopHarness, preOrder, type DeferredShopHarness, type Storefront } from "../support/deferred-shop";
import { createTestShopifyApp } from "../support/shopify-app";
import { testWork } from "../support/work";

const NOW = new Date("2026-11-24T12:00:00Z");
const STAFF = "gid://shopify/StaffMember/42";

/** The Admin API gateway with one document's requests answered or watched by `intercept`. */
function intercepting(
  admin: AdminClient,
  document: string,
  intercept: (variables: Record<string, unknown>, forward: () => Promise<unknown>) => Promise<unknown>,
): AdminClient {
  return {
    ...admin,
    request: ((doc: string, variables?: Record<string, unknown>, options?: unknown) => {
      const forward = () => (admin.request as (...args: unknown[]) => Promise<unknown>)(doc, variables, options);
      return doc === document ? intercept(variables ?? {}, forward) : forward();
    }) as AdminClient["request"],
  };
}

describe.each(PROVIDERS)("deferred order actions on %s", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let harness: DeferredShopHarness;
  let usd: Storefront;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    harness = await deferredShopHarness({ db: () => testDb.db, app: () => app, now: () => NOW });
    usd = await harness.openStorefront("USD", "120.00");
  });
  afterAll(async () => {
    await harness?.stop();
    await testDb?.drop();
  });

  /** A pre-order checkout of the lamp, taken in through its webhooks. */
  async function placeOrder(storefront: Storefront = usd) {
    const { shopify, variantId, planId } = storefront;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await harness.deliverPending(shopify);
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).not.toBeNull();
    return order;
  }

  const context = (overrides: Partial<RescheduleContext> = {}): RescheduleContext => ({
    db: testDb.db,
    shop: usd.shopify.shop,
    admin: usd.shopify.admin,
    now: () => NOW,
    timeZone: "America/New_York",
    staffUserId: STAFF,
    ...overrides,
  });
  const dueInShopify = async (orderId: string) =>
    (await fetchDeferredOrder(usd.shopify.admin, orderId))!.paymentTerms!.paymentSchedules.nodes[0].dueAt;

  describe("moving a due date", () => {
    it("moves a due date later in Shopify's payment terms, keeps the time of day, and records who did it", async () => {
      const order = await placeOrder();
      // Due 1 Feb 2027 10:00 in New York (15:00 UTC); 15 March is after the DST switch, so 10:00 is 14:00 UTC.
      const result = await rescheduleDueDate(context(), order.id, { dueDate: "2027-03-15", reason: "Factory delay" });
      expect(result).toEqual({ ok: true, dueAt: new Date("2027-03-15T14:00:00Z"), earlier: false });
      expect(await dueInShopify(order.id)).toBe("2027-03-15T14:00:00Z");
      expect((await findDeferredOrder(testDb.db, usd.shopify.shop, order.id))!.dueAt).toEqual(
        new Date("2027-03-15T14:00:00Z"),
      );
      expect(await listDueDateChanges(testDb.db, usd.shopify.shop, order.id)).toEqual([
        expect.objectContaining({
          fromDueAt: new Date("2027-02-01T15:00:00Z"),
          toDueAt: new Date("2027-03-15T14:00:00Z"),
          earlier: false,
          confirmedEarlier: false,
          staffUserId: STAFF,
          reason: "Factory delay",
          outcome: "APPLIED",
          error: null,
        }),
      ]);
      // Shopify's payment_terms/update for the change is processed like any other: same state, nothing twice.
      const deliveries = await harness.deliverPending(usd.shopify);
      expect(deliveries.map((delivery) => delivery.topic)).toContain("payment_terms/update");
      expect((await findDeferredOrder(testDb.db, usd.shopify.shop, order.id))!.dueAt).toEqual(
        new Date("2027-03-15T14:00:00Z"),
      );
    });

    it("asks before charging earlier than agreed, changes nothing until confirmed, then records the confirmation", async () => {
      const order = await placeOrder();
      const asked = await rescheduleDueDate(context(), order.id, { dueDate: "2027-01-10" });
      expect(asked).toEqual({
        ok: false,
        reason: "NEEDS_CONFIRMATION",
        from: new Date("2027-02-01T15:00:00Z"),
        to: new Date("2027-01-10T15:00:00Z"),
        earlier: true,
      });
      expect(await dueInShopify(order.id)).toBe("2027-02-01T15:00:00Z");
      expect(await listDueDateChanges(testDb.db, usd.shopify.shop, order.id)).toEqual([]);

      const confirmed = await rescheduleDueDate(context(), order.id, { dueDate: "2027-01-10", confirmEarlier: "on" });
      expect(confirmed).toEqual({ ok: true, dueAt: new Date("2027-01-10T15:00:00Z"), earlier: true });
      expect(await dueInShopify(order.id)).toBe("2027-01-10T15:00:00Z");
      const [change] = await listDueDateChanges(testDb.db, usd.shopify.shop, order.id);
      expect(change).toMatchObject({ earlier: true, confirmedEarlier: true, outcome: "APPLIED" });
      await harness.deliverPending(usd.shopify);
    });

    it("asks before moving the charge before the order's ship date, even to a later date", async () => {
      // Charged 1 Feb 2027 (the merchant confirmed charging before shipping), ships 1 March 2027.
      const offer = preOrder("USD");
      if (offer.kind !== "PRE_ORDER") throw new Error("unreachable");
      offer.plans[0] = {
        ...offer.plans[0]!,
        fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-03-01T15:00:00Z" },
        confirmChargeBeforeFulfillment: true,
      };
      const shipping = await harness.openStorefront("USD", "120.00", offer);
      const order = await placeOrder(shipping);
      const ctx = context({ shop: shipping.shopify.shop, admin: shipping.shopify.admin });

      const asked = await rescheduleDueDate(ctx, order.id, { dueDate: "2027-02-15" });
      expect(asked).toEqual({
        ok: false,
        reason: "NEEDS_CONFIRMATION",
        from: new Date("2027-02-01T15:00:00Z"),
        to: new Date("2027-02-15T15:00:00Z"),
        earlier: false,
        shipsAt: new Date("2027-03-01T15:00:00Z"),
      });
      expect(await listDueDateChanges(testDb.db, shipping.shopify.shop, order.id)).toEqual([]);

      const confirmed = await rescheduleDueDate(ctx, order.id, { dueDate: "2027-02-15", confirmEarlier: "on" });
      expect(confirmed).toEqual({ ok: true, dueAt: new Date("2027-02-15T15:00:00Z"), earlier: false });
      await harness.deliverPending(shipping.shopify);
      // On or after the ship date: nothing to ask.
      const after = await rescheduleDueDate(ctx, order.id, { dueDate: "2027-03-05" });
      expect(after).toEqual({ ok: true, dueAt: new Date("2027-03-05T15:00:00Z"), earlier: false });
      await harness.deliverPending(shipping.shopify);
    });

    it("explains what is wrong with the date and changes nothing", async () => {
      const order = await placeOrder();
      const attempt = (form: Record<string, unknown>) => rescheduleDueDate(context(), order.id, form);
      expect(await attempt({})).toMatchObject({
        reason: "INVALID",
        fieldErrors: { dueDate: "Choose the new due date" },
      });
      expect(await attempt({ dueDate: "01/03/2027" })).toMatchObject({
        fieldErrors: { dueDate: "Enter the date as YYYY-MM-DD" },
      });
      expect(await attempt({ dueDate: "2027-02-30" })).toMatchObject({
        fieldErrors: { dueDate: "This date does not exist" },
      });
      expect(await attempt({ dueDate: "2026-11-24", confirmEarlier: "on" })).toMatchObject({
        fieldErrors: { dueDate: "Choose a date after today" },
      });
      expect(await attempt({ dueDate: "2029-01-01" })).toMatchObject({
        fieldErrors: { dueDate: "Choose a date within two years" },
      });
      expect(await attempt({ dueDate: "2027-02-01" })).toMatchObject({
        fieldErrors: { dueDate: "The balance is already due on this date" },
      });
      expect(await dueInShopify(order.id)).toBe("2027-02-01T15:00:00Z");
      expect(await listDueDateChanges(testDb.db, usd.shopify.shop, order.id)).toEqual([]);
    });

    it("re-reads the order first: an order cancelled in Shopify since the page loaded is not rescheduled", async () => {
      const order = await placeOrder();
      await usd.shopify.control.cancel(usd.shopify.shop, order.id, { reason: "customer" });
      // The cancellation's webhooks have not been processed yet: the stored order still says OPEN.
      expect((await findDeferredOrder(testDb.db, usd.shopify.shop, order.id))!.status).toBe("OPEN");
      const result = await rescheduleDueDate(context(), order.id, { dueDate: "2027-03-01" });
      expect(result).toMatchObject({
        reason: "INVALID",
        fieldErrors: { dueDate: "The order is cancelled: it will not be charged." },
      });
      expect((await findDeferredOrder(testDb.db, usd.shopify.shop, order.id))!.status).toBe("CANCELLED");
      await harness.deliverPending(usd.shopify);
    });

    it("records Shopify's refusal with its message, and keeps the old date", async () => {
      const order = await placeOrder();
      const refusing = intercepting(usd.shopify.admin, PAYMENT_TERMS_UPDATE_MUTATION, async () => ({
        paymentTermsUpdate: {
          paymentTerms: null,
          userErrors: [
            { field: ["input"], message: "Payment terms cannot be edited", code: "PAYMENT_TERMS_UPDATE_UNSUCCESSFUL" },
          ],
        },
      }));
      const result = await rescheduleDueDate(context({ admin: refusing }), order.id, { dueDate: "2027-03-01" });
      expect(result).toEqual({
        ok: false,
        reason: "REFUSED_BY_SHOPIFY",
        fieldErrors: { dueDate: "Shopify refused: Payment terms cannot be edited" },
      });
      expect(await dueInShopify(order.id)).toBe("2027-02-01T15:00:00Z");
      expect(await listDueDateChanges(testDb.db, usd.shopify.shop, order.id)).toEqual([
        expect.objectContaining({ outcome: "FAILED", error: "Payment terms cannot be edited" }),
      ]);
    });

    it("does not let another shop reschedule this shop's order", async () => {
      const order = await placeOrder();
      const other = context({ shop: "someone-else.myshopify.com" });
      expect(await rescheduleDueDate(other, order.id, { dueDate: "2027-03-01" })).toEqual({
        ok: false,
        reason: "NOT_FOUND",
      });
      expect(await dueInShopify(order.id)).toBe("2027-02-01T15:00:00Z");
    });
  });

  describe("payment reminders for several orders at once", () => {
    it("emails a reminder for each open order, skips one that owes nothing, and records it on the charge", async () => {
      const first = await placeOrder();
      const second = await placeOrder();
      const paid = await placeOrder();
      await usd.shopify.control.markPaid(usd.shopify.shop, paid.id);
      await harness.deliverPending(usd.shopify);
      const before = (await usd.shopify.control.reminders(usd.shopify.shop)).length;
      const orders = (await selectedOrders(testDb.db, usd.shopify.shop, [first.id, second.id, paid.id]))!;
      const outcome = await sendPaymentReminders(
        { db: testDb.db, shop: usd.shopify.shop, admin: usd.shopify.admin, now: () => NOW },
        orders,
        STAFF,
      );
      expect(outcome.done.sort()).toEqual([first.name, second.name].sort());
      expect(outcome.skipped).toEqual([{ name: paid.name, why: "nothing is owed" }]);
      expect(outcome.failed).toEqual([]);
      const sent = (await usd.shopify.control.reminders(usd.shopify.shop)).slice(before);
      expect(sent.map((reminder) => reminder.orderId).sort()).toEqual([first.id, second.id].sort());
      const [charge] = await listChargesOfOrder(testDb.db, usd.shopify.shop, first.id);
      expect(charge.events).toContainEqual(
        expect.objectContaining({ type: "REMINDER_SENT", message: `Payment reminder sent, by ${STAFF}` }),
      );
    });

    it("records a balance paid outside the app in Shopify, notes who did it, and stops collecting it", async () => {
      const order = await placeOrder();
      const ctx = { db: testDb.db, shop: usd.shopify.shop, admin: usd.shopify.admin, now: () => NOW };
      // As the order page does it: a request the charge's unit applies (run here at once), then the order read again.
      const recordPaidOutside = async (shop: string) => {
        const receipt = await requestChargeAction(testDb.db, shop, order.id, "RECORD_PAID", STAFF, NOW);
        if (!("requestId" in receipt)) return receipt;
        await testWork({ db: testDb.db, adminFor: async () => usd.shopify.admin, now: () => NOW }).processNow(
          receipt.jobId,
        );
        await refreshDeferredOrder(ctx, usd.shopify.admin, order.id);
        return answerChargeRequest(testDb.db, shop, receipt.requestId);
      };
      expect(await recordPaidOutside(usd.shopify.shop)).toEqual({
        status: "APPLIED",
        kind: "RECORD_PAID",
        message: "Recorded as paid in Shopify: the app no longer collects this balance.",
      });
      expect((await usd.shopify.control.order(usd.shopify.shop, order.id)).totalOutstanding).toBe("0.00");
      expect(await findDeferredOrder(testDb.db, usd.shopify.shop, order.id)).toMatchObject({ status: "PAID" });
      const [charge] = await listChargesOfOrder(testDb.db, usd.shopify.shop, order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "RECORDED_PAID" });
      expect(charge.events).toContainEqual(
        expect.objectContaining({
          type: "RECORDED_PAID",
          message: `Recorded as paid outside the app (90.00 USD), by ${STAFF}`,
        }),
      );
      // Nothing is owed now: asking again is refused, and no mandate payment was made.
      expect(await recordPaidOutside(usd.shopify.shop)).toEqual({
        refused: "The app is not collecting a balance on this order.",
      });
      expect(await usd.shopify.control.paymentAttempts(usd.shopify.shop, order.id)).toEqual([]);
      expect(await recordPaidOutside("someone-else.myshopify.com")).toEqual({ notFound: true });
    });

    it("acts on none of the selection when one id is another shop's or missing", async () => {
      const order = await placeOrder();
      expect(await selectedOrders(testDb.db, usd.shopify.shop, [order.id])).toHaveLength(1);
      expect(await selectedOrders(testDb.db, "someone-else.myshopify.com", [order.id])).toBeNull();
      expect(await selectedOrders(testDb.db, usd.shopify.shop, [order.id, "gid://shopify/Order/1"])).toBeNull();
      expect(await selectedOrders(testDb.db, usd.shopify.shop, [])).toBeNull();
    });
  });

  describe("backfill of existing orders", () => {
    let shop: Storefront;
    const placed: string[] = [];

    beforeAll(async () => {
      // Orders placed while the app heard nothing (an outage longer than Shopify's retries): none delivered.
      shop = await harness.openStorefront("USD", "80.00");
      const { shopify, variantId, planId, plainVariantId } = shop;
      for (let i = 0; i < 7; i++) {
        const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
        placed.push(order.id);
      }
      for (let i = 0; i < 3; i++)
        await shopify.control.checkout(shopify.shop, { lines: [{ variantId: plainVariantId }] });
      const cancelled = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
      await shopify.control.cancel(shopify.shop, cancelled.id, { reason: "customer" });
      await harness.pending(shopify); // dropped
      expect(await listDeferredOrders(testDb.db, shopify.shop)).toEqual([]);
    });

    const options = (admin: AdminClient, now = NOW) => ({ db: testDb.db, now: () => now, admin });
    /** The backfill's scheduled work, as the worker (or the web process's background) runs it. */
    const work = (admin: AdminClient, now = NOW) =>
      testWork({ db: testDb.db, adminFor: async () => admin, now: () => now, backfillPageSize: 3, only: ["BACKFILL"] });
    /** One worker tick, in the words of the backfill summary. */
    const runBackfills = async (o: { admin: AdminClient; now: () => Date }) => {
      const summary = await work(o.admin, o.now()).drain();
      return { runs: summary.claimed, done: summary.done, retrying: summary.retrying, failed: summary.failed };
    };

    it("finds every open order on the app's plans page by page, once, however often it is asked", async () => {
      const { shopify } = shop;
      const pages: (string | null)[] = [];
      const watching = intercepting(shopify.admin, BACKFILL_ORDERS_QUERY, (variables, forward) => {
        pages.push((variables.after as string | null) ?? null);
        return forward();
      });
      const first = await requestBackfill(options(watching), shopify.shop, "MANUAL");
      // Asking again while it is queued or running returns the same run.
      const again = await requestBackfill(options(watching), shopify.shop, "MANUAL");
      expect(again).toEqual({ run: expect.objectContaining({ id: first.run.id }), created: false, jobId: first.jobId });
      await work(watching).processNow(first.jobId!);

      const run = (await latestBackfillRun(testDb.db, shopify.shop))!;
      // The 7 orders still owing, listed 3 at a time (the paid and the cancelled ones are not listed): 3 pages,
      // each after the last one's cursor.
      expect(run).toMatchObject({ status: "DONE", trigger: "MANUAL", pages: 3, ordersRead: 7, ordersTaken: 7 });
      expect(pages).toHaveLength(3);
      expect(new Set(pages).size).toBe(3);
      const stored = await listDeferredOrders(testDb.db, shopify.shop);
      expect(stored.map((order) => order.orderId).sort()).toEqual([...placed].sort());
      expect(stored.every((order) => order.status === "OPEN" && order.balanceDue.minorUnits === 6000n)).toBe(true);

      // Once more on demand: a new run, nothing stored twice.
      const onceMore = await requestBackfill(options(watching), shopify.shop, "MANUAL");
      await work(watching).processNow(onceMore.jobId!);
      expect(await latestBackfillRun(testDb.db, shopify.shop)).toMatchObject({ status: "DONE", ordersTaken: 0 });
      expect(await testDb.db.deferredOrder.count({ where: { shop: shopify.shop } })).toBe(7);
    });

    it("resumes from the saved cursor after a failed page, without reading the earlier pages again", async () => {
      const { shopify } = shop;
      await testDb.db.deferredOrder.deleteMany({ where: { shop: shopify.shop } });
      const pages: (string | null)[] = [];
      let failures = 1;
      const flaky = intercepting(shopify.admin, BACKFILL_ORDERS_QUERY, (variables, forward) => {
        pages.push((variables.after as string | null) ?? null);
        if (pages.length === 3 && failures-- > 0) return Promise.reject(new Error("socket hang up"));
        return forward();
      });
      await requestBackfill(options(flaky), shopify.shop, "MANUAL");
      expect(await runBackfills(options(flaky))).toEqual({ runs: 1, done: 0, retrying: 1, failed: 0 });
      const waiting = (await latestBackfillRun(testDb.db, shopify.shop))!;
      expect(waiting).toMatchObject({ status: "QUEUED", pages: 2, ordersRead: 6, lastError: "socket hang up" });
      const job = await findJob(testDb.db, shopify.shop, "BACKFILL", waiting.id);
      expect(job).toMatchObject({ status: "SCHEDULED", dueAt: new Date(NOW.getTime() + 60_000) });

      // Not before its retry time; then from the third page on.
      expect(await runBackfills(options(flaky, new Date(NOW.getTime() + 59_000)))).toMatchObject({ runs: 0 });
      expect(await runBackfills(options(flaky, new Date(NOW.getTime() + 60_000)))).toMatchObject({ runs: 1, done: 1 });
      expect(pages.slice(3)).toEqual([pages[2]]);
      expect(await latestBackfillRun(testDb.db, shopify.shop)).toMatchObject({
        status: "DONE",
        pages: 3,
        ordersRead: 7,
        ordersTaken: 7,
        attempts: 2,
      });
      expect(await testDb.db.deferredOrder.count({ where: { shop: shopify.shop } })).toBe(7);
    });

    it("waits out Shopify's cost throttle on a small plan instead of failing", async () => {
      const { shopify } = shop;
      await testDb.db.deferredOrder.deleteMany({ where: { shop: shopify.shop } });
      // A bucket of 700 points refilled at 35/s (a third of the smallest real plan's): a full order read asks for
      // about 650 (a hundred lines, each with its selling plan, variant, image and price), so reads must wait.
      await shopify.control.updateShop(shopify.shop, { restoreRate: 35 });
      const lines: { msg?: string }[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      const admin = createAdminClient({
        shop: shopify.shop,
        accessToken: shopify.accessToken,
        apiOrigin: shopify.simulator.url,
        logger: createLogger({ level: "info", destination: sink }),
      });
      try {
        await requestBackfill(options(admin), shopify.shop, "MANUAL");
        expect(await runBackfills(options(admin))).toMatchObject({ runs: 1, done: 1 });
      } finally {
        await shopify.control.updateShop(shopify.shop, { plan: "plus" });
      }
      expect(await latestBackfillRun(testDb.db, shopify.shop)).toMatchObject({ status: "DONE", ordersTaken: 7 });
      expect(lines.filter((line) => line.msg === "admin api bucket low, waiting").length).toBeGreaterThan(0);
    });

    it("runs once on install, not on every later sign-in, and stops for a shop that uninstalled", async () => {
      const fresh = await harness.openStorefront("USD", "10.00");
      const { shopify } = fresh;
      const first = await requestBackfill(options(shopify.admin), shopify.shop, "INSTALL", { onlyIfNone: true });
      expect(first.created).toBe(true);
      expect(
        (await requestBackfill(options(shopify.admin), shopify.shop, "INSTALL", { onlyIfNone: true })).created,
      ).toBe(false);
      await recordUninstall(testDb.db, shopify.shop, NOW);
      expect(await runBackfills(options(shopify.admin))).toMatchObject({ failed: 1 });
      expect(await latestBackfillRun(testDb.db, shopify.shop)).toMatchObject({
        status: "FAILED",
        lastError: "Shop uninstalled the app",
      });
    });
  });
});
