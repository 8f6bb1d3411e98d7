// Compile-time proof that client.request is typed by the generated document types (tsc checks this file; vitest runs it).
import { describe, expectTypeOf, it } from "vitest";
import type { AdminClient, AdminOperationData } from "~/shopify/client.server";
import { type fetchShopIdentity, SHOP_IDENTITY_QUERY } from "~/shopify/operations/shop";
import type { CurrencyCode } from "~/types/admin.types";

describe("operation types", () => {
  it("types the shop query's result from the schema", () => {
    type Data = AdminOperationData<typeof SHOP_IDENTITY_QUERY>;
    expectTypeOf<Data["shop"]["currencyCode"]>().toEqualTypeOf<CurrencyCode>();
    expectTypeOf<Data["shop"]>().toHaveProperty("ianaTimezone").toEqualTypeOf<string>();
    expectTypeOf<ReturnType<typeof fetchShopIdentity>>().resolves.toEqualTypeOf<Data["shop"]>();
  });

  it("rejects variables a document does not declare, and leaves unknown documents untyped", () => {
    const typeOnly = (admin: AdminClient) => {
      // @ts-expect-error ShopIdentity takes no variables
      void admin.request(SHOP_IDENTITY_QUERY, { first: 1 });
      expectTypeOf(admin.request("query NotGenerated { shop { name } }")).resolves.toBeUnknown();
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});
