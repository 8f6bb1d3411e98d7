// Scripted Admin API outages: the next N GraphQL requests of a shop (or only those of one named operation) are
// answered with an HTTP 5xx before anything runs, as when Shopify is having problems. For testing how the app
// behaves when Shopify fails a read or a write it did not expect to fail.

export interface OutageSpec {
  /** Only requests of this operation name (e.g. "ShopIdentity"); every operation when absent. */
  operation?: string | null;
  /** The HTTP status answered (500, 502, 503 or 504; default 503). */
  status?: number;
  /** How many requests it answers (default 1). */
  count?: number;
}

export interface OutageEntry {
  id: number;
  shop: string;
  operation: string | null;
  status: number;
  remaining: number;
}

export const OUTAGE_STATUSES = [500, 502, 503, 504] as const;

/** The body Shopify sends with each 5xx status. */
export function outageBody(status: number): { errors: string } {
  const text: Record<number, string> = {
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return { errors: text[status] ?? "Internal Server Error" };
}

export class OutageBook {
  private entries: OutageEntry[] = [];
  private nextId = 1;

  add(shop: string, spec: OutageSpec): OutageEntry {
    const entry: OutageEntry = {
      id: this.nextId++,
      shop,
      operation: spec.operation ?? null,
      status: spec.status ?? 503,
      remaining: spec.count ?? 1,
    };
    this.entries.push(entry);
    return entry;
  }

  list(shop?: string): OutageEntry[] {
    return this.entries.filter((e) => e.remaining > 0 && (!shop || e.shop === shop));
  }

  clear(shop?: string): void {
    this.entries = shop ? this.entries.filter((e) => e.shop !== shop) : [];
  }

  /** Consumes the first outage that applies to this request, if any: the status to answer. */
  take(shop: string, operation: string | null): number | null {
    const entry = this.entries.find(
      (e) => e.remaining > 0 && e.shop === shop && (e.operation === null || e.operation === operation),
    );
    if (!entry) return null;
    entry.remaining--;
    return entry.status;
  }
}
