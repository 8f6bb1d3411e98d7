// A small read-only DOM over rendered HTML (parsed with Shopify's own Liquid-HTML parser) for test assertions.
import { toLiquidHtmlAST } from "@shopify/liquid-html-parser";

export interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
  /** Raw body of <script>/<style>. */
  raw: string;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  "#x27": "'",
  nbsp: "\u00a0",
};
const decode = (text: string) => text.replace(/&(#?\w+);/g, (entity, name: string) => ENTITIES[name] ?? entity);

// The parser's node types are a wide union; only the fields read here are described.
interface AstNode {
  type: string;
  name?: string | AstNode[];
  value?: string | AstNode[];
  attributes?: AstNode[];
  children?: AstNode[];
  body?: { value?: string };
}

const joinText = (nodes: AstNode[] | string | undefined): string =>
  typeof nodes === "string"
    ? nodes
    : (nodes ?? []).map((node) => (typeof node.value === "string" ? node.value : "")).join("");

function convert(node: AstNode): Element | string | null {
  if (node.type === "TextNode") return decode(typeof node.value === "string" ? node.value : "");
  if (!["HtmlElement", "HtmlVoidElement", "HtmlSelfClosingElement", "HtmlRawNode"].includes(node.type)) {
    throw new Error(`unexpected node ${node.type} in rendered HTML`);
  }
  const attrs: Record<string, string> = {};
  for (const attr of node.attributes ?? []) attrs[joinText(attr.name)] = decode(joinText(attr.value));
  return {
    tag: joinText(node.name).toLowerCase(),
    attrs,
    children: (node.children ?? []).map(convert).filter((child): child is Element | string => child !== null),
    raw: node.body?.value ?? "",
  };
}

export function parseHtml(html: string): Element {
  const ast = toLiquidHtmlAST(html) as unknown as { children: AstNode[] };
  return {
    tag: "#document",
    attrs: {},
    raw: "",
    children: ast.children.map(convert).filter((c): c is Element | string => c !== null),
  };
}

/** Whitespace-normalised text, like innerText without layout. */
export function text(element: Element | undefined): string {
  if (!element) return "";
  const parts = element.children.map((child) => (typeof child === "string" ? child : text(child)));
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** One compound selector: `tag`, `[attr]`, `[attr="value"]`, `.class`, combined without spaces. */
function matches(element: Element, selector: string): boolean {
  const tag = /^[a-z][a-z0-9-]*/i.exec(selector)?.[0];
  if (tag && element.tag !== tag.toLowerCase()) return false;
  for (const [, name, value] of selector.matchAll(/\[([\w-]+)(?:="([^"]*)")?\]/g)) {
    if (name === undefined || !(name in element.attrs)) return false;
    if (value !== undefined && element.attrs[name] !== value) return false;
  }
  for (const [, className] of selector.matchAll(/\.([\w-]+)/g)) {
    if (!(element.attrs["class"] ?? "").split(/\s+/).includes(className ?? "")) return false;
  }
  return true;
}

function descendants(root: Element, selector: string): Element[] {
  const found: Element[] = [];
  const visit = (element: Element) => {
    for (const child of element.children) {
      if (typeof child === "string") continue;
      if (matches(child, selector)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Compound selectors joined by the descendant combinator (a space): `fieldset input[checked]`. */
export function queryAll(root: Element, selector: string): Element[] {
  const steps = selector.match(/(?:[^\s[]|\[[^\]]*\])+/g) ?? [];
  let scope = [root];
  for (const step of steps) scope = [...new Set(scope.flatMap((element) => descendants(element, step)))];
  return scope;
}

export function query(root: Element, selector: string): Element | undefined {
  return queryAll(root, selector)[0];
}

export const has = (element: Element | undefined, attr: string): boolean =>
  element !== undefined && attr in element.attrs;
