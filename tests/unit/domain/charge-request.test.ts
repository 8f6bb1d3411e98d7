// Staff requests on a balance charge: refused at once only when they cannot apply, and worded honestly while a
// payment is in flight.
import { describe, expect, it } from "vitest";
import { refusalOf, waitingWords, type ChargeAtRequest } from "~/domain/charge-request";

const scheduled: ChargeAtRequest = { status: "SCHEDULED", openAttempt: null, unitEnded: false };
const inFlight: ChargeAtRequest = {
  status: "IN_PROGRESS",
  openAttempt: { number: 2, status: "SUBMITTED", paymentStatus: "PENDING", amount: "$30.00" },
  unitEnded: false,
};

describe("staff requests on a balance", () => {
  it("refuse Charge now while a payment is in flight, saying which and for how much", () => {
    expect(refusalOf("CHARGE_NOW", scheduled)).toBeNull();
    expect(refusalOf("CHARGE_NOW", inFlight)).toMatch(/A payment of \$30\.00 \(attempt 2\) is being processed/);
    expect(refusalOf("CHARGE_NOW", { ...scheduled, status: "FAILED" })).toBeNull();
    expect(refusalOf("CHARGE_NOW", { ...scheduled, status: "COLLECTED" })).toMatch(/no open balance/);
  });
  it("take Stop and Record as paid while a payment is in flight (they apply when it ends)", () => {
    expect(refusalOf("STOP", inFlight)).toBeNull();
    expect(refusalOf("RECORD_PAID", inFlight)).toBeNull();
    expect(refusalOf("STOP", { ...scheduled, status: "CLOSED" })).toMatch(/not collecting/);
    expect(waitingWords("STOP", inFlight.openAttempt)).toBe(
      "A payment of $30.00 (attempt 2) is being processed. If it goes through, the balance is paid; if it does not, the app stops collecting and tries nothing more.",
    );
    expect(waitingWords("RECORD_PAID", inFlight.openAttempt)).toMatch(/If it goes through, nothing is recorded/);
  });
  it("resume only what is stalled or in flight, and end only an open attempt", () => {
    expect(refusalOf("RESUME", scheduled)).toMatch(/Nothing is stalled/);
    expect(refusalOf("RESUME", { ...scheduled, unitEnded: true })).toBeNull();
    expect(refusalOf("RESUME", { ...scheduled, status: "FAILED", unitEnded: true })).toMatch(/Retry now/);
    expect(refusalOf("RESUME", inFlight)).toBeNull();
    expect(refusalOf("END_ATTEMPT", scheduled)).toMatch(/No attempt is open/);
    // A payment Shopify has (a reference) ends only by Shopify's word; an attempt never answered clearly may be ended.
    expect(refusalOf("END_ATTEMPT", inFlight)).toMatch(
      /has a payment in Shopify \(PENDING\): it ends when Shopify settles it/,
    );
    const unanswered = { number: 1, status: "CREATED", paymentStatus: null, amount: "$30.00" };
    expect(refusalOf("END_ATTEMPT", { ...inFlight, openAttempt: unanswered })).toBeNull();
    const unclear = { number: 1, status: "CREATED", paymentStatus: null, amount: "$30.00" };
    expect(waitingWords("CHARGE_NOW", unclear)).toMatch(/waiting for a clear answer from Shopify/);
    const redirect = { number: 1, status: "SUBMITTED", paymentStatus: "REDIRECT_REQUIRED", amount: "$30.00" };
    expect(waitingWords("STOP", redirect)).toMatch(/waiting for the customer to confirm it with their bank/);
  });
});
