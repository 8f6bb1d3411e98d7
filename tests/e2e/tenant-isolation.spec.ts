// One shop never sees or touches another's data: with a valid session token of shop B, the app answers 404 for shop
// A's order and offer by id in the URL, refuses them in a form and in a bulk selection (and changes nothing in the
// app or in Shopify), and lists and exports none of A's orders.
import { expect, test, type APIRequestContext } from "@playwright/test";
import type { OrderJson } from "../../simulator/client";
import { shop, sim, simulatorUrl } from "./support/app";
import { dayAhead } from "./support/dates";
import { createOfferOn } from "./support/offers";

const appUrl = process.env.E2E_APP_URL!;
const OTHER = "e2e-other-shop.myshopify.com";
const stamp = Date.now().toString(36);
let order: OrderJson;
let offerId: string;

async function tokenOf(domain: string): Promise<string> {
  const response = await fetch(`${simulatorUrl}/admin/session-token?shop=${domain}`);
  return ((await response.json()) as { token: string }).token;
}

/** A request as the embedded app makes it: App Bridge's session token in the Authorization header. */
async function asShop(
  request: APIRequestContext,
  domain: string,
  method: "GET" | "POST",
  path: string,
  form?: string[][],
) {
  const headers = { Authorization: `Bearer ${await tokenOf(domain)}` };
  const url = `${appUrl}${path}`;
  if (method === "GET") return request.get(url, { headers, maxRedirects: 0 });
  const body = new URLSearchParams(form);
  return request.post(url, {
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
    data: body.toString(),
    maxRedirects: 0,
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const installed = await sim.install(OTHER);
  expect(installed.installed, JSON.stringify(installed)).toBe(true);
  const { ianaTimezone } = await sim.shop(shop);
  const product = await sim.createProduct(shop, {
    title: `E2E isolated lamp ${stamp}`,
    variants: [{ price: "40.00", inventoryQuantity: 5 }],
  });
  const page = await browser.newPage();
  const planId = await createOfferOn(
    page,
    `Isolated pre-order ${stamp}`,
    product.title,
    dayAhead(20, ianaTimezone).date,
  );
  offerId = new URL(
    page
      .frames()
      .find((frame) => /\/app\/offers\/[^/]+$/.test(new URL(frame.url()).pathname))!
      .url(),
  ).pathname
    .split("/")
    .pop()!;
  await page.close();
  order = await sim.checkout(shop, {
    lines: [{ variantId: product.variants[0]!.id, quantity: 1, sellingPlanId: planId }],
    customer: { email: `isolated-${stamp}@example.com`, firstName: "Iso", lastName: "Lated" },
  });
  await sim.drainWebhooks();
});

test("shop B gets 404 for shop A's order and offer, and a form or bulk action on them changes nothing", async ({
  request,
}) => {
  const orderPath = `/app/orders/${order.id.split("/").pop()}`;
  // Shop A sees both (once the app has taken the order in).
  await expect(async () => {
    expect((await asShop(request, shop, "GET", orderPath)).status()).toBe(200);
  }).toPass({ timeout: 30_000 });
  expect((await asShop(request, shop, "GET", `/app/offers/${offerId}`)).status()).toBe(200);

  // By id in the URL.
  expect((await asShop(request, OTHER, "GET", orderPath)).status()).toBe(404);
  expect((await asShop(request, OTHER, "GET", `/app/offers/${offerId}`)).status()).toBe(404);
  // In a form.
  const before = await sim.paymentAttempts(shop, order.id);
  expect((await asShop(request, OTHER, "POST", orderPath, [["intent", "charge-now"]])).status()).toBe(404);
  expect(
    (
      await asShop(request, OTHER, "POST", orderPath, [
        ["intent", "reschedule"],
        ["dueDate", dayAhead(30, "UTC").date],
      ])
    ).status(),
  ).toBe(404);
  expect((await asShop(request, OTHER, "POST", `/app/offers/${offerId}`, [["intent", "delete"]])).status()).toBe(404);
  // In a bulk selection.
  const reminders = (await sim.reminders(shop)).length;
  for (const intent of ["charge-now", "send-reminder"]) {
    const response = await asShop(request, OTHER, "POST", "/app/orders?index", [
      ["intent", intent],
      ["orderId", order.id],
    ]);
    expect(response.status(), intent).toBe(404);
  }
  // Nothing changed: no payment, no reminder, the offer and the order still A's.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await sim.paymentAttempts(shop, order.id)).toEqual(before);
  expect((await sim.reminders(shop)).length).toBe(reminders);
  expect((await asShop(request, shop, "GET", `/app/offers/${offerId}`)).status()).toBe(200);
  expect((await asShop(request, shop, "GET", orderPath)).status()).toBe(200);
});

test("shop B's list and CSV hold none of shop A's orders", async ({ request }) => {
  const own = await asShop(request, shop, "GET", `/app/orders/export?q=isolated-${stamp}`);
  expect(own.status()).toBe(200);
  expect((await own.text()).trim().split(/\r?\n/)).toHaveLength(2); // the header and A's order
  const other = await asShop(request, OTHER, "GET", `/app/orders/export?q=isolated-${stamp}`);
  expect(other.status()).toBe(200);
  expect((await other.text()).trim().split(/\r?\n/)).toHaveLength(1); // the header alone
  const list = await asShop(request, OTHER, "GET", `/app/orders?q=isolated-${stamp}`);
  expect(list.status()).toBe(200);
  const html = await list.text();
  expect(html).not.toContain(order.name);
  expect(html).toContain("No deferred orders yet");
});
