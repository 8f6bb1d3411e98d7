// The home dashboard as rules: the windows its figures cover (the next 7 and 30 days, the last 30, twelve weeks
// either side of today in the shop's time zone, weeks starting on Monday) and what a figure means.
import { DateTime } from "luxon";

export const CHART_WEEKS = 12;
const DAY_MS = 86_400_000;

export interface Window {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface WeekWindow extends Window {
  /** The Monday that starts the week, YYYY-MM-DD in the shop's time zone. */
  week: string;
}

export interface DashboardWindows {
  now: Date;
  next7: Window;
  next30: Window;
  last30: Window;
  /** This week and the eleven after it; this week starts now (what is already late is overdue, not due). */
  dueWeeks: WeekWindow[];
  /** The eleven weeks before this one and this week up to now. */
  collectedWeeks: WeekWindow[];
}

export function dashboardWindows(now: Date, timeZone: string): DashboardWindows {
  const monday = DateTime.fromJSDate(now, { zone: timeZone }).startOf("week"); // luxon weeks start on Monday
  const week = (offset: number): WeekWindow => {
    const start = monday.plus({ weeks: offset });
    return { week: start.toISODate()!, from: start.toJSDate(), to: start.plus({ weeks: 1 }).toJSDate() };
  };
  const dueWeeks = Array.from({ length: CHART_WEEKS }, (_, index) => week(index));
  dueWeeks[0] = { ...dueWeeks[0]!, from: now };
  const collectedWeeks = Array.from({ length: CHART_WEEKS }, (_, index) => week(index - CHART_WEEKS + 1));
  collectedWeeks[CHART_WEEKS - 1] = { ...collectedWeeks[CHART_WEEKS - 1]!, to: now };
  return {
    now,
    next7: { from: now, to: new Date(now.getTime() + 7 * DAY_MS) },
    next30: { from: now, to: new Date(now.getTime() + 30 * DAY_MS) },
    last30: { from: new Date(now.getTime() - 30 * DAY_MS), to: now },
    dueWeeks,
    collectedWeeks,
  };
}

/** One currency's figures, money in minor units. */
export interface CurrencyFigures {
  currency: string;
  openOrders: number;
  outstandingMinor: bigint;
  overdueOrders: number;
  overdueMinor: bigint;
  due7Orders: number;
  due7Minor: bigint;
  due30Orders: number;
  due30Minor: bigint;
  attentionOrders: number;
  attentionMinor: bigint;
  collected30Minor: bigint;
  /** Per week of `dueWeeks` / `collectedWeeks`. */
  dueByWeekMinor: bigint[];
  collectedByWeekMinor: bigint[];
}

export function emptyFigures(currency: string): CurrencyFigures {
  return {
    currency,
    openOrders: 0,
    outstandingMinor: 0n,
    overdueOrders: 0,
    overdueMinor: 0n,
    due7Orders: 0,
    due7Minor: 0n,
    due30Orders: 0,
    due30Minor: 0n,
    attentionOrders: 0,
    attentionMinor: 0n,
    collected30Minor: 0n,
    dueByWeekMinor: Array.from({ length: CHART_WEEKS }, () => 0n),
    collectedByWeekMinor: Array.from({ length: CHART_WEEKS }, () => 0n),
  };
}

/**
 * The share of first attempts that succeeded, among those with an outcome (a first attempt still waiting for its
 * payment's status is not counted either way), as a whole percent; null before any first attempt has ended.
 */
export function firstAttemptSuccessPercent(outcomes: { succeeded: number; declined: number }): number | null {
  const ended = outcomes.succeeded + outcomes.declined;
  if (ended === 0) return null;
  return Math.round((outcomes.succeeded * 100) / ended);
}
