// The charge engine's rules: the key of an attempt, what each payment status means, and what to do with a balance.
import { describe, expect, it } from "vitest";
import {
  attemptIdempotencyKey,
  decideBalance as decide,
  failedAttempts,
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
  shopCurrency: "USD",
  presentmentCurrency: "USD",
  outstandingMinor: 3000n,
  outstandingPresentmentMinor: 3000n,
  schedule: {
    id: "gid://shopify/PaymentSchedule/1",
    dueAt: new Date("2027-02-01T15:00:00Z"),
    completed: false,
    balanceMinor: 3000n,
    currency: "USD",
  },
  replacedBy: null,
  mandateId: "gid://shopify/PaymentMandate/9",
  returnInProgress: false,
};
/** The charge's side of the decision: the currency its ledger keeps. */
const decideBalance = (read: BalanceRead, now: Date, options?: { force?: boolean }) =>
  decide(read, { currency: "USD" }, now, options);
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
    // The customer may still confirm it with their bank: no new key until it is final; a person is told at once.
    expect(paymentMeaning("REDIRECT_REQUIRED")).toBe("IN_FLIGHT");
    expect(PAYMENT_STATUS_MEANING.REDIRECT_REQUIRED.attention).toBe("REDIRECT_REQUIRED");
    // Only a final status that proves nothing was collected frees the next key.
    for (const status of ["ERROR", "RETRYABLE", "VOIDED"]) expect(paymentMeaning(status)).toBe("DECLINED");
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
      amountArgument: null,
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
  });
  it("waits, flagged, while the order is archived with money owed (it is charged once unarchived)", () => {
    expect(decideBalance({ ...open, closed: true }, NOW)).toMatchObject({
      action: "WAIT",
      attention: "ORDER_ARCHIVED",
    });
    expect(decideBalance({ ...open, closed: true }, NOW, { force: true })).toMatchObject({ action: "WAIT" });
    // Archived with nothing owed: nothing to wait for.
    expect(decideBalance({ ...open, closed: true, outstandingMinor: 0n }, NOW)).toMatchObject({
      reason: "NOTHING_OUTSTANDING",
    });
  });
  it("charges only its own schedule: a schedule replaced by another closes this charge (the new one has its own)", () => {
    expect(decideBalance({ ...open, schedule: null, replacedBy: "gid://shopify/PaymentSchedule/2" }, NOW)).toEqual({
      action: "CLOSE",
      reason: "SCHEDULE_REPLACED",
    });
    expect(decideBalance({ ...open, schedule: null }, NOW)).toEqual({ action: "CLOSE", reason: "SCHEDULE_COMPLETED" });
  });
  it("checks currencies: a ledger in another currency than Shopify's is failed with the reason, never charged", () => {
    expect(decideBalance({ ...open, shopCurrency: "CAD" }, NOW)).toMatchObject({
      action: "FAIL",
      attention: "CURRENCY",
    });
    expect(decideBalance({ ...open, schedule: { ...open.schedule!, currency: "JPY" } }, NOW)).toMatchObject({
      action: "FAIL",
      attention: "CURRENCY",
    });
  });
  it("multi-currency: the whole schedule is charged without an amount; a part is refused with the reason", () => {
    const euro: BalanceRead = {
      ...open,
      presentmentCurrency: "EUR",
      outstandingPresentmentMinor: 2760n,
      schedule: { ...open.schedule!, currency: "EUR", balanceMinor: 2760n },
    };
    expect(decideBalance(euro, NOW)).toMatchObject({
      action: "CHARGE",
      amountMinor: 3000n,
      partOfSchedule: false,
      amountArgument: null,
    });
    expect(decideBalance({ ...open, presentmentCurrency: "EUR", outstandingMinor: 1200n }, NOW)).toMatchObject({
      action: "FAIL",
      attention: "CANNOT_CHARGE_PART",
    });
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
      amountArgument: { minor: 1200n, currency: "USD" },
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
    expect(nextAttemptAfterDecline(policy, 0, NOW)).toEqual(new Date("2027-02-02T04:00:00Z"));
    expect(nextAttemptAfterDecline(policy, 2, NOW)).toEqual(new Date("2027-02-02T04:00:00Z"));
    expect(nextAttemptAfterDecline(policy, 3, NOW)).toBeNull();
  });
  it("counts only attempts that ended without collecting: a partial success or one in flight is not a failure", () => {
    const statuses = ["DECLINED", "PARTIAL", "ENDED", "SUCCEEDED", "CREATED", "SUBMITTED", "REFUSED"];
    expect(failedAttempts(statuses.map((status) => ({ status })))).toBe(3);
  });
  it("keeps a safe default when the stored copy cannot be read", () => {
    expect(parseChargePolicy("not json")).toMatchObject({ maxAttempts: 3, interval: { unit: "DAYS", value: 3 } });
  });
});
