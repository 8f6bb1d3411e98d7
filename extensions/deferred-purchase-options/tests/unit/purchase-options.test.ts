// The product-page block rendered with liquidjs against Shopify-shaped products: text, radios, defaults and the JSON island.
import { describe, expect, it } from "vitest";
import { LAMP, PRE_ORDER, TRIAL, lampSpec, mugSpec, page, shoeSpec, vinylSpec } from "../support/fixtures";
import { has, parseHtml, query, queryAll, text, type Element } from "../support/html";
import { createStorefront } from "../support/liquid";
import { liquidProduct } from "../support/shopify-objects";

const storefront = createStorefront();
const FORM_ID = "product-form-template--1__main";

interface IslandVariantEntry {
  price: string;
  compare: string;
  line: string;
  dated: string;
}
interface Island {
  requires: boolean;
  variants: Record<string, { available: boolean; oos: boolean; price: string }>;
  plans: Record<
    string,
    { name: string; button: string; full: boolean; days: number; v: Record<string, IslandVariantEntry> }
  >;
}

async function render(context: Parameters<typeof storefront.renderBlock>[1], shop = storefront) {
  const html = await shop.renderBlock("purchase-options", context);
  const dom = parseHtml(html);
  const island = query(dom, "script[data-dpo-data]");
  return { html, dom, island: island ? (JSON.parse(island.raw) as Island) : undefined };
}

function radios(dom: Element) {
  return queryAll(dom, 'input[name="selling_plan"]').map((input) => ({
    value: input.attrs["value"],
    form: input.attrs["form"],
    checked: has(input, "checked"),
    disabled: has(input, "disabled"),
  }));
}

/** The option row of a plan (or "" for buy now): name, price, struck price and detail lines. */
function option(dom: Element, value: string) {
  const row = queryAll(dom, "[data-dpo-option]").find((candidate) => query(candidate, `input[value="${value}"]`));
  if (!row) throw new Error(`no option for "${value}"`);
  const compare = query(row, "[data-dpo-compare]");
  return {
    hidden: has(row, "hidden"),
    name: text(query(row, "[data-dpo-name]")),
    price: text(query(row, "[data-dpo-price]")),
    compare: compare && !has(compare, "hidden") ? text(query(compare, "[data-dpo-compare-amount]")) : null,
    details: queryAll(row, "p").map(text),
  };
}

describe("pre-order with a deposit", () => {
  it("lists buy now and both plans, tied to the theme's product form, each with what is paid now and later", async () => {
    const { dom } = await render(page(lampSpec()));
    expect(has(query(dom, "[data-dpo-block]"), "hidden")).toBe(false);
    expect(text(query(dom, "legend"))).toBe("Purchase options");
    expect(radios(dom)).toEqual([
      { value: "", form: FORM_ID, checked: false, disabled: false },
      // Black is out of stock but sellable: the pre-order is the default, not a silent backorder.
      { value: "690001", form: FORM_ID, checked: true, disabled: false },
      { value: "690002", form: FORM_ID, checked: false, disabled: false },
    ]);
    expect(option(dom, "")).toMatchObject({ name: "Buy now", price: "$120.00" });
    expect(option(dom, "690001")).toEqual({
      hidden: false,
      name: "Pre-order with a 25% deposit",
      price: "$120.00",
      compare: null,
      details: [
        "Pay $30.00 now, $90.00 on April 1, 2027",
        "Ships by March 1, 2027",
        "Limited to 50 pre-orders",
        "Only 12 pre-orders left",
        "Reserve yours today",
      ],
    });
    expect(option(dom, "690002")).toEqual({
      hidden: false,
      name: "Pre-order, pay in full and save 10%",
      price: "$108.00",
      compare: "$120.00",
      details: ["Pay $108.00 now", "Ships by March 1, 2027", "Limited to 50 pre-orders", "Only 12 pre-orders left"],
    });
  });

  it("labels each option with its details for assistive technology and keeps a polite live region", async () => {
    const { dom } = await render(page(lampSpec()));
    for (const input of queryAll(dom, 'input[name="selling_plan"]')) {
      const label = query(dom, `label[for="${input.attrs["id"]}"]`);
      expect(text(label)).not.toBe("");
      expect(query(dom, `[id="${input.attrs["aria-describedby"]}"]`)).toBeDefined();
    }
    expect(query(dom, '[aria-live="polite"]')).toBeDefined();
    expect(query(dom, "fieldset")?.children.some((child) => typeof child !== "string" && child.tag === "legend")).toBe(
      true,
    );
  });

  it("gives the script every variant's prices and wording, with money from the shop's format", async () => {
    const { island } = await render(page(lampSpec()));
    expect(island?.requires).toBe(false);
    expect(island?.variants).toEqual({
      "4101": { available: true, oos: true, price: "$120.00" },
      "4102": { available: true, oos: false, price: "$120.00" },
      "4103": { available: false, oos: false, price: "$150.00" },
    });
    expect(island?.plans["690001"]).toMatchObject({ button: "Pre-order", full: false, days: 0 });
    expect(island?.plans["690001"]?.v["4103"]).toEqual({
      price: "$150.00",
      compare: "",
      line: "Pay $37.50 now, $112.50 on April 1, 2027",
      dated: "",
    });
    expect(island?.plans["690002"]?.v["4101"]).toMatchObject({
      price: "$108.00",
      compare: "$120.00",
      line: "Pay $108.00 now",
    });
  });

  it("defaults to buy now for an in-stock variant", async () => {
    const { dom } = await render(page(lampSpec({ selectedVariantId: LAMP.white.id })));
    expect(radios(dom).filter((radio) => radio.checked)).toEqual([
      { value: "", form: FORM_ID, checked: true, disabled: false },
    ]);
  });

  it("keeps the plan chosen in the URL (?selling_plan=)", async () => {
    const { dom } = await render(page(lampSpec({ selectedVariantId: LAMP.white.id, selectedSellingPlanId: 690002 })));
    expect(radios(dom).find((radio) => radio.checked)?.value).toBe("690002");
  });

  it("disables the options and says so when the selected variant is sold out", async () => {
    const { dom } = await render(page(lampSpec({ selectedVariantId: LAMP.brass.id })));
    expect(has(query(dom, "fieldset"), "disabled")).toBe(true);
    const soldOut = query(dom, "[data-dpo-soldout]");
    expect(has(soldOut, "hidden")).toBe(false);
    expect(text(soldOut)).toBe("This variant is sold out");
    expect(option(dom, "690001").details[0]).toBe("Pay $37.50 now, $112.50 on April 1, 2027");
    expect(option(dom, "")).toMatchObject({ price: "$150.00" });
  });

  it("closes the plans of an offer whose pre-sale cap is reached", async () => {
    const full = { ...PRE_ORDER, presaleRemaining: 0 };
    const { dom, island } = await render(page(lampSpec({ offers: [full] })));
    expect(radios(dom).map(({ value, checked, disabled }) => ({ value, checked, disabled }))).toEqual([
      { value: "", checked: true, disabled: false },
      { value: "690001", checked: false, disabled: true },
      { value: "690002", checked: false, disabled: true },
    ]);
    expect(option(dom, "690001").details).toContain("Pre-orders are full");
    expect(island?.plans["690001"]?.full).toBe(true);
  });

  it("hides a plan on variants its group is not attached to", async () => {
    const whiteOnly = { ...PRE_ORDER, variantIds: [LAMP.white.id] };
    const { dom, island } = await render(page(lampSpec({ offers: [whiteOnly] })));
    expect(option(dom, "690001").hidden).toBe(true);
    expect(radios(dom).find((radio) => radio.value === "690001")).toMatchObject({ disabled: true, checked: false });
    // Black has no plan of ours, so buy now stays the choice even though it is out of stock, and the block stays out of sight.
    expect(radios(dom).find((radio) => radio.checked)?.value).toBe("");
    expect(has(query(dom, "[data-dpo-block]"), "hidden")).toBe(true);
    expect(Object.keys(island?.plans["690001"]?.v ?? {})).toEqual([String(LAMP.white.id)]);
  });

  it("falls back to Shopify's data alone when the app has not written its metafield", async () => {
    const { dom, island } = await render(page(lampSpec(), { withMetafield: false }));
    expect(option(dom, "690001").details).toEqual([
      "Pay $30.00 now, $90.00 later",
      "Only 12 pre-orders left",
      "Reserve yours today",
    ]);
    // Without the offer's kind the theme's own button label stays.
    expect(island?.plans["690001"]?.button).toBe("");
  });
});

describe("payload versions", () => {
  it("ignores a payload of an unknown version instead of misreading it", async () => {
    const { product, presaleRemaining } = page(lampSpec());
    const payload = product.metafields["$app:purchase_options"].offers?.value[0];
    if (!payload) throw new Error("fixture has no payload");
    Object.assign(payload, { version: 2 });
    const { dom } = await render({ product, presaleRemaining });
    expect(option(dom, "690001").details[0]).toBe("Pay $30.00 now, $90.00 later");
  });
});

describe("try before you buy", () => {
  it("says what is charged if the customer keeps it and relabels the button", async () => {
    const { dom, island } = await render(page(shoeSpec()));
    expect(radios(dom).map((radio) => [radio.value, radio.checked])).toEqual([
      ["", true],
      ["700001", false],
    ]);
    expect(option(dom, "700001").details).toEqual([
      "Nothing to pay now. Charged $140.00 14 days after checkout if you keep it",
      "Ships as soon as possible",
    ]);
    expect(island?.plans["700001"]).toMatchObject({ button: "Try free for 14 days", days: 14 });
    expect(island?.plans["700001"]?.v["4202"]).toEqual({
      price: "$145.00",
      compare: "",
      line: "Nothing to pay now. Charged $145.00 14 days after checkout if you keep it",
      dated: "Nothing to pay now. Charged $145.00 on __DPO_DATE__ if you keep it",
    });
  });
});

describe("a product that can only be bought with a plan", () => {
  it("offers no buy now option and checks the first plan", async () => {
    const { dom, island } = await render(page(vinylSpec()));
    expect(radios(dom).map((radio) => [radio.value, radio.checked])).toEqual([
      ["710001", true],
      ["710002", false],
    ]);
    expect(option(dom, "710001").details).toEqual(["Nothing to pay now, $35.00 when it ships", "Ships when available"]);
    expect(option(dom, "710002").details).toEqual([
      "Pay $5.00 now, $30.00 30 days after checkout",
      "Ships as soon as possible",
    ]);
    expect(island?.requires).toBe(true);
  });
});

describe("a product without this app's plans", () => {
  it("renders nothing, even when another app's groups are on the product", async () => {
    const { html } = await render(page(mugSpec()));
    expect(html.trim()).toBe("");
  });
});

describe("merchant texts and theme settings", () => {
  it("uses the block's texts, escaped, with [days] filled in", async () => {
    const { dom, island } = await render({
      ...page(shoeSpec()),
      settings: {
        heading: "How do you <b>want</b> it?",
        buy_now_label: "Ship it now",
        trial_button: "Try it for [days] days at home",
        product_form_id: "product-form-custom",
      },
    });
    expect(text(query(dom, "legend"))).toBe("How do you <b>want</b> it?");
    expect(query(dom, "legend b")).toBeUndefined();
    expect(option(dom, "").name).toBe("Ship it now");
    expect(island?.plans["700001"]?.button).toBe("Try it for 14 days at home");
    expect(new Set(radios(dom).map((radio) => radio.form))).toEqual(new Set(["product-form-custom"]));
    expect(query(dom, "[data-dpo-block]")?.attrs["data-form"]).toBe("product-form-custom");
  });

  it("hides the ship date and pre-sale lines when the merchant turns them off", async () => {
    const { dom } = await render({
      ...page(lampSpec()),
      settings: { show_ship_date: false, show_presale_limit: false },
    });
    expect(option(dom, "690001").details).toEqual(["Pay $30.00 now, $90.00 on April 1, 2027", "Reserve yours today"]);
  });

  it("keeps hostile plan names out of the markup and the JSON island", async () => {
    const spec = lampSpec();
    const product = liquidProduct(spec);
    const plan = product.selling_plan_groups[0]?.selling_plans[0];
    if (!plan) throw new Error("fixture has no plan");
    plan.name = "</script><img src=x onerror=alert(1)>";
    const { html, island } = await render({ product });
    expect(html).not.toContain("<img");
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(island?.plans["690001"]?.name).toBe("</script><img src=x onerror=alert(1)>");
  });
});

describe("other storefront languages", () => {
  it("renders French wording with the shop's euro format and French dates", async () => {
    const french = createStorefront({ locale: "fr", moneyFormat: "{{amount_with_comma_separator}} €" });
    const { dom, island } = await render(page(lampSpec({ offers: [PRE_ORDER] })), french);
    expect(text(query(dom, "legend"))).toBe("Options d’achat");
    expect(option(dom, "690001").details.slice(0, 4)).toEqual([
      "Payez 30,00 € maintenant, 90,00 € le 1 avril 2027",
      "Expédié d’ici le 1 mars 2027",
      "Limité à 50 précommandes",
      "Plus que 12 précommandes",
    ]);
    expect(island?.plans["690001"]?.button).toBe("Précommander");
  });

  it("renders German trial wording", async () => {
    const german = createStorefront({ locale: "de", moneyFormat: "€{{amount_with_comma_separator}}" });
    const { dom, island } = await render(page(shoeSpec({ offers: [TRIAL] })), german);
    expect(option(dom, "700001").details[0]).toBe(
      "Jetzt nichts bezahlen. €140,00 wird 14 Tage nach dem Kauf belastet, wenn du den Artikel behältst",
    );
    expect(island?.plans["700001"]?.button).toBe("14 Tage kostenlos testen");
  });
});
