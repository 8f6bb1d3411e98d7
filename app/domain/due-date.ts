// When an order's remaining balance falls due: per purchase option, and the single date Shopify keeps for a mixed cart.
import { DateTime, Duration } from "luxon";
import { balanceOf, type Balance, type OfferPlan } from "./offer";
import type { SellingPlanRemainingBalanceChargeTrigger } from "./selling-plan-input";

/** The balance of one line or one order: due at an instant, due when fulfilled, or nothing left to pay. */
export type BalanceDue = { type: "AT"; at: string } | { type: "ON_FULFILLMENT" } | { type: "NONE" };

export type Instant = DateTime | Date | string;

function toDateTime(value: Instant): DateTime {
  const parsed =
    value instanceof Date
      ? DateTime.fromJSDate(value)
      : typeof value === "string"
        ? DateTime.fromISO(value, { setZone: true })
        : value;
  if (!parsed.isValid) throw new RangeError(`Invalid instant: ${String(value)}`);
  return parsed.toUTC();
}

const iso = (value: DateTime): string => value.toUTC().toISO({ suppressMilliseconds: true }) ?? value.toString();

/**
 * Due date of a balance rule for an order placed at `placedAt`.
 * An exact date is returned as stored even if the order came later (it is then already due):
 * Shopify keeps the plan's date on the payment terms and the charge simply becomes overdue.
 */
export function balanceDueFor(balance: Balance | null, placedAt: Instant): BalanceDue {
  if (balance === null) return { type: "NONE" };
  switch (balance.trigger) {
    case "EXACT_DATE":
      return { type: "AT", at: iso(toDateTime(balance.chargeAt)) };
    case "DAYS_AFTER_CHECKOUT":
      return { type: "AT", at: iso(toDateTime(placedAt).plus({ days: balance.days })) };
    case "ON_FULFILLMENT":
      return { type: "ON_FULFILLMENT" };
  }
}

/** Due date for a line bought with one of this app's purchase options. */
export function planBalanceDue(plan: OfferPlan, placedAt: Instant): BalanceDue {
  return balanceDueFor(balanceOf(plan), placedAt);
}

/** The billing fields of any fixed selling plan (this app's or another app's), as the Admin API returns them. */
export interface FixedBillingTerms {
  remainingBalanceChargeTrigger: SellingPlanRemainingBalanceChargeTrigger;
  remainingBalanceChargeExactTime: string | null;
  remainingBalanceChargeTimeAfterCheckout: string | null;
}

/**
 * Due date from raw Shopify billing terms. Unlike the offer model this accepts any ISO 8601
 * duration ("P1M" adds a calendar month in UTC), because a mixed cart may hold other apps' plans.
 */
export function balanceDueForBillingTerms(terms: FixedBillingTerms, placedAt: Instant): BalanceDue {
  switch (terms.remainingBalanceChargeTrigger) {
    case "NO_REMAINING_BALANCE":
      return { type: "NONE" };
    case "ON_FULFILLMENT":
      return { type: "ON_FULFILLMENT" };
    case "EXACT_TIME": {
      if (!terms.remainingBalanceChargeExactTime)
        throw new RangeError("EXACT_TIME billing terms without an exact time");
      return { type: "AT", at: iso(toDateTime(terms.remainingBalanceChargeExactTime)) };
    }
    case "TIME_AFTER_CHECKOUT": {
      const duration = Duration.fromISO(terms.remainingBalanceChargeTimeAfterCheckout ?? "");
      if (!duration.isValid) {
        throw new RangeError(`Invalid ISO 8601 duration: ${String(terms.remainingBalanceChargeTimeAfterCheckout)}`);
      }
      return { type: "AT", at: iso(toDateTime(placedAt).plus(duration)) };
    }
  }
}

/**
 * The one deferred due date of an order whose lines have different balance rules.
 * Shopify keeps a single due date per order: "When a cart contains multiple lines with a selling
 * plan and different due dates, only the earliest due date is applied" and "When a cart contains
 * multiple lines with a selling plan and at least one is due on fulfillment, the due on fulfillment
 * payment term takes precedence over any specific date."
 * (https://shopify.dev/docs/apps/build/purchase-options/deferred#orders-with-multiple-due-dates-and-deposits)
 * Lines paid in full at checkout do not take part; if every line is, nothing is due.
 */
export function orderBalanceDue(lines: readonly BalanceDue[]): BalanceDue {
  if (lines.some((line) => line.type === "ON_FULFILLMENT")) return { type: "ON_FULFILLMENT" };
  let earliest: DateTime | null = null;
  for (const line of lines) {
    if (line.type !== "AT") continue;
    const at = toDateTime(line.at);
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest === null ? { type: "NONE" } : { type: "AT", at: iso(earliest) };
}
