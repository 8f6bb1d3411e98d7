// The deferred orders list as a query: which orders a view shows (status, kind, offer, currency, due dates, a
// search), in which order, and where a page starts. Read from and written to the URL, so a view can be shared and
// reloaded; the database layer turns it into indexed filters and a keyset page.
import { DateTime } from "luxon";
import type { DeferredOrderCategory } from "./deferred-order";

/**
 * open: a balance is owed. overdue: owed and its due date has passed. attention: a charge the merchant must look at
 * (every attempt declined, or a payment that never settled). failed: every attempt the policy allows was declined.
 * paid: nothing is owed any more (collected by the app or paid elsewhere). cancelled: the order was cancelled.
 */
export const ORDER_STATUS_FILTERS = ["open", "overdue", "attention", "failed", "paid", "cancelled"] as const;
export type OrderStatusFilter = (typeof ORDER_STATUS_FILTERS)[number];

export const ORDER_SORT_KEYS = ["due", "balance", "ordered"] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export const ORDER_KINDS: readonly DeferredOrderCategory[] = ["PRE_ORDER", "TRY_BEFORE_YOU_BUY", "MIXED"];

/** Rows on one page of the list. */
export const ORDER_PAGE_SIZE = 50;
/** The longest search text kept (longer input is cut, not refused). */
const MAX_SEARCH = 100;

export interface OrderListFilters {
  status: OrderStatusFilter | null;
  kind: DeferredOrderCategory | null;
  /** An offer's id (the app's): orders with at least one line bought on it. */
  offerId: string | null;
  currency: string | null;
  /** Calendar days in the shop's time zone, inclusive, as typed (YYYY-MM-DD). */
  dueFrom: string | null;
  dueTo: string | null;
  /** Matched, ignoring case, against the order name, the customer's name and the customer's email. */
  search: string | null;
}

/** Where a page starts: after (or before) the row with this sort value and id. */
export interface OrderCursor {
  /** The sort column's value of that row: an ISO instant, a decimal integer (minor units), or null. */
  value: string | null;
  id: string;
}

export interface OrderListQuery {
  filters: OrderListFilters;
  sort: OrderSortKey;
  direction: SortDirection;
  after: OrderCursor | null;
  before: OrderCursor | null;
}

/** The list's query with its due-date range as instants (the database compares instants). */
export interface ResolvedOrderListQuery extends OrderListQuery {
  dueFromAt: Date | null;
  /** Exclusive: the start of the day after `dueTo`. */
  dueBeforeAt: Date | null;
  /** The instant "overdue" is judged against. */
  now: Date;
}

export interface OrderListProblem {
  field: "dueFrom" | "dueTo";
  message: string;
}

export const DEFAULT_ORDER_SORT: { sort: OrderSortKey; direction: SortDirection } = { sort: "due", direction: "asc" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function emptyFilters(): OrderListFilters {
  return { status: null, kind: null, offerId: null, currency: null, dueFrom: null, dueTo: null, search: null };
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

function cleanText(value: string | null): string | null {
  const text = value?.trim().replace(/\s+/g, " ").slice(0, MAX_SEARCH) ?? "";
  return text === "" ? null : text;
}

/** `YYYY-MM-DD` of a real day in `timeZone`, or null. */
function dayStart(day: string, timeZone: string): DateTime | null {
  if (!DAY.test(day)) return null;
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf("day");
  return start.isValid ? start : null;
}

/**
 * Reads a view from the URL's query string. Unknown values fall back to the default (a stale bookmark still opens
 * the list); a due date that is not a day, or a range that ends before it starts, is reported for the form.
 */
export function parseOrderListQuery(
  params: URLSearchParams,
  options: { timeZone: string; now: Date },
): { query: ResolvedOrderListQuery; problems: OrderListProblem[] } {
  const problems: OrderListProblem[] = [];
  const filters: OrderListFilters = {
    status: oneOf(ORDER_STATUS_FILTERS, params.get("status")),
    kind: oneOf(ORDER_KINDS, params.get("kind")),
    offerId: cleanText(params.get("offer")),
    currency: /^[A-Z]{3}$/.test(params.get("currency") ?? "") ? params.get("currency") : null,
    dueFrom: cleanText(params.get("dueFrom")),
    dueTo: cleanText(params.get("dueTo")),
    search: cleanText(params.get("q")),
  };
  let dueFromAt: Date | null = null;
  let dueBeforeAt: Date | null = null;
  if (filters.dueFrom !== null) {
    const start = dayStart(filters.dueFrom, options.timeZone);
    if (start) dueFromAt = start.toJSDate();
    else problems.push({ field: "dueFrom", message: "Enter a date as YYYY-MM-DD, for example 2027-03-01." });
  }
  if (filters.dueTo !== null) {
    const start = dayStart(filters.dueTo, options.timeZone);
    if (start) dueBeforeAt = start.plus({ days: 1 }).toJSDate();
    else problems.push({ field: "dueTo", message: "Enter a date as YYYY-MM-DD, for example 2027-03-31." });
  }
  if (dueFromAt && dueBeforeAt && dueBeforeAt <= dueFromAt) {
    problems.push({ field: "dueTo", message: "The end of the range is before its start." });
    dueBeforeAt = null;
  }
  const [sortKey, sortDirection] = (params.get("sort") ?? "").split("-");
  const sort = oneOf(ORDER_SORT_KEYS, sortKey ?? null) ?? DEFAULT_ORDER_SORT.sort;
  const direction = sortDirection === "desc" ? "desc" : sortDirection === "asc" ? "asc" : DEFAULT_ORDER_SORT.direction;
  const after = decodeCursor(params.get("after"));
  const before = after ? null : decodeCursor(params.get("before"));
  return {
    query: { filters, sort, direction, after, before, dueFromAt, dueBeforeAt, now: options.now },
    problems,
  };
}

/** The query string of a view (without its page): what a link, a saved view and the CSV export carry. */
export function orderListSearchParams(
  query: Pick<OrderListQuery, "filters" | "sort" | "direction">,
  page: { after?: OrderCursor | null; before?: OrderCursor | null } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  const { filters } = query;
  if (filters.status) params.set("status", filters.status);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.offerId) params.set("offer", filters.offerId);
  if (filters.currency) params.set("currency", filters.currency);
  if (filters.dueFrom) params.set("dueFrom", filters.dueFrom);
  if (filters.dueTo) params.set("dueTo", filters.dueTo);
  if (filters.search) params.set("q", filters.search);
  if (query.sort !== DEFAULT_ORDER_SORT.sort || query.direction !== DEFAULT_ORDER_SORT.direction) {
    params.set("sort", `${query.sort}-${query.direction}`);
  }
  if (page.after) params.set("after", encodeCursor(page.after));
  else if (page.before) params.set("before", encodeCursor(page.before));
  return params;
}

/** An opaque page token: base64url of the row's sort value and id (built without Buffer: browsers read it too). */
export function encodeCursor(cursor: OrderCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id]));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(token: string | null): OrderCursor | null {
  if (!token || token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed as unknown[];
    if (typeof id !== "string" || id === "" || !(value === null || typeof value === "string")) return null;
    return { value, id };
  } catch {
    return null;
  }
}

export interface SavedOrderView {
  id: string;
  label: string;
  /** The view's filters (and sort), relative to today in the shop's time zone. */
  query: (today: string) => Pick<OrderListQuery, "filters" | "sort" | "direction">;
}

const withFilters = (filters: Partial<OrderListFilters>) => ({
  filters: { ...emptyFilters(), ...filters },
  ...DEFAULT_ORDER_SORT,
});

/** The views every shop has: tabs above the list, each a query string. */
export const SAVED_ORDER_VIEWS: readonly SavedOrderView[] = [
  { id: "all", label: "All", query: () => withFilters({}) },
  { id: "open", label: "Open", query: () => withFilters({ status: "open" }) },
  {
    id: "due-this-week",
    label: "Due this week",
    query: (today) =>
      withFilters({
        status: "open",
        dueFrom: today,
        dueTo: DateTime.fromISO(today).plus({ days: 6 }).toISODate()!,
      }),
  },
  { id: "overdue", label: "Overdue", query: () => withFilters({ status: "overdue" }) },
  { id: "needs-attention", label: "Needs attention", query: () => withFilters({ status: "attention" }) },
  { id: "paid", label: "Paid", query: () => withFilters({ status: "paid" }) },
  { id: "cancelled", label: "Cancelled", query: () => withFilters({ status: "cancelled" }) },
];

/**
 * The saved view a query starts from, if any (the tab to select): its filters are the view's, whatever the search
 * and sort (a search within "Overdue" is still "Overdue").
 */
export function savedViewOf(query: Pick<OrderListQuery, "filters">, today: string): string | null {
  const filtersOf = (filters: OrderListFilters) =>
    orderListSearchParams({ filters: { ...filters, search: null }, ...DEFAULT_ORDER_SORT }).toString();
  const text = filtersOf(query.filters);
  return SAVED_ORDER_VIEWS.find((view) => filtersOf(view.query(today).filters) === text)?.id ?? null;
}

/** Today's date (YYYY-MM-DD) in the shop's time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}
