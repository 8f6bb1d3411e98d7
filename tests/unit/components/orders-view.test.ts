// What the deferred orders pages show: ids from the URL, list order, money and dates in the shop's time zone, line
// names, due date history, the backfill banner, and the reschedule form's fields.
import { describe, expect, it } from "vitest";
import {
  backfillBanner,
  historyEntry,
  orderDetail,
  orderGidFromParam,
  orderListItem,
  orderPathId,
  paymentMethodText,
  type ListedOrder,
  type StoredBackfillRun,
  type StoredOrder,
} from "~/components/orders/view";
import { rescheduleFormFields, splitFieldErrors } from "~/components/orders/reschedule";

const NEW_YORK = { timeZone: "America/New_York", locale: "en" };

function order(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    orderId: "gid://shopify/Order/1001",
    orderName: "#1001",
    customerId: "gid://shopify/Customer/7",
    customerName: "Ada Lovelace",
    customerEmail: "ada@example.com",
    orderCreatedAt: new Date("2026-11-20T10:00:00Z"),
    shopCurrency: "USD",
    presentmentCurrency: "USD",
    category: "PRE_ORDER",
    total: { currency: "USD", minorUnits: 10_000n },
    received: { currency: "USD", minorUnits: 2_500n },
    balanceDue: { currency: "USD", minorUnits: 7_500n },
    paymentTermsId: "gid://shopify/PaymentTerms/3",
    paymentTermsType: "FIXED",
    paymentScheduleId: "gid://shopify/PaymentSchedule/4",
    // 1 March 2027, 00:00 in New York.
    dueAt: new Date("2027-03-01T05:00:00Z"),
    dueOnFulfillment: false,
    mandateId: "gid://shopify/PaymentMandate/9",
    status: "OPEN",
    returnInProgress: false,
    shopifyUpdatedAt: new Date("2026-11-01T10:00:00Z"),
    lastSyncedAt: new Date("2026-11-01T10:00:05Z"),
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/11",
        variantId: "gid://shopify/ProductVariant/21",
        quantity: 2,
        sellingPlanId: "gid://shopify/SellingPlan/31",
        offerId: "offer-1",
      },
    ],
    ...overrides,
  };
}

describe("order ids in URLs", () => {
  it("turns the numeric id of the URL into the order gid, and back", () => {
    expect(orderGidFromParam("1000000123")).toBe("gid://shopify/Order/1000000123");
    expect(orderPathId("gid://shopify/Order/1000000123")).toBe("1000000123");
    // Ids above 2^53 stay exact: they are text throughout.
    expect(orderGidFromParam("9007199254740993")).toBe("gid://shopify/Order/9007199254740993");
  });

  it("refuses anything but a plain positive number", () => {
    for (const param of [undefined, "", "0", "012", "12a", "-5", "1.5", "gid://shopify/Order/1", "1".repeat(21)]) {
      expect(orderGidFromParam(param)).toBeNull();
    }
  });
});

describe("orderListItem", () => {
  const NOW = new Date("2027-02-15T12:00:00Z");
  const AT = { ...NEW_YORK, now: NOW };
  function listed(overrides: Partial<ListedOrder> = {}): ListedOrder {
    return {
      orderId: "gid://shopify/Order/1001",
      orderName: "#1001",
      customerName: "Ada Lovelace",
      customerEmail: "ada@example.com",
      category: "PRE_ORDER",
      status: "OPEN",
      currency: "USD",
      receivedMinor: 2_500n,
      balanceDueMinor: 7_500n,
      dueAt: new Date("2027-03-01T15:00:00Z"),
      dueOnFulfillment: false,
      returnInProgress: false,
      chargeStatus: "SCHEDULED",
      needsAttention: false,
      ...overrides,
    };
  }

  it("formats money exactly and the due day in the shop's time zone", () => {
    // 04:30 UTC on 1 March is still 28 February in New York.
    const item = orderListItem(listed({ dueAt: new Date("2027-03-01T04:30:00Z") }), AT);
    expect(item).toMatchObject({
      pathId: "1001",
      name: "#1001",
      customer: "Ada Lovelace",
      email: "ada@example.com",
      received: "$25.00",
      balanceDue: "$75.00",
      dueDate: "Feb 28, 2027",
      overdue: false,
    });
    expect(
      orderListItem(listed({ dueAt: new Date("2027-03-01T04:30:00Z") }), { ...AT, timeZone: "UTC" }),
    ).toMatchObject({ dueDate: "Mar 1, 2027" });
  });

  it("keeps amounts beyond float precision and currencies without decimals exact", () => {
    expect(orderListItem(listed({ balanceDueMinor: 900_719_925_474_099_312n }), AT).balanceDue).toBe(
      "$9,007,199,254,740,993.12",
    );
    expect(orderListItem(listed({ currency: "JPY", receivedMinor: 1_500n }), AT).received).toBe("¥1,500");
  });

  it("says when the balance waits for fulfilment, and shows no date for orders that owe nothing", () => {
    expect(orderListItem(listed({ dueAt: null, dueOnFulfillment: true }), AT).dueDate).toBe("On fulfilment");
    expect(orderListItem(listed({ status: "PAID" }), AT).dueDate).toBeNull();
  });

  it("flags an open balance past its due date, a failed charge and one that needs the merchant", () => {
    const late = listed({ dueAt: new Date("2027-02-01T15:00:00Z"), chargeStatus: "FAILED", needsAttention: true });
    expect(orderListItem(late, AT)).toMatchObject({ overdue: true, chargeFailed: true, needsAttention: true });
    expect(orderListItem({ ...late, status: "PAID" }, AT).overdue).toBe(false);
  });

  it("sends only strings, booleans and null to the browser", () => {
    const values = Object.values(orderListItem(listed(), AT));
    expect(values.every((value) => ["string", "boolean"].includes(typeof value) || value === null)).toBe(true);
  });
});

describe("orderDetail", () => {
  const offers = [
    {
      id: "offer-1",
      name: "Spring pre-order",
      variants: [{ id: "gid://shopify/ProductVariant/21", title: "Large", productTitle: "Shirt" }],
    },
  ];
  const now = new Date("2026-11-24T03:00:00Z"); // 23 November, 22:00 in New York

  it("starts the date field on the current due day in the shop's zone, and allows tomorrow to two years ahead", () => {
    const detail = orderDetail(order(), offers, { ...NEW_YORK, now });
    expect(detail).toMatchObject({
      dueDate: "Mar 1, 2027",
      dueDateInput: "2027-03-01",
      earliestDate: "2026-11-24",
      latestDate: "2028-11-22",
      total: "$100.00",
      hasSavedPaymentMethod: true,
    });
  });

  it("leaves the date field empty while the balance waits for fulfilment", () => {
    const detail = orderDetail(order({ dueAt: null, dueOnFulfillment: true }), offers, { ...NEW_YORK, now });
    expect(detail).toMatchObject({ dueDate: "On fulfilment", dueDateInput: "", dueAtKey: "fulfilment" });
  });

  it("names each line's variant and offer when the app knows them", () => {
    const detail = orderDetail(
      order({
        mandateId: null,
        lines: [
          ...order().lines,
          {
            lineItemId: "gid://shopify/LineItem/12",
            variantId: "gid://shopify/ProductVariant/22",
            quantity: 1,
            sellingPlanId: "gid://shopify/SellingPlan/32",
            offerId: "offer-gone",
          },
          {
            lineItemId: "gid://shopify/LineItem/13",
            variantId: "gid://shopify/ProductVariant/23",
            quantity: 1,
            sellingPlanId: null,
            offerId: null,
          },
          {
            // As the order names it: the stored titles win, with the image and unit price.
            lineItemId: "gid://shopify/LineItem/14",
            variantId: "gid://shopify/ProductVariant/24",
            quantity: 1,
            sellingPlanId: null,
            offerId: null,
            title: "Lamp",
            variantTitle: "Amber",
            imageUrl: "https://cdn.example/lamp.png",
            unitPrice: { currency: "USD", minorUnits: 4000n },
          },
        ],
      }),
      offers,
      { ...NEW_YORK, now },
    );
    expect(detail.hasSavedPaymentMethod).toBe(false);
    expect(detail.lines).toEqual(
      [
        {
          id: "gid://shopify/LineItem/11",
          quantity: 2,
          variant: "Shirt – Large",
          offer: { id: "offer-1", name: "Spring pre-order" },
          otherPlan: false,
        },
        {
          id: "gid://shopify/LineItem/12",
          quantity: 1,
          variant: "Variant 22",
          offer: { id: "offer-gone", name: "Deleted offer" },
          otherPlan: false,
        },
        { id: "gid://shopify/LineItem/13", quantity: 1, variant: "Variant 23", offer: null, otherPlan: false },
        {
          id: "gid://shopify/LineItem/14",
          quantity: 1,
          variant: "Lamp – Amber",
          imageUrl: "https://cdn.example/lamp.png",
          unitPrice: "$40.00",
          offer: null,
          otherPlan: false,
        },
      ].map((line) => ({
        imageUrl: null,
        unitPrice: null,
        heading: `${line.quantity} × ${line.variant}`,
        note: null,
        ...line,
      })),
    );
  });
});

describe("what the customer paid, on the order page", () => {
  const now = new Date("2026-11-24T03:00:00Z");

  it("shows a refunded deposit as refunded: paid by the customer, refunded, and the net payment", () => {
    const refunded = orderDetail(order({ refunded: { currency: "USD", minorUnits: 2_500n } }), [], {
      ...NEW_YORK,
      now,
    });
    expect(refunded.payments).toEqual([
      { term: "Paid by customer", description: "$25.00" },
      { term: "Refunded", description: "$25.00" },
      { term: "Net payment", description: "$0.00" },
    ]);
  });

  it("shows what was paid alone when nothing was refunded", () => {
    const detail = orderDetail(order({ refunded: { currency: "USD", minorUnits: 0n } }), [], { ...NEW_YORK, now });
    expect(detail.payments).toEqual([{ term: "Paid", description: "$25.00" }]);
  });
});

describe("an order's lines, on the order page", () => {
  const now = new Date("2026-11-24T03:00:00Z");
  const line = (quantity: number) => ({
    lineItemId: "gid://shopify/LineItem/11",
    variantId: "gid://shopify/ProductVariant/21",
    quantity,
    sellingPlanId: null,
    offerId: null,
    title: "Lamp",
  });

  it('reads a cancelled order\'s line as its quantity and variant, noted as cancelled (never "0 ×")', () => {
    const [cancelled] = orderDetail(order({ status: "CANCELLED", lines: [line(2)] }), [], { ...NEW_YORK, now }).lines;
    expect(cancelled).toMatchObject({ heading: "2 × Lamp", note: "Cancelled with the order" });
  });

  it("reads a line an edit removed as removed, without a quantity of 0", () => {
    const [removed, kept] = orderDetail(order({ lines: [line(0), { ...line(1), lineItemId: "x" }] }), [], {
      ...NEW_YORK,
      now,
    }).lines;
    expect(removed).toMatchObject({ heading: "Lamp", note: "Removed from the order" });
    expect(kept).toMatchObject({ heading: "1 × Lamp", note: null });
  });
});

describe("historyEntry", () => {
  it("shows the change's days in the shop's zone and a balance that was due on fulfilment", () => {
    const entry = historyEntry(
      {
        id: "c1",
        fromDueAt: null,
        toDueAt: new Date("2027-03-01T05:00:00Z"),
        earlier: true,
        confirmedEarlier: true,
        reason: "Stock arrived",
        outcome: "APPLIED",
        error: null,
        createdAt: new Date("2026-11-24T15:30:00Z"),
      },
      NEW_YORK,
    );
    expect(entry).toEqual({
      id: "c1",
      at: "Nov 24, 2026, 10:30 AM",
      from: "On fulfilment",
      to: "Mar 1, 2027",
      earlier: true,
      confirmedEarlier: true,
      applied: true,
      error: null,
      note: "Stock arrived",
    });
  });
});

describe("backfillBanner", () => {
  const run = (overrides: Partial<StoredBackfillRun>): StoredBackfillRun => ({
    id: "r1",
    trigger: "MANUAL",
    status: "QUEUED",
    pages: 0,
    ordersRead: 0,
    ordersTaken: 0,
    lastError: null,
    createdAt: new Date("2026-11-24T15:00:00Z"),
    finishedAt: null,
    ...overrides,
  });

  it("keeps the page asking while the search is queued or running, and says how far it got", () => {
    expect(backfillBanner(run({}), NEW_YORK)).toMatchObject({ active: true, waitingToRetry: false, tone: "info" });
    expect(
      backfillBanner(run({ status: "RUNNING", pages: 2, ordersRead: 200, ordersTaken: 1 }), NEW_YORK),
    ).toMatchObject({
      active: true,
      message: "2 pages read so far: 200 orders, 1 new order with deferred payments.",
    });
    expect(backfillBanner(run({ lastError: "Throttled" }), NEW_YORK)).toMatchObject({
      active: true,
      waitingToRetry: true,
      tone: "warning",
    });
  });

  it("says what a finished search found, and why a failed one stopped", () => {
    const done = run({ status: "DONE", ordersRead: 1, ordersTaken: 3, finishedAt: new Date("2026-11-24T15:01:00Z") });
    expect(backfillBanner(done, NEW_YORK)).toMatchObject({
      active: false,
      tone: "success",
      title: "Search finished",
      message: "Found 3 new orders with deferred payments among 1 order read on Nov 24, 2026, 10:01 AM.",
    });
    expect(backfillBanner({ ...done, trigger: "INSTALL" }, NEW_YORK)).toMatchObject({
      tone: "info",
      title: "Existing orders were searched when the app was installed",
    });
    expect(backfillBanner(run({ status: "FAILED", lastError: "No offline access token" }), NEW_YORK)).toMatchObject({
      active: false,
      tone: "critical",
      message: expect.stringContaining("No offline access token"),
    });
  });
});

describe("reschedule form", () => {
  it("passes on only the fields the reschedule reads", () => {
    const form = new FormData();
    form.set("intent", "reschedule");
    form.set("dueDate", "2027-03-01");
    form.set("reason", "");
    form.set("confirmEarlier", "on");
    form.set("status", "PAID");
    expect(rescheduleFormFields(form)).toEqual({ dueDate: "2027-03-01", reason: "", confirmEarlier: "on" });
  });

  it("puts errors on their fields and keeps the others for the form", () => {
    expect(splitFieldErrors({ dueDate: "Choose a date after today", confirmEarlier: "Invalid option" })).toEqual({
      dueDate: "Choose a date after today",
      reason: undefined,
      other: ["Invalid option"],
    });
  });
});

describe("paymentMethodText", () => {
  const NOW = new Date("2027-02-15T12:00:00Z");
  it("names the card by brand and last digits only, with its expiry", () => {
    expect(paymentMethodText({ brand: "visa", lastDigits: "4242", expiryMonth: 3, expiryYear: 2028 }, NOW)).toBe(
      "Visa •••• 4242, expires 03/2028",
    );
    expect(
      paymentMethodText({ brand: "american_express", lastDigits: "0005", expiryMonth: 1, expiryYear: 2027 }, NOW),
    ).toBe("American Express •••• 0005, expired 01/2027");
    // The month it expires in is still good.
    expect(paymentMethodText({ brand: "Visa", lastDigits: "1111", expiryMonth: 2, expiryYear: 2027 }, NOW)).toBe(
      "Visa •••• 1111, expires 02/2027",
    );
  });
});
