// What the deferred orders pages read, scoped by the session's shop: the routes shape it for the browser.
import type { Database } from "../db/client.server";
import { latestBackfillRun } from "../db/backfill-runs.server";
import { listChargesOfOrder } from "../db/charges.server";
import { findDeferredOrder, listDeferredOrders } from "../db/deferred-orders.server";
import { listDueDateChanges } from "../db/due-date-changes.server";
import { listOfferRows } from "../db/offers.server";

export interface OrdersPageContext {
  db: Database;
  shop: string;
}

/** Every deferred order of the shop, and its latest search of existing orders. */
export async function readOrdersList(ctx: OrdersPageContext) {
  const [rows, run] = await Promise.all([listDeferredOrders(ctx.db, ctx.shop), latestBackfillRun(ctx.db, ctx.shop)]);
  return { rows, run };
}

/** The order, its due date history, its balance charges with their ledger and the shop's offers (to name them), or null when the shop has no such order. */
export async function readOrderDetail(ctx: OrdersPageContext, orderId: string) {
  const order = await findDeferredOrder(ctx.db, ctx.shop, orderId);
  if (!order) return null;
  const [changes, offers, charges] = await Promise.all([
    listDueDateChanges(ctx.db, ctx.shop, orderId),
    listOfferRows(ctx.db, ctx.shop),
    listChargesOfOrder(ctx.db, ctx.shop, orderId),
  ]);
  return { order, changes, offers, charges };
}
