// What the merchant sees while a page loads and when it cannot load: the admin's loading bar during a navigation,
// and, when Shopify fails a read the page needs, a page in the app's frame that says so and loads on "Try again".
import { expect, test } from "@playwright/test";
import { adminBase, sim, simulatorUrl } from "./support/app";
import { installE2eShop } from "./support/shop";

test("shows the admin's loading bar while the next page's data loads", async ({ page }) => {
  await page.goto(`${simulatorUrl}${adminBase}`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { level: 1 }).first()).toBeVisible();
  const loadingBar = page.getByRole("progressbar", { name: "Loading" });
  await expect(loadingBar).toBeHidden();

  // The list's data answers slowly: the bar shows until it has arrived, then goes.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === "/app/orders.data",
    async (route) => {
      await held;
      await route.continue();
    },
  );
  const nav = page.getByRole("navigation", { name: "Admin navigation" });
  await nav.getByRole("link", { name: "Deferred orders", exact: true }).click();
  await expect(loadingBar).toBeVisible();
  release();
  await expect(app.getByRole("heading", { name: "Deferred orders", level: 1 })).toBeVisible();
  await expect(loadingBar).toBeHidden();
});

test("when Shopify fails a read the page needs, says so in the app's frame and loads on Try again", async ({
  page,
}, testInfo) => {
  // A shop the app has never read: its first page asks Shopify for the shop's currency and time zone.
  const outageShop = "e2e-outage.myshopify.com";
  await sim.createShop({ domain: outageShop, currencyCode: "CAD" });
  await sim.scriptAdminApiOutage(outageShop, { operation: "ShopIdentity", status: 503, count: 1000 });
  await installE2eShop(simulatorUrl, outageShop);

  await page.goto(`${simulatorUrl}/store/e2e-outage/apps/deferred-purchase-options`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "This page couldn't load", level: 1 })).toBeVisible();
  await expect(app.getByText("Nothing was changed.")).toBeVisible();
  // Still the app, in the admin: its navigation is there.
  const nav = page.getByRole("navigation", { name: "Admin navigation" });
  await expect(nav.getByRole("link", { name: "Deferred orders", exact: true })).toBeVisible();
  const screenshotPath = testInfo.outputPath("page-error.png");
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await testInfo.attach("page-error", { path: screenshotPath, contentType: "image/png" });

  // Shopify recovers: Try again loads the page.
  await sim.clearAdminApiOutages(outageShop);
  await app.getByRole("button", { name: "Try again" }).click();
  await expect(app.getByRole("heading", { name: "This page couldn't load" })).toBeHidden();
  await expect(app.getByRole("heading", { level: 1 }).first()).toBeVisible();
});
