// Holds on Admin API operations: requests of a named operation parked before they run, or with their answer held back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, shopWithProduct, startHarness, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const RENAME = /* GraphQL */ `
  mutation Rename($id: ID!, $title: String!) {
    metafieldsSet(
      metafields: [{ ownerId: $id, namespace: "custom", key: "title", type: "single_line_text_field", value: $title }]
    ) {
      metafields {
        value
      }
    }
  }
`;
const TITLE = `query Title($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "title") { value } } }`;

/** The product's custom.title metafield (what RENAME writes), or "Camera" before any write. */
async function titleOf(token: string, id: string): Promise<string> {
  const r = await h.client.graphql<{ product: { metafield: { value: string } | null } }>(token, TITLE, { id });
  return r.data!.product.metafield?.value ?? "Camera";
}

/** Whether the promise has settled within `ms`. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, ms));
  return done;
}

describe("Admin API holds", () => {
  it("before: parks the request before anything runs, lets others through, and runs it when released", async () => {
    const shop = "hold-before.myshopify.com";
    const { token, productId } = await shopWithProduct(h.client, shop);
    const hold = await h.client.holdAdminApi(shop, { operation: "Rename" });
    expect(hold).toEqual({ id: hold.id, operation: "Rename", phase: "before", ms: null, remaining: 1, waiting: 0 });
    // An outage on the same operation is not consumed while the request waits: nothing has run yet.
    await h.client.scriptAdminApiOutage(shop, { operation: "Rename", status: 502 });
    const parked = h.client.graphql(token, RENAME, { id: productId, title: "Held" });
    expect(await h.client.waitUntilHeld(shop, hold.id)).toMatchObject({ waiting: 1, remaining: 0 });
    expect(await h.client.adminApiOutages(shop)).toEqual([expect.objectContaining({ remaining: 1 })]);
    expect(await titleOf(token, productId)).toBe("Camera");
    expect(await settledWithin(parked, 50)).toBe(false);
    await h.client.clearAdminApiOutages(shop);

    expect(await h.client.releaseAdminApiHold(shop, hold.id)).toMatchObject({ remaining: 0, waiting: 0 });
    const r = await parked;
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ metafieldsSet: { metafields: [{ value: "Held" }] } });
    expect(await h.client.adminApiHolds(shop)).toEqual([]);
    // The hold is spent: the next request of the operation runs at once.
    expect((await h.client.graphql(token, RENAME, { id: productId, title: "Free" })).status).toBe(200);
  });

  it("after: the operation runs (effects and webhooks) and only its answer waits", async () => {
    const shop = "hold-after.myshopify.com";
    const installed = await h.client.install(shop, { currencyCode: "USD" });
    const token = installed.accessToken!;
    const product = await h.client.createProduct(shop, { title: "Lamp", variants: [{ price: "10.00" }] });
    const hold = await h.client.holdAdminApi(shop, { operation: "CreateGroup", phase: "after" });
    const parked = createPlan(h.client, token, product.id);
    await h.client.waitUntilHeld(shop, hold.id);
    await h.client.drainWebhooks();
    expect((await h.client.webhooks({ shop, topic: "selling_plan_groups/create" })).length).toBe(1);
    expect(await settledWithin(parked, 50)).toBe(false);
    await h.client.releaseAdminApiHold(shop, hold.id);
    expect(await parked).toMatch(/^gid:\/\/shopify\/SellingPlan\//);
  });

  it("ms: parks `count` requests for that long without a release; other operations are not held", async () => {
    const shop = "hold-ms.myshopify.com";
    const { token, productId } = await shopWithProduct(h.client, shop);
    const hold = await h.client.holdAdminApi(shop, { operation: "Title", ms: 150, count: 2 });
    const started = Date.now();
    const both = Promise.all([titleOf(token, productId), titleOf(token, productId)]);
    await waitForWaiting(shop, hold.id, 2);
    expect((await h.client.graphql(token, RENAME, { id: productId, title: "Other" })).status).toBe(200);
    expect(await both).toEqual(["Other", "Other"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await h.client.adminApiHolds(shop)).toEqual([]);
  });

  it("DELETE releases everything parked for the shop; waitUntilHeld gives up after its timeout", async () => {
    const shop = "hold-clear.myshopify.com";
    const { token, productId } = await shopWithProduct(h.client, shop);
    const hold = await h.client.holdAdminApi(shop, { operation: "Title", count: 5 });
    await expect(h.client.waitUntilHeld(shop, hold.id, 50)).rejects.toThrow(/parked no request/);
    const one = titleOf(token, productId);
    const two = titleOf(token, productId);
    await waitForWaiting(shop, hold.id, 2);
    expect(await h.client.clearAdminApiHolds(shop)).toEqual({ ok: true, released: 2 });
    expect(await Promise.all([one, two])).toEqual(["Camera", "Camera"]);
    expect(await h.client.adminApiHolds(shop)).toEqual([]);
  });

  it("refuses a hold without an operation or with an unknown phase; an unknown hold is 404", async () => {
    const shop = "hold-bad.myshopify.com";
    await shopWithProduct(h.client, shop);
    await expect(h.client.holdAdminApi(shop, { operation: "" })).rejects.toThrow(/operation is required/);
    await expect(
      h.client.holdAdminApi(shop, { operation: "X", phase: "during" as unknown as "before" }),
    ).rejects.toThrow(/phase/);
    await expect(h.client.releaseAdminApiHold(shop, 9999)).rejects.toThrow(/404/);
  });

  it("reset clears holds and lets parked requests go (their token is gone with the reset)", async () => {
    const shop = "hold-reset.myshopify.com";
    const { token, productId } = await shopWithProduct(h.client, shop);
    const hold = await h.client.holdAdminApi(shop, { operation: "Title" });
    const parked = h.client.graphql(token, TITLE, { id: productId });
    await h.client.waitUntilHeld(shop, hold.id);
    await h.client.reset();
    expect((await parked).status).toBe(401);
  });
});

it("stopping the simulator ends parked requests", async () => {
  const own = await startHarness();
  const shop = "hold-stop.myshopify.com";
  const { token, productId } = await shopWithProduct(own.client, shop);
  const hold = await own.client.holdAdminApi(shop, { operation: "Title" });
  const parked = own.client.graphql(token, TITLE, { id: productId });
  await own.client.waitUntilHeld(shop, hold.id);
  await own.close();
  await expect(parked).rejects.toThrow();
});

async function waitForWaiting(shop: string, holdId: number, n: number) {
  for (let i = 0; i < 500; i++) {
    const hold = (await h.client.adminApiHolds(shop)).find((x) => x.id === holdId);
    if (hold && hold.waiting >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`hold ${holdId} never had ${n} waiting`);
}
