// Every GraphQL document in app/ must parse and validate against the vendored 2026-10 Admin schema.
import { fileURLToPath } from "node:url";
import { parse, validate, type DocumentNode, type GraphQLError } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "~/shopify/schema/load.server";
import { findDocuments, findDocumentsInCode, type FoundDocument } from "./graphql-documents";

const appDir = fileURLToPath(new URL("../../../app", import.meta.url));

function problemsOf(doc: FoundDocument): string[] {
  if (doc.interpolated) return ["uses ${...}: keep documents static so codegen can type them"];
  let ast: DocumentNode;
  try {
    ast = parse(doc.source);
  } catch (error) {
    return [(error as GraphQLError).message];
  }
  return validate(loadAdminSchema(), ast).map((e) => e.message);
}

describe("GraphQL documents in app/", () => {
  let documents: FoundDocument[];
  beforeAll(() => {
    documents = findDocuments(appDir);
    loadAdminSchema();
  });

  it("finds the documents (the scan is not vacuous)", () => {
    const shopQuery = documents.find((d) => d.location.startsWith("shopify/operations/shop.ts:"));
    expect(shopQuery?.source).toContain("query ShopIdentity");
  });

  it("are valid against the Admin API schema", () => {
    const failures = documents.flatMap((doc) => problemsOf(doc).map((p) => `${doc.location}: ${p}`));
    expect(failures).toEqual([]);
  });

  it("have unique operation names (codegen keys types by them)", () => {
    const names = documents.flatMap((doc) => {
      if (doc.interpolated) return [];
      return parse(doc.source).definitions.flatMap((d) =>
        d.kind === "OperationDefinition" && d.name ? [d.name.value] : [],
      );
    });
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe("the validation itself", () => {
  const code = [
    "const A = `#graphql",
    "  query A { shop { name notAField } }",
    "`;",
    "const B = /* GraphQL */ `query B { shop { id } }`;",
    "const C = `not graphql at all`;",
    "const D = `#graphql",
    "  query D { shop { ${'name'} } }`;",
  ].join("\n");
  const found = findDocumentsInCode(code, "fixture.ts");

  it("finds both `#graphql` and `/* GraphQL */` templates, and nothing else", () => {
    expect(found.map((d) => d.location)).toEqual(["fixture.ts:1", "fixture.ts:4", "fixture.ts:6"]);
  });

  it("rejects an unknown field", () => {
    expect(problemsOf(found[0]!)).toEqual([expect.stringContaining('Cannot query field "notAField" on type "Shop".')]);
  });

  it("accepts a valid document", () => {
    expect(problemsOf(found[1]!)).toEqual([]);
  });

  it("refuses interpolated documents", () => {
    expect(problemsOf(found[2]!)[0]).toMatch(/keep documents static/);
  });

  it("reports wrong argument types and missing required arguments", () => {
    const doc = {
      location: "x",
      interpolated: false,
      source: "query { order(id: true) { id } productVariant { id } }",
    };
    expect(problemsOf(doc)).toEqual([
      "ID cannot represent a non-string and non-integer value: true",
      'Field "productVariant" argument "id" of type "ID!" is required, but it was not provided.',
    ]);
  });
});
