// Balance due dates per plan, from raw Shopify billing terms, and the single due date of a mixed cart.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  balanceDueFor,
  balanceDueForBillingTerms,
  orderBalanceDue,
  planBalanceDue,
  type BalanceDue,
} from "~/domain/due-date";
import { parseOffer, type OfferInput } from "~/domain/offer";
import { APRIL_1, NOW, preOrderInput, preOrderPlan, trialInput, trialPlan } from "./offer-fixtures";

const PLACED = "2026-12-01T10:30:00+01:00";

function planOf(input: OfferInput) {
  const result = parseOffer(input, { now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.offer.plans[0]!;
}

describe("balanceDueFor / planBalanceDue", () => {
  it("an exact date is due at that date", () => {
    expect(planBalanceDue(planOf(preOrderInput()), PLACED)).toEqual({ type: "AT", at: APRIL_1 });
    expect(balanceDueFor({ trigger: "EXACT_DATE", chargeAt: "2027-04-01T02:00:00+02:00" }, PLACED)).toEqual({
      type: "AT",
      at: "2027-04-01T00:00:00Z",
    });
  });

  it("an exact date already past when the order is placed stays as stored (the charge is overdue at once)", () => {
    expect(balanceDueFor({ trigger: "EXACT_DATE", chargeAt: APRIL_1 }, "2027-05-01T00:00:00Z")).toEqual({
      type: "AT",
      at: APRIL_1,
    });
  });

  it("N days after checkout counts from the moment the order was placed", () => {
    const plan = planOf(
      preOrderInput([
        preOrderPlan({ balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 14 }, confirmChargeBeforeFulfillment: true }),
      ]),
    );
    expect(planBalanceDue(plan, PLACED)).toEqual({ type: "AT", at: "2026-12-15T09:30:00Z" });
  });

  it("a trial is due when the trial ends", () => {
    expect(planBalanceDue(planOf(trialInput([trialPlan({ trialDays: 30 })])), "2027-01-31T23:00:00Z")).toEqual({
      type: "AT",
      at: "2027-03-02T23:00:00Z",
    });
  });

  it("on fulfillment has no date yet", () => {
    const plan = planOf(preOrderInput([preOrderPlan({ balance: { trigger: "ON_FULFILLMENT" } })]));
    expect(planBalanceDue(plan, PLACED)).toEqual({ type: "ON_FULFILLMENT" });
  });

  it("payment in full leaves nothing due", () => {
    const plan = planOf(preOrderInput([preOrderPlan({ deposit: { type: "FULL" }, balance: null })]));
    expect(planBalanceDue(plan, PLACED)).toEqual({ type: "NONE" });
  });

  it("accepts the order time as a Date, a luxon DateTime or an ISO string", () => {
    const balance = { trigger: "DAYS_AFTER_CHECKOUT" as const, days: 1 };
    const expected = { type: "AT", at: "2026-12-02T09:30:00Z" };
    expect(balanceDueFor(balance, new Date("2026-12-01T09:30:00Z"))).toEqual(expected);
    expect(balanceDueFor(balance, DateTime.fromISO("2026-12-01T04:30:00-05:00", { setZone: true }))).toEqual(expected);
    expect(balanceDueFor(balance, PLACED)).toEqual(expected);
    expect(() => balanceDueFor(balance, "yesterday")).toThrow(/Invalid instant/);
  });
});

describe("balanceDueForBillingTerms (any app's fixed plan)", () => {
  const terms = (overrides: Partial<Parameters<typeof balanceDueForBillingTerms>[0]>) => ({
    remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT" as const,
    remainingBalanceChargeExactTime: null,
    remainingBalanceChargeTimeAfterCheckout: null,
    ...overrides,
  });

  it("adds any ISO 8601 duration, calendar months included", () => {
    expect(balanceDueForBillingTerms(terms({ remainingBalanceChargeTimeAfterCheckout: "P14D" }), PLACED)).toEqual({
      type: "AT",
      at: "2026-12-15T09:30:00Z",
    });
    expect(
      balanceDueForBillingTerms(terms({ remainingBalanceChargeTimeAfterCheckout: "P1M" }), "2027-01-31T12:00:00Z"),
    ).toEqual({
      type: "AT",
      at: "2027-02-28T12:00:00Z",
    });
    expect(
      balanceDueForBillingTerms(terms({ remainingBalanceChargeTimeAfterCheckout: "PT36H" }), "2027-01-01T00:00:00Z"),
    ).toEqual({
      type: "AT",
      at: "2027-01-02T12:00:00Z",
    });
  });

  it("reads the other triggers", () => {
    expect(
      balanceDueForBillingTerms(
        terms({ remainingBalanceChargeTrigger: "EXACT_TIME", remainingBalanceChargeExactTime: APRIL_1 }),
        PLACED,
      ),
    ).toEqual({
      type: "AT",
      at: APRIL_1,
    });
    expect(balanceDueForBillingTerms(terms({ remainingBalanceChargeTrigger: "ON_FULFILLMENT" }), PLACED)).toEqual({
      type: "ON_FULFILLMENT",
    });
    expect(balanceDueForBillingTerms(terms({ remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE" }), PLACED)).toEqual(
      { type: "NONE" },
    );
  });

  it("rejects terms that cannot produce a date", () => {
    expect(() => balanceDueForBillingTerms(terms({ remainingBalanceChargeTrigger: "EXACT_TIME" }), PLACED)).toThrow(
      /without an exact time/,
    );
    expect(() => balanceDueForBillingTerms(terms({ remainingBalanceChargeTimeAfterCheckout: null }), PLACED)).toThrow(
      /Invalid ISO 8601 duration/,
    );
    expect(() =>
      balanceDueForBillingTerms(terms({ remainingBalanceChargeTimeAfterCheckout: "14 days" }), PLACED),
    ).toThrow(/Invalid ISO 8601 duration/);
  });
});

describe("orderBalanceDue (one deferred due date per order, per shopify.dev)", () => {
  const at = (iso: string): BalanceDue => ({ type: "AT", at: iso });

  it("takes the earliest date of the lines", () => {
    expect(
      orderBalanceDue([at("2027-04-01T00:00:00Z"), at("2027-03-15T00:00:00Z"), at("2027-05-01T00:00:00Z")]),
    ).toEqual(at("2027-03-15T00:00:00Z"));
  });

  it("compares instants, not text (offsets differ)", () => {
    // 2027-03-15T01:00+02:00 is 23:00 UTC the day before, earlier than 2027-03-15T00:00Z.
    expect(orderBalanceDue([at("2027-03-15T00:00:00Z"), at("2027-03-15T01:00:00+02:00")])).toEqual(
      at("2027-03-14T23:00:00Z"),
    );
  });

  it("lets due-on-fulfillment win over any date, even an earlier one", () => {
    expect(
      orderBalanceDue([at("2027-01-01T00:00:00Z"), { type: "ON_FULFILLMENT" }, at("2027-06-01T00:00:00Z")]),
    ).toEqual({
      type: "ON_FULFILLMENT",
    });
  });

  it("ignores lines paid in full", () => {
    expect(orderBalanceDue([{ type: "NONE" }, at(APRIL_1)])).toEqual(at(APRIL_1));
    expect(orderBalanceDue([{ type: "NONE" }, { type: "ON_FULFILLMENT" }])).toEqual({ type: "ON_FULFILLMENT" });
  });

  it("is NONE when nothing is deferred", () => {
    expect(orderBalanceDue([])).toEqual({ type: "NONE" });
    expect(orderBalanceDue([{ type: "NONE" }, { type: "NONE" }])).toEqual({ type: "NONE" });
  });

  it("combines plans of a mixed cart end to end", () => {
    const trial = planOf(trialInput([trialPlan({ trialDays: 14 })]));
    const preOrder = planOf(preOrderInput());
    expect(orderBalanceDue([planBalanceDue(trial, PLACED), planBalanceDue(preOrder, PLACED)])).toEqual(
      at("2026-12-15T09:30:00Z"),
    );
  });
});
