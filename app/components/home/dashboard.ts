// The home dashboard as the page shows it: money formatted for its currency, weeks named by their Monday in the
// shop's time zone and locale, links to the list's views that hold the orders behind each figure. Built on the server:
// the loader sends only strings, numbers and booleans.
import type { CurrencyFigures, DashboardWindows } from "../../domain/dashboard";
import { formatMoney, moneyFromMinorUnits, toDecimalString } from "../../domain/money";
import { dateTimeFormat } from "../../domain/intl-format";
import { orderListSearchParams, emptyFilters, type OrderListFilters } from "../../domain/order-list";
import { formatDay, type DisplayOptions } from "../orders/view";

export interface Metric {
  label: string;
  amount: string;
  /** "3 orders", or null where a count says nothing. */
  detail: string | null;
  /** The list's view of the orders behind it. */
  url: string | null;
  tone?: "critical" | "caution";
}

const orders = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "order" : "orders"}`;

function listUrl(filters: Partial<OrderListFilters>): string {
  const search = orderListSearchParams({ filters: { ...emptyFilters(), ...filters }, sort: "due", direction: "asc" });
  return `/app/orders?${search}`;
}

/** Days (YYYY-MM-DD) in the shop's zone: the list's date filters take days. */
function dayIn(date: Date, timeZone: string): string {
  return dateTimeFormat("en-CA", { timeZone }).format(date);
}

export function currencyCard(figures: CurrencyFigures, windows: DashboardWindows, options: DisplayOptions) {
  const money = (minor: bigint) => formatMoney(moneyFromMinorUnits(minor, figures.currency), options.locale);
  const currency = { currency: figures.currency };
  const lastDay = (to: Date) => dayIn(new Date(to.getTime() - 1), options.timeZone);
  const today = dayIn(windows.now, options.timeZone);
  const metrics: Metric[] = [
    {
      label: "Balance outstanding",
      amount: money(figures.outstandingMinor),
      detail: orders(figures.openOrders),
      url: listUrl({ status: "open", ...currency }),
    },
    {
      label: "Due in the next 7 days",
      amount: money(figures.due7Minor),
      detail: orders(figures.due7Orders),
      url: listUrl({ status: "open", dueFrom: today, dueTo: lastDay(windows.next7.to), ...currency }),
    },
    {
      label: "Due in the next 30 days",
      amount: money(figures.due30Minor),
      detail: orders(figures.due30Orders),
      url: listUrl({ status: "open", dueFrom: today, dueTo: lastDay(windows.next30.to), ...currency }),
    },
    {
      label: "Overdue",
      amount: money(figures.overdueMinor),
      detail: orders(figures.overdueOrders),
      url: listUrl({ status: "overdue", ...currency }),
      ...(figures.overdueOrders > 0 ? { tone: "caution" as const } : {}),
    },
    {
      // Failed balances, and those a person must look at (an unclear answer, a payment in flight too long, the
      // customer to confirm with their bank, Shopify unreachable, an archived order, another payment on the order).
      label: "Needs action",
      amount: money(figures.attentionMinor),
      detail: orders(figures.attentionOrders),
      url: listUrl({ status: "attention", ...currency }),
      ...(figures.attentionOrders > 0 ? { tone: "critical" as const } : {}),
    },
    {
      label: "Collected in the last 30 days",
      amount: money(figures.collected30Minor),
      detail: null,
      url: listUrl({ status: "paid", ...currency }),
    },
  ];
  // A week's Monday is a calendar day already: shown as that day whatever the zone.
  const week = (monday: string) => formatDay(new Date(`${monday}T00:00:00Z`), { ...options, timeZone: "UTC" });
  const short = (monday: string) =>
    dateTimeFormat(options.locale, { month: "short", day: "numeric", timeZone: "UTC" }).format(
      new Date(`${monday}T00:00:00Z`),
    );
  return {
    currency: figures.currency,
    metrics,
    /** Chart series: exact decimals as numbers for drawing only (the amounts shown are the formatted strings). */
    dueByWeek: windows.dueWeeks.map((window, index) => ({
      week: `Week of ${week(window.week)}`,
      label: short(window.week),
      value: Number(toDecimalString(moneyFromMinorUnits(figures.dueByWeekMinor[index] ?? 0n, figures.currency))),
      amount: money(figures.dueByWeekMinor[index] ?? 0n),
    })),
    collectedByWeek: windows.collectedWeeks.map((window, index) => ({
      week: `Week of ${week(window.week)}`,
      label: short(window.week),
      value: Number(toDecimalString(moneyFromMinorUnits(figures.collectedByWeekMinor[index] ?? 0n, figures.currency))),
      amount: money(figures.collectedByWeekMinor[index] ?? 0n),
    })),
  };
}

export type CurrencyCard = ReturnType<typeof currencyCard>;

export const SETUP_TEXT: Record<string, { title: string; todo: string; action: string }> = {
  offer: {
    title: "Create an offer",
    todo: "A pre-order or try-before-you-buy offer becomes a purchase option in Shopify.",
    action: "Create offer",
  },
  products: {
    title: "Choose the products it sells",
    todo: "An offer shows on the products and variants you choose.",
    action: "Choose products",
  },
  storefront: {
    title: "Add the purchase options block to your product page",
    todo: "In the theme editor, add the app's “Purchase options” block to the product template, then save.",
    action: "Open the theme editor",
  },
  scopes: {
    title: "Grant the app the access it needs",
    todo: "Some permissions are missing: open the app from Shopify's admin to approve them.",
    action: "Review access",
  },
  gateway: {
    title: "Check your payment gateway",
    todo: "Balances are charged to the card saved at checkout: only some gateways support this.",
    action: "Read Shopify's list",
  },
};
