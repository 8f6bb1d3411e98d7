// What the deferred orders pages read, scoped by the session's shop: the routes shape it for the browser.
import type { Database } from "../db/client.server";
import { latestBackfillRun } from "../db/backfill-runs.server";
import { listChargesOfOrder } from "../db/charges.server";
import { findDeferredOrder } from "../db/deferred-orders.server";
import { listDeferredOrderPage, listFacets } from "../db/deferred-order-list.server";
import { listDueDateChanges } from "../db/due-date-changes.server";
import { listOfferRows } from "../db/offers.server";
import { parseOrderListQuery } from "../domain/order-list";

export interface OrdersPageContext {
  db: Database;
  shop: string;
}

/**
 * One page of the deferred orders list as the URL's query string asks for it (filters, search, sort, page), with
 * what the filters offer to choose from and the shop's latest search of existing orders.
 */
export async function readOrdersList(
  ctx: OrdersPageContext & { timeZone: string; now: Date },
  params: URLSearchParams,
) {
  const { query, problems } = parseOrderListQuery(params, { timeZone: ctx.timeZone, now: ctx.now });
  const [page, facets, offers, run] = await Promise.all([
    listDeferredOrderPage(ctx.db, ctx.shop, query),
    listFacets(ctx.db, ctx.shop),
    listOfferRows(ctx.db, ctx.shop),
    latestBackfillRun(ctx.db, ctx.shop),
  ]);
  return {
    query,
    problems,
    page,
    currencies: facets.currencies,
    offers: offers.map((offer) => ({ id: offer.id, name: offer.name })),
    run,
  };
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
