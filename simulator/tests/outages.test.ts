// Scripted Admin API outages: requests answered with an HTTP 5xx before anything runs, for one operation or all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopWithProduct, startHarness, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SHOP_NAME = "query ShopName { shop { name } }";
const PRODUCTS = "query Products { products(first: 1) { nodes { id } } }";
const RENAME = `mutation Rename($id: ID!) { productUpdate(product: { id: $id, title: "Renamed" }) { product { title } } }`;

describe("Admin API outages", () => {
  it("answers the next request of the named operation with the status, once, and leaves other operations alone", async () => {
    const { token } = await shopWithProduct(h.client, "outage-named.myshopify.com");
    await h.client.scriptAdminApiOutage("outage-named.myshopify.com", { operation: "ShopName", status: 502 });
    expect((await h.client.graphql(token, PRODUCTS)).status).toBe(200);
    const failed = await h.client.graphql(token, SHOP_NAME);
    expect(failed.status).toBe(502);
    expect(failed.errors).toBe("Bad Gateway");
    const again = await h.client.graphql(token, SHOP_NAME);
    expect(again.status).toBe(200);
    expect(again.data).toEqual({ shop: { name: expect.any(String) } });
  });

  it("without an operation, fails any request `count` times; a mutation in an outage changes nothing", async () => {
    const shop = "outage-any.myshopify.com";
    const { token, productId } = await shopWithProduct(h.client, shop);
    await h.client.scriptAdminApiOutage(shop, { count: 2 });
    expect(await h.client.adminApiOutages(shop)).toEqual([expect.objectContaining({ status: 503, remaining: 2 })]);
    expect((await h.client.graphql(token, RENAME, { id: productId })).status).toBe(503);
    expect((await h.client.graphql(token, SHOP_NAME)).status).toBe(503);
    const read = await h.client.graphql<{ product: { title: string } }>(
      token,
      `query Title($id: ID!) { product(id: $id) { title } }`,
      { id: productId },
    );
    expect(read.status).toBe(200);
    expect(read.data!.product.title).toBe("Camera");
    expect(await h.client.adminApiOutages(shop)).toEqual([]);
  });

  it("is cleared on request, and refuses a status that is not a server error", async () => {
    const shop = "outage-clear.myshopify.com";
    const { token } = await shopWithProduct(h.client, shop);
    await h.client.scriptAdminApiOutage(shop, { count: 100 });
    await h.client.clearAdminApiOutages(shop);
    expect((await h.client.graphql(token, SHOP_NAME)).status).toBe(200);
    await expect(h.client.scriptAdminApiOutage(shop, { status: 404 })).rejects.toThrow(/status must be one of/);
  });
});
