// What Shopify's checkout computes for a cart with fixed selling plans: prices, deposit, due date, fulfilment holds.
import { DateTime } from "luxon";
import type { FulfillmentOrderStatus, PaymentTermsType, SellingPlanRecord, AnchorRecord } from "../state/types.js";
import { maxBig, minBig, percentOf } from "./money.js";
import { parsePositiveDuration, wholeDays } from "./duration.js";

export interface CartLine {
  unitPriceMinor: bigint;
  quantity: number;
  plan: SellingPlanRecord | null;
}

export interface PricedLine {
  originalUnitMinor: bigint;
  discountedUnitMinor: bigint;
  lineTotalMinor: bigint;
  /** Charged at checkout for this line. */
  checkoutChargeMinor: bigint;
  fulfillmentStatus: FulfillmentOrderStatus;
  fulfillAt: Date | null;
  /** Inventory is taken at checkout unless the plan reserves on fulfilment. */
  takeInventoryAtSale: boolean;
}

export interface DueTerms {
  paymentTermsType: PaymentTermsType;
  paymentTermsName: string;
  dueInDays: number | null;
  /** Null for FULFILLMENT terms until the order is fulfilled. */
  dueAt: Date | null;
}

export interface CheckoutQuote {
  lines: PricedLine[];
  totalMinor: bigint;
  depositMinor: bigint;
  remainingMinor: bigint;
  terms: DueTerms | null;
}

/** Unit price after the plan's (single) fixed pricing policy. */
export function planUnitPrice(unitMinor: bigint, plan: SellingPlanRecord | null): bigint {
  const policy = plan?.pricingPolicies[0];
  if (!policy) return unitMinor;
  const a = policy.adjustment;
  switch (a.adjustmentType) {
    case "PERCENTAGE":
      return maxBig(0n, unitMinor - percentOf(unitMinor, a.percentage));
    case "FIXED_AMOUNT":
      return maxBig(0n, unitMinor - a.fixedMinor);
    case "PRICE":
      return a.fixedMinor;
  }
}

function checkoutCharge(line: CartLine, discountedUnit: bigint, lineTotal: bigint): bigint {
  if (!line.plan) return lineTotal;
  const cc = line.plan.billing.checkoutCharge;
  if (cc.type === "PERCENTAGE") return percentOf(lineTotal, cc.percentage);
  // A fixed deposit per item, never more than the item's price.
  return minBig(cc.fixedMinor, discountedUnit) * BigInt(line.quantity);
}

/** The next instant matching one of the plan's anchors, at or after `from` (UTC calendar). */
export function nextAnchor(anchors: AnchorRecord[], from: Date): Date | null {
  const start = DateTime.fromJSDate(from, { zone: "utc" }).startOf("day");
  let best: DateTime | null = null;
  for (const a of anchors) {
    for (let i = 0; i <= 366; i++) {
      const d = start.plus({ days: i });
      const hit =
        (a.type === "WEEKDAY" && d.weekday === a.day) ||
        (a.type === "MONTHDAY" && d.day === a.day) ||
        (a.type === "YEARDAY" && d.day === a.day && d.month === (a.month ?? 1));
      if (hit) {
        if (!best || d < best) best = d;
        break;
      }
    }
  }
  return best ? best.toJSDate() : null;
}

function fulfillmentFor(
  plan: SellingPlanRecord | null,
  now: Date,
): { status: FulfillmentOrderStatus; fulfillAt: Date | null } {
  if (!plan) return { status: "OPEN", fulfillAt: null };
  const d = plan.delivery;
  switch (d.fulfillmentTrigger) {
    case "ASAP":
      return { status: "OPEN", fulfillAt: null };
    case "UNKNOWN":
      return { status: "ON_HOLD", fulfillAt: null };
    case "EXACT_TIME":
      return d.fulfillmentExactTime && d.fulfillmentExactTime.getTime() > now.getTime()
        ? { status: "SCHEDULED", fulfillAt: d.fulfillmentExactTime }
        : { status: "OPEN", fulfillAt: null };
    case "ANCHOR":
      return { status: "SCHEDULED", fulfillAt: nextAnchor(d.anchors, now) };
  }
}

/** Due date a plan gives the remaining balance; `null` date with FULFILLMENT type for ON_FULFILLMENT. */
function termsFor(plan: SellingPlanRecord, now: Date): DueTerms | null {
  const b = plan.billing;
  switch (b.remainingBalanceChargeTrigger) {
    case "NO_REMAINING_BALANCE":
      return null;
    case "ON_FULFILLMENT":
      return { paymentTermsType: "FULFILLMENT", paymentTermsName: "Due on fulfillment", dueInDays: null, dueAt: null };
    case "EXACT_TIME":
      return {
        paymentTermsType: "FIXED",
        paymentTermsName: "Fixed",
        dueInDays: null,
        dueAt: b.remainingBalanceChargeExactTime,
      };
    case "TIME_AFTER_CHECKOUT": {
      const text = b.remainingBalanceChargeTimeAfterCheckout ?? "P0D";
      const duration = parsePositiveDuration(text);
      const dueAt = duration ? DateTime.fromJSDate(now, { zone: "utc" }).plus(duration).toJSDate() : now;
      const days = wholeDays(text);
      return days !== null
        ? { paymentTermsType: "NET", paymentTermsName: `Net ${days}`, dueInDays: days, dueAt }
        : { paymentTermsType: "FIXED", paymentTermsName: "Fixed", dueInDays: null, dueAt };
    }
  }
}

export function quoteCheckout(lines: CartLine[], now: Date): CheckoutQuote {
  const priced: PricedLine[] = [];
  let total = 0n;
  let deposit = 0n;
  const candidateTerms: DueTerms[] = [];
  for (const line of lines) {
    const discounted = planUnitPrice(line.unitPriceMinor, line.plan);
    const lineTotal = discounted * BigInt(line.quantity);
    const charge = minBig(checkoutCharge(line, discounted, lineTotal), lineTotal);
    const f = fulfillmentFor(line.plan, now);
    priced.push({
      originalUnitMinor: line.unitPriceMinor,
      discountedUnitMinor: discounted,
      lineTotalMinor: lineTotal,
      checkoutChargeMinor: charge,
      fulfillmentStatus: f.status,
      fulfillAt: f.fulfillAt,
      takeInventoryAtSale: !line.plan || line.plan.inventoryReserve === "ON_SALE",
    });
    total += lineTotal;
    deposit += charge;
    if (line.plan && charge < lineTotal) {
      const t = termsFor(line.plan, now);
      if (t) candidateTerms.push(t);
    }
  }
  const remaining = total - deposit;
  return {
    lines: priced,
    totalMinor: total,
    depositMinor: deposit,
    remainingMinor: remaining,
    terms: remaining > 0n ? earliestTerms(candidateTerms) : null,
  };
}

/** One due date per order: ON_FULFILLMENT wins, otherwise the earliest date among the cart's plans. */
export function earliestTerms(candidates: DueTerms[]): DueTerms | null {
  if (candidates.length === 0) return null;
  const onFulfillment = candidates.find((c) => c.paymentTermsType === "FULFILLMENT");
  if (onFulfillment) return onFulfillment;
  return candidates.reduce((a, b) => ((b.dueAt?.getTime() ?? Infinity) < (a.dueAt?.getTime() ?? Infinity) ? b : a));
}
