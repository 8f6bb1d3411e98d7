// Offers through the embedded UI: a pre-order with a 25% deposit and a balance date is created, listed in words and exists in the simulated Shopify; an invalid deposit is refused on its field and creates nothing; with stock rules the list shows units sold and the product card says which chosen variants are live and why not.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { dayAhead } from "./support/dates";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";
import { openNewPreOrderForm } from "./support/offers";

const GROUPS_QUERY = `#graphql
  query E2eOfferGroups($query: String!) {
    sellingPlanGroups(first: 10, query: $query) {
      nodes {
        id
        appId
        name
        merchantCode
        sellingPlans(first: 5) {
          nodes {
            category
            billingPolicy {
              ... on SellingPlanFixedBillingPolicy {
                checkoutCharge {
                  type
                  value {
                    ... on SellingPlanCheckoutChargePercentageValue {
                      percentage
                    }
                  }
                }
                remainingBalanceChargeTrigger
                remainingBalanceChargeExactTime
              }
            }
          }
        }
      }
    }
  }
`;

interface GroupsData {
  sellingPlanGroups: {
    nodes: Array<{
      id: string;
      appId: string | null;
      name: string;
      merchantCode: string;
      sellingPlans: {
        nodes: Array<{
          category: string | null;
          billingPolicy: {
            checkoutCharge: { type: string; value: { percentage?: number } };
            remainingBalanceChargeTrigger: string;
            remainingBalanceChargeExactTime: string | null;
          };
        }>;
      };
    }>;
  };
}

const GROUP_PRODUCTS_QUERY = `#graphql
  query E2eOfferProducts($query: String!) {
    sellingPlanGroups(first: 1, query: $query) {
      nodes {
        products(first: 10) {
          nodes {
            id
          }
        }
        productVariants(first: 10) {
          nodes {
            id
          }
        }
      }
    }
  }
`;

interface GroupProductsData {
  sellingPlanGroups: {
    nodes: Array<{ products: { nodes: { id: string }[] }; productVariants: { nodes: { id: string }[] } }>;
  };
}

/** The simulated shop's selling plan groups with this exact name, read through its Admin API as an app would. */
async function groupsNamed(name: string) {
  const { accessToken } = await sim.issueToken(shop);
  const response = await sim.graphql<GroupsData>(accessToken, GROUPS_QUERY, { query: `name:'${name}'` });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.sellingPlanGroups.nodes.filter((group) => group.name === name);
}

/** A day ahead as the date field takes it, and the instant Shopify gives back (no milliseconds). */
function balanceDay(days: number, timeZone: string) {
  const { date, startOfDay } = dayAhead(days, timeZone);
  return { date, instant: startOfDay.toISOString().replace(".000Z", "Z") };
}

/** Creates a pre-order offer with the form's defaults and this name; resolves on the new offer's page. */
async function createDefaultPreOrder(page: Page, name: string): Promise<FrameLocator> {
  const app = await openNewPreOrderForm(page);
  await app.getByLabel("Name customers see").fill(name);
  await app.getByRole("button", { name: "Create offer" }).last().click();
  await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible();
  return app;
}

test("creates a pre-order offer with a 25% deposit and a balance date, lists it in words, and creates it in Shopify", async ({
  page,
}) => {
  const appErrors: string[] = [];
  page.on("pageerror", (error) => appErrors.push(error.message));
  const { ianaTimezone } = await sim.shop(shop);
  const balance = balanceDay(120, ianaTimezone);
  const name = `Spring pre-order ${Date.now()}`;

  const app = await openNewPreOrderForm(page);
  await app.getByLabel("Name customers see").fill(name);
  await app.getByLabel("Internal name").fill(`${name} (staff)`);
  const option = app.getByRole("region", { name: "Purchase option 1" });
  await option.getByLabel("Option name").fill("Pre-order with deposit");
  await option.getByLabel(/^Choice under/).fill("Pay 25% now");
  await option.getByLabel("Customer pays at checkout").selectOption("PERCENTAGE");
  await option.getByLabel("Deposit percentage").fill("25");
  await option.getByLabel("Charge the rest").selectOption("EXACT_DATE");
  await option.getByLabel("Balance charge date").fill(balance.date);

  // The live preview words it as the customer will read it, before anything is saved.
  const preview = app.getByText(/^Pay 25% now, the rest on /);
  await expect(preview).toBeVisible();
  const summary = (await preview.textContent())!;
  const year = balance.date.slice(0, 4);
  expect(summary).toContain(year);

  await app.getByRole("button", { name: "Create offer" }).last().click();
  await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Offer created" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${adminBase}/app/offers/[^/]+$`));

  await page
    .getByRole("navigation", { name: "Admin navigation" })
    .getByRole("link", { name: "Offers", exact: true })
    .click();
  await expect(app.getByRole("heading", { name: "Offers", level: 1 })).toBeVisible();
  const row = app.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Pre-order");
  await expect(row).toContainText("Active");
  await expect(row).toContainText(summary);

  const [group, ...others] = await groupsNamed(name);
  expect(others).toHaveLength(0);
  expect(group).toMatchObject({ appId: "deferred-purchase-options", merchantCode: `${name} (staff)` });
  const plan = group!.sellingPlans.nodes[0]!;
  expect(plan.category).toBe("PRE_ORDER");
  expect(plan.billingPolicy.checkoutCharge).toEqual({ type: "PERCENTAGE", value: { percentage: 25 } });
  expect(plan.billingPolicy.remainingBalanceChargeTrigger).toBe("EXACT_TIME");
  // The merchant picked a day; Shopify holds the start of that day in the shop's time zone.
  expect(new Date(plan.billingPolicy.remainingBalanceChargeExactTime!).toISOString()).toBe(
    new Date(balance.instant).toISOString(),
  );
  expect(appErrors).toEqual([]);
});

test("assigns a whole product and a single variant with the plain picker where App Bridge's resource picker is unavailable", async ({
  page,
}) => {
  const stamp = Date.now();
  const mug = await sim.createProduct(shop, {
    title: `E2E mug ${stamp}`,
    variants: [{ price: "12.00", inventoryQuantity: 0 }],
  });
  const shirt = await sim.createProduct(shop, {
    title: `E2E shirt ${stamp}`,
    variants: [
      { title: "Small", price: "20.00", inventoryQuantity: 0 },
      { title: "Large", price: "20.00", inventoryQuantity: 4 },
    ],
  });
  const name = `Picker pre-order ${stamp}`;
  const app = await createDefaultPreOrder(page, name);

  // The simulator's App Bridge rejects resourcePicker, so the app shows its own picker.
  const products = app.getByRole("region", { name: "Choose products" });
  await expect(async () => {
    if (!(await products.isVisible())) await app.getByRole("button", { name: "Choose products" }).click();
    await expect(products).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await products.getByLabel("Search products").fill(`E2E`);
  // A failed search shows an alert in the picker: fail on it with its message rather than wait for checkboxes.
  const mugBox = products.getByRole("checkbox", { name: mug.title });
  await expect(mugBox.or(products.getByRole("alert"))).toBeVisible();
  await expect(products.getByRole("alert")).toHaveCount(0);
  await mugBox.check();
  await products
    .getByRole("group", { name: `Variants of ${shirt.title}` })
    .getByRole("checkbox", { name: "Large" })
    .check();
  await expect(products.getByRole("checkbox", { name: shirt.title })).toHaveAttribute("aria-checked", "mixed");
  await products.getByRole("button", { name: "Save products (2 selected)" }).click();

  // The assigned products' list (the storefront preview card lists the products too, without "All variants").
  const assigned = app.getByRole("list").filter({ hasText: mug.title }).filter({ hasText: "All variants" });
  await expect(assigned).toContainText("All variants");
  await expect(assigned).toContainText(shirt.title);
  await expect(assigned).toContainText("1 variant");

  const { accessToken } = await sim.issueToken(shop);
  const response = await sim.graphql<GroupProductsData>(accessToken, GROUP_PRODUCTS_QUERY, { query: `name:'${name}'` });
  const group = response.data!.sellingPlanGroups.nodes[0]!;
  expect(group.products.nodes.map((node) => node.id)).toEqual([mug.id]);
  expect(group.productVariants.nodes.map((node) => node.id)).toContain(shirt.variants[1]!.id);
  expect(group.productVariants.nodes.map((node) => node.id)).not.toContain(shirt.variants[0]!.id);
});

test("with only-while-out-of-stock and a pre-sale limit, lists the units sold and says which chosen variants are live and why not", async ({
  page,
}) => {
  const stamp = Date.now();
  const shirt = await sim.createProduct(shop, {
    title: `E2E stock shirt ${stamp}`,
    variants: [
      { title: "Small", price: "20.00", inventoryQuantity: 0 },
      { title: "Large", price: "20.00", inventoryQuantity: 4 },
    ],
  });
  const name = `Stock pre-order ${stamp}`;
  const app = await openNewPreOrderForm(page);
  await app.getByLabel("Name customers see").fill(name);
  await app.getByLabel("Pre-sale limit").fill("5");
  await app.getByLabel("Offer only while a variant is out of stock").check();
  await app.getByRole("button", { name: "Create offer" }).last().click();
  await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible();

  const products = app.getByRole("region", { name: "Choose products" });
  await expect(async () => {
    if (!(await products.isVisible())) await app.getByRole("button", { name: "Choose products" }).click();
    await expect(products).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await products.getByLabel("Search products").fill(shirt.title);
  const shirtBox = products.getByRole("checkbox", { name: shirt.title });
  await expect(shirtBox.or(products.getByRole("alert"))).toBeVisible();
  await expect(products.getByRole("alert")).toHaveCount(0);
  await shirtBox.check();
  await products.getByRole("button", { name: "Save products (1 selected)" }).click();

  // The card lists the merchant's choice (the whole shirt), though Shopify holds only the sold-out variant.
  const chosen = app.getByRole("listitem").filter({ hasText: shirt.title }).filter({ hasText: "Live in Shopify" });
  await expect(chosen).toContainText("All variants");
  await expect(chosen).toContainText("Live in Shopify: Small");
  await expect(chosen).toContainText("Not live: Large (in stock)");
  await expect(app.getByText(/Live in Shopify now: 1 of 2 chosen variants\./)).toBeVisible();
  await expect(app.getByText("0 of 5 sold")).toBeVisible();

  const { accessToken } = await sim.issueToken(shop);
  const response = await sim.graphql<GroupProductsData>(accessToken, GROUP_PRODUCTS_QUERY, { query: `name:'${name}'` });
  const group = response.data!.sellingPlanGroups.nodes[0]!;
  expect(group.products.nodes).toEqual([]);
  expect(group.productVariants.nodes.map((node) => node.id)).toEqual([shirt.variants[0]!.id]);

  await page.goto(`${simulatorUrl}${adminBase}/app/offers`);
  const row = page.frameLocator("#app-iframe").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("0 of 5 sold");
});

test("refuses a 150% deposit on the deposit field, keeps the input and creates nothing", async ({ page }) => {
  const name = `Refused pre-order ${Date.now()}`;
  const groupsBefore = (await sim.shop(shop)).counts.sellingPlanGroups;

  const app = await openNewPreOrderForm(page);
  await app.getByLabel("Name customers see").fill(name);
  const option = app.getByRole("region", { name: "Purchase option 1" });
  await option.getByLabel("Customer pays at checkout").selectOption("PERCENTAGE");
  await option.getByLabel("Deposit percentage").fill("150");
  await option.getByLabel("Charge the rest").selectOption("ON_FULFILLMENT");
  await app.getByRole("button", { name: "Create offer" }).last().click();

  await expect(app.getByText("There is 1 problem with this offer")).toBeVisible();
  const deposit = option.getByLabel("Deposit percentage");
  await expect(deposit).toHaveAttribute("aria-invalid", "true");
  await expect(option.getByText("The deposit must be between 0% and 100%.")).toBeVisible();
  // Nothing the merchant typed is lost, and the page is still the create form.
  await expect(deposit).toHaveValue("150");
  await expect(app.getByLabel("Name customers see")).toHaveValue(name);
  await expect(app.getByRole("heading", { name: "New pre-order offer", level: 1 })).toBeVisible();

  expect((await sim.shop(shop)).counts.sellingPlanGroups).toBe(groupsBefore);
  expect(await groupsNamed(name)).toHaveLength(0);
});

test("deletes an offer only after confirmation, in the app and in Shopify", async ({ page }) => {
  const name = `Doomed pre-order ${Date.now()}`;
  const app = await createDefaultPreOrder(page, name);
  expect(await groupsNamed(name)).toHaveLength(1);

  await app.getByRole("button", { name: "Delete offer" }).click();
  const dialog = app.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await groupsNamed(name)).toHaveLength(1);

  await app.getByRole("button", { name: "Delete offer" }).click();
  await dialog.getByRole("button", { name: "Delete offer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Offer deleted" })).toBeVisible();
  await expect(app.getByRole("heading", { name: "Offers", level: 1 })).toBeVisible();
  await expect(app.getByText(name)).toHaveCount(0);
  expect(await groupsNamed(name)).toHaveLength(0);
});

test("shows an offer deleted in Shopify as such, and recreates it from the app's backup", async ({ page }) => {
  const name = `Recreated pre-order ${Date.now()}`;
  let app = await createDefaultPreOrder(page, name);
  const [group] = await groupsNamed(name);
  const { accessToken } = await sim.issueToken(shop);
  const deleted = await sim.graphql(
    accessToken,
    `mutation E2eDeleteGroup($id: ID!) { sellingPlanGroupDelete(id: $id) { deletedSellingPlanGroupId userErrors { message } } }`,
    { id: group!.id },
  );
  expect(deleted.errors).toBeUndefined();
  // The selling_plan_groups/delete webhook tells the app; "Sync now" then finds nothing left to change.
  await sim.drainWebhooks();

  // The app acknowledges the delivery first and processes it just after: look until it shows.
  app = page.frameLocator("#app-iframe");
  const row = app.getByRole("row").filter({ hasText: name });
  await expect(async () => {
    await page.goto(`${simulatorUrl}${adminBase}/app/offers`);
    await expect(row).toContainText("Deleted in Shopify", { timeout: 2_000 });
  }).toPass();
  const synced = page.getByRole("status").filter({ hasText: /^(Synced: |Offers are in sync with Shopify)/ });
  await expect(async () => {
    await app.getByRole("button", { name: "Sync now" }).click();
    await expect(synced.first()).toBeVisible({ timeout: 3_000 });
  }).toPass();
  await expect(row).toContainText("Deleted in Shopify");

  await row.getByRole("link", { name: `Recreate ${name} in Shopify` }).click();
  await expect(app.getByText("This offer was deleted in Shopify")).toBeVisible();
  await app.getByRole("button", { name: "Recreate in Shopify" }).last().click();
  await expect(page.getByRole("status").filter({ hasText: "Offer saved" })).toBeVisible();
  await expect(app.getByText("This offer was deleted in Shopify")).toHaveCount(0);
  const [recreated, ...others] = await groupsNamed(name);
  expect(others).toHaveLength(0);
  expect(recreated!.id).not.toBe(group!.id);
});
