// Global ids: numeric ids unique across the whole simulator (as Shopify's are) and their GraphQL gids.

export class IdSequence {
  private next = 1;
  /** Starts high so ids look like Shopify's and never collide with small test literals. */
  constructor(private readonly base = 1_000_000_000) {}
  take(): number {
    return this.base + this.next++;
  }
  reset(): void {
    this.next = 1;
  }
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)(\?.*)?$/;

export function parseGid(value: string): { type: string; id: string } | null {
  const m = GID.exec(value);
  return m ? { type: m[1]!, id: m[2]! } : null;
}

/** Numeric id of a gid of the expected type, or null (wrong type, malformed, or non-numeric). */
export function numericIdOf(value: string, type: string): number | null {
  const p = parseGid(value);
  if (!p || p.type !== type || !/^\d+$/.test(p.id)) return null;
  return Number(p.id);
}
