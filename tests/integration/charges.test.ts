// The charge engine against the local Shopify, on SQLite and PostgreSQL. Every test judges by the simulator's own
// payments ledger (GET /_sim/shops/:shop/payments): what was charged, with which key, how many times.
import { describe, expect, it } from "vitest";
import { listChargesOfOrder } from "~/db/charges.server";
import { findDeferredOrder } from "~/db/deferred-orders.server";
import { attemptIdempotencyKey } from "~/domain/charge";
import type { ChargeRequestKind } from "~/domain/charge-request";
import { defaultOfferInput } from "~/domain/offer";
import { fetchDeferredOrder } from "~/shopify/operations/deferred-orders";
import { planCharges } from "~/services/charges.server";
import { rescheduleDueDate } from "~/services/reschedule.server";
import { customerData, eraseShopData, redactCustomer } from "~/services/privacy.server";
import { PROVIDERS } from "../support/database";
import { DEFAULT_DUE_AT, preOrder } from "../support/deferred-shop";
import { useChargeScenario } from "../support/charge-scenario";
import { expectMoneyInvariants } from "../support/money-invariants";

describe.each(PROVIDERS)("charge engine on %s against the local Shopify", (provider) => {
  // Every test ends judged by the simulator's ledger (the scenario checks the money invariants after each).
  const s = useChargeScenario(provider);
  const { control, setClock, deliverPending, placeOrder, reachDueDate, payments, charged, chargeOf, fault, runFor } = s;
  const act = (kind: ChargeRequestKind, orderId: string, staff: string | null, shop?: string) =>
    s.act(kind, orderId, staff, shop);

  it("charges the balance once when payment_schedules/due arrives, and records the attempt with its key", async () => {
    const order = await placeOrder();
    expect(await chargeOf(order.id)).toMatchObject({ status: "SCHEDULED", expectedMinor: 3000n, trigger: "SCHEDULE" });
    // Nothing before the due date.
    await runFor(2);
    expect(await payments(order.id)).toEqual([]);

    await reachDueDate();
    await runFor(3);
    const [payment] = await charged(order.id);
    expect(await payments(order.id)).toHaveLength(1);
    const key = attemptIdempotencyKey({
      shop: s.shop(),
      orderId: order.id,
      paymentScheduleId: (await findDeferredOrder(s.db(), s.shop(), order.id))!.paymentScheduleId!,
      attempt: 1,
    });
    expect(payment).toMatchObject({ amount: "30.00", currencyCode: "USD", idempotencyKey: key, replays: 0 });
    const charge = await chargeOf(order.id);
    expect(charge).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n, needsAttention: false });
    expect(charge.attempts).toMatchObject([
      { number: 1, idempotencyKey: key, status: "SUCCEEDED", paymentReferenceId: payment.paymentReferenceId },
    ]);
    expect(charge.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["SCHEDULED", "ATTEMPT", "SUBMITTED", "SUCCEEDED"]),
    );
    // More time and more runs change nothing.
    await runFor(3, "P1D");
    expect(await payments(order.id)).toHaveLength(1);
  });

  it("charges a balance whose webhook was lost: the sweep finds it", async () => {
    const order = await placeOrder();
    const charge = await chargeOf(order.id);
    // The unit of the charge is lost too (as if the database were restored without it): only the sweep is left.
    await s.db().scheduledJob.deleteMany({ where: { kind: "BALANCE_CHARGE", subject: charge.id } });
    await setClock({ set: new Date(new Date(DEFAULT_DUE_AT).getTime() + 60_000).toISOString() });
    await control().drainWebhooks();
    await s.harness().pending(s.store().shopify); // payment_schedules/due never reaches the app
    await runFor(4, "PT20M");
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["30.00"]);
  });

  it("a lost answer, a 5xx and throttling: the same key is sent again and the balance is charged once", async () => {
    const order = await placeOrder();
    await fault([{ kind: "lost_response", hangMs: 100 }, { kind: "http_5xx" }, { kind: "throttle" }], order.id);
    await reachDueDate();
    await runFor(6, "PT5M");
    const all = await payments(order.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ charged: true, amount: "30.00" });
    expect(all[0].replays).toBeGreaterThanOrEqual(1);
    const charge = await chargeOf(order.id);
    expect(charge.status).toBe("COLLECTED");
    expect(charge.attempts).toHaveLength(1);
  });

  it("a decline, then success: the next attempt has a new key and waits the offer's spacing", async () => {
    const order = await placeOrder();
    await fault([{ kind: "decline", reason: "insufficient_funds" }], order.id);
    await reachDueDate();
    await runFor(3);
    let charge = await chargeOf(order.id);
    expect(charge.attempts).toMatchObject([{ number: 1, status: "DECLINED" }]);
    expect(charge.attempts[0].errorMessage).toBeTruthy();
    // The offer waits 2 days between attempts: a day later, nothing new.
    await runFor(2, "PT12H");
    expect(await payments(order.id)).toHaveLength(1);
    await runFor(3, "PT12H");
    const all = await payments(order.id);
    expect(all).toHaveLength(2);
    expect(all[0].idempotencyKey).not.toBe(all[1].idempotencyKey);
    expect(all.filter((payment) => payment.charged)).toHaveLength(1);
    charge = await chargeOf(order.id);
    expect(charge).toMatchObject({ status: "COLLECTED" });
    expect(charge.attempts.map((attempt) => attempt.status)).toEqual(["DECLINED", "SUCCEEDED"]);
  });

  it("declines on every attempt: stops after the offer's last attempt and flags the balance", async () => {
    const order = await placeOrder();
    await fault([{ kind: "decline", count: 10 }], order.id);
    await reachDueDate();
    await runFor(12, "PT12H");
    expect(await payments(order.id)).toHaveLength(3);
    expect(await charged(order.id)).toEqual([]);
    const charge = await chargeOf(order.id);
    expect(charge).toMatchObject({ status: "FAILED", needsAttention: true });
    await runFor(4, "P2D");
    expect(await payments(order.id)).toHaveLength(3);
  });

  it("a failed balance is charged once more when a staff member retries it, with a new key, recorded with them", async () => {
    const order = await placeOrder();
    await fault([{ kind: "decline", count: 3 }], order.id);
    await reachDueDate();
    await runFor(12, "PT12H");
    expect(await chargeOf(order.id)).toMatchObject({ status: "FAILED", needsAttention: true });
    const staff = "gid://shopify/StaffMember/7";
    expect(await act("CHARGE_NOW", order.id, staff)).toMatchObject({ status: "APPLIED" });
    await runFor(3);
    const sent = await payments(order.id);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((payment) => payment.idempotencyKey)).size).toBe(4);
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["30.00"]);
    const charge = await chargeOf(order.id);
    expect(charge).toMatchObject({ status: "COLLECTED", needsAttention: false });
    expect(charge.attempts.at(-1)).toMatchObject({ number: 4, startedBy: "STAFF", staffMemberId: staff });
  });

  it("stops collecting when a staff member says so: nothing is charged at the due date, or after", async () => {
    const order = await placeOrder();
    const staff = "gid://shopify/StaffMember/7";
    expect(await act("STOP", order.id, staff)).toEqual({
      status: "APPLIED",
      kind: "STOP",
      message: "The app will not collect this balance.",
    });
    await reachDueDate();
    await runFor(4, "P1D");
    expect(await payments(order.id)).toEqual([]);
    const charge = await chargeOf(order.id);
    expect(charge).toMatchObject({ status: "CLOSED", closedReason: "STOPPED_BY_STAFF" });
    expect(charge.events).toContainEqual(
      expect.objectContaining({ type: "CLOSED", message: `Collection stopped by ${staff}` }),
    );
    // Asking again is refused: there is nothing the app collects any more.
    expect(await act("STOP", order.id, staff)).toHaveProperty("refused");
    expect(await act("CHARGE_NOW", order.id, staff)).toHaveProperty("refused");
    expect(await act("STOP", order.id, staff, "someone-else.myshopify.com")).toEqual({ notFound: true });
  });

  it("a payment stuck PENDING: no second attempt while it is pending; charged once when it resolves", async () => {
    const order = await placeOrder();
    await fault([{ kind: "pending" }], order.id);
    await reachDueDate();
    await runFor(8, "PT6H");
    const [stuck] = await payments(order.id);
    expect(await payments(order.id)).toHaveLength(1);
    expect((await chargeOf(order.id)).status).toBe("IN_PROGRESS");
    await control().resolvePayment(s.shop(), stuck.paymentReferenceId, { kind: "success" });
    await runFor(3, "PT6H");
    expect(await payments(order.id)).toHaveLength(1);
    expect(await charged(order.id)).toHaveLength(1);
    expect((await chargeOf(order.id)).status).toBe("COLLECTED");
  });

  it("charges nothing for a cancelled order, and closes its charge with the reason", async () => {
    const order = await placeOrder();
    await control().cancel(s.shop(), order.id, { reason: "customer" });
    await deliverPending();
    await reachDueDate();
    await runFor(3);
    expect(await payments(order.id)).toEqual([]);
    expect(await chargeOf(order.id)).toMatchObject({ status: "CLOSED", closedReason: "ORDER_CANCELLED" });
  });

  it("charges nothing for a balance paid outside the app, even when the app never heard of the payment", async () => {
    const order = await placeOrder();
    // "Mark as paid" in the admin; its webhooks are lost, so only the attempt's fresh read of the order can tell.
    await control().markPaid(s.shop(), order.id);
    await control().drainWebhooks();
    await s.harness().pending(s.store().shopify);
    expect((await chargeOf(order.id)).status).toBe("SCHEDULED");
    await reachDueDate();
    await runFor(3);
    expect(await payments(order.id)).toEqual([]);
    expect(await chargeOf(order.id)).toMatchObject({ status: "CLOSED", closedReason: "SCHEDULE_COMPLETED" });
  });

  it("charges only what is still owed when part of the balance was paid outside the app", async () => {
    const order = await placeOrder();
    await control().markPaid(s.shop(), order.id, { amount: "12.50" });
    await deliverPending();
    await reachDueDate();
    await runFor(3);
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["17.50"]);
    expect(await chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 1750n });
    expect((await control().order(s.shop(), order.id)).totalOutstanding).toBe("0.00");
  });

  it("follows a due date moved in Shopify: the charge moves with it", async () => {
    const order = await placeOrder();
    const later = "2027-03-01T15:00:00.000Z";
    await control().editPaymentTerms(s.shop(), order.id, later);
    await deliverPending();
    expect((await chargeOf(order.id)).dueAt).toEqual(new Date(later));
    await reachDueDate(); // the old date passes: nothing
    await runFor(2);
    expect(await payments(order.id)).toEqual([]);
    await setClock({ set: "2027-03-01T15:01:00.000Z" });
    await deliverPending();
    await runFor(3);
    expect(await charged(order.id)).toHaveLength(1);
  });

  it("follows a due date moved from the app: the charge moves with it", async () => {
    const order = await placeOrder();
    const ctx = {
      db: s.db(),
      shop: s.shop(),
      admin: s.store().shopify.admin,
      now: s.now,
      timeZone: "America/New_York",
      staffUserId: "42",
    };
    expect(await rescheduleDueDate(ctx, order.id, { dueDate: "2027-03-10" })).toMatchObject({ ok: true });
    const moved = (await chargeOf(order.id)).dueAt!;
    expect(moved.getTime()).toBeGreaterThan(new Date(DEFAULT_DUE_AT).getTime());
    expect((await chargeOf(order.id)).events.map((event) => event.type)).toContain("MOVED");
    await reachDueDate(); // the old date passes: nothing
    await runFor(2);
    expect(await payments(order.id)).toEqual([]);
    await setClock({ set: new Date(moved.getTime() + 60_000).toISOString() });
    await deliverPending();
    await runFor(3);
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["30.00"]);
  });

  it("charges now when a staff member asks, recorded with who asked, before the due date", async () => {
    const order = await placeOrder();
    const staff = "gid://shopify/StaffMember/42";
    expect(await act("CHARGE_NOW", order.id, staff)).toMatchObject({
      status: "APPLIED",
      message: "Attempt 1 sent: 30.00 USD. Its outcome shows in the ledger.",
    });
    await runFor(3);
    expect(await charged(order.id)).toHaveLength(1);
    const charge = await chargeOf(order.id);
    expect(charge.status).toBe("COLLECTED");
    expect(charge.attempts[0]).toMatchObject({ startedBy: "STAFF", staffMemberId: staff });
    // Asking again finds nothing open to charge.
    expect(await act("CHARGE_NOW", order.id, staff)).toHaveProperty("refused");
    expect(await payments(order.id)).toHaveLength(1);
  });

  it("plans without charging: what the next run charges, for how much, and why the rest waits", async () => {
    const due = await placeOrder();
    const plan = await planCharges(s.db(), s.shop(), s.now());
    expect(plan.charges).toEqual([
      expect.objectContaining({ orderId: due.id, action: "WAIT", amount: "30.00", why: "Not due yet" }),
    ]);
    await setClock({ set: new Date(new Date(DEFAULT_DUE_AT).getTime() + 60_000).toISOString() });
    const later = await planCharges(s.db(), s.shop(), s.now());
    expect(later.charges).toEqual([expect.objectContaining({ orderId: due.id, action: "CHARGE", amount: "30.00" })]);
    expect(later.totals).toEqual({ USD: "30.00" });
    expect(await payments(due.id)).toEqual([]);
  });

  it("plans a shop of any size: so many balances of each kind listed, soonest first, and every one counted and totalled", async () => {
    const orders = [await placeOrder(), await placeOrder(), await placeOrder()];
    await setClock({ set: new Date(new Date(DEFAULT_DUE_AT).getTime() + 60_000).toISOString() });
    const plan = await planCharges(s.db(), s.shop(), s.now(), { rowsPerAction: 2 });
    expect(plan.counts).toEqual({ CHARGE: 3, IN_PROGRESS: 0, NEEDS_ATTENTION: 0, WAIT: 0 });
    expect(plan.totals).toEqual({ USD: "90.00" });
    expect(plan.charges.map((row) => row.action)).toEqual(["CHARGE", "CHARGE"]);
    expect(orders.map((order) => order.id)).toEqual(expect.arrayContaining(plan.charges.map((row) => row.orderId)));
    // Without a limit (the command line's plan), every balance is listed.
    expect((await planCharges(s.db(), s.shop(), s.now())).charges).toHaveLength(3);
    expect(await payments()).toEqual([]);
  });

  it("privacy: a data request lists the charges, a redaction keeps the money and drops the payment method, erasure deletes them", async () => {
    const order = await placeOrder();
    await reachDueDate();
    await runFor(3);
    const stored = (await findDeferredOrder(s.db(), s.shop(), order.id))!;
    const scope = { db: s.db(), shop: s.shop() };
    const [held] = await customerData(scope, stored.customerId!, []);
    expect(held.balanceCharges).toMatchObject([
      { status: "COLLECTED", currency: "USD", collectedMinor: "3000", attempts: [{ number: 1, amountMinor: "3000" }] },
    ]);
    expect(held.balanceCharges[0].attempts[0].paymentMethod).toMatch(/^gid:\/\/shopify\/PaymentMandate\//);

    expect(stored.paymentMethod).toMatchObject({ lastDigits: "4242" });
    expect(await redactCustomer(scope, stored.customerId!, [order.id])).toMatchObject({ chargeAttempts: 1 });
    expect(await findDeferredOrder(s.db(), s.shop(), order.id)).toMatchObject({
      customerId: null,
      customerName: null,
      customerEmail: null,
      paymentMethod: null,
    });
    const kept = await chargeOf(order.id);
    expect(kept).toMatchObject({ status: "COLLECTED", collectedMinor: 3000n });
    expect(kept.attempts).toMatchObject([{ amountMinor: 3000n, mandateId: null, status: "SUCCEEDED" }]);

    await expectMoneyInvariants({ control: control(), shop: s.shop(), db: s.db() });
    const erased = await eraseShopData(scope);
    s.skipMoneyJudgement(); // the ledger is gone on purpose: Shopify keeps its record, the app no longer does
    expect(erased).toMatchObject({ balanceCharges: 1, chargeAttempts: 1 });
    expect(await listChargesOfOrder(s.db(), s.shop(), order.id)).toEqual([]);
    expect(await s.db().scheduledJob.count({ where: { shop: s.shop() } })).toBe(0);
  });

  it("due on fulfillment: waits with no date, then charges once Shopify sets the due date at fulfillment", async () => {
    const input = preOrder("USD");
    if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
    input.plans[0] = { ...input.plans[0], balance: { trigger: "ON_FULFILLMENT" } };
    await s.openStorefront("USD", "40.00", input);
    const order = await placeOrder();
    expect(await chargeOf(order.id)).toMatchObject({ status: "WAITING", dueAt: null });
    await runFor(3, "P7D");
    expect(await payments(order.id)).toEqual([]);
    await control().fulfill(s.shop(), order.id);
    await deliverPending();
    expect((await chargeOf(order.id)).dueAt).toBeInstanceOf(Date);
    await runFor(4, "PT1H");
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["30.00"]);
  });

  it("try before you buy: nothing while a return is open; after a partial return only the kept amount", async () => {
    await s.openStorefront("USD", "40.00", {
      ...defaultOfferInput("TRY_BEFORE_YOU_BUY", "USD"),
      name: "Lamp trial",
      merchantCode: "lamp-trial",
    });
    const order = await control().checkout(s.shop(), {
      lines: [{ variantId: s.store().variantId, quantity: 2, sellingPlanId: s.store().planId }],
    });
    await deliverPending();
    expect(await chargeOf(order.id)).toMatchObject({ expectedMinor: 8000n });
    await control().fulfill(s.shop(), order.id);
    await deliverPending();
    const [line] = (await fetchDeferredOrder(s.store().shopify.admin, order.id))!.lineItems.nodes;
    const opened = await control().returnItems(s.shop(), order.id, {
      lineItems: [{ lineItemId: line.id, quantity: 1 }],
    });
    await deliverPending();
    // The trial ends with the return still open: nothing is charged.
    await setClock({ advance: "P15D" });
    await deliverPending();
    await runFor(3, "PT2H");
    expect(await payments(order.id)).toEqual([]);
    expect((await chargeOf(order.id)).status).toBe("WAITING");
    // The lamp comes back: the merchant takes it off what is owed and closes the return.
    await control().refund(s.shop(), order.id, {
      amount: "0",
      lineItems: [{ lineItemId: line.id, quantity: 1 }],
    });
    await control().closeReturn(s.shop(), opened.returnId);
    await deliverPending();
    await runFor(4, "PT1H");
    expect((await charged(order.id)).map((payment) => payment.amount)).toEqual(["40.00"]);
    expect(await chargeOf(order.id)).toMatchObject({ status: "COLLECTED", collectedMinor: 4000n });
  });
});
