// The Admin API version is pinned once (app/shopify/version.ts) and shopify.app.toml agrees with it.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { adminApiEndpoint } from "~/shopify/client.server";
import { ADMIN_SCHEMA_PATH } from "~/shopify/schema/load.server";
import { ADMIN_API_VERSION } from "~/shopify/version";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("Admin API version", () => {
  it("is a stable quarterly release", () => {
    expect(ADMIN_API_VERSION).toMatch(/^\d{4}-(01|04|07|10)$/);
  });

  it("matches shopify.app.toml [webhooks] api_version", () => {
    const toml = parse(readFileSync(`${root}shopify.app.toml`, "utf8")) as { webhooks?: { api_version?: unknown } };
    expect(toml.webhooks?.api_version).toBe(ADMIN_API_VERSION);
  });

  it("has its schema vendored", () => {
    expect(ADMIN_SCHEMA_PATH.endsWith(`admin_${ADMIN_API_VERSION}.json.gz`)).toBe(true);
    expect(existsSync(ADMIN_SCHEMA_PATH)).toBe(true);
  });

  it("is the version in the endpoint", () => {
    expect(adminApiEndpoint("example.myshopify.com")).toBe(
      `https://example.myshopify.com/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    );
  });
});
