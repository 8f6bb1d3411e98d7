// Checkout math: plan pricing, deposits (percentage and fixed), one due date, currencies with 0, 2 and 3 decimals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, preorderInput, shopWithProduct, startHarness, type Harness } from "./helpers.js";
import { earliestTerms, quoteCheckout } from "../src/domain/checkout.js";
import { formatMinor, parseMoney, percentOf } from "../src/domain/money.js";
import type { SellingPlanRecord } from "../src/state/types.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function plan(partial: Partial<SellingPlanRecord["billing"]> & { discount?: number }): SellingPlanRecord {
  return {
    id: 1,
    groupId: 1,
    name: "p",
    description: null,
    options: ["p"],
    position: null,
    category: "PRE_ORDER",
    billing: {
      checkoutCharge: { type: "PERCENTAGE", percentage: 50 },
      remainingBalanceChargeTrigger: "ON_FULFILLMENT",
      remainingBalanceChargeExactTime: null,
      remainingBalanceChargeTimeAfterCheckout: null,
      ...partial,
    },
    delivery: {
      fulfillmentTrigger: "UNKNOWN",
      fulfillmentExactTime: null,
      cutoff: null,
      intent: "FULFILLMENT_BEGIN",
      preAnchorBehavior: "ASAP",
      anchors: [],
    },
    inventoryReserve: "ON_SALE",
    pricingPolicies:
      partial.discount !== undefined
        ? [{ adjustment: { adjustmentType: "PERCENTAGE", percentage: partial.discount }, createdAt: new Date(0) }]
        : [],
    createdAt: new Date(0),
  };
}

describe("money", () => {
  it("parses and formats with the currency's exponent, never floats", () => {
    expect(formatMinor(parseMoney("1234", "JPY").minor, "JPY")).toBe("1234");
    expect(formatMinor(parseMoney("12.5", "USD").minor, "USD")).toBe("12.50");
    expect(formatMinor(parseMoney("1.005", "KWD").minor, "KWD")).toBe("1.005");
    expect(() => parseMoney("1.5", "JPY")).toThrow(/decimal places/);
    expect(percentOf(1001n, 12.5)).toBe(125n); // 125.125 rounds half up to 125
    expect(percentOf(1005n, 10)).toBe(101n); // 100.5 -> 101
    expect(formatMinor(percentOf(parseMoney("0.10", "USD").minor, 33.33), "USD")).toBe("0.03");
  });
});

describe("quoteCheckout", () => {
  const now = new Date("2026-01-10T00:00:00Z");
  it("applies the pricing policy, then the percentage deposit", () => {
    const q = quoteCheckout([{ unitPriceMinor: 24900n, quantity: 2, plan: plan({ discount: 10 }) }], now);
    expect(q.lines[0]!.discountedUnitMinor).toBe(22410n);
    expect(q.totalMinor).toBe(44820n);
    expect(q.depositMinor).toBe(22410n);
    expect(q.remainingMinor).toBe(22410n);
    expect(q.terms).toMatchObject({ paymentTermsType: "FULFILLMENT", dueAt: null });
  });

  it("charges a fixed deposit per unit, capped at the price", () => {
    const q = quoteCheckout(
      [{ unitPriceMinor: 3000n, quantity: 3, plan: plan({ checkoutCharge: { type: "PRICE", fixedMinor: 1000n } }) }],
      now,
    );
    expect(q.depositMinor).toBe(3000n);
    const capped = quoteCheckout(
      [{ unitPriceMinor: 500n, quantity: 1, plan: plan({ checkoutCharge: { type: "PRICE", fixedMinor: 1000n } }) }],
      now,
    );
    expect(capped.depositMinor).toBe(500n);
    expect(capped.terms).toBeNull();
  });

  it("gives the order one due date: ON_FULFILLMENT wins, otherwise the earliest", () => {
    const exact = plan({
      remainingBalanceChargeTrigger: "EXACT_TIME",
      remainingBalanceChargeExactTime: new Date("2026-03-01T00:00:00Z"),
    });
    const after = plan({
      remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
      remainingBalanceChargeTimeAfterCheckout: "P14D",
    });
    const q = quoteCheckout(
      [
        { unitPriceMinor: 1000n, quantity: 1, plan: exact },
        { unitPriceMinor: 1000n, quantity: 1, plan: after },
      ],
      now,
    );
    expect(q.terms).toMatchObject({ paymentTermsType: "NET", dueInDays: 14, dueAt: new Date("2026-01-24T00:00:00Z") });
    const withFulfilment = quoteCheckout(
      [
        { unitPriceMinor: 1000n, quantity: 1, plan: exact },
        { unitPriceMinor: 1000n, quantity: 1, plan: plan({}) },
      ],
      now,
    );
    expect(withFulfilment.terms?.paymentTermsType).toBe("FULFILLMENT");
    expect(earliestTerms([])).toBeNull();
  });

  it("charges lines without a plan in full at checkout", () => {
    const q = quoteCheckout(
      [
        { unitPriceMinor: 1999n, quantity: 1, plan: null },
        { unitPriceMinor: 1000n, quantity: 1, plan: plan({}) },
      ],
      now,
    );
    expect(q.depositMinor).toBe(1999n + 500n);
    expect(q.remainingMinor).toBe(500n);
  });
});

describe("checkout control call", () => {
  it("USD: 10% off, 25% deposit, terms, mandate and an ON_HOLD fulfilment order", async () => {
    const { token, productId, variantId } = await shopWithProduct(h.client, "usd-shop.myshopify.com", {
      price: "249.00",
    });
    const planId = await createPlan(h.client, token, productId, preorderInput({ discount: 10 }));
    const o = await h.client.checkout("usd-shop.myshopify.com", {
      lines: [{ variantId, sellingPlanId: planId, quantity: 1 }],
    });
    expect(o).toMatchObject({
      totalPrice: "224.10",
      totalReceived: "56.03",
      totalOutstanding: "168.07",
      displayFinancialStatus: "PARTIALLY_PAID",
      displayFulfillmentStatus: "ON_HOLD",
    });
    expect(o.paymentTerms!.paymentSchedules[0]).toMatchObject({
      dueAt: null,
      balanceDue: "168.07",
      totalBalance: "168.07",
    });
    expect(o.mandateIds).toHaveLength(1);
    expect(o.fulfillmentOrders).toEqual([expect.objectContaining({ status: "ON_HOLD" })]);
  });

  it("JPY (no decimals): a fixed deposit and an exact-time delivery gives a SCHEDULED fulfilment order", async () => {
    const { token, productId, variantId } = await shopWithProduct(h.client, "jpy-shop.myshopify.com", {
      currencyCode: "JPY",
      price: "12800",
    });
    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const planId = await createPlan(
      h.client,
      token,
      productId,
      preorderInput({
        deposit: { fixedValue: "3000" },
        delivery: { fulfillmentTrigger: "EXACT_TIME", fulfillmentExactTime: at },
      }),
    );
    const o = await h.client.checkout("jpy-shop.myshopify.com", {
      lines: [{ variantId, sellingPlanId: planId, quantity: 2 }],
    });
    expect(o).toMatchObject({
      currencyCode: "JPY",
      totalPrice: "25600",
      totalReceived: "6000",
      totalOutstanding: "19600",
    });
    expect(o.fulfillmentOrders[0]).toMatchObject({ status: "SCHEDULED" });
    const r = await h.client.graphql<{
      order: { totalOutstandingSet: { shopMoney: { amount: string; currencyCode: string } } };
    }>(token, "query($id: ID!) { order(id: $id) { totalOutstandingSet { shopMoney { amount currencyCode } } } }", {
      id: o.id,
    });
    expect(r.data!.order.totalOutstandingSet.shopMoney).toEqual({ amount: "19600", currencyCode: "JPY" });
  });

  it("KWD (three decimals): percentage deposit rounds to the fils", async () => {
    const { token, productId, variantId } = await shopWithProduct(h.client, "kwd-shop.myshopify.com", {
      currencyCode: "KWD",
      price: "10.555",
    });
    const planId = await createPlan(h.client, token, productId, preorderInput({ deposit: { percentage: 33 } }));
    const o = await h.client.checkout("kwd-shop.myshopify.com", {
      lines: [{ variantId, sellingPlanId: planId, quantity: 1 }],
    });
    // 33% of 10.555 = 3.48315 -> 3.483
    expect(o).toMatchObject({ totalPrice: "10.555", totalReceived: "3.483", totalOutstanding: "7.072" });
  });

  it("refuses a plan that is not attached to the variant", async () => {
    const { token, productId } = await shopWithProduct(h.client, "mismatch-shop.myshopify.com");
    const planId = await createPlan(h.client, token, productId);
    const other = await h.client.createProduct("mismatch-shop.myshopify.com", {
      title: "Other",
      variants: [{ price: "5.00", inventoryQuantity: 1 }],
    });
    await expect(
      h.client.checkout("mismatch-shop.myshopify.com", {
        lines: [{ variantId: other.variants[0]!.id, sellingPlanId: planId }],
      }),
    ).rejects.toThrow(/not available/);
  });
});
