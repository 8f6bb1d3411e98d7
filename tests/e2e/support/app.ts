// Where the specs find the app under test: the simulator and shop the global setup started and installed
// (tests/e2e/global-setup.ts sets the variables), the app's path in that shop's admin, and a simulator client.
import { SimulatorClient } from "../../../simulator/client";

export const simulatorUrl = process.env.E2E_SIMULATOR_URL!;
export const shop = process.env.E2E_SHOP!;
export const adminBase = `/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/deferred-purchase-options`;
export const sim = new SimulatorClient(simulatorUrl);
