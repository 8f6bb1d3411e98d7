// Relay-style pagination over in-memory lists, with opaque cursors like Shopify's (base64 JSON of the last id).
import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export const MAX_PAGE_SIZE = 250;

export function encodeCursor(id: number | string): string {
  return Buffer.from(JSON.stringify({ last_id: id })).toString("base64url");
}

function decodeCursor(cursor: string): number | string {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: number | string };
    if (v.last_id === undefined) throw new Error("no id");
    return v.last_id;
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
  }
}

export function connection<T, V>(
  all: readonly T[],
  args: ConnectionArgs,
  idOf: (t: T) => number | string,
  view: (t: T) => V,
) {
  if (args.first == null && args.last == null) throw new GraphQLError("you must provide one of first or last");
  const size = args.first ?? args.last ?? 0;
  if (size < 0) throw new GraphQLError("first and last must be non-negative");
  if (size > MAX_PAGE_SIZE)
    throw new GraphQLError(`The maximum page size is ${MAX_PAGE_SIZE}; requested ${size}`, {
      extensions: { code: "BAD_REQUEST" },
    });
  let list = args.reverse ? [...all].reverse() : [...all];
  if (args.after) {
    const id = decodeCursor(args.after);
    const at = list.findIndex((t) => idOf(t) === id);
    list = at >= 0 ? list.slice(at + 1) : [];
  }
  if (args.before) {
    const id = decodeCursor(args.before);
    const at = list.findIndex((t) => idOf(t) === id);
    list = at >= 0 ? list.slice(0, at) : list;
  }
  const total = list.length;
  const page = args.first != null ? list.slice(0, args.first) : list.slice(Math.max(0, list.length - (args.last ?? 0)));
  const edges = page.map((t) => ({ cursor: encodeCursor(idOf(t)), node: view(t) }));
  const hasMore = total > page.length;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: args.first != null ? hasMore : Boolean(args.before),
      hasPreviousPage: args.last != null ? hasMore : Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function count(n: number) {
  return { count: n, precision: "EXACT" as const };
}
