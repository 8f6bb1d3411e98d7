// Merchant pages under a large shop: the deferred orders list (every filter, a search, sorts, page 50), Home, an
// order's page and the CSV export of 100,000 orders, requested over HTTP from the production build as the merchant's
// browser requests them (Remix single-fetch data requests with a session token, one at a time over a keep-alive
// connection), on SQLite and/or PostgreSQL seeded with many deferred orders. Reports p50/p95/max per page, the
// server's RSS over 1,000 list loads and during the export, and each target of the issue met or not.
// Run: npx tsx bench/dashboard.ts [--provider sqlite|postgresql|both] [--orders 100000] [--requests 200]
//      [--warmup 20] [--rss-loads 1000] [--timeout 30] [--page-budget 120] [--admin-delay 0]
//      [--accept-encoding "gzip, deflate, br"] [--seed 1] [--deadline 180] [--log-level warn] [--keep] [--build] [--json]
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import pg from "pg";
import { createDatabase } from "../app/db/client.server";
import { databaseConfig } from "../app/db/database-url";
import {
  BENCH_POSTGRES_URL,
  createBenchDatabase,
  ensureBuild,
  numberArg,
  providersArg,
  type BenchDatabase,
  type Provider,
} from "./lib/app-under-test";
import {
  decodeSingleFetch,
  MerchantBrowser,
  RequestTimeout,
  startAdminStub,
  startDashboardServer,
  type AdminStub,
  type Answer,
  type DashboardServer,
} from "./lib/dashboard-app";
import { seedDashboardShops, type SeedResult, type SeededShop } from "./lib/dashboard-seed";

const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
const SHOP_TIME_ZONE = "America/New_York";
const MIB = 1024 * 1024;
/** The targets of the issue. */
const TARGETS = {
  listP95Ms: 100,
  homeP95Ms: 150,
  detailP95Ms: 50,
  csvRssGrowthMiB: 50,
  rssDriftMiB: 50,
  /** Not the issue's: the app's own goal for the dry run ("Next charge run"), which reads every open balance. */
  planP95Ms: 1_000,
};
const ROUTES = {
  list: "routes/app.orders._index",
  home: "routes/app._index",
  detail: "routes/app.orders.$id",
  plan: "routes/app.charges-plan",
} as const;

const { values: args } = parseArgs({
  options: {
    provider: { type: "string", default: "both" },
    orders: { type: "string", default: "100000" },
    requests: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    "rss-loads": { type: "string", default: "1000" },
    "page-budget": { type: "string", default: "120" },
    timeout: { type: "string", default: "30" },
    "admin-delay": { type: "string", default: "0" },
    "accept-encoding": { type: "string", default: "gzip, deflate, br" },
    seed: { type: "string", default: "1" },
    deadline: { type: "string", default: "180" },
    "log-level": { type: "string", default: "warn" },
    keep: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(
    "npx tsx bench/dashboard.ts [--provider sqlite|postgresql|both] [--orders 100000] [--requests 200] " +
      "[--warmup 20] [--rss-loads 1000] [--timeout 30] [--page-budget 120] [--admin-delay 0] " +
      "[--accept-encoding 'gzip, deflate, br'] [--seed 1] [--deadline 180] [--log-level warn] [--keep] [--build] [--json]",
  );
  process.exit(0);
}

const settings = {
  providers: providersArg(args.provider),
  orders: Math.round(numberArg("orders", args.orders, 100, 5_000_000)),
  requests: Math.round(numberArg("requests", args.requests, 1, 100_000)),
  warmup: Math.round(numberArg("warmup", args.warmup, 0, 10_000)),
  rssLoads: Math.round(numberArg("rss-loads", args["rss-loads"], 10, 1_000_000)),
  /** Seconds one page may take in all (warm-up included); a slower page is measured over fewer loads (3 at least). */
  pageBudgetS: numberArg("page-budget", args["page-budget"], 1, 24 * 3600),
  /** A request is given up when nothing arrives for this long (the page is then reported as failed). */
  timeoutS: numberArg("timeout", args.timeout, 1, 3600),
  adminDelayMs: numberArg("admin-delay", args["admin-delay"], 0, 10_000),
  acceptEncoding: args["accept-encoding"] ?? "gzip, deflate, br",
  seed: Math.round(numberArg("seed", args.seed, 0, 2 ** 31)),
  deadlineMinutes: numberArg("deadline", args.deadline, 1, 24 * 60),
  logLevel: args["log-level"] ?? "warn",
  keep: args.keep ?? false,
};

/** Progress and the human report go to stderr; stdout holds only the JSON (with --json). */
const progress = (line: string) => console.error(`[bench:dashboard] ${line}`);

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mib = (bytes: number | null) => (bytes === null ? null : round(bytes / MIB));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

interface PageResult {
  /** What is measured, e.g. "list: status=open". */
  name: string;
  kind: "list" | "home" | "detail" | "plan";
  url: string;
  n: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
  /** Decoded body size of one answer, and on the wire. */
  bytes: number | null;
  wireBytes: number | null;
  /** Orders in the view (the loader's `total`) and rows on the page, for list pages. */
  total: number | null;
  rows: number | null;
  /** Admin API requests the server made per load (the stand-in counts them). */
  adminCallsPerLoad: number;
  failures: number;
  firstFailure: string | null;
  /** Fewer loads than asked: the page used up --page-budget. */
  cutShort: boolean;
  targetMs: number;
  met: boolean;
}

interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

interface ProviderResult {
  provider: Provider;
  seed: {
    seconds: number;
    rows: SeedResult["rows"];
    perShop: { shop: string; orders: number }[];
    chargesByStatus: Record<string, number>;
    /** PostgreSQL only: VACUUM ANALYZE after the load (what autovacuum reaches on its own soon after), included. */
    analyzeSeconds: number | null;
  };
  pages: PageResult[];
  rss: {
    loads: number;
    /** Views left out of the cycle after they did not answer in time. */
    dropped: string[];
    /** [loads so far, RSS MiB] after 10 loads and every 100. */
    trace: [number, number | null][];
    afterFirst10MiB: number | null;
    afterAllMiB: number | null;
    driftMiB: number | null;
    seconds: number;
    /** Loads answered with another status than 200 (counted as loads). */
    non200: number;
  };
  csv: {
    url: string;
    status: number;
    seconds: number;
    firstByteMs: number;
    bytes: number;
    wireBytes: number;
    contentEncoding: string;
    rows: number;
    expectedRows: number;
    rssBeforeMiB: number | null;
    rssPeakMiB: number | null;
    rssAfterMiB: number | null;
    rssGrowthMiB: number | null;
    /** How the peak was read: the kernel's VmHWM after resetting it, or 20 ms samples alone. */
    peakFrom: "VmHWM" | "samples";
    samples: number;
    timedOut: boolean;
    error: string | null;
  } | null;
  adminCalls: Record<string, number>;
  tokensSigned: number;
  /** Seconds the server took to answer /healthz again after each request the benchmark gave up. */
  recoveries: number[];
  /** The server of the page loads (warnings it logged, RSS at its end), and the fresh one of the CSV export. */
  server: { warnings: Record<string, number>; rssEndMiB: number | null; csvServerWarnings: Record<string, number> };
  targets: Target[];
  allTargetsMet: boolean;
  errors: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

interface PageSpec {
  name: string;
  kind: PageResult["kind"];
  shop: string;
  url: string;
  targetMs: number;
}

/** The list's data request as Remix's client makes it after a change of the view: every loader of the page. */
const listUrl = (query: string) => `/app/orders.data${query ? `?${query}` : ""}`;

/** Checks one answer as the browser's Remix runtime would read it; returns the route's data, or why not. */
async function routeData(
  answer: Answer,
  routeId: string,
): Promise<{ data: Record<string, unknown> } | { error: string }> {
  const snippet = () => answer.body.toString("utf8", 0, Math.min(answer.body.length, 300)).replace(/\s+/g, " ");
  if (answer.status !== 200) return { error: `HTTP ${answer.status}: ${snippet()}` };
  if (!answer.contentType.startsWith("text/x-script")) {
    return { error: `not a single-fetch answer (${answer.contentType}): ${snippet()}` };
  }
  let decoded: Awaited<ReturnType<typeof decodeSingleFetch>>;
  try {
    decoded = await decodeSingleFetch(answer.body);
  } catch (error) {
    return { error: `undecodable answer (${(error as Error).message}): ${snippet()}` };
  }
  const entry = decoded[routeId];
  if (!entry) return { error: `no data for ${routeId}: ${snippet()}` };
  if (entry.error !== undefined) {
    const error = entry.error as { message?: string; status?: number; data?: unknown };
    return { error: `${routeId} failed: ${error.message ?? error.status ?? ""} ${JSON.stringify(error.data ?? "")}` };
  }
  if (typeof entry.data !== "object" || entry.data === null) return { error: `${routeId} returned no object` };
  return { data: entry.data as Record<string, unknown> };
}

const ROUTE_OF: Record<PageResult["kind"], string> = ROUTES;

async function measurePage(
  browser: MerchantBrowser,
  stub: AdminStub,
  spec: PageSpec,
  options: { n: number; warmup: number; budgetMs: number; recover: () => Promise<void> },
): Promise<PageResult> {
  const routeId = ROUTE_OF[spec.kind];
  const started = performance.now();
  const overBudget = () => performance.now() - started > options.budgetMs;
  let cutShort = false;
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  let sample: { bytes: number; wireBytes: number; total: number | null; rows: number | null } | null = null;
  let adminBefore = stub.total();
  let warm = 0;
  while (times.length < options.n) {
    stopIfRequested();
    const measuring = warm >= options.warmup;
    if (measuring && times.length === 0) adminBefore = stub.total();
    let answer: Answer;
    try {
      answer = await browser.get(spec.shop, spec.url);
    } catch (error) {
      failures += 1;
      firstFailure ??= (error as Error).message;
      if (error instanceof RequestTimeout) await options.recover();
      break;
    }
    // The clock stopped at the answer's last byte; it is decoded and checked after.
    const read = await routeData(answer, routeId);
    if ("error" in read) {
      failures += 1;
      firstFailure ??= read.error;
      // A page that fails while warming up is reported, not measured.
      if (!measuring || failures >= 5) break;
      continue;
    }
    sample ??= {
      bytes: answer.bytes,
      wireBytes: answer.wireBytes,
      total: typeof read.data.total === "number" ? read.data.total : null,
      rows: Array.isArray(read.data.orders) ? read.data.orders.length : null,
    };
    if (!measuring) {
      warm += 1;
      // A page slower than the budget allows is measured at once rather than not at all.
      if (overBudget()) warm = options.warmup;
      continue;
    }
    times.push(answer.ms);
    if (overBudget() && times.length >= 3 && times.length < options.n) {
      cutShort = true;
      break;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const measured = sorted.length;
  const p95 = measured ? percentile(sorted, 95) : null;
  return {
    name: spec.name,
    kind: spec.kind,
    url: spec.url,
    n: measured,
    p50Ms: measured ? round(percentile(sorted, 50), 2) : null,
    p95Ms: p95 === null ? null : round(p95, 2),
    maxMs: measured ? round(sorted[measured - 1]!, 2) : null,
    meanMs: measured ? round(sorted.reduce((sum, ms) => sum + ms, 0) / measured, 2) : null,
    bytes: sample?.bytes ?? null,
    wireBytes: sample?.wireBytes ?? null,
    total: sample?.total ?? null,
    rows: sample?.rows ?? null,
    adminCallsPerLoad: measured ? round((stub.total() - adminBefore) / measured, 2) : 0,
    failures,
    firstFailure,
    cutShort,
    targetMs: spec.targetMs,
    met: failures === 0 && p95 !== null && p95 < spec.targetMs,
  };
}

/** A page that was not requested (it did not answer in time before). */
function unmeasured(spec: PageSpec, why: string): PageResult {
  return {
    name: spec.name,
    kind: spec.kind,
    url: spec.url,
    n: 0,
    p50Ms: null,
    p95Ms: null,
    maxMs: null,
    meanMs: null,
    bytes: null,
    wireBytes: null,
    total: null,
    rows: null,
    adminCallsPerLoad: 0,
    failures: 1,
    firstFailure: why,
    cutShort: false,
    targetMs: spec.targetMs,
    met: false,
  };
}

/** Follows the list's `nextPage` from the default view: the query string of page `page`. */
async function queryOfPage(browser: MerchantBrowser, shop: string, page: number): Promise<string> {
  let query = "";
  for (let at = 1; at < page; at += 1) {
    stopIfRequested();
    const read = await routeData(await browser.get(shop, listUrl(query)), ROUTES.list);
    if ("error" in read) throw new Error(`page ${at} of the list: ${read.error}`);
    const next = read.data.nextPage;
    if (typeof next !== "string") throw new Error(`page ${at} of the list has no next page (too few orders?)`);
    query = next;
  }
  return query;
}

async function measureCsv(
  browser: MerchantBrowser,
  server: DashboardServer,
  shop: SeededShop,
): Promise<NonNullable<ProviderResult["csv"]>> {
  const url = "/app/orders/export";
  const before = server.rssBytes();
  const peakReset = server.resetPeak();
  let sampledPeak = before ?? 0;
  let samples = 0;
  const sampler = setInterval(() => {
    const rss = server.rssBytes();
    samples += 1;
    if (rss !== null) sampledPeak = Math.max(sampledPeak, rss);
  }, 20);
  let newlines = 0;
  let firstByteMs = NaN;
  const started = performance.now();
  let answer: Answer | null = null;
  let error: string | null = null;
  let timedOut = false;
  try {
    answer = await browser.get(shop.domain, url, (chunk) => {
      if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
    });
  } catch (thrown) {
    error = (thrown as Error).message;
    timedOut = thrown instanceof RequestTimeout;
  } finally {
    clearInterval(sampler);
  }
  const after = server.rssBytes();
  const hwm = peakReset ? server.peakBytes() : null;
  const peak = Math.max(sampledPeak, hwm ?? 0, after ?? 0);
  if (answer && answer.status !== 200) error = `HTTP ${answer.status}`;
  else if (answer && !answer.contentType.startsWith("text/csv")) error = `not a CSV (${answer.contentType})`;
  // csv-stringify ends every record with a newline: records = newlines, the header one of them.
  const rows = Math.max(0, newlines - 1);
  if (!error && rows !== shop.orders) error = `${rows} rows streamed, ${shop.orders} expected`;
  return {
    url,
    status: answer?.status ?? 0,
    seconds: round((answer?.ms ?? performance.now() - started) / 1000, 2),
    firstByteMs: round(firstByteMs, 1),
    bytes: answer?.bytes ?? 0,
    wireBytes: answer?.wireBytes ?? 0,
    contentEncoding: answer?.contentEncoding ?? "",
    rows,
    expectedRows: shop.orders,
    rssBeforeMiB: mib(before),
    rssPeakMiB: mib(peak),
    rssAfterMiB: mib(after),
    rssGrowthMiB: before === null ? null : mib(peak - before),
    peakFrom: hwm !== null ? "VmHWM" : "samples",
    samples,
    timedOut,
    error,
  };
}

/** Cancels the statements still running on the bench database (other than this one); returns how many. */
async function cancelRunningStatements(databaseUrl: string): Promise<number> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
      [name],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One provider
// ---------------------------------------------------------------------------------------------------------------

function listSpecs(big: SeededShop, small: SeededShop, today: DateTime): PageSpec[] {
  const day = (d: DateTime) => d.toISODate()!;
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const list = (name: string, query: string, shop = big.domain): PageSpec => ({
    name: `list: ${name}`,
    kind: "list",
    shop,
    url: listUrl(query),
    targetMs: TARGETS.listP95Ms,
  });
  return [
    list("default view", ""),
    list("status=open", q({ status: "open" })),
    list("status=overdue", q({ status: "overdue" })),
    list("status=attention", q({ status: "attention" })),
    list("status=failed", q({ status: "failed" })),
    list("status=paid", q({ status: "paid" })),
    list("status=cancelled", q({ status: "cancelled" })),
    list("kind=PRE_ORDER", q({ kind: "PRE_ORDER" })),
    list("kind=TRY_BEFORE_YOU_BUY", q({ kind: "TRY_BEFORE_YOU_BUY" })),
    list("offer=<first offer>", q({ offer: big.offerIds[0]! })),
    list("offer=<first offer>&status=open", q({ offer: big.offerIds[0]!, status: "open" })),
    list("currency=EUR", q({ currency: "EUR" })),
    list("due in the next 30 days", q({ dueFrom: day(today), dueTo: day(today.plus({ days: 30 })) })),
    list("saved view: due this week", q({ status: "open", dueFrom: day(today), dueTo: day(today.plus({ days: 6 })) })),
    list(`search q=${big.commonSearch}`, q({ q: big.commonSearch })),
    list(`search q=${big.orderNameSearch}`, q({ q: big.orderNameSearch })),
    list("sort=due-desc", q({ sort: "due-desc" })),
    list("sort=balance-desc", q({ sort: "balance-desc" })),
    list("sort=ordered-desc", q({ sort: "ordered-desc" })),
    list(`default view, other shop (${small.orders} orders)`, "", small.domain),
  ];
}

async function runOne(provider: Provider, deadline: { check(): void }): Promise<ProviderResult> {
  const errors: string[] = [];
  /** Seconds the server took to answer again after each request given up. */
  const recoveries: number[] = [];
  progress(`${provider}: creating and migrating a fresh database...`);
  const creating = createBenchDatabase(provider);
  // Interrupted while it is created: it is dropped once it exists.
  currentCleanup = async () => {
    const created = await creating.catch(() => undefined);
    if (!settings.keep) await created?.drop();
  };
  const database: BenchDatabase = await creating;
  let stub: AdminStub | undefined;
  let server: DashboardServer | undefined;
  let browser: MerchantBrowser | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      browser?.close();
      await server?.stop();
      await stub?.close();
      if (settings.keep) progress(`${provider}: --keep: the database stays at ${database.url}`);
      else await database.drop();
    })());
  currentCleanup = cleanup;
  try {
    // Seed: the app's own Prisma client on the bench database, disconnected before the server starts.
    const db = createDatabase(databaseConfig(database.url));
    const bigOrders = settings.orders;
    const smallOrders = Math.max(100, Math.round(settings.orders / 10));
    progress(`${provider}: seeding ${bigOrders} + ${smallOrders} deferred orders...`);
    const now = new Date();
    let seed: SeedResult;
    let chargesByStatus: Record<string, number>;
    let perShop: { shop: string; orders: number }[];
    let analyzeSeconds: number | null = null;
    try {
      seed = await seedDashboardShops(db, {
        shops: [
          { domain: "bench-large.myshopify.com", name: "Bench Large", orders: bigOrders },
          { domain: "bench-small.myshopify.com", name: "Bench Small", orders: smallOrders },
        ],
        now,
        seed: settings.seed,
        log: progress,
      });
      if (provider === "postgresql") {
        const started = performance.now();
        await db.$executeRawUnsafe("VACUUM ANALYZE");
        analyzeSeconds = round((performance.now() - started) / 1000);
        seed.seconds += analyzeSeconds;
      }
      const byStatus = await db.balanceCharge.groupBy({ by: ["status"], _count: { _all: true } });
      chargesByStatus = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all]));
      const byShop = await db.deferredOrder.groupBy({ by: ["shop"], _count: { _all: true } });
      perShop = byShop.map((row) => ({ shop: row.shop, orders: row._count._all }));
    } finally {
      await db.$disconnect();
    }
    progress(`${provider}: seeded in ${seed.seconds.toFixed(1)} s (${JSON.stringify(seed.rows)})`);
    deadline.check();
    const [big, small] = seed.shops as [SeededShop, SeededShop];

    stub = await startAdminStub({ delayMs: settings.adminDelayMs });
    progress(`${provider}: starting the production build (node server.mjs)...`);
    const adminApiOrigin = stub.url;
    const startServer = async () => {
      server = await startDashboardServer({
        databaseUrl: database.url,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        adminApiOrigin,
        logLevel: settings.logLevel,
      });
      browser = new MerchantBrowser({
        host: server.host,
        port: server.port,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        acceptEncoding: settings.acceptEncoding,
        timeoutMs: settings.timeoutS * 1000,
      });
      return { server, browser };
    };
    ({ server, browser } = await startServer());
    const current = () => server!;
    /**
     * After a request was given up, the server may still be working on it: SQLite's queries run on the server's
     * only thread (nothing else is answered until it ends), PostgreSQL's in a backend that takes a core. Neither may
     * slow down the pages measured next: PostgreSQL's statements still running are cancelled, then the benchmark
     * waits until the server answers /healthz again.
     */
    const recover = async () => {
      progress(`${provider}: a request was given up after ${settings.timeoutS} s; waiting for the server...`);
      const started = performance.now();
      if (provider === "postgresql") {
        const cancelled = await cancelRunningStatements(database.url).catch((error: Error) => error.message);
        progress(`${provider}: cancelled the server's running statements: ${cancelled}`);
      }
      for (;;) {
        deadline.check();
        const healthy = await fetch(`http://${current().host}:${current().port}/healthz`, {
          signal: AbortSignal.timeout(5_000),
        })
          .then((res) => res.status === 200)
          .catch(() => false);
        if (healthy) break;
        const exitCode = current().exitCode();
        if (exitCode !== undefined) throw new Error(`the server exited (code ${exitCode})`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      recoveries.push(round((performance.now() - started) / 1000, 1));
      progress(`${provider}: the server answers again after ${recoveries.at(-1)} s`);
    };
    const today = DateTime.fromJSDate(now, { zone: SHOP_TIME_ZONE }).startOf("day");
    const lists = listSpecs(big, small, today);

    // 1. RSS over list loads on the fresh server, cycling through the views.
    progress(`${provider}: ${settings.rssLoads} list loads (RSS after the first 10 and after all)...`);
    const rssStarted = performance.now();
    let afterFirst10: number | null = null;
    let non200 = 0;
    const trace: [number, number | null][] = [];
    const cycle = [...lists];
    const dropped: string[] = [];
    /** Views given up in the RSS phase, and why: not requested again (on SQLite each costs the whole query again). */
    const givenUp = new Map<string, string>();
    // Loads that answered count; a view that did not answer in time leaves the cycle (it is reported with the pages).
    let loads = 0;
    for (let next = 0; loads < settings.rssLoads && cycle.length > 0; next += 1) {
      const spec = cycle[next % cycle.length]!;
      let answer: Answer;
      try {
        answer = await browser.get(spec.shop, spec.url);
      } catch (error) {
        errors.push(`RSS loads: ${spec.name}: ${(error as Error).message}; left out of the cycle`);
        dropped.push(spec.name);
        givenUp.set(spec.name, (error as Error).message);
        cycle.splice(cycle.indexOf(spec), 1);
        if (error instanceof RequestTimeout) await recover();
        continue;
      }
      loads += 1;
      if (answer.status !== 200) {
        non200 += 1;
        if (non200 === 1) errors.push(`RSS loads: ${spec.url} answered ${answer.status}`);
      }
      if (loads === 10) afterFirst10 = server.rssBytes();
      if (loads === 10 || loads % 100 === 0) trace.push([loads, mib(server.rssBytes())]);
      deadline.check();
    }
    const afterAll = server.rssBytes();
    if (trace.at(-1)?.[0] !== loads) trace.push([loads, mib(afterAll)]);
    const rss = {
      loads,
      dropped,
      trace,
      afterFirst10MiB: mib(afterFirst10),
      afterAllMiB: mib(afterAll),
      driftMiB: afterFirst10 === null || afterAll === null ? null : mib(afterAll - afterFirst10),
      seconds: round((performance.now() - rssStarted) / 1000, 1),
      non200,
    };

    // 2. Page 50 of the default view: 49 × nextPage (the last page when a small run has fewer than 50).
    const pageNumber = Math.min(50, Math.ceil(big.orders / 50));
    progress(`${provider}: following nextPage to page ${pageNumber}...`);
    const specs: PageSpec[] = [...lists];
    try {
      const query = await queryOfPage(browser, big.domain, pageNumber);
      specs.splice(specs.length - 1, 0, {
        name: `list: page ${pageNumber} (default view)${pageNumber < 50 ? ", the last" : ""}`,
        kind: "list",
        shop: big.domain,
        url: listUrl(query),
        targetMs: TARGETS.listP95Ms,
      });
    } catch (error) {
      errors.push(`page ${pageNumber}: ${(error as Error).message}`);
      if (error instanceof RequestTimeout) await recover();
    }
    specs.push(
      {
        name: "home",
        kind: "home",
        shop: big.domain,
        url: `/app.data?_routes=${encodeURIComponent(ROUTES.home)}`,
        targetMs: TARGETS.homeP95Ms,
      },
      {
        name: "order detail (scheduled charge)",
        kind: "detail",
        shop: big.domain,
        url: `/app/orders/${big.scheduledOrder}.data?_routes=${encodeURIComponent(ROUTES.detail)}`,
        targetMs: TARGETS.detailP95Ms,
      },
      {
        name: "order detail (failed charge, 3 attempts)",
        kind: "detail",
        shop: big.domain,
        url: `/app/orders/${big.failedOrder}.data?_routes=${encodeURIComponent(ROUTES.detail)}`,
        targetMs: TARGETS.detailP95Ms,
      },
      {
        name: "next charge run (dry run)",
        kind: "plan",
        shop: big.domain,
        url: `/app/charges-plan.data?_routes=${encodeURIComponent(ROUTES.plan)}`,
        targetMs: TARGETS.planP95Ms,
      },
    );

    // 3. Each page: warm-up, then n sequential loads.
    const pages: PageResult[] = [];
    for (const spec of specs) {
      deadline.check();
      const before = givenUp.get(spec.name);
      if (before !== undefined) {
        pages.push(unmeasured(spec, `given up in the RSS phase: ${before}`));
        progress(`${provider}: ${spec.name}: not measured (given up in the RSS phase)`);
        errors.push(`${spec.name}: not measured (given up in the RSS phase)`);
        continue;
      }
      const result = await measurePage(browser, stub, spec, {
        n: settings.requests,
        warmup: settings.warmup,
        budgetMs: settings.pageBudgetS * 1000,
        recover,
      });
      pages.push(result);
      progress(
        `${provider}: ${spec.name}: p50 ${result.p50Ms ?? "-"} ms, p95 ${result.p95Ms ?? "-"} ms` +
          (result.failures ? `, ${result.failures} failed: ${result.firstFailure}` : "") +
          (result.cutShort ? `, cut short at n = ${result.n} (--page-budget)` : ""),
      );
      if (result.failures) errors.push(`${spec.name}: ${result.firstFailure}`);
    }

    const tokensSigned = browser.signed();
    const firstServer = { warnings: server.warnings(), rssEndMiB: mib(server.rssBytes()) };

    // 4. The CSV of the default view of the large shop (every order), on a fresh server: its heap has not grown
    // with the loads above, so what the export keeps in memory shows as growth. A few list loads first: the first
    // requests' one-time allocations (modules, JIT, connection pool) are not the export's.
    deadline.check();
    progress(`${provider}: restarting the server for the CSV export...`);
    browser.close();
    await server.stop();
    ({ server, browser } = await startServer());
    for (let i = 0; i < 10; i += 1) {
      const answer = await browser.get(big.domain, listUrl(""));
      if (answer.status !== 200) throw new Error(`the restarted server answered ${answer.status} to the list`);
    }
    progress(`${provider}: CSV export of ${big.orders} orders...`);
    const csv = await measureCsv(browser, server, big);
    if (csv.error) errors.push(`CSV export: ${csv.error}`);
    if (csv.timedOut) await recover();

    const targets = targetsOf(pages, rss, csv);
    return {
      provider,
      seed: { seconds: round(seed.seconds, 1), rows: seed.rows, perShop, chargesByStatus, analyzeSeconds },
      pages,
      rss,
      csv,
      adminCalls: stub.calls(),
      tokensSigned: tokensSigned + browser.signed(),
      recoveries,
      server: {
        warnings: firstServer.warnings,
        rssEndMiB: firstServer.rssEndMiB,
        csvServerWarnings: server.warnings(),
      },
      targets,
      allTargetsMet: targets.every((target) => target.met),
      errors,
    };
  } catch (error) {
    const tail = server?.outputTail().join("\n");
    throw new Error(`${(error as Error).message}${tail ? `\nserver output (last lines):\n${tail}` : ""}`, {
      cause: error,
    });
  } finally {
    await cleanup();
    currentCleanup = undefined;
  }
}

function targetsOf(pages: PageResult[], rss: ProviderResult["rss"], csv: ProviderResult["csv"]): Target[] {
  const pageTarget = (kind: PageResult["kind"], label: string, ms: number): Target => {
    const of = pages.filter((page) => page.kind === kind);
    const worst = of.reduce<PageResult | null>(
      (max, page) => (page.p95Ms !== null && (max?.p95Ms ?? -1) < page.p95Ms ? page : max),
      null,
    );
    const failed = of.filter((page) => page.failures > 0 || page.p95Ms === null);
    const missed = of.filter((page) => !page.met).map((page) => page.name.replace(/^list: /, ""));
    return {
      name: label,
      target: `p95 < ${ms} ms`,
      value:
        (worst ? `worst p95 ${worst.p95Ms} ms (${worst.name})` : "not measured") +
        (failed.length ? `; ${failed.length} page(s) failed` : "") +
        (missed.length && of.length > 1 ? `; missed: ${missed.join(", ")}` : ""),
      met: of.length > 0 && of.every((page) => page.met),
    };
  };
  return [
    pageTarget("list", "orders list: default view, each filter, search, page 50", TARGETS.listP95Ms),
    pageTarget("home", "home", TARGETS.homeP95Ms),
    pageTarget("detail", "order detail", TARGETS.detailP95Ms),
    pageTarget("plan", "next charge run (the app's own goal)", TARGETS.planP95Ms),
    {
      name: `CSV export of ${csv?.expectedRows ?? "?"} rows: server RSS growth`,
      target: `< ${TARGETS.csvRssGrowthMiB} MiB`,
      value: csv
        ? `${csv.rssGrowthMiB} MiB (${csv.rssBeforeMiB} -> peak ${csv.rssPeakMiB} MiB), ${csv.rows} rows in ${csv.seconds} s` +
          (csv.error ? `; error: ${csv.error}` : "")
        : "not measured",
      met: csv !== null && !csv.error && csv.rssGrowthMiB !== null && csv.rssGrowthMiB < TARGETS.csvRssGrowthMiB,
    },
    {
      name: `server RSS after ${rss.loads} list loads vs after the first 10`,
      target: `within ${TARGETS.rssDriftMiB} MiB`,
      value: `${rss.afterFirst10MiB} -> ${rss.afterAllMiB} MiB (${rss.driftMiB! >= 0 ? "+" : ""}${rss.driftMiB} MiB)`,
      met:
        rss.driftMiB !== null &&
        Math.abs(rss.driftMiB) < TARGETS.rssDriftMiB &&
        rss.non200 === 0 &&
        rss.loads === settings.rssLoads,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      );
      return index === 0 ? `${line.join("  ")}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line.join("  ");
    })
    .join("\n");
}

function report(result: ProviderResult): string {
  const lines: string[] = [];
  const { seed } = result;
  lines.push(
    `== ${result.provider}: ${seed.perShop.map((shop) => `${shop.shop} ${shop.orders}`).join(", ")} deferred orders; ` +
      `${seed.rows.charges} charges (${Object.entries(seed.chargesByStatus)
        .map(([status, n]) => `${status} ${n}`)
        .join(", ")}); ` +
      `seeded in ${seed.seconds} s${seed.analyzeSeconds !== null ? ` (incl. VACUUM ANALYZE ${seed.analyzeSeconds} s)` : ""}`,
  );
  const ms = (value: number | null) => (value === null ? "-" : value.toFixed(1));
  lines.push(
    table([
      ["page", "n", "p50 ms", "p95 ms", "max ms", "target", "met", "rows/total", "KiB", "admin/load"],
      ...result.pages.map((page) => [
        page.name,
        `${page.n}${page.cutShort ? "*" : ""}`,
        ms(page.p50Ms),
        ms(page.p95Ms),
        ms(page.maxMs),
        `<${page.targetMs}`,
        page.failures ? "FAILED" : page.met ? "yes" : "NO",
        page.rows === null ? "" : `${page.rows}/${page.total}`,
        page.bytes === null ? "" : (page.bytes / 1024).toFixed(1),
        String(page.adminCallsPerLoad),
      ]),
    ]),
  );
  if (result.pages.some((page) => page.cutShort)) {
    lines.push(`  * fewer loads than --requests: the page used up --page-budget (${settings.pageBudgetS} s)`);
  }
  for (const page of result.pages.filter((item) => item.failures > 0)) {
    lines.push(`  ${page.name}: ${page.failures} failed; first: ${page.firstFailure}`);
  }
  const { csv, rss } = result;
  if (csv) {
    lines.push(
      `CSV export (${csv.url}, default view, fresh server after 10 list loads): HTTP ${csv.status}, ${csv.rows} rows (expected ${csv.expectedRows}), ` +
        `${(csv.bytes / MIB).toFixed(1)} MiB (${(csv.wireBytes / MIB).toFixed(1)} MiB ${csv.contentEncoding} on the wire), ` +
        `first byte ${csv.firstByteMs} ms, last byte ${csv.seconds} s; server RSS ${csv.rssBeforeMiB} -> peak ` +
        `${csv.rssPeakMiB} MiB (${csv.peakFrom}), growth ${csv.rssGrowthMiB} MiB, after ${csv.rssAfterMiB} MiB` +
        (csv.error ? `; ERROR ${csv.error}` : ""),
    );
  }
  lines.push(
    `RSS over ${rss.loads} list loads (${rss.seconds} s): ${rss.afterFirst10MiB} MiB after 10, ${rss.afterAllMiB} MiB ` +
      `after ${rss.loads} (${rss.driftMiB} MiB)` +
      (rss.non200 ? `; ${rss.non200} loads answered other than 200` : "") +
      `\n  trace (loads: MiB): ${rss.trace.map(([loads, value]) => `${loads}: ${value}`).join(", ")}`,
  );
  if (rss.dropped.length) lines.push(`  left out of the RSS cycle (no answer in time): ${rss.dropped.join(", ")}`);
  lines.push(
    `Admin API requests the server made (loopback stand-in): ${JSON.stringify(result.adminCalls)}; ` +
      `session tokens signed: ${result.tokensSigned}`,
  );
  if (result.recoveries.length) {
    lines.push(
      `requests given up after ${settings.timeoutS} s: ${result.recoveries.length}; the server answered again after ` +
        `${result.recoveries.join(", ")} s`,
    );
  }
  const { warnings, csvServerWarnings } = result.server;
  if (Object.keys(warnings).length) lines.push(`server warnings/errors logged: ${JSON.stringify(warnings)}`);
  if (Object.keys(csvServerWarnings).length) {
    lines.push(`CSV server warnings/errors logged: ${JSON.stringify(csvServerWarnings)}`);
  }
  lines.push("Targets:");
  for (const target of result.targets) {
    lines.push(`  [${target.met ? "met" : "NOT MET"}] ${target.name}: ${target.target}; ${target.value}`);
  }
  if (result.errors.length) lines.push(`Errors:\n  ${result.errors.join("\n  ")}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

let currentCleanup: (() => Promise<void>) | undefined;
/** Set by Ctrl-C: every loop stops at its next request while the cleanup runs. */
let stopRequested = false;
const stopIfRequested = () => {
  if (stopRequested) throw new Error("interrupted");
};

async function main() {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    node: process.version,
    loadAverageAtStart: loadavg().map((value) => round(value, 2)),
  };
  ensureBuild({ rebuild: args.build ?? false, log: progress });
  const startedAt = Date.now();
  const deadlineAt = startedAt + settings.deadlineMinutes * 60_000;
  const deadline = {
    check() {
      stopIfRequested();
      if (Date.now() > deadlineAt) throw new Error(`the run passed its --deadline of ${settings.deadlineMinutes} min`);
    },
  };
  // A guard beside the checks: a request that hangs cannot keep the run (and its server and database) alive.
  const watchdog = setTimeout(
    () => {
      progress(`the run passed its --deadline of ${settings.deadlineMinutes} min: cleaning up`);
      void (currentCleanup?.() ?? Promise.resolve()).finally(() => process.exit(1));
    },
    settings.deadlineMinutes * 60_000 + 120_000,
  );
  const onSignal = () => {
    if (stopRequested) return;
    stopRequested = true;
    progress("interrupted: stopping the server and dropping the database");
    void (currentCleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const results: ProviderResult[] = [];
  for (const provider of settings.providers) {
    const result = await runOne(provider, deadline);
    results.push(result);
    console.error(`\n${report(result)}\n`);
  }
  clearTimeout(watchdog);
  const output = {
    benchmark: "dashboard",
    date: new Date(startedAt).toISOString(),
    machine,
    options: settings,
    targets: TARGETS,
    results,
    allTargetsMet: results.every((result) => result.allTargetsMet),
    errors: results.flatMap((result) => result.errors.map((error) => `${result.provider}: ${error}`)),
  };
  console.error(
    `machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average at start ` +
      `${machine.loadAverageAtStart.join(" ")}; ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all`,
  );
  if (args.json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  // Targets missed are a result; a page that failed or an export that was cut short is an error.
  process.exit(output.errors.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`[bench:dashboard] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void (currentCleanup?.() ?? Promise.resolve()).finally(() => process.exit(1));
});
