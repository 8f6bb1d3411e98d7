// Playwright: end-to-end tests in Debian's Chromium against the app and the local Shopify simulator (tests/e2e/README.md).
import { rmSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Ports of their own, so a running `npm run local` (8081 and 3000) does not collide with the test servers.
const simulatorPort = Number(process.env.E2E_SIMULATOR_PORT ?? 18081);
const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
// Same host as the simulator: Playwright's contexts are incognito, where Chromium blocks storage in cross-site
// iframes, and Remix's route discovery and scroll restoration need sessionStorage in the app's iframe.
const appUrl = (process.env.E2E_APP_URL ?? "http://127.0.0.1:13000").replace(/\/+$/, "");
const appPort = new URL(appUrl).port || "80";
// The built app (test:e2e builds first) on its own SQLite file, migrated before it starts.
const appCommand = process.env.E2E_APP_COMMAND ?? "npm run db:migrate && npm run start";
// E2E_SERVERS=off runs only the self-contained specs' servers (e.g. admin-frame.spec.ts) and skips the shop setup.
const withServers = process.env.E2E_SERVERS !== "off";
const reuseExistingServer = !process.env.CI && process.env.E2E_REUSE_SERVERS === "1";

/** What both programs must agree on; the simulator signs session tokens and webhooks with this secret. */
const shared = {
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "e2e-api-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "e2e-api-secret",
  SHOPIFY_APP_URL: appUrl,
  TZ: "UTC",
};

const e2eDatabaseUrl = process.env.E2E_DATABASE_URL ?? "file:./prisma/e2e.sqlite";
// The simulator starts empty, so the app's database does too (unless servers are reused between runs). Only the
// runner process clears it: workers load this file again while the app already has the database open.
const inRunner = process.env.TEST_WORKER_INDEX === undefined;
if (inRunner && withServers && !reuseExistingServer && e2eDatabaseUrl === "file:./prisma/e2e.sqlite") {
  // With its write-ahead log and shared-memory files: a stale log must not meet a new database file.
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`prisma/e2e.sqlite${suffix}`, { force: true });
}

// Read by tests/e2e/global-setup.ts and the specs.
process.env.E2E_SIMULATOR_URL = simulatorUrl;
process.env.E2E_APP_URL = appUrl;
process.env.E2E_SHOP ??= "e2e-shop.myshopify.com";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: withServers ? "**/*.spec.ts" : ["admin-frame.spec.ts", "storefront.spec.ts"],
  outputDir: "test-results/e2e",
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : [["list"]],
  globalSetup: withServers ? "./tests/e2e/global-setup.ts" : undefined,
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    // shopify-app-remix answers 410 to bots, and isbot counts "HeadlessChrome" as one.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    screenshot: "only-on-failure",
    launchOptions: {
      // Playwright cannot download its browsers here; Debian's chromium is installed by .ci/run (apt-get install chromium).
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: withServers
    ? [
        {
          command: "npx tsx simulator/src/main.ts",
          // Served by the admin frame module as soon as the simulator listens.
          url: `${simulatorUrl}/app-bridge.js`,
          env: { ...shared, SIMULATOR_PORT: String(simulatorPort) },
          reuseExistingServer,
          timeout: 60_000,
          stderr: "pipe",
        },
        {
          command: appCommand,
          url: `${appUrl}/healthz`,
          env: {
            ...shared,
            PORT: appPort,
            NODE_ENV: "production",
            DATABASE_URL: e2eDatabaseUrl,
            // Local seams (README, "Local seams"): the simulator is the Admin API, frames the app and provides App Bridge.
            SHOPIFY_LOCAL_SIMULATOR_URL: simulatorUrl,
            // Read by shopify-app-remix's node adapter for its own bounce/exit-iframe pages. It must be in the
            // environment before the server bundle loads: the bundle evaluates node_modules imports first.
            APP_BRIDGE_URL: `${simulatorUrl}/app-bridge.js`,
          },
          reuseExistingServer,
          timeout: 180_000,
          stderr: "pipe",
        },
      ]
    : undefined,
});
