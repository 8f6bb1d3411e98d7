// The first-run demo, as a new merchant meets it: runs the seed `npm run local` runs (simulator/demo-seed.ts: offers
// made by the app, orders from the simulator's checkout, balances charged by the app's engine), then opens every page
// of the app and the storefront preview and finds offers and orders in every state. Screenshots are artifacts
// (test-results/e2e/demo-*.png).
import { expect, test, type FrameLocator, type Page, type TestInfo } from "@playwright/test";
import {
  DEMO_SHOPS,
  DEMO_STATES,
  callApp,
  seedDemoShops,
  tickProcess,
  type DemoSeedResult,
  type SeededOrder,
} from "../../simulator/demo-seed";
import { sim, simulatorUrl } from "./support/app";

const appUrl = process.env.E2E_APP_URL!;
const target = { simulatorUrl, appUrl };
const adminOf = (shop: string) => `/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/deferred-purchase-options`;
const numericId = (gid: string) => gid.split("/").pop()!;

/** The app's environment as playwright.config.ts starts it, for the seed's ticks of the app's scheduled work. */
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "e2e-api-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "e2e-api-secret",
  SHOPIFY_APP_URL: appUrl,
  SHOPIFY_LOCAL_SIMULATOR_URL: simulatorUrl,
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./prisma/e2e.sqlite",
  TZ: "UTC",
};

let seed: DemoSeedResult;
const usd = () => seed.shops.find((shop) => shop.shop === DEMO_SHOPS.usd)!;
const eur = () => seed.shops.find((shop) => shop.shop === DEMO_SHOPS.eur)!;

test.describe.configure({ mode: "serial" });
// Tall enough for the embedded app's whole page in the screenshots (the iframe does not grow with its content).
// Reduced motion: the charts are drawn at once (polaris-viz animates its bars otherwise, and a screenshot would catch
// them growing).
test.use({ viewport: { width: 1280, height: 1800 }, reducedMotion: "reduce" });

test.beforeAll(async () => {
  test.setTimeout(360_000);
  seed = await seedDemoShops({ ...target, tick: tickProcess(appEnv), log: (line) => console.log(`[demo] ${line}`) });
  console.log(`[demo] seed took ${(seed.ms / 1000).toFixed(1)} s, ${seed.ticks} ticks of the app's scheduled work`);
});

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`demo-${name}.png`), fullPage: true });
  await testInfo.attach(`demo-${name}`, { path: testInfo.outputPath(`demo-${name}.png`), contentType: "image/png" });
}

/** Opens an app page in the shop's admin until its heading shows (the first load may bounce for a session token). */
async function openApp(page: Page, shop: string, path: string, heading: string | RegExp): Promise<FrameLocator> {
  const app = page.frameLocator("#app-iframe");
  await expect(async () => {
    await page.goto(`${simulatorUrl}${adminOf(shop)}${path}`);
    await expect(app.getByRole("heading", { name: heading, level: 1 })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await page.waitForLoadState("networkidle");
  return app;
}

test("the seed covers every state, in two currencies, with offers made by the app", () => {
  const states = new Set(seed.shops.flatMap((shop) => shop.orders.map((order) => order.state)));
  expect([...states].sort()).toEqual([...DEMO_STATES].sort());
  expect(new Set(seed.shops.map((shop) => shop.currency))).toEqual(new Set(["USD", "EUR"]));
  for (const shop of seed.shops) {
    expect(shop.offers.map((offer) => offer.kind).sort()).toEqual(["PRE_ORDER", "PRE_ORDER", "TRY_BEFORE_YOU_BUY"]);
  }
});

test("the collected and failed balances were charged through Shopify by the app's engine", async () => {
  for (const shop of seed.shops) {
    const attempts = await sim.paymentAttempts(shop.shop);
    for (const order of shop.orders.filter((o) => o.state === "collected")) {
      const made = attempts.filter((attempt) => attempt.orderId === order.id);
      expect(
        made.map((attempt) => attempt.status),
        `${shop.shop} ${order.name}`,
      ).toEqual(["SUCCESS"]);
      // The app's deterministic keys (docs/decisions/0009-charge-engine.md), not the simulator's.
      expect(made[0]!.idempotencyKey).toMatch(/^bal-[0-9a-f]{24}-a001$/);
    }
    for (const order of shop.orders.filter((o) => o.state === "failed")) {
      const made = attempts.filter((attempt) => attempt.orderId === order.id);
      expect(
        made.map((attempt) => attempt.status),
        `${shop.shop} ${order.name}`,
      ).toEqual(["ERROR", "ERROR"]);
      expect(made.map((attempt) => attempt.idempotencyKey.slice(-4))).toEqual(["a001", "a002"]);
    }
  }
});

const PAGES = [
  { name: "home", path: "/app", heading: /.+/ },
  { name: "orders", path: "/app/orders", heading: "Deferred orders" },
  { name: "charges-plan", path: "/app/charges-plan", heading: "Next charge run" },
  { name: "offers", path: "/app/offers", heading: "Offers" },
  { name: "deliveries", path: "/app/deliveries", heading: "Webhook deliveries" },
  { name: "privacy", path: "/app/privacy", heading: "Privacy requests" },
];

for (const { name, path, heading } of PAGES) {
  test(`every page of the app opens on the demo shop: ${name}`, async ({ page }, testInfo) => {
    await openApp(page, DEMO_SHOPS.usd, path, heading);
    await shoot(page, testInfo, name);
  });
}

test("the offers page lists the offers the app made, and each offer page links to the storefront preview", async ({
  page,
}, testInfo) => {
  const app = await openApp(page, DEMO_SHOPS.usd, "/app/offers", "Offers");
  for (const offer of usd().offers) await expect(app.getByText(offer.name, { exact: true }).first()).toBeVisible();
  for (const offer of usd().offers) {
    const detail = await openApp(page, DEMO_SHOPS.usd, `/app/offers/${offer.id}`, offer.name);
    for (const product of offer.products) {
      await expect(detail.getByRole("link", { name: `Preview ${product}` })).toHaveAttribute(
        "href",
        new RegExp(`^${simulatorUrl}/storefront/demo/product-id/\\d+$`),
      );
    }
    await shoot(page, testInfo, `offer-${offer.kind.toLowerCase()}-${offer.products.length}`);
  }
});

/**
 * What the order page shows for each state: the charge card's badge (its text ends with the status word; Polaris
 * puts the tone, visually hidden, before it), and more where the state has more to say.
 */
const EXPECTED: Record<SeededOrder["state"], { charge: RegExp }> = {
  depositPaid: { charge: /(Scheduled|Waiting)$/ },
  dueSoon: { charge: /Scheduled$/ },
  overdue: { charge: /Scheduled$/ },
  collected: { charge: /Collected$/ },
  failed: { charge: /Failed$/ },
  cancelled: { charge: /Not charged$/ },
  returned: { charge: /Not charged$/ },
  dueOnFulfillment: { charge: /Waiting$/ },
  inTrial: { charge: /Scheduled$/ },
};

test("the orders list shows the seeded orders in the saved views: due this week, overdue, needs attention", async ({
  page,
}, testInfo) => {
  const app = await openApp(page, DEMO_SHOPS.usd, "/app/orders", "Deferred orders");
  for (const order of usd().orders) {
    await expect(app.getByRole("link", { name: order.name, exact: true })).toBeVisible();
  }
  const inView = async (tab: string, states: SeededOrder["state"][], absent: SeededOrder["state"][]) => {
    await app.getByRole("tab", { name: tab }).click();
    for (const order of usd().orders.filter((o) => states.includes(o.state))) {
      await expect(app.getByRole("link", { name: order.name, exact: true }), `${tab}: ${order.name}`).toBeVisible();
    }
    for (const order of usd().orders.filter((o) => absent.includes(o.state))) {
      await expect(app.getByRole("link", { name: order.name, exact: true }), `${tab}: ${order.name}`).toHaveCount(0);
    }
    await shoot(page, testInfo, `orders-${tab.toLowerCase().replace(/\s+/g, "-")}`);
  };
  await inView("Due this week", ["dueSoon", "inTrial"], ["depositPaid", "collected", "dueOnFulfillment"]);
  await inView("Overdue", ["overdue", "failed"], ["dueSoon", "collected", "cancelled", "returned"]);
  await inView("Needs attention", ["failed"], ["dueSoon", "collected", "inTrial"]);
  await inView("Cancelled", ["cancelled"], ["collected", "dueSoon"]);
});

for (const state of DEMO_STATES) {
  test(`an order in the state "${state}" shows it on its page`, async ({ page }, testInfo) => {
    const shop = usd().orders.some((order) => order.state === state) ? usd() : eur();
    const order = shop.orders.find((candidate) => candidate.state === state)!;
    const app = await openApp(page, shop.shop, `/app/orders/${numericId(order.id)}`, order.name);
    const card = app
      .getByRole("heading", { name: "Balance charge" })
      .locator("xpath=ancestor::div[contains(@class,'Polaris-ShadowBevel')][1]");
    await expect(card.locator(".Polaris-Badge").first()).toHaveText(EXPECTED[state].charge);
    const attempts = await sim.paymentAttempts(shop.shop, order.id);
    if (state === "collected") await expect(card.getByText(/^Collected [$€]/)).toBeVisible();
    if (state === "failed" || state === "overdue") {
      // Shopify's reason, as the payment's error message, on the attempt the app recorded.
      const reason = attempts.at(-1)!.errorMessage!;
      expect(reason).toMatch(/card/);
      await expect(card.getByText(reason).first()).toBeVisible();
    }
    if (state === "failed") await expect(card.getByText("Needs attention")).toBeVisible();
    await shoot(page, testInfo, `order-${state}`);
  });
}

test("the second shop's orders and home are in euros", async ({ page }, testInfo) => {
  const app = await openApp(page, DEMO_SHOPS.eur, "/app/orders", "Deferred orders");
  for (const order of eur().orders)
    await expect(app.getByRole("link", { name: order.name, exact: true })).toBeVisible();
  await expect(app.getByText(/€/).first()).toBeVisible();
  await shoot(page, testInfo, "eur-orders");
  const home = await openApp(page, DEMO_SHOPS.eur, "/app", /.+/);
  await expect(home.getByText(/€/).first()).toBeVisible();
  await shoot(page, testInfo, "eur-home");
});

test("the storefront preview shows the block and badges from the app's metafields, follows an offer change, and checks out", async ({
  page,
}, testInfo) => {
  await page.goto(`${simulatorUrl}/storefront/demo`);
  const jacketCard = page.getByRole("listitem").filter({ hasText: "Alpine Down Jacket" });
  await expect(jacketCard.locator(".dpo-badge")).toHaveText("Pre-order");
  await expect(page.getByRole("listitem").filter({ hasText: "Trail Boots" }).locator(".dpo-badge")).toHaveText(
    "Try before you buy",
  );
  await expect(page.getByRole("listitem").filter({ hasText: "Merino Beanie" }).locator(".dpo-badge")).toHaveCount(0);
  await shoot(page, testInfo, "storefront-products");

  // The link the app's offer page gives.
  const jacketOffer = usd().offers.find((offer) => offer.products.includes("Alpine Down Jacket"))!;
  const app = await openApp(page, DEMO_SHOPS.usd, `/app/offers/${jacketOffer.id}`, jacketOffer.name);
  const href = await app.getByRole("link", { name: "Preview Alpine Down Jacket" }).getAttribute("href");
  await page.goto(href!);
  await expect(page.getByRole("heading", { name: "Alpine Down Jacket", level: 1 })).toBeVisible();
  const options = page.getByRole("group", { name: "Purchase options" });
  await expect(options.getByText("Pay $44.82 now, $179.28 when it ships")).toBeVisible();
  await expect(page.getByRole("button", { name: "Pre-order" })).toBeVisible();
  await shoot(page, testInfo, "storefront-jacket");

  // The merchant changes the offer in the app; a reload shows it.
  const loaded = await callApp(target, DEMO_SHOPS.usd, `/app/offers/${jacketOffer.id}.data`);
  const route = loaded.value?.["routes/app.offers.$id"] as { data: { offer: { input: Record<string, unknown> } } };
  const input = structuredClone(route.data.offer.input) as { plans: { description: string | null }[] };
  input.plans[0]!.description = "Reserve now with a 20% deposit; we charge the rest the day your jacket ships.";
  const saved = await callApp(target, DEMO_SHOPS.usd, `/app/offers/${jacketOffer.id}.data`, {
    intent: "save",
    offer: JSON.stringify(input),
  });
  expect(saved.status).toBe(200);
  await page.reload();
  await expect(options.getByText("we charge the rest the day your jacket ships")).toBeVisible();

  // Add to cart places a checkout in the simulator, which the app takes in by webhook.
  await page.getByRole("button", { name: "Pre-order" }).click();
  await expect(page.getByRole("heading", { name: /^Thank you/ })).toBeVisible();
  const name = (await page.locator("main strong").first().textContent())!;
  await expect(page.getByText("$44.82", { exact: true })).toBeVisible();
  await expect(page.getByText("$179.28 when the order ships")).toBeVisible();
  await shoot(page, testInfo, "storefront-order");
  await sim.drainWebhooks();
  const list = await openApp(page, DEMO_SHOPS.usd, "/app/orders", "Deferred orders");
  await expect(async () => {
    await page.reload();
    await expect(list.getByRole("link", { name, exact: true })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
});
