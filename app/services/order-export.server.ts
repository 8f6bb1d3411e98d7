// A view of the deferred orders list as CSV, streamed: rows are read from the database a batch at a time and written
// as they come (csv-stringify quotes and escapes), so memory stays flat at any size. Money is exact decimals of its
// currency; dates are days and times in the shop's time zone.
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { DateTime } from "luxon";
import type { Database } from "../db/client.server";
import { eachDeferredOrderOfView, type DeferredOrderListRow } from "../db/deferred-order-list.server";
import { CHARGE_STATUS_WORDS } from "../domain/charge";
import { ORDER_CATEGORY_WORDS, ORDER_STATUS_WORDS } from "../domain/deferred-order";
import { moneyFromMinorUnits, toDecimalString } from "../domain/money";
import type { ResolvedOrderListQuery } from "../domain/order-list";

export const ORDER_CSV_COLUMNS = [
  "Order",
  "Order ID",
  "Ordered",
  "Customer",
  "Email",
  "Kind",
  "Status",
  "Balance charge",
  "Currency",
  "Total",
  "Paid",
  "Balance due",
  "Due date",
  "Return in progress",
] as const;

function csvRecord(row: DeferredOrderListRow, timeZone: string): string[] {
  const money = (minor: bigint) => toDecimalString(moneyFromMinorUnits(minor, row.currency));
  const inZone = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone });
  return [
    row.orderName,
    row.orderId,
    inZone(row.orderCreatedAt).toFormat("yyyy-MM-dd HH:mm"),
    row.customerName ?? "",
    row.customerEmail ?? "",
    ORDER_CATEGORY_WORDS[row.category],
    ORDER_STATUS_WORDS[row.status],
    row.chargeStatus ? CHARGE_STATUS_WORDS[row.chargeStatus] : "",
    row.currency,
    money(row.totalMinor),
    money(row.receivedMinor),
    money(row.balanceDueMinor),
    row.dueAt ? inZone(row.dueAt).toISODate()! : row.dueOnFulfillment ? "On fulfillment" : "",
    row.returnInProgress ? "Yes" : "No",
  ];
}

/** The file name of a shop's export: the shop and today's date in its time zone. */
export function orderCsvFileName(shop: string, timeZone: string, now: Date): string {
  const store = shop.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9-]/gi, "-");
  return `deferred-orders-${store}-${DateTime.fromJSDate(now, { zone: timeZone }).toISODate()}.csv`;
}

/**
 * Every order of the view, or of a selection of its orders (Shopify order ids, all of them the shop's: see
 * `selectedOrders`), in the list's order, as a CSV byte stream (a header row first).
 */
export function exportOrdersCsv(
  ctx: { db: Database; shop: string; timeZone: string },
  query: ResolvedOrderListQuery,
  orderIds?: readonly string[],
): ReadableStream<Uint8Array> {
  const records = Readable.from(
    (async function* () {
      for await (const row of eachDeferredOrderOfView(ctx.db, ctx.shop, query, { orderIds })) {
        yield csvRecord(row, ctx.timeZone);
      }
    })(),
  );
  const csv = records.pipe(stringify({ header: true, columns: [...ORDER_CSV_COLUMNS], bom: true }));
  records.on("error", (error) => csv.destroy(error));
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
