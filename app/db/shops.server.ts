// Installations: which shops have the app, since when, and with which scopes.
import type { Database } from "../db.server";

export async function recordInstallation(db: Database, input: { shop: string; scopes: string | null }) {
  await db.shop.upsert({
    where: { domain: input.shop },
    create: { domain: input.shop, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null },
  });
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

export async function findShop(db: Database, shop: string) {
  return db.shop.findUnique({ where: { domain: shop } });
}
