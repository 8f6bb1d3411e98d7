// An offer's availability from its page: paused, its plans leave the product in Shopify and the offers list says
// "Paused"; resumed, they rejoin it; a sales window that starts tomorrow takes it off sale until then, and one that
// ends before it starts is refused on its field and changes nothing.
import { expect, test } from "@playwright/test";
import { adminBase, shop, sim, simulatorUrl } from "./support/app";
import { dayAhead } from "./support/dates";
import { createOfferOn } from "./support/offers";

const PRODUCTS_QUERY = `#graphql
  query E2eAvailabilityGroup($query: String!) {
    sellingPlanGroups(first: 5, query: $query) {
      nodes {
        name
        products(first: 5) {
          nodes {
            id
          }
        }
      }
    }
  }
`;

interface GroupsData {
  sellingPlanGroups: { nodes: Array<{ name: string; products: { nodes: Array<{ id: string }> } }> };
}

async function productsInShopify(name: string): Promise<string[]> {
  const { accessToken } = await sim.issueToken(shop);
  const response = await sim.graphql<GroupsData>(accessToken, PRODUCTS_QUERY, { query: `name:'${name}'` });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const group = response.data!.sellingPlanGroups.nodes.find((candidate) => candidate.name === name)!;
  return group.products.nodes.map((product) => product.id);
}

test("pauses and resumes an offer, and schedules its sales window, from the offer page", async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36);
  const name = `Availability ${stamp}`;
  const { ianaTimezone } = await sim.shop(shop);
  const product = await sim.createProduct(shop, {
    title: `E2E availability kettle ${stamp}`,
    variants: [{ price: "60.00", inventoryQuantity: 5 }],
  });
  await createOfferOn(page, name, product.title, dayAhead(20, ianaTimezone).date);
  expect(await productsInShopify(name)).toEqual([product.id]);
  const app = page.frameLocator("#app-iframe");
  const card = app.getByRole("region", { name: "Availability" });
  await expect(card.getByText("On sale", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Pause offer" }).click();
  await expect(card.getByText("Paused", { exact: true })).toBeVisible();
  await expect(card.getByText(/customers don't see this offer/)).toBeVisible();
  await expect.poll(() => productsInShopify(name)).toEqual([]);
  const file = testInfo.outputPath("offer-paused.png");
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach("offer-paused", { path: file, contentType: "image/png" });

  await page.goto(`${simulatorUrl}${adminBase}/app/offers`);
  const row = app.getByRole("row").filter({ has: app.getByRole("link", { name, exact: true }) });
  await expect(row.getByText("Paused", { exact: true })).toBeVisible();
  await row.getByRole("link", { name, exact: true }).click();

  await card.getByRole("button", { name: "Resume offer" }).click();
  await expect(card.getByText("On sale", { exact: true })).toBeVisible();
  await expect.poll(() => productsInShopify(name)).toEqual([product.id]);

  // A window that ends before it starts: refused on the end's field, nothing changes.
  const tomorrow = dayAhead(1, ianaTimezone).date;
  await card.getByLabel("Sales start").fill(`${tomorrow}T09:00`);
  await card.getByLabel("Sales end").fill(`${tomorrow}T08:00`);
  await card.getByRole("button", { name: "Save sales window" }).click();
  await expect(card.getByText("The end must come after the start.")).toBeVisible();
  await expect(card.getByText("On sale", { exact: true })).toBeVisible();
  expect(await productsInShopify(name)).toEqual([product.id]);

  // Starting tomorrow at 9:00: off sale until then.
  await card.getByLabel("Sales end").fill("");
  await card.getByRole("button", { name: "Save sales window" }).click();
  await expect(card.getByText("Scheduled", { exact: true })).toBeVisible();
  await expect(card.getByText(/Customers can buy with this offer from/)).toBeVisible();
  await expect.poll(() => productsInShopify(name)).toEqual([]);
});
