// The offer form's state <-> OfferInput: lossless for every offer shape, shop-zone dates, confirmations, list edits and error placement.
import { describe, expect, it } from "vitest";
import { parseOffer, type Offer } from "~/domain/offer";
import {
  addOptionLabel,
  addPlan,
  bannerErrors,
  chargesBeforeShipping,
  formStateFromInput,
  inputFromFormState,
  newOfferFormState,
  removeOptionLabel,
  removePlan,
  shiftPlanErrors,
  updatePlan,
  type OfferFormState,
} from "~/components/offers/form-state";
import { NOW, OFFER_SHAPES, preOrderInput, preOrderPlan, trialInput } from "../domain/offer-fixtures";

function valid(input: unknown): Offer {
  const result = parseOffer(input, { now: NOW });
  if (!result.ok) throw new Error(`expected a valid offer, got ${JSON.stringify(result.fieldErrors)}`);
  return result.offer;
}

function errorsOf(input: unknown): Record<string, string> {
  const result = parseOffer(input, { now: NOW });
  if (result.ok) throw new Error("expected field errors");
  return result.fieldErrors;
}

const roundTrip = (offer: Offer, zone: string) => inputFromFormState(formStateFromInput(offer, zone), zone, NOW);

describe("form state <-> OfferInput", () => {
  it.each(Object.entries(OFFER_SHAPES))("loses nothing for %s", (_name, input) => {
    const offer = valid(input);
    expect(valid(roundTrip(offer, "UTC"))).toEqual(offer);
  });

  it.each(["PRE_ORDER", "TRY_BEFORE_YOU_BUY"] as const)("starts a new %s offer from valid defaults", (kind) => {
    const state = newOfferFormState(kind, "EUR", "Europe/Paris");
    expect(valid(inputFromFormState(state, "Europe/Paris", NOW))).toMatchObject({ kind, currencyCode: "EUR" });
  });

  it("shows stored instants as shop-local days and sends them back as the start of that day", () => {
    const zone = "America/New_York";
    const offer = valid(
      preOrderInput([
        preOrderPlan({
          balance: { trigger: "EXACT_DATE", chargeAt: "2027-04-01T04:00:00Z" },
          fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-03-01T05:00:00Z" },
        }),
      ]),
    );
    const state = formStateFromInput(offer, zone);
    expect(state.plans[0]).toMatchObject({ balanceDate: "2027-04-01", shipDate: "2027-03-01" });
    expect(valid(inputFromFormState(state, zone, NOW))).toEqual(offer);
  });

  it("turns a picked day into the start of that day in a non-UTC shop zone", () => {
    const state = newOfferFormState("PRE_ORDER", "JPY", "Asia/Tokyo");
    const edited = updatePlan(state, 0, {
      deposit: "PERCENTAGE",
      depositPercentage: "25",
      balance: "EXACT_DATE",
      balanceDate: "2027-03-01",
    });
    const offer = valid(inputFromFormState(edited, "Asia/Tokyo", NOW));
    expect(offer.kind === "PRE_ORDER" && offer.plans[0]!.balance).toEqual({
      trigger: "EXACT_DATE",
      chargeAt: "2027-02-28T15:00:00Z",
    });
    expect(offer.plans[0]!.deposit).toEqual({ type: "PERCENTAGE", percentage: 25 });
  });

  it("keeps what the merchant typed for a choice they switched away from", () => {
    let state = newOfferFormState("PRE_ORDER", "USD", "UTC");
    state = updatePlan(state, 0, { deposit: "PERCENTAGE", depositPercentage: "30" });
    state = updatePlan(state, 0, { deposit: "FIXED_AMOUNT", depositAmount: "12.5" });
    state = updatePlan(state, 0, { deposit: "PERCENTAGE" });
    expect(state.plans[0]!.depositPercentage).toBe("30");
    const input = inputFromFormState(state, "UTC", NOW);
    expect(input.plans[0]!.deposit).toEqual({ type: "PERCENTAGE", percentage: "30" });
  });

  it("sends no balance while the deposit is the full price, and text exactly as typed otherwise", () => {
    let state = newOfferFormState("PRE_ORDER", "USD", "UTC");
    state = updatePlan(state, 0, { balance: "DAYS_AFTER_CHECKOUT", balanceDays: " 30 " });
    expect(inputFromFormState(state, "UTC", NOW).plans[0]).toMatchObject({ deposit: { type: "FULL" }, balance: null });
    state = updatePlan(state, 0, { deposit: "NONE" });
    expect(inputFromFormState(state, "UTC", NOW).plans[0]).toMatchObject({
      balance: { trigger: "DAYS_AFTER_CHECKOUT", days: "30" },
    });
  });

  it("lets the schema word an invalid or missing date on the date's own field", () => {
    const state = updatePlan(newOfferFormState("PRE_ORDER", "USD", "UTC"), 0, {
      deposit: "PERCENTAGE",
      depositPercentage: "25",
      balance: "EXACT_DATE",
      balanceDate: "",
      fulfillment: "EXACT_DATE",
      shipDate: "2027-02-30",
    });
    const errors = errorsOf(inputFromFormState(state, "UTC", NOW));
    expect(Object.keys(errors).sort()).toEqual(["plans.0.balance.chargeAt", "plans.0.fulfillment.shipsAt"]);
  });

  it("reports a 150% deposit on the percentage field", () => {
    const state = updatePlan(newOfferFormState("PRE_ORDER", "USD", "UTC"), 0, {
      deposit: "PERCENTAGE",
      depositPercentage: "150",
      balance: "ON_FULFILLMENT",
    });
    expect(errorsOf(inputFromFormState(state, "UTC", NOW))).toEqual({
      "plans.0.deposit.percentage": "The deposit must be between 0% and 100%.",
    });
  });

  it("maps every offer-level setting", () => {
    const state: OfferFormState = {
      ...newOfferFormState("TRY_BEFORE_YOU_BUY", "USD", "UTC"),
      description: "  ",
      retryMaxAttempts: "5",
      retryIntervalValue: "12",
      retryIntervalUnit: "HOURS",
      finalAction: "CANCEL_AND_RESTOCK",
      presaleLimit: "40",
      onlyWhenOutOfStock: true,
    };
    const offer = valid(inputFromFormState(state, "UTC", NOW));
    expect(offer).toMatchObject({
      description: null,
      retryPolicy: { maxAttempts: 5, interval: { value: 12, unit: "HOURS" }, finalAction: "CANCEL_AND_RESTOCK" },
      stockRules: { presaleLimit: 40, onlyWhenOutOfStock: true },
    });
    expect(valid(inputFromFormState({ ...state, presaleLimit: "" }, "UTC", NOW)).stockRules.presaleLimit).toBeNull();
  });
});

describe("charging before shipping", () => {
  const base = updatePlan(newOfferFormState("PRE_ORDER", "USD", "UTC"), 0, {
    deposit: "PERCENTAGE",
    depositPercentage: "25",
    fulfillment: "EXACT_DATE",
    shipDate: "2027-03-01",
    balance: "EXACT_DATE",
    balanceDate: "2027-02-01",
  });

  it("is detected for a balance date before the ship date, and for N days after checkout", () => {
    expect(chargesBeforeShipping(base.plans[0]!, "UTC", NOW)).toBe(true);
    expect(chargesBeforeShipping({ ...base.plans[0]!, balanceDate: "2027-03-01" }, "UTC", NOW)).toBe(false);
    const days = { ...base.plans[0]!, balance: "DAYS_AFTER_CHECKOUT" as const, balanceDays: "30" };
    expect(chargesBeforeShipping(days, "UTC", NOW)).toBe(true);
    expect(chargesBeforeShipping({ ...days, balanceDays: "120" }, "UTC", NOW)).toBe(false);
    expect(chargesBeforeShipping({ ...base.plans[0]!, deposit: "FULL" }, "UTC", NOW)).toBe(false);
    expect(chargesBeforeShipping({ ...base.plans[0]!, fulfillment: "ASAP" }, "UTC", NOW)).toBe(false);
  });

  it("needs the merchant's confirmation, which is sent only while it applies", () => {
    expect(errorsOf(inputFromFormState(base, "UTC", NOW))).toHaveProperty(["plans.0.balance.chargeAt"]);
    const confirmed = updatePlan(base, 0, { confirmChargeBeforeFulfillment: true });
    const offer = valid(inputFromFormState(confirmed, "UTC", NOW));
    expect(offer.kind === "PRE_ORDER" && offer.plans[0]!.confirmChargeBeforeFulfillment).toBe(true);
    // Moving the balance after the ship date makes the old tick meaningless: it is not sent.
    const later = updatePlan(confirmed, 0, { balanceDate: "2027-04-01" });
    const after = valid(inputFromFormState(later, "UTC", NOW));
    expect(after.kind === "PRE_ORDER" && after.plans[0]!.confirmChargeBeforeFulfillment).toBe(false);
  });
});

describe("adding and removing options and labels", () => {
  it("adds purchase options the offer accepts as they are, with keys never reused", () => {
    let state = newOfferFormState("PRE_ORDER", "USD", "UTC");
    state = addPlan(addPlan(state));
    expect(state.plans.map((plan) => plan.key)).toEqual(["pre-order", "option-2", "option-3"]);
    valid(inputFromFormState(state, "UTC", NOW));
    state = addPlan(removePlan(state, 1));
    expect(state.plans.map((plan) => plan.key)).toEqual(["pre-order", "option-3", "option-4"]);
    valid(inputFromFormState(state, "UTC", NOW));
  });

  it("adds a trial option for a trial offer", () => {
    const state = addPlan(formStateFromInput(trialInput(), "UTC"));
    expect(state.plans[1]).toMatchObject({ key: "option-2", trialDays: "14", deposit: "NONE" });
    valid(inputFromFormState(state, "UTC", NOW));
  });

  it("adds and removes an option label together with each option's value for it", () => {
    let state = addPlan(newOfferFormState("PRE_ORDER", "USD", "UTC"));
    state = addOptionLabel(state);
    expect(state.optionLabels).toEqual(["Purchase option", ""]);
    expect(state.plans.map((plan) => plan.optionValues.length)).toEqual([2, 2]);
    state = removeOptionLabel(state, 0);
    expect(state.optionLabels).toEqual([""]);
    expect(state.plans.map((plan) => plan.optionValues)).toEqual([[""], [""]]);
    expect(removeOptionLabel(state, 0)).toBe(state);
    expect(addOptionLabel(addOptionLabel(addOptionLabel(state))).optionLabels).toHaveLength(3);
  });
});

describe("error placement", () => {
  const state = addPlan(newOfferFormState("PRE_ORDER", "USD", "UTC"));

  it("puts offer-level messages and messages about hidden fields in the banner, naming the option", () => {
    const errors = {
      offer: "Something about the whole offer.",
      "plans.0.deposit.percentage": "On the field.",
      "plans.1.key": "Two purchase options share this key.",
      // The balance field is hidden while the deposit is the full price.
      "plans.1.balance": "Remove the balance date.",
      currencyCode: "This currency is not supported.",
      name: "Enter a name customers see.",
    };
    expect(bannerErrors(state, errors)).toEqual([
      "Something about the whole offer.",
      "Purchase option 1: On the field.",
      "Purchase option 2: Two purchase options share this key.",
      "Purchase option 2: Remove the balance date.",
      "This currency is not supported.",
    ]);
    const withPercentage = updatePlan(state, 0, { deposit: "PERCENTAGE" });
    expect(bannerErrors(withPercentage, errors)).not.toContain("Purchase option 1: On the field.");
  });

  it("moves errors up when an option above them is removed", () => {
    expect(
      shiftPlanErrors(
        { name: "a", "plans.0.name": "b", "plans.1.deposit.percentage": "c", "plans.2": "d", "plans.12.name": "e" },
        1,
      ),
    ).toEqual({ name: "a", "plans.0.name": "b", "plans.1": "d", "plans.11.name": "e" });
  });
});

describe("dates stored with a time of day", () => {
  const zone = "Europe/Paris";
  const offer = valid(
    preOrderInput([
      preOrderPlan({
        balance: { trigger: "EXACT_DATE", chargeAt: "2027-04-01T07:30:00Z" },
        fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-03-01T08:00:00Z" },
      }),
    ]),
  );

  it("keeps the stored instant while the merchant leaves the day as it was", () => {
    expect(valid(roundTrip(offer, zone))).toEqual(offer);
  });

  it("uses the start of the new day once the merchant picks another", () => {
    const state = updatePlan(formStateFromInput(offer, zone), 0, { balanceDate: "2027-04-02" });
    const edited = valid(inputFromFormState(state, zone, NOW));
    expect(edited.kind === "PRE_ORDER" && edited.plans[0]!.balance).toEqual({
      trigger: "EXACT_DATE",
      chargeAt: "2027-04-01T22:00:00Z",
    });
    expect(edited.kind === "PRE_ORDER" && edited.plans[0]!.fulfillment).toEqual({
      trigger: "EXACT_DATE",
      shipsAt: "2027-03-01T08:00:00Z",
    });
  });
});

describe("a trial's generated names follow its settings", () => {
  it("renames the default option name and value when the trial's length or deposit changes", () => {
    let state = newOfferFormState("TRY_BEFORE_YOU_BUY", "USD", "UTC");
    expect(state.plans[0]).toMatchObject({ name: "Try free for 14 days", optionValues: ["Try free for 14 days"] });
    state = updatePlan(state, 0, { trialDays: "21" });
    expect(state.plans[0]).toMatchObject({ name: "Try free for 21 days", optionValues: ["Try free for 21 days"] });
    state = updatePlan(state, 0, { deposit: "PERCENTAGE", depositPercentage: "10" });
    expect(state.plans[0]).toMatchObject({ name: "Try for 21 days", optionValues: ["Try for 21 days"] });
    // While the length is being typed it is no number: the names wait for one.
    state = updatePlan(state, 0, { trialDays: "" });
    expect(state.plans[0]!.name).toBe("Try for 21 days");
    state = updatePlan(state, 0, { trialDays: "1" });
    expect(state.plans[0]).toMatchObject({ name: "Try for 1 day", optionValues: ["Try for 1 day"] });
  });

  it("keeps a name or value the merchant wrote", () => {
    let state = newOfferFormState("TRY_BEFORE_YOU_BUY", "USD", "UTC");
    state = updatePlan(state, 0, { name: "Home trial" });
    state = updatePlan(state, 0, { trialDays: "30" });
    expect(state.plans[0]).toMatchObject({ name: "Home trial", optionValues: ["Try free for 30 days"] });
  });
});
