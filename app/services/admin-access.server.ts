// The Admin API gateway for a request's session, or for background work on a shop (its stored offline session).
import type { Database } from "../db/client.server";
import { findOfflineAccessToken } from "../db/sessions.server";
import { adminClientFor } from "../shopify/admin.server";
import type { AdminClient } from "../shopify/client.server";

export function adminForSession(session: { shop: string; accessToken?: string }): AdminClient {
  return adminClientFor(session);
}

/** The gateway for background work (webhooks, scheduler): null when the shop no longer has an offline session. */
export async function offlineAdminClient(db: Database, shop: string): Promise<AdminClient | null> {
  const accessToken = await findOfflineAccessToken(db, shop);
  return accessToken ? adminClientFor({ shop, accessToken }) : null;
}
