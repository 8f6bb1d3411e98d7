// What a staff member does to several deferred orders at once from the list: every id must be one of the session's
// shop's orders (or nothing is done), and each order's outcome is reported by name. (Actions that change a balance
// charge, like "Charge now" or "Record as paid", are requests for the charge's unit: charge-requests.server.ts.)
import type { Database } from "../db/client.server";
import { appendChargeEvent, findChargeBySchedule, listAttempts } from "../db/charges.server";
import { findShopOrders } from "../db/deferred-orders.server";
import type { AdminFailure } from "../domain/admin-failure";
import { isOpenAttempt } from "../domain/charge";
import type { AdminClient } from "../shopify/client.server";
import { sendPaymentReminder } from "../shopify/operations/deferred-orders";
import { adminFailureOf } from "./admin-failures.server";

/** At most this many orders in one bulk action (a page of the list). */
export const MAX_BULK_ORDERS = 250;

export interface BulkOutcome {
  done: string[];
  skipped: { name: string; why: string }[];
  failed: { name: string; failure: AdminFailure }[];
}

export type ShopOrders = Awaited<ReturnType<typeof findShopOrders>>;

/**
 * The orders named by a bulk selection, or null when any of them is missing or belongs to another shop (the caller
 * answers 404 and acts on none), or when the selection is empty or too large.
 */
export async function selectedOrders(
  db: Database,
  shop: string,
  orderIds: readonly string[],
): Promise<ShopOrders | null> {
  const unique = [...new Set(orderIds)];
  if (unique.length === 0 || unique.length > MAX_BULK_ORDERS) return null;
  const found = await findShopOrders(db, shop, unique);
  return found.length === unique.length ? found : null;
}

/**
 * Sends Shopify's payment reminder (an email with a link to pay the balance) for each open order, recorded on its
 * balance charge's ledger with the staff member who asked.
 */
export async function sendPaymentReminders(
  ctx: { db: Database; shop: string; admin: AdminClient; now: () => Date },
  orders: ShopOrders,
  staffMemberId: string | null,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], skipped: [], failed: [] };
  for (const order of orders) {
    if (order.status !== "OPEN" || !order.paymentScheduleId || order.balanceDueMinor <= 0n) {
      outcome.skipped.push({ name: order.orderName, why: "nothing is owed" });
      continue;
    }
    // A payment by the app that may still go through: a reminder now could have the customer pay twice.
    const current = await findChargeBySchedule(ctx.db, ctx.shop, order.paymentScheduleId);
    if (current && (await listAttempts(ctx.db, ctx.shop, current.id)).some((a) => isOpenAttempt(a.status))) {
      outcome.skipped.push({
        name: order.orderName,
        why: "a payment by the app is in flight; a reminder now could have the customer pay twice",
      });
      continue;
    }
    try {
      const errors = await sendPaymentReminder(ctx.admin, order.paymentScheduleId);
      if (errors.length > 0) {
        outcome.failed.push({
          name: order.orderName,
          failure: { kind: "REFUSED", messages: errors.map((error) => error.message) },
        });
        continue;
      }
    } catch (error) {
      outcome.failed.push({ name: order.orderName, failure: adminFailureOf(error, ctx.shop, "paymentReminderSend") });
      continue;
    }
    outcome.done.push(order.orderName);
    const charge = await findChargeBySchedule(ctx.db, ctx.shop, order.paymentScheduleId);
    if (charge) {
      await appendChargeEvent(ctx.db, charge, {
        type: "REMINDER_SENT",
        message: staffMemberId ? `Payment reminder sent, by ${staffMemberId}` : "Payment reminder sent",
        at: ctx.now(),
      });
    }
  }
  return outcome;
}
