// The badges app embed: which products of a collection or search page get "Pre-order" / "Try before you buy".
import { describe, expect, it } from "vitest";
import { PRE_ORDER, TRIAL, lampSpec, mugSpec, shoeSpec, vinylSpec } from "../support/fixtures";
import { parseHtml, query } from "../support/html";
import { createStorefront } from "../support/liquid";
import { liquidProduct } from "../support/shopify-objects";

const specs = [lampSpec(), shoeSpec(), vinylSpec(), mugSpec()];
const products = specs.map((spec) => liquidProduct(spec));

async function badgeMap(html: string): Promise<Record<string, string> | undefined> {
  const island = query(parseHtml(html), 'script[id="dpo-badges"]');
  return island ? (JSON.parse(island.raw) as Record<string, string>) : undefined;
}

describe("badges embed", () => {
  it("maps the collection's products to their offer kind and skips products without this app's plans", async () => {
    const html = await createStorefront().renderBlock("badges", {
      request: { page_type: "collection" },
      collection: { products },
    });
    expect(await badgeMap(html)).toEqual({
      "aurora-lamp": "Pre-order",
      "trail-runner": "Try before you buy",
      "limited-vinyl": "Pre-order",
    });
  });

  it("only looks at products among search results, in the storefront's language, with the merchant's texts", async () => {
    const results = [...products, { object_type: "article", handle: "aurora-lamp-review", title: "Review" }];
    const html = await createStorefront({ locale: "fr" }).renderBlock("badges", {
      request: { page_type: "search" },
      search: { results },
      settings: { pre_order_badge: "Bientôt <em>là</em>" },
    });
    // Plain text in JSON (the script writes it with textContent); the island itself carries no raw "<".
    expect(await badgeMap(html)).toEqual({
      "aurora-lamp": "Bientôt <em>là</em>",
      "trail-runner": "Essayez avant d’acheter",
      "limited-vinyl": "Bientôt <em>là</em>",
    });
    expect(query(parseHtml(html), 'script[id="dpo-badges"]')?.raw).not.toContain("<");
  });

  it("uses the group's buyer-facing name when the app's metafield is missing", async () => {
    const shoe = liquidProduct(shoeSpec({ offers: [TRIAL] }), null);
    const group = shoe.selling_plan_groups[0];
    if (!group) throw new Error("fixture has no group");
    group.name = "Home trial";
    const html = await createStorefront().renderBlock("badges", {
      request: { page_type: "collection" },
      collection: { products: [shoe, liquidProduct(lampSpec({ offers: [PRE_ORDER] }), null)] },
    });
    expect(await badgeMap(html)).toEqual({ "trail-runner": "Home trial", "aurora-lamp": "Pre-order" });
  });

  it("renders nothing on other pages or when no product qualifies", async () => {
    const storefront = createStorefront();
    expect((await storefront.renderBlock("badges", { request: { page_type: "index" } })).trim()).toBe("");
    const onlyOthers = await storefront.renderBlock("badges", {
      request: { page_type: "collection" },
      collection: { products: [liquidProduct(mugSpec())] },
    });
    expect(onlyOthers.trim()).toBe("");
  });
});
