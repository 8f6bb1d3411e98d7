// Balances that must never be lost, and never charged twice, across the shop's and the order's life, judged by the
// simulator's payments ledger and the order-level money invariants, on SQLite and PostgreSQL: an uninstall and a
// reinstall, an order archived and unarchived, a payment schedule Shopify replaced, and the currency a balance is
// recorded and charged in. (docs/exactly-once.md, cases 6, 7 and 11)
import { describe, expect, it } from "vitest";
import { attemptIdempotencyKey } from "~/domain/charge";
import { recordInstallation } from "~/db/shops.server";
import { findDeferredOrder } from "~/db/deferred-orders.server";
import { resumeChargesAfterReinstall } from "~/services/charges.server";
import { PROVIDERS } from "../support/database";
import { DEFAULT_DUE_AT, useChargeScenario } from "../support/charge-scenario";

describe.each(PROVIDERS)("balances across the shop's and the order's life on %s", (provider) => {
  const s = useChargeScenario(provider);

  /** Uninstalls the app in the simulator; the app hears app/uninstalled by webhook. */
  async function uninstall() {
    await s.control().uninstall(s.shop());
    await s.deliverPending();
  }

  /** Installs the app again: a new offline token, and what the app does on a reinstall (its install path). */
  async function reinstall() {
    const installed = await s.control().install(s.shop());
    expect(installed.installed).toBe(true);
    s.useAdmin(s.singleShotAdmin(installed.accessToken!));
    const { reinstalled } = await recordInstallation(s.db(), { shop: s.shop(), scopes: installed.scope });
    expect(reinstalled).toBe(true);
    await resumeChargesAfterReinstall(s.db(), s.shop(), s.now());
  }

  /** The order's charge as an earlier version of the app left it: closed for `reason`, its unit ended. */
  async function closedByAnEarlierVersion(orderId: string, reason: "SHOP_UNINSTALLED" | "ORDER_CLOSED") {
    const charge = await s.chargeOf(orderId);
    await s.db().balanceCharge.update({
      where: { id: charge.id },
      data: { status: "CLOSED", closedReason: reason, needsAttention: false, attention: null },
    });
    await s
      .db()
      .scheduledJob.updateMany({ where: { subject: charge.id }, data: { status: "DONE", finishedAt: s.now() } });
  }

  describe("6. Uninstall, then reinstall", () => {
    it("a balance due while the app was uninstalled is not charged then, and is charged once after the reinstall", async () => {
      const order = await s.placeOrder();
      await uninstall();
      await s.reachDueDate();
      await s.runFor(4, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      let charge = await s.chargeOf(order.id);
      // Paused, not closed: nothing is lost.
      expect(charge.status).toBe("SCHEDULED");
      expect(charge.events.map((event) => event.type)).toContain("PAUSED");
      await reinstall();
      await s.runFor(3);
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
      // The shop's sweep (lost-webhook recovery) runs again too.
      const sweep = await s.db().scheduledJob.findFirst({ where: { shop: s.shop(), kind: "CHARGE_SWEEP" } });
      expect(sweep?.status).toBe("SCHEDULED");
      await s.invariants();
    });

    it("a payment in flight at the uninstall is followed after the reinstall and recorded once", async () => {
      const order = await s.placeOrder();
      await s.reachDueDate();
      await s.work().drain(); // attempt 1 sent
      await uninstall();
      await s.runFor(3, "P1D");
      expect((await s.chargeOf(order.id)).attempts).toMatchObject([{ status: "SUBMITTED" }]);
      await reinstall();
      await s.runFor(3);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("a charge an earlier version closed at the uninstall is opened again by the reinstall and charged once", async () => {
      const order = await s.placeOrder();
      await uninstall();
      await closedByAnEarlierVersion(order.id, "SHOP_UNINSTALLED");
      await s.reachDueDate();
      await reinstall();
      await s.runFor(3);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED" });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });

  describe("7. An archived order", () => {
    it("waits, flagged, while archived with money owed; unarchived, it is charged once as due", async () => {
      const order = await s.placeOrder();
      await s.control().closeOrder(s.shop(), order.id);
      await s.deliverPending();
      await s.reachDueDate();
      await s.runFor(4, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      let charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "WAITING", needsAttention: true, attention: "ORDER_ARCHIVED" });
      await s.control().reopenOrder(s.shop(), order.id);
      await s.deliverPending();
      await s.runFor(3);
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false, attention: null });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("a charge an earlier version closed when the order was archived opens again when the order is unarchived", async () => {
      const order = await s.placeOrder();
      await s.control().closeOrder(s.shop(), order.id);
      await s.deliverPending();
      await closedByAnEarlierVersion(order.id, "ORDER_CLOSED");
      await s.reachDueDate();
      await s.runFor(2, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      await s.control().reopenOrder(s.shop(), order.id);
      await s.deliverPending();
      await s.runFor(3);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED" });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });

  describe("11. The charge's own schedule, and its currency", () => {
    it("a payment schedule Shopify replaced: the old charge closes with the reason, the new schedule is charged once with its own keys", async () => {
      const order = await s.placeOrder();
      const old = await s.chargeOf(order.id);
      await s.control().editPaymentTerms(s.shop(), order.id, DEFAULT_DUE_AT, { replaceSchedule: true });
      await s.deliverPending();
      await s.runFor(2);
      const stored = (await findDeferredOrder(s.db(), s.shop(), order.id))!;
      expect(stored.paymentScheduleId).not.toBe(old.paymentScheduleId);
      await s.reachDueDate();
      await s.runFor(3);
      const charges = await s.chargesOf(order.id);
      expect(charges.map((charge) => [charge.paymentScheduleId, charge.status, charge.closedReason])).toEqual([
        [old.paymentScheduleId, "CLOSED", "SCHEDULE_REPLACED"],
        [stored.paymentScheduleId, "COLLECTED", null],
      ]);
      const payments = await s.payments(order.id);
      expect(payments.map((payment) => payment.idempotencyKey)).toEqual([
        attemptIdempotencyKey({
          shop: s.shop(),
          orderId: order.id,
          paymentScheduleId: stored.paymentScheduleId!,
          attempt: 1,
        }),
      ]);
      await s.invariants();
    });

    it("a schedule replaced while every webhook about it is lost: the old charge's own read finds the new schedule, charged once", async () => {
      const order = await s.placeOrder();
      const old = await s.chargeOf(order.id);
      await s.control().editPaymentTerms(s.shop(), order.id, DEFAULT_DUE_AT, { replaceSchedule: true });
      await s.reachDueDate({ loseWebhooks: true });
      for (let round = 0; round < 4; round += 1) {
        await s.work().drain();
        await s.loseWebhooks();
        await s.setClock({ advance: "PT20M" });
      }
      const charges = await s.chargesOf(order.id);
      expect(charges.map((charge) => [charge.paymentScheduleId === old.paymentScheduleId, charge.status])).toEqual([
        [true, "CLOSED"],
        [false, "COLLECTED"],
      ]);
      expect(await s.payments(order.id)).toHaveLength(1);
      expect((await s.order(order.id)).totalOutstanding).toBe("0.00");
    });

    it("a replaced schedule whose webhooks were lost, and a failed read of the order: nothing closes until the new charge can be made", async () => {
      const order = await s.placeOrder();
      const old = await s.chargeOf(order.id);
      await s.control().editPaymentTerms(s.shop(), order.id, DEFAULT_DUE_AT, { replaceSchedule: true });
      await s.reachDueDate({ loseWebhooks: true });
      // One 503 on the run's read of the whole order, through a gateway that does not resend on its own.
      s.useAdmin(s.singleShotAdmin());
      await s.control().scriptAdminApiOutage(s.shop(), { operation: "DeferredOrder", status: 503, count: 1 });
      await s.work().drain();
      await s.loseWebhooks();
      expect(await s.chargeOf(order.id)).toMatchObject({ id: old.id, status: "SCHEDULED" });
      s.useAdmin(s.store().shopify.admin);
      await s.runFor(4, "PT20M");
      const charges = await s.chargesOf(order.id);
      expect(charges.map((charge) => [charge.id === old.id, charge.status])).toEqual([
        [true, "CLOSED"],
        [false, "COLLECTED"],
      ]);
      expect(await s.payments(order.id)).toHaveLength(1);
    });

    it("a balance paid outside the app while its webhooks were lost closes once: the sweep's stale look never reopens it", async () => {
      const order = await s.placeOrder();
      await s.control().markPaid(s.shop(), order.id);
      await s.reachDueDate({ loseWebhooks: true });
      for (let round = 0; round < 12; round += 1) {
        await s.work().drain();
        await s.loseWebhooks();
        await s.setClock({ advance: "PT15M" });
      }
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "CLOSED", closedReason: "SCHEDULE_COMPLETED" });
      expect(charge.events.filter((event) => event.type === "REOPENED")).toEqual([]);
      expect(charge.events.filter((event) => event.type === "CLOSED")).toHaveLength(1);
      expect(await s.payments(order.id)).toEqual([]);
    });

    it("a balance recorded in another currency than Shopify now reports is failed with the reason, never charged", async () => {
      const order = await s.placeOrder();
      const charge = await s.chargeOf(order.id);
      await s.db().balanceCharge.update({ where: { id: charge.id }, data: { currency: "CAD" } });
      await s.reachDueDate();
      await s.runFor(3);
      expect(await s.payments(order.id)).toEqual([]);
      const failed = await s.chargeOf(order.id);
      expect(failed).toMatchObject({ status: "FAILED", needsAttention: true, attention: "CURRENCY" });
      expect(failed.attentionMessage).toMatch(
        /Shopify reports the order's money in USD, the balance was recorded in CAD/,
      );
    });

    it("an order paid in another currency than the shop's: the whole schedule is charged without an amount, recorded in the shop's money", async () => {
      const order = await s.control().checkout(s.shop(), {
        lines: [{ variantId: s.store().variantId, sellingPlanId: s.store().planId }],
        presentment: { currencyCode: "EUR", rate: "0.92" },
      });
      await s.deliverPending();
      await s.reachDueDate();
      await s.runFor(3);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", currency: "USD", collectedMinor: 3000n });
      expect(charge.attempts).toMatchObject([{ amountSent: false, amountMinor: 3000n }]);
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });
});
