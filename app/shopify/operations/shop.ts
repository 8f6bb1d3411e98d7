// Shop identity the app shell shows: name, domain, currency and time zone.
import type { AdminClient } from "../client.server";

export const SHOP_IDENTITY_QUERY = `#graphql
  query ShopIdentity {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export async function fetchShopIdentity(admin: AdminClient) {
  const { shop } = await admin.request(SHOP_IDENTITY_QUERY);
  return shop;
}
