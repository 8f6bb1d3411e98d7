// Server side of the deferred orders pages: reads scoped by the session's shop, shaped for the browser by
// components/orders/view, and what to tell the merchant when Shopify could not be asked to move a due date.
import type { Database } from "../db.server";
import { latestBackfillRun } from "../db/backfill-runs.server";
import { findDeferredOrder, listDeferredOrders } from "../db/deferred-orders.server";
import { listDueDateChanges } from "../db/due-date-changes.server";
import { listOfferRows } from "../db/offers.server";
import { logger } from "../logger.server";
import {
  AdminApiError,
  AdminApiNetworkError,
  AdminApiThrottledError,
  AdminApiUnauthorizedError,
} from "../shopify/errors";
import type { OrderFilter } from "../components/orders/labels";
import {
  backfillBanner,
  historyEntry,
  matchesFilter,
  orderDetail,
  orderListItem,
  sortForList,
  type DisplayOptions,
} from "../components/orders/view";

export interface OrdersPageContext extends DisplayOptions {
  db: Database;
  shop: string;
  now: () => Date;
}

export async function ordersListPage(ctx: OrdersPageContext, filter: OrderFilter) {
  const [rows, run] = await Promise.all([listDeferredOrders(ctx.db, ctx.shop), latestBackfillRun(ctx.db, ctx.shop)]);
  return {
    filter,
    totalCount: rows.length,
    orders: sortForList(rows.filter((row) => matchesFilter(row.status, filter))).map((row) => orderListItem(row, ctx)),
    backfill: run ? backfillBanner(run, ctx) : null,
  };
}

/** The order and its due date history, or null when the shop has no such deferred order. */
export async function orderDetailPage(ctx: OrdersPageContext, orderId: string) {
  const order = await findDeferredOrder(ctx.db, ctx.shop, orderId);
  if (!order) return null;
  const [changes, offers] = await Promise.all([
    listDueDateChanges(ctx.db, ctx.shop, orderId),
    listOfferRows(ctx.db, ctx.shop),
  ]);
  return {
    order: orderDetail(order, offers, { ...ctx, now: ctx.now() }),
    history: changes.map((change) => historyEntry(change, ctx)),
  };
}

/**
 * The merchant's words for a failed attempt to reach Shopify while moving a due date. The attempt is already in
 * the history; unknown errors are rethrown for the error boundary.
 */
export function rescheduleFailureMessage(error: unknown, shop: string): string {
  if (!(error instanceof AdminApiError)) throw error;
  logger.error({ err: error, shop, operation: "rescheduleDueDate" }, "due date change failed at the Admin API");
  if (error instanceof AdminApiThrottledError)
    return "Shopify is busy right now. Nothing was changed; try again in a minute.";
  if (error instanceof AdminApiNetworkError) {
    return error.mayHaveReachedShopify
      ? "Shopify did not answer in time. Reload the page to see whether the due date changed."
      : "Shopify could not be reached. Nothing was changed; try again.";
  }
  if (error instanceof AdminApiUnauthorizedError)
    return "Shopify refused the app's access. Reinstall the app, then try again.";
  return "Shopify could not complete the request. Nothing was changed; try again.";
}
