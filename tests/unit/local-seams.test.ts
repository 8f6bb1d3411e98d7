// The local seams change nothing unless SHOPIFY_LOCAL_SIMULATOR_URL is set.
import { describe, expect, it } from "vitest";
import { allowLocalAdminFrame } from "~/local/document-headers.server";

const SHOPIFY_CSP =
  "frame-ancestors https://demo.myshopify.com https://admin.shopify.com https://*.spin.dev https://admin.myshopify.io https://admin.shop.dev;";

describe("document headers", () => {
  it("let the simulator's admin page frame the app and preload the stand-in App Bridge", () => {
    const headers = new Headers({
      "Content-Security-Policy": SHOPIFY_CSP,
      Link: '<https://cdn.shopify.com/shopifycloud/app-bridge.js>; rel="preload"; as="script";',
    });
    allowLocalAdminFrame(headers, {
      simulatorUrl: "http://127.0.0.1:8081",
      appBridgeUrl: "http://127.0.0.1:8081/app-bridge.js",
    });
    expect(headers.get("Content-Security-Policy")).toBe(
      SHOPIFY_CSP.replace("frame-ancestors", "frame-ancestors http://127.0.0.1:8081"),
    );
    expect(headers.get("Link")).toBe('<http://127.0.0.1:8081/app-bridge.js>; rel="preload"; as="script";');
  });
});
