// The money-first guard: no new payment while one is in flight, none after a payment the app did not take since its
// last attempt began, and never more than the order's total.
import { describe, expect, it } from "vitest";
import {
  GUARD_CLOCK_SKEW_MS,
  moneyFirstGuard,
  type OrderMoneyRead,
  type OrderTransactionRead,
} from "~/domain/money-guard";

const AT = new Date("2027-02-01T15:00:00Z");
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);
const transaction = (over: Partial<OrderTransactionRead>): OrderTransactionRead => ({
  id: `gid://shopify/OrderTransaction/${Math.random()}`,
  kind: "SALE",
  status: "SUCCESS",
  manual: false,
  createdAt: minutes(-60 * 24 * 30),
  amountMinor: 1000n,
  parentId: null,
  ...over,
});
/** A $40 order, $10 deposit paid at checkout a month before: $30 owed. */
const order = (over: Partial<OrderMoneyRead> = {}): OrderMoneyRead => ({
  currency: "USD",
  receivedMinor: 1000n,
  currentTotalMinor: 4000n,
  capturableMinor: 0n,
  transactions: [transaction({ id: "deposit" })],
  ...over,
});
const first = { amountMinor: 3000n, lastAttemptAt: null, ownTransactionIds: new Set<string>() };

describe("the money-first guard", () => {
  it("lets the balance go out when nothing else is in flight or was paid, within the total", () => {
    expect(moneyFirstGuard(order(), first)).toEqual({ send: true });
    expect(moneyFirstGuard(order(), { ...first, lastAttemptAt: minutes(-10) })).toEqual({ send: true });
  });
  it("refuses while a payment the app did not send is in flight since its last attempt, whoever asks", async () => {
    const pendingSince = order({
      transactions: [
        transaction({ id: "deposit" }),
        transaction({ id: "p", status: "PENDING", createdAt: minutes(1), amountMinor: 3000n }),
      ],
    });
    const after = { amountMinor: 3000n, lastAttemptAt: AT, ownTransactionIds: new Set<string>() };
    expect(moneyFirstGuard(pendingSince, after)).toMatchObject({ send: false, reason: "IN_FLIGHT" });
    // A staff member's "Charge now" does not pass a payment in flight either.
    expect(moneyFirstGuard(pendingSince, { ...after, staffOverride: true })).toMatchObject({ reason: "IN_FLIGHT" });
    // Before the first attempt, what is in flight counts toward the total: a balance already being paid is not taken.
    expect(moneyFirstGuard(pendingSince, first)).toMatchObject({ send: false, reason: "OVER_TOTAL" });
    // A deposit authorized and not captured (a shop that captures by hand) does not stop the balance: within the total.
    expect(moneyFirstGuard(order({ receivedMinor: 0n, capturableMinor: 1000n }), first)).toEqual({ send: true });
    expect(moneyFirstGuard(order({ capturableMinor: 3000n }), first)).toMatchObject({ reason: "OVER_TOTAL" });
    // A pending transaction settled by a later one (its child) is no longer in flight.
    const settled = order({
      receivedMinor: 4000n,
      transactions: [
        transaction({ id: "deposit" }),
        transaction({ id: "p", status: "PENDING", amountMinor: 3000n, createdAt: minutes(1) }),
        transaction({ id: "c", status: "SUCCESS", amountMinor: 3000n, parentId: "p", createdAt: minutes(2) }),
      ],
    });
    expect(moneyFirstGuard(settled, { ...after, amountMinor: 0n, ownTransactionIds: new Set(["c"]) })).toEqual({
      send: true,
    });
  });
  it("refuses after a payment the app did not take since its last attempt began (a lost earlier payment)", () => {
    const paid = order({
      receivedMinor: 4000n,
      transactions: [
        transaction({ id: "deposit" }),
        transaction({ id: "x", createdAt: minutes(1), amountMinor: 3000n }),
      ],
    });
    const after = { amountMinor: 0n, lastAttemptAt: AT, ownTransactionIds: new Set<string>() };
    expect(moneyFirstGuard(paid, after)).toMatchObject({ send: false, reason: "PAID_SINCE" });
    // A little before the attempt's own record (clocks differ) still counts; long before does not.
    const early = order({
      transactions: [
        transaction({ id: "y", createdAt: new Date(AT.getTime() - GUARD_CLOCK_SKEW_MS + 1000), amountMinor: 500n }),
      ],
    });
    expect(moneyFirstGuard(early, after)).toMatchObject({ reason: "PAID_SINCE" });
    // Shopify attributed it to the app's own attempt (a partial success): not a stranger's.
    expect(moneyFirstGuard(paid, { ...after, ownTransactionIds: new Set(["x"]) })).toEqual({ send: true });
    // A staff member who looked may charge anyway (still within the total).
    expect(moneyFirstGuard(paid, { ...after, staffOverride: true })).toEqual({ send: true });
  });
  it("never lets what the order received go above its total", () => {
    expect(moneyFirstGuard(order({ receivedMinor: 2000n }), first)).toMatchObject({
      send: false,
      reason: "OVER_TOTAL",
    });
    // A refund makes no room for a second payment: what was received before refunds counts.
    expect(moneyFirstGuard(order({ receivedMinor: 2000n }), first)).toMatchObject({
      reason: "OVER_TOTAL",
    });
    // A goodwill refund of the deposit, then another payment of $10 pending: the $30 balance would take $50 in all.
    const refunded = order({
      transactions: [transaction({ id: "deposit" }), transaction({ id: "p", status: "PENDING", amountMinor: 1000n })],
    });
    expect(moneyFirstGuard(refunded, first)).toMatchObject({ send: false, reason: "OVER_TOTAL" });
    expect(moneyFirstGuard(order({ currentTotalMinor: 3999n }), first)).toMatchObject({ reason: "OVER_TOTAL" });
  });
});
