// What the Home page and the webhook deliveries page read for a shop.
import { dashboardFigures, firstAttemptOutcomes } from "../db/dashboard.server";
import { listOfferRows } from "../db/offers.server";
import { countDeliveriesByStatus } from "../db/webhook-events.server";
import { dashboardWindows, firstAttemptSuccessPercent } from "../domain/dashboard";
import { findShop, pingDatabase } from "../db/shops.server";
import prisma from "../db/client.server";
import { listDataRequests } from "./privacy.server";
import type { ShopScope } from "./shop-scope.server";

/** Shopify gives the merchant 30 days to answer a customer's data request. */
const DATA_REQUEST_DAYS = 30;

/** Where Shopify says which payment gateways can charge a saved payment method later. */
export const GATEWAY_CAVEATS_URL = "https://shopify.dev/docs/apps/build/purchase-options/deferred#limitations";

export interface SetupStep {
  id: "offer" | "products" | "storefront" | "scopes" | "gateway";
  /** True when done, false when not, null when the app cannot tell (the merchant checks). */
  done: boolean | null;
  missingScopes?: string[];
}

/**
 * The home dashboard: per currency, what is owed and when, what was collected, what needs the merchant; the first
 * attempts' success rate; and the setup checklist. Read from the app's own database (no call to Shopify).
 */
export async function homeDashboard(ctx: {
  db: ShopScope["db"];
  shop: string;
  timeZone: string;
  now: Date;
  /** The access scopes the app asks for. */
  requiredScopes: readonly string[];
}) {
  const windows = dashboardWindows(ctx.now, ctx.timeZone);
  const [figures, outcomes, offers, shop, dataRequests] = await Promise.all([
    dashboardFigures(ctx.db, ctx.shop, windows),
    firstAttemptOutcomes(ctx.db, ctx.shop),
    listOfferRows(ctx.db, ctx.shop),
    findShop(ctx.db, ctx.shop),
    listDataRequests({ db: ctx.db, shop: ctx.shop }),
  ]);
  const granted = new Set((shop?.scopes ?? "").split(",").map((scope) => scope.trim()));
  // A write scope implies its read scope.
  const has = (scope: string) => granted.has(scope) || granted.has(scope.replace(/^read_/, "write_"));
  const missingScopes = shop?.scopes ? ctx.requiredScopes.filter((scope) => !has(scope)) : [];
  const setup: SetupStep[] = [
    { id: "offer", done: offers.length > 0 },
    { id: "products", done: offers.some((offer) => offer.products.length > 0 || offer.variants.length > 0) },
    { id: "storefront", done: null },
    { id: "scopes", done: missingScopes.length === 0, missingScopes },
    { id: "gateway", done: null },
  ];
  const since = ctx.now.getTime() - DATA_REQUEST_DAYS * 24 * 60 * 60 * 1000;
  return {
    windows,
    figures,
    firstAttempts: { ...outcomes, percent: firstAttemptSuccessPercent(outcomes) },
    setup,
    installedAt: shop?.installedAt ?? null,
    recentDataRequests: dataRequests.filter((item) => item.receivedAt.getTime() >= since).length,
  };
}

/** The health of the shop's webhook intake: deliveries by state. */
export function deliveryHealth(scope: ShopScope) {
  return countDeliveriesByStatus(scope.db, scope.shop);
}

/** Whether the database answers (the health check load balancers poll). */
export function databaseReachable(): Promise<boolean> {
  return pingDatabase(prisma);
}
