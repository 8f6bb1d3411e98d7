// Deferred orders: take in orders bought on this app's selling plans and keep them true from Admin API reads.
import type { Database } from "../db/client.server";
import {
  findDeferredOrder,
  findOrderIdByPaymentSchedule,
  findOrderIdByPaymentTerms,
  saveDeferredOrder,
  type SaveOutcome,
} from "../db/deferred-orders.server";
import { listOfferRows } from "../db/offers.server";
import { deferredOrderFromRead, type AppPlan, type OfferKind } from "../domain/deferred-order";
import type { AdminClient } from "../shopify/client.server";
import { fetchDeferredOrder } from "../shopify/operations/deferred-orders";
import { planBalanceCharge } from "./charges.server";
import type { OrderRead } from "./stock-rules.server";

export interface DeferredOrderContext {
  db: Database;
  shop: string;
  now: () => Date;
}

export type SyncOutcome = SaveOutcome | "NOT_DEFERRED" | "NOT_FOUND";

const OFFER_KINDS: readonly OfferKind[] = ["PRE_ORDER", "TRY_BEFORE_YOU_BUY"];

/** Every selling plan of this shop's offers, with the offer and its kind. */
async function appPlans(db: Database, shop: string): Promise<Map<string, AppPlan>> {
  const plans = new Map<string, AppPlan>();
  for (const row of await listOfferRows(db, shop)) {
    const kind = OFFER_KINDS.find((candidate) => candidate === row.kind);
    if (!kind) continue;
    for (const planId of Object.values(row.sellingPlanIds)) plans.set(planId, { offerId: row.id, kind });
  }
  return plans;
}

/**
 * Stores what `order` (a fresh Admin API read) says. An order enters only with payment terms and a line on
 * one of this app's selling plans; once stored it follows every read, so losing its terms or being cancelled
 * or paid is recorded too.
 */
export async function syncDeferredOrder(ctx: DeferredOrderContext, order: OrderRead): Promise<SyncOutcome> {
  const snapshot = deferredOrderFromRead(order, await appPlans(ctx.db, ctx.shop));
  if (!snapshot) return "NOT_DEFERRED";
  if (!snapshot.paymentTermsId && !(await findDeferredOrder(ctx.db, ctx.shop, snapshot.orderId))) {
    return "NOT_DEFERRED"; // paid in full at checkout: nothing will ever be owed
  }
  const outcome = await saveDeferredOrder(ctx.db, ctx.shop, snapshot, ctx.now());
  // The balance's charge follows the order: created when a balance opens, moved with its due date, woken by news.
  // (The snapshot is what was just stored: no second read.)
  if (outcome !== "STALE") await planBalanceCharge(ctx.db, ctx.shop, snapshot, ctx.now());
  return outcome;
}

/** Re-reads an order through the Admin API and stores the result: the read, not any payload, is the truth. */
export async function refreshDeferredOrder(
  ctx: DeferredOrderContext,
  admin: AdminClient,
  orderId: string,
): Promise<SyncOutcome> {
  const order = await fetchDeferredOrder(admin, orderId);
  if (!order) return "NOT_FOUND";
  return syncDeferredOrder(ctx, order);
}

/** The stored order behind payment terms (gid://shopify/PaymentTerms/...), or null if the app does not know it. */
export function orderIdForPaymentTerms(ctx: DeferredOrderContext, paymentTermsId: string): Promise<string | null> {
  return findOrderIdByPaymentTerms(ctx.db, ctx.shop, paymentTermsId);
}

/** The stored order behind a payment schedule (gid://shopify/PaymentSchedule/...), or null if the app does not know it. */
export function orderIdForPaymentSchedule(
  ctx: DeferredOrderContext,
  paymentScheduleId: string,
): Promise<string | null> {
  return findOrderIdByPaymentSchedule(ctx.db, ctx.shop, paymentScheduleId);
}
