// Order edits (balances, fulfilment, orders/edited), Order.returns with closing later, and order search negations with pagination.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSchema } from "../src/graphql/schema.js";
import { exampleFor } from "../src/webhooks/payloads.js";
import { conformanceErrors } from "./conformance.js";
import { createPlan, startHarness, type Harness } from "./helpers.js";
import { SimulatorClientError, type GraphqlResponse, type OrderJson } from "../client.js";

const SHOP = "edit-shop.myshopify.com";
const schema = loadSchema();
let h: Harness;
let token: string;
let jacketId: string;
let beanieId: string;
let planId: string;

const ORDER = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) {
      id
      updatedAt
      edited
      displayFinancialStatus
      totalPriceSet {
        shopMoney {
          amount
        }
      }
      originalTotalPriceSet {
        shopMoney {
          amount
        }
      }
      currentTotalPriceSet {
        shopMoney {
          amount
        }
      }
      totalOutstandingSet {
        shopMoney {
          amount
        }
      }
      paymentTerms {
        due
        paymentSchedules(first: 1) {
          nodes {
            completedAt
            due
            balanceDue {
              amount
            }
            totalBalance {
              amount
            }
          }
        }
      }
      lineItems(first: 10) {
        nodes {
          id
          quantity
          currentQuantity
        }
      }
      fulfillmentOrders(first: 5) {
        nodes {
          status
          lineItems(first: 10) {
            nodes {
              remainingQuantity
            }
          }
        }
      }
    }
  }
`;

interface OrderView {
  id: string;
  updatedAt: string;
  edited: boolean;
  displayFinancialStatus: string;
  totalPriceSet: { shopMoney: { amount: string } };
  originalTotalPriceSet: { shopMoney: { amount: string } };
  currentTotalPriceSet: { shopMoney: { amount: string } };
  totalOutstandingSet: { shopMoney: { amount: string } };
  paymentTerms: {
    due: boolean;
    paymentSchedules: {
      nodes: {
        completedAt: string | null;
        due: boolean;
        balanceDue: { amount: string };
        totalBalance: { amount: string };
      }[];
    };
  };
  lineItems: { nodes: { id: string; quantity: number; currentQuantity: number }[] };
  fulfillmentOrders: { nodes: { status: string; lineItems: { nodes: { remainingQuantity: number }[] } }[] };
}

async function run<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await h.client.graphql<T>(token, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(conformanceErrors(schema, query, r.data)).toEqual([]);
  return r.data!;
}

async function readOrder(id: string): Promise<OrderView> {
  return (await run<{ order: OrderView }>(ORDER, { id })).order;
}

const numeric = (gid: string) => Number(gid.split("/").pop());

/** Webhooks sent for the shop after `mark` deliveries (drained first), as topic + parsed body. */
async function hooksSince(mark: number) {
  await h.client.drainWebhooks();
  const all = await h.client.webhooks({ shop: SHOP });
  return all.slice(mark).map((d) => ({ topic: d.topic, body: JSON.parse(d.body) as Record<string, unknown> }));
}

async function mark(): Promise<number> {
  await h.client.drainWebhooks();
  return (await h.client.webhooks({ shop: SHOP })).length;
}

function deposit(quantity: number): Promise<OrderJson> {
  return h.client.checkout(SHOP, { lines: [{ variantId: jacketId, sellingPlanId: planId, quantity }] });
}

beforeAll(async () => {
  h = await startHarness();
  const installed = await h.client.install(SHOP, { currencyCode: "USD" });
  token = installed.accessToken!;
  const jacket = await h.client.createProduct(SHOP, {
    title: "Jacket",
    variants: [{ price: "100.00", inventoryQuantity: 20, inventoryPolicy: "CONTINUE" }],
  });
  const beanie = await h.client.createProduct(SHOP, {
    title: "Beanie",
    variants: [{ price: "30.00", inventoryQuantity: 20, inventoryPolicy: "CONTINUE" }],
  });
  jacketId = jacket.variants[0]!.id;
  beanieId = beanie.variants[0]!.id;
  // 25% deposit at checkout, the balance due on fulfilment.
  planId = await createPlan(h.client, token, jacket.id);
  await h.client.setClock({ freeze: true });
});
afterAll(async () => {
  await h.client.setClock({ freeze: false });
  await h.close();
});

describe("order edits", () => {
  it("lowering a quantity lowers the total and the open balance, and sends orders/edited with the removal", async () => {
    const order = await deposit(2);
    expect(order.paymentTerms!.paymentSchedules[0]!.totalBalance).toBe("150.00");
    const lineId = order.lineItems[0]!.id;
    const { now } = await h.client.setClock({ advance: "PT2H" });
    const since = await mark();

    const edited = await h.client.editOrder(SHOP, order.id, { lines: [{ lineItemId: lineId, quantity: 1 }] });
    expect(edited.removals).toEqual([{ lineItemId: lineId, delta: 1 }]);
    expect(edited.additions).toEqual([]);

    const o = await readOrder(order.id);
    expect(o.updatedAt).toBe(now.replace(/\.\d{3}Z$/, "Z"));
    expect(o.edited).toBe(true);
    expect(o.originalTotalPriceSet.shopMoney.amount).toBe("200.00");
    expect(o.totalPriceSet.shopMoney.amount).toBe("100.00");
    expect(o.currentTotalPriceSet.shopMoney.amount).toBe("100.00");
    // 100 now, 25% of the original 200 (50) paid at checkout.
    expect(o.totalOutstandingSet.shopMoney.amount).toBe("50.00");
    expect(o.displayFinancialStatus).toBe("PARTIALLY_PAID");
    const schedule = o.paymentTerms.paymentSchedules.nodes[0]!;
    expect(schedule).toMatchObject({
      completedAt: null,
      balanceDue: { amount: "50.00" },
      totalBalance: { amount: "50.00" },
    });
    // Shopify's LineItem.quantity counts removed units; currentQuantity does not.
    expect(o.lineItems.nodes[0]).toMatchObject({ quantity: 2, currentQuantity: 1 });
    expect(o.fulfillmentOrders.nodes[0]!.lineItems.nodes[0]!.remainingQuantity).toBe(1);

    // The removed unit goes back to stock (restock defaults to true), then the edit's own webhooks.
    const hooks = await hooksSince(since);
    expect(hooks.map((x) => x.topic)).toEqual([
      "inventory_levels/update",
      "orders/edited",
      "orders/updated",
      "payment_terms/update",
    ]);
    hooks.shift();
    const body = hooks[0]!.body as { order_edit: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(Object.keys(exampleFor("orders/edited") ?? body));
    expect(Object.keys(body.order_edit).sort()).toEqual(
      Object.keys((exampleFor("orders/edited")?.order_edit as object | undefined) ?? body.order_edit).sort(),
    );
    expect(body.order_edit).toMatchObject({
      order_id: numeric(order.id),
      notify_customer: false,
      line_items: { additions: [], removals: [{ id: numeric(lineId), delta: 1 }] },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    });
    expect(body.order_edit.committed_at).toBe(body.order_edit.created_at);
    expect(hooks[1]!.body).toMatchObject({
      id: numeric(order.id),
      total_price: "100.00",
      total_outstanding: "50.00",
      line_items: [{ id: numeric(lineId), quantity: 2, current_quantity: 1, fulfillable_quantity: 1 }],
    });
    expect(hooks[2]!.body).toMatchObject({ payment_schedules: [{ balance_due: "50.00", total_balance: "50.00" }] });
  });

  it("raising a quantity raises the total and the open balance", async () => {
    const order = await deposit(1);
    const lineId = order.lineItems[0]!.id;
    const since = await mark();
    const edited = await h.client.editOrder(SHOP, order.id, { lines: [{ lineItemId: numeric(lineId), quantity: 3 }] });
    expect(edited.additions).toEqual([{ lineItemId: lineId, delta: 2 }]);
    expect(edited.order.paymentTerms!.paymentSchedules[0]).toMatchObject({
      balanceDue: "275.00",
      totalBalance: "275.00",
    });

    const o = await readOrder(order.id);
    expect(o.totalPriceSet.shopMoney.amount).toBe("300.00");
    expect(o.totalOutstandingSet.shopMoney.amount).toBe("275.00");
    expect(o.lineItems.nodes[0]).toMatchObject({ quantity: 3, currentQuantity: 3 });
    expect(o.fulfillmentOrders.nodes[0]!.lineItems.nodes[0]!.remainingQuantity).toBe(3);

    const hooks = await hooksSince(since);
    const edit = hooks.find((x) => x.topic === "orders/edited")!.body as { order_edit: { line_items: unknown } };
    expect(edit.order_edit.line_items).toEqual({ additions: [{ id: numeric(lineId), delta: 2 }], removals: [] });
    expect(hooks.find((x) => x.topic === "payment_terms/update")!.body).toMatchObject({
      payment_schedules: [{ balance_due: "275.00" }],
    });
  });

  it("removing everything still unpaid leaves a zero balance and completes the schedule", async () => {
    // The beanie is paid in full (30), the jacket has its 25 deposit paid: 55 received, 75 open.
    const order = await h.client.checkout(SHOP, {
      lines: [
        { variantId: beanieId, quantity: 1 },
        { variantId: jacketId, sellingPlanId: planId, quantity: 1 },
      ],
    });
    expect(order.totalOutstanding).toBe("75.00");
    const jacketLine = order.lineItems.find((li) => li.variantId === jacketId)!;
    await h.client.editOrder(SHOP, order.id, { lines: [{ lineItemId: jacketLine.id, quantity: 0 }] });

    const o = await readOrder(order.id);
    expect(o.totalPriceSet.shopMoney.amount).toBe("30.00");
    // More was paid than the edited order is worth; the balance stops at zero (no automatic refund).
    expect(o.totalOutstandingSet.shopMoney.amount).toBe("0.00");
    const schedule = o.paymentTerms.paymentSchedules.nodes[0]!;
    expect(schedule.balanceDue.amount).toBe("0.00");
    expect(schedule.totalBalance.amount).toBe("0.00");
    expect(schedule.completedAt).not.toBeNull();
    expect(o.paymentTerms.due).toBe(false);
    expect(o.lineItems.nodes.find((li) => li.id === jacketLine.id)).toMatchObject({ quantity: 1, currentQuantity: 0 });
  });

  it("adds a variant as a new line with its own open fulfilment order", async () => {
    const order = await deposit(1);
    const edited = await h.client.editOrder(SHOP, order.id, { addVariants: [{ variantId: beanieId, quantity: 2 }] });
    const added = edited.order.lineItems.find((li) => li.variantId === beanieId)!;
    expect(edited.additions).toEqual([{ lineItemId: added.id, delta: 2 }]);
    expect(edited.order.totalPrice).toBe("160.00");
    expect(edited.order.totalOutstanding).toBe("135.00");
    expect(edited.order.paymentTerms!.paymentSchedules[0]!.totalBalance).toBe("135.00");
    const o = await readOrder(order.id);
    expect(o.originalTotalPriceSet.shopMoney.amount).toBe("100.00");
    expect(o.fulfillmentOrders.nodes.map((f) => f.status)).toEqual(["ON_HOLD", "OPEN"]);
  });

  it("refuses to remove fulfilled units or edit a cancelled order", async () => {
    const order = await deposit(2);
    const lineId = order.lineItems[0]!.id;
    await h.client.fulfill(SHOP, order.id);
    const err = await h.client
      .editOrder(SHOP, order.id, { lines: [{ lineItemId: lineId, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorClientError);
    expect((err as SimulatorClientError).status).toBe(422);

    const other = await deposit(1);
    await h.client.cancel(SHOP, other.id);
    await expect(
      h.client.editOrder(SHOP, other.id, { lines: [{ lineItemId: other.lineItems[0]!.id, quantity: 2 }] }),
    ).rejects.toMatchObject({ status: 422 });
    expect((await h.client.order(SHOP, other.id)).lineItems[0]!.quantity).toBe(1);
  });
});

describe("payments taken outside the app (mark-paid)", () => {
  it("a part payment lowers the open schedule; paying the rest completes it", async () => {
    const order = await deposit(1); // 25 paid, 75 open
    const since = await mark();
    const part = await h.client.markPaid(SHOP, order.id, { amount: "30.00" });
    expect(part.totalOutstanding).toBe("45.00");
    let o = await readOrder(order.id);
    expect(o.paymentTerms.paymentSchedules.nodes[0]).toMatchObject({
      completedAt: null,
      balanceDue: { amount: "45.00" },
      totalBalance: { amount: "45.00" },
    });
    const rest = await h.client.markPaid(SHOP, order.id);
    expect(rest.totalOutstanding).toBe("0.00");
    o = await readOrder(order.id);
    expect(o.paymentTerms.paymentSchedules.nodes[0]!.completedAt).not.toBeNull();
    const hooks = await hooksSince(since);
    const sales = hooks.filter((hook) => hook.topic === "order_transactions/create").map((hook) => hook.body);
    expect(sales).toMatchObject([
      { kind: "sale", status: "success", gateway: "manual", amount: "30.00" },
      { kind: "sale", status: "success", gateway: "manual", amount: "45.00" },
    ]);
    // orders/paid is sent too, to apps subscribed to it (this app's toml is not).
    expect(hooks.filter((hook) => hook.topic === "orders/updated")).toHaveLength(2);
  });

  it("refuses more than is owed, and a cancelled order", async () => {
    const order = await deposit(1);
    await expect(h.client.markPaid(SHOP, order.id, { amount: "75.01" })).rejects.toMatchObject({ status: 422 });
    await h.client.cancel(SHOP, order.id);
    await expect(h.client.markPaid(SHOP, order.id)).rejects.toMatchObject({ status: 422 });
  });
});

describe("Order.returns", () => {
  const RETURNS = /* GraphQL */ `
    query Returns($id: ID!, $after: String) {
      order(id: $id) {
        returnStatus
        returns(first: 1, after: $after) {
          nodes {
            id
            name
            status
            createdAt
            closedAt
            totalQuantity
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  `;
  type ReturnsData = {
    order: {
      returnStatus: string;
      returns: {
        nodes: { id: string; name: string; status: string; createdAt: string; closedAt: string | null }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };

  it("shows a return OPEN until it is closed, then CLOSED with closedAt, and sends returns/close", async () => {
    const order = await h.client.checkout(SHOP, { lines: [{ variantId: beanieId, quantity: 2 }] });
    await h.client.fulfill(SHOP, order.id);
    const none = await run<ReturnsData>(RETURNS, { id: order.id });
    expect(none.order).toMatchObject({ returnStatus: "NO_RETURN", returns: { nodes: [] } });

    const lineId = order.lineItems[0]!.id;
    const opened = await h.client.returnItems(SHOP, order.id, { lineItems: [{ lineItemId: lineId, quantity: 1 }] });
    expect(opened).toMatchObject({ status: "OPEN", closedAt: null });
    const open = await run<ReturnsData>(RETURNS, { id: order.id });
    expect(open.order.returnStatus).toBe("IN_PROGRESS");
    expect(open.order.returns.nodes).toEqual([
      expect.objectContaining({
        id: opened.returnId,
        name: opened.name,
        status: "OPEN",
        closedAt: null,
        totalQuantity: 1,
      }),
    ]);

    const { now } = await h.client.setClock({ advance: "P3D" });
    const since = await mark();
    const closed = await h.client.closeReturn(SHOP, opened.returnId);
    expect(closed).toMatchObject({ status: "CLOSED", closedAt: now });
    const after = await run<ReturnsData>(RETURNS, { id: order.id });
    expect(after.order.returnStatus).toBe("RETURNED");
    expect(after.order.returns.nodes[0]).toMatchObject({ status: "CLOSED", closedAt: now.replace(/\.\d{3}Z$/, "Z") });

    const hooks = await hooksSince(since);
    expect(hooks.map((x) => x.topic)).toEqual(["returns/close", "orders/updated"]);
    expect(hooks[0]!.body).toEqual({
      id: numeric(opened.returnId),
      admin_graphql_api_id: opened.returnId,
      order_id: numeric(order.id),
      status: "closed",
    });
    await expect(h.client.closeReturn(SHOP, String(numeric(opened.returnId)))).rejects.toMatchObject({ status: 422 });
  });

  it("pages through several returns", async () => {
    const order = await h.client.checkout(SHOP, { lines: [{ variantId: beanieId, quantity: 2 }] });
    await h.client.fulfill(SHOP, order.id);
    const lineId = order.lineItems[0]!.id;
    const first = await h.client.returnItems(SHOP, order.id, { lineItems: [{ lineItemId: lineId, quantity: 1 }] });
    const second = await h.client.returnItems(SHOP, order.id, {
      lineItems: [{ lineItemId: lineId, quantity: 1 }],
      close: true,
    });
    const page1 = await run<ReturnsData>(RETURNS, { id: order.id });
    expect(page1.order.returns.nodes.map((r) => [r.id, r.status])).toEqual([[first.returnId, "OPEN"]]);
    expect(page1.order.returns.pageInfo.hasNextPage).toBe(true);
    const page2 = await run<ReturnsData>(RETURNS, { id: order.id, after: page1.order.returns.pageInfo.endCursor });
    expect(page2.order.returns.nodes.map((r) => [r.id, r.status])).toEqual([[second.returnId, "CLOSED"]]);
    expect(page2.order.returns.pageInfo.hasNextPage).toBe(false);
  });
});

describe("orders search with negations", () => {
  const SEARCH_SHOP = "search-shop.myshopify.com";
  const QUERY = "-status:cancelled -financial_status:paid -financial_status:refunded -financial_status:voided";
  const ORDERS = /* GraphQL */ `
    query Open($q: String!, $after: String) {
      orders(first: 2, after: $after, query: $q, sortKey: ID) {
        nodes {
          id
          displayFinancialStatus
          cancelledAt
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      ordersCount(query: $q) {
        count
      }
    }
  `;
  type OrdersData = {
    orders: {
      nodes: { id: string; displayFinancialStatus: string; cancelledAt: string | null }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    ordersCount: { count: number };
  };

  it("pages by id through the orders that are neither cancelled nor paid, refunded or voided", async () => {
    const { accessToken } = await h.client.createShop({ domain: SEARCH_SHOP, currencyCode: "USD" });
    const product = await h.client.createProduct(SEARCH_SHOP, {
      title: "Jacket",
      variants: [{ price: "100.00", inventoryQuantity: 50, inventoryPolicy: "CONTINUE" }],
    });
    const variantId = product.variants[0]!.id;
    const plan = await createPlan(h.client, accessToken, product.id);
    const buy = (withPlan: boolean) =>
      h.client.checkout(SEARCH_SHOP, { lines: [{ variantId, ...(withPlan ? { sellingPlanId: plan } : {}) }] });

    const pending1 = await buy(true); // PARTIALLY_PAID
    await buy(false); // PAID
    const cancelledRefunded = await buy(true);
    await h.client.cancel(SEARCH_SHOP, cancelledRefunded.id, { refund: true }); // cancelled, REFUNDED
    const cancelledKept = await buy(true);
    await h.client.cancel(SEARCH_SHOP, cancelledKept.id); // cancelled, still PARTIALLY_PAID
    const partRefunded = await buy(false);
    await h.client.refund(SEARCH_SHOP, partRefunded.id, { amount: "10.00" }); // PARTIALLY_REFUNDED
    const pending2 = await buy(true);
    const editedToPaid = await buy(true);
    await h.client.editOrder(SEARCH_SHOP, editedToPaid.id, {
      lines: [{ lineItemId: editedToPaid.lineItems[0]!.id, quantity: 0 }],
    }); // nothing left to pay: PAID
    const pending3 = await buy(true);
    const fullyRefunded = await buy(false);
    await h.client.refund(SEARCH_SHOP, fullyRefunded.id); // REFUNDED

    const seen: OrdersData["orders"]["nodes"] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: GraphqlResponse<OrdersData> = await h.client.graphql<OrdersData>(accessToken, ORDERS, {
        q: QUERY,
        after,
      });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(conformanceErrors(schema, ORDERS, r.data)).toEqual([]);
      const page: OrdersData["orders"] = r.data!.orders;
      expect(r.data!.ordersCount.count).toBe(4);
      seen.push(...page.nodes);
      pageSizes.push(page.nodes.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.map((o) => o.id)).toEqual([pending1.id, partRefunded.id, pending2.id, pending3.id]);
    expect(pageSizes).toEqual([2, 2]);
    expect(seen.map((o) => o.displayFinancialStatus)).toEqual([
      "PARTIALLY_PAID",
      "PARTIALLY_REFUNDED",
      "PARTIALLY_PAID",
      "PARTIALLY_PAID",
    ]);
    // The ids ascend numerically (sortKey: ID).
    const ids = seen.map((o) => numeric(o.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });
});
