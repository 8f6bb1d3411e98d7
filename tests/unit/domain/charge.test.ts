// The charge engine's rules: the key of an attempt, what each payment status means, and what to do with a balance.
import { describe, expect, it } from "vitest";
import {
  attemptIdempotencyKey,
  decideBalance,
  nextAttemptAfterDecline,
  parseChargePolicy,
  PAYMENT_STATUS_MEANING,
  paymentMeaning,
  type BalanceRead,
} from "~/domain/charge";

const NOW = new Date("2027-02-01T16:00:00Z");
const open: BalanceRead = {
  cancelled: false,
  closed: false,
  hasTerms: true,
  outstandingMinor: 3000n,
  schedule: {
    id: "gid://shopify/PaymentSchedule/1",
    dueAt: new Date("2027-02-01T15:00:00Z"),
    completed: false,
    balanceMinor: 3000n,
  },
  mandateId: "gid://shopify/PaymentMandate/9",
  returnInProgress: false,
};
const key = (attempt: number, shop = "a.myshopify.com") =>
  attemptIdempotencyKey({
    shop,
    orderId: "gid://shopify/Order/1",
    paymentScheduleId: "gid://shopify/PaymentSchedule/1",
    attempt,
  });

describe("attempt idempotency keys", () => {
  it("are the same for the same attempt, new for the next attempt, and differ between shops", () => {
    expect(key(1)).toBe(key(1));
    expect(key(1)).toMatch(/^bal-[0-9a-f]{24}-a001$/);
    expect(key(2)).not.toBe(key(1));
    expect(key(2).slice(0, 28)).toBe(key(1).slice(0, 28));
    expect(key(1, "b.myshopify.com")).not.toBe(key(1));
    expect(key(999)).toHaveLength(33);
  });
  it("refuse an attempt number out of range", () => {
    expect(() => key(0)).toThrow(RangeError);
    expect(() => key(1000)).toThrow(RangeError);
    expect(() => key(1.5)).toThrow(RangeError);
  });
});

describe("payment statuses", () => {
  it("give every status of OrderPaymentStatusResult a meaning; only final successes collect", () => {
    expect(Object.keys(PAYMENT_STATUS_MEANING).sort()).toEqual(
      [
        "AUTHORIZED",
        "CAPTURED",
        "ERROR",
        "INITIATED",
        "PARTIAL_SUCCESS",
        "PENDING",
        "PROCESSING",
        "PURCHASED",
        "REDIRECT_REQUIRED",
        "REFUNDED",
        "RETRYABLE",
        "SUCCESS",
        "UNKNOWN",
        "VOIDED",
      ].sort(),
    );
    const collect = Object.entries(PAYMENT_STATUS_MEANING)
      .filter(([, v]) => v.meaning === "COLLECTED")
      .map(([k]) => k);
    expect(collect.sort()).toEqual(["CAPTURED", "PURCHASED", "REFUNDED", "SUCCESS"]);
    for (const status of ["PENDING", "PROCESSING", "INITIATED", "UNKNOWN", "AUTHORIZED"])
      expect(paymentMeaning(status)).toBe("IN_FLIGHT");
    for (const status of ["ERROR", "RETRYABLE", "VOIDED", "REDIRECT_REQUIRED"])
      expect(paymentMeaning(status)).toBe("DECLINED");
    expect(paymentMeaning("PARTIAL_SUCCESS")).toBe("PARTIAL");
    // A status a later API version adds may still succeed: never treated as a decline.
    expect(paymentMeaning("SOMETHING_NEW")).toBe("IN_FLIGHT");
    expect(paymentMeaning(null)).toBe("IN_FLIGHT");
  });
});

describe("deciding a balance", () => {
  it("charges a due balance in full, with the order's mandate", () => {
    expect(decideBalance(open, NOW)).toEqual({
      action: "CHARGE",
      amountMinor: 3000n,
      partOfSchedule: false,
      mandateId: "gid://shopify/PaymentMandate/9",
    });
  });
  it("closes with a reason when there is nothing to collect", () => {
    expect(decideBalance({ ...open, cancelled: true }, NOW)).toEqual({ action: "CLOSE", reason: "ORDER_CANCELLED" });
    expect(decideBalance({ ...open, hasTerms: false }, NOW)).toEqual({ action: "CLOSE", reason: "TERMS_REMOVED" });
    expect(decideBalance({ ...open, schedule: { ...open.schedule!, completed: true } }, NOW)).toMatchObject({
      reason: "SCHEDULE_COMPLETED",
    });
    expect(decideBalance({ ...open, outstandingMinor: 0n }, NOW)).toMatchObject({ reason: "NOTHING_OUTSTANDING" });
    expect(decideBalance({ ...open, closed: true }, NOW)).toMatchObject({ reason: "ORDER_CLOSED" });
  });
  it("waits while a return is open, before the due date, and while the due date is not set", () => {
    expect(decideBalance({ ...open, returnInProgress: true }, NOW)).toMatchObject({ action: "WAIT" });
    const later = new Date("2027-03-01T00:00:00Z");
    expect(decideBalance({ ...open, schedule: { ...open.schedule!, dueAt: later } }, NOW)).toEqual({
      action: "WAIT",
      until: later,
      why: "Not due yet",
    });
    expect(decideBalance({ ...open, schedule: { ...open.schedule!, dueAt: null } }, NOW)).toMatchObject({
      action: "WAIT",
      until: null,
    });
    // A staff member's "Charge now" does not wait for the date, but still for a return.
    expect(
      decideBalance({ ...open, schedule: { ...open.schedule!, dueAt: later } }, NOW, { force: true }),
    ).toMatchObject({ action: "CHARGE" });
    expect(decideBalance({ ...open, returnInProgress: true }, NOW, { force: true })).toMatchObject({ action: "WAIT" });
  });
  it("never charges more than is outstanding or than the schedule's balance", () => {
    expect(decideBalance({ ...open, outstandingMinor: 1200n }, NOW)).toMatchObject({
      amountMinor: 1200n,
      partOfSchedule: true,
    });
    expect(decideBalance({ ...open, outstandingMinor: 9000n }, NOW)).toMatchObject({
      amountMinor: 3000n,
      partOfSchedule: false,
    });
  });
  it("fails (for the merchant to see) when there is no payment method to charge", () => {
    expect(decideBalance({ ...open, mandateId: null }, NOW)).toMatchObject({ action: "FAIL" });
  });
});

describe("the offer's retry policy", () => {
  it("spaces attempts as the offer says and stops after its last", () => {
    const policy = parseChargePolicy(
      JSON.stringify({ maxAttempts: 3, interval: { unit: "HOURS", value: 12 }, finalAction: "SEND_INVOICE" }),
    );
    expect(nextAttemptAfterDecline(policy, 1, NOW)).toEqual(new Date("2027-02-02T04:00:00Z"));
    expect(nextAttemptAfterDecline(policy, 2, NOW)).toEqual(new Date("2027-02-02T04:00:00Z"));
    expect(nextAttemptAfterDecline(policy, 3, NOW)).toBeNull();
  });
  it("keeps a safe default when the stored copy cannot be read", () => {
    expect(parseChargePolicy("not json")).toMatchObject({ maxAttempts: 3, interval: { unit: "DAYS", value: 3 } });
  });
});
