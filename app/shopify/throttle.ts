// Per-shop model of Shopify's cost-based leaky bucket, fed by each response's extensions.cost.throttleStatus.

/** `extensions.cost` of an Admin API response. */
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket extends ThrottleStatus {
  /** When currentlyAvailable was true (ms since epoch). */
  observedAt: number;
}

/**
 * Cost Shopify charges before it knows better: a mutation costs 10, and a
 * query we have not seen yet is assumed to cost as much. After the first
 * response, the document's real requestedQueryCost is used.
 */
export const DEFAULT_EXPECTED_COST = 10;

/**
 * Shared by every client of the process, because Shopify's bucket is per app
 * and shop, not per client object: two requests for one shop from two route
 * handlers drain the same bucket.
 */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly costs = new Map<string, number>();

  /** Records what Shopify reported after a response (successful or THROTTLED). */
  observe(shop: string, document: string, cost: QueryCost | undefined, now: number): void {
    if (cost?.requestedQueryCost !== undefined) {
      // Documents are static constants, so this map stays small; the cap guards against misuse.
      if (this.costs.size > 1000) this.costs.clear();
      this.costs.set(document, cost.requestedQueryCost);
    }
    const status = cost?.throttleStatus;
    if (status && [status.maximumAvailable, status.currentlyAvailable, status.restoreRate].every(Number.isFinite)) {
      this.buckets.set(shop, { ...status, observedAt: now });
    }
  }

  expectedCost(document: string): number {
    return this.costs.get(document) ?? DEFAULT_EXPECTED_COST;
  }

  /**
   * Reserves `cost` points in the shop's bucket and returns how long to wait
   * before sending (0 when the bucket holds enough). Reserving means concurrent
   * requests queue behind each other instead of all seeing the same full bucket.
   * Unknown shop (no response seen yet): send at once.
   */
  reserve(shop: string, cost: number, now: number): number {
    const bucket = this.buckets.get(shop);
    if (!bucket) return 0;
    const restored = (bucket.restoreRate * Math.max(0, now - bucket.observedAt)) / 1000;
    const available = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + restored);
    bucket.currentlyAvailable = available - cost;
    bucket.observedAt = now;
    if (available >= cost || bucket.restoreRate <= 0) return 0;
    // A cost above the bucket's size can never fit: wait for a full bucket, and let Shopify answer MAX_COST_EXCEEDED.
    const missing = Math.min(cost, bucket.maximumAvailable) - available;
    return Math.max(0, Math.ceil((missing / bucket.restoreRate) * 1000));
  }
}

/** The process-wide registry clients use unless given their own (tests pass a fresh one). */
export const sharedThrottleBuckets = new ThrottleBuckets();
