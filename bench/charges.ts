// Charge engine throughput (bench/README.md, "Charges"): due balances charged by the production worker
// (`node build/worker/worker.js`) against the local Shopify, through a counting proxy that reads every answer's
// `extensions.cost` (points spent, throttled answers). Judged by the simulator's payments ledger.
//
//   npx tsx bench/charges.ts --scenario bucket   # one shop on the Standard bucket (100 points/s), 500 due balances
//   npx tsx bench/charges.ts --scenario fleet    # 100 shops × 100 due balances
//   options: --provider sqlite|postgresql  --shops N  --per-shop N  --concurrency N  --json
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createDatabase } from "../app/db/client.server";
import { databaseConfig } from "../app/db/database-url";
import { recordInstallation } from "../app/db/shops.server";
import { defaultOfferInput } from "../app/domain/offer";
import { createLogger } from "../app/logger.server";
import { refreshDeferredOrder } from "../app/services/deferred-orders.server";
import { createOffer, offerContext, setOfferProducts } from "../app/services/offers.server";
import { listOfferRows } from "../app/db/offers.server";
import { createAdminClient } from "../app/shopify/client.server";
import { SimulatorClient } from "../simulator/client";
import { startSimulator } from "../simulator/src/server";
import { createBenchDatabase, ensureBuild, REPO_ROOT, type Provider } from "./lib/app-under-test";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const scenario = option("scenario", "bucket") as "bucket" | "fleet";
const provider = option("provider", "sqlite") as Provider;
const shops = Number(option("shops", scenario === "bucket" ? "1" : "100"));
const perShop = Number(option("per-shop", scenario === "bucket" ? "500" : "100"));
const concurrency = Number(option("concurrency", scenario === "bucket" ? "4" : "8"));
const json = args.includes("--json");
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
const DUE_AT = "2027-02-01T15:00:00.000Z";
const STANDARD_RESTORE = 100;

/** Forwards to the simulator and counts what each Admin API answer cost. */
function startCountingProxy(target: string) {
  const counts = { requests: 0, points: 0, throttled: 0 };
  const targetUrl = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          if (req.url?.includes("/graphql.json")) {
            counts.requests += 1;
            try {
              const parsed = JSON.parse(body.toString()) as {
                errors?: { extensions?: { code?: string } }[];
                extensions?: { cost?: { actualQueryCost?: number | null; requestedQueryCost?: number } };
              };
              if (parsed.errors?.some((error) => error.extensions?.code === "THROTTLED")) counts.throttled += 1;
              else counts.points += parsed.extensions?.cost?.actualQueryCost ?? 0;
            } catch {
              // not JSON: not an Admin API answer
            }
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise<{ url: string; counts: typeof counts; close(): Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        counts,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

const rssOf = (pid: number, field: "VmRSS" | "VmHWM") => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((candidate) => candidate.startsWith(field));
  return Number(line?.replace(/\D+/g, "") ?? 0) * 1024;
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main() {
  ensureBuild({ rebuild: args.includes("--build"), log });
  const acceptor = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end("{}"));
  });
  await new Promise<void>((resolve) => acceptor.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(acceptor.address() as AddressInfo).port}`;
  const simulator = await startSimulator({ port: 0, apiKey: API_KEY, apiSecret: API_SECRET, appUrl });
  const control = new SimulatorClient(simulator.url);
  const proxy = await startCountingProxy(simulator.url);
  const database = await createBenchDatabase(provider);
  const db = createDatabase(databaseConfig(database.url));
  const quiet = createLogger({ level: "silent" });
  const setupNow = () => new Date("2026-11-24T12:00:00Z");
  await control.setClock({ set: setupNow().toISOString() });

  log(`setting up ${shops} shop(s) × ${perShop} due balances on ${provider}`);
  const domains: string[] = [];
  for (let s = 0; s < shops; s += 1) {
    const shop = `bench-${s}.myshopify.com`;
    domains.push(shop);
    const { accessToken } = await control.createShop({
      domain: shop,
      name: `Bench ${s}`,
      currencyCode: "USD",
      ianaTimezone: "UTC",
      plan: "basic",
    });
    // Set-up is not what is measured: the bucket is opened up for it and put back to Standard before charging.
    await control.updateShop(shop, { restoreRate: 1_000_000 });
    await recordInstallation(db, { shop, scopes: "write_orders,write_payment_mandate" });
    await db.session.create({
      data: { id: `offline_${shop}`, shop, state: "bench", isOnline: false, accessToken, scope: "write_orders" },
    });
    const admin = createAdminClient({ shop, accessToken, apiOrigin: simulator.url, logger: quiet });
    const lamp = await control.createProduct(shop, {
      title: "Lamp",
      variants: [{ title: "Amber", price: "40.00", inventoryQuantity: perShop + 10 }],
    });
    const ctx = await offerContext({ shop, accessToken }, { db, admin, now: setupNow, locale: "en" });
    const input = defaultOfferInput("PRE_ORDER", "USD");
    if (input.kind !== "PRE_ORDER") throw new Error("unreachable");
    input.plans[0] = {
      ...input.plans[0],
      deposit: { type: "PERCENTAGE", percentage: 25 },
      balance: { trigger: "EXACT_DATE", chargeAt: DUE_AT },
    };
    const created = await createOffer(ctx, { ...input, name: "Lamp pre-order", merchantCode: "lamp" });
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    await setOfferProducts(ctx, created.id, { productIds: [lamp.id], variantIds: [] });
    const planId = Object.values(
      (await listOfferRows(db, shop)).find((row) => row.id === created.id)!.sellingPlanIds,
    )[0];
    const orders: string[] = [];
    for (let i = 0; i < perShop; i += 1) {
      orders.push(
        (await control.checkout(shop, { lines: [{ variantId: lamp.variants[0].id, sellingPlanId: planId }] })).id,
      );
    }
    await pool(orders, 8, (orderId) => refreshDeferredOrder({ db, shop, now: setupNow }, admin, orderId));
    await control.updateShop(shop, { restoreRate: STANDARD_RESTORE });
    if ((s + 1) % 10 === 0) log(`  ${s + 1} shops ready`);
  }
  const total = shops * perShop;
  const open = () => db.balanceCharge.count({ where: { status: { in: ["SCHEDULED", "IN_PROGRESS", "WAITING"] } } });
  if ((await open()) !== total) throw new Error(`expected ${total} open charges, found ${await open()}`);

  // Every balance falls due now; the clock then runs with real time.
  const dueAt = new Date(new Date(DUE_AT).getTime() + 1_000);
  await control.setClock({ set: dueAt.toISOString() });
  await control.drainWebhooks().catch(() => {});
  Object.assign(proxy.counts, { requests: 0, points: 0, throttled: 0 });

  const started = Date.now();
  const worker = spawn(process.execPath, [path.join(REPO_ROOT, "build/worker/worker.js")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: appUrl,
      SHOPIFY_LOCAL_SIMULATOR_URL: simulator.url,
      SHOPIFY_ADMIN_API_ORIGIN: proxy.url,
      WORKER_INTERVAL_MS: "1000",
      WORKER_CONCURRENCY: String(concurrency),
      WORKER_NICE: "0",
      LOG_LEVEL: "warn",
    },
  });
  let peakRss = 0;
  const deadline = started + 20 * 60_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      peakRss = Math.max(peakRss, rssOf(worker.pid!, "VmHWM"));
    } catch {
      break; // the worker died
    }
    if ((await open()) === 0) break;
  }
  const elapsedS = (Date.now() - started) / 1000;
  const counts = { ...proxy.counts };
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.on("exit", resolve));

  const charges = await db.balanceCharge.findMany({ select: { status: true, collectedAt: true } });
  const collected = charges.filter((charge) => charge.status === "COLLECTED");
  const latencies = collected
    .map((charge) => (charge.collectedAt!.getTime() - dueAt.getTime()) / 1000)
    .sort((a, b) => a - b);
  const failedAttempts = await db.chargeAttempt.count({ where: { status: { in: ["DECLINED", "REFUSED"] } } });
  let doubleCharged = 0;
  let payments = 0;
  for (const shop of domains) {
    const perOrder = new Map<string, number>();
    for (const payment of await control.paymentAttempts(shop)) {
      payments += 1;
      if (payment.charged) perOrder.set(payment.orderId, (perOrder.get(payment.orderId) ?? 0) + 1);
    }
    doubleCharged += [...perOrder.values()].filter((times) => times > 1).length;
  }
  const result = {
    scenario,
    provider,
    shops,
    balances: total,
    concurrency,
    collected: collected.length,
    elapsedSeconds: Number(elapsedS.toFixed(1)),
    chargesPerSecond: Number((collected.length / elapsedS).toFixed(1)),
    adminRequests: counts.requests,
    pointsSpent: counts.points,
    pointsPerCharge: Number((counts.points / Math.max(1, collected.length)).toFixed(1)),
    pointsPerSecondPerShop: Number((counts.points / elapsedS / shops).toFixed(1)),
    restoreRatePerShop: STANDARD_RESTORE,
    bucketUse: Number((counts.points / elapsedS / shops / STANDARD_RESTORE).toFixed(3)),
    // What the restore rate paid for: the points beyond the full bucket each shop starts with (20 s of restore).
    sustainedBucketUse: Number(
      (Math.max(0, counts.points - shops * STANDARD_RESTORE * 20) / elapsedS / shops / STANDARD_RESTORE).toFixed(3),
    ),
    throttledAnswers: counts.throttled,
    failedAttempts,
    paymentsInLedger: payments,
    doubleCharged,
    dueToCollectedSeconds: { p50: percentile(latencies, 0.5) ?? null, p99: percentile(latencies, 0.99) ?? null },
    workerPeakRssMB: Number((peakRss / 1024 / 1024).toFixed(0)),
  };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else log(JSON.stringify(result, null, 2));

  await db.$disconnect();
  await database.drop();
  await proxy.close();
  await simulator.stop();
  acceptor.close();
  process.exit(collected.length === total && doubleCharged === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
