// The database scoped to one shop, for the use cases a page calls with nothing but the session's shop.
import prisma, { type Database } from "../db/client.server";

export interface ShopScope {
  db: Database;
  shop: string;
}

/** Every read and write made through it is for `shop` (the authenticated session's). */
export function shopScope(shop: string, db: Database = prisma): ShopScope {
  return { db, shop };
}
