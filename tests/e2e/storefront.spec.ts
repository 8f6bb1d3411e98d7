// The purchase options block in Chromium on Liquid-rendered product pages: variant and plan changes, what the form posts, no-JS.
import { expect, test, type Page } from "@playwright/test";
import { lampSpec, shoeSpec, vinylSpec } from "../../extensions/deferred-purchase-options/tests/support/fixtures";
import {
  startThemeServer,
  type ThemeServer,
} from "../../extensions/deferred-purchase-options/tests/support/theme-page";

// Needs no app and no simulator: run alone with E2E_SERVERS=off once playwright.config.ts lists this spec for that mode.
let theme: ThemeServer;

test.beforeAll(async () => {
  theme = await startThemeServer({
    "/products/aurora-lamp": { spec: lampSpec(), theme: { variantInput: "change" } },
    "/products/trail-runner": { spec: shoeSpec(), theme: { variantInput: "event" } },
    "/products/limited-vinyl": { spec: vinylSpec(), theme: { variantInput: "change" } },
    "/products/aurora-lamp-plain": { spec: lampSpec(), theme: { variantInput: "select" } },
    "/products/aurora-lamp-custom-form": {
      spec: lampSpec(),
      theme: { variantInput: "change", formId: "buy-box", settings: { product_form_id: "" } },
    },
  });
});

test.afterAll(async () => {
  await theme.close();
});

const FORM = 'form[action="/cart/add"]';

/** What the theme's product form would post right now. */
async function posted(page: Page): Promise<{ id: string | null; sellingPlans: string[] }> {
  return page.locator(FORM).evaluate((form: HTMLFormElement) => {
    const data = new FormData(form);
    return { id: data.get("id") as string | null, sellingPlans: data.getAll("selling_plan") as string[] };
  });
}

const button = (page: Page) => page.locator(`${FORM} button[name="add"]`);
const optionRow = (page: Page, name: string) => page.locator("[data-dpo-option]", { hasText: name });

test("pre-order: variant and plan changes keep the posted selling_plan, the button and the prices in step", async ({
  page,
}) => {
  await page.goto(`${theme.url}/products/aurora-lamp`);
  const options = page.getByRole("group", { name: "Purchase options" });
  await expect(options).toBeVisible();

  // Black is out of stock but sellable: the deposit pre-order is chosen and the button says so.
  await expect(options.getByRole("radio", { name: /Pre-order with a 25% deposit/ })).toBeChecked();
  await expect(button(page)).toHaveText("Pre-order");
  expect(await posted(page)).toEqual({ id: "4101", sellingPlans: ["690001"] });

  // White is in stock: untouched, the choice follows the default and the theme's label comes back.
  await page.getByLabel("Variant").selectOption("4102");
  await expect(options.getByRole("radio", { name: /Buy now/ })).toBeChecked();
  await expect(button(page)).toHaveText("Add to cart");
  expect(await posted(page)).toEqual({ id: "4102", sellingPlans: [""] });

  await options.getByText("Pre-order, pay in full and save 10%").click();
  await expect(button(page)).toHaveText("Pre-order");
  expect(await posted(page)).toEqual({ id: "4102", sellingPlans: ["690002"] });
  await expect(page.locator("[data-dpo-live]")).toHaveText(
    /Pre-order, pay in full and save 10% \$108\.00 Pay \$108\.00 now/,
  );

  // Brass is sold out: the theme disables the button, the options are disabled and post nothing.
  await page.getByLabel("Variant").selectOption("4103");
  await expect(button(page)).toHaveText("Sold out");
  await expect(page.getByText("This variant is sold out")).toBeVisible();
  await expect(optionRow(page, "25% deposit")).toContainText("Pay $37.50 now, $112.50 on April 1, 2027");
  expect(await posted(page)).toEqual({ id: "4103", sellingPlans: [] });

  // Back on Black, the customer's own choice is kept and the theme's re-rendered label is replaced again.
  await page.getByLabel("Variant").selectOption("4101");
  await expect(button(page)).toHaveText("Pre-order");
  expect(await posted(page)).toEqual({ id: "4101", sellingPlans: ["690002"] });

  await button(page).click();
  await expect(page.getByText("Added to cart")).toBeVisible();
  expect(Object.fromEntries(theme.carts.at(-1) ?? [])).toEqual({
    id: "4101",
    quantity: "1",
    add: "",
    selling_plan: "690002",
  });
});

test("try before you buy: the charge date is shown from today, and a variant:change theme is followed", async ({
  page,
}) => {
  await page.clock.setFixedTime(new Date("2026-11-24T10:00:00Z"));
  await page.goto(`${theme.url}/products/trail-runner`);
  const trial = optionRow(page, "Try it at home");
  await expect(trial).toContainText("Nothing to pay now. Charged $140.00 on December 8, 2026 if you keep it");
  await expect(button(page)).toHaveText("Add to cart");

  await trial.getByRole("radio").check();
  await expect(button(page)).toHaveText("Try free for 14 days");
  await page.getByLabel("Variant").selectOption("4202");
  await expect(trial).toContainText("Charged $145.00 on December 8, 2026");
  await expect(page.locator("[data-dpo-live]")).toHaveText(/Try it at home \$145\.00 Nothing to pay now/);
  expect(await posted(page)).toEqual({ id: "4202", sellingPlans: ["700001"] });
});

test("plan-only product: no buy now option, and a plan is always posted", async ({ page }) => {
  await page.goto(`${theme.url}/products/limited-vinyl`);
  await expect(page.getByRole("radio", { name: /Buy now/ })).toHaveCount(0);
  expect(await posted(page)).toEqual({ id: "4301", sellingPlans: ["710001"] });
  await page.getByText("Pre-order, $5 now").click();
  expect(await posted(page)).toEqual({ id: "4301", sellingPlans: ["710002"] });
  await expect(button(page)).toHaveText("Pre-order");
});

test("a theme whose form has another id: the script finds the section's form and ties the options to it", async ({
  page,
}) => {
  await page.goto(`${theme.url}/products/aurora-lamp-custom-form`);
  await expect(page.locator('input[name="selling_plan"]').first()).toHaveAttribute("form", "buy-box");
  expect(await posted(page)).toEqual({ id: "4101", sellingPlans: ["690001"] });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Liquid form alone posts the chosen plan and variant", async ({ page }) => {
    await page.goto(`${theme.url}/products/aurora-lamp-plain?variant=4102`);
    await expect(page.getByRole("radio", { name: /Buy now/ })).toBeChecked();
    await page.getByLabel("Variant").selectOption("4101");
    await page.getByRole("radio", { name: /Pre-order with a 25% deposit/ }).check();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added to cart")).toBeVisible();
    expect(Object.fromEntries(theme.carts.at(-1) ?? [])).toEqual({
      id: "4101",
      quantity: "1",
      add: "",
      selling_plan: "690001",
    });
  });
});
