// The local seams change nothing unless SHOPIFY_LOCAL_SIMULATOR_URL is set.
import { afterEach, describe, expect, it, vi } from "vitest";
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

describe("App Bridge script override", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is not set in a production configuration", async () => {
    vi.stubEnv("SHOPIFY_LOCAL_SIMULATOR_URL", "");
    vi.stubEnv("APP_BRIDGE_URL", "");
    vi.resetModules();
    await import("~/local/app-bridge-env.server");
    expect(process.env.APP_BRIDGE_URL).toBe("");
  });

  it("points shopify-app-remix's bounce pages at the simulator's stand-in when the simulator is configured", async () => {
    vi.stubEnv("SHOPIFY_LOCAL_SIMULATOR_URL", "http://127.0.0.1:8081/");
    vi.stubEnv("APP_BRIDGE_URL", "");
    delete process.env.APP_BRIDGE_URL;
    vi.resetModules();
    await import("~/local/app-bridge-env.server");
    expect(process.env.APP_BRIDGE_URL).toBe("http://127.0.0.1:8081/app-bridge.js");
  });
});
