// Moving a deferred order's due date: the merchant picks a day in the shop's time zone; the charge keeps its time
// of day. A later date is routine; an earlier one (or a fixed date for a balance agreed "on fulfilment") charges
// the customer sooner than they agreed, which drives chargebacks, so it needs the merchant's explicit confirmation.
import { DateTime } from "luxon";
import { z } from "zod";
import type { DeferredOrderStatus } from "./deferred-order";
import { fulfillmentOf, parseStoredOffer } from "./offer";

/** How far ahead a due date may be moved: further is almost certainly a typo (and mandates can expire). */
export const MAX_RESCHEDULE_DAYS = 730;

export const RescheduleFormSchema = z.object({
  dueDate: z
    .string({ error: "Choose the new due date" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD"),
  confirmEarlier: z.enum(["on", "true"]).optional(),
  reason: z.string().trim().max(500, "Keep the note under 500 characters").optional(),
});

export interface ReschedulableOrder {
  status: DeferredOrderStatus;
  dueAt: Date | null;
  dueOnFulfillment: boolean;
  paymentTermsId: string | null;
  /** When the order ships, by its offers' exact ship dates (the latest line's); null or absent when none is set. */
  shipsAt?: Date | null;
}

export type ReschedulePlan =
  | {
      ok: true;
      dueAt: Date;
      /** Sooner than the customer agreed: an earlier date, or a fixed date replacing "on fulfilment". */
      earlier: boolean;
      /** Earlier, or before the ship date, and not confirmed yet: ask, and change nothing. */
      needsConfirmation: boolean;
      reason: string | null;
      /** Present when the new date charges before the order ships: the ship date. */
      shipsAt?: Date;
    }
  | { ok: false; fieldErrors: Record<string, string> };

const DEFAULT_LOCAL_TIME = { hour: 9, minute: 0 };

/** Validates the form against the order as Shopify last reported it; pure (the caller gives `now` and the zone). */
export function planReschedule(
  order: ReschedulableOrder,
  form: Record<string, unknown>,
  options: { now: Date; timeZone: string },
): ReschedulePlan {
  if (order.status !== "OPEN" || !order.paymentTermsId) {
    const why =
      order.status === "PAID"
        ? "The balance is already paid: there is no due date to move."
        : order.status === "CANCELLED"
          ? "The order is cancelled: it will not be charged."
          : "The order no longer has payment terms in Shopify.";
    return { ok: false, fieldErrors: { dueDate: why } };
  }
  const parsed = RescheduleFormSchema.safeParse(form);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  const zone = options.timeZone;
  const day = DateTime.fromISO(parsed.data.dueDate, { zone });
  if (!day.isValid) return { ok: false, fieldErrors: { dueDate: "This date does not exist" } };
  const current = order.dueAt ? DateTime.fromJSDate(order.dueAt, { zone }) : null;
  const time = current ? { hour: current.hour, minute: current.minute } : DEFAULT_LOCAL_TIME;
  const dueAt = day.set({ ...time, second: 0, millisecond: 0 });

  const now = DateTime.fromJSDate(options.now, { zone });
  // Today is refused too: a charge due in a few hours leaves the customer no notice.
  if (dueAt.startOf("day") <= now.startOf("day")) {
    return { ok: false, fieldErrors: { dueDate: "Choose a date after today" } };
  }
  if (dueAt > now.plus({ days: MAX_RESCHEDULE_DAYS })) {
    return { ok: false, fieldErrors: { dueDate: "Choose a date within two years" } };
  }
  if (current && current.hasSame(dueAt, "day")) {
    return { ok: false, fieldErrors: { dueDate: "The balance is already due on this date" } };
  }
  const earlier = current ? dueAt < current : true;
  // Charging before the goods ship invites chargebacks as much as charging early does: the merchant confirms it too.
  const shipsAt = order.shipsAt ?? null;
  const beforeShipping = shipsAt !== null && dueAt.toMillis() < shipsAt.getTime();
  return {
    ok: true,
    dueAt: dueAt.toUTC().toJSDate(),
    earlier,
    needsConfirmation: (earlier || beforeShipping) && parsed.data.confirmEarlier === undefined,
    reason: parsed.data.reason ? parsed.data.reason : null,
    ...(beforeShipping ? { shipsAt } : {}),
  };
}

/**
 * When an order ships, as far as its offers say: the latest exact ship date of the plans its lines were bought on
 * (read from the offers as they are now, so a ship date the merchant moved counts). Null when no line has one.
 */
export function latestShipDate(
  lines: ReadonlyArray<{ sellingPlanId: string | null; offerId: string | null }>,
  offers: ReadonlyArray<{ id: string; settings: unknown; sellingPlanIds: Readonly<Record<string, string>> }>,
): Date | null {
  let latest: Date | null = null;
  for (const line of lines) {
    const offer = offers.find((candidate) => candidate.id === line.offerId);
    if (!offer || !line.sellingPlanId) continue;
    const key = Object.entries(offer.sellingPlanIds).find(([, id]) => id === line.sellingPlanId)?.[0];
    const parsed = parseStoredOffer(offer.settings);
    const plan = key !== undefined && parsed.ok ? parsed.offer.plans.find((candidate) => candidate.key === key) : null;
    const fulfillment = plan ? fulfillmentOf(plan) : null;
    if (fulfillment?.trigger !== "EXACT_DATE") continue;
    const shipsAt = new Date(fulfillment.shipsAt);
    if (latest === null || shipsAt > latest) latest = shipsAt;
  }
  return latest;
}
