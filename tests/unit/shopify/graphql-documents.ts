// Finds GraphQL documents in source files the way codegen's pluckConfig does (`#graphql` or `/* GraphQL */` templates).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface FoundDocument {
  /** file:line, for failure messages. */
  location: string;
  source: string;
  /** Set when the template interpolates `${...}`: codegen cannot type those, so they are refused. */
  interpolated: boolean;
}

const GRAPHQL_MAGIC_COMMENT = /^\/\*\s*graphql\s*\*\/$/i;
const GRAPHQL_HASH_COMMENT = /#graphql\s*\n/i;

/** Documents in one TypeScript/TSX source text. */
export function findDocumentsInCode(code: string, fileName: string): FoundDocument[] {
  const sourceFile = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: FoundDocument[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const head = ts.isNoSubstitutionTemplateLiteral(node) ? node.text : node.head.text;
      // A comment on the same line as `=` counts as trailing trivia of the previous token in TS's API.
      const comments = [
        ...(ts.getLeadingCommentRanges(code, node.pos) ?? []),
        ...(ts.getTrailingCommentRanges(code, node.pos) ?? []),
      ];
      const magic = comments.some((c) => GRAPHQL_MAGIC_COMMENT.test(code.slice(c.pos, c.end)));
      if (magic || GRAPHQL_HASH_COMMENT.test(head)) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
        found.push({
          location: `${fileName}:${line + 1}`,
          source: ts.isNoSubstitutionTemplateLiteral(node) ? node.text : node.getText().slice(1, -1),
          interpolated: ts.isTemplateExpression(node),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Every document under `root`: templates in .ts/.tsx, whole .graphql files. Generated .d.ts files are skipped. */
export function findDocuments(root: string, base = root): FoundDocument[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    const name = relative(base, path);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : findDocuments(path, base);
    if (entry.name.endsWith(".d.ts")) return [];
    if (/\.(ts|tsx)$/.test(entry.name)) return findDocumentsInCode(readFileSync(path, "utf8"), name);
    if (entry.name.endsWith(".graphql"))
      return [{ location: name, source: readFileSync(path, "utf8"), interpolated: false }];
    return [];
  });
}
