// Payment outcome faults beyond success/decline (partial, voided, redirect, refunded, authorize then capture, timed
// pending), answer-shaping faults (user_error, in_progress, no_reference) and which requests each fault applies to.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, startHarness, type Harness } from "./helpers.js";
import { DEFAULT_APP_TOML } from "../src/server.js";
import { loadSchema } from "../src/graphql/schema.js";
import { conformanceErrors } from "./conformance.js";
import type { FaultSpec, OrderJson } from "../client.js";

const SHOP = "outcomes-shop.myshopify.com";
const schema = loadSchema();
let h: Harness;
let token: string;
let variantId: string;
let planId: string;

const PAY = /* GraphQL */ `
  mutation ChargeOrder($id: ID!, $mandateId: ID!, $key: String!, $scheduleId: ID) {
    orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, paymentScheduleId: $scheduleId) {
      job {
        id
        done
      }
      paymentReferenceId
      userErrors {
        field
        message
        code
      }
    }
  }
`;
const STATUS = /* GraphQL */ `
  query PaymentStatus($orderId: ID!, $ref: String!) {
    orderPaymentStatus(orderId: $orderId, paymentReferenceId: $ref) {
      status
      errorMessage
      transactions {
        id
        kind
        status
        errorCode
        amountSet {
          shopMoney {
            amount
            currencyCode
          }
          presentmentMoney {
            amount
            currencyCode
          }
        }
        parentTransaction {
          id
        }
      }
    }
  }
`;
const ORDER = /* GraphQL */ `
  query OrderMoney($id: ID!) {
    order(id: $id) {
      displayFinancialStatus
      capturable
      totalCapturableSet {
        shopMoney {
          amount
        }
      }
      capturableTransactions: transactions(capturable: true) {
        id
      }
    }
  }
`;

type PayData = {
  orderCreateMandatePayment: {
    job: { id: string; done: boolean } | null;
    paymentReferenceId: string | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  };
};
type Txn = {
  id: string;
  kind: string;
  status: string;
  errorCode: string | null;
  amountSet: { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string } };
  parentTransaction: { id: string } | null;
};
type StatusData = { orderPaymentStatus: { status: string; errorMessage: string | null; transactions: Txn[] } };

async function deferredOrder(): Promise<OrderJson> {
  return h.client.checkout(SHOP, { lines: [{ variantId, sellingPlanId: planId }] });
}

function pay(order: OrderJson, key: string) {
  return h.client.graphql<PayData>(token, PAY, {
    id: order.id,
    mandateId: order.mandateIds[0],
    key,
    scheduleId: order.paymentTerms!.paymentSchedules[0]!.id,
  });
}

async function refOf(order: OrderJson, key: string): Promise<string> {
  const r = await pay(order, key);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.orderCreateMandatePayment.paymentReferenceId!;
}

async function poll(order: OrderJson, ref: string) {
  const r = await h.client.graphql<StatusData>(token, STATUS, { orderId: order.id, ref });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(conformanceErrors(schema, STATUS, r.data)).toEqual([]);
  return r.data!.orderPaymentStatus;
}

async function statuses(order: OrderJson, ref: string, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) seen.push((await poll(order, ref)).status);
  return seen;
}

async function orderMoney(order: OrderJson) {
  const r = await h.client.graphql<{
    order: {
      displayFinancialStatus: string;
      capturable: boolean;
      totalCapturableSet: { shopMoney: { amount: string } };
      capturableTransactions: { id: string }[];
    };
  }>(token, ORDER, { id: order.id });
  return r.data!.order;
}

/** Webhook topics delivered for an order, in the order they were sent. */
async function topicsFor(order: OrderJson): Promise<string[]> {
  await h.client.drainWebhooks();
  const n = Number(order.id.split("/").pop());
  return (await h.client.webhooks({ shop: SHOP }))
    .filter((d) => {
      const body = JSON.parse(d.body) as { id?: number; order_id?: number };
      return body.order_id === n || (d.topic.startsWith("orders/") && body.id === n);
    })
    .map((d) => d.topic);
}

async function script(order: OrderJson, faults: FaultSpec[]) {
  await h.client.scriptFaults(SHOP, faults, order.id);
}

beforeAll(async () => {
  // The app does not subscribe to orders/paid; these tests do, to see when a payment completes the order.
  const appToml = `${readFileSync(DEFAULT_APP_TOML, "utf8")}
[[webhooks.subscriptions]]
topics = ["orders/paid"]
uri = "/webhooks/orders/paid"
`;
  h = await startHarness({ appToml });
  const installed = await h.client.install(SHOP, { currencyCode: "USD" });
  token = installed.accessToken!;
  const product = await h.client.createProduct(SHOP, {
    title: "Camera",
    variants: [{ price: "100.00", inventoryQuantity: 50, inventoryPolicy: "CONTINUE" }],
  });
  variantId = product.variants[0]!.id;
  planId = await createPlan(h.client, token, product.id);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.client.clearFaults(SHOP);
  await h.client.configure({ paymentSteps: ["PROCESSING"] });
});

describe("partial_success", () => {
  it("by default half succeeds: a SALE SUCCESS and a declined SALE for the rest; only the half is counted", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "partial_success" }]);
    const ref = await refOf(order, "partial-half");
    expect(await statuses(order, ref, 2)).toEqual(["PROCESSING", "PARTIAL_SUCCESS"]);
    const s = await poll(order, ref);
    expect(s.errorMessage).toBe("Your card was declined.");
    expect(s.transactions.map((t) => [t.kind, t.status, t.errorCode, t.amountSet.shopMoney.amount])).toEqual([
      ["SALE", "SUCCESS", null, "37.50"],
      ["SALE", "FAILURE", "CARD_DECLINED", "37.50"],
    ]);
    const o = await h.client.order(SHOP, order.id);
    expect(o).toMatchObject({ totalReceived: "62.50", totalOutstanding: "37.50", netPayment: "62.50" });
    expect(o.paymentTerms!.paymentSchedules[0]).toMatchObject({
      balanceDue: "37.50",
      totalBalance: "37.50",
      completedAt: null,
    });
    const [attempt] = await h.client.paymentAttempts(SHOP, order.id);
    expect(attempt).toMatchObject({ status: "PARTIAL_SUCCESS", charged: true, chargedAmount: "37.50" });
    expect(attempt!.transactions).toEqual([
      { id: s.transactions[0]!.id, kind: "SALE", status: "SUCCESS", amount: "37.50" },
      { id: s.transactions[1]!.id, kind: "SALE", status: "FAILURE", amount: "37.50" },
    ]);
    expect(await topicsFor(order)).not.toContain("orders/paid");
  });

  it("takes an amount; one that is not below the payment's amount is an error, a bad decimal is refused", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "partial_success", amount: "10.00" }]);
    const ref = await refOf(order, "partial-ten");
    await statuses(order, ref, 2);
    const s = await poll(order, ref);
    expect(s.transactions.map((t) => t.amountSet.shopMoney.amount)).toEqual(["10.00", "65.00"]);
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("65.00");

    await script(order, [{ kind: "partial_success", amount: "65.00" }]);
    const tooMuch = await pay(order, "partial-all");
    expect(JSON.stringify(tooMuch.errors)).toMatch(/partial_success/);
    await expect(h.client.scriptFaults(SHOP, [{ kind: "partial_success", amount: "1.234" }])).rejects.toThrow(
      /decimal places/,
    );
  });
});

describe("voided", () => {
  it("is AUTHORIZED first, then VOIDED with a VOID of the authorization: nothing received, nothing capturable", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "voided" }]);
    const ref = await refOf(order, "voided");
    expect(await statuses(order, ref, 2)).toEqual(["PROCESSING", "AUTHORIZED"]);
    const held = await h.client.order(SHOP, order.id);
    expect(held).toMatchObject({ totalCapturable: "75.00", totalReceived: "25.00", totalOutstanding: "75.00" });
    expect(held.paymentTerms!.paymentSchedules[0]).toMatchObject({ balanceDue: "75.00", totalBalance: "0.00" });
    expect(await orderMoney(order)).toMatchObject({ capturable: true, capturableTransactions: [expect.anything()] });
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({ charged: true, chargedAmount: "0.00" });

    const s = await poll(order, ref);
    expect(s.status).toBe("VOIDED");
    const [auth, voided] = s.transactions;
    expect([auth!.kind, auth!.status, voided!.kind, voided!.status]).toEqual([
      "AUTHORIZATION",
      "SUCCESS",
      "VOID",
      "SUCCESS",
    ]);
    expect(voided!.parentTransaction).toEqual({ id: auth!.id });
    expect(await statuses(order, ref, 1)).toEqual(["VOIDED"]);
    const o = await h.client.order(SHOP, order.id);
    expect(o).toMatchObject({ totalCapturable: "0.00", totalReceived: "25.00", totalOutstanding: "75.00" });
    // What the authorization held back is owed again.
    expect(o.paymentTerms!.paymentSchedules[0]).toMatchObject({
      balanceDue: "75.00",
      totalBalance: "75.00",
      completedAt: null,
    });
    expect(o.transactions.find((t) => t.kind === "VOID")!.parentId).toBe(auth!.id);
    expect(await orderMoney(order)).toMatchObject({
      capturable: false,
      totalCapturableSet: { shopMoney: { amount: "0.00" } },
      capturableTransactions: [],
    });
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({
      status: "VOIDED",
      charged: false,
      chargedAmount: "0.00",
    });
  });
});

describe("redirect_required", () => {
  it("waits for the customer: no settling by polls, clock or settle; a resolve decides it", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "redirect_required" }]);
    const ref = await refOf(order, "redirect");
    expect(await statuses(order, ref, 4)).toEqual([
      "PROCESSING",
      "REDIRECT_REQUIRED",
      "REDIRECT_REQUIRED",
      "REDIRECT_REQUIRED",
    ]);
    await h.client.setClock({ advance: "P2D" });
    await h.client.settlePayments();
    const s = await poll(order, ref);
    expect(s.status).toBe("REDIRECT_REQUIRED");
    expect(s.transactions.map((t) => [t.kind, t.status])).toEqual([["SALE", "PENDING"]]);
    await h.client.resolvePayment(SHOP, ref, { kind: "decline", reason: "card_declined" });
    const after = await poll(order, ref);
    expect(after.status).toBe("ERROR");
    expect(after.transactions[1]).toMatchObject({ kind: "SALE", status: "FAILURE", errorCode: "CARD_DECLINED" });
    expect(after.transactions[1]!.parentTransaction).toEqual({ id: after.transactions[0]!.id });
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("75.00");
  });

  it("resolved to success: a child SUCCESS, money received and orders/paid", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "redirect_required" }]);
    const ref = await refOf(order, "redirect-ok");
    await statuses(order, ref, 2);
    await expect(h.client.resolvePayment(SHOP, ref, { kind: "voided" })).rejects.toThrow(/outcome.kind/);
    await h.client.resolvePayment(SHOP, ref, { kind: "success" });
    expect((await poll(order, ref)).status).toBe("SUCCESS");
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("0.00");
    expect(await topicsFor(order)).toContain("orders/paid");
  });
});

describe("refunded", () => {
  it("succeeds, is refunded at once (a REFUND of the sale) and then reads REFUNDED", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "refunded" }]);
    const ref = await refOf(order, "refunded");
    expect(await statuses(order, ref, 4)).toEqual(["PROCESSING", "SUCCESS", "REFUNDED", "REFUNDED"]);
    const s = await poll(order, ref);
    const [sale, refund] = s.transactions;
    expect([sale!.kind, sale!.status, refund!.kind, refund!.status]).toEqual(["SALE", "SUCCESS", "REFUND", "SUCCESS"]);
    expect(refund!.amountSet.shopMoney.amount).toBe("75.00");
    expect(refund!.parentTransaction).toEqual({ id: sale!.id });
    const o = await h.client.order(SHOP, order.id);
    expect(o).toMatchObject({
      totalReceived: "100.00",
      totalRefunded: "75.00",
      netPayment: "25.00",
      totalOutstanding: "0.00",
    });
    expect(o.paymentTerms!.paymentSchedules[0]!.completedAt).not.toBeNull();
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({
      charged: true,
      chargedAmount: "75.00",
    });
    const topics = await topicsFor(order);
    expect(topics).toEqual(expect.arrayContaining(["refunds/create", "orders/paid"]));
    expect(topics.filter((t) => t === "order_transactions/create")).toHaveLength(3); // deposit, sale, refund
  });
});

describe("authorize_then_capture", () => {
  it("reads AUTHORIZED for `reads` more polls, then CAPTURED with a CAPTURE of the authorization", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "authorize_then_capture", reads: 2 }]);
    const ref = await refOf(order, "capture-later");
    expect(await statuses(order, ref, 4)).toEqual(["PROCESSING", "AUTHORIZED", "AUTHORIZED", "AUTHORIZED"]);
    const held = await h.client.order(SHOP, order.id);
    expect(held).toMatchObject({ totalCapturable: "75.00", totalReceived: "25.00", totalOutstanding: "75.00" });
    expect(held.paymentTerms!.paymentSchedules[0]).toMatchObject({ balanceDue: "75.00", totalBalance: "0.00" });
    const before = await topicsFor(order);
    expect(before).not.toContain("orders/paid");

    expect(await statuses(order, ref, 2)).toEqual(["CAPTURED", "CAPTURED"]);
    const s = await poll(order, ref);
    const [auth, capture] = s.transactions;
    expect([auth!.kind, capture!.kind, capture!.status]).toEqual(["AUTHORIZATION", "CAPTURE", "SUCCESS"]);
    expect(capture!.parentTransaction).toEqual({ id: auth!.id });
    const o = await h.client.order(SHOP, order.id);
    expect(o).toMatchObject({ totalCapturable: "0.00", totalReceived: "100.00", totalOutstanding: "0.00" });
    expect(o.paymentTerms!.paymentSchedules[0]).toMatchObject({ balanceDue: "0.00", totalBalance: "0.00" });
    expect(o.displayFinancialStatus).toBe("PAID");
    const after = (await topicsFor(order)).slice(before.length);
    expect(after).toEqual(["order_transactions/create", "orders/updated", "orders/paid"]);
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({ chargedAmount: "75.00" });
  });

  it("captures at the second read after the authorization by default", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "authorize_then_capture" }]);
    const ref = await refOf(order, "capture-default");
    expect(await statuses(order, ref, 4)).toEqual(["PROCESSING", "AUTHORIZED", "AUTHORIZED", "CAPTURED"]);
  });
});

describe("pending with forMs", () => {
  it("stays PENDING until the simulated clock reaches creation + forMs, then succeeds", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "pending", forMs: 86_400_000 }]);
    const ref = await refOf(order, "timed-ok");
    expect(await statuses(order, ref, 3)).toEqual(["PROCESSING", "PENDING", "PENDING"]);
    await h.client.setClock({ advance: "PT23H" });
    expect((await poll(order, ref)).status).toBe("PENDING");
    await h.client.setClock({ advance: "PT2H" });
    const s = await poll(order, ref);
    expect(s.status).toBe("SUCCESS");
    expect(s.transactions.map((t) => [t.kind, t.status])).toEqual([
      ["SALE", "PENDING"],
      ["SALE", "SUCCESS"],
    ]);
    expect(s.transactions[1]!.parentTransaction).toEqual({ id: s.transactions[0]!.id });
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("0.00");
  });

  it("settles to `then` (a decline), also when the clock jumps past it before anyone polls", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "pending", forMs: 60_000, then: { kind: "decline", reason: "insufficient_funds" } }]);
    const ref = await refOf(order, "timed-decline");
    await h.client.setClock({ advance: "PT5M" });
    const s = await poll(order, ref);
    expect(s).toMatchObject({ status: "ERROR", errorMessage: "Your card has insufficient funds." });
    expect(s.transactions.map((t) => [t.status, t.errorCode])).toEqual([
      ["PENDING", null],
      ["FAILURE", "INSUFFICIENT_FUNDS"],
    ]);
  });

  it("refuses `then` without forMs and a `then` that is not success, decline or retryable", async () => {
    await expect(h.client.scriptFaults(SHOP, [{ kind: "pending", then: { kind: "success" } }])).rejects.toThrow(
      /then needs kind pending with forMs/,
    );
    await expect(
      h.client.scriptFaults(SHOP, [{ kind: "pending", forMs: 10, then: { kind: "voided" } }]),
    ).rejects.toThrow(/then.kind/);
  });
});

describe("answer-shaping faults", () => {
  it("user_error: a generic user error and nothing made; the key stays unused", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "user_error" }]);
    const r = await pay(order, "user-error");
    expect(r.data!.orderCreateMandatePayment).toEqual({
      job: null,
      paymentReferenceId: null,
      userErrors: [
        { code: "ORDER_MANDATE_PAYMENT_ERROR_CODE", field: null, message: "The payment could not be processed." },
      ],
    });
    expect(await h.client.paymentAttempts(SHOP, order.id)).toEqual([]);
    const again = await refOf(order, "user-error");
    expect(again).toBeTruthy();
    expect(await h.client.paymentAttempts(SHOP, order.id)).toHaveLength(1);
  });

  it("user_error with createsPayment: the same answer, but the payment is made and a replay returns it", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "user_error", createsPayment: true, message: "Try later." }]);
    const r = await pay(order, "made-anyway");
    expect(r.data!.orderCreateMandatePayment).toMatchObject({
      paymentReferenceId: null,
      userErrors: [{ code: "ORDER_MANDATE_PAYMENT_ERROR_CODE", field: null, message: "Try later." }],
    });
    const [attempt] = await h.client.paymentAttempts(SHOP, order.id);
    expect(attempt).toMatchObject({ idempotencyKey: "made-anyway", fault: "user_error" });
    expect(await refOf(order, "made-anyway")).toBe(attempt!.paymentReferenceId);
    expect(await statuses(order, attempt!.paymentReferenceId, 2)).toEqual(["PROCESSING", "SUCCESS"]);
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("0.00");
  });

  it("in_progress applies to a replay only: the answer says so, the payment is untouched", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "in_progress" }]);
    // A new payment does not consume it.
    const ref = await refOf(order, "busy");
    expect(await h.client.faults(SHOP)).toEqual([expect.objectContaining({ kind: "in_progress", remaining: 1 })]);
    const r = await pay(order, "busy");
    expect(r.data!.orderCreateMandatePayment).toEqual({
      job: null,
      paymentReferenceId: null,
      userErrors: [
        {
          code: "ORDER_MANDATE_PAYMENT_ERROR_CODE",
          field: ["idempotencyKey"],
          message: "A payment with this idempotency key is still being processed.",
        },
      ],
    });
    expect(await h.client.faults(SHOP)).toEqual([]);
    expect(await refOf(order, "busy")).toBe(ref);
    const attempts = await h.client.paymentAttempts(SHOP, order.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ replays: 2, status: "INITIATED" });
  });

  it("no_reference: the payment is made, the answer has a job but no reference; a replay returns it", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "no_reference" }]);
    const r = await pay(order, "no-ref");
    const p = r.data!.orderCreateMandatePayment;
    expect(p).toEqual({
      job: { id: expect.stringMatching(/^gid:\/\/shopify\/Job\//), done: false },
      paymentReferenceId: null,
      userErrors: [],
    });
    const ref = await refOf(order, "no-ref");
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({ paymentReferenceId: ref, replays: 1 });
    expect(await statuses(order, ref, 2)).toEqual(["PROCESSING", "SUCCESS"]);
  });
});

describe("queue semantics", () => {
  it("an outcome fault at the head waits through replays; a request fault applies to replays too", async () => {
    const order = await deferredOrder();
    const ref = await refOf(order, "first");
    await script(order, [{ kind: "decline" }]);
    expect(await refOf(order, "first")).toBe(ref); // a replay leaves the decline in place
    expect(await h.client.faults(SHOP)).toEqual([expect.objectContaining({ kind: "decline", remaining: 1 })]);
    await h.client.clearFaults(SHOP);
    await script(order, [{ kind: "http_5xx" }, { kind: "decline" }]);
    expect((await pay(order, "first")).status).toBe(503);
    const declined = await refOf(order, "second");
    expect((await statuses(order, declined, 2))[1]).toBe("ERROR");
  });

  it("in_progress at the head does not stop a new payment, and is not skipped for a later entry", async () => {
    const order = await deferredOrder();
    await script(order, [{ kind: "in_progress" }, { kind: "decline" }]);
    const ref = await refOf(order, "new-one");
    expect(await statuses(order, ref, 2)).toEqual(["PROCESSING", "SUCCESS"]);
    expect((await h.client.faults(SHOP)).map((f) => f.kind)).toEqual(["in_progress", "decline"]);
  });
});
