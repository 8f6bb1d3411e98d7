// One writer per charge, proved by forced interleavings: a staff member's "Record as paid" and "Stop collecting" racing
// the worker (reading the order, or with a payment in flight), a due date moved while the worker reads, a "Charge now"
// that must not linger, and a worker killed between a decline and its settlement. Each interleaving is put exactly in
// place with the simulator's holds on Admin API operations; each test is judged by the simulator's payments ledger and
// the order-level money invariants, on SQLite and PostgreSQL. (docs/exactly-once.md, cases 1, 2 and 10)
import { describe, expect, it } from "vitest";
import { claimJob, fencedTransaction, settleJob } from "~/db/scheduled-jobs.server";
import { settlementOf } from "~/domain/scheduled-job";
import { selectedOrders, sendPaymentReminders } from "~/services/order-actions.server";
import { resumeChargesAfterReinstall } from "~/services/charges.server";
import { createLogger } from "~/logger.server";
import { balanceChargeJobKind } from "~/services/charge-run.server";
import { PROVIDERS } from "../support/database";
import { DEFAULT_DUE_AT, STAFF, useChargeScenario } from "../support/charge-scenario";

describe.each(PROVIDERS)("one writer per charge on %s", (provider) => {
  const s = useChargeScenario(provider);

  /** Parks the worker's next read of the order on its answer (it has read the order, not yet acted on it). */
  async function workerMidRead() {
    const hold = await s.control().holdAdminApi(s.shop(), { operation: "ChargeOrder", phase: "after" });
    const running = s.work().drain();
    await s.control().waitUntilHeld(s.shop(), hold.id);
    return {
      release: async () => {
        await s.control().releaseAdminApiHold(s.shop(), hold.id);
        return running;
      },
    };
  }

  /**
   * Claims the order's charge unit as a worker would and runs it once without settling it: the worker dies (or has not
   * settled yet) right after the run's last write.
   */
  async function runUnsettled(orderId: string, owner = "worker-1") {
    const unit = (await s.unitOf((await s.chargeOf(orderId)).id))!;
    const lease = new Date(s.now().getTime() + 120_000);
    const claimed = (await claimJob(s.db(), unit.id, { now: s.now(), owner, leaseUntil: lease }))!;
    const kind = balanceChargeJobKind({
      db: s.db(),
      logger: createLogger({ level: "silent" }),
      adminFor: async () => s.store().shopify.admin,
    });
    const outcome = await kind.run({
      job: claimed,
      now: s.now,
      signal: new AbortController().signal,
      fenced: (write) => fencedTransaction(s.db(), claimed, lease, write),
    });
    return {
      claimed,
      outcome,
      settle: () => settleJob(s.db(), claimed, settlementOf(claimed, outcome, kind.rule, s.now()), s.now()),
    };
  }

  describe("1. Record as paid outside the app, racing an attempt", () => {
    it("recorded while the worker reads the order: the worker starts no payment, the balance is recorded paid once", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      const worker = await workerMidRead();
      const answer = await s.act("RECORD_PAID", order.id);
      // The worker holds the charge: the staff member is told their request waits, not that it is done.
      expect(answer).toMatchObject({ status: "PENDING", kind: "RECORD_PAID" });
      expect(answer).toHaveProperty("message", expect.stringMatching(/working on this balance right now/));
      await worker.release();
      await s.runFor(3);
      expect(await s.payments(order.id)).toEqual([]);
      const money = await s.order(order.id);
      expect(money.transactions.filter((t) => t.manual).map((t) => t.amount)).toEqual(["30.00"]);
      expect(money).toMatchObject({ totalReceived: "40.00", totalOutstanding: "0.00" });
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "CLOSED", closedReason: "RECORDED_PAID" });
      await s.invariants();
    });

    it("recorded while the app's payment is in flight: if it goes through, nothing is recorded", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      await s.work().drain(); // attempt 1 sent: its status is read later
      expect(await s.payments(order.id)).toHaveLength(1);
      const answer = await s.act("RECORD_PAID", order.id);
      expect(answer).toMatchObject({ status: "PENDING" });
      expect(answer).toHaveProperty(
        "message",
        "A payment of $30.00 (attempt 1) is being processed. If it goes through, nothing is recorded; if it does not, the balance is recorded as paid outside the app then.",
      );
      await s.runFor(3);
      expect((await s.charged(order.id)).map((payment) => payment.chargedAmount)).toEqual(["30.00"]);
      const money = await s.order(order.id);
      expect(money.transactions.filter((t) => t.manual)).toEqual([]);
      expect(money.totalReceived).toBe("40.00");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.requests).toMatchObject([
        { kind: "RECORD_PAID", status: "DECLINED", outcome: "Not needed: attempt 1 collected the balance." },
      ]);
      await s.invariants();
    });

    it("recorded while the app's payment is in flight: if it is declined, the balance is recorded paid then, and never charged again", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "decline", reason: "card_declined" }], order.id);
      await s.reachDueDate();
      await s.work().drain();
      expect(await s.act("RECORD_PAID", order.id)).toMatchObject({ status: "PENDING" });
      await s.runFor(6, "P1D");
      expect(await s.charged(order.id)).toEqual([]);
      expect(await s.payments(order.id)).toHaveLength(1);
      expect((await s.order(order.id)).transactions.filter((t) => t.manual).map((t) => t.amount)).toEqual(["30.00"]);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "RECORDED_PAID" });
      expect(charge.requests).toMatchObject([{ kind: "RECORD_PAID", status: "APPLIED" }]);
      await s.invariants();
    });

    it("the staff member's orderMarkAsPaid held in flight: no worker can charge meanwhile (the claim is the staff request's)", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      const hold = await s.control().holdAdminApi(s.shop(), { operation: "OrderMarkAsPaid", phase: "before" });
      const staff = s.act("RECORD_PAID", order.id);
      await s.control().waitUntilHeld(s.shop(), hold.id);
      // A worker runs now: the charge is held by the staff request's run, so it sends nothing.
      const summary = await s.work().drain();
      expect(summary.labels.sent).toBeUndefined();
      expect(await s.payments(order.id)).toEqual([]);
      await s.control().releaseAdminApiHold(s.shop(), hold.id);
      expect(await staff).toMatchObject({
        status: "APPLIED",
        message: "Recorded as paid in Shopify: the app no longer collects this balance.",
      });
      await s.runFor(3, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      expect((await s.order(order.id)).totalReceived).toBe("40.00");
      await s.invariants();
    });
  });

  describe("2. Stop collecting, racing an attempt", () => {
    it("stopped while the worker reads the order: the worker's attempt is not written, nothing is ever charged", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      const worker = await workerMidRead();
      expect(await s.act("STOP", order.id)).toMatchObject({ status: "PENDING", kind: "STOP" });
      await worker.release();
      await s.runFor(4, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "STOPPED_BY_STAFF" });
      expect(charge.attempts).toEqual([]);
      expect(charge.requests).toMatchObject([
        { kind: "STOP", status: "APPLIED", outcome: "The app will not collect this balance." },
      ]);
      await s.invariants();
    });

    it("stopped with a payment in flight that goes through: the payment is followed to its end and recorded, never left open", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      await s.work().drain();
      const answer = await s.act("STOP", order.id);
      expect(answer).toMatchObject({
        status: "PENDING",
        message:
          "A payment of $30.00 (attempt 1) is being processed. If it goes through, the balance is paid; if it does not, the app stops collecting and tries nothing more.",
      });
      await s.runFor(3);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.attempts).toMatchObject([{ status: "SUCCEEDED" }]);
      expect(charge.requests).toMatchObject([{ kind: "STOP", status: "DECLINED" }]);
      expect((await s.charged(order.id)).map((payment) => payment.chargedAmount)).toEqual(["30.00"]);
      await s.invariants();
    });

    it("stopped with a payment in flight that is declined: collection stops, no next attempt", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "decline", reason: "insufficient_funds", count: 5 }], order.id);
      await s.reachDueDate();
      await s.work().drain();
      expect(await s.act("STOP", order.id)).toMatchObject({ status: "PENDING" });
      await s.runFor(8, "P1D");
      expect(await s.payments(order.id)).toHaveLength(1);
      expect(await s.charged(order.id)).toEqual([]);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "STOPPED_BY_STAFF" });
      expect(charge.requests).toMatchObject([{ kind: "STOP", status: "APPLIED" }]);
      await s.invariants();
    });
  });

  describe("10. No write around the claim", () => {
    it("a due date moved later in Shopify while the worker reads the order: the worker's stale read charges nothing", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      const worker = await workerMidRead();
      // The merchant moves the date in Shopify's admin; the app's order sync hears it while the worker holds its read.
      const later = "2027-03-01T15:00:00.000Z";
      await s.control().editPaymentTerms(s.shop(), order.id, later);
      await s.deliverPending();
      await worker.release();
      await s.runFor(3, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "SCHEDULED", dueAt: new Date(later) });
      await s.setClock({ set: "2027-03-01T15:01:00.000Z" });
      await s.deliverPending();
      await s.runFor(3);
      expect((await s.charged(order.id)).map((payment) => payment.chargedAmount)).toEqual(["30.00"]);
      await s.invariants();
    });

    it("Charge now refused by the order's state is answered so, and never lingers to charge early later", async () => {
      const order = await s.placeOrder();
      await s.control().fulfill(s.shop(), order.id);
      const opened = await s.control().returnItems(s.shop(), order.id, {});
      await s.deliverPending();
      const answer = await s.act("CHARGE_NOW", order.id);
      expect(answer).toMatchObject({ status: "DECLINED", kind: "CHARGE_NOW" });
      expect(answer).toHaveProperty("message", expect.stringMatching(/^Not charged: A return is open/));
      await s.control().closeReturn(s.shop(), opened.returnId);
      await s.deliverPending();
      // Weeks before the due date: nothing is charged (no staff trigger is left over).
      await s.runFor(4, "P7D");
      expect(await s.payments(order.id)).toEqual([]);
      await s.reachDueDate();
      await s.runFor(3);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED" });
      expect(charge.attempts).toMatchObject([{ number: 1, startedBy: "SCHEDULE", staffMemberId: null }]);
      expect(await s.charged(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("Retry now on a failed balance that must wait is declined, and the balance stays failed (never reopened by it)", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "decline", count: 3 }], order.id);
      await s.reachDueDate();
      await s.runFor(12, "PT12H");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "FAILED" });
      await s.control().fulfill(s.shop(), order.id);
      await s.control().returnItems(s.shop(), order.id, {});
      await s.deliverPending();
      expect(await s.act("CHARGE_NOW", order.id)).toMatchObject({ status: "DECLINED" });
      await s.runFor(4, "P2D");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "FAILED" });
      expect(await s.payments(order.id)).toHaveLength(3);
      await s.invariants();
    });

    it("a worker killed between a decline's record and its settlement: the next worker waits the offer's spacing", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "decline", reason: "card_declined" }], order.id);
      await s.reachDueDate();
      await s.work().drain(); // attempt 1 sent
      await s.setClock({ advance: 60_000 });
      // The run that reads the decline writes it, then its worker dies before the unit is settled.
      const { outcome } = await runUnsettled(order.id, "killed-worker");
      expect(outcome).toMatchObject({ outcome: "LATER", label: "declined" });
      expect((await s.chargeOf(order.id)).attempts).toMatchObject([{ status: "DECLINED" }]);
      // Its lease runs out; another worker takes the unit up at once, but the policy's two days hold.
      await s.runFor(3, "PT12H");
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.runFor(3, "PT12H");
      expect(await s.payments(order.id)).toHaveLength(2);
      expect((await s.charged(order.id)).map((payment) => payment.chargedAmount)).toEqual(["30.00"]);
      await s.invariants();
    });
  });

  describe("Requests never left behind", () => {
    it("a request made while a run holds the balance is applied as soon as that run ends, though the run changed nothing", async () => {
      const order = await s.placeOrder();
      // A reinstall wakes every open charge: the worker reads an order not due for ten weeks, and will change nothing.
      await resumeChargesAfterReinstall(s.db(), s.shop(), s.now());
      const worker = await workerMidRead();
      expect(await s.act("CHARGE_NOW", order.id)).toMatchObject({ status: "PENDING" });
      await worker.release();
      await s.runFor(2);
      const charge = await s.chargeOf(order.id);
      expect(charge.requests).toMatchObject([{ kind: "CHARGE_NOW", status: "APPLIED" }]);
      expect(charge).toMatchObject({ status: "COLLECTED" });
      expect(await s.charged(order.id)).toHaveLength(1);
    });

    it("Record as paid made between a run's last write and its settlement is applied, not stranded by the unit ending", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "decline", count: 3 }], order.id);
      await s.reachDueDate();
      for (let step = 0; step < 40; step += 1) {
        await s.runFor(0);
        const charge = await s.chargeOf(order.id);
        if (charge.attempts.length === 3 && charge.attempts[2].status === "SUBMITTED") break;
        await s.setClock({ advance: "PT6H" });
      }
      await s.control().settlePayments();
      await s.setClock({ advance: 60_000 });
      // A worker's run reads the last decline and writes the charge FAILED (its unit would end DONE)...
      const run = await runUnsettled(order.id);
      expect(run.outcome).toMatchObject({ outcome: "DONE", label: "failed" });
      // ...the staff member records it paid before that run settles...
      expect(await s.act("RECORD_PAID", order.id)).toMatchObject({ status: "PENDING" });
      await run.settle();
      // ...and the request is carried out as soon as the run has settled.
      await s.runFor(2);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "RECORDED_PAID" });
      expect(charge.requests).toMatchObject([{ kind: "RECORD_PAID", status: "APPLIED" }]);
      expect((await s.order(order.id)).transactions.filter((t) => t.manual).map((t) => t.amount)).toEqual(["30.00"]);
      expect(await s.payments(order.id)).toHaveLength(3);
    });

    it("Stop collecting holds when Shopify replaces the order's payment schedule afterwards", async () => {
      const order = await s.placeOrder();
      expect(await s.act("STOP", order.id)).toMatchObject({ status: "APPLIED" });
      await s.control().editPaymentTerms(s.shop(), order.id, DEFAULT_DUE_AT, { replaceSchedule: true });
      await s.deliverPending();
      await s.reachDueDate();
      await s.runFor(3, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      expect(await s.chargesOf(order.id)).toMatchObject([{ status: "CLOSED", closedReason: "STOPPED_BY_STAFF" }]);
    });

    it("Stop collecting while the old charge's run reads an order whose schedule Shopify replaced: nothing is ever charged", async () => {
      const order = await s.placeOrder();
      await s.control().editPaymentTerms(s.shop(), order.id, DEFAULT_DUE_AT, { replaceSchedule: true });
      await s.reachDueDate({ loseWebhooks: true });
      const worker = await workerMidRead();
      expect(await s.act("STOP", order.id)).toMatchObject({ status: "PENDING" });
      await worker.release();
      await s.runFor(3);
      expect(await s.payments(order.id)).toEqual([]);
      expect((await s.chargesOf(order.id)).map((charge) => [charge.status, charge.closedReason])).toEqual([
        ["CLOSED", "STOPPED_BY_STAFF"],
      ]);
    });

    it("no payment reminder goes out while the app's payment is in flight (the customer could pay twice)", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "redirect_required" }], order.id);
      await s.reachDueDate();
      await s.runFor(2);
      const before = (await s.control().reminders(s.shop())).length;
      const orders = (await selectedOrders(s.db(), s.shop(), [order.id]))!;
      const outcome = await sendPaymentReminders(
        { db: s.db(), shop: s.shop(), admin: s.store().shopify.admin, now: s.now },
        orders,
        STAFF,
      );
      expect(outcome.done).toEqual([]);
      expect(outcome.skipped).toEqual([
        {
          name: order.name,
          why: "a payment by the app is in flight; a reminder now could have the customer pay twice",
        },
      ]);
      expect(await s.control().reminders(s.shop())).toHaveLength(before);
    });
  });

  it("staff actions on another shop's order are 404s that change nothing", async () => {
    const order = await s.placeOrder();
    for (const kind of ["CHARGE_NOW", "STOP", "RECORD_PAID", "RESUME", "END_ATTEMPT"] as const) {
      expect(await s.request(kind, order.id, STAFF, "someone-else.myshopify.com")).toEqual({ notFound: true });
    }
    expect((await s.chargeOf(order.id)).requests).toEqual([]);
    expect(new Date(DEFAULT_DUE_AT).getTime()).toBeGreaterThan(s.now().getTime());
  });
});
