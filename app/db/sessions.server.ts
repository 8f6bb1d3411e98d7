// Shopify sessions as the app itself reads them (the library's session storage writes them).
import type { Database } from "./client.server";

/** The shop's offline access token (what background work uses), or null once it uninstalled the app. */
export async function findOfflineAccessToken(db: Database, shop: string): Promise<string | null> {
  const session = await db.session.findUnique({ where: { id: `offline_${shop}` }, select: { accessToken: true } });
  return session?.accessToken ?? null;
}
