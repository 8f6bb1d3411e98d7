// Loads the real Admin API 2026-10 schema (introspection JSON shipped with the app) and gives its custom scalars Shopify's parsing.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  buildClientSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ValueNode,
} from "graphql";

export const API_VERSION = "2026-10";

export const DEFAULT_SCHEMA_PATH = fileURLToPath(
  new URL("../../../app/shopify/schema/admin_2026-10.json.gz", import.meta.url),
);

const cache = new Map<string, GraphQLSchema>();

export function loadSchema(path: string = DEFAULT_SCHEMA_PATH): GraphQLSchema {
  const hit = cache.get(path);
  if (hit) return hit;
  const raw = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as {
    data?: IntrospectionQuery;
  } & Partial<IntrospectionQuery>;
  const introspection = (raw.data ?? raw) as IntrospectionQuery;
  const schema = buildClientSchema(introspection);
  patchScalars(schema);
  cache.set(path, schema);
  return schema;
}

/** Shopify's DateTime format: ISO-8601 in UTC without milliseconds ("2026-11-22T10:00:00Z"). */
export function formatDateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function literalString(ast: ValueNode): string | undefined {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  return undefined;
}

function set(
  schema: GraphQLSchema,
  name: string,
  fns: Pick<GraphQLScalarType, "serialize" | "parseValue" | "parseLiteral">,
): void {
  const t = schema.getType(name);
  if (!(t instanceof GraphQLScalarType)) return;
  // buildClientSchema gives custom scalars identity functions; GraphQLScalarType keeps them as writable instance fields.
  Object.assign(t, fns);
}

function patchScalars(schema: GraphQLSchema): void {
  const parseDateTime = (v: unknown): string => {
    if (typeof v !== "string" || Number.isNaN(Date.parse(v)))
      throw new GraphQLError(`invalid DateTime: ${JSON.stringify(v)}`);
    return v;
  };
  set(schema, "DateTime", {
    serialize: (v) => (v instanceof Date ? formatDateTime(v) : v),
    parseValue: parseDateTime,
    parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
  });
  for (const name of ["Decimal", "Money"]) {
    const parse = (v: unknown): string => {
      const s = typeof v === "number" ? String(v) : v;
      if (typeof s !== "string" || !DECIMAL.test(s.trim()))
        throw new GraphQLError(`invalid ${name}: ${JSON.stringify(v)}`);
      return s.trim();
    };
    set(schema, name, { serialize: (v) => v, parseValue: parse, parseLiteral: (ast) => parse(literalString(ast)) });
  }
  set(schema, "UnsignedInt64", {
    serialize: (v) => (typeof v === "bigint" || typeof v === "number" ? v.toString() : v),
    parseValue: (v) => v,
    parseLiteral: (ast) => literalString(ast),
  });
}
