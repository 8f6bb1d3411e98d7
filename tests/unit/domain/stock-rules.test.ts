// Stock rules as decisions: which variants an offer is attached to, when a pre-sale closes, what an order sold.
import { describe, expect, it } from "vitest";
import {
  covers,
  difference,
  isOutOfStock,
  presaleClosed,
  unitsByOffer,
  wantedAssignment,
  type VariantStock,
} from "~/domain/stock-rules";

const stock = (id: string, inventoryQuantity: number | null, productId = "P1"): VariantStock => ({
  id,
  productId,
  inventoryQuantity,
});

describe("stock rules", () => {
  it("calls a variant out of stock at zero or below, never when its inventory is not tracked", () => {
    expect(isOutOfStock(stock("V1", 0))).toBe(true);
    expect(isOutOfStock(stock("V1", -2))).toBe(true);
    expect(isOutOfStock(stock("V1", 3))).toBe(false);
    expect(isOutOfStock(stock("V1", null))).toBe(false);
  });

  it("covers a variant chosen alone or through its product", () => {
    const selection = { productIds: ["P1"], variantIds: ["V9"] };
    expect(covers(selection, { id: "V1", productId: "P1" })).toBe(true);
    expect(covers(selection, { id: "V9", productId: "P2" })).toBe(true);
    expect(covers(selection, { id: "V3", productId: "P3" })).toBe(false);
  });

  it("lists what to add and what to remove, each once", () => {
    expect(difference(["a", "b", "b"], ["b", "c", "c"])).toEqual({ add: ["a"], remove: ["c"] });
  });

  it("attaches nothing once the pre-sale closed, the selection without the rule, and only sold-out variants with it", () => {
    const selection = { productIds: ["P1"], variantIds: [] };
    const eligible = [stock("V1", 0), stock("V2", 5), stock("V3", null)];
    expect(wantedAssignment({ selection, presaleClosed: true, onlyWhenOutOfStock: true, stock: eligible })).toEqual({
      productIds: [],
      variantIds: [],
    });
    expect(wantedAssignment({ selection, presaleClosed: false, onlyWhenOutOfStock: false })).toBe(selection);
    expect(wantedAssignment({ selection, presaleClosed: false, onlyWhenOutOfStock: true, stock: eligible })).toEqual({
      productIds: [],
      variantIds: ["V1"],
    });
  });

  it("closes a pre-sale when the units sold reach its cap, never without a cap", () => {
    expect(presaleClosed(10, 9)).toBe(false);
    expect(presaleClosed(10, 10)).toBe(true);
    expect(presaleClosed(null, 1_000_000)).toBe(false);
  });

  it("counts an order's units per offer from its lines' plans", () => {
    const offerOfPlan = new Map([
      ["plan-a", "offer-1"],
      ["plan-b", "offer-1"],
      ["plan-c", "offer-2"],
    ]);
    const lines = [
      { quantity: 2, sellingPlanId: "plan-a" },
      { quantity: 1, sellingPlanId: "plan-b" },
      { quantity: 4, sellingPlanId: "plan-c" },
      { quantity: 7, sellingPlanId: "another-apps-plan" },
      { quantity: 1, sellingPlanId: null },
    ];
    expect([...unitsByOffer(lines, offerOfPlan)]).toEqual([
      ["offer-1", 3],
      ["offer-2", 4],
    ]);
  });
});
