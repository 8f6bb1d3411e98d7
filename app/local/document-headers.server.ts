// LOCAL SEAM (README, "Local seams"): lets the simulator's admin page frame the app, and preloads the
// App Bridge stand-in instead of Shopify's CDN script. Only called when SHOPIFY_LOCAL_SIMULATOR_URL is set.

export function allowLocalAdminFrame(headers: Headers, local: { simulatorUrl: string; appBridgeUrl: string }) {
  const policy = headers.get("Content-Security-Policy");
  const origin = new URL(local.simulatorUrl).origin;
  if (policy?.includes("frame-ancestors") && !policy.includes(origin)) {
    headers.set("Content-Security-Policy", policy.replace("frame-ancestors", `frame-ancestors ${origin}`));
  }
  if (headers.get("Link")?.includes("cdn.shopify.com")) {
    headers.set("Link", `<${local.appBridgeUrl}>; rel="preload"; as="script";`);
  }
}
