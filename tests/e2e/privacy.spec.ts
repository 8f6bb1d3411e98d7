// A customer's data request, forwarded by (the local) Shopify as customers/data_request, is listed under Privacy
// requests; opening it shows what the app holds for that customer and downloads it as JSON.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";

test("lists a customer's data request and downloads what the app holds for them", async ({ page }) => {
  const email = `privacy-${Date.now()}@example.com`;
  const product = await sim.createProduct(shop, {
    title: "Privacy test mug",
    variants: [{ title: "Default Title", price: "12.00", inventoryQuantity: 5 }],
  });
  const order = await sim.checkout(shop, {
    lines: [{ variantId: product.variants[0].id, quantity: 1 }],
    customer: { email, firstName: "Grace", lastName: "Hopper" },
  });
  await sim.sendCompliance(shop, "customers/data_request", order.customerId!);
  await sim.drainWebhooks();

  // Home points the merchant to the request (Shopify gives them 30 days to answer it).
  await page.goto(`${simulatorUrl}${adminBase}`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByText(/asked for their data in the last 30 days/)).toBeVisible();
  await app.getByRole("link", { name: "Review requests" }).click();
  await expect(app.getByRole("heading", { name: "Privacy requests", level: 1 })).toBeVisible();
  // The app acknowledges the delivery first and processes it just after: look until it is ready.
  await expect(async () => {
    await page.reload();
    await expect(app.getByRole("row").filter({ hasText: email }).getByText("Ready")).toBeVisible({ timeout: 2_000 });
  }).toPass();
  const row = app.getByRole("row").filter({ hasText: email });
  await row.getByRole("link").click();

  const report = app.getByLabel("Data the app holds");
  await expect(report).toContainText('"customerId": "gid://shopify/Customer/');
  // A plain (not deferred) order: the app holds no order of this customer.
  await expect(report).toContainText('"deferredOrders": []');

  const download = page.waitForEvent("download");
  await app.getByRole("button", { name: "Download JSON" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^data-request-\d+\.json$/);
  const saved = JSON.parse(await readFile((await file.path())!, "utf8")) as { shop: string; deferredOrders: unknown[] };
  expect(saved).toMatchObject({ shop, deferredOrders: [] });
});
