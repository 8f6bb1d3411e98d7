// Builds the Admin API gateway for a shop and its access token, with the configured Admin API origin.
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
