// Loads the vendored Admin API schema (introspection JSON, gzipped) for validation, codegen and the simulator.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { ADMIN_API_VERSION } from "../version";

/** Absolute path of the vendored schema for the pinned API version. */
export const ADMIN_SCHEMA_PATH = fileURLToPath(new URL(`./admin_${ADMIN_API_VERSION}.json.gz`, import.meta.url));

let cached: GraphQLSchema | undefined;

/**
 * Parses the gzipped introspection result into a GraphQLSchema.
 * Shopify's dev-mcp file wraps it as `{ data: { __schema }, offline_scopes }`; a bare
 * `{ __schema }` is accepted too so a hand-made introspection dump also works.
 */
export function parseAdminSchema(gzipped: Buffer): GraphQLSchema {
  const json: unknown = JSON.parse(gunzipSync(gzipped).toString("utf8"));
  const introspection = isRecord(json) && isRecord(json.data) ? json.data : json;
  if (!isRecord(introspection) || !isRecord(introspection.__schema)) {
    throw new Error("Admin schema file is not an introspection result (no __schema found)");
  }
  return buildClientSchema(introspection as unknown as IntrospectionQuery);
}

/** The pinned Admin API schema, parsed once per process (it is ~1 MB gzipped). */
export function loadAdminSchema(): GraphQLSchema {
  cached ??= parseAdminSchema(readFileSync(ADMIN_SCHEMA_PATH));
  return cached;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
