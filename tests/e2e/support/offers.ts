// Offers made through the embedded UI, as a merchant makes them, for the specs that need orders on one.
import { expect, type FrameLocator, type Page } from "@playwright/test";
import { adminBase, shop, sim, simulatorUrl } from "./app";

const PLANS_QUERY = `#graphql
  query E2eOfferPlans($query: String!) {
    sellingPlanGroups(first: 5, query: $query) {
      nodes {
        name
        sellingPlans(first: 5) {
          nodes {
            id
          }
        }
      }
    }
  }
`;

interface PlansData {
  sellingPlanGroups: { nodes: Array<{ name: string; sellingPlans: { nodes: Array<{ id: string }> } }> };
}

/** Opens the offers page and, from "Create offer", the new pre-order form; resolves with the app's frame. */
export async function openNewPreOrderForm(page: Page): Promise<FrameLocator> {
  await page.goto(`${simulatorUrl}${adminBase}/app/offers`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "Offers", level: 1 })).toBeVisible();
  // A click that lands before React has hydrated the page does nothing: click until the menu opens.
  const preOrder = app.getByRole("menuitem", { name: /^Pre-order/ });
  await expect(async () => {
    if (!(await preOrder.isVisible())) await app.getByRole("button", { name: "Create offer" }).click();
    await expect(preOrder).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await preOrder.click();
  await expect(app.getByRole("heading", { name: "New pre-order offer", level: 1 })).toBeVisible();
  return app;
}

/**
 * Creates a 25% deposit pre-order offer whose balance is due on `balanceDate`, on one product, through the app's
 * pages; returns its selling plan's id.
 */
export async function createOfferOn(
  page: Page,
  name: string,
  productTitle: string,
  balanceDate: string,
): Promise<string> {
  const app = await openNewPreOrderForm(page);
  await app.getByLabel("Name customers see").fill(name);
  const option = app.getByRole("region", { name: "Purchase option 1" });
  await option.getByLabel("Customer pays at checkout").selectOption("PERCENTAGE");
  await option.getByLabel("Deposit percentage").fill("25");
  await option.getByLabel("Charge the rest").selectOption("EXACT_DATE");
  await option.getByLabel("Balance charge date").fill(balanceDate);
  await app.getByRole("button", { name: "Create offer" }).last().click();
  await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible();

  // The simulator's App Bridge has no resource picker, so the app shows its own.
  const products = app.getByRole("region", { name: "Choose products" });
  await expect(async () => {
    if (!(await products.isVisible())) await app.getByRole("button", { name: "Choose products" }).click();
    await expect(products).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await products.getByLabel("Search products").fill(productTitle);
  const box = products.getByRole("checkbox", { name: productTitle });
  await expect(box.or(products.getByRole("alert"))).toBeVisible();
  await expect(products.getByRole("alert")).toHaveCount(0);
  await box.check();
  await products.getByRole("button", { name: "Save products (1 selected)" }).click();
  // The assigned products' list (the storefront preview card lists the products too).
  await expect(
    app.getByRole("list").filter({ hasText: productTitle }).filter({ hasText: "All variants" }),
  ).toBeVisible();

  const { accessToken } = await sim.issueToken(shop);
  const response = await sim.graphql<PlansData>(accessToken, PLANS_QUERY, { query: `name:'${name}'` });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const group = response.data!.sellingPlanGroups.nodes.find((candidate) => candidate.name === name);
  return group!.sellingPlans.nodes[0]!.id;
}
