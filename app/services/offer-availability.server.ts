// Putting an offer on and off sale: pause and resume it, give it a sales window. Off sale, its selling plans leave
// the products it is assigned to (through the same stock-rule pass that closes a sold-out pre-sale), so customers
// stop seeing it; back on sale, they rejoin them. Orders already placed on it are untouched. Each end of the window
// is applied on time by the worker (scheduled work OFFER_AVAILABILITY, one unit per offer).
import type { Database } from "../db/client.server";
import { findOffer, updateOfferRow, type OfferRow } from "../db/offers.server";
import { isShopUninstalled } from "../db/shops.server";
import { rescheduleJob, wakeJob, type Transaction } from "../db/scheduled-jobs.server";
import {
  availabilityAt,
  nextWindowChange,
  parseSalesWindow,
  type AvailabilityState,
} from "../domain/offer-availability";
import { OFFER_AVAILABILITY_RETRY } from "../domain/retry";
import type { JobKind } from "../domain/scheduled-job";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import { applyStockRules, type StockRuleContext } from "./stock-rules.server";

export type AvailabilityResult =
  | { ok: true; state: AvailabilityState }
  | { ok: false; notFound: true }
  | { ok: false; fieldErrors: Record<string, string> };

async function apply(ctx: StockRuleContext, row: OfferRow): Promise<AvailabilityResult> {
  const outcome = await applyStockRules(ctx, row.id);
  if (!outcome.ok) return { ok: false, fieldErrors: { "": outcome.message } };
  return { ok: true, state: availabilityAt(row, ctx.now()) };
}

/** Pauses the offer (its plans leave its products) or resumes it (they rejoin them, window permitting). */
export async function setOfferPaused(ctx: StockRuleContext, id: string, paused: boolean): Promise<AvailabilityResult> {
  const found = await findOffer(ctx.db, ctx.shop, id);
  if (!found) return { ok: false, notFound: true };
  const pausedAt = paused ? (found.pausedAt ?? ctx.now()) : null;
  await updateOfferRow(ctx.db, ctx.shop, id, { pausedAt });
  return apply(ctx, { ...found, pausedAt });
}

/**
 * Sets the sales window from what the merchant typed (days and times in the shop's time zone, either end empty),
 * applies it now, and schedules the worker for its next end.
 */
export async function setOfferSalesWindow(
  ctx: StockRuleContext & { timeZone: string },
  id: string,
  input: { startsAt: string; endsAt: string },
): Promise<AvailabilityResult> {
  const found = await findOffer(ctx.db, ctx.shop, id);
  if (!found) return { ok: false, notFound: true };
  const parsed = parseSalesWindow(input, { timeZone: ctx.timeZone, now: ctx.now() });
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const window = { salesStartsAt: parsed.salesStartsAt, salesEndsAt: parsed.salesEndsAt };
  await updateOfferRow(ctx.db, ctx.shop, id, window);
  const row = { ...found, ...window };
  await scheduleNextChange(ctx.db, row, ctx.now());
  return apply(ctx, row);
}

/** The offer's unit of scheduled work, due at the window's next end (none ahead: it is left to finish). */
async function scheduleNextChange(db: Database, row: OfferRow, now: Date): Promise<void> {
  const at = nextWindowChange(row, now);
  if (!at) return;
  const unit = { shop: row.shop, kind: "OFFER_AVAILABILITY" as const, subject: row.id };
  // A later end than the one waiting moves the unit later too (wakeJob only ever brings it earlier).
  if (!(await rescheduleJob(db, unit, at))) await wakeJob(db, { ...unit, dueAt: at }, { reopen: true });
}

export interface OfferAvailabilityJobOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
}

/** The worker's side: at each end of an offer's sales window, the offer is put on or off sale. */
export function offerAvailabilityJobKind(options: OfferAvailabilityJobOptions): JobKind<Transaction> {
  return {
    kind: "OFFER_AVAILABILITY",
    rule: OFFER_AVAILABILITY_RETRY,
    run: async ({ job, now }) => {
      const row = await findOffer(options.db, job.shop, job.subject);
      if (!row) return { outcome: "CANCEL", note: "The offer was deleted" };
      if (await isShopUninstalled(options.db, job.shop)) return { outcome: "CANCEL", note: "Shop uninstalled the app" };
      const admin = await options.adminFor(job.shop);
      if (!admin) return { outcome: "GIVE_UP", error: "No offline access token for the shop" };
      const outcome = await applyStockRules({ db: options.db, shop: job.shop, admin, now }, row.id);
      if (!outcome.ok) return { outcome: "RETRY", error: outcome.message };
      const state = availabilityAt(row, now());
      options.logger.info({ shop: job.shop, offer: row.id, state }, "offer availability applied");
      const next = nextWindowChange(row, now());
      return next
        ? { outcome: "LATER", at: next, note: state, label: "applied" }
        : { outcome: "DONE", note: state, label: "applied" };
    },
  };
}
