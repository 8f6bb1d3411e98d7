// When an offer is on sale: the merchant can pause it (until resumed) and give it a sales window (a start, an end,
// either optional). Off sale, its selling plans leave the products, so customers no longer see it; orders already
// placed on it are untouched. Times are typed as a day and a time of day in the shop's time zone.
import { DateTime } from "luxon";

export interface OfferAvailability {
  pausedAt: Date | null;
  salesStartsAt: Date | null;
  salesEndsAt: Date | null;
}

export type AvailabilityState = "ON_SALE" | "PAUSED" | "NOT_STARTED" | "ENDED";

/** Where the offer stands at `now`: a pause wins over the window. */
export function availabilityAt(offer: OfferAvailability, now: Date): AvailabilityState {
  if (offer.pausedAt) return "PAUSED";
  if (offer.salesStartsAt && now < offer.salesStartsAt) return "NOT_STARTED";
  if (offer.salesEndsAt && now >= offer.salesEndsAt) return "ENDED";
  return "ON_SALE";
}

export function isOnSale(offer: OfferAvailability, now: Date): boolean {
  return availabilityAt(offer, now) === "ON_SALE";
}

/** The next end of the window still ahead of `now` (when the worker must apply it), or null. */
export function nextWindowChange(offer: Pick<OfferAvailability, "salesStartsAt" | "salesEndsAt">, now: Date) {
  const ahead = [offer.salesStartsAt, offer.salesEndsAt].filter((at): at is Date => at !== null && at > now);
  return ahead.length > 0 ? new Date(Math.min(...ahead.map((at) => at.getTime()))) : null;
}

/** A day and time as an `<input type="datetime-local">` gives it ("2027-03-01T09:00"). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export type SalesWindowResult =
  | { ok: true; salesStartsAt: Date | null; salesEndsAt: Date | null }
  | { ok: false; fieldErrors: { salesStartsAt?: string; salesEndsAt?: string } };

/**
 * The window the merchant typed (each end empty for none), read in the shop's time zone. The end must come after
 * the start; a start in the past is allowed (the offer is simply on sale), an end in the past is not (it would
 * take the offer off sale at once: pausing says that).
 */
export function parseSalesWindow(
  input: { startsAt: string; endsAt: string },
  context: { timeZone: string; now: Date },
): SalesWindowResult {
  const read = (text: string): Date | null | "invalid" => {
    const trimmed = text.trim();
    if (trimmed === "") return null;
    if (!LOCAL_DATE_TIME.test(trimmed)) return "invalid";
    const local = DateTime.fromISO(trimmed, { zone: context.timeZone });
    return local.isValid ? local.toJSDate() : "invalid";
  };
  const startsAt = read(input.startsAt);
  const endsAt = read(input.endsAt);
  const fieldErrors: { salesStartsAt?: string; salesEndsAt?: string } = {};
  const format = "Enter a date and time, like 2027-03-01 09:00.";
  if (startsAt === "invalid") fieldErrors.salesStartsAt = format;
  if (endsAt === "invalid") fieldErrors.salesEndsAt = format;
  else if (endsAt && endsAt <= context.now) fieldErrors.salesEndsAt = "The end must be in the future.";
  else if (endsAt && startsAt instanceof Date && endsAt <= startsAt) {
    fieldErrors.salesEndsAt = "The end must come after the start.";
  }
  if (fieldErrors.salesStartsAt || fieldErrors.salesEndsAt) return { ok: false, fieldErrors };
  return { ok: true, salesStartsAt: startsAt as Date | null, salesEndsAt: endsAt as Date | null };
}

/** An instant as the `<input type="datetime-local">` value in the shop's time zone ("" for none). */
export function toLocalDateTimeInput(at: Date | null, timeZone: string): string {
  return at ? DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm") : "";
}
