// The deferred orders list, read in the database: a view's filters as indexed conditions, its sort, and keyset pages
// (a page starts after the last row of the one before, so page 50 costs what page 1 does). Scoped by shop.
import type { Prisma } from "@prisma/client";
import { providerOf, type Database } from "./client.server";
import type { DeferredOrderCategory, DeferredOrderStatus } from "../domain/deferred-order";
import type { ChargeStatus } from "../domain/charge";
import {
  ORDER_PAGE_SIZE,
  type OrderCursor,
  type OrderSortKey,
  type ResolvedOrderListQuery,
  type SortDirection,
} from "../domain/order-list";
import { keysetPage } from "../domain/keyset-page";

/** What one row of the list shows. */
export interface DeferredOrderListRow {
  id: string;
  orderId: string;
  orderName: string;
  customerName: string | null;
  customerEmail: string | null;
  category: DeferredOrderCategory;
  currency: string;
  totalMinor: bigint;
  receivedMinor: bigint;
  balanceDueMinor: bigint;
  dueAt: Date | null;
  dueOnFulfillment: boolean;
  status: DeferredOrderStatus;
  returnInProgress: boolean;
  chargeStatus: ChargeStatus | null;
  needsAttention: boolean;
  orderCreatedAt: Date;
}

export interface DeferredOrderPage {
  rows: DeferredOrderListRow[];
  /** Cursors of the pages beside this one, null at either end. */
  next: OrderCursor | null;
  previous: OrderCursor | null;
  /** Orders in the view (every page), counted up to COUNT_CAP. */
  total: number;
  /** More than COUNT_CAP orders: `total` is the cap ("10,000+"). */
  totalCapped: boolean;
}

/**
 * Counting stops here: a count reads every row of the view it counts, and past this many "10,000+" says all a page
 * needs (a view of 100,000 orders would otherwise cost its full scan on every page).
 */
export const COUNT_CAP = 10_000;

/** The order number a search names ("#1001" or "1001"), or null. */
export function orderNumberOf(search: string | null): string | null {
  return search ? (/^#?(\d{1,12})$/.exec(search)?.[1] ?? null) : null;
}

const LIST_SELECT = {
  id: true,
  orderId: true,
  orderName: true,
  customerName: true,
  customerEmail: true,
  category: true,
  currency: true,
  totalMinor: true,
  receivedMinor: true,
  balanceDueMinor: true,
  dueAt: true,
  dueOnFulfillment: true,
  status: true,
  returnInProgress: true,
  chargeStatus: true,
  needsAttention: true,
  orderCreatedAt: true,
  dueSortAt: true,
} satisfies Prisma.DeferredOrderSelect;

type SortColumn = "dueSortAt" | "balanceDueMinor" | "orderCreatedAt";
const SORT_COLUMNS: Record<OrderSortKey, SortColumn> = {
  // The due date with "no date yet" (due on fulfilment) as the far future: never null, so one index serves the
  // sort both ways and a page boundary is a plain comparison.
  due: "dueSortAt",
  balance: "balanceDueMinor",
  ordered: "orderCreatedAt",
};

/** An ordering of the list: its column and direction, ties broken by id. */
interface Ordering {
  column: SortColumn;
  direction: SortDirection;
}

const flip = (direction: SortDirection): SortDirection => (direction === "asc" ? "desc" : "asc");

function orderingOf(query: Pick<ResolvedOrderListQuery, "sort" | "direction">, backward = false): Ordering {
  const direction = backward ? flip(query.direction) : query.direction;
  return { column: SORT_COLUMNS[query.sort], direction };
}

function orderByOf(ordering: Ordering): Prisma.DeferredOrderOrderByWithRelationInput[] {
  return [{ [ordering.column]: ordering.direction }, { id: ordering.direction }];
}

function sortValueOf(row: { dueSortAt: Date; balanceDueMinor: bigint; orderCreatedAt: Date }, column: SortColumn) {
  const value = row[column];
  return value instanceof Date ? value.toISOString() : value.toString();
}

function compare(a: Date | bigint | string, b: Date | bigint | string): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseSortValue(column: SortColumn, value: string | null): Date | bigint | null {
  if (value === null) return null;
  if (column === "balanceDueMinor") return /^-?\d{1,30}$/.test(value) ? BigInt(value) : null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The rows that come after `cursor` in `ordering` (a cursor that does not parse starts from the top). */
function afterCursor(ordering: Ordering, cursor: OrderCursor): Prisma.DeferredOrderWhereInput {
  const value = parseSortValue(ordering.column, cursor.value);
  if (value === null) return {};
  const beyond = ordering.direction === "asc" ? "gt" : "lt";
  return {
    OR: [
      { [ordering.column]: { [beyond]: value } },
      { AND: [{ [ordering.column]: value }, { id: { [beyond]: cursor.id } }] },
    ],
  };
}

/** A view's filters as conditions on the shop's rows. */
export function listFilterOf(shop: string, query: ResolvedOrderListQuery): Prisma.DeferredOrderWhereInput {
  const { offerId } = query.filters;
  return { AND: [{ shop }, ...(offerId ? [{ offers: { some: { offerId } } }] : []), ...conditionsBesideOffer(query)] };
}

/** A view's conditions other than the shop and the offer. */
function conditionsBesideOffer(query: ResolvedOrderListQuery): Prisma.DeferredOrderWhereInput[] {
  const { filters } = query;
  const and: Prisma.DeferredOrderWhereInput[] = [];
  switch (filters.status) {
    case "open":
      and.push({ status: "OPEN" });
      break;
    case "overdue":
      // dueSortAt is the due date where there is one and the far future where there is none, so a range on it is a
      // range on the due date that one index scan serves.
      and.push({ status: "OPEN", dueSortAt: { lt: query.now } });
      break;
    case "attention":
      and.push({ needsAttention: true });
      break;
    case "failed":
      and.push({ chargeStatus: "FAILED" });
      break;
    case "paid":
      and.push({ status: "PAID" });
      break;
    case "cancelled":
      and.push({ status: "CANCELLED" });
      break;
    case null:
      break;
  }
  if (filters.kind) and.push({ category: filters.kind });
  if (filters.currency) and.push({ currency: filters.currency });
  if (query.dueFromAt) and.push({ dueAt: { not: null }, dueSortAt: { gte: query.dueFromAt } });
  if (query.dueBeforeAt) and.push({ dueSortAt: { lt: query.dueBeforeAt } });
  if (filters.search) {
    // An order number ("#1001" or "1001") is looked up by name (indexed); anything else searches names and emails.
    const number = orderNumberOf(filters.search);
    and.push(number ? { orderName: `#${number}` } : { searchText: { contains: filters.search.toLowerCase() } });
  }
  return and;
}

const asRow = ({
  dueSortAt: _dueSortAt,
  ...raw
}: Prisma.DeferredOrderGetPayload<{ select: typeof LIST_SELECT }>): DeferredOrderListRow => ({
  ...raw,
  category: raw.category as DeferredOrderCategory,
  status: raw.status as DeferredOrderStatus,
  chargeStatus: raw.chargeStatus as ChargeStatus | null,
});

/**
 * The order the count reads a view in. Counting up to a cap needs an order (the cap is a LIMIT, and Prisma orders a
 * limited count by id unless told otherwise) but any order gives the same number, so the count takes the one each
 * database serves best. SQLite follows the order it is given: the due date, which every filter's index ends with,
 * stops at the cap after that many index entries (by id it read and sorted every row of the view first: 26 ms for
 * the default view at 100,000 orders, 0.6 ms by due date), except for a search, which reads every row's text
 * whatever the order, from the `(shop, searchText, id)` index when read by id (by due date it fetched each row:
 * 300 ms). PostgreSQL plans the count as a whole: by id it joins an offer filter's order offers in one merge through
 * their `(deferredOrderId, offerId)` key (by due date it hashed and sorted them), and the search is served by its
 * trigram index.
 */
function countOrderOf(db: Database, query: ResolvedOrderListQuery): Prisma.DeferredOrderOrderByWithRelationInput[] {
  if (query.filters.search || providerOf(db) === "postgresql") return [{ id: "asc" }];
  return [{ dueSortAt: "asc" }, { id: "asc" }];
}

/**
 * How many orders a view holds, counted up to `limit`. An offer's orders alone are a range of the order offers'
 * `(shop, offerId)` index, one entry per order (through the orders, SQLite walked 50,000 of them in the due date's
 * order and asked of each whether it was on the offer: 35 ms at 100,000 orders). With other filters beside the offer
 * the orders are counted, as every other view is.
 */
function countView(
  db: Database,
  shop: string,
  query: ResolvedOrderListQuery,
  where: Prisma.DeferredOrderWhereInput,
  limit: number,
): Promise<number> {
  const { offerId } = query.filters;
  if (offerId && conditionsBesideOffer(query).length === 0) {
    return db.deferredOrderOffer.count({
      where: { shop, offerId },
      take: limit,
      orderBy: [{ shop: "asc" }, { offerId: "asc" }, { deferredOrderId: "asc" }],
    });
  }
  return db.deferredOrder.count({ where, take: limit, orderBy: countOrderOf(db, query) });
}

/** One page of a view: `query.after` (or `before`) says where it starts, the first page when neither. */
export async function listDeferredOrderPage(
  db: Database,
  shop: string,
  query: ResolvedOrderListQuery,
  pageSize = ORDER_PAGE_SIZE,
  countCap = COUNT_CAP,
): Promise<DeferredOrderPage> {
  const where = listFilterOf(shop, query);
  if (orderNumberOf(query.filters.search)) {
    // One order (or the few that share a name): read by the name's index, without an ORDER BY that would lead the
    // database to walk the sort's index instead; sorted here.
    const column = SORT_COLUMNS[query.sort];
    const found = await db.deferredOrder.findMany({ where, take: pageSize, select: LIST_SELECT });
    const sign = query.direction === "asc" ? 1 : -1;
    found.sort((a, b) => sign * (compare(a[column], b[column]) || compare(a.id, b.id)));
    return { rows: found.map(asRow), next: null, previous: null, total: found.length, totalCapped: false };
  }
  const backward = query.before !== null;
  const ordering = orderingOf(query, backward);
  const cursor = backward ? query.before : query.after;
  const [raw, counted] = await Promise.all([
    db.deferredOrder.findMany({
      where: cursor ? { AND: [where, afterCursor(ordering, cursor)] } : where,
      orderBy: orderByOf(ordering),
      take: pageSize + 1,
      select: LIST_SELECT,
    }),
    countView(db, shop, query, where, countCap + 1),
  ]);
  const total = Math.min(counted, countCap);
  const travel = backward ? "backward" : query.after !== null ? "forward" : "first";
  const { rows: taken, hasNext, hasPrevious } = keysetPage(raw, pageSize, travel);
  const column = SORT_COLUMNS[query.sort];
  const cursorOf = (row: (typeof raw)[number] | undefined): OrderCursor | null =>
    row ? { value: sortValueOf(row, column), id: row.id } : null;
  return {
    rows: taken.map(asRow),
    next: hasNext ? cursorOf(taken.at(-1)) : null,
    previous: hasPrevious ? cursorOf(taken[0]) : null,
    total,
    totalCapped: counted > countCap,
  };
}

/** Every row of a view in the list's order, read `batchSize` at a time (memory stays flat however many there are). */
export async function* eachDeferredOrderOfView(
  db: Database,
  shop: string,
  query: ResolvedOrderListQuery,
  options: { batchSize?: number; orderIds?: readonly string[] } = {},
): AsyncGenerator<DeferredOrderListRow> {
  const batchSize = options.batchSize ?? 500;
  const view = listFilterOf(shop, query);
  // A selection: those orders of the view (Shopify order ids), in the view's order.
  const where = options.orderIds ? { AND: [view, { orderId: { in: [...options.orderIds] } }] } : view;
  const ordering = orderingOf(query);
  let cursor: OrderCursor | null = null;
  for (;;) {
    const batch: Prisma.DeferredOrderGetPayload<{ select: typeof LIST_SELECT }>[] = await db.deferredOrder.findMany({
      where: cursor ? { AND: [where, afterCursor(ordering, cursor)] } : where,
      orderBy: orderByOf(ordering),
      take: batchSize,
      select: LIST_SELECT,
    });
    for (const raw of batch) yield asRow(raw);
    if (batch.length < batchSize) return;
    // SQLite's driver answers synchronously: without a turn of the event loop between batches, nothing written
    // would reach the socket (and no other request would be served) until the whole export was read.
    await new Promise((resolve) => setImmediate(resolve));
    const last = batch[batch.length - 1]!;
    cursor = { value: sortValueOf(last, ordering.column), id: last.id };
  }
}

/** The currencies the shop's deferred orders are in (the currency filter's choices). */
export async function listFacets(db: Database, shop: string) {
  // One seek of the `(shop, currency, …)` index per currency, for the first one after the last found (a loose index
  // scan): a GROUP BY read an index entry per order, 6 ms of every list load at 100,000 orders on SQLite.
  const currencies: string[] = [];
  for (;;) {
    const after = currencies.at(-1);
    const next = await db.deferredOrder.findFirst({
      where: { shop, ...(after === undefined ? {} : { currency: { gt: after } }) },
      orderBy: { currency: "asc" },
      select: { currency: true },
    });
    if (!next) return { currencies };
    currencies.push(next.currency);
  }
}
