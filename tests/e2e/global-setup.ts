// Playwright global setup: once the simulator and the app are up, creates the e2e shop and installs the app in it.
import { installE2eShop } from "./support/shop";

export default async function globalSetup(): Promise<void> {
  const simulatorUrl = process.env.E2E_SIMULATOR_URL;
  const shop = process.env.E2E_SHOP;
  if (!simulatorUrl || !shop) throw new Error("playwright.config.ts sets E2E_SIMULATOR_URL and E2E_SHOP");
  await installE2eShop(simulatorUrl, shop);
}
