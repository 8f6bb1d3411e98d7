// Offer validation: every shape, every rule, merchant-language field errors, canonical output.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  balanceOf,
  daysToIsoDuration,
  defaultOfferInput,
  fulfillmentOf,
  isoDurationToDays,
  parseOffer,
  parseStoredOffer,
  type Offer,
  type OfferParseResult,
} from "~/domain/offer";
import {
  APRIL_1,
  MARCH_1,
  NOW,
  OFFER_SHAPES,
  preOrderInput,
  preOrderPlan,
  trialInput,
  trialPlan,
} from "./offer-fixtures";

function valid(result: OfferParseResult): Offer {
  if (!result.ok) throw new Error(`expected a valid offer, got ${JSON.stringify(result.fieldErrors)}`);
  return result.offer;
}

function errors(result: OfferParseResult): Record<string, string> {
  if (result.ok) throw new Error("expected field errors, the offer was accepted");
  return result.fieldErrors;
}

const parse = (input: unknown) => parseOffer(input, { now: NOW });

describe("every supported offer shape", () => {
  it.each(Object.entries(OFFER_SHAPES))("accepts %s", (_name, input) => {
    const offer = valid(parse(input));
    expect(offer.kind).toBe(input.kind);
    expect(offer.plans).toHaveLength(input.plans.length);
  });

  it.each(Object.entries(OFFER_SHAPES))(
    "is idempotent: parsing the parsed offer changes nothing (%s)",
    (_name, input) => {
      const offer = valid(parse(input));
      expect(valid(parse(offer))).toEqual(offer);
      expect(valid(parseStoredOffer(offer))).toEqual(offer);
    },
  );

  it.each(["PRE_ORDER", "TRY_BEFORE_YOU_BUY"] as const)("accepts the form defaults for %s", (kind) => {
    expect(valid(parse(defaultOfferInput(kind, "EUR"))).kind).toBe(kind);
  });

  it("accepts injected now as a luxon DateTime too", () => {
    expect(parseOffer(preOrderInput(), { now: DateTime.fromJSDate(NOW) }).ok).toBe(true);
  });
});

describe("canonical output", () => {
  it("spells money with the currency's decimals", () => {
    const offer = valid(
      parse(
        preOrderInput([
          preOrderPlan({
            deposit: { type: "FIXED_AMOUNT", amount: "10" },
            priceAdjustment: { type: "FIXED_PRICE", price: "40.5" },
          }),
        ]),
      ),
    );
    expect(offer.plans[0]!.deposit).toEqual({ type: "FIXED_AMOUNT", amount: "10.00" });
    expect(offer.plans[0]!.priceAdjustment).toEqual({ type: "FIXED_PRICE", price: "40.50" });
  });

  it("turns 0% into no deposit and 100% into payment in full", () => {
    const none = valid(parse(preOrderInput([preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: 0 } })])));
    expect(none.plans[0]!.deposit).toEqual({ type: "NONE" });
    const full = valid(
      parse(preOrderInput([preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: 100 }, balance: null })])),
    );
    expect(full.plans[0]!.deposit).toEqual({ type: "FULL" });
  });

  it("stores instants in UTC without milliseconds", () => {
    const offer = valid(
      parse(
        preOrderInput([
          preOrderPlan({
            balance: { trigger: "EXACT_DATE", chargeAt: "2027-04-01T09:00:00.000+02:00" },
            fulfillment: { trigger: "EXACT_DATE", shipsAt: "2027-03-01T00:00:00-05:00" },
          }),
        ]),
      ),
    );
    const plan = offer.plans[0]!;
    expect("balance" in plan && plan.balance).toEqual({ trigger: "EXACT_DATE", chargeAt: "2027-04-01T07:00:00Z" });
    expect("fulfillment" in plan && plan.fulfillment).toEqual({
      trigger: "EXACT_DATE",
      shipsAt: "2027-03-01T05:00:00Z",
    });
  });

  it("reads numbers typed into a form, trims text and turns empty descriptions into null", () => {
    const offer = valid(
      parse(
        trialInput([trialPlan({ trialDays: "21" as unknown as number, name: "  Try it  ", description: "" })], {
          description: "   ",
          stockRules: { presaleLimit: "10" as unknown as number, onlyWhenOutOfStock: false },
        }),
      ),
    );
    expect(offer.plans[0]).toMatchObject({ trialDays: 21, name: "Try it", description: null });
    expect(offer.description).toBeNull();
    expect(offer.stockRules.presaleLimit).toBe(10);
  });

  it("fills defaults: no pre-sale limit, no confirmation, no price adjustment", () => {
    const input = preOrderInput(
      [{ ...preOrderPlan(), confirmChargeBeforeFulfillment: undefined, priceAdjustment: undefined }],
      {
        stockRules: { onlyWhenOutOfStock: true },
      },
    );
    const offer = valid(parse(input));
    expect(offer.stockRules.presaleLimit).toBeNull();
    expect(offer.plans[0]).toMatchObject({ confirmChargeBeforeFulfillment: false, priceAdjustment: null });
  });
});

describe("deposit and balance rules (Shopify's checkout-charge combinations)", () => {
  it("refuses a balance when the customer pays in full", () => {
    expect(errors(parse(preOrderInput([preOrderPlan({ deposit: { type: "FULL" } })])))).toEqual({
      "plans.0.balance":
        "The customer pays everything at checkout, so there is no balance to charge. Remove the balance date.",
    });
    expect(
      errors(parse(preOrderInput([preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: 100 } })]))),
    ).toHaveProperty("plans.0.balance");
  });

  it.each([
    { type: "NONE" as const },
    { type: "PERCENTAGE" as const, percentage: 20 },
    { type: "FIXED_AMOUNT" as const, amount: "5.00" },
  ])("requires a balance rule for deposit %j", (deposit) => {
    expect(errors(parse(preOrderInput([preOrderPlan({ deposit, balance: null })])))).toEqual({
      "plans.0.balance": "Choose when to charge the remaining balance.",
    });
  });

  it.each([
    [101, "The deposit must be between 0% and 100%."],
    [-1, "The deposit must be between 0% and 100%."],
    [12.345, "Use at most two decimals, like 12.5 or 33.33."],
    ["abc", "The deposit must be between 0% and 100%."],
  ])("rejects a %s%% deposit", (percentage, message) => {
    const input = preOrderInput([preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: percentage as number } })]);
    expect(errors(parse(input))).toEqual({ "plans.0.deposit.percentage": message });
  });

  it("reads a percentage typed as text", () => {
    const offer = valid(
      parse(
        preOrderInput([preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: "12.5" as unknown as number } })]),
      ),
    );
    expect(offer.plans[0]!.deposit).toEqual({ type: "PERCENTAGE", percentage: 12.5 });
  });

  it.each([
    ["0", "USD", "Enter an amount above zero."],
    ["0.00", "USD", "Enter an amount above zero."],
    ["abc", "USD", "Enter an amount like 12.50."],
    ["-5", "USD", "Enter an amount like 12.50."],
    ["10.005", "USD", "USD amounts have at most 2 decimals."],
    ["10.5", "JPY", "JPY amounts have no decimals."],
    ["1.0005", "KWD", "KWD amounts have at most 3 decimals."],
  ])("rejects a fixed deposit of %s %s", (amount, currencyCode, message) => {
    const input = preOrderInput([preOrderPlan({ deposit: { type: "FIXED_AMOUNT", amount } })], { currencyCode });
    expect(errors(parse(input))).toEqual({ "plans.0.deposit.amount": message });
  });

  it("rejects a money amount sent as a number", () => {
    const input = preOrderInput([preOrderPlan({ deposit: { type: "FIXED_AMOUNT", amount: 10 as unknown as string } })]);
    expect(errors(parse(input))).toEqual({ "plans.0.deposit.amount": "Enter an amount like 12.50." });
  });

  it("rejects an unknown deposit type in plain words", () => {
    const input = preOrderInput([preOrderPlan({ deposit: { type: "HALF" } as never })]);
    expect(errors(parse(input))).toEqual({ "plans.0.deposit.type": "Choose how much the customer pays at checkout." });
  });

  it.each([0, 366, 1.5])("rejects a balance %s days after checkout", (days) => {
    const input = preOrderInput([
      preOrderPlan({ balance: { trigger: "DAYS_AFTER_CHECKOUT", days }, fulfillment: { trigger: "ASAP" } }),
    ]);
    expect(errors(parse(input))).toEqual({
      "plans.0.balance.days": "Charge the balance 1 to 365 days after checkout.",
    });
  });

  it("rejects a deposit above the offer's fixed price", () => {
    const input = preOrderInput([
      preOrderPlan({
        deposit: { type: "FIXED_AMOUNT", amount: "50.00" },
        priceAdjustment: { type: "FIXED_PRICE", price: "40.00" },
      }),
    ]);
    expect(errors(parse(input))).toEqual({
      "plans.0.deposit.amount": "The deposit can't be more than the offer price.",
    });
  });
});

describe("dates", () => {
  it("requires future dates when creating or editing", () => {
    const input = preOrderInput([
      preOrderPlan({
        balance: { trigger: "EXACT_DATE", chargeAt: "2026-11-24T12:00:00Z" },
        fulfillment: { trigger: "EXACT_DATE", shipsAt: "2026-01-01T00:00:00Z" },
      }),
    ]);
    expect(errors(parse(input))).toEqual({
      "plans.0.balance.chargeAt": "The balance date must be in the future.",
      "plans.0.fulfillment.shipsAt": "The ship date must be in the future.",
    });
    // Reading back a past offer is fine: it was valid when it was saved.
    expect(parseStoredOffer(input).ok).toBe(true);
  });

  it("refuses a balance date before the ship date unless the merchant confirms", () => {
    const plan = preOrderPlan({ balance: { trigger: "EXACT_DATE", chargeAt: "2027-02-01T00:00:00Z" } });
    expect(errors(parse(preOrderInput([plan])))).toEqual({
      "plans.0.balance.chargeAt":
        "The balance would be charged before the item ships (2027-03-01). Pick a later date, or confirm that you want to charge before fulfillment.",
    });
    expect(parse(preOrderInput([{ ...plan, confirmChargeBeforeFulfillment: true }])).ok).toBe(true);
    // The same day as shipping is not "before".
    expect(parse(preOrderInput([preOrderPlan({ balance: { trigger: "EXACT_DATE", chargeAt: MARCH_1 } })])).ok).toBe(
      true,
    );
  });

  it("refuses N days after checkout that lands before the ship date for today's orders, unless confirmed", () => {
    const early = preOrderPlan({ balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 30 } });
    expect(errors(parse(preOrderInput([early])))).toEqual({
      "plans.0.balance.days":
        "Orders placed today would be charged before the item ships (2027-03-01). Charge later, charge on fulfillment, or confirm that you want to charge before fulfillment.",
    });
    expect(parse(preOrderInput([{ ...early, confirmChargeBeforeFulfillment: true }])).ok).toBe(true);
    expect(parse(preOrderInput([preOrderPlan({ balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 120 } })])).ok).toBe(
      true,
    );
    // Without `now` (stored offers) there is no "today" to compare with.
    expect(parseStoredOffer(preOrderInput([early])).ok).toBe(true);
  });

  it("does not compare dates when either side has no exact date", () => {
    expect(
      parse(
        preOrderInput([
          preOrderPlan({ fulfillment: { trigger: "UNKNOWN" }, balance: { trigger: "EXACT_DATE", chargeAt: MARCH_1 } }),
        ]),
      ).ok,
    ).toBe(true);
    expect(parse(preOrderInput([preOrderPlan({ balance: { trigger: "ON_FULFILLMENT" } })])).ok).toBe(true);
  });

  it.each(["2027-03-01", "2027-03-01T00:00:00", "next tuesday", "2027-02-30T00:00:00Z"])(
    "rejects the date %j",
    (shipsAt) => {
      const input = preOrderInput([
        preOrderPlan({ fulfillment: { trigger: "EXACT_DATE", shipsAt }, balance: { trigger: "ON_FULFILLMENT" } }),
      ]);
      expect(errors(parse(input))).toEqual({ "plans.0.fulfillment.shipsAt": "Pick a valid date." });
    },
  );
});

describe("try before you buy", () => {
  it.each([0, 91, 14.5])("rejects a %s-day trial", (trialDays) => {
    expect(errors(parse(trialInput([trialPlan({ trialDays })])))).toEqual({
      "plans.0.trialDays": "The trial must last 1 to 90 days.",
    });
  });

  it("accepts 1 and 90 days", () => {
    expect(parse(trialInput([trialPlan({ trialDays: 1 })])).ok).toBe(true);
    expect(parse(trialInput([trialPlan({ trialDays: 90 })])).ok).toBe(true);
  });

  it.each([{ type: "FULL" as const }, { type: "PERCENTAGE" as const, percentage: 100 }])(
    "refuses payment in full (%j)",
    (deposit) => {
      expect(errors(parse(trialInput([trialPlan({ deposit })])))).toEqual({
        "plans.0.deposit":
          "A trial can't be paid in full at checkout. Choose no deposit, a percentage below 100%, or an amount.",
      });
    },
  );

  it("has a trial instead of balance and delivery settings", () => {
    const offer = valid(parse(trialInput()));
    const plan = offer.plans[0]!;
    expect(balanceOf(plan)).toEqual({ trigger: "DAYS_AFTER_CHECKOUT", days: 14 });
    expect(fulfillmentOf(plan)).toEqual({ trigger: "ASAP" });
    expect(plan).not.toHaveProperty("balance");
  });
});

describe("price adjustment", () => {
  it.each([
    [
      { type: "PERCENTAGE_OFF", percentage: 0 },
      "plans.0.priceAdjustment.percentage",
      "The discount must be more than 0% and at most 100%.",
    ],
    [
      { type: "PERCENTAGE_OFF", percentage: 120 },
      "plans.0.priceAdjustment.percentage",
      "The discount must be more than 0% and at most 100%.",
    ],
    [{ type: "AMOUNT_OFF", amount: "0" }, "plans.0.priceAdjustment.amount", "Enter an amount above zero."],
    [{ type: "FIXED_PRICE", price: "x" }, "plans.0.priceAdjustment.price", "Enter an amount like 12.50."],
    [{ type: "MARKUP" }, "plans.0.priceAdjustment.type", "Choose a discount type."],
  ])("rejects %j", (priceAdjustment, path, message) => {
    expect(errors(parse(preOrderInput([preOrderPlan({ priceAdjustment: priceAdjustment as never })])))).toEqual({
      [path]: message,
    });
  });

  it("allows a fixed price of zero (a free pre-order)", () => {
    const input = preOrderInput([
      preOrderPlan({ deposit: { type: "FULL" }, balance: null, priceAdjustment: { type: "FIXED_PRICE", price: "0" } }),
    ]);
    expect(valid(parse(input)).plans[0]!.priceAdjustment).toEqual({ type: "FIXED_PRICE", price: "0.00" });
  });
});

describe("retry policy and stock rules", () => {
  const withRetry = (retryPolicy: unknown) => preOrderInput(undefined, { retryPolicy: retryPolicy as never });

  it.each([0, 11])("rejects %i attempts", (maxAttempts) => {
    expect(
      errors(parse(withRetry({ maxAttempts, interval: { value: 1, unit: "DAYS" }, finalAction: "SEND_INVOICE" }))),
    ).toEqual({
      "retryPolicy.maxAttempts": "Try the charge 1 to 10 times.",
    });
  });

  it("limits spacing per unit", () => {
    expect(
      errors(
        parse(withRetry({ maxAttempts: 3, interval: { value: 169, unit: "HOURS" }, finalAction: "SEND_INVOICE" })),
      ),
    ).toEqual({
      "retryPolicy.interval.value": "Wait 1 to 168 hours between attempts.",
    });
    expect(
      errors(parse(withRetry({ maxAttempts: 3, interval: { value: 31, unit: "DAYS" }, finalAction: "SEND_INVOICE" }))),
    ).toEqual({
      "retryPolicy.interval.value": "Wait 1 to 30 days between attempts.",
    });
    expect(
      parse(withRetry({ maxAttempts: 10, interval: { value: 168, unit: "HOURS" }, finalAction: "CANCEL_AND_RESTOCK" }))
        .ok,
    ).toBe(true);
  });

  it("names the final action choices", () => {
    expect(
      errors(parse(withRetry({ maxAttempts: 3, interval: { value: 1, unit: "WEEKS" }, finalAction: "REFUND" }))),
    ).toEqual({
      "retryPolicy.interval.unit": "Choose hours or days.",
      "retryPolicy.finalAction": "Choose what happens when every attempt fails.",
    });
  });

  it("rejects a pre-sale limit below one", () => {
    expect(
      errors(parse(preOrderInput(undefined, { stockRules: { presaleLimit: 0, onlyWhenOutOfStock: false } }))),
    ).toEqual({
      "stockRules.presaleLimit": "The pre-sale limit must be a whole number of at least 1.",
    });
  });
});

describe("names, options and plan lists", () => {
  it("requires the names merchants and customers see", () => {
    expect(
      errors(parse(preOrderInput([preOrderPlan({ name: "  " })], { name: "", merchantCode: "x".repeat(256) }))),
    ).toEqual({
      name: "Enter a name customers see.",
      merchantCode: "Keep an internal name under 256 characters.",
      "plans.0.name": "Enter the option name customers see.",
    });
  });

  it("keeps plan keys, names and option values unique within an offer", () => {
    const input = preOrderInput([
      preOrderPlan(),
      preOrderPlan({ name: "PRE-ORDER WITH DEPOSIT", optionValues: ["pay 25% now"] }),
    ]);
    expect(errors(parse(input))).toEqual({
      "plans.1.key": "Two purchase options share this key.",
      "plans.1.name": "Another purchase option already has this name.",
      "plans.1.optionValues": "Another purchase option already uses these option values.",
    });
  });

  it("needs one option value per option label", () => {
    const input = preOrderInput([preOrderPlan({ optionValues: ["Pay 25% now", "Ships in March"] })]);
    expect(errors(parse(input))).toEqual({ "plans.0.optionValues": "Give one value for each option label (1)." });
    const twoLabels = preOrderInput([preOrderPlan({ optionValues: ["Pay 25% now", "Ships in March"] })], {
      optionLabels: ["Payment", "Shipping"],
    });
    expect(parse(twoLabels).ok).toBe(true);
  });

  it("rejects bad plan keys", () => {
    expect(errors(parse(preOrderInput([preOrderPlan({ key: "Deposit Plan" })])))).toEqual({
      "plans.0.key": "Use lowercase letters, digits and dashes for the key.",
    });
  });

  it("needs 1 to 31 purchase options", () => {
    expect(errors(parse(preOrderInput([])))).toEqual({ plans: "Add at least one purchase option." });
    const many = Array.from({ length: 32 }, (_, i) =>
      preOrderPlan({ key: `p${i}`, name: `Plan ${i}`, optionValues: [`Option ${i}`] }),
    );
    expect(errors(parse(preOrderInput(many)))).toEqual({ plans: "Use at most 31 purchase options." });
    expect(parse(preOrderInput(many.slice(0, 31))).ok).toBe(true);
  });

  it("explains missing or unknown top-level fields", () => {
    expect(errors(parse({}))).toEqual({ kind: "Choose pre-order or try before you buy." });
    expect(errors(parse(null))).toEqual({ offer: "Choose pre-order or try before you buy." });
    const { retryPolicy: _omitted, ...withoutRetry } = preOrderInput();
    expect(errors(parse(withoutRetry))).toEqual({ retryPolicy: "This field is required." });
    expect(errors(parse(preOrderInput(undefined, { currencyCode: "XXX" })))).toEqual({
      currencyCode: "This currency is not supported.",
    });
    expect(errors(parse(preOrderInput(undefined, { retryPolicy: "often" as never })))).toEqual({
      retryPolicy: "This value has the wrong type.",
    });
  });
});

describe("durations", () => {
  it("writes days as ISO 8601", () => {
    expect(daysToIsoDuration(14)).toBe("P14D");
    expect(daysToIsoDuration(1)).toBe("P1D");
  });

  it.each([
    ["P14D", 14],
    ["P2W", 14],
    ["P1W3D", 10],
    ["P0D", 0],
    ["P1M", null],
    ["PT36H", null],
    ["PT48H", null],
    ["P1DT1H", null],
    ["nonsense", null],
  ])("reads %s as %s whole days", (iso, days) => {
    expect(isoDurationToDays(iso)).toBe(days);
  });
});

// Sanity: fixtures use dates that make APRIL_1 a valid balance date after MARCH_1 shipping.
it("fixture dates are in the future of NOW", () => {
  expect(new Date(MARCH_1) > NOW && new Date(APRIL_1) > new Date(MARCH_1)).toBe(true);
});
