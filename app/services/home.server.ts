// What the Home page and the webhook deliveries page read for a shop.
import { countDeliveriesByStatus, listDeliveries } from "../db/webhook-events.server";
import { findShop, pingDatabase } from "../db/shops.server";
import type { AdminClient } from "../shopify/client.server";
import { fetchShopIdentity } from "../shopify/operations/shop";
import prisma from "../db/client.server";
import { listDataRequests } from "./privacy.server";
import type { ShopScope } from "./shop-scope.server";

/** Shopify gives the merchant 30 days to answer a customer's data request. */
const DATA_REQUEST_DAYS = 30;

export async function homeSummary(scope: ShopScope, admin: AdminClient, now: Date) {
  const [identity, shop, deliveries, dataRequests] = await Promise.all([
    fetchShopIdentity(admin),
    findShop(scope.db, scope.shop),
    countDeliveriesByStatus(scope.db, scope.shop),
    listDataRequests(scope),
  ]);
  const since = now.getTime() - DATA_REQUEST_DAYS * 24 * 60 * 60 * 1000;
  return {
    identity,
    installedAt: shop?.installedAt ?? null,
    deliveries,
    recentDataRequests: dataRequests.filter((item) => item.receivedAt.getTime() >= since).length,
  };
}

/** The shop's latest webhook deliveries, newest first. */
export function recentDeliveries(scope: ShopScope, take = 100) {
  return listDeliveries(scope.db, scope.shop, { take });
}

/** Whether the database answers (the health check load balancers poll). */
export function databaseReachable(): Promise<boolean> {
  return pingDatabase(prisma);
}
