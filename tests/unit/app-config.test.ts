// shopify.app.toml, the app's config and its webhook routes must agree; local seams are off unless asked for.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { APP_SCOPES, parseConfig } from "~/config.server";
import { COMPLIANCE_TOPICS, routeForTopic, SUBSCRIBED_TOPICS, topicFromHeader } from "~/webhooks/topics";

interface AppToml {
  access_scopes: { scopes: string };
  webhooks: {
    api_version: string;
    subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }>;
  };
}

const toml = parse(readFileSync("shopify.app.toml", "utf8")) as unknown as AppToml;
const baseEnv = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example.com/" };

describe("shopify.app.toml", () => {
  it("asks for exactly the scopes the app declares", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([...APP_SCOPES].sort());
  });

  it("subscribes every topic the app handles, each to its own route", () => {
    const declared = toml.webhooks.subscriptions.flatMap((s) =>
      (s.topics ?? []).map((topic) => ({ topic, uri: s.uri })),
    );
    expect(declared.map((d) => d.topic).sort()).toEqual([...SUBSCRIBED_TOPICS].sort());
    for (const { topic, uri } of declared) {
      expect(uri).toBe(`/webhooks/${routeForTopic(topic as (typeof SUBSCRIBED_TOPICS)[number])}`);
    }
  });

  it("sends the mandatory compliance topics to /webhooks/compliance", () => {
    const compliance = toml.webhooks.subscriptions.find((s) => s.compliance_topics);
    expect(compliance?.uri).toBe("/webhooks/compliance");
    expect(compliance?.compliance_topics?.sort()).toEqual([...COMPLIANCE_TOPICS].sort());
  });

  it("maps Shopify's header topics to the app's topics", () => {
    expect(topicFromHeader("orders/create")).toBe("orders/create");
    expect(topicFromHeader("ORDERS_CREATE")).toBe("orders/create");
    expect(topicFromHeader("PAYMENT_SCHEDULES_DUE")).toBe("payment_schedules/due");
    expect(topicFromHeader("carts/create")).toBeUndefined();
  });
});

describe("configuration", () => {
  it("names every missing required variable", () => {
    expect(() => parseConfig({})).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL/);
  });

  it("refuses an app URL that is not http(s)", () => {
    expect(() => parseConfig({ ...baseEnv, SHOPIFY_APP_URL: "ftp://x" })).toThrow(/SHOPIFY_APP_URL/);
  });

  it("keeps production behaviour when no simulator is configured", () => {
    const settings = parseConfig(baseEnv);
    expect(settings.local).toBeUndefined();
    expect(settings.adminApiOrigin).toBeUndefined();
    expect(settings.appUrl).toBe("https://app.example.com");
    expect(settings.scopes).toEqual([...APP_SCOPES]);
  });

  it("turns the local seams on only with SHOPIFY_LOCAL_SIMULATOR_URL", () => {
    const settings = parseConfig({ ...baseEnv, SHOPIFY_LOCAL_SIMULATOR_URL: "http://127.0.0.1:8081/" });
    expect(settings.local).toEqual({
      simulatorUrl: "http://127.0.0.1:8081",
      appBridgeUrl: "http://127.0.0.1:8081/app-bridge.js",
    });
    expect(settings.adminApiOrigin).toBe("http://127.0.0.1:8081");
  });

  it("lets an explicit Admin API origin win over the simulator's", () => {
    const settings = parseConfig({
      ...baseEnv,
      SHOPIFY_LOCAL_SIMULATOR_URL: "http://127.0.0.1:8081",
      SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:9999",
    });
    expect(settings.adminApiOrigin).toBe("http://127.0.0.1:9999");
  });

  it("processes webhooks in the web process unless told to leave them to the worker, and refuses other values", () => {
    expect(parseConfig(baseEnv).webhookProcessing).toBe("web");
    expect(parseConfig({ ...baseEnv, WEBHOOK_PROCESSING: "worker" }).webhookProcessing).toBe("worker");
    expect(() => parseConfig({ ...baseEnv, WEBHOOK_PROCESSING: "later" })).toThrow(/WEBHOOK_PROCESSING/);
  });
});
