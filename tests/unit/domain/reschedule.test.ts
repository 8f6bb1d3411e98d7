// Planning a due date move: the day is read in the shop's time zone, the time of day is kept, and charging sooner
// than agreed needs the merchant's confirmation.
import { describe, expect, it } from "vitest";
import { planReschedule, type ReschedulableOrder } from "~/domain/reschedule";

const NOW = new Date("2026-11-24T12:00:00Z");
const open: ReschedulableOrder = {
  status: "OPEN",
  dueAt: new Date("2027-02-01T15:00:00Z"), // 10:00 in New York, 00:00 next day in Tokyo
  dueOnFulfillment: false,
  paymentTermsId: "gid://shopify/PaymentTerms/1",
};
const plan = (order: ReschedulableOrder, form: Record<string, unknown>, timeZone = "America/New_York") =>
  planReschedule(order, form, { now: NOW, timeZone });

describe("planReschedule", () => {
  it("keeps the local time of day across a daylight saving change", () => {
    expect(plan(open, { dueDate: "2027-03-15" })).toEqual({
      ok: true,
      dueAt: new Date("2027-03-15T14:00:00Z"),
      earlier: false,
      needsConfirmation: false,
      reason: null,
    });
  });

  it("reads the chosen day in the shop's time zone, not the server's", () => {
    // In Tokyo the current due date is 2 February 00:00; moving it to 1 February is earlier.
    const result = plan(open, { dueDate: "2027-02-01" }, "Asia/Tokyo");
    expect(result).toMatchObject({ ok: true, dueAt: new Date("2027-01-31T15:00:00Z"), earlier: true });
    expect(plan(open, { dueDate: "2027-02-02" }, "Asia/Tokyo")).toMatchObject({
      ok: false,
      fieldErrors: { dueDate: "The balance is already due on this date" },
    });
  });

  it("asks for confirmation before an earlier date, and takes the confirmation and the note", () => {
    expect(plan(open, { dueDate: "2027-01-05" })).toMatchObject({ ok: true, earlier: true, needsConfirmation: true });
    expect(plan(open, { dueDate: "2027-01-05", confirmEarlier: "on", reason: "  Stock arrived  " })).toMatchObject({
      ok: true,
      earlier: true,
      needsConfirmation: false,
      reason: "Stock arrived",
    });
  });

  it("treats a fixed date for a balance due on fulfilment as sooner than agreed, at 09:00 local time", () => {
    const onFulfilment = { ...open, dueAt: null, dueOnFulfillment: true };
    expect(plan(onFulfilment, { dueDate: "2026-12-10" })).toEqual({
      ok: true,
      dueAt: new Date("2026-12-10T14:00:00Z"),
      earlier: true,
      needsConfirmation: true,
      reason: null,
    });
  });

  it.each([
    [{ status: "PAID" as const }, "The balance is already paid: there is no due date to move."],
    [{ status: "CANCELLED" as const }, "The order is cancelled: it will not be charged."],
    [{ status: "TERMS_REMOVED" as const, paymentTermsId: null }, "The order no longer has payment terms in Shopify."],
  ])("refuses an order that will not be charged (%o)", (change, message) => {
    expect(plan({ ...open, ...change }, { dueDate: "2027-03-01" })).toEqual({
      ok: false,
      fieldErrors: { dueDate: message },
    });
  });

  it("refuses today, the past, far-off and malformed dates, and an overlong note", () => {
    const errorOf = (form: Record<string, unknown>) => {
      const result = plan(open, form);
      return result.ok ? null : result.fieldErrors;
    };
    expect(errorOf({ dueDate: "2026-11-24", confirmEarlier: "on" })).toEqual({ dueDate: "Choose a date after today" });
    expect(errorOf({ dueDate: "2026-01-01", confirmEarlier: "on" })).toEqual({ dueDate: "Choose a date after today" });
    expect(errorOf({ dueDate: "2028-11-25" })).toEqual({ dueDate: "Choose a date within two years" });
    expect(errorOf({ dueDate: "2027-13-01" })).toEqual({ dueDate: "This date does not exist" });
    expect(errorOf({ dueDate: "tomorrow" })).toEqual({ dueDate: "Enter the date as YYYY-MM-DD" });
    expect(errorOf({ dueDate: "2027-03-01", reason: "x".repeat(501) })).toEqual({
      reason: "Keep the note under 500 characters",
    });
  });
});

describe("a due date before the order ships", () => {
  const shipping = { ...open, shipsAt: new Date("2027-03-01T15:00:00Z") };

  it("asks before a date that charges before the ship date, later or not, and names the ship date", () => {
    expect(plan(shipping, { dueDate: "2027-02-15" })).toEqual({
      ok: true,
      dueAt: new Date("2027-02-15T15:00:00Z"),
      earlier: false,
      needsConfirmation: true,
      reason: null,
      shipsAt: new Date("2027-03-01T15:00:00Z"),
    });
    expect(plan(shipping, { dueDate: "2027-02-15", confirmEarlier: "on" })).toMatchObject({
      needsConfirmation: false,
    });
    expect(plan(shipping, { dueDate: "2027-03-02" })).toEqual({
      ok: true,
      dueAt: new Date("2027-03-02T15:00:00Z"),
      earlier: false,
      needsConfirmation: false,
      reason: null,
    });
  });

  it("takes the latest exact ship date of the plans the order's lines were bought on", async () => {
    const { latestShipDate } = await import("~/domain/reschedule");
    const { defaultOfferInput } = await import("~/domain/offer");
    const input = defaultOfferInput("PRE_ORDER", "USD");
    if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
    const settings = (shipsAt: string | null) => ({
      ...input,
      plans: [
        {
          ...input.plans[0],
          fulfillment: shipsAt ? { trigger: "EXACT_DATE", shipsAt } : { trigger: "UNKNOWN" },
        },
      ],
    });
    const offers = [
      { id: "a", settings: settings("2027-03-01T15:00:00Z"), sellingPlanIds: { "pre-order": "plan-a" } },
      { id: "b", settings: settings("2027-04-01T15:00:00Z"), sellingPlanIds: { "pre-order": "plan-b" } },
      { id: "c", settings: settings(null), sellingPlanIds: { "pre-order": "plan-c" } },
    ];
    const line = (offerId: string | null, sellingPlanId: string | null) => ({ offerId, sellingPlanId });
    expect(latestShipDate([line("a", "plan-a"), line("b", "plan-b")], offers)).toEqual(
      new Date("2027-04-01T15:00:00Z"),
    );
    expect(latestShipDate([line("c", "plan-c"), line(null, null)], offers)).toBeNull();
  });
});
