// Order close/reopen, manual payments, replacing a payment schedule, presentment currencies, the order JSON's money.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, startHarness, type Harness } from "./helpers.js";
import { loadSchema } from "../src/graphql/schema.js";
import { conformanceErrors } from "./conformance.js";
import { convertMinor } from "../src/domain/money.js";
import type { OrderJson } from "../client.js";

const SHOP = "lifecycle-shop.myshopify.com";
const schema = loadSchema();
let h: Harness;
let token: string;
let variantId: string;
let planId: string;

async function run<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await h.client.graphql<T>(token, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(conformanceErrors(schema, query, r.data)).toEqual([]);
  return r.data!;
}

function deferredOrder(extra: Record<string, unknown> = {}): Promise<OrderJson> {
  return h.client.checkout(SHOP, { lines: [{ variantId, sellingPlanId: planId }], ...extra });
}

async function topicsSince(mark: number): Promise<{ topic: string; body: Record<string, unknown> }[]> {
  await h.client.drainWebhooks();
  return (await h.client.webhooks({ shop: SHOP }))
    .slice(mark)
    .map((d) => ({ topic: d.topic, body: JSON.parse(d.body) as Record<string, unknown> }));
}

async function mark(): Promise<number> {
  await h.client.drainWebhooks();
  return (await h.client.webhooks({ shop: SHOP })).length;
}

beforeAll(async () => {
  h = await startHarness();
  const installed = await h.client.install(SHOP, { currencyCode: "USD" });
  token = installed.accessToken!;
  const product = await h.client.createProduct(SHOP, {
    title: "Camera",
    variants: [{ price: "100.00", inventoryQuantity: 50, inventoryPolicy: "CONTINUE" }],
  });
  variantId = product.variants[0]!.id;
  planId = await createPlan(h.client, token, product.id); // 25% now, the rest on fulfilment
});
afterAll(() => h.close());

const CLOSE = /* GraphQL */ `
  mutation Close($id: ID!) {
    orderClose(input: { id: $id }) {
      order {
        id
        closed
        closedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;
const OPEN = /* GraphQL */ `
  mutation Open($id: ID!) {
    orderOpen(input: { id: $id }) {
      order {
        id
        closed
        closedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;
type CloseData = {
  orderClose: { order: { closed: boolean; closedAt: string | null } | null; userErrors: { message: string }[] };
};
type OpenData = {
  orderOpen: { order: { closed: boolean; closedAt: string | null } | null; userErrors: { message: string }[] };
};

describe("orderClose / orderOpen", () => {
  it("close sets closedAt and sends orders/updated; closing again is a quiet success; open clears it", async () => {
    const order = await deferredOrder();
    const since = await mark();
    const closed = await run<CloseData>(CLOSE, { id: order.id });
    expect(closed.orderClose.userErrors).toEqual([]);
    expect(closed.orderClose.order).toMatchObject({ closed: true, closedAt: expect.any(String) });
    const again = await run<CloseData>(CLOSE, { id: order.id });
    expect(again.orderClose).toEqual({ order: { id: order.id, ...closed.orderClose.order }, userErrors: [] });
    const hooks = await topicsSince(since);
    expect(hooks.map((x) => x.topic)).toEqual(["orders/updated"]);
    expect(hooks[0]!.body.closed_at).not.toBeNull();
    expect(await h.client.order(SHOP, order.id)).toMatchObject({ closed: true, closedAt: expect.any(String) });
    const search = await run<{ orders: { nodes: { id: string }[] } }>(
      `query Closed($q: String!) { orders(first: 50, query: $q) { nodes { id } } }`,
      { q: "status:closed" },
    );
    expect(search.orders.nodes.map((n) => n.id)).toContain(order.id);

    const opened = await run<OpenData>(OPEN, { id: order.id });
    expect(opened.orderOpen).toEqual({ order: { id: order.id, closed: false, closedAt: null }, userErrors: [] });
    const twice = await run<OpenData>(OPEN, { id: order.id });
    expect(twice.orderOpen.userErrors).toEqual([]);
    expect((await topicsSince(since)).map((x) => x.topic)).toEqual(["orders/updated", "orders/updated"]);
  });

  it("the control routes close and reopen; a cancelled order cannot be reopened; an unknown order is a user error", async () => {
    const order = await deferredOrder();
    expect(await h.client.closeOrder(SHOP, order.id)).toMatchObject({ closed: true });
    expect(await h.client.reopenOrder(SHOP, order.id)).toMatchObject({ closed: false, closedAt: null });
    await h.client.cancel(SHOP, order.id);
    await expect(h.client.reopenOrder(SHOP, order.id)).rejects.toThrow(/422.*cannot be reopened/);
    const r = await run<OpenData>(OPEN, { id: order.id });
    expect(r.orderOpen).toEqual({
      order: null,
      userErrors: [{ field: ["id"], message: expect.stringMatching(/cancelled/) }],
    });
    expect((await h.client.closeOrder(SHOP, order.id)).closed).toBe(true); // already closed by the cancel: no-op
    const unknown = await run<CloseData>(CLOSE, { id: "gid://shopify/Order/1" });
    expect(unknown.orderClose.userErrors).toEqual([{ field: ["id"], message: "Order does not exist" }]);
  });
});

describe("manual payments", () => {
  it("orderMarkAsPaid and mark-paid record manual transactions; gateway payments stay non-manual", async () => {
    const order = await deferredOrder();
    const since = await mark();
    await h.client.markPaid(SHOP, order.id, { amount: "10.00" });
    await run(`mutation Paid($id: ID!) { orderMarkAsPaid(input: { id: $id }) { userErrors { message } } }`, {
      id: order.id,
    });
    const data = await run<{
      order: { transactions: { kind: string; gateway: string; manualPaymentGateway: boolean }[] };
    }>(`query Txns($id: ID!) { order(id: $id) { transactions { kind gateway manualPaymentGateway } } }`, {
      id: order.id,
    });
    expect(data.order.transactions).toEqual([
      { kind: "SALE", gateway: "shopify_payments", manualPaymentGateway: false },
      { kind: "SALE", gateway: "manual", manualPaymentGateway: true },
      { kind: "SALE", gateway: "manual", manualPaymentGateway: true },
    ]);
    const json = await h.client.order(SHOP, order.id);
    expect(json.transactions.map((t) => [t.gateway, t.manual, t.amount])).toEqual([
      ["shopify_payments", false, "25.00"],
      ["manual", true, "10.00"],
      ["manual", true, "65.00"],
    ]);
    const hooks = (await topicsSince(since)).filter((x) => x.topic === "order_transactions/create");
    expect(hooks.map((x) => x.body.manual_payment_gateway)).toEqual([true, true]);
  });
});

describe("replacing the payment schedule", () => {
  const PAY = /* GraphQL */ `
    mutation ChargeOrder($id: ID!, $mandateId: ID!, $key: String!, $scheduleId: ID) {
      orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, paymentScheduleId: $scheduleId) {
        paymentReferenceId
        userErrors {
          field
          message
        }
      }
    }
  `;
  type PayData = {
    orderCreateMandatePayment: { paymentReferenceId: string | null; userErrors: { message: string }[] };
  };

  it("gives the balance a new schedule id; a payment naming the old one is refused", async () => {
    const order = await deferredOrder();
    const old = order.paymentTerms!.paymentSchedules[0]!;
    const since = await mark();
    const dueAt = "2027-03-01T00:00:00.000Z";
    const o = await h.client.editPaymentTerms(SHOP, order.id, dueAt, { replaceSchedule: true });
    const [replaced] = o.paymentTerms!.paymentSchedules;
    expect(o.paymentTerms!.paymentSchedules).toHaveLength(1);
    expect(replaced!.id).not.toBe(old.id);
    expect(replaced).toMatchObject({
      dueAt,
      amount: old.amount,
      balanceDue: old.balanceDue,
      totalBalance: old.totalBalance,
    });
    const hooks = await topicsSince(since);
    expect(hooks.map((x) => x.topic)).toEqual(["payment_terms/update"]);
    const schedules = (hooks[0]!.body.payment_schedules as { id: number }[]).map((sc) => sc.id);
    expect(schedules).toEqual([Number(replaced!.id.split("/").pop())]);
    expect(
      (await run<{ node: unknown }>(`query N($id: ID!) { node(id: $id) { id } }`, { id: old.id })).node,
    ).toBeNull();

    const stale = await run<PayData>(PAY, {
      id: order.id,
      mandateId: order.mandateIds[0],
      key: "old-schedule",
      scheduleId: old.id,
    });
    expect(stale.orderCreateMandatePayment).toEqual({
      paymentReferenceId: null,
      userErrors: [{ field: ["paymentScheduleId"], message: "Payment schedule does not exist for this order" }],
    });
    const fresh = await run<PayData>(PAY, {
      id: order.id,
      mandateId: order.mandateIds[0],
      key: "new-schedule",
      scheduleId: replaced!.id,
    });
    expect(fresh.orderCreateMandatePayment.paymentReferenceId).toBeTruthy();
  });

  it("without replaceSchedule the schedule keeps its id", async () => {
    const order = await deferredOrder();
    const o = await h.client.editPaymentTerms(SHOP, order.id, "2027-03-01T00:00:00Z");
    expect(o.paymentTerms!.paymentSchedules[0]!.id).toBe(order.paymentTerms!.paymentSchedules[0]!.id);
  });
});

describe("presentment currency", () => {
  const ORDER = /* GraphQL */ `
    query Presented($id: ID!) {
      order(id: $id) {
        currencyCode
        presentmentCurrencyCode
        totalPriceSet {
          shopMoney {
            amount
            currencyCode
          }
          presentmentMoney {
            amount
            currencyCode
          }
        }
        totalReceivedSet {
          presentmentMoney {
            amount
          }
        }
        totalOutstandingSet {
          shopMoney {
            amount
          }
          presentmentMoney {
            amount
            currencyCode
          }
        }
        transactions {
          amountSet {
            shopMoney {
              amount
            }
            presentmentMoney {
              amount
              currencyCode
            }
          }
        }
        lineItems(first: 5) {
          nodes {
            originalUnitPriceSet {
              presentmentMoney {
                amount
                currencyCode
              }
            }
          }
        }
        paymentTerms {
          paymentSchedules(first: 1) {
            nodes {
              balanceDue {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
  `;
  type Presented = {
    order: {
      presentmentCurrencyCode: string;
      totalPriceSet: { shopMoney: { amount: string }; presentmentMoney: { amount: string; currencyCode: string } };
      totalReceivedSet: { presentmentMoney: { amount: string } };
      totalOutstandingSet: {
        shopMoney: { amount: string };
        presentmentMoney: { amount: string; currencyCode: string };
      };
      transactions: { amountSet: { shopMoney: { amount: string }; presentmentMoney: { amount: string } } }[];
      lineItems: { nodes: { originalUnitPriceSet: { presentmentMoney: { amount: string } } }[] };
      paymentTerms: { paymentSchedules: { nodes: { balanceDue: { amount: string; currencyCode: string } }[] } };
    };
  };

  it("converts with integer arithmetic, half up to the presentment currency's minor unit", () => {
    expect(convertMinor(2500n, "USD", "EUR", "0.9002")).toBe(2251n); // 22.505 -> 22.51
    expect(convertMinor(10000n, "USD", "JPY", "151.235")).toBe(15124n); // 15123.5 -> 15124
    expect(convertMinor(1000n, "JPY", "USD", "0.0066")).toBe(660n); // 6.60
    expect(convertMinor(1n, "USD", "KWD", "0.3071")).toBe(3n); // 0.003071 -> 0.003
  });

  it("order money shows presentmentMoney in the customer's currency; schedules and payments stay in the shop's", async () => {
    const order = await deferredOrder({ presentment: { currencyCode: "EUR", rate: "0.9002" } });
    expect(order.presentmentCurrencyCode).toBe("EUR");
    const data = await run<Presented>(ORDER, { id: order.id });
    expect(data.order.presentmentCurrencyCode).toBe("EUR");
    expect(data.order.totalPriceSet).toEqual({
      shopMoney: { amount: "100.00", currencyCode: "USD" },
      presentmentMoney: { amount: "90.02", currencyCode: "EUR" },
    });
    expect(data.order.totalReceivedSet.presentmentMoney.amount).toBe("22.51");
    expect(data.order.totalOutstandingSet).toEqual({
      shopMoney: { amount: "75.00" },
      presentmentMoney: { amount: "67.52", currencyCode: "EUR" },
    });
    expect(data.order.transactions[0]!.amountSet).toEqual({
      shopMoney: { amount: "25.00" },
      presentmentMoney: { amount: "22.51", currencyCode: "EUR" },
    });
    expect(data.order.lineItems.nodes[0]!.originalUnitPriceSet.presentmentMoney.amount).toBe("90.02");
    expect(data.order.paymentTerms.paymentSchedules.nodes[0]!.balanceDue).toEqual({
      amount: "75.00",
      currencyCode: "USD",
    });

    const pay = (amount: { amount: string; currencyCode: string }, key: string) =>
      run<{
        orderCreateMandatePayment: { paymentReferenceId: string | null; userErrors: { message: string }[] };
      }>(
        `mutation ChargeOrder($id: ID!, $mandateId: ID!, $key: String!, $amount: MoneyInput) {
          orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, amount: $amount) {
            paymentReferenceId
            userErrors { message }
          }
        }`,
        { id: order.id, mandateId: order.mandateIds[0], key, amount },
      );
    const eur = await pay({ amount: "67.52", currencyCode: "EUR" }, "in-eur");
    expect(eur.orderCreateMandatePayment.userErrors).toEqual([{ message: "Currency must be USD" }]);
    const usd = await pay({ amount: "75.00", currencyCode: "USD" }, "in-usd");
    const ref = usd.orderCreateMandatePayment.paymentReferenceId!;
    type S = { orderPaymentStatus: { status: string; transactions: Presented["order"]["transactions"] } };
    const STATUS = `query S($o: ID!, $r: String!) { orderPaymentStatus(orderId: $o, paymentReferenceId: $r) {
      status transactions { amountSet { shopMoney { amount } presentmentMoney { amount currencyCode } } } } }`;
    await run<S>(STATUS, { o: order.id, r: ref });
    const settled = await run<S>(STATUS, { o: order.id, r: ref });
    expect(settled.orderPaymentStatus.status).toBe("SUCCESS");
    expect(settled.orderPaymentStatus.transactions[0]!.amountSet).toEqual({
      shopMoney: { amount: "75.00" },
      presentmentMoney: { amount: "67.52", currencyCode: "EUR" },
    });
    expect((await h.client.paymentAttempts(SHOP, order.id))[0]).toMatchObject({ amount: "75.00", currencyCode: "USD" });
  });

  it("webhooks carry the presentment currency on order money; bad presentment input is refused", async () => {
    const since = await mark();
    const order = await deferredOrder({ presentment: { currencyCode: "JPY", rate: "151.235" } });
    const created = (await topicsSince(since)).find((x) => x.topic === "orders/create")!.body as {
      presentment_currency: string;
      total_price_set: { shop_money: { amount: string }; presentment_money: { amount: string; currency_code: string } };
    };
    expect(created.presentment_currency).toBe("JPY");
    expect(created.total_price_set.presentment_money).toEqual({ amount: "15124", currency_code: "JPY" });
    expect(order.totalPrice).toBe("100.00");
    await expect(deferredOrder({ presentment: { currencyCode: "EUR", rate: "1,1" } })).rejects.toThrow(/rate/);
    await expect(deferredOrder({ presentment: { currencyCode: "EUR", rate: "0" } })).rejects.toThrow(/above zero/);
    await expect(deferredOrder({ presentment: { currencyCode: "ZZZ", rate: "1" } })).rejects.toThrow(/currencyCode/);
  });
});

describe("order JSON", () => {
  it("carries netPayment, totalCapturable, closed and each transaction's parent", async () => {
    const order = await deferredOrder();
    expect(order).toMatchObject({
      closed: false,
      closedAt: null,
      presentmentCurrencyCode: "USD",
      netPayment: "25.00",
      totalCapturable: "0.00",
    });
    const refunded = await h.client.refund(SHOP, order.id, { amount: "5.00" });
    expect(refunded.netPayment).toBe("20.00");
    const [sale, refund] = refunded.transactions;
    expect(refund).toMatchObject({ kind: "REFUND", parentId: sale!.id, gateway: "shopify_payments", manual: false });
    expect(sale!.parentId).toBeNull();
  });
});
