// Reschedule: the merchant moves a deferred order's due date from the app. The order is re-read first (the app
// acts on Shopify's state, not a stale copy), the change is written to Shopify's payment terms, every attempt is
// recorded, and an earlier date is only applied once the merchant confirmed it.
import type { Database } from "../db/client.server";
import { findDeferredOrder } from "../db/deferred-orders.server";
import { recordDueDateChange } from "../db/due-date-changes.server";
import { listOfferRows } from "../db/offers.server";
import { latestShipDate, planReschedule } from "../domain/reschedule";
import type { AdminClient } from "../shopify/client.server";
import { updatePaymentTermsDueDate } from "../shopify/operations/deferred-orders";
import { refreshDeferredOrder } from "./deferred-orders.server";

export interface RescheduleContext {
  db: Database;
  shop: string;
  admin: AdminClient;
  now: () => Date;
  timeZone: string;
  /** The staff member acting (session token `sub`), recorded with the change. */
  staffUserId: string | null;
}

export type RescheduleResult =
  | { ok: true; dueAt: Date; earlier: boolean }
  | { ok: false; reason: "NOT_FOUND" }
  /** `earlier`: sooner than agreed; `shipsAt` (when present): the new date is before the order ships then. */
  | { ok: false; reason: "NEEDS_CONFIRMATION"; from: Date | null; to: Date; earlier: boolean; shipsAt?: Date }
  | { ok: false; reason: "INVALID"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "REFUSED_BY_SHOPIFY"; fieldErrors: Record<string, string> };

export async function rescheduleDueDate(
  ctx: RescheduleContext,
  orderId: string,
  form: Record<string, unknown>,
): Promise<RescheduleResult> {
  const ref = { db: ctx.db, shop: ctx.shop, now: ctx.now };
  if (!(await findDeferredOrder(ctx.db, ctx.shop, orderId))) return { ok: false, reason: "NOT_FOUND" };
  // Decide on what Shopify says now: the order may have been paid, cancelled or moved since the page loaded.
  await refreshDeferredOrder(ref, ctx.admin, orderId);
  const order = await findDeferredOrder(ctx.db, ctx.shop, orderId);
  if (!order) return { ok: false, reason: "NOT_FOUND" };

  const shipsAt = latestShipDate(order.lines, await listOfferRows(ctx.db, ctx.shop));
  const plan = planReschedule({ ...order, shipsAt }, form, { now: ctx.now(), timeZone: ctx.timeZone });
  if (!plan.ok) return { ok: false, reason: "INVALID", fieldErrors: plan.fieldErrors };
  if (plan.needsConfirmation) {
    return {
      ok: false,
      reason: "NEEDS_CONFIRMATION",
      from: order.dueAt,
      to: plan.dueAt,
      earlier: plan.earlier,
      ...(plan.shipsAt ? { shipsAt: plan.shipsAt } : {}),
    };
  }

  const change = {
    orderId,
    orderName: order.orderName,
    paymentTermsId: order.paymentTermsId!,
    fromDueAt: order.dueAt,
    toDueAt: plan.dueAt,
    earlier: plan.earlier,
    confirmedEarlier: plan.earlier,
    staffUserId: ctx.staffUserId,
    reason: plan.reason,
  };
  let userErrors: { message: string }[];
  try {
    userErrors = await updatePaymentTermsDueDate(ctx.admin, order.paymentTermsId!, plan.dueAt);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordDueDateChange(ctx.db, ctx.shop, { ...change, outcome: "FAILED", error: message, at: ctx.now() });
    throw error;
  }
  if (userErrors.length > 0) {
    const message = userErrors.map((error) => error.message).join("; ");
    await recordDueDateChange(ctx.db, ctx.shop, { ...change, outcome: "FAILED", error: message, at: ctx.now() });
    return { ok: false, reason: "REFUSED_BY_SHOPIFY", fieldErrors: { dueDate: `Shopify refused: ${message}` } };
  }
  await recordDueDateChange(ctx.db, ctx.shop, { ...change, outcome: "APPLIED", at: ctx.now() });
  // The stored order follows Shopify's new state now, not only when payment_terms/update arrives.
  await refreshDeferredOrder(ref, ctx.admin, orderId);
  return { ok: true, dueAt: plan.dueAt, earlier: plan.earlier };
}
