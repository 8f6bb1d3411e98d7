// A stored delivery body, parsed twice over: as JSON (what handlers read) and losslessly, where every number keeps
// its exact digits. REST payloads carry ids such as `order_id` as JSON numbers that exceed 2^53; `JSON.parse`
// rounds them to another order's id, the lossless view does not.
import { parse as parseLossless } from "lossless-json";
import { exactId } from "../domain/deferred-order";

export type ParsedBody = { ok: true; payload: unknown; exact: () => unknown } | { ok: false; error: string };

export function parseDeliveryBody(raw: string): ParsedBody {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  let exact: unknown;
  let parsed = false;
  return {
    ok: true,
    payload,
    // Parsed on first use only: most handlers read gids, which are strings and exact already.
    exact: () => {
      if (!parsed) {
        exact = parseLossless(raw, null, (digits) => digits);
        parsed = true;
      }
      return exact;
    },
  };
}

/** The exact digits of a numeric id at `path` in a lossless body (numbers as their source text), or null. */
export function exactIdAt(exact: unknown, ...path: string[]): string | null {
  let node: unknown = exact;
  for (const key of path) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "string" ? exactId(node) : null;
}
