// The chosen products as the edit page lists them: grouped from the selection, and what is live under the stock rules, with reasons.
import { describe, expect, it } from "vitest";
import { chosenProducts, type CatalogProduct } from "~/components/offers/selection-status";
import { assignmentFromProducts, pickerSelectionIds } from "~/components/offers/product-selection";
import type { AssignedProduct } from "~/domain/offer-contract";

const SHIRT = "gid://shopify/Product/1";
const MUG = "gid://shopify/Product/2";
const [S, M, L] = [
  "gid://shopify/ProductVariant/11",
  "gid://shopify/ProductVariant/12",
  "gid://shopify/ProductVariant/13",
];
const MUG_DEFAULT = "gid://shopify/ProductVariant/21";
const HAT = "gid://shopify/Product/3";
const HAT_RED = "gid://shopify/ProductVariant/31";

const catalog: CatalogProduct[] = [
  {
    id: SHIRT,
    title: "Shirt",
    variants: [
      { id: S, title: "Small", inventoryQuantity: 0 },
      { id: M, title: "Medium", inventoryQuantity: 4 },
      { id: L, title: "Large", inventoryQuantity: null },
    ],
  },
  { id: MUG, title: "Mug", variants: [{ id: MUG_DEFAULT, title: "Default Title", inventoryQuantity: -2 }] },
  { id: HAT, title: "Hat", variants: [{ id: HAT_RED, title: "Red", inventoryQuantity: 9 }] },
];

const selection = { productIds: [SHIRT, MUG], variantIds: [HAT_RED] };
const noRules = { onlyWhenOutOfStock: false, presaleClosed: false };

describe("chosen products", () => {
  it("are the selection grouped by product, with no status when no stock rule applies", () => {
    const live: AssignedProduct[] = [
      { id: SHIRT, title: "Shirt", variantIds: [], wholeProduct: true },
      { id: MUG, title: "Mug", variantIds: [], wholeProduct: true },
      { id: HAT, title: "Hat", variantIds: [HAT_RED], wholeProduct: false },
    ];
    const chosen = chosenProducts(selection, live, null, noRules);
    expect(
      chosen.map(({ id, title, wholeProduct, variantIds, status }) => ({
        id,
        title,
        wholeProduct,
        variantIds,
        status,
      })),
    ).toEqual([
      { id: SHIRT, title: "Shirt", wholeProduct: true, variantIds: [], status: null },
      { id: MUG, title: "Mug", wholeProduct: true, variantIds: [], status: null },
      { id: HAT, title: "Hat", wholeProduct: false, variantIds: [HAT_RED], status: null },
    ]);
    // Saving the list back (e.g. after Remove) and preselecting the picker give the selection itself.
    expect(assignmentFromProducts(chosen)).toEqual(selection);
    expect(pickerSelectionIds(chosen)).toEqual([{ id: SHIRT }, { id: MUG }, { id: HAT, variants: [{ id: HAT_RED }] }]);
  });

  it("start from the selection, not from what Shopify holds, when out-of-stock only attaches a subset", () => {
    // Shopify holds only the out-of-stock variants: Small and the mug's only variant.
    const live: AssignedProduct[] = [
      { id: SHIRT, title: "Shirt", variantIds: [S], wholeProduct: false },
      { id: MUG, title: "Mug", variantIds: [MUG_DEFAULT], wholeProduct: false },
    ];
    const chosen = chosenProducts(selection, live, catalog, { onlyWhenOutOfStock: true, presaleClosed: false });
    expect(assignmentFromProducts(chosen)).toEqual(selection);
    expect(chosen.map((product) => [product.title, product.status])).toEqual([
      [
        "Shirt",
        {
          live: ["Small"],
          notLive: [
            { label: "Medium", reason: "in stock" },
            { label: "Large", reason: "inventory not tracked" },
          ],
        },
      ],
      // A product without options is named by its title, not "Default Title".
      ["Mug", { live: ["Mug"], notLive: [] }],
      ["Hat", { live: [], notLive: [{ label: "Red", reason: "in stock" }] }],
    ]);
  });

  it("say an out-of-stock variant that is not attached is not attached yet", () => {
    const chosen = chosenProducts({ productIds: [MUG], variantIds: [] }, [], catalog, {
      onlyWhenOutOfStock: true,
      presaleClosed: false,
    });
    expect(chosen[0]!.status).toEqual({ live: [], notLive: [{ label: "Mug", reason: "not attached yet" }] });
  });

  it("give the closed pre-sale as the reason for everything once it closed", () => {
    const chosen = chosenProducts(selection, [], catalog, { onlyWhenOutOfStock: true, presaleClosed: true });
    expect(chosen.flatMap((product) => product.status!.notLive.map((item) => item.reason))).toEqual([
      "pre-sale closed",
      "pre-sale closed",
      "pre-sale closed",
      "pre-sale closed",
      "pre-sale closed",
    ]);
    expect(chosen.every((product) => product.status!.live.length === 0)).toBe(true);
  });

  it("keep a deleted product or variant listed, named as such and left out of the picker's preselection", () => {
    const gone = { productIds: ["gid://shopify/Product/9"], variantIds: ["gid://shopify/ProductVariant/99"] };
    const chosen = chosenProducts(gone, [], [], { onlyWhenOutOfStock: true, presaleClosed: false });
    expect(chosen.map(({ title, known, status }) => ({ title, known, status }))).toEqual([
      {
        title: "Product no longer in Shopify",
        known: false,
        status: { live: [], notLive: [{ label: "Product no longer in Shopify", reason: "no longer in Shopify" }] },
      },
      {
        title: "Product no longer in Shopify",
        known: false,
        status: { live: [], notLive: [{ label: "Variant no longer in Shopify", reason: "no longer in Shopify" }] },
      },
    ]);
    // Removing one of them saves the rest of the selection.
    expect(assignmentFromProducts(chosen)).toEqual(gone);
  });

  it("fold a variant into its product when the product is also chosen whole", () => {
    const chosen = chosenProducts({ productIds: [SHIRT], variantIds: [M] }, [], catalog, noRules);
    expect(chosen).toHaveLength(1);
    expect(assignmentFromProducts(chosen)).toEqual({ productIds: [SHIRT], variantIds: [] });
  });
});

describe("chosen products without the catalog", () => {
  it("give no status rather than guess names and stock", () => {
    const chosen = chosenProducts(selection, [], null, { onlyWhenOutOfStock: true, presaleClosed: true });
    expect(chosen.map((product) => product.status)).toEqual([null, null, null]);
    // The hat's variant has no known product: it is listed on its own and kept in the selection.
    expect(assignmentFromProducts(chosen)).toEqual(selection);
  });
});
