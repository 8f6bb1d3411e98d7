// The app's storefront payload (app/domain/offer-wording.ts) and the Liquid that reads it must agree on every wording key.
import { describe, expect, it } from "vitest";
import { WORDING_KEYS, type StorefrontPayload, type WordingKey } from "../../../../app/domain/offer-wording";
import { PRE_ORDER, lampSpec, page } from "../support/fixtures";
import { parseHtml, query } from "../support/html";
import { createStorefront } from "../support/liquid";

const storefront = createStorefront();
const SUMMARY_KEYS = WORDING_KEYS.filter((key) => key.startsWith("pay_") || key.startsWith("trial_"));
const BUTTON_KEYS = WORDING_KEYS.filter((key) => key.startsWith("button_"));
const SHIPPING_KEYS = WORDING_KEYS.filter((key) => key.startsWith("ships_"));

/** Keys the storefront does not render from the payload, and why. */
const NOT_RENDERED: Partial<Record<WordingKey, string>> = {
  save_percent: "the saving is shown as the allocation's compare-at price, per variant",
  save_amount: "the saving is shown as the allocation's compare-at price, per variant",
  offer_price: "the allocation's price already is the offer price",
};

const allocation = { checkout_charge_amount: 2500, remaining_balance_charge_amount: 7500 };

describe("summary wording -> when the balance is charged", () => {
  it.each(SUMMARY_KEYS.filter((key) => key !== "pay_in_full_now"))("%s names a moment, not 'later'", async (key) => {
    const line = await storefront.renderSnippet("dpo-pay-line", {
      allocation,
      summary: { key, params: { date: "2027-04-01T12:00:00Z", count: 30, percent: 25 } },
      trial: key.startsWith("trial_"),
    });
    expect(line).toMatch(
      /^Pay \$25\.00 now, \$75\.00 (on April 1, 2027|30 days after checkout|when it ships)( if you keep it)?$/,
    );
  });

  it("pay_in_full_now is whatever Shopify charges at checkout, with nothing left", async () => {
    const line = await storefront.renderSnippet("dpo-pay-line", {
      allocation: { checkout_charge_amount: 9000, remaining_balance_charge_amount: 0 },
      summary: { key: "pay_in_full_now", params: {} },
    });
    expect(line).toBe("Pay $90.00 now");
  });
});

describe("button and shipping wording", () => {
  async function islandWith(patch: (payload: StorefrontPayload) => void) {
    const { product } = page(lampSpec({ offers: [PRE_ORDER] }));
    const offer = product.metafields["$app:purchase_options"].offers?.value[0];
    if (!offer) throw new Error("fixture has no offer");
    patch(offer);
    const html = await storefront.renderBlock("purchase-options", { product });
    return parseHtml(html);
  }

  it.each(BUTTON_KEYS)("%s becomes a button label", async (key) => {
    const dom = await islandWith((offer) => {
      for (const plan of offer.plans) plan.button = { key, params: { count: 14 } };
    });
    const island = JSON.parse(query(dom, "script[data-dpo-data]")?.raw ?? "{}") as {
      plans: Record<string, { button: string }>;
    };
    expect(island.plans["690001"]?.button).toMatch(/^(Pre-order|Try free for 14 days|Try for 14 days)$/);
  });

  it.each(SHIPPING_KEYS)("%s becomes a shipping line", async (key) => {
    const dom = await islandWith((offer) => {
      for (const plan of offer.plans) plan.shipping = { key, params: { date: "2027-03-01T12:00:00Z" } };
    });
    expect(query(dom, ".dpo__ship")).toBeDefined();
  });

  it("every payload key is either rendered or deliberately left to Shopify's own numbers", () => {
    const handled = new Set<string>([...SUMMARY_KEYS, ...BUTTON_KEYS, ...SHIPPING_KEYS, "presale_limit"]);
    expect(WORDING_KEYS.filter((key) => !handled.has(key) && !(key in NOT_RENDERED))).toEqual([]);
  });
});
