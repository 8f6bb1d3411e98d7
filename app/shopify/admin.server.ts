// Builds the Admin API gateway for a shop's offline session, with the configured Admin API origin.
import { config } from "../config.server";
import { createAdminClient, type AdminClient } from "./client.server";

export function adminClientFor(session: { shop: string; accessToken?: string }): AdminClient {
  if (!session.accessToken) throw new Error(`No access token stored for ${session.shop}`);
  return createAdminClient({
    shop: session.shop,
    accessToken: session.accessToken,
    apiOrigin: config().adminApiOrigin,
  });
}

/** The gateway for background work (webhooks, scheduler): the shop's stored offline session, if it still has one. */
export async function offlineAdminClient(
  db: { session: { findUnique(args: { where: { id: string } }): Promise<{ accessToken: string } | null> } },
  shop: string,
): Promise<AdminClient | null> {
  const session = await db.session.findUnique({ where: { id: `offline_${shop}` } });
  return session ? adminClientFor({ shop, accessToken: session.accessToken }) : null;
}
