// Cost-based throttling: Shopify's calculated cost, the per-shop leaky bucket, THROTTLED and MAX_COST_EXCEEDED.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopWithProduct, startHarness, type Harness } from "./helpers.js";

let h: Harness;
let fakeNow = 1_000_000;

beforeAll(async () => {
  h = await startHarness({ realNow: () => fakeNow });
});
afterAll(() => h.close());

describe("query cost", () => {
  it("prices objects 1, scalars 0 and connections 2 + first x node, and reports actual cost", async () => {
    const { token } = await shopWithProduct(h.client, "cost-shop.myshopify.com");
    const r = await h.client.graphql(
      token,
      "{ shop { name } products(first: 10) { nodes { id title variants(first: 5) { nodes { id price } } } } }",
    );
    // shop 1 + products (2 + 10 x (1 + variants (2 + 5 x 1))) = 1 + 2 + 10 x 8 = 83; one product with one variant was returned.
    expect(r.extensions?.cost?.requestedQueryCost).toBe(83);
    expect(r.extensions?.cost?.actualQueryCost).toBe(1 + 2 + 1 * (1 + 2 + 1));
    expect(r.extensions?.cost?.throttleStatus).toEqual({
      maximumAvailable: 2000,
      currentlyAvailable: 2000 - 7,
      restoreRate: 100,
    });
  });

  it("charges 10 for a mutation", async () => {
    const { token } = await shopWithProduct(h.client, "cost-mutation.myshopify.com");
    const r = await h.client.graphql(
      token,
      'mutation { sellingPlanGroupDelete(id: "gid://shopify/SellingPlanGroup/1") { deletedSellingPlanGroupId userErrors { code } } }',
    );
    expect(r.extensions?.cost?.requestedQueryCost).toBe(10);
  });

  it("rejects a single query above 1000 points with MAX_COST_EXCEEDED", async () => {
    const { token } = await shopWithProduct(h.client, "cost-max.myshopify.com");
    const r = await h.client.graphql(
      token,
      "{ products(first: 250) { nodes { variants(first: 10) { nodes { id } } } } }",
    );
    expect(r.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: "MAX_COST_EXCEEDED", cost: 2 + 250 * 13, maxCost: 1000 }),
      }),
    ]);
  });

  it("requires first or last on connections", async () => {
    const { token } = await shopWithProduct(h.client, "cost-first.myshopify.com");
    const r = await h.client.graphql(token, "{ products { nodes { id } } }");
    expect((r.errors as { message: string }[])[0]!.message).toBe("you must provide one of first or last");
  });
});

describe("leaky bucket", () => {
  it("throttles when the bucket is empty and restores at the configured rate", async () => {
    const { token } = await shopWithProduct(h.client, "bucket-shop.myshopify.com");
    await h.client.updateShop("bucket-shop.myshopify.com", { restoreRate: 5 }); // bucket of 100 points
    const mutation =
      'mutation { sellingPlanGroupDelete(id: "gid://shopify/SellingPlanGroup/1") { userErrors { code } } }';
    const codes: (string | undefined)[] = [];
    let last = await h.client.graphql(token, mutation);
    codes.push(Array.isArray(last.errors) ? (last.errors[0]?.extensions?.code as string) : undefined);
    for (let i = 0; i < 10; i++) {
      last = await h.client.graphql(token, mutation);
      codes.push(Array.isArray(last.errors) ? (last.errors[0]?.extensions?.code as string) : undefined);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(codes[10]).toBe("THROTTLED");
    expect(last.errors).toEqual([
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ]);
    expect(last.data).toBeUndefined();
    expect(last.extensions?.cost?.throttleStatus).toEqual({
      maximumAvailable: 100,
      currentlyAvailable: 0,
      restoreRate: 5,
    });
    // Two seconds restore 10 points: exactly one more mutation.
    fakeNow += 2000;
    const again = await h.client.graphql(token, mutation);
    expect(again.errors).toBeUndefined();
    expect(again.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(0);
  });

  it("uses the plan's restore rate (Plus: 1000/s, bucket 20000)", async () => {
    const { token } = await shopWithProduct(h.client, "plus-shop.myshopify.com", { plan: "plus" });
    const r = await h.client.graphql(token, "{ shop { id } }");
    expect(r.extensions?.cost?.throttleStatus).toEqual({
      maximumAvailable: 20000,
      currentlyAvailable: 19999,
      restoreRate: 1000,
    });
  });
});
