// Storefront preview: the theme app extension's block and badges rendered from the simulator's selling plans and the
// app's metafields; a change to either shows on the next load; the product form's post places a checkout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, preorderInput, shopWithProduct, startHarness, type Harness } from "./helpers.js";

const SHOP = "preview-shop.myshopify.com";
const APP_ID = "deferred-purchase-options";

const SET = /* GraphQL */ `
  mutation Set($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      userErrors {
        message
      }
    }
  }
`;

let h: Harness;
let token: string;
let productId: string;
let variantId: string;
let planId: string;
let base: string;

/** The app's product metafield (`$app:purchase_options.offers`), as its storefrontPayload writes it. */
function offersPayload(plan: string, shipping: "ships_when_available" | "ships_asap") {
  const id = Number(plan.split("/").pop());
  return [
    {
      version: 1,
      appId: APP_ID,
      kind: "PRE_ORDER",
      presaleLimit: null,
      onlyWhenOutOfStock: false,
      plans: [
        {
          key: "deposit",
          sellingPlanId: id,
          optionValues: ["Deposit"],
          summary: { key: "pay_percent_now_rest_on_fulfillment", params: { percent: 20 } },
          button: { key: "button_pre_order", params: {} },
          shipping: { key: shipping, params: {} },
          priceAdjustment: null,
        },
      ],
    },
  ];
}

async function writeOffers(shipping: "ships_when_available" | "ships_asap") {
  const r = await h.client.graphql<{ metafieldsSet: { userErrors: unknown[] } }>(token, SET, {
    metafields: [
      {
        ownerId: productId,
        namespace: "$app:purchase_options",
        key: "offers",
        type: "json",
        value: JSON.stringify(offersPayload(planId, shipping)),
      },
    ],
  });
  expect(r.data?.metafieldsSet.userErrors).toEqual([]);
}

beforeAll(async () => {
  h = await startHarness();
  base = `${h.sim.url}/storefront/preview-shop`;
  const shop = await shopWithProduct(h.client, SHOP, { price: "100.00" });
  ({ token, productId, variantId } = shop);
  const input = { ...preorderInput({ deposit: { percentage: 20 } }), appId: APP_ID };
  planId = await createPlan(h.client, token, productId, input);
  await writeOffers("ships_when_available");
});
afterAll(async () => h?.close());

const text = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: await response.text(), type: response.headers.get("content-type") };
};

describe("storefront preview", () => {
  it("renders the purchase options block from the app's group and metafield, priced as the checkout prices it", async () => {
    const page = await text("/products/camera");
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="selling_plan"');
    expect(page.body).toContain(`value="${planId.split("/").pop()}"`);
    // 20% of $100.00 now, the rest when it ships: the block's wording from the metafield's summary key.
    expect(page.body).toContain("Pay $20.00 now, $80.00 when it ships");
    expect(page.body).toContain('src="/storefront/assets/purchase-options.js"');
    expect(page.body).toContain('action="/storefront/preview-shop/cart/add"');
  });

  it("shows a change to the app's metafield on the next load (nothing cached)", async () => {
    expect((await text("/products/camera")).body).toContain("Ships when available");
    await writeOffers("ships_asap");
    const page = await text("/products/camera");
    expect(page.body).toContain("Ships as soon as possible");
    expect(page.body).not.toContain("Ships when available");
  });

  it("lists the shop's products with the badges embed, and serves the extension's assets", async () => {
    const page = await text("");
    expect(page.body).toContain('href="/storefront/preview-shop/products/camera"');
    expect(page.body).toMatch(/"camera":"Pre-order"/);
    const asset = await fetch(`${h.sim.url}/storefront/assets/purchase-options.js`);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${h.sim.url}/storefront/assets/nope.js`)).status).toBe(404);
  });

  it("resolves a product id to its page, as the app links to it", async () => {
    const response = await fetch(`${base}/product-id/${productId.split("/").pop()}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/storefront/preview-shop/products/camera");
  });

  it("places a checkout from the product form, with the chosen plan", async () => {
    const form = new URLSearchParams({
      id: variantId.split("/").pop()!,
      quantity: "1",
      selling_plan: planId.split("/").pop()!,
    });
    const page = await text("/cart/add", { method: "POST", body: form });
    expect(page.status).toBe(200);
    expect(page.body).toContain("$20.00");
    expect(page.body).toContain("$80.00 when the order ships");
    const orders = (await (await fetch(`${h.sim.url}/_sim/shops/${SHOP}/orders`)).json()) as {
      orders: { lineItems: { sellingPlan: { id: string } | null }[]; email: string }[];
    };
    const placed = orders.orders.at(-1)!;
    expect(placed.email).toBe("preview.shopper@example.com");
    expect(placed.lineItems[0]!.sellingPlan?.id).toBe(planId);
  });

  it("fails loudly on what it does not model", async () => {
    expect((await text("/cart")).status).toBe(501);
    expect((await text("/collections/all")).status).toBe(501);
    expect((await fetch(`${h.sim.url}/storefront/nope`)).status).toBe(404);
    await h.client.createShop({ domain: "yen-shop.myshopify.com", currencyCode: "JPY" });
    await h.client.createProduct("yen-shop.myshopify.com", { title: "Tea", variants: [{ price: "1200" }] });
    const yen = await fetch(`${h.sim.url}/storefront/yen-shop/products/tea`);
    expect(yen.status).toBe(501);
    expect(await yen.text()).toContain("does not model JPY");
  });
});
