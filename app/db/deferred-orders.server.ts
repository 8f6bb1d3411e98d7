// Deferred orders as stored: one row per order (and its lines), written from Admin API reads, scoped by shop.
import type { Prisma } from "@prisma/client";
import type { Database } from "./client.server";
import type {
  DeferredOrderCategory,
  DeferredOrderLineSnapshot,
  DeferredOrderSnapshot,
  DeferredOrderStatus,
  PaymentMethodSummary,
} from "../domain/deferred-order";
import { moneyFromMinorUnits } from "../domain/money";
import { isUniqueConstraintViolation } from "./errors";

/** A stored deferred order: the snapshot as last read from Shopify, plus the row's identity and sync time. */
export interface DeferredOrderRow extends DeferredOrderSnapshot {
  id: string;
  shop: string;
  lastSyncedAt: Date;
}

type RawOrder = Awaited<ReturnType<Database["deferredOrder"]["findFirstOrThrow"]>>;
type RawLine = Awaited<ReturnType<Database["deferredOrderLine"]["findFirstOrThrow"]>>;

function fromRaw(raw: RawOrder & { lines: RawLine[] }): DeferredOrderRow {
  return {
    id: raw.id,
    shop: raw.shop,
    orderId: raw.orderId,
    orderName: raw.orderName,
    customerId: raw.customerId,
    customerName: raw.customerName,
    customerEmail: raw.customerEmail,
    orderCreatedAt: raw.orderCreatedAt,
    shopCurrency: raw.shopCurrency,
    presentmentCurrency: raw.presentmentCurrency,
    category: raw.category as DeferredOrderCategory,
    total: moneyFromMinorUnits(raw.totalMinor, raw.currency),
    received: moneyFromMinorUnits(raw.receivedMinor, raw.currency),
    balanceDue: moneyFromMinorUnits(raw.balanceDueMinor, raw.currency),
    refunded: moneyFromMinorUnits(raw.refundedMinor, raw.currency),
    paymentTermsId: raw.paymentTermsId,
    paymentTermsType: raw.paymentTermsType,
    paymentScheduleId: raw.paymentScheduleId,
    dueAt: raw.dueAt,
    dueOnFulfillment: raw.dueOnFulfillment,
    mandateId: raw.mandateId,
    paymentMethod: raw.paymentMethod ? (JSON.parse(raw.paymentMethod) as PaymentMethodSummary) : null,
    fulfillmentStatus: raw.fulfillmentStatus,
    status: raw.status as DeferredOrderStatus,
    returnInProgress: raw.returnInProgress,
    shopifyUpdatedAt: raw.shopifyUpdatedAt,
    lastSyncedAt: raw.lastSyncedAt,
    lines: [...raw.lines]
      .sort((a, b) => a.lineItemId.localeCompare(b.lineItemId))
      .map((line) => ({
        lineItemId: line.lineItemId,
        variantId: line.variantId,
        quantity: line.quantity,
        sellingPlanId: line.sellingPlanId,
        offerId: line.offerId,
        title: line.title,
        variantTitle: line.variantTitle,
        imageUrl: line.imageUrl,
        unitPrice: line.unitPriceMinor === null ? null : moneyFromMinorUnits(line.unitPriceMinor, raw.currency),
      })),
  };
}

/** The list's sort value of a balance with no due date yet: after every real date. */
const NO_DUE_DATE = new Date("9999-12-31T00:00:00Z");

/** What the list's search matches: the order name, the customer's name and email, lowercased. */
function searchTextOf(snapshot: Pick<DeferredOrderSnapshot, "orderName" | "customerName" | "customerEmail">) {
  return [snapshot.orderName, snapshot.customerName, snapshot.customerEmail]
    .filter((part): part is string => Boolean(part))
    .join(" ")
    .toLowerCase();
}

function lineColumns(line: DeferredOrderLineSnapshot) {
  return {
    lineItemId: line.lineItemId,
    variantId: line.variantId,
    quantity: line.quantity,
    sellingPlanId: line.sellingPlanId,
    offerId: line.offerId,
    title: line.title ?? null,
    variantTitle: line.variantTitle ?? null,
    imageUrl: line.imageUrl ?? null,
    unitPriceMinor: line.unitPrice?.minorUnits ?? null,
  };
}

/** The app's offers the lines were bought on, each once (the list's offer filter reads them). */
function offerRows(shop: string, lines: readonly DeferredOrderLineSnapshot[]) {
  const offerIds = new Set(lines.flatMap((line) => (line.offerId ? [line.offerId] : [])));
  return [...offerIds].map((offerId) => ({ shop, offerId }));
}

function columns(snapshot: DeferredOrderSnapshot, syncedAt: Date) {
  return {
    orderName: snapshot.orderName,
    customerId: snapshot.customerId,
    customerName: snapshot.customerName,
    customerEmail: snapshot.customerEmail,
    orderCreatedAt: snapshot.orderCreatedAt,
    searchText: searchTextOf(snapshot),
    shopCurrency: snapshot.shopCurrency,
    presentmentCurrency: snapshot.presentmentCurrency,
    category: snapshot.category,
    currency: snapshot.total.currency,
    totalMinor: snapshot.total.minorUnits,
    receivedMinor: snapshot.received.minorUnits,
    balanceDueMinor: snapshot.balanceDue.minorUnits,
    refundedMinor: snapshot.refunded?.minorUnits ?? 0n,
    paymentTermsId: snapshot.paymentTermsId,
    paymentTermsType: snapshot.paymentTermsType,
    paymentScheduleId: snapshot.paymentScheduleId,
    dueAt: snapshot.dueAt,
    dueOnFulfillment: snapshot.dueOnFulfillment,
    dueSortAt: snapshot.dueAt ?? NO_DUE_DATE,
    mandateId: snapshot.mandateId,
    paymentMethod: snapshot.paymentMethod ? JSON.stringify(snapshot.paymentMethod) : null,
    fulfillmentStatus: snapshot.fulfillmentStatus ?? null,
    status: snapshot.status,
    returnInProgress: snapshot.returnInProgress,
    shopifyUpdatedAt: snapshot.shopifyUpdatedAt,
    lastSyncedAt: syncedAt,
  };
}

export type SaveOutcome = "CREATED" | "UPDATED" | "STALE";

/**
 * Stores what one Admin API read says about an order. A read older than the stored one (Shopify's
 * `updatedAt`) is discarded, so two deliveries processed concurrently cannot leave the older state behind;
 * a read of the same version rewrites identical values, so repeats change nothing.
 */
export async function saveDeferredOrder(
  db: Database,
  shop: string,
  snapshot: DeferredOrderSnapshot,
  syncedAt: Date,
): Promise<SaveOutcome> {
  const existing = await db.deferredOrder.findUnique({
    where: { shop_orderId: { shop, orderId: snapshot.orderId } },
    select: { id: true },
  });
  if (!existing) {
    try {
      await db.deferredOrder.create({
        data: {
          shop,
          orderId: snapshot.orderId,
          ...columns(snapshot, syncedAt),
          lines: { create: snapshot.lines.map(lineColumns) },
          offers: { create: offerRows(shop, snapshot.lines) },
        },
      });
      return "CREATED";
    } catch (error) {
      // Another delivery of the same order created it first: fall through to the guarded update.
      if (!isUniqueConstraintViolation(error)) throw error;
    }
  }
  // Compare-and-set on Shopify's version, and the lines with it in the same transaction: the header's row lock
  // (PostgreSQL) or the write lock (SQLite) makes a concurrent older read wait and then find itself stale, so a
  // header of version N never stands with the lines of N-1.
  const written = await db.$transaction(async (tx) => {
    const { count } = await tx.deferredOrder.updateMany({
      where: { shop, orderId: snapshot.orderId, shopifyUpdatedAt: { lte: snapshot.shopifyUpdatedAt } },
      data: columns(snapshot, syncedAt),
    });
    if (count === 0) return false;
    const row = await tx.deferredOrder.findUniqueOrThrow({
      where: { shop_orderId: { shop, orderId: snapshot.orderId } },
      select: { id: true },
    });
    await tx.deferredOrderLine.deleteMany({ where: { deferredOrderId: row.id } });
    await tx.deferredOrderLine.createMany({
      data: snapshot.lines.map((line) => ({ ...lineColumns(line), deferredOrderId: row.id })),
    });
    await tx.deferredOrderOffer.deleteMany({ where: { deferredOrderId: row.id } });
    await tx.deferredOrderOffer.createMany({
      data: offerRows(shop, snapshot.lines).map((offer) => ({ ...offer, deferredOrderId: row.id })),
    });
    return true;
  });
  if (!written) return "STALE";
  return "UPDATED";
}

export async function findDeferredOrder(db: Database, shop: string, orderId: string): Promise<DeferredOrderRow | null> {
  const raw = await db.deferredOrder.findUnique({
    where: { shop_orderId: { shop, orderId } },
    include: { lines: true },
  });
  return raw ? fromRaw(raw) : null;
}

/** The order behind a payment terms gid (payment_terms/* and payment_schedules/due name only the terms). */
export async function findOrderIdByPaymentTerms(
  db: Database,
  shop: string,
  paymentTermsId: string,
): Promise<string | null> {
  const raw = await db.deferredOrder.findUnique({
    where: { shop_paymentTermsId: { shop, paymentTermsId } },
    select: { orderId: true },
  });
  return raw?.orderId ?? null;
}

/** The order behind a payment schedule gid (payment_schedules/due names its schedule exactly only in its gid). */
export async function findOrderIdByPaymentSchedule(
  db: Database,
  shop: string,
  paymentScheduleId: string,
): Promise<string | null> {
  const raw = await db.deferredOrder.findFirst({ where: { shop, paymentScheduleId }, select: { orderId: true } });
  return raw?.orderId ?? null;
}

export async function listDeferredOrders(db: Database, shop: string): Promise<DeferredOrderRow[]> {
  const raws = await db.deferredOrder.findMany({
    where: { shop },
    include: { lines: true },
    orderBy: { createdAt: "asc" },
  });
  return raws.map(fromRaw);
}

function customerScope(shop: string, customerId: string, orderIds: readonly string[]) {
  return { shop, OR: [{ customerId }, ...(orderIds.length ? [{ orderId: { in: [...orderIds] } }] : [])] };
}

/** The shop's deferred orders of a customer, and the orders named besides (a privacy request may list them). */
export async function findCustomerDeferredOrders(
  db: Database,
  shop: string,
  customerId: string,
  orderIds: readonly string[],
): Promise<DeferredOrderRow[]> {
  const raws = await db.deferredOrder.findMany({
    where: customerScope(shop, customerId, orderIds),
    include: { lines: true },
    orderBy: { createdAt: "asc" },
  });
  return raws.map(fromRaw);
}

/** customers/redact: the orders keep their amounts, dates and lines, and stop naming the customer. */
export async function forgetCustomer(
  db: Database,
  shop: string,
  customerId: string,
  orderIds: readonly string[],
): Promise<number> {
  const named = await db.deferredOrder.findMany({
    where: customerScope(shop, customerId, orderIds),
    select: { id: true, orderName: true },
  });
  // Each order stays findable by its name, and by nothing of the customer's.
  await db.$transaction(
    named.map((order) =>
      db.deferredOrder.update({
        where: { id: order.id },
        data: {
          customerId: null,
          customerName: null,
          customerEmail: null,
          paymentMethod: null,
          searchText: searchTextOf({ orderName: order.orderName, customerName: null, customerEmail: null }),
        },
      }),
    ),
  );
  return named.length;
}

/** Open orders of the shop whose balance is due at `now`, soonest due first. */
const dueOpenOrdersOf = (shop: string, now: Date) =>
  ({
    where: { shop, status: "OPEN", dueAt: { lte: now }, paymentScheduleId: { not: null }, balanceDueMinor: { gt: 0n } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  }) satisfies Prisma.DeferredOrderFindManyArgs;

/** Open orders of the shop whose balance is due at `now` (the charge sweep's candidates), with their lines. */
export async function listDueOpenOrders(db: Database, shop: string, now: Date): Promise<DeferredOrderRow[]> {
  const raws = await db.deferredOrder.findMany({ ...dueOpenOrdersOf(shop, now), include: { lines: true } });
  return raws.map(fromRaw);
}

/** The balances of `listDueOpenOrders`, without the rest of each order (the charge plan reads every one of them). */
export async function listDueOpenBalances(db: Database, shop: string, now: Date) {
  return db.deferredOrder.findMany({
    ...dueOpenOrdersOf(shop, now),
    select: {
      orderId: true,
      orderName: true,
      paymentScheduleId: true,
      currency: true,
      balanceDueMinor: true,
      dueAt: true,
    },
  });
}

/** The shop's orders among `orderIds` (the others are missing or another shop's): names, states and schedules. */
export async function findShopOrders(db: Database, shop: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  return db.deferredOrder.findMany({
    where: { shop, orderId: { in: [...new Set(orderIds)] } },
    select: { orderId: true, orderName: true, status: true, paymentScheduleId: true, balanceDueMinor: true },
  });
}
