// Every page of the app, checked with axe-core in Chromium: no serious or critical accessibility violation inside the
// embedded app (the simulator's own admin frame around it is not the app's). Screenshots of each page are artifacts.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";
import { dayAhead } from "./support/dates";
import { createOfferOn } from "./support/offers";

const stamp = Date.now().toString(36);
/** Filled in once an offer and an order exist: every page is checked with something on it. */
const ids = { offer: "", order: "", orderName: "" };

const PAGES: { name: string; path: () => string; heading: () => string }[] = [
  { name: "Home", path: () => "", heading: () => "Deferred purchase options" },
  { name: "Deferred orders", path: () => "/app/orders", heading: () => "Deferred orders" },
  { name: "Order", path: () => `/app/orders/${ids.order}`, heading: () => ids.orderName },
  { name: "Next charge run", path: () => "/app/charges-plan", heading: () => "Next charge run" },
  { name: "Offers", path: () => "/app/offers", heading: () => "Offers" },
  { name: "Offer", path: () => `/app/offers/${ids.offer}`, heading: () => `A11y pre-order ${stamp}` },
  { name: "Webhook deliveries", path: () => "/app/deliveries", heading: () => "Webhook deliveries" },
  { name: "Privacy requests", path: () => "/app/privacy", heading: () => "Privacy requests" },
];

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const { ianaTimezone } = await sim.shop(shop);
  const product = await sim.createProduct(shop, {
    title: `E2E a11y lamp ${stamp}`,
    variants: [{ price: "40.00", inventoryQuantity: 5 }],
  });
  const page = await browser.newPage();
  const planId = await createOfferOn(page, `A11y pre-order ${stamp}`, product.title, dayAhead(20, ianaTimezone).date);
  const offerFrame = page.frames().find((frame) => /\/app\/offers\/[^/]+$/.test(new URL(frame.url()).pathname))!;
  ids.offer = new URL(offerFrame.url()).pathname.split("/").pop()!;
  await page.close();
  const order = await sim.checkout(shop, {
    lines: [{ variantId: product.variants[0]!.id, quantity: 1, sellingPlanId: planId }],
    customer: { email: `a11y-${stamp}@example.com`, firstName: "Alan", lastName: "Turing" },
  });
  ids.order = order.id.split("/").pop()!;
  ids.orderName = order.name;
  await sim.drainWebhooks();
});

for (const { name, path, heading } of PAGES) {
  test(`${name}: no serious or critical accessibility violation`, async ({ page }, testInfo) => {
    const app = page.frameLocator("#app-iframe");
    // The order is taken in by its webhooks after they are acknowledged: load until its page exists.
    await expect(async () => {
      await page.goto(`${simulatorUrl}${adminBase}${path()}`);
      await expect(app.getByRole("heading", { name: heading(), level: 1 })).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const inApp = results.violations
      .map((violation) => ({
        ...violation,
        nodes: violation.nodes.filter((node) => String(node.target[0]) === "#app-iframe"),
      }))
      .filter((violation) => violation.nodes.length > 0 && ["serious", "critical"].includes(violation.impact ?? ""));
    const file = testInfo.outputPath(`page-${name.toLowerCase().replace(/\s+/g, "-")}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(name, { path: file, contentType: "image/png" });
    expect(
      inApp.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      })),
    ).toEqual([]);
  });
}
