// ISO-8601 durations as Shopify accepts them for remainingBalanceChargeTimeAfterCheckout (e.g. "P14D", "PT12H", "P1M").
import { Duration } from "luxon";

/** Parses an ISO-8601 duration; null when the text is not one or is not strictly positive. */
export function parsePositiveDuration(text: string): Duration | null {
  const d = Duration.fromISO(text);
  if (!d.isValid) return null;
  const shifted = d.shiftTo("milliseconds").milliseconds;
  // Calendar units (months, years) have no fixed length; treat any positive component as positive.
  const anyPositive = Object.values(d.toObject()).some((v) => typeof v === "number" && v > 0);
  const anyNegative = Object.values(d.toObject()).some((v) => typeof v === "number" && v < 0);
  if (anyNegative || (!anyPositive && shifted <= 0)) return null;
  return d;
}

export function isIsoDuration(text: string): boolean {
  return Duration.fromISO(text).isValid;
}

/** Whole days when the duration is exactly a number of days ("P14D" -> 14), else null. */
export function wholeDays(text: string): number | null {
  const d = Duration.fromISO(text);
  if (!d.isValid) return null;
  const o = d.toObject();
  const keys = Object.keys(o).filter((k) => (o as Record<string, number>)[k] !== 0);
  if (keys.length === 1 && keys[0] === "days") return o.days ?? null;
  if (keys.length === 1 && keys[0] === "weeks") return (o.weeks ?? 0) * 7;
  return null;
}
