// Every answer Shopify can give to a balance charge, judged by the simulator's payments ledger and the order-level
// money invariants, on SQLite and PostgreSQL: unclear answers (userErrors that may or may not have made a payment, no
// reference, "in progress" on a resend), REDIRECT_REQUIRED, Shopify unreachable for days, throttling, a payment in
// flight for days, and the ledger's amounts from Shopify's own transactions (partial success, refunded, authorized
// then captured, voided). (docs/exactly-once.md, cases 3, 4, 5, 8 and 9)
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/database";
import { useChargeScenario } from "../support/charge-scenario";

describe.each(PROVIDERS)("Shopify's answers to a balance charge on %s", (provider) => {
  const s = useChargeScenario(provider);

  /**
   * A mandate payment on the order's saved card made outside the app (another app, or the merchant in the admin), under
   * its own key, on the order's schedule: its payment reference.
   */
  async function payElsewhere(orderId: string, key: string, options: { amount?: string; autoCapture?: boolean } = {}) {
    const token = s.store().shopify.accessToken;
    const read = await s.control().graphql<{
      order: {
        paymentCollectionDetails: { vaultedPaymentMethods: { id: string }[] };
        paymentTerms: { paymentSchedules: { nodes: { id: string }[] } };
      };
    }>(
      token,
      `query O($id: ID!) { order(id: $id) { paymentCollectionDetails { vaultedPaymentMethods { id } }
        paymentTerms { paymentSchedules(first: 1) { nodes { id } } } } }`,
      { id: orderId },
    );
    const made = await s.control().graphql<{ orderCreateMandatePayment: { paymentReferenceId: string } }>(
      token,
      `mutation P($id: ID!, $mandateId: ID!, $key: String!, $schedule: ID, $amount: MoneyInput, $autoCapture: Boolean) {
        orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, paymentScheduleId: $schedule,
          amount: $amount, autoCapture: $autoCapture) { paymentReferenceId } }`,
      {
        id: orderId,
        mandateId: read.data!.order.paymentCollectionDetails.vaultedPaymentMethods[0].id,
        key,
        schedule: read.data!.order.paymentTerms.paymentSchedules.nodes[0].id,
        amount: options.amount ? { amount: options.amount, currencyCode: "USD" } : null,
        autoCapture: options.autoCapture ?? true,
      },
    );
    return made.data!.orderCreateMandatePayment.paymentReferenceId;
  }

  describe("3. An unclear answer is not 'no payment'", () => {
    it("userErrors on the first send while Shopify made the payment anyway: the same key is resent, one payment", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "user_error", createsPayment: true, message: "Something went wrong" }], order.id);
      await s.reachDueDate();
      await s.work().drain();
      let charge = await s.chargeOf(order.id);
      expect(charge.status).toBe("IN_PROGRESS");
      expect(charge.attempts).toMatchObject([{ number: 1, status: "CREATED", errorMessage: "Something went wrong" }]);
      await s.runFor(6, "P1D");
      const payments = await s.payments(order.id);
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ chargedAmount: "30.00" });
      expect(payments[0].replays).toBeGreaterThanOrEqual(1);
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.attempts).toHaveLength(1);
      await s.invariants();
    });

    it("an answer with no reference and no userErrors (a job not done): the same key again, one payment", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "no_reference" }], order.id);
      await s.reachDueDate();
      await s.runFor(4, "PT10M");
      expect(await s.payments(order.id)).toHaveLength(1);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED" });
      expect((await s.chargeOf(order.id)).attempts).toMatchObject([{ number: 1, status: "SUCCEEDED" }]);
      await s.invariants();
    });

    it("a lost answer, then 'still being processed' on the resend: the attempt stays open until Shopify says, one payment", async () => {
      const order = await s.placeOrder();
      await s.fault(
        [
          { kind: "lost_response", hangMs: 100 },
          { kind: "in_progress", count: 2 },
        ],
        order.id,
      );
      await s.reachDueDate();
      await s.runFor(8, "PT10M");
      const payments = await s.payments(order.id);
      expect(payments).toHaveLength(1);
      expect(payments[0].chargedAmount).toBe("30.00");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED" });
      expect(charge.events.map((event) => event.type)).toContain("UNCLEAR");
      expect(charge.attempts).toHaveLength(1);
      await s.invariants();
    });

    it("userErrors that last: flagged for a person after the bound, no new key; ended by staff after the app's check, then charged once", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "user_error", count: 40, message: "Payment mandate is not usable" }], order.id);
      await s.reachDueDate();
      await s.runFor(8, "PT10M", { chargeUnclearAlertMs: 30 * 60_000 });
      let charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "IN_PROGRESS", needsAttention: true, attention: "UNCLEAR_ANSWER" });
      expect(charge.attentionMessage).toMatch(/Payment mandate is not usable/);
      expect(charge.attempts).toHaveLength(1);
      expect(await s.payments(order.id)).toEqual([]);
      // Charge now is refused while the attempt is open; ending it is a staff member's call, checked by the app, and
      // possible only once a payment Shopify made for the key would show on the order (the in-flight alert time).
      expect(await s.act("CHARGE_NOW", order.id)).toHaveProperty("refused");
      expect(await s.act("END_ATTEMPT", order.id)).toMatchObject({
        status: "DECLINED",
        message: expect.stringMatching(
          /^Attempt 1 cannot be ended yet: Shopify has not said whether it made a payment/,
        ),
      });
      await s.runFor(4, "P1D");
      expect(await s.payments(order.id)).toEqual([]);
      expect(await s.act("END_ATTEMPT", order.id)).toMatchObject({ status: "APPLIED" });
      await s.control().clearFaults(s.shop());
      expect(await s.act("CHARGE_NOW", order.id)).toMatchObject({ status: "APPLIED" });
      await s.runFor(3);
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false, attention: null });
      expect(charge.attempts.map((attempt) => attempt.status)).toEqual(["ENDED", "SUCCEEDED"]);
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("ending an attempt is refused when Shopify shows its payment after all", async () => {
      const order = await s.placeOrder();
      // The first send makes a payment (its answer a userError); every resend is answered "in progress".
      await s.fault(
        [
          { kind: "user_error", createsPayment: true },
          { kind: "in_progress", count: 40 },
        ],
        order.id,
      );
      await s.reachDueDate();
      await s.runFor(4, "PT10M", { chargeUnclearAlertMs: 20 * 60_000 });
      expect(await s.chargeOf(order.id)).toMatchObject({ attention: "UNCLEAR_ANSWER" });
      // Three days on, the payment Shopify made for the key shows on the order (settled), though every answer about
      // the key is still "in progress".
      await s.runFor(4, "P1D");
      const answer = await s.act("END_ATTEMPT", order.id);
      expect(answer).toMatchObject({
        status: "DECLINED",
        message:
          "Attempt 1 stays open: Shopify shows 30.00 USD paid on the order since the last attempt began, which the app did not take.",
      });
      await s.control().clearFaults(s.shop());
      await s.runFor(6, "PT1H");
      expect(await s.payments(order.id)).toHaveLength(1);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      await s.invariants();
    });
  });

  describe("Ending an attempt, only when no payment exists for it", () => {
    it("is refused while Shopify answers 'in progress' and its payment has not settled: the payment is recorded once Shopify says", async () => {
      const order = await s.placeOrder();
      await s.control().configure({ paymentSteps: Array(10).fill("PROCESSING") });
      await s.fault(
        [
          { kind: "user_error", createsPayment: true },
          { kind: "in_progress", count: 40 },
        ],
        order.id,
      );
      await s.reachDueDate();
      await s.work({ chargeUnclearAlertMs: 0 }).drain();
      expect(await s.chargeOf(order.id)).toMatchObject({ attention: "UNCLEAR_ANSWER" });
      expect(await s.act("END_ATTEMPT", order.id)).toMatchObject({ status: "DECLINED" });
      expect(await s.act("CHARGE_NOW", order.id)).toHaveProperty("refused");
      await s.control().configure({ paymentSteps: ["PROCESSING"] });
      await s.control().clearFaults(s.shop());
      await s.runFor(4, "PT1H");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.attempts).toMatchObject([{ number: 1, status: "SUCCEEDED" }]);
      expect(await s.charged(order.id)).toHaveLength(1);
    });

    it("is refused while Shopify has a payment for the key (a reference), whatever its status", async () => {
      const order = await s.placeOrder();
      await s.control().configure({ paymentSteps: ["PROCESSING", "PROCESSING", "PROCESSING"] });
      await s.reachDueDate();
      await s.work().drain();
      expect(await s.act("END_ATTEMPT", order.id)).toEqual({
        refused:
          "Attempt 1 has a payment in Shopify (being processed): it ends when Shopify settles it, and the app follows it until then.",
      });
      await s.control().configure({ paymentSteps: ["PROCESSING"] });
      await s.runFor(4, "PT1H");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
    });

    it("after a lost answer, the key is sent once more first: Shopify's payment is found and followed, never a second", async () => {
      const order = await s.placeOrder();
      s.useAdmin(s.singleShotAdmin());
      await s.fault([{ kind: "lost_response", hangMs: 50 }], order.id);
      await s.reachDueDate();
      await s.work().drain();
      expect((await s.chargeOf(order.id)).attempts).toMatchObject([{ status: "CREATED" }]);
      const answer = await s.act("END_ATTEMPT", order.id);
      expect(answer).toMatchObject({ status: "DECLINED" });
      expect(answer).toHaveProperty("message", expect.stringMatching(/^Attempt 1 has a payment in Shopify after all/));
      expect(await s.act("CHARGE_NOW", order.id)).toHaveProperty("refused");
      await s.runFor(3, "PT1H");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
    });
  });

  describe("Another payment of the balance in flight", () => {
    it("after a refund on the order, a payment made elsewhere and pending is not taken twice: the app charges what is left once it settles", async () => {
      const order = await s.placeOrder();
      // A $10 goodwill refund: the order's total stays $40; Shopify still shows $30 outstanding.
      await s.control().refund(s.shop(), order.id, { amount: "10.00", note: "goodwill" });
      await s.deliverPending();
      // The customer pays $10 of the balance elsewhere; it stays pending.
      await s.fault([{ kind: "pending" }], order.id);
      const reference = await payElsewhere(order.id, "customer-elsewhere-1", { amount: "10.00" });
      await s.control().settlePayments();
      await s.deliverPending();
      await s.reachDueDate();
      await s.runFor(3);
      const ours = async () => (await s.payments(order.id)).filter((p) => p.idempotencyKey.startsWith("bal-"));
      expect(await ours()).toEqual([]);
      expect(await s.chargeOf(order.id)).toMatchObject({ needsAttention: true, attention: "PAYMENT_FOUND" });
      // The customer's payment goes through: what is left ($20) is charged once.
      await s.control().resolvePayment(s.shop(), reference, { kind: "success" });
      await s.deliverPending();
      await s.runFor(4, "PT6H");
      expect((await ours()).map((payment) => payment.chargedAmount)).toEqual(["20.00"]);
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 2000n });
      expect((await s.order(order.id)).totalReceived).toBe("40.00");
    });
  });

  describe("An authorization made outside the app", () => {
    it("that covers the balance: the charge waits, flagged, not closed; voided, the balance is collected once", async () => {
      const order = await s.placeOrder();
      // The merchant authorizes the balance on the saved card from elsewhere (manual capture); it will be voided.
      await s.fault([{ kind: "voided" }], order.id);
      const reference = await payElsewhere(order.id, "merchant-elsewhere-1", { autoCapture: false });
      await s.control().settlePayments(); // authorized: the schedule is covered
      await s.deliverPending();
      await s.reachDueDate();
      await s.runFor(3);
      expect(await s.chargeOf(order.id)).toMatchObject({
        status: "WAITING",
        needsAttention: true,
        attention: "PAYMENT_FOUND",
      });
      // Voided (it expired): owed again.
      await s
        .control()
        .graphql(
          s.store().shopify.accessToken,
          `query S($orderId: ID!, $ref: String!) { orderPaymentStatus(orderId: $orderId, paymentReferenceId: $ref) { status } }`,
          { orderId: order.id, ref: reference },
        );
      await s.deliverPending();
      await s.runFor(8, "PT12H");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n, needsAttention: false });
      const ours = (await s.payments(order.id)).filter((payment) => payment.idempotencyKey.startsWith("bal-"));
      expect(ours.map((payment) => payment.chargedAmount)).toEqual(["30.00"]);
      expect((await s.order(order.id)).totalReceived).toBe("40.00");
    });
  });

  describe("4. REDIRECT_REQUIRED", () => {
    it("flags the merchant, starts no new key while the customer may still confirm, collects once when they do", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "redirect_required" }], order.id);
      await s.reachDueDate();
      await s.runFor(10, "P1D");
      let charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "IN_PROGRESS", needsAttention: true, attention: "REDIRECT_REQUIRED" });
      expect(charge.attempts).toMatchObject([{ status: "SUBMITTED", paymentStatus: "REDIRECT_REQUIRED" }]);
      expect(await s.payments(order.id)).toHaveLength(1);
      const [payment] = await s.payments(order.id);
      await s.control().resolvePayment(s.shop(), payment.paymentReferenceId, { kind: "success" });
      await s.runFor(3, "PT6H");
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false, collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });

  describe("5. A way back for every stalled balance", () => {
    /** Runs an hour at a time until the charge's unit gives up (about two days of failures). */
    async function untilUnitFails(orderId: string) {
      for (let hour = 0; hour < 80; hour += 1) {
        await s.runFor(0);
        const unit = await s.unitOf((await s.chargeOf(orderId)).id);
        if (unit?.status === "FAILED") return;
        await s.setClock({ advance: "PT1H" });
      }
      throw new Error("the charge's unit never gave up");
    }

    it("Shopify unreachable for two days: the unit ends, the charge is flagged, Resume resends the same key, one payment", async () => {
      const order = await s.placeOrder();
      s.useAdmin(s.singleShotAdmin());
      await s
        .control()
        .scriptAdminApiOutage(s.shop(), { operation: "OrderCreateMandatePayment", status: 503, count: 1000 });
      await s.reachDueDate();
      await untilUnitFails(order.id);
      let charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "IN_PROGRESS", needsAttention: true, attention: "STALLED" });
      expect(charge.attempts).toMatchObject([{ number: 1, status: "CREATED" }]);
      // Charge now would risk a second payment: refused. Resume follows the same attempt.
      expect(await s.act("CHARGE_NOW", order.id)).toHaveProperty("refused");
      await s.control().clearAdminApiOutages(s.shop());
      expect(await s.act("RESUME", order.id)).toMatchObject({ status: "APPLIED" });
      await s.runFor(3);
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false, attention: null });
      const payments = await s.payments(order.id);
      expect(payments.map((payment) => payment.idempotencyKey)).toEqual([charge.attempts[0].idempotencyKey]);
      await s.invariants();
    });

    it("a stalled charge is taken up again by the sweep on its own once Shopify answers", async () => {
      const order = await s.placeOrder();
      s.useAdmin(s.singleShotAdmin());
      await s
        .control()
        .scriptAdminApiOutage(s.shop(), { operation: "OrderCreateMandatePayment", status: 502, count: 1000 });
      await s.reachDueDate();
      await untilUnitFails(order.id);
      expect(await s.chargeOf(order.id)).toMatchObject({ attention: "STALLED" });
      await s.control().clearAdminApiOutages(s.shop());
      await s.runFor(4, "PT20M");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED" });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("throttling waits and never counts as a failure", async () => {
      const order = await s.placeOrder();
      s.useAdmin(s.singleShotAdmin());
      await s.fault([{ kind: "throttle", count: 80 }], order.id);
      await s.reachDueDate();
      for (let round = 0; round < 90; round += 1) {
        await s.runFor(0);
        const unit = await s.unitOf((await s.chargeOf(order.id)).id);
        expect(unit).toMatchObject({ failures: 0 });
        expect(unit!.status).not.toBe("FAILED");
        if ((await s.chargeOf(order.id)).status === "COLLECTED") break;
        await s.setClock({ advance: 15_000 });
      }
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED" });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });

  describe("8. A payment in flight for days", () => {
    it("is followed, flagged after the configured time, and recorded once when it ends", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "pending", forMs: 4 * 86_400_000 }], order.id);
      await s.reachDueDate();
      await s.runFor(10, "PT6H", { chargeInFlightAlertMs: 48 * 3_600_000 });
      let charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "IN_PROGRESS", needsAttention: true, attention: "IN_FLIGHT_TOO_LONG" });
      expect(charge.attentionMessage).toMatch(/has been PENDING since/);
      expect(charge.events.filter((event) => event.type === "FLAGGED")).toHaveLength(1);
      await s.runFor(12, "PT6H", { chargeInFlightAlertMs: 48 * 3_600_000 });
      charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false, collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });
  });

  describe("9. The ledger is Shopify's truth", () => {
    it("a partial success records its part; the rest is the next attempt, at once, not counted as a failure", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "partial_success", amount: "12.00" }], order.id);
      await s.reachDueDate();
      await s.runFor(4);
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.attempts).toMatchObject([
        { number: 1, status: "PARTIAL", collectedMinor: 1200n },
        { number: 2, status: "SUCCEEDED", collectedMinor: 1800n, amountMinor: 1800n },
      ]);
      expect((await s.payments(order.id)).map((payment) => payment.chargedAmount)).toEqual(["12.00", "18.00"]);
      expect((await s.order(order.id)).totalReceived).toBe("40.00");
      await s.invariants();
    });

    it("a partial success on the last attempt the offer allows: the rest is still charged", async () => {
      const order = await s.placeOrder();
      await s.fault(
        [
          { kind: "decline", count: 2 },
          { kind: "partial_success", amount: "5.00" },
        ],
        order.id,
      );
      await s.reachDueDate();
      await s.runFor(16, "PT12H");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n, needsAttention: false });
      expect(charge.attempts.map((attempt) => attempt.status)).toEqual([
        "DECLINED",
        "DECLINED",
        "PARTIAL",
        "SUCCEEDED",
      ]);
      await s.invariants();
    });

    it("refunded after it was collected: recorded as collected with Shopify's amount, never charged again", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "refunded" }], order.id);
      await s.reachDueDate();
      await s.runFor(6, "P1D");
      expect(await s.chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("authorized, then captured: in flight until captured, recorded once", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "authorize_then_capture", reads: 3 }], order.id);
      await s.reachDueDate();
      await s.runFor(6, "PT1M");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.events.filter((event) => event.type === "STATUS").map((event) => event.status)).toContain(
        "AUTHORIZED",
      );
      expect(await s.payments(order.id)).toHaveLength(1);
      await s.invariants();
    });

    it("voided: nothing collected; the next attempt after the spacing collects once", async () => {
      const order = await s.placeOrder();
      await s.fault([{ kind: "voided" }], order.id);
      await s.reachDueDate();
      await s.runFor(8, "PT12H");
      const charge = await s.chargeOf(order.id);
      expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
      expect(charge.attempts.map((attempt) => attempt.status)).toEqual(["DECLINED", "SUCCEEDED"]);
      expect((await s.payments(order.id)).map((payment) => payment.chargedAmount)).toEqual(["0.00", "30.00"]);
      await s.invariants();
    });
  });
});
