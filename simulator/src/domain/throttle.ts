// Shopify's leaky bucket for GraphQL Admin API cost points, computed lazily from elapsed time.

export interface Bucket {
  available: number;
  updatedAtMs: number;
}

export interface BucketLimits {
  restoreRate: number;
  /** Shopify's bucket holds 20 seconds of restore rate. */
  maximumAvailable: number;
}

export function limitsFor(restoreRate: number): BucketLimits {
  return { restoreRate, maximumAvailable: restoreRate * 20 };
}

export function refill(bucket: Bucket | null, limits: BucketLimits, nowMs: number): Bucket {
  if (!bucket) return { available: limits.maximumAvailable, updatedAtMs: nowMs };
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
  return {
    available: Math.min(limits.maximumAvailable, bucket.available + elapsed * limits.restoreRate),
    updatedAtMs: nowMs,
  };
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export function statusOf(bucket: Bucket, limits: BucketLimits): ThrottleStatus {
  return {
    maximumAvailable: limits.maximumAvailable,
    currentlyAvailable: Math.floor(bucket.available),
    restoreRate: limits.restoreRate,
  };
}
