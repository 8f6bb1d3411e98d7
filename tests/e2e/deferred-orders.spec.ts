// Deferred orders through the embedded UI: an order bought on a pre-order offer (created in the app) is listed with its
// deposit, balance and due date in the shop's time zone; its due date is moved later at once, earlier only after the
// merchant confirms (nothing changes in Shopify before), a past date is refused on the field, and every change is in
// the history. "Find existing orders" searches the shop's orders and says what it found. A staff action while the app's
// payment is in flight says that it waits, and what happens when the payment ends.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import type { OrderJson } from "../../simulator/client";
import { dayAhead } from "./support/dates";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";
import { createOfferOn } from "./support/offers";

/** A day ahead as the date field takes it, the instant the app stores, and the words it shows ("Mar 1, 2027"). */
function dueDay(days: number, timeZone: string) {
  const { date, startOfDay } = dayAhead(days, timeZone);
  const words = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone }).format(startOfDay);
  return { date, instant: startOfDay.toISOString(), words };
}

/** The open schedule's due date as the simulated Shopify holds it. */
async function shopifyDueAt(orderId: string): Promise<string | null> {
  const order = await sim.order(shop, orderId);
  const schedule = order.paymentTerms?.paymentSchedules.find((candidate) => !candidate.completedAt);
  return schedule?.dueAt ? new Date(schedule.dueAt).toISOString() : null;
}

/** Opens the deferred orders list, reloading until the app has taken in `orderName` (webhooks are processed after their acknowledgement). */
async function openOrdersListWith(page: Page, orderName: string): Promise<FrameLocator> {
  const app = page.frameLocator("#app-iframe");
  const row = app.getByRole("row").filter({ has: app.getByRole("link", { name: orderName, exact: true }) });
  await expect(async () => {
    await page.goto(`${simulatorUrl}${adminBase}/app/orders`);
    await expect(app.getByRole("heading", { name: "Deferred orders", level: 1 })).toBeVisible();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return app;
}

test.describe.configure({ mode: "serial" });

let placed: OrderJson | null = null;
/** The lamp and the offer's plan the first test made, for tests that place orders of their own. */
let lamp: { variantId: string; planId: string } | null = null;

test("lists an order bought on an offer, and moves its due date later, earlier only once confirmed, never to today", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { ianaTimezone: timeZone } = await sim.shop(shop);
  const stamp = Date.now();
  const balance = dueDay(60, timeZone);
  const later = dueDay(75, timeZone);
  const earlier = dueDay(45, timeZone);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());

  const product = await sim.createProduct(shop, {
    title: `E2E deferred lamp ${stamp}`,
    variants: [{ price: "40.00", inventoryQuantity: 5 }],
  });
  const planId = await createOfferOn(page, `Lamp pre-order ${stamp}`, product.title, balance.date);
  // Errors of the deferred orders pages from here on (the offer pages are offers.spec.ts's business).
  const appErrors: string[] = [];
  page.on("pageerror", (error) => appErrors.push(error.message));
  const order = await sim.checkout(shop, {
    lines: [{ variantId: product.variants[0]!.id, quantity: 1, sellingPlanId: planId }],
    customer: { email: `lamp-${stamp}@example.com`, firstName: "Ada", lastName: "Lovelace" },
  });
  placed = order;
  lamp = { variantId: product.variants[0]!.id, planId };
  expect(await shopifyDueAt(order.id)).toBe(balance.instant);
  await sim.drainWebhooks();

  // Listed with what was paid, what is owed and when, the day read in the shop's time zone.
  const app = await openOrdersListWith(page, order.name);
  const row = app.getByRole("row").filter({ has: app.getByRole("link", { name: order.name, exact: true }) });
  for (const text of ["Ada Lovelace", "Pre-order", "Balance due", "$10.00", "$30.00", balance.words]) {
    await expect(row).toContainText(text);
  }
  await app.getByRole("tab", { name: "Paid" }).click();
  await expect(row).toHaveCount(0);
  await app.getByRole("tab", { name: "Open" }).click();
  await expect(page).toHaveURL(/status=open/);
  await expect(row).toBeVisible();

  await row.getByRole("link", { name: order.name, exact: true }).click();
  await expect(app.getByRole("heading", { name: order.name, level: 1 })).toBeVisible();
  await expect(app.getByText("No saved payment method")).toHaveCount(0);
  const dueDate = app.getByLabel("New due date");
  const note = app.getByLabel("Note (optional)");
  await expect(dueDate).toHaveValue(balance.date);

  // Later: applied at once, in Shopify too, at the same time of day (the start of the day in the shop's zone).
  await dueDate.fill(later.date);
  await note.fill("Supplier delay");
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Due date moved to ${later.words}` })).toBeVisible();
  await expect(dueDate).toHaveValue(later.date);
  await expect(note).toHaveValue("");
  expect(await shopifyDueAt(order.id)).toBe(later.instant);
  const history = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Note" }) });
  const laterChange = history.getByRole("row").filter({ hasText: "Supplier delay" });
  await expect(laterChange).toContainText(`${balance.words} → ${later.words}`);
  await expect(laterChange).toContainText("Applied");
  await expect(laterChange).not.toContainText("Earlier");

  // Earlier: the app asks first and Shopify is not touched; the date and note typed are kept for the answer.
  await dueDate.fill(earlier.date);
  await note.fill("Stock arrived early");
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    app.getByText(`This charges the customer earlier than they agreed (from ${later.words} to ${earlier.words}).`),
  ).toBeVisible();
  expect(await shopifyDueAt(order.id)).toBe(later.instant);
  await expect(dueDate).toHaveValue(earlier.date);
  await expect(note).toHaveValue("Stock arrived early");
  const move = app.getByRole("button", { name: "Move the due date earlier" });
  await expect(move).toBeDisabled();
  await app.getByLabel("I understand; charge on the earlier date").check();
  await move.click();
  await expect(page.getByRole("status").filter({ hasText: `Due date moved to ${earlier.words}` })).toBeVisible();
  expect(await shopifyDueAt(order.id)).toBe(earlier.instant);
  const earlierChange = history.getByRole("row").filter({ hasText: "Stock arrived early" });
  await expect(earlierChange).toContainText(`${later.words} → ${earlier.words}`);
  await expect(earlierChange).toContainText("Earlier (confirmed)");
  const changes = history.getByRole("row").filter({ hasText: "→" });
  await expect(changes).toHaveCount(2);

  // Today is refused on the field, and nothing changes.
  await dueDate.fill(today);
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await expect(app.getByText("Choose a date after today")).toBeVisible();
  await expect(dueDate).toHaveAttribute("aria-invalid", "true");
  expect(await shopifyDueAt(order.id)).toBe(earlier.instant);
  await expect(changes).toHaveCount(2);

  // The list follows: the new due date is shown there too.
  await openOrdersListWith(page, order.name);
  await expect(row).toContainText(earlier.words);
  expect(appErrors).toEqual([]);
});

test("charges the balance now once confirmed: the status follows without a reload and the ledger shows the attempt", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  expect(placed, "the first test places the order").not.toBeNull();
  const order = placed!;
  const app = await openOrdersListWith(page, order.name);
  await app.getByRole("link", { name: order.name, exact: true }).first().click();
  await expect(app.getByRole("heading", { name: order.name, level: 1 })).toBeVisible();
  const card = app
    .getByRole("heading", { name: "Balance charge" })
    .locator("xpath=ancestor::div[contains(@class,'Polaris-ShadowBevel')][1]");
  await expect(card.getByText("Scheduled", { exact: true })).toBeVisible();

  // Asked first: nothing is charged before the merchant confirms.
  await expect(async () => {
    await app.getByRole("button", { name: "Charge now" }).click();
    await expect(app.getByText("Charge $30.00 now?")).toBeVisible({ timeout: 2_000 });
  }).toPass();
  expect(await sim.paymentAttempts(shop, order.id)).toEqual([]);
  await app.getByRole("button", { name: "Charge $30.00" }).click();

  // The page follows the charge to its outcome by itself.
  await expect(card.getByText("Collected", { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(card.getByText("Collected $30.00.")).toBeVisible();
  const attempts = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Idempotency key" }) });
  await expect(attempts.getByRole("row").filter({ hasText: "Succeeded" })).toContainText(/bal-[0-9a-f]{24}-a001/);
  await expect(attempts).toContainText("Staff");
  const payments = await sim.paymentAttempts(shop, order.id);
  expect(payments.filter((payment) => payment.charged).map((payment) => payment.amount)).toEqual(["30.00"]);

  const screenshotPath = testInfo.outputPath("order-charged.png");
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await testInfo.attach("order-charged", { path: screenshotPath, contentType: "image/png" });
});

test("a payment in flight: Stop collecting says it waits and what then happens, and a decline then ends collection", async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(lamp, "the first test makes the offer").not.toBeNull();
  const order = await sim.checkout(shop, {
    lines: [{ variantId: lamp!.variantId, quantity: 1, sellingPlanId: lamp!.planId }],
  });
  // Its payment will stay pending until the test resolves it.
  await sim.scriptFaults(shop, [{ kind: "pending" }], order.id);
  await sim.drainWebhooks();
  const app = await openOrdersListWith(page, order.name);
  await app.getByRole("link", { name: order.name, exact: true }).first().click();
  await expect(app.getByRole("heading", { name: order.name, level: 1 })).toBeVisible();
  const card = app
    .getByRole("heading", { name: "Balance charge" })
    .locator("xpath=ancestor::div[contains(@class,'Polaris-ShadowBevel')][1]");
  await expect(async () => {
    await app.getByRole("button", { name: "Charge now" }).click({ timeout: 2_000 });
    await expect(app.getByText("Charge $30.00 now?")).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await app.getByRole("button", { name: "Charge $30.00" }).click();
  await expect(card.getByText("Charging", { exact: true })).toBeVisible({ timeout: 30_000 });
  // Charge now is not offered while the payment is in flight; Stop collecting is, and says what it will do.
  await expect(app.getByRole("button", { name: "Charge now" })).toHaveCount(0);
  await app.getByRole("button", { name: "Stop collecting" }).click();
  await expect(
    app.getByText(/A payment by the app is in flight: if it goes through, the balance is paid/),
  ).toBeVisible();
  await app.getByRole("button", { name: "Stop collecting" }).last().click();
  await expect(
    app.getByText(
      "A payment of $30.00 (attempt 1) is being processed. If it goes through, the balance is paid; if it does not, the app stops collecting and tries nothing more.",
    ),
  ).toBeVisible();
  await expect(
    card.getByText(/^Stop collecting, asked by staff \d+ .*: waits for the payment in flight to end$/),
  ).toBeVisible();

  // The bank declines it: collection stops, and no second payment is ever made.
  const [payment] = await sim.paymentAttempts(shop, order.id);
  await sim.resolvePayment(shop, payment!.paymentReferenceId, { kind: "decline", reason: "card_declined" });
  await expect(card.getByText("Not charged", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText(/waits for the payment in flight to end/)).toHaveCount(0);
  const payments = await sim.paymentAttempts(shop, order.id);
  expect(payments).toHaveLength(1);
  expect(payments[0]!.chargedAmount).toBe("0.00");
});

test("finds existing orders on request and says what the search found", async ({ page }) => {
  await page.goto(`${simulatorUrl}${adminBase}/app/orders`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "Deferred orders", level: 1 })).toBeVisible();
  const finished = app.getByText("Search finished");
  const find = app.getByRole("button", { name: "Find existing orders" }).first();
  // A click before hydration does nothing: click until the search has started and ended.
  await expect(async () => {
    await find.click();
    await expect(finished).toBeVisible({ timeout: 5_000 });
  }).toPass();
  // The order of the first test was taken in by its webhook already, so the search finds it but nothing new.
  await expect(app.getByText(/^Found \d+ new orders? with deferred payments among \d+ orders? read on /)).toBeVisible();
  if (placed) await expect(app.getByRole("link", { name: placed.name, exact: true })).toBeVisible();
});
