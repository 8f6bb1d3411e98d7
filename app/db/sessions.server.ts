// Shopify sessions as the app itself reads them (the library's session storage writes them).
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Database } from "./client.server";

/** The library's session storage on the app's database (retrying while the database starts). */
export function databaseSessionStorage(db: Database) {
  return new PrismaSessionStorage(db, { connectionRetries: 5, connectionRetryIntervalMs: 1000 });
}

/** The shop's offline access token (what background work uses), or null once it uninstalled the app. */
export async function findOfflineAccessToken(db: Database, shop: string): Promise<string | null> {
  const session = await db.session.findUnique({ where: { id: `offline_${shop}` }, select: { accessToken: true } });
  return session?.accessToken ?? null;
}
