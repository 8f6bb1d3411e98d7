// orderCreateMandatePayment: idempotency, status transitions, effects on the order, and every scripted fault mode.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, shopWithProduct, startHarness, type Harness } from "./helpers.js";
import type { OrderJson } from "../client.js";

const SHOP = "pay-shop.myshopify.com";
let h: Harness;
let token: string;
let variantId: string;
let planId: string;

const PAY = /* GraphQL */ `
  mutation Pay($id: ID!, $mandateId: ID!, $key: String!, $scheduleId: ID, $amount: MoneyInput) {
    orderCreateMandatePayment(
      id: $id
      mandateId: $mandateId
      idempotencyKey: $key
      paymentScheduleId: $scheduleId
      amount: $amount
    ) {
      job {
        id
        done
      }
      jobResult {
        id
        done
        status
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
  query Status($orderId: ID!, $ref: String!) {
    orderPaymentStatus(orderId: $orderId, paymentReferenceId: $ref) {
      status
      errorMessage
      translatedErrorMessage
      transactions {
        kind
        status
        errorCode
        amountSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;
const ORDER = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) {
      displayFinancialStatus
      totalOutstandingSet {
        shopMoney {
          amount
        }
      }
      paymentTerms {
        paymentSchedules(first: 1) {
          nodes {
            id
            completedAt
            balanceDue {
              amount
            }
            totalBalance {
              amount
            }
          }
        }
      }
      transactions {
        kind
        status
        amountSet {
          shopMoney {
            amount
          }
        }
      }
    }
  }
`;

type PayData = {
  orderCreateMandatePayment: {
    job: { id: string; done: boolean } | null;
    jobResult: { status: string } | null;
    paymentReferenceId: string | null;
    userErrors: { message: string; code: string }[];
  };
};
type StatusData = {
  orderPaymentStatus: {
    status: string;
    errorMessage: string | null;
    transactions: { kind: string; status: string; errorCode: string | null }[];
  } | null;
};
type OrderData = {
  order: {
    displayFinancialStatus: string;
    totalOutstandingSet: { shopMoney: { amount: string } };
    paymentTerms: {
      paymentSchedules: { nodes: { id: string; completedAt: string | null; balanceDue: { amount: string } }[] };
    };
  };
};

async function deferredOrder(): Promise<OrderJson> {
  return h.client.checkout(SHOP, { lines: [{ variantId, sellingPlanId: planId }] });
}

function pay(order: OrderJson, key: string, extra: Record<string, unknown> = {}) {
  return h.client.graphql<PayData>(token, PAY, {
    id: order.id,
    mandateId: order.mandateIds[0],
    key,
    scheduleId: order.paymentTerms!.paymentSchedules[0]!.id,
    ...extra,
  });
}

async function poll(order: OrderJson, ref: string) {
  const r = await h.client.graphql<StatusData>(token, STATUS, { orderId: order.id, ref });
  return r.data!.orderPaymentStatus!;
}

async function pollUntilSettled(order: OrderJson, ref: string) {
  for (let i = 0; i < 10; i++) {
    const s = await poll(order, ref);
    if (!["INITIATED", "PROCESSING"].includes(s.status)) return s;
  }
  throw new Error("never settled");
}

beforeAll(async () => {
  h = await startHarness();
  let productId: string;
  ({ token, variantId, productId } = await shopWithProduct(h.client, SHOP, { price: "100.00" }));
  planId = await createPlan(h.client, token, productId);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.client.clearFaults(SHOP);
  await h.client.configure({ paymentSteps: ["PROCESSING"] });
});

describe("idempotency", () => {
  it("returns the original payment for a repeated key and creates no new payment", async () => {
    const order = await deferredOrder();
    const first = await pay(order, "key-1");
    const ref = first.data!.orderCreateMandatePayment.paymentReferenceId!;
    expect(ref).toBeTruthy();
    const again = await pay(order, "key-1");
    expect(again.data!.orderCreateMandatePayment.paymentReferenceId).toBe(ref);
    expect(again.data!.orderCreateMandatePayment.job!.id).toBe(first.data!.orderCreateMandatePayment.job!.id);
    await pollUntilSettled(order, ref);
    // A retry after success still answers with the original payment: money moves once.
    const late = await pay(order, "key-1");
    expect(late.data!.orderCreateMandatePayment.paymentReferenceId).toBe(ref);
    const attempts = await h.client.paymentAttempts(SHOP, order.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ idempotencyKey: "key-1", replays: 2, charged: true, amount: "75.00" });
    const o = await h.client.order(SHOP, order.id);
    expect(o.transactions.filter((t) => t.kind === "SALE" && t.status === "SUCCESS").map((t) => t.amount)).toEqual([
      "25.00",
      "75.00",
    ]);
  });

  it("creates a new payment for a new key", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "decline" }], order.id);
    const a = await pay(order, "first-try");
    await pollUntilSettled(order, a.data!.orderCreateMandatePayment.paymentReferenceId!);
    const b = await pay(order, "second-try");
    expect(b.data!.orderCreateMandatePayment.paymentReferenceId).not.toBe(
      a.data!.orderCreateMandatePayment.paymentReferenceId,
    );
    expect((await h.client.paymentAttempts(SHOP, order.id)).map((x) => x.idempotencyKey)).toEqual([
      "first-try",
      "second-try",
    ]);
  });

  it("refuses a key already used for another order", async () => {
    const one = await deferredOrder();
    const two = await deferredOrder();
    await pay(one, "shared-key");
    const r = await pay(two, "shared-key");
    expect(r.data!.orderCreateMandatePayment.userErrors).toEqual([
      expect.objectContaining({ code: "ORDER_MANDATE_PAYMENT_ERROR_CODE" }),
    ]);
  });
});

describe("status transitions and effects", () => {
  it("moves INITIATED -> PROCESSING -> SUCCESS, completes the schedule and lowers the outstanding balance", async () => {
    await h.client.configure({ paymentSteps: ["INITIATED", "PROCESSING"] });
    const order = await deferredOrder();
    const r = await pay(order, "transitions");
    const p = r.data!.orderCreateMandatePayment;
    expect(p.job!.done).toBe(false);
    expect(p.jobResult!.status).toBe("STARTED");
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await poll(order, p.paymentReferenceId!)).status);
    expect(seen).toEqual(["INITIATED", "PROCESSING", "SUCCESS", "SUCCESS"]);
    const job = await h.client.graphql<{ job: { done: boolean } }>(token, "query($id: ID!) { job(id: $id) { done } }", {
      id: p.job!.id,
    });
    expect(job.data!.job.done).toBe(true);
    const o = await h.client.graphql<OrderData>(token, ORDER, { id: order.id });
    expect(o.data!.order.totalOutstandingSet.shopMoney.amount).toBe("0.00");
    expect(o.data!.order.displayFinancialStatus).toBe("PAID");
    const sched = o.data!.order.paymentTerms.paymentSchedules.nodes[0]!;
    expect(sched.completedAt).not.toBeNull();
    expect(sched.balanceDue.amount).toBe("0.00");
  });

  it("validates the request: unknown mandate, amount above the outstanding balance", async () => {
    const order = await deferredOrder();
    const bad = await h.client.graphql<PayData>(token, PAY, {
      id: order.id,
      mandateId: "gid://shopify/PaymentMandate/1",
      key: "bad-mandate",
    });
    expect(bad.data!.orderCreateMandatePayment.userErrors[0]!.message).toMatch(/mandate/i);
    const tooMuch = await pay(order, "too-much", { amount: { amount: "75.01", currencyCode: "USD" } });
    expect(tooMuch.data!.orderCreateMandatePayment.userErrors[0]!.message).toMatch(/exceeds/);
    expect(await h.client.paymentAttempts(SHOP, order.id)).toHaveLength(0);
  });
});

describe("fault modes", () => {
  it("decline: ERROR with the card's reason, a failed transaction, balance unchanged", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "decline", reason: "insufficient_funds" }], order.id);
    const r = await pay(order, "declined");
    const s = await pollUntilSettled(order, r.data!.orderCreateMandatePayment.paymentReferenceId!);
    expect(s).toMatchObject({ status: "ERROR", errorMessage: "Your card has insufficient funds." });
    expect(s.transactions).toEqual([expect.objectContaining({ status: "FAILURE", errorCode: "INSUFFICIENT_FUNDS" })]);
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("75.00");
  });

  it("decline for a whole shop applies to the next N payments, then payments succeed again", async () => {
    await h.client.scriptFaults(SHOP, [{ kind: "decline", count: 2 }]);
    const results = [];
    for (let i = 0; i < 3; i++) {
      const order = await deferredOrder();
      const r = await pay(order, `shop-wide-${i}`);
      results.push((await pollUntilSettled(order, r.data!.orderCreateMandatePayment.paymentReferenceId!)).status);
    }
    expect(results).toEqual(["ERROR", "ERROR", "SUCCESS"]);
  });

  it("retryable: RETRYABLE with no transaction; a new key then succeeds", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "retryable" }], order.id);
    const r = await pay(order, "retry-1");
    const s = await pollUntilSettled(order, r.data!.orderCreateMandatePayment.paymentReferenceId!);
    expect(s.status).toBe("RETRYABLE");
    expect(s.transactions).toEqual([]);
    const r2 = await pay(order, "retry-2");
    expect((await pollUntilSettled(order, r2.data!.orderCreateMandatePayment.paymentReferenceId!)).status).toBe(
      "SUCCESS",
    );
  });

  it("pending: stays PENDING however often it is polled, until resolved", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "pending" }], order.id);
    const ref = (await pay(order, "stuck")).data!.orderCreateMandatePayment.paymentReferenceId!;
    for (let i = 0; i < 5; i++) await poll(order, ref);
    expect((await poll(order, ref)).status).toBe("PENDING");
    await h.client.setClock({ advance: "P1D" });
    expect((await poll(order, ref)).status).toBe("PENDING");
    await h.client.resolvePayment(SHOP, ref, { kind: "success" });
    expect((await poll(order, ref)).status).toBe("SUCCESS");
    expect((await h.client.order(SHOP, order.id)).totalOutstanding).toBe("0.00");
  });

  it("lost_response: the charge happens but the client gets no answer; retrying the key returns the payment", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "lost_response", hangMs: 200 }], order.id);
    await expect(pay(order, "lost")).rejects.toThrow();
    const attempts = await h.client.paymentAttempts(SHOP, order.id);
    expect(attempts).toHaveLength(1);
    const retry = await pay(order, "lost");
    expect(retry.data!.orderCreateMandatePayment.paymentReferenceId).toBe(attempts[0]!.paymentReferenceId);
    expect(await h.client.paymentAttempts(SHOP, order.id)).toHaveLength(1);
  });

  it("http_5xx: answers the status without running the mutation", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "http_5xx", status: 502 }], order.id);
    const r = await pay(order, "five-hundred");
    expect(r.status).toBe(502);
    expect(await h.client.paymentAttempts(SHOP, order.id)).toHaveLength(0);
    const again = await pay(order, "five-hundred");
    expect(again.status).toBe(200);
    expect(again.data!.orderCreateMandatePayment.paymentReferenceId).toBeTruthy();
  });

  it("throttle: answers THROTTLED without running the mutation", async () => {
    const order = await deferredOrder();
    await h.client.scriptFaults(SHOP, [{ kind: "throttle" }], order.id);
    const r = await pay(order, "throttled");
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([
      expect.objectContaining({ message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) }),
    ]);
    expect(r.extensions?.cost?.throttleStatus).toBeDefined();
    expect(await h.client.paymentAttempts(SHOP, order.id)).toHaveLength(0);
  });
});
