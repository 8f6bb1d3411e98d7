// Moving a deferred order's due date: the merchant picks a day in the shop's time zone; the charge keeps its time
// of day. A later date is routine; an earlier one (or a fixed date for a balance agreed "on fulfilment") charges
// the customer sooner than they agreed, which drives chargebacks, so it needs the merchant's explicit confirmation.
import { DateTime } from "luxon";
import { z } from "zod";
import type { DeferredOrderStatus } from "./deferred-order";

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
}

export type ReschedulePlan =
  | {
      ok: true;
      dueAt: Date;
      /** Sooner than the customer agreed: an earlier date, or a fixed date replacing "on fulfilment". */
      earlier: boolean;
      /** Earlier and not confirmed yet: ask, and change nothing. */
      needsConfirmation: boolean;
      reason: string | null;
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
  return {
    ok: true,
    dueAt: dueAt.toUTC().toJSDate(),
    earlier,
    needsConfirmation: earlier && parsed.data.confirmEarlier === undefined,
    reason: parsed.data.reason ? parsed.data.reason : null,
  };
}
