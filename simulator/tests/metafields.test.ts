// Metafields: metafieldsSet / metafieldsDelete, reads on products, variants and the app installation, `$app` namespaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, shopWithProduct, startHarness, type Harness } from "./helpers.js";
import { appNumericId } from "../src/operations/metafields.js";

let h: Harness;
let token: string;
let productId: string;
let variantId: string;
const reserved = `app--${appNumericId(API_KEY)}`;

const SET = /* GraphQL */ `
  mutation Set($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
        type
        value
        jsonValue
        ownerType
        owner {
          ... on Product {
            id
          }
          ... on AppInstallation {
            id
          }
        }
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const READ_PRODUCT = /* GraphQL */ `
  query Read($id: ID!, $namespace: String, $key: String!) {
    product(id: $id) {
      metafield(namespace: $namespace, key: $key) {
        namespace
        key
        type
        value
        jsonValue
      }
    }
  }
`;

type SetData = {
  metafieldsSet: {
    metafields: Array<{
      id: string;
      namespace: string;
      key: string;
      type: string;
      value: string;
      jsonValue: unknown;
      ownerType: string;
      owner: { id: string };
    }>;
    userErrors: Array<{ field: string[]; message: string; code: string; elementIndex: number }>;
  };
};
type ReadData = {
  product: { metafield: null | { namespace: string; key: string; type: string; value: string; jsonValue: unknown } };
};

async function set(metafields: Array<Record<string, unknown>>) {
  const r = await h.client.graphql<SetData>(token, SET, { metafields });
  expect(r.errors).toBeUndefined();
  return r.data!.metafieldsSet;
}

async function read(namespace: string | null, key: string, id = productId) {
  const r = await h.client.graphql<ReadData>(token, READ_PRODUCT, { id, namespace, key });
  expect(r.errors).toBeUndefined();
  return r.data!.product.metafield;
}

beforeAll(async () => {
  h = await startHarness();
  ({ token, productId, variantId } = await shopWithProduct(h.client, "metafields-shop.myshopify.com"));
});
afterAll(() => h.close());

describe("metafieldsSet", () => {
  it("stores a json metafield under the app's reserved namespace and reads it back by `$app:` or resolved name", async () => {
    const payload = set([
      {
        ownerId: productId,
        namespace: "$app:purchase_options",
        key: "offers",
        type: "json",
        value: '[ {"version": 1} ]',
      },
    ]);
    const { metafields, userErrors } = await payload;
    expect(userErrors).toEqual([]);
    expect(metafields).toEqual([
      expect.objectContaining({
        namespace: `${reserved}--purchase_options`,
        key: "offers",
        type: "json",
        value: '[{"version":1}]',
        jsonValue: [{ version: 1 }],
        ownerType: "PRODUCT",
        owner: { id: productId },
      }),
    ]);
    expect(await read("$app:purchase_options", "offers")).toMatchObject({ jsonValue: [{ version: 1 }] });
    expect(await read(`${reserved}--purchase_options`, "offers")).toMatchObject({ value: '[{"version":1}]' });
    expect(await read("purchase_options", "offers")).toBeNull();
  });

  it("uses the bare reserved namespace when the namespace is omitted or `$app`", async () => {
    const { metafields, userErrors } = await set([{ ownerId: productId, key: "flag", type: "boolean", value: "true" }]);
    expect(userErrors).toEqual([]);
    expect(metafields[0]).toMatchObject({ namespace: reserved, jsonValue: true });
    expect(await read("$app", "flag")).toMatchObject({ value: "true" });
    expect(await read(null, "flag")).toMatchObject({ value: "true" });
  });

  it("updates in place: same id, new value", async () => {
    const first = await set([{ ownerId: productId, namespace: "custom", key: "note", type: "json", value: '{"a":1}' }]);
    const second = await set([{ ownerId: productId, namespace: "custom", key: "note", value: '{"a":2}' }]);
    expect(second.userErrors).toEqual([]);
    expect(second.metafields[0]!.id).toBe(first.metafields[0]!.id);
    expect(await read("custom", "note")).toMatchObject({ type: "json", jsonValue: { a: 2 } });
  });

  it("rejects invalid JSON with INVALID_VALUE and writes nothing of the batch", async () => {
    const { metafields, userErrors } = await set([
      { ownerId: productId, namespace: "custom", key: "atomic", type: "json", value: "[1]" },
      { ownerId: productId, namespace: "custom", key: "broken", type: "json", value: "{not json" },
    ]);
    expect(metafields).toEqual([]);
    expect(userErrors).toEqual([
      {
        field: ["metafields", "1", "value"],
        message: expect.stringMatching(/^Value is invalid JSON/) as unknown,
        code: "INVALID_VALUE",
        elementIndex: 1,
      },
    ]);
    expect(await read("custom", "atomic")).toBeNull();
    expect(await read("custom", "broken")).toBeNull();
  });

  it("validates owner, key, namespace and type", async () => {
    const codes = async (input: Record<string, unknown>) =>
      (
        await set([{ ownerId: productId, namespace: "custom", key: "k1", type: "json", value: "1", ...input }])
      ).userErrors.map((e) => [e.field.at(-1), e.code]);
    expect(await codes({ ownerId: "gid://shopify/Product/1" })).toEqual([["ownerId", "INVALID"]]);
    expect(await codes({ key: "k" })).toEqual([["key", "TOO_SHORT"]]);
    expect(await codes({ key: "a".repeat(65) })).toEqual([["key", "TOO_LONG"]]);
    expect(await codes({ key: "no spaces" })).toEqual([["key", "INVALID"]]);
    expect(await codes({ namespace: "ab" })).toEqual([["namespace", "TOO_SHORT"]]);
    expect(await codes({ namespace: "app--1--other" })).toEqual([["namespace", "APP_NOT_AUTHORIZED"]]);
    expect(await codes({ type: null, key: "untyped" })).toEqual([["type", "BLANK"]]);
    expect(await codes({ type: "number_integer", key: "int", value: "1.5" })).toEqual([["value", "INVALID_VALUE"]]);
    expect(await codes({ value: "" })).toEqual([["value", "BLANK"]]);
  });

  it("refuses more than 25 metafields in one call", async () => {
    const metafields = Array.from({ length: 26 }, (_, i) => ({
      ownerId: productId,
      namespace: "custom",
      key: `k${i}`,
      type: "json",
      value: "1",
    }));
    const r = await h.client.graphql(token, SET, { metafields });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } });
    expect(await read("custom", "k0")).toBeNull();
  });

  it("says what it does not model instead of accepting it", async () => {
    const r = await h.client.graphql(token, SET, {
      metafields: [
        { ownerId: productId, namespace: "custom", key: "ref", type: "product_reference", value: productId },
      ],
    });
    expect(JSON.stringify(r.errors)).toMatch(
      /`metafield type \\"product_reference\\"` is not implemented by the local simulator/,
    );
  });

  it("writes on variants too", async () => {
    const { userErrors } = await set([
      { ownerId: variantId, namespace: "custom", key: "size", type: "single_line_text_field", value: "M" },
    ]);
    expect(userErrors).toEqual([]);
    const r = await h.client.graphql<{ productVariant: { metafield: { value: string } } }>(
      token,
      `query V($id: ID!) { productVariant(id: $id) { metafield(namespace: "custom", key: "size") { value } } }`,
      { id: variantId },
    );
    expect(r.data!.productVariant.metafield.value).toBe("M");
  });
});

describe("metafieldsDelete", () => {
  it("deletes by `$app:` namespace and answers null for what was not there", async () => {
    await set([{ ownerId: productId, namespace: "$app:purchase_options", key: "gone", type: "json", value: "[]" }]);
    const r = await h.client.graphql<{
      metafieldsDelete: { deletedMetafields: unknown[]; userErrors: unknown[] };
    }>(token, DELETE, {
      metafields: [
        { ownerId: productId, namespace: "$app:purchase_options", key: "gone" },
        { ownerId: productId, namespace: "$app:purchase_options", key: "never" },
      ],
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.metafieldsDelete).toEqual({
      deletedMetafields: [{ ownerId: productId, namespace: `${reserved}--purchase_options`, key: "gone" }, null],
      userErrors: [],
    });
    expect(await read("$app:purchase_options", "gone")).toBeNull();
  });
});

describe("currentAppInstallation", () => {
  it("owns app-data metafields, read back through the installation", async () => {
    const q = await h.client.graphql<{ currentAppInstallation: { id: string } }>(
      token,
      `{ currentAppInstallation { id } }`,
    );
    const installationId = q.data!.currentAppInstallation.id;
    expect(installationId).toMatch(/^gid:\/\/shopify\/AppInstallation\/\d+$/);

    const { metafields, userErrors } = await set([
      {
        ownerId: installationId,
        namespace: "purchase_options",
        key: "presale_remaining",
        type: "json",
        value: '{"690001":12}',
      },
    ]);
    expect(userErrors).toEqual([]);
    expect(metafields[0]).toMatchObject({ ownerType: "API_PERMISSION", owner: { id: installationId } });

    const back = await h.client.graphql<{
      currentAppInstallation: { id: string; metafield: { jsonValue: unknown } };
    }>(
      token,
      `{ currentAppInstallation { id metafield(namespace: "purchase_options", key: "presale_remaining") { jsonValue } } }`,
    );
    expect(back.data!.currentAppInstallation).toEqual({
      id: installationId,
      metafield: { jsonValue: { "690001": 12 } },
    });

    const other = await set([
      {
        ownerId: "gid://shopify/AppInstallation/1",
        namespace: "purchase_options",
        key: "x1",
        type: "json",
        value: "1",
      },
    ]);
    expect(other.userErrors.map((e) => e.code)).toEqual(["INVALID"]);
  });
});
