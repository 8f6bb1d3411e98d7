// The order-level money invariants every charging test ends with, judged by the simulator's own ledger (its orders
// and its payments log), not by the app's rows:
//   1. per order, what Shopify received is never above the order's total;
//   2. per payment schedule, at most one of the app's own payments fully succeeded, and all the mandate payments on it
//      (the app's and any other's) moved no more than the schedule's amount;
//   3. what the app says it collected for an order equals what Shopify's transactions moved for the app's own payments
//      whose attempts have ended (an attempt still open has not been told its outcome yet: it is not counted).
import { expect } from "vitest";
import type { Database } from "~/db/client.server";
import type { SimulatorClient } from "../../simulator/client";

const FULL_SUCCESS = new Set(["SUCCESS", "CAPTURED", "PURCHASED", "REFUNDED"]);

/** Decimal string to minor units (two decimals or none; the tests' currencies). */
function minor(decimal: string): bigint {
  const [whole, fraction = ""] = decimal.split(".");
  const negative = whole.startsWith("-");
  const value = BigInt(whole.replace("-", "")) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}

export interface MoneyInvariantScope {
  control: SimulatorClient;
  shop: string;
  db: Database;
  /** The orders to judge (default: every order the app's payments or charges name). */
  orderIds?: readonly string[];
}

/** Asserts the three invariants for the shop's orders; returns what it judged, for the test's own expectations. */
export async function expectMoneyInvariants(scope: MoneyInvariantScope) {
  const payments = await scope.control.paymentAttempts(scope.shop);
  const charges = await scope.db.balanceCharge.findMany({
    where: { shop: scope.shop },
    select: { orderId: true, collectedMinor: true, paymentScheduleId: true },
  });
  const attempts = await scope.db.chargeAttempt.findMany({
    where: { shop: scope.shop },
    select: { idempotencyKey: true, status: true },
  });
  const endedKeys = new Set(
    attempts.filter((a) => a.status !== "CREATED" && a.status !== "SUBMITTED").map((a) => a.idempotencyKey),
  );
  const orderIds = scope.orderIds ?? [
    ...new Set([...payments.map((p) => p.orderId), ...charges.map((c) => c.orderId)]),
  ];
  const judged: { orderId: string; received: bigint; total: bigint; appCollected: bigint; shopifyMoved: bigint }[] = [];
  for (const orderId of orderIds) {
    const order = await scope.control.order(scope.shop, orderId);
    const received = minor(order.totalReceived);
    const total = minor(order.totalPrice);
    expect(
      received,
      `${order.name}: received ${order.totalReceived} on a total of ${order.totalPrice}`,
    ).toBeLessThanOrEqual(total);

    const own = payments.filter((payment) => payment.orderId === orderId);
    const bySchedule = new Map<string, typeof own>();
    for (const payment of own) {
      const key = payment.paymentScheduleId ?? "(none)";
      bySchedule.set(key, [...(bySchedule.get(key) ?? []), payment]);
    }
    for (const [scheduleId, list] of bySchedule) {
      const appKeys = new Set(attempts.map((attempt) => attempt.idempotencyKey));
      const full = list.filter((payment) => FULL_SUCCESS.has(payment.status) && appKeys.has(payment.idempotencyKey));
      expect(full.length, `${order.name}: full successes of schedule ${scheduleId}`).toBeLessThanOrEqual(1);
      const schedule = order.paymentTerms?.paymentSchedules.find((candidate) => candidate.id === scheduleId);
      const moved = list.reduce((sum, payment) => sum + minor(payment.chargedAmount), 0n);
      if (schedule) {
        expect(moved, `${order.name}: moved on schedule ${scheduleId}`).toBeLessThanOrEqual(minor(schedule.amount));
      }
    }
    const shopifyMoved = own
      .filter((payment) => endedKeys.has(payment.idempotencyKey))
      .reduce((sum, payment) => sum + minor(payment.chargedAmount), 0n);
    const appCollected = charges
      .filter((charge) => charge.orderId === orderId)
      .reduce((sum, charge) => sum + charge.collectedMinor, 0n);
    expect(
      appCollected,
      `${order.name}: what the app says it collected = what Shopify moved for its ended attempts`,
    ).toBe(shopifyMoved);
    judged.push({ orderId, received, total, appCollected, shopifyMoved });
  }
  return judged;
}
