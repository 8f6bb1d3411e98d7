// The live preview: the customer's wording for each purchase option as the merchant types, one unfinished option never hiding the others.
import { describe, expect, it } from "vitest";
import { inputFromFormState, newOfferFormState, updatePlan, addPlan } from "~/components/offers/form-state";
import { previewOffer } from "~/components/offers/preview";
import { NOW } from "../domain/offer-fixtures";

const GB = { locale: "en-GB", timeZone: "America/New_York" };

describe("previewOffer", () => {
  it("shows the summary, button and ship date the customer will see, dates in the shop's zone", () => {
    const state = updatePlan(newOfferFormState("PRE_ORDER", "USD", GB.timeZone), 0, {
      deposit: "PERCENTAGE",
      depositPercentage: "25",
      balance: "EXACT_DATE",
      balanceDate: "2027-03-01",
      fulfillment: "EXACT_DATE",
      shipDate: "2027-02-15",
      priceAdjustment: "PERCENTAGE_OFF",
      priceAdjustmentPercentage: "10",
    });
    const preview = previewOffer(inputFromFormState({ ...state, presaleLimit: "50" }, GB.timeZone, NOW), GB);
    expect(preview).toEqual({
      name: "Pre-order",
      optionLabels: ["Purchase option"],
      presaleLimit: "Limited to 50 pre-orders",
      plans: [
        {
          ready: true,
          key: "pre-order",
          name: "Pre-order",
          description: null,
          optionValues: ["Pre-order"],
          summary: "Pay 25% now, the rest on 1 March 2027",
          button: "Pre-order",
          shipping: "Ships by 15 February 2027",
          priceAdjustment: "Save 10%",
        },
      ],
    });
  });

  it("previews trials with their button and in French", () => {
    const state = newOfferFormState("TRY_BEFORE_YOU_BUY", "EUR", "Europe/Paris");
    const input = inputFromFormState(state, "Europe/Paris", NOW);
    const [plan] = previewOffer(input, { locale: "en-GB", timeZone: "Europe/Paris" }).plans;
    expect(plan).toMatchObject({
      summary: "Pay nothing now, charged 14 days after checkout if you keep it",
      button: "Try free for 14 days",
      shipping: "Ships as soon as possible",
    });
    const [french] = previewOffer(input, { locale: "fr-FR", timeZone: "Europe/Paris" }).plans;
    expect(french).toMatchObject({ button: "Essai gratuit de 14 jours" });
  });

  it("explains what to finish for an incomplete option, and still previews the complete ones", () => {
    let state = addPlan(newOfferFormState("PRE_ORDER", "USD", "UTC"));
    state = updatePlan(state, 1, { deposit: "PERCENTAGE", depositPercentage: "150", balance: "ON_FULFILLMENT" });
    const preview = previewOffer(inputFromFormState({ ...state, name: "" }, "UTC", NOW), GB);
    expect(preview.name).toBe("");
    expect(preview.plans[0]).toMatchObject({ ready: true, summary: "Pay in full now" });
    expect(preview.plans[1]).toEqual({
      ready: false,
      key: "option-2",
      reason: "The deposit must be between 0% and 100%.",
    });
  });

  it("previews a balance date that is already past (the merchant learns that on save)", () => {
    const state = updatePlan(newOfferFormState("PRE_ORDER", "USD", GB.timeZone), 0, {
      deposit: "NONE",
      balance: "EXACT_DATE",
      balanceDate: "2020-01-01",
    });
    expect(previewOffer(inputFromFormState(state, GB.timeZone, NOW), GB).plans[0]).toMatchObject({
      summary: "Pay nothing now, the full amount on 1 January 2020",
    });
  });
});
