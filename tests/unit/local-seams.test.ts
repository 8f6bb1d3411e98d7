// The local seams change nothing unless SHOPIFY_LOCAL_SIMULATOR_URL is set.
import { describe, expect, it } from "vitest";
import { simulatorClock, systemClock } from "~/local/clock.server";
import { allowLocalAdminFrame } from "~/local/document-headers.server";
import { storefrontPreviewOf } from "~/local/storefront-preview.server";

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

describe("the app's clock in local runs", () => {
  const simulatorAnswering = (times: (string | Error)[]) => {
    const calls: string[] = [];
    const fetch = (async (url: string) => {
      calls.push(String(url));
      const next = times.shift()!;
      if (next instanceof Error) throw next;
      return new Response(JSON.stringify({ now: next }), { headers: { "content-type": "application/json" } });
    }) as unknown as typeof globalThis.fetch;
    return { calls, fetch };
  };

  it("is the system's until it has read the simulator's, then follows the simulator's, moving with real time", async () => {
    const ahead = new Date(Date.now() + 24 * 3_600_000).toISOString(); // the simulator was advanced a day
    const sim = simulatorAnswering([ahead]);
    const clock = simulatorClock("http://127.0.0.1:8081", { fetch: sim.fetch, refreshMs: 60_000 });
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
    await clock.sync();
    expect(sim.calls).toEqual(["http://127.0.0.1:8081/_sim/clock"]);
    expect(Math.abs(clock.now().getTime() - Date.parse(ahead))).toBeLessThan(1_000);
    // Read again at most every refreshMs: a claim loop does not ask the simulator on every pass.
    await clock.sync();
    expect(sim.calls).toHaveLength(1);
  });

  it("keeps the last time it read when the simulator cannot answer, and reads again on the next sync", async () => {
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const sim = simulatorAnswering([ahead, new Error("ECONNREFUSED"), later]);
    const clock = simulatorClock("http://127.0.0.1:8081", { fetch: sim.fetch, refreshMs: 0 });
    await clock.sync();
    await clock.sync();
    expect(Math.abs(clock.now().getTime() - Date.parse(ahead))).toBeLessThan(1_000);
    await clock.sync();
    expect(Math.abs(clock.now().getTime() - Date.parse(later))).toBeLessThan(1_000);
  });

  it("is the system's clock, with nothing to read, in production", async () => {
    await systemClock.sync();
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(50);
  });
});

describe("storefront preview links", () => {
  const products = [{ id: "gid://shopify/Product/1000000003", title: "Alpine Down Jacket" }];

  it("point at the simulator's storefront pages of the offer's products", () => {
    expect(storefrontPreviewOf("demo.myshopify.com", products, "http://127.0.0.1:8081/")).toEqual({
      shopUrl: "http://127.0.0.1:8081/storefront/demo",
      products: [
        {
          id: "gid://shopify/Product/1000000003",
          title: "Alpine Down Jacket",
          url: "http://127.0.0.1:8081/storefront/demo/product-id/1000000003",
        },
      ],
    });
  });

  it("are absent without the simulator (production)", () => {
    expect(storefrontPreviewOf("demo.myshopify.com", products, null)).toBeNull();
  });
});
