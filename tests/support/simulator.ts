// Boots the local Shopify in-process for integration tests, with one shop (not installed, so no webhooks are sent)
// and an Admin API gateway to it.
import { randomUUID } from "node:crypto";
import { startSimulator, type RunningSimulator } from "../../simulator/src/server";
import { SimulatorClient } from "../../simulator/client";
import { createAdminClient, type AdminClient } from "~/shopify/client.server";
import { createLogger } from "~/logger.server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./shopify-app";

export interface SimulatedShop {
  simulator: RunningSimulator;
  control: SimulatorClient;
  shop: string;
  accessToken: string;
  admin: AdminClient;
  stop(): Promise<void>;
}

export async function startSimulatedShop(
  options: { currencyCode?: string; ianaTimezone?: string; appUrl?: string } = {},
): Promise<SimulatedShop> {
  const simulator = await startSimulator({
    port: 0,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: options.appUrl ?? TEST_APP_URL,
  });
  const control = new SimulatorClient(simulator.url);
  const shop = `test-${randomUUID().slice(0, 8)}.myshopify.com`;
  const { accessToken } = await control.createShop({
    domain: shop,
    name: "Test shop",
    currencyCode: options.currencyCode ?? "USD",
    ianaTimezone: options.ianaTimezone ?? "America/New_York",
    plan: "plus",
  });
  const admin = createAdminClient({
    shop,
    accessToken,
    apiOrigin: simulator.url,
    logger: createLogger({ level: "silent" }),
  });
  return { simulator, control, shop, accessToken, admin, stop: () => simulator.stop() };
}
