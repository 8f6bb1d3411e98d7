// LOCAL SEAM (README, "Local seams"): the simulator's stand-in for Shopify's token exchange.
// Answers 404 unless SHOPIFY_LOCAL_SIMULATOR_URL is set, so it does not exist in production.
import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { acceptLocalInstall } from "../local/install.server";
import { afterInstallation, sessionStorage } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const settings = config();
  if (!settings.local) return new Response("Not found", { status: 404 });
  return acceptLocalInstall(request, {
    apiSecret: settings.apiSecret,
    sessionStorage,
    afterInstall: (shop, reinstalled) => afterInstallation(shop, reinstalled),
  });
};

export const loader = () => new Response("Not found", { status: 404 });
