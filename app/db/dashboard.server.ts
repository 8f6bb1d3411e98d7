// The home dashboard's figures, summed in the database: one statement over the shop's open orders, one over what was
// collected in the last twelve weeks, one over first attempts. Portable SQL (SQLite and PostgreSQL); sums come back
// as text so money stays exact whatever the driver does with large integers.
import { providerOf, type Database } from "./client.server";
import { bind } from "./raw-sql";
import { emptyFigures, type CurrencyFigures, type DashboardWindows } from "../domain/dashboard";

/** Where the statements run: the database, or (PostgreSQL) one read-only transaction on it. */
interface Reader {
  db: Pick<Database, "$queryRawUnsafe">;
  postgres: boolean;
}

/** Runs a statement with named placeholders (`:name`) in the database's dialect. */
async function query(reader: Reader, sql: string, values: Record<string, unknown>) {
  const bound = bind(sql, values, reader.postgres);
  return reader.db.$queryRawUnsafe<Record<string, string>[]>(bound.sql, ...bound.params);
}

const money = (expression: string) => `CAST(COALESCE(SUM(${expression}), 0) AS TEXT)`;
const count = (condition: string) => `CAST(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS TEXT)`;

/** Every currency the shop has open balances or recent collections in, with its figures. */
export async function dashboardFigures(
  db: Database,
  shop: string,
  windows: DashboardWindows,
): Promise<CurrencyFigures[]> {
  const read = async (reader: Reader) => ({
    open: await openFigures(reader, shop, windows),
    collected: await collectedFigures(reader, shop, windows),
  });
  // PostgreSQL: every figure from one snapshot (a charge collected between two statements would otherwise count in
  // neither or both), and without parallel workers: for these aggregates over one shop's index their start-up cost
  // more than they saved (the open orders' totals at 100,000 orders: 75 ms with two workers, 46 ms without).
  const { open, collected } =
    providerOf(db) === "postgresql"
      ? await db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          await tx.$executeRawUnsafe("SET LOCAL max_parallel_workers_per_gather = 0");
          return read({ db: tx, postgres: true });
        })
      : await read({ db, postgres: false });
  const byCurrency = new Map<string, CurrencyFigures>();
  const of = (currency: string) => {
    let figures = byCurrency.get(currency);
    if (!figures) byCurrency.set(currency, (figures = emptyFigures(currency)));
    return figures;
  };
  for (const row of open) Object.assign(of(row.currency), row.figures);
  for (const row of collected) Object.assign(of(row.currency), row.figures);
  return [...byCurrency.values()].sort((a, b) => (b.outstandingMinor > a.outstandingMinor ? 1 : -1));
}

/**
 * Two statements over the shop's open orders: totals over all of them (outstanding, overdue, needing action), then
 * what falls due over the next twelve weeks over just those rows, found by a range on `dueSortAt` (the due date, or
 * the far future where there is none) that the `(shop, status, dueSortAt)` index serves.
 */
async function openFigures(reader: Reader, shop: string, windows: DashboardWindows) {
  const totals = `SELECT "currency", CAST(COUNT(*) AS TEXT) AS "openOrders", ${money(`"balanceDueMinor"`)} AS "outstanding",
      ${count(`"dueSortAt" < :now`)} AS "overdueOrders",
      ${money(`CASE WHEN "dueSortAt" < :now THEN "balanceDueMinor" ELSE 0 END`)} AS "overdue",
      ${count(`"needsAttention"`)} AS "attentionOrders",
      ${money(`CASE WHEN "needsAttention" THEN "balanceDueMinor" ELSE 0 END`)} AS "attention"
    FROM "DeferredOrder" WHERE "shop" = :shop AND "status" = 'OPEN' GROUP BY "currency"`;
  const windowsByName: Record<string, { from: Date; to: Date }> = { due7: windows.next7, due30: windows.next30 };
  windows.dueWeeks.forEach((week, index) => (windowsByName[`w${index}`] = week));
  const values: Record<string, unknown> = { shop, now: windows.now };
  const columns = Object.entries(windowsByName).map(([name, window]) => {
    values[`${name}From`] = window.from;
    values[`${name}To`] = window.to;
    const inWindow = `"dueSortAt" >= :${name}From AND "dueSortAt" < :${name}To`;
    const sum = `${money(`CASE WHEN ${inWindow} THEN "balanceDueMinor" ELSE 0 END`)} AS "${name}"`;
    // Weeks are charted as amounts; the 7- and 30-day figures also say how many orders.
    return name.startsWith("w") ? sum : `${count(inWindow)} AS "${name}Orders", ${sum}`;
  });
  const last = windows.dueWeeks[windows.dueWeeks.length - 1]!.to;
  values.ahead = last > windows.next30.to ? last : windows.next30.to;
  const upcoming = `SELECT "currency", ${columns.join(", ")} FROM "DeferredOrder"
    WHERE "shop" = :shop AND "status" = 'OPEN' AND "dueSortAt" >= :now AND "dueSortAt" < :ahead GROUP BY "currency"`;
  const all = await query(reader, totals, values);
  const soon = await query(reader, upcoming, values);
  const soonOf = new Map(soon.map((row) => [row.currency!, row]));
  return all.map((row) => {
    const next = soonOf.get(row.currency!) ?? {};
    const minor = (value: string | undefined) => BigInt(value ?? "0");
    return {
      currency: row.currency!,
      figures: {
        openOrders: Number(row.openOrders),
        outstandingMinor: minor(row.outstanding),
        overdueOrders: Number(row.overdueOrders),
        overdueMinor: minor(row.overdue),
        attentionOrders: Number(row.attentionOrders),
        attentionMinor: minor(row.attention),
        due7Orders: Number(next.due7Orders ?? 0),
        due7Minor: minor(next.due7),
        due30Orders: Number(next.due30Orders ?? 0),
        due30Minor: minor(next.due30),
        dueByWeekMinor: windows.dueWeeks.map((_, index) => minor(next[`w${index}`])),
      } satisfies Partial<CurrencyFigures>,
    };
  });
}

async function collectedFigures(reader: Reader, shop: string, windows: DashboardWindows) {
  const windowsByName: Record<string, { from: Date; to: Date }> = { collected30: windows.last30 };
  windows.collectedWeeks.forEach((week, index) => (windowsByName[`w${index}`] = week));
  const values: Record<string, unknown> = { shop };
  const columns = Object.entries(windowsByName).map(([name, window]) => {
    values[`${name}From`] = window.from;
    values[`${name}To`] = window.to;
    const between = `"collectedAt" >= :${name}From AND "collectedAt" < :${name}To`;
    return `${money(`CASE WHEN ${between} THEN "collectedMinor" ELSE 0 END`)} AS "${name}"`;
  });
  const first = windows.collectedWeeks[0]!.from;
  values.earliest = first < windows.last30.from ? first : windows.last30.from;
  const sql = `SELECT "currency", ${columns.join(", ")} FROM "BalanceCharge"
    WHERE "shop" = :shop AND "status" = 'COLLECTED' AND "collectedAt" >= :earliest GROUP BY "currency"`;
  const rows = await query(reader, sql, values);
  return rows.map((row) => ({
    currency: row.currency!,
    figures: {
      collected30Minor: BigInt(row.collected30!),
      collectedByWeekMinor: windows.collectedWeeks.map((_, index) => BigInt(row[`w${index}`]!)),
    } satisfies Partial<CurrencyFigures>,
  }));
}

/** First attempts of the shop's charges that ended, by outcome. */
export async function firstAttemptOutcomes(
  db: Database,
  shop: string,
): Promise<{ succeeded: number; declined: number }> {
  const rows = await db.chargeAttempt.groupBy({
    by: ["status"],
    where: { shop, number: 1, status: { in: ["SUCCEEDED", "DECLINED"] } },
    _count: { _all: true },
  });
  const countOf = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
  return { succeeded: countOf("SUCCEEDED"), declined: countOf("DECLINED") };
}
