// Installations: which shops have the app, since when, and with which scopes.
import type { Database } from "./client.server";

/** Records the installation; `reinstalled` is true when the shop had uninstalled the app before. */
export async function recordInstallation(
  db: Database,
  input: { shop: string; scopes: string | null },
): Promise<{ reinstalled: boolean }> {
  const before = await db.shop.findUnique({ where: { domain: input.shop }, select: { uninstalledAt: true } });
  await db.shop.upsert({
    where: { domain: input.shop },
    create: { domain: input.shop, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null },
  });
  return { reinstalled: before?.uninstalledAt != null };
}

/** Marks the shop uninstalled and forgets its access tokens; its history stays for a reinstall. */
export async function recordUninstall(db: Database, shop: string, at: Date) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: at } }),
  ]);
}

export async function updateGrantedScopes(db: Database, shop: string, scopes: string) {
  await db.$transaction([
    db.session.updateMany({ where: { shop }, data: { scope: scopes } }),
    db.shop.updateMany({ where: { domain: shop }, data: { scopes } }),
  ]);
}

/** The shop's name, currency and time zone as the Admin API reported them. */
export async function saveShopIdentity(
  db: Database,
  shop: string,
  identity: { name: string; currencyCode: string; ianaTimezone: string },
) {
  const fields = { name: identity.name, currencyCode: identity.currencyCode, ianaTimezone: identity.ianaTimezone };
  return db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...fields }, update: fields });
}

/** True when the database answers a trivial query. */
export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

export async function findShop(db: Database, shop: string) {
  return db.shop.findUnique({ where: { domain: shop } });
}

/** True once the shop uninstalled the app (and has not reinstalled it): no work is done for it any more. */
export async function isShopUninstalled(db: Database, shop: string): Promise<boolean> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  return row?.uninstalledAt != null;
}

/**
 * shop/redact: erases every row the app holds for the shop, in one transaction. Webhook deliveries go too (their
 * bodies carry customer data), except the shop/redact deliveries themselves: the proof the request was honoured.
 */
export async function eraseShop(db: Database, shop: string) {
  const [
    sessions,
    offerSales,
    offers,
    deferredOrderLines,
    deferredOrderOffers,
    deferredOrders,
    dueDateChanges,
    backfillRuns,
    webhookEvents,
    shops,
    chargeEvents,
    _chargeRequests,
    chargeAttempts,
    balanceCharges,
    scheduledJobs,
  ] = await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.offerSale.deleteMany({ where: { shop } }),
    db.offer.deleteMany({ where: { shop } }),
    db.deferredOrderLine.deleteMany({ where: { deferredOrder: { shop } } }),
    db.deferredOrderOffer.deleteMany({ where: { shop } }),
    db.deferredOrder.deleteMany({ where: { shop } }),
    db.dueDateChange.deleteMany({ where: { shop } }),
    db.backfillRun.deleteMany({ where: { shop } }),
    db.webhookEvent.deleteMany({ where: { shop, NOT: { topic: "shop/redact" } } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    db.chargeEvent.deleteMany({ where: { shop } }),
    db.chargeRequest.deleteMany({ where: { shop } }),
    db.chargeAttempt.deleteMany({ where: { shop } }),
    db.balanceCharge.deleteMany({ where: { shop } }),
    // The unit running this erasure (a webhook delivery) settles itself; every other unit of the shop goes.
    db.scheduledJob.deleteMany({ where: { shop, NOT: { kind: "WEBHOOK", status: "RUNNING" } } }),
  ]);
  return {
    sessions: sessions.count,
    offerSales: offerSales.count,
    offers: offers.count,
    deferredOrderLines: deferredOrderLines.count,
    deferredOrderOffers: deferredOrderOffers.count,
    deferredOrders: deferredOrders.count,
    dueDateChanges: dueDateChanges.count,
    backfillRuns: backfillRuns.count,
    webhookEvents: webhookEvents.count,
    balanceCharges: balanceCharges.count,
    chargeAttempts: chargeAttempts.count,
    chargeEvents: chargeEvents.count,
    scheduledJobs: scheduledJobs.count,
    shops: shops.count,
  };
}

/** Shops that have the app installed (for commands that look at every shop, like the charge plan). */
export async function listInstalledShops(db: Database): Promise<string[]> {
  const rows = await db.shop.findMany({
    where: { uninstalledAt: null },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  return rows.map((row) => row.domain);
}
