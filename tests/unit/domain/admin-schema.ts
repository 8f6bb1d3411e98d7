// Loads the project's vendored Admin API 2026-10 schema (introspection JSON, gzipped) for schema-conformance tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

const SCHEMA_FILE = fileURLToPath(new URL("../../../app/shopify/schema/admin_2026-10.json.gz", import.meta.url));

let cached: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as
    { data: IntrospectionQuery } | IntrospectionQuery;
  // The file wraps the introspection result in `data` (as a GraphQL response does); accept both shapes.
  const introspection = "data" in json ? json.data : json;
  cached = buildClientSchema(introspection);
  return cached;
}
