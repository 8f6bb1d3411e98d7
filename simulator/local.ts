// `npm run local`: the app with its local Shopify. Starts the simulator and the app (Vite dev server) on
// 127.0.0.1, seeds two demo shops through the app itself (simulator/demo-seed.ts: offers made by the app, orders
// placed at the simulator's checkout, balances charged by the app's engine), and prints where to open the admin.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { DEMO_SHOPS, seedDemoShops, tickProcess } from "./demo-seed";

const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8081);
const APP_PORT = Number(process.env.PORT ?? 3000);
const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
// The simulator keeps its shops in memory, so the app's local database starts afresh with it.
const LOCAL_DATABASE_FILE = "prisma/local.sqlite";

const env = {
  ...process.env,
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "local-api-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "local-api-secret",
  SHOPIFY_APP_URL: APP_URL,
  SHOPIFY_LOCAL_SIMULATOR_URL: SIMULATOR_URL,
  // shopify-app-remix's own pages (session-token bounce, exit-iframe) load App Bridge from here.
  APP_BRIDGE_URL: `${SIMULATOR_URL}/app-bridge.js`,
  SIMULATOR_PORT: String(SIMULATOR_PORT),
  PORT: String(APP_PORT),
  DATABASE_URL: process.env.DATABASE_URL ?? `file:./${LOCAL_DATABASE_FILE}`,
  TZ: process.env.TZ ?? "UTC",
};

const children: ChildProcess[] = [];

function start(name: string, command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code: number) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await delay(200);
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

async function waitFor(url: string, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(300);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function run(command: string, args: string[]) {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed`))));
  });
}

async function main() {
  if (!process.env.DATABASE_URL) {
    // With SQLite's write-ahead log and shared-memory files: a stale log must not meet a new database file.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${LOCAL_DATABASE_FILE}${suffix}`, { force: true });
  }
  await run(process.execPath, ["prisma/cli.mjs", "migrate", "deploy"]);

  start("simulator", process.execPath, ["--import", "tsx", "simulator/src/main.ts"]);
  start("app", process.execPath, [
    "node_modules/@remix-run/dev/dist/cli.js",
    "vite:dev",
    "--host",
    "127.0.0.1",
    "--port",
    String(APP_PORT),
    "--strictPort",
  ]);
  await waitFor(`${SIMULATOR_URL}/_sim/health`, "The simulator");
  await waitFor(`${APP_URL}/healthz`, "The app");

  console.log("Seeding the demo shops through the app (offers, checkouts, the charge engine)…");
  const seed = await seedDemoShops({
    simulatorUrl: SIMULATOR_URL,
    appUrl: APP_URL,
    tick: tickProcess(env),
    log: (line) => console.log(`  ${line}`),
  });
  const orders = seed.shops.reduce((n, shop) => n + shop.orders.length, 0);
  console.log(`Seeded ${orders} orders in ${(seed.ms / 1000).toFixed(1)} s.`);
  // Retries webhook deliveries whose processing failed and charges balances as they fall due, as in production.
  start("worker", process.execPath, ["--import", "tsx", "app/scheduler/worker.ts"]);

  console.log(`
  Local Shopify is running with two demo shops, and the app is installed on them.

    Admin (open this):   ${SIMULATOR_URL}/admin?shop=${DEMO_SHOPS.usd}
    Second shop (EUR):   ${SIMULATOR_URL}/admin?shop=${DEMO_SHOPS.eur}
    Storefront preview:  ${SIMULATOR_URL}/storefront/${DEMO_SHOPS.usd.replace(".myshopify.com", "")}
    App:                 ${APP_URL}
    Simulator API:       ${SIMULATOR_URL}/_sim (see simulator/README.md)

  Ctrl+C stops both.
`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
