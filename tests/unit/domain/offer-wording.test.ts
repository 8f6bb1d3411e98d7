// Wording derived from offers: summaries, buttons, ship dates, locales, and the storefront metafield document.
import { describe, expect, it } from "vitest";
import { parseOffer, type Offer, type OfferInput } from "~/domain/offer";
import {
  WORDING_EN,
  WORDING_FR,
  WORDING_KEYS,
  buttonLabel,
  offerSummary,
  planSummary,
  priceAdjustmentWording,
  renderWording,
  shipDateText,
  storefrontPayload,
} from "~/domain/offer-wording";
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

const GB = { locale: "en-GB", timeZone: "UTC" };

function offerOf(input: OfferInput): Offer {
  const result = parseOffer(input, { now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.offer;
}

function onlyPlan(input: OfferInput) {
  const offer = offerOf(input);
  return { offer, plan: offer.plans[0]! };
}

describe("plan summary", () => {
  it.each([
    [
      preOrderPlan({
        deposit: { type: "PERCENTAGE", percentage: 20 },
        balance: { trigger: "EXACT_DATE", chargeAt: MARCH_1 },
      }),
      "Pay 20% now, the rest on 1 March 2027",
    ],
    [
      preOrderPlan({ deposit: { type: "PERCENTAGE", percentage: 12.5 }, balance: { trigger: "ON_FULFILLMENT" } }),
      "Pay 12.5% now, the rest when it ships",
    ],
    [
      preOrderPlan({
        deposit: { type: "PERCENTAGE", percentage: 20 },
        balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 120 },
      }),
      "Pay 20% now, the rest 120 days after checkout",
    ],
    [
      preOrderPlan({ deposit: { type: "NONE" }, balance: { trigger: "EXACT_DATE", chargeAt: APRIL_1 } }),
      "Pay nothing now, the full amount on 1 April 2027",
    ],
    [
      preOrderPlan({
        deposit: { type: "NONE" },
        balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 1 },
        confirmChargeBeforeFulfillment: true,
      }),
      "Pay nothing now, the full amount 1 day after checkout",
    ],
    [
      preOrderPlan({ deposit: { type: "NONE" }, balance: { trigger: "ON_FULFILLMENT" } }),
      "Pay nothing now, the full amount when it ships",
    ],
    [
      preOrderPlan({
        deposit: { type: "FIXED_AMOUNT", amount: "10" },
        balance: { trigger: "EXACT_DATE", chargeAt: APRIL_1 },
      }),
      "Pay US$10.00 now, the rest on 1 April 2027",
    ],
    [
      preOrderPlan({
        deposit: { type: "FIXED_AMOUNT", amount: "10" },
        balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 120 },
      }),
      "Pay US$10.00 now, the rest 120 days after checkout",
    ],
    [
      preOrderPlan({ deposit: { type: "FIXED_AMOUNT", amount: "10" }, balance: { trigger: "ON_FULFILLMENT" } }),
      "Pay US$10.00 now, the rest when it ships",
    ],
    [preOrderPlan({ deposit: { type: "FULL" }, balance: null }), "Pay in full now"],
  ])("pre-order %#: %s", (plan, expected) => {
    const { offer, plan: parsed } = onlyPlan(preOrderInput([plan]));
    expect(planSummary(offer, parsed, GB)).toBe(expected);
  });

  it.each([
    [trialPlan(), "Pay nothing now, charged 14 days after checkout if you keep it"],
    [trialPlan({ trialDays: 1 }), "Pay nothing now, charged 1 day after checkout if you keep it"],
    [
      trialPlan({ deposit: { type: "PERCENTAGE", percentage: 10 } }),
      "Pay 10% now, the rest 14 days after checkout if you keep it",
    ],
    [
      trialPlan({ deposit: { type: "FIXED_AMOUNT", amount: "5" } }),
      "Pay US$5.00 now, the rest 14 days after checkout if you keep it",
    ],
  ])("try before you buy %#: %s", (plan, expected) => {
    const { offer, plan: parsed } = onlyPlan(trialInput([plan]));
    expect(planSummary(offer, parsed, GB)).toBe(expected);
  });

  it("formats dates and money for the reader's locale and the shop's time zone", () => {
    const { offer, plan } = onlyPlan(
      preOrderInput([
        preOrderPlan({
          deposit: { type: "PERCENTAGE", percentage: 20 },
          balance: { trigger: "EXACT_DATE", chargeAt: "2027-03-01T02:00:00Z" },
        }),
      ]),
    );
    expect(planSummary(offer, plan, { locale: "en-US", timeZone: "UTC" })).toBe(
      "Pay 20% now, the rest on March 1, 2027",
    );
    // 02:00 UTC on 1 March is still 28 February in New York.
    expect(planSummary(offer, plan, { locale: "en-US", timeZone: "America/New_York" })).toBe(
      "Pay 20% now, the rest on February 28, 2027",
    );
    expect(planSummary(offer, plan, { locale: "fr-FR", timeZone: "Europe/Paris" })).toBe(
      "Payez 20\u00a0% maintenant, le reste le 1 mars 2027",
    );
  });

  it("shows zero- and three-decimal currencies exactly", () => {
    const jpy = onlyPlan(OFFER_SHAPES["pre-order in JPY with a fixed deposit"]!);
    expect(planSummary(jpy.offer, jpy.plan, { locale: "ja-JP", timeZone: "Asia/Tokyo" })).toBe(
      "Pay ￥1,000 now, the rest when it ships",
    );
    const kwd = onlyPlan(
      preOrderInput(
        [preOrderPlan({ deposit: { type: "FIXED_AMOUNT", amount: "1.005" }, balance: { trigger: "ON_FULFILLMENT" } })],
        { currencyCode: "KWD" },
      ),
    );
    expect(planSummary(kwd.offer, kwd.plan, { locale: "en-US", timeZone: "UTC" })).toBe(
      "Pay KWD\u00a01.005 now, the rest when it ships",
    );
  });

  it("falls back to English sentences for locales without a catalog, still formatting for the locale", () => {
    const { offer, plan } = onlyPlan(preOrderInput());
    expect(planSummary(offer, plan, { locale: "de-DE", timeZone: "UTC" })).toBe(
      "Pay 25\u00a0% now, the rest on 1. April 2027",
    );
  });

  it("lists one summary per purchase option for the offers index", () => {
    const offer = offerOf(OFFER_SHAPES["pre-order, fixed price, two purchase options"]!);
    expect(offerSummary(offer, GB)).toEqual(["Pay 25% now, the rest on 1 April 2027", "Pay in full now"]);
  });
});

describe("button and ship date", () => {
  it("labels the button per offer kind and trial deposit", () => {
    const pre = onlyPlan(preOrderInput());
    expect(buttonLabel(pre.offer, pre.plan, GB)).toBe("Pre-order");
    const free = onlyPlan(trialInput());
    expect(buttonLabel(free.offer, free.plan, GB)).toBe("Try free for 14 days");
    const paid = onlyPlan(trialInput([trialPlan({ deposit: { type: "PERCENTAGE", percentage: 10 }, trialDays: 1 })]));
    expect(buttonLabel(paid.offer, paid.plan, GB)).toBe("Try for 1 day");
    expect(buttonLabel(free.offer, free.plan, { locale: "fr-FR", timeZone: "UTC" })).toBe("Essai gratuit de 14 jours");
  });

  it("says when the item ships", () => {
    const exact = onlyPlan(preOrderInput());
    expect(shipDateText(exact.plan, GB)).toBe("Ships by 1 March 2027");
    const unknown = onlyPlan(
      preOrderInput([preOrderPlan({ fulfillment: { trigger: "UNKNOWN" }, balance: { trigger: "ON_FULFILLMENT" } })]),
    );
    expect(shipDateText(unknown.plan, GB)).toBe("Ships when available");
    const asap = onlyPlan(trialInput());
    expect(shipDateText(asap.plan, GB)).toBe("Ships as soon as possible");
    expect(shipDateText(exact.plan, { locale: "fr-FR", timeZone: "UTC" })).toBe("Expédié d’ici le 1 mars 2027");
  });

  it("words price adjustments", () => {
    const render = (input: OfferInput) => {
      const { offer, plan } = onlyPlan(input);
      const wording = priceAdjustmentWording(offer, plan);
      return wording && renderWording(wording, GB);
    };
    expect(render(preOrderInput())).toBeNull();
    expect(render(preOrderInput([preOrderPlan({ priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 } })]))).toBe(
      "Save 10%",
    );
    expect(render(preOrderInput([preOrderPlan({ priceAdjustment: { type: "AMOUNT_OFF", amount: "5" } })]))).toBe(
      "Save US$5.00",
    );
    expect(render(preOrderInput([preOrderPlan({ priceAdjustment: { type: "FIXED_PRICE", price: "40" } })]))).toBe(
      "Offer price US$40.00",
    );
  });
});

describe("catalogs", () => {
  it.each([
    ["en", WORDING_EN],
    ["fr", WORDING_FR],
  ])("%s has every key, with the same placeholders as English", (_locale, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual([...WORDING_KEYS].sort());
    const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of WORDING_KEYS) {
      const english = WORDING_EN[key];
      const translated = catalog[key];
      expect(typeof translated).toBe(typeof english);
      const forms = (template: typeof english) =>
        typeof template === "string" ? [template] : [template.one, template.other];
      const englishPlaceholders = placeholders(forms(english).join(" "));
      expect(placeholders(forms(translated).join(" "))).toEqual(englishPlaceholders);
      // A pluralised message must actually use its count.
      if (typeof english !== "string") expect(englishPlaceholders).toContain("count");
    }
  });

  it("leaves a placeholder visible when its parameter is missing rather than inventing a value", () => {
    expect(renderWording({ key: "ships_by_date", params: {} }, GB)).toBe("Ships by {date}");
    expect(renderWording({ key: "pay_percent_now_rest_on_fulfillment", params: {} }, GB)).toBe(
      "Pay {percent} now, the rest when it ships",
    );
    expect(renderWording({ key: "save_amount", params: {} }, GB)).toBe("Save {amount}");
    expect(renderWording({ key: "button_try_free", params: {} }, GB)).toBe("Try free for {count} days");
  });
});

describe("storefrontPayload", () => {
  it("carries keys and raw parameters for the theme, linked to Liquid's selling plan ids", () => {
    const offer = offerOf(OFFER_SHAPES["pre-order, fixed price, two purchase options"]!);
    const payload = storefrontPayload(offer, {
      deposit: "gid://shopify/SellingPlan/1001",
      full: "gid://shopify/SellingPlan/1002",
    });
    expect(payload).toEqual({
      version: 1,
      appId: "deferred-purchase-options",
      kind: "PRE_ORDER",
      presaleLimit: { key: "presale_limit", params: { count: 50 } },
      onlyWhenOutOfStock: true,
      plans: [
        {
          key: "deposit",
          sellingPlanId: 1001,
          optionValues: ["Pay 25% now"],
          summary: { key: "pay_percent_now_rest_on_date", params: { percent: 25, date: APRIL_1 } },
          button: { key: "button_pre_order", params: {} },
          shipping: { key: "ships_by_date", params: { date: MARCH_1 } },
          priceAdjustment: { key: "offer_price", params: { amount: { amount: "40.00", currency: "USD" } } },
        },
        {
          key: "full",
          sellingPlanId: 1002,
          optionValues: ["Pay in full"],
          summary: { key: "pay_in_full_now", params: {} },
          button: { key: "button_pre_order", params: {} },
          shipping: { key: "ships_by_date", params: { date: MARCH_1 } },
          priceAdjustment: { key: "offer_price", params: { amount: { amount: "38.00", currency: "USD" } } },
        },
      ],
    });
  });

  it("describes a trial without a pre-sale limit, before Shopify assigned ids", () => {
    const offer = offerOf(trialInput(undefined, { stockRules: { presaleLimit: null, onlyWhenOutOfStock: false } }));
    const payload = storefrontPayload(offer);
    expect(payload.presaleLimit).toBeNull();
    expect(payload.plans[0]).toEqual({
      key: "trial",
      sellingPlanId: null,
      optionValues: ["Try free for 14 days"],
      summary: { key: "trial_pay_nothing_now", params: { count: 14 } },
      button: { key: "button_try_free", params: { count: 14 } },
      shipping: { key: "ships_asap", params: {} },
      priceAdjustment: null,
    });
  });

  it.each(Object.entries(OFFER_SHAPES))("is plain JSON with no pre-rendered money or dates: %s", (_name, input) => {
    const payload = storefrontPayload(offerOf(input));
    const json = JSON.stringify(payload);
    expect(JSON.parse(json)).toEqual(payload);
    expect(json).not.toMatch(/[$€£¥￥]|KWD\s|March|April/);
    for (const plan of payload.plans) {
      for (const wording of [plan.summary, plan.button, plan.shipping, plan.priceAdjustment]) {
        if (wording) expect(WORDING_KEYS).toContain(wording.key);
      }
    }
  });
});
