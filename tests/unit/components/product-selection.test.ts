// Product and variant assignment: the assigned list, App Bridge's resource picker payload and the plain picker's checkboxes.
import { describe, expect, it } from "vitest";
import {
  assignmentFromPicker,
  assignmentFromProducts,
  pickerSelectionIds,
  productCheckState,
  sameAssignment,
  toggleProduct,
  toggleVariant,
  variantChecked,
} from "~/components/offers/product-selection";
import type { AssignedProduct, ProductSearchResult } from "~/domain/offer-contract";

const SHIRT: ProductSearchResult = {
  id: "gid://shopify/Product/1",
  title: "Shirt",
  variants: [
    { id: "gid://shopify/ProductVariant/11", title: "S", inventoryQuantity: 0 },
    { id: "gid://shopify/ProductVariant/12", title: "M", inventoryQuantity: 3 },
    { id: "gid://shopify/ProductVariant/13", title: "L", inventoryQuantity: null },
  ],
};
const [S, M, L] = SHIRT.variants.map((variant) => variant.id) as [string, string, string];

const assigned: AssignedProduct[] = [
  { id: "gid://shopify/Product/1", title: "Shirt", variantIds: [], wholeProduct: true },
  { id: "gid://shopify/Product/2", title: "Mug", variantIds: ["gid://shopify/ProductVariant/21"], wholeProduct: false },
];

describe("assigned products", () => {
  it("become whole products and single variants", () => {
    expect(assignmentFromProducts(assigned)).toEqual({
      productIds: ["gid://shopify/Product/1"],
      variantIds: ["gid://shopify/ProductVariant/21"],
    });
  });

  it("preselect the resource picker: whole products without variants, others with theirs", () => {
    expect(pickerSelectionIds(assigned)).toEqual([
      { id: "gid://shopify/Product/1" },
      { id: "gid://shopify/Product/2", variants: [{ id: "gid://shopify/ProductVariant/21" }] },
    ]);
  });
});

describe("resource picker selection", () => {
  it("assigns products picked with every variant whole, and only the picked variants otherwise", () => {
    expect(
      assignmentFromPicker([
        { id: SHIRT.id, totalVariants: 3, variants: [{ id: S }, { id: M }, { id: L }] },
        { id: "gid://shopify/Product/2", totalVariants: 4, variants: [{ id: "gid://shopify/ProductVariant/21" }] },
        {
          id: "gid://shopify/Product/3",
          hasOnlyDefaultVariant: true,
          variants: [{ id: "gid://shopify/ProductVariant/31" }],
        },
      ]),
    ).toEqual({
      productIds: [SHIRT.id, "gid://shopify/Product/3"],
      variantIds: ["gid://shopify/ProductVariant/21"],
    });
  });
});

describe("plain picker checkboxes", () => {
  const none = { productIds: [], variantIds: [] };

  it("checks a product whole, replacing its single variants", () => {
    const some = { productIds: [], variantIds: [S] };
    expect(productCheckState(some, SHIRT)).toBe("indeterminate");
    const whole = toggleProduct(some, SHIRT, true);
    expect(whole).toEqual({ productIds: [SHIRT.id], variantIds: [] });
    expect(productCheckState(whole, SHIRT)).toBe(true);
    expect(variantChecked(whole, SHIRT, L)).toBe(true);
    expect(toggleProduct(whole, SHIRT, false)).toEqual(none);
  });

  it("keeps the other variants when one variant of a whole product is unchecked", () => {
    const whole = { productIds: [SHIRT.id], variantIds: ["gid://shopify/ProductVariant/99"] };
    expect(toggleVariant(whole, SHIRT, M, false)).toEqual({
      productIds: [],
      variantIds: ["gid://shopify/ProductVariant/99", S, L],
    });
  });

  it("turns the last missing variant into the whole product", () => {
    const two = { productIds: [], variantIds: [S, L] };
    expect(toggleVariant(two, SHIRT, M, true)).toEqual({ productIds: [SHIRT.id], variantIds: [] });
    expect(toggleVariant(none, SHIRT, M, true)).toEqual({ productIds: [], variantIds: [M] });
    expect(productCheckState(toggleVariant(two, SHIRT, S, false), SHIRT)).toBe("indeterminate");
    expect(toggleVariant({ productIds: [], variantIds: [S] }, SHIRT, S, false)).toEqual(none);
  });

  it("compares assignments regardless of order", () => {
    expect(sameAssignment({ productIds: ["a", "b"], variantIds: [] }, { productIds: ["b", "a"], variantIds: [] })).toBe(
      true,
    );
    expect(sameAssignment({ productIds: ["a"], variantIds: [] }, { productIds: [], variantIds: ["a"] })).toBe(false);
  });
});

describe("a variant's stock in the product picker", () => {
  it("says what is true: a count in stock, out of stock, oversold, or not tracked", async () => {
    const { stockText } = await import("~/components/offers/product-selection");
    expect(stockText(3)).toBe("3 in stock");
    expect(stockText(1)).toBe("1 in stock");
    expect(stockText(0)).toBe("Out of stock");
    expect(stockText(-1)).toBe("Out of stock (1 oversold)");
    expect(stockText(-12)).toBe("Out of stock (12 oversold)");
    expect(stockText(null)).toBe("Inventory not tracked");
  });
});
