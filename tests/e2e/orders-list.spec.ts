// The deferred orders list with 200 orders on one offer: searched, paged through 50 at a time, sorted, a saved view
// reloaded from its URL, two orders sent a payment reminder in bulk (it reaches the simulated Shopify), and the CSV of
// the filtered view holding exactly its rows. Screenshots of each state are written as artifacts.
import { readFile } from "node:fs/promises";
import { expect, test, type FrameLocator, type Locator, type Page, type TestInfo } from "@playwright/test";
import type { OrderJson } from "../../simulator/client";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";
import { dayAhead } from "./support/dates";
import { createOfferOn } from "./support/offers";

const ORDERS = 200;
const stamp = Date.now().toString(36);
const placed: OrderJson[] = [];
let zed: OrderJson;

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Opens the list at `search` (a view's query string) and waits for it to show `rows` orders in all. */
async function openList(page: Page, search: string, total?: number): Promise<FrameLocator> {
  const app = page.frameLocator("#app-iframe");
  await expect(async () => {
    await page.goto(`${simulatorUrl}${adminBase}/app/orders${search ? `?${search}` : ""}`);
    await expect(app.getByRole("heading", { name: "Deferred orders", level: 1 })).toBeVisible();
    if (total !== undefined) await expect(app.getByText(`${total} orders`)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000 });
  return app;
}

const orderLinks = (app: FrameLocator) => app.getByRole("row").getByRole("link");

test.describe.configure({ mode: "serial" });

let restoreRate: number;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const { ianaTimezone, restoreRate: rate } = await sim.shop(shop);
  // The app reads each new order from the Admin API: with the shop's own bucket, 200 orders take minutes to take in.
  restoreRate = rate;
  await sim.updateShop(shop, { restoreRate: 100_000 });
  const product = await sim.createProduct(shop, {
    title: `E2E list lamp ${stamp}`,
    variants: [{ price: "40.00", inventoryQuantity: ORDERS * 3 + 10 }],
  });
  const page = await browser.newPage();
  const planId = await createOfferOn(page, `List pre-order ${stamp}`, product.title, dayAhead(3, ianaTimezone).date);
  await page.close();
  for (let index = 0; index < ORDERS; index += 1) {
    const special = index === 137;
    const order = await sim.checkout(shop, {
      lines: [{ variantId: product.variants[0]!.id, quantity: (index % 3) + 1, sellingPlanId: planId }],
      customer: special
        ? { email: `zed-${stamp}@example.com`, firstName: "Zed", lastName: "Quinn" }
        : { email: `c${index}-${stamp}@example.com`, firstName: "Customer", lastName: `${index}` },
    });
    placed.push(order);
    if (special) zed = order;
  }
  await sim.drainWebhooks();
});

test.afterAll(async () => {
  await sim.updateShop(shop, { restoreRate });
});

test("searches, pages through 200 orders 50 at a time, and sorts them", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openList(page, `q=${stamp}`, ORDERS);
  await expect(app.getByRole("textbox", { name: /Search/ })).toHaveValue(stamp);
  await screenshot(page, testInfo, "orders-list-search");

  // Four pages of 50, every order once.
  const seen: string[] = [];
  for (let pageNumber = 1; pageNumber <= 4; pageNumber += 1) {
    await expect(orderLinks(app)).toHaveCount(50);
    seen.push(...(await orderLinks(app).allInnerTexts()));
    const next = app.getByRole("button", { name: "Next" });
    if (pageNumber < 4) {
      await next.click();
      await expect(page).toHaveURL(/after=/);
      await expect(orderLinks(app).first()).not.toHaveText(seen.at(-50)!);
    } else {
      await expect(next).toBeDisabled();
    }
  }
  expect(new Set(seen)).toEqual(new Set(placed.map((order) => order.name)));
  // And back.
  await app.getByRole("button", { name: "Previous" }).click();
  await expect(orderLinks(app).first()).toHaveText(seen[100]!);

  // Highest balance first: three lamps ($90 owed) lead.
  await openList(page, `q=${stamp}&sort=balance-desc`, ORDERS);
  const firstRow = app
    .getByRole("row")
    .filter({ has: app.getByRole("link") })
    .first();
  await expect(firstRow).toContainText("$90.00");
  await openList(page, `q=${stamp}&sort=balance-asc`, ORDERS);
  await expect(firstRow).toContainText("$30.00");

  // The search box finds one customer by name, as typed.
  // (Typed before React has hydrated the page, the text is not seen: type until the list follows.)
  const search = app.getByRole("textbox", { name: /Search/ });
  await expect(async () => {
    await search.fill("");
    await search.fill("zed quinn");
    await expect(page).toHaveURL(/q=zed\+quinn/, { timeout: 2_000 });
  }).toPass();
  await expect(orderLinks(app)).toHaveCount(1);
  await expect(orderLinks(app).first()).toHaveText(zed.name);
});

test("a saved view reloads from its URL, with a search inside it", async ({ page }, testInfo) => {
  const app = await openList(page, "");
  await expect(async () => {
    await app.getByRole("tab", { name: "Due this week" }).click();
    await expect(page).toHaveURL(/status=open&dueFrom=\d{4}-\d{2}-\d{2}&dueTo=\d{4}-\d{2}-\d{2}/, { timeout: 2_000 });
  }).toPass();
  await expect(app.getByRole("tab", { name: "Due this week" })).toHaveAttribute("aria-selected", "true");
  await app.getByRole("button", { name: /Search and filter/ }).click();
  const search = app.getByRole("textbox", { name: /Search/ });
  await expect(async () => {
    await search.fill("");
    await search.fill(`zed-${stamp}`);
    await expect(page).toHaveURL(/q=zed-/, { timeout: 2_000 });
  }).toPass();
  await expect(orderLinks(app)).toHaveCount(1);
  const url = page.url();
  await page.goto(url);
  // The view's filters and the search come back with it.
  await expect(app.getByRole("textbox", { name: /Search/ })).toHaveValue(`zed-${stamp}`);
  await expect(app.getByText("Status: Balance due")).toBeVisible();
  await expect(app.getByText(/^Due from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/)).toBeVisible();
  await expect(orderLinks(app)).toHaveText([zed.name]);
  await screenshot(page, testInfo, "orders-list-saved-view");
  // Leaving the search shows the view's tab, still selected.
  await expect(async () => {
    await app.getByRole("button", { name: "Cancel" }).click({ timeout: 2_000 });
    await expect(app.getByRole("tab", { name: "Due this week" })).toHaveAttribute("aria-selected", "true", {
      timeout: 2_000,
    });
  }).toPass();
  await expect(page).not.toHaveURL(/q=/);
  // Overdue: none of these orders is (they are due in three days).
  await app.getByRole("tab", { name: "Overdue" }).click();
  await expect(page).toHaveURL(/status=overdue/);
  await expect(app.getByRole("row").getByRole("link", { name: zed.name })).toHaveCount(0);
});

test("sends a payment reminder for two selected orders, and it reaches Shopify", async ({ page }, testInfo) => {
  const app = await openList(page, `q=${stamp}&sort=ordered-asc`, ORDERS);
  const [first, second] = (await orderLinks(app).allInnerTexts())
    .slice(0, 2)
    .map((name) => placed.find((order) => order.name === name)!);
  const before = (await sim.reminders(shop)).length;
  await expect(async () => {
    for (const order of [first!, second!]) {
      const row = app.getByRole("row").filter({ has: app.getByRole("link", { name: order.name, exact: true }) });
      await row.getByRole("checkbox").check({ timeout: 2_000 });
    }
    await app.getByRole("button", { name: "Send payment reminder" }).click({ timeout: 2_000 });
  }).toPass();
  await expect(app.getByText("Email a payment reminder for 2 orders?")).toBeVisible();
  await app.getByRole("button", { name: "Send reminders" }).click();
  await expect(app.getByText(/^Payment reminder: 2 orders/)).toBeVisible();
  const sent = (await sim.reminders(shop)).slice(before).map((reminder) => reminder.orderId);
  expect(sent.sort()).toEqual([first!.id, second!.id].sort());
  await screenshot(page, testInfo, "orders-list-bulk-reminder");
});

/** Presses Tab until `target` has focus (at most `limit` times); true if it got there. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<boolean> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return true;
    await page.keyboard.press("Tab");
  }
  return false;
}

test("works from the keyboard: Tab reaches an order's link, Enter opens it, a confirmation takes focus and gives it back", async ({
  page,
}) => {
  const app = await openList(page, `q=${stamp}&sort=ordered-asc`, ORDERS);
  const link = orderLinks(app).first();
  const name = await link.innerText();
  await app.getByPlaceholder("Search by order, customer name or email").focus();
  expect(await tabTo(page, link)).toBe(true);
  await page.keyboard.press("Enter");
  await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible();

  // The reminder's button is reached with Tab; Enter asks to confirm, and focus moves to the question.
  const remind = app.getByRole("button", { name: "Send payment reminder" });
  await expect(remind).toBeVisible();
  expect(await tabTo(page, remind)).toBe(true);
  await page.keyboard.press("Enter");
  const question = app.getByText("Email the customer a payment reminder?");
  await expect(question).toBeVisible();
  await expect(app.locator(":focus")).toContainText("Email the customer a payment reminder?");
  // Cancel, from the keyboard, puts focus back on the button that asked.
  expect(await tabTo(page, app.getByRole("button", { name: "Cancel" }), 5)).toBe(true);
  await page.keyboard.press("Enter");
  await expect(question).toBeHidden();
  await expect(remind).toBeFocused();
});

test("exports the selected orders as CSV: exactly those", async ({ page }) => {
  const app = await openList(page, `q=${stamp}&sort=ordered-asc`, ORDERS);
  const names = (await orderLinks(app).allInnerTexts()).slice(2, 5);
  const download = page.waitForEvent("download", { timeout: 60_000 });
  await expect(async () => {
    for (const name of names) {
      const row = app.getByRole("row").filter({ has: app.getByRole("link", { name, exact: true }) });
      await row.getByRole("checkbox").check({ timeout: 2_000 });
    }
    const direct = app.getByRole("button", { name: "Export selected as CSV" });
    if (await direct.isVisible()) await direct.click({ timeout: 2_000 });
    else {
      await app.getByRole("button", { name: "More actions" }).click({ timeout: 2_000 });
      await app.getByRole("menuitem", { name: "Export selected as CSV" }).click({ timeout: 2_000 });
    }
  }).toPass();
  const file = await download;
  const text = (await readFile((await file.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = text.trim().split(/\r?\n/);
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(names);
});

test("exports the CSV of the filtered view: exactly its rows", async ({ page }) => {
  const app = await openList(page, `q=${stamp}&sort=ordered-asc`, ORDERS);
  // A click before hydration does nothing: click until the download starts (a quick export may show its busy state
  // for less time than a look at the button takes, so the download itself is what is waited for).
  let started = false;
  page.on("download", () => (started = true));
  const download = page.waitForEvent("download", { timeout: 60_000 });
  await expect(async () => {
    if (!started) await app.getByRole("button", { name: "Export CSV" }).click();
    await expect.poll(() => started, { timeout: 2_000 }).toBe(true);
  }).toPass();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^deferred-orders-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile((await file.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^Order,Order ID,Ordered,Customer,Email,/);
  const names = lines.slice(1).map((line) => line.split(",")[0]);
  expect(names).toHaveLength(ORDERS);
  expect(new Set(names)).toEqual(new Set(placed.map((order) => order.name)));
  expect(lines.find((line) => line.startsWith(`${zed.name},`))).toContain("Zed Quinn");
});

test("home shows what is owed and when, and each figure opens the orders behind it", async ({ page }, testInfo) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${simulatorUrl}${adminBase}/app`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "Balances in USD" })).toBeVisible();
  // These 200 orders are due in three days: $30, $60 or $90 each.
  const due7 = app.getByText("Due in the next 7 days").locator("xpath=..");
  await expect(due7).toContainText(/\$[\d,]+\.\d{2}/);
  const dueChart = app.getByRole("figure", { name: "Due by week, next 12 weeks" });
  await expect(dueChart).toBeVisible();
  await expect(dueChart.locator("svg").first()).toBeVisible();
  // Each of the 12 weeks is named on the chart's axis ("Dec 7"), not only in the table screen readers get.
  await expect(dueChart.locator("svg text").filter({ hasText: /^[A-Z][a-z]{2} \d{1,2}$/ })).toHaveCount(12);
  await screenshot(page, testInfo, "home-dashboard");
  await expect(async () => {
    await app.getByRole("link", { name: "Due in the next 7 days: view orders" }).click({ timeout: 2_000 });
    await expect(page).toHaveURL(/app\/orders\?status=open&currency=USD&dueFrom=/, { timeout: 2_000 });
  }).toPass();
  await expect(app.getByRole("heading", { name: "Deferred orders", level: 1 })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("a declined charge shows Shopify's reason on the order page, and the list flags nothing yet", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const order = placed.find((candidate) => candidate !== zed && candidate.name !== placed[0]!.name)!;
  await sim.scriptFaults(shop, [{ kind: "decline", reason: "insufficient_funds" }], order.id);
  await page.goto(`${simulatorUrl}${adminBase}/app/orders/${order.id.split("/").pop()}`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: order.name, level: 1 })).toBeVisible();
  await expect(async () => {
    await app.getByRole("button", { name: "Charge now" }).click({ timeout: 2_000 });
    await expect(app.getByText(/^Charge \$[\d.]+ now\?$/)).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await app.getByRole("button", { name: /^Charge \$[\d.]+$/ }).click();
  // The page follows the attempt to its outcome: declined, with the gateway's words.
  const attempts = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Idempotency key" }) });
  const declined = attempts.getByRole("row").filter({ hasText: "Declined" });
  await expect(declined).toBeVisible({ timeout: 45_000 });
  await expect(declined).toContainText("Your card has insufficient funds.");
  expect((await sim.paymentAttempts(shop, order.id)).filter((payment) => payment.charged)).toEqual([]);
  await screenshot(page, testInfo, "order-declined");
});

test("charges a selected balance now from the list, once, as the payments ledger shows", async ({ page }) => {
  test.setTimeout(90_000);
  const app = await openList(page, `q=zed-${stamp}`);
  const row = app.getByRole("row").filter({ has: app.getByRole("link", { name: zed.name, exact: true }) });
  await expect(app.getByText("1 order", { exact: true })).toBeVisible();
  await expect(async () => {
    await row.getByRole("checkbox").check({ timeout: 2_000 });
    await app.getByRole("button", { name: "Charge now" }).click({ timeout: 2_000 });
    await expect(app.getByText("Charge the balance of 1 order now?")).toBeVisible({ timeout: 2_000 });
  }).toPass();
  expect(await sim.paymentAttempts(shop, zed.id)).toEqual([]);
  // The confirmation's button (the bulk action bar's own "Charge now" follows it).
  await app.getByRole("button", { name: "Charge now" }).first().click();
  await expect(app.getByText(`Charge now: 1 order (${zed.name})`)).toBeVisible();
  // Three lamps on a 25% deposit: $90.00 owed, charged once by the app in the background.
  await expect(async () => {
    const charged = (await sim.paymentAttempts(shop, zed.id)).filter((payment) => payment.charged);
    expect(charged.map((payment) => payment.amount)).toEqual(["90.00"]);
  }).toPass({ timeout: 45_000 });
  expect(await sim.paymentAttempts(shop, zed.id)).toHaveLength(1);
});
