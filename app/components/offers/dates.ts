// Date-only values the merchant picks <-> instants at the start of that day in the shop's IANA time zone.
import { DateTime } from "luxon";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "2027-03-01" in "America/New_York" -> "2027-03-01T05:00:00Z": the first instant of that day in the shop's zone,
 * so Shopify charges and the storefront shows the date the merchant picked, wherever the browser is.
 * On a day whose midnight does not exist (DST starting at 00:00, e.g. America/Santiago), the day starts at the
 * first real instant (01:00), which still reads back as the same date. Null for anything but a real calendar date.
 */
export function dateOnlyToInstant(date: string, timeZone: string): string | null {
  if (!DATE_ONLY.test(date)) return null;
  const local = DateTime.fromISO(date, { zone: timeZone });
  if (!local.isValid) return null;
  return local.startOf("day").toUTC().toISO({ suppressMilliseconds: true });
}

/** The calendar date an instant falls on in the shop's zone ("2027-02-28T15:00:00Z" in Asia/Tokyo -> "2027-03-01"). */
export function instantToDateOnly(instant: string, timeZone: string): string | null {
  const parsed = DateTime.fromISO(instant, { zone: timeZone });
  return parsed.isValid ? parsed.toISODate() : null;
}

/** The earliest date a merchant may pick: tomorrow in the shop's zone (today's start of day is already past). */
export function earliestPickableDate(now: Date, timeZone: string): string {
  const tomorrow = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 }).toISODate();
  if (tomorrow === null) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return tomorrow;
}
