// A subset of Shopify's search syntax (`field:value`, comparisons, quotes, negation, implicit AND) used by list queries.

export type Comparator = "=" | ">" | "<" | ">=" | "<=";

export interface SearchTerm {
  field: string | null;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

export class SearchSyntaxError extends Error {}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    let tok = "";
    while (i < query.length && !/\s/.test(query[i]!)) {
      if (query[i] === '"' || query[i] === "'") {
        const q = query[i]!;
        const end = query.indexOf(q, i + 1);
        if (end < 0) throw new SearchSyntaxError(`Unterminated quote in search query: ${query}`);
        tok += query.slice(i, end + 1);
        i = end + 1;
      } else tok += query[i++];
    }
    tokens.push(tok);
  }
  return tokens;
}

function unquote(v: string): string {
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

export function parseSearch(query: string | null | undefined): SearchTerm[] {
  if (!query || !query.trim()) return [];
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const raw of tokenize(query)) {
    if (raw === "AND") continue;
    if (raw === "OR" || raw.startsWith("("))
      throw new SearchSyntaxError("OR and grouping in search queries are not implemented by the local simulator");
    if (raw === "NOT") {
      negateNext = true;
      continue;
    }
    let tok = raw;
    let negated = negateNext;
    negateNext = false;
    if (tok.startsWith("-")) {
      negated = true;
      tok = tok.slice(1);
    }
    const m = /^([a-zA-Z_][a-zA-Z0-9_.]*):(>=|<=|>|<)?(.*)$/.exec(tok);
    if (m)
      terms.push({
        field: m[1]!.toLowerCase(),
        comparator: (m[2] as Comparator | undefined) ?? "=",
        value: unquote(m[3]!),
        negated,
      });
    else terms.push({ field: null, comparator: "=", value: unquote(tok), negated });
  }
  return terms;
}

/** Compares a date/number field against a term's value; dates accept ISO strings and "now"-relative words are not supported. */
export function compare(actual: number | null, term: SearchTerm, parse: (v: string) => number): boolean {
  if (actual === null) return false;
  const expected = parse(term.value);
  if (Number.isNaN(expected)) throw new SearchSyntaxError(`Invalid value for ${term.field}: ${term.value}`);
  switch (term.comparator) {
    case "=":
      return actual === expected;
    case ">":
      return actual > expected;
    case "<":
      return actual < expected;
    case ">=":
      return actual >= expected;
    case "<=":
      return actual <= expected;
  }
}

/** Shopify's wildcard matching for text filters: `name:Pre*` is a prefix match, otherwise case-insensitive equality. */
export function matchText(actual: string | null, value: string): boolean {
  if (actual === null) return false;
  const a = actual.toLowerCase();
  const v = value.toLowerCase();
  return v.endsWith("*") ? a.startsWith(v.slice(0, -1)) : a === v;
}

export function parseDateValue(v: string): number {
  return Date.parse(v);
}
