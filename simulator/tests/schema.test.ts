// The Admin API rejects what Shopify would: invalid documents (with Shopify's codes), bad tokens, unknown versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, shopWithProduct, type Harness } from "./helpers.js";

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  ({ token } = await shopWithProduct(h.client, "schema-shop.myshopify.com"));
});
afterAll(() => h.close());

describe("schema validation", () => {
  it("rejects an unknown field with undefinedField", async () => {
    const r = await h.client.graphql(token, "{ shop { name nope } }");
    expect(r.status).toBe(200);
    expect(r.data).toBeUndefined();
    expect(r.errors).toEqual([
      expect.objectContaining({
        message: "Field 'nope' doesn't exist on type 'Shop'",
        extensions: expect.objectContaining({ code: "undefinedField" }),
      }),
    ]);
  });

  it("rejects a wrongly typed literal argument with argumentLiteralsIncompatible", async () => {
    const r = await h.client.graphql(token, '{ products(first: "ten") { nodes { id } } }');
    expect((r.errors as unknown as { extensions: { code: string } }[])[0]!.extensions.code).toBe(
      "argumentLiteralsIncompatible",
    );
  });

  it("rejects a missing required argument with missingRequiredArguments", async () => {
    const r = await h.client.graphql(token, "{ order { id } }");
    expect(r.errors).toEqual([
      expect.objectContaining({
        message: "Field 'order' is missing required arguments: id",
        extensions: expect.objectContaining({ code: "missingRequiredArguments" }),
      }),
    ]);
  });

  it("rejects a missing required input field in variables", async () => {
    const r = await h.client.graphql(
      token,
      "mutation($id: ID!, $input: PaymentTermsUpdateInput!) { paymentTermsUpdate(input: $input) { userErrors { message } } }",
      { id: "x", input: { paymentTermsId: "gid://shopify/PaymentTerms/1" } },
    );
    const errors = r.errors as { message: string; extensions: { code: string } }[];
    // An unused variable is itself a validation error (variableNotUsed).
    expect(errors[0]!.extensions.code).toBe("variableNotUsed");
    const r2 = await h.client.graphql(
      token,
      "mutation($input: PaymentTermsUpdateInput!) { paymentTermsUpdate(input: $input) { userErrors { message } } }",
      { input: { paymentTermsId: "gid://shopify/PaymentTerms/1" } },
    );
    const e2 = (r2.errors as { message: string; extensions: { code: string } }[])[0]!;
    expect(e2.extensions.code).toBe("INVALID_VARIABLE");
    expect(e2.message).toMatch(/paymentTermsAttributes/);
  });

  it("rejects a syntax error", async () => {
    const r = await h.client.graphql(token, "{ shop { name }");
    expect((r.errors as { message: string }[])[0]!.message).toMatch(/Syntax Error/);
  });

  it("reports root fields it does not implement instead of inventing data", async () => {
    const r = await h.client.graphql<{ shop: { name: string } }>(
      token,
      "{ shop { name } collections(first: 1) { nodes { id } } }",
    );
    expect(r.errors).toEqual([
      expect.objectContaining({
        message: "`collections` is not implemented by the local simulator",
        path: ["collections"],
      }),
    ]);
  });

  it("reports unimplemented object fields by type and name", async () => {
    const r = await h.client.graphql(token, "{ shop { name billingAddress { city } } }");
    expect((r.errors as { message: string }[])[0]!.message).toBe(
      "`Shop.billingAddress` is not implemented by the local simulator",
    );
  });

  it("parses and validates each distinct document once", async () => {
    const q = "query Once { shop { id } }";
    const before = h.sim.api.documents.misses;
    for (let i = 0; i < 5; i++) await h.client.graphql(token, q);
    expect(h.sim.api.documents.misses - before).toBe(1);
  });
});

describe("authentication and routing", () => {
  it("answers 401 with Shopify's body for a bad or missing token", async () => {
    const r = await h.client.graphql("shpat_wrong", "{ shop { name } }");
    expect(r.status).toBe(401);
    expect(r.errors).toBe("[API] Invalid API key or access token (unrecognized login or wrong password)");
    const res = await fetch(`${h.sim.url}/admin/api/2026-10/graphql.json`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
  });

  it("answers 404 for another API version", async () => {
    const r = await h.client.graphql(token, "{ shop { name } }", undefined, "2025-01");
    expect(r.status).toBe(404);
  });

  it("resolves the shop from the token", async () => {
    const other = await h.client.createShop({ domain: "other-shop.myshopify.com", currencyCode: "JPY" });
    const r = await h.client.graphql<{ shop: { myshopifyDomain: string; currencyCode: string } }>(
      other.accessToken,
      "{ shop { myshopifyDomain currencyCode } }",
    );
    expect(r.data?.shop).toEqual({ myshopifyDomain: "other-shop.myshopify.com", currencyCode: "JPY" });
  });
});
