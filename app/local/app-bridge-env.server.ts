// LOCAL SEAM (README, "Local seams"): with the simulator, shopify-app-remix's own bounce and exit-iframe pages
// must load the App Bridge stand-in too. Its node adapter reads APP_BRIDGE_URL when it is first imported, so
// this module is imported before it. Without SHOPIFY_LOCAL_SIMULATOR_URL it changes nothing.
const simulator = process.env.SHOPIFY_LOCAL_SIMULATOR_URL?.replace(/\/+$/, "");
if (simulator && !process.env.APP_BRIDGE_URL) {
  process.env.APP_BRIDGE_URL = `${simulator}/app-bridge.js`;
}
export {};
