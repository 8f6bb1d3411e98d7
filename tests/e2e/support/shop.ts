// The e2e shop: installs the app in it through the simulator's control API (which creates the shop if needed).
import { SimulatorClient } from "../../../simulator/client";

/**
 * The simulator creates `shop`, issues an offline token and calls the app's POST /local/install with it,
 * which stores the offline session that embedded authentication loads. Idempotent, so reused servers are fine.
 */
export async function installE2eShop(simulatorUrl: string, shop: string): Promise<void> {
  const result = await new SimulatorClient(simulatorUrl).install(shop);
  if (!result.installed) {
    throw new Error(
      `Installing the app in ${shop} failed: ${result.error ?? "unknown error"} (app answered ${JSON.stringify(result.app)})`,
    );
  }
}
