// The app's one set of retry rules: backoff between failed runs, giving up, polls, and the offers' charge spacing.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "~/domain/offer";
import {
  afterFailure,
  backoffDelayMs,
  BACKFILL_RETRY,
  chargeRetrySpacing,
  nextChargeAttemptAt,
  nextPollDelayMs,
  WEBHOOK_RETRY,
} from "~/domain/retry";

const MINUTE = 60_000;

describe("backoff", () => {
  it("doubles from its base and stops growing at its cap", () => {
    const backoff = { baseMs: MINUTE, maxMs: 60 * MINUTE };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(backoff, n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60,
    ]);
    // A very long failure streak still answers the cap, not Infinity or NaN.
    expect(backoffDelayMs(backoff, 10_000)).toBe(60 * MINUTE);
  });

  it("grows by another factor when told, and jitters to 50-100 % only when asked", () => {
    expect(backoffDelayMs({ baseMs: 5_000, factor: 3, maxMs: 1e9 }, 3)).toBe(45_000);
    const jittered = { baseMs: 1_000, maxMs: 10_000, jitter: "half" as const };
    expect(backoffDelayMs(jittered, 2, () => 0)).toBe(1_000);
    expect(backoffDelayMs(jittered, 2, () => 0.999_999)).toBe(2_000);
  });

  it("counts failures from one", () => {
    expect(() => backoffDelayMs({ baseMs: 1, maxMs: 1 }, 0)).toThrow(/start at 1/);
  });
});

describe("retry rules", () => {
  it("webhook processing: a minute, then doubling to an hour, given up at the tenth failure", () => {
    expect(afterFailure(WEBHOOK_RETRY, 1)).toEqual({ retry: true, delayMs: MINUTE });
    expect(afterFailure(WEBHOOK_RETRY, 3)).toEqual({ retry: true, delayMs: 4 * MINUTE });
    expect(afterFailure(WEBHOOK_RETRY, 9)).toEqual({ retry: true, delayMs: 60 * MINUTE });
    expect(afterFailure(WEBHOOK_RETRY, 10)).toEqual({ retry: false });
  });

  it("backfills: five tries", () => {
    expect(afterFailure(BACKFILL_RETRY, 4)).toEqual({ retry: true, delayMs: 8 * MINUTE });
    expect(afterFailure(BACKFILL_RETRY, 5)).toEqual({ retry: false });
  });

  it("payment status polls go from seconds to minutes to hours", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(nextPollDelayMs);
    expect(delays.slice(0, 3)).toEqual([5_000, 15_000, 45_000]);
    expect(delays[4]).toBeGreaterThan(MINUTE);
    expect(delays[7]).toBeGreaterThan(60 * MINUTE);
    expect(Math.max(...delays)).toBe(6 * 60 * MINUTE);
  });
});

describe("balance charge spacing", () => {
  it("spaces balance charge attempts by the offer's policy and stops after its last attempt", () => {
    const policy: RetryPolicy = { maxAttempts: 3, interval: { value: 2, unit: "DAYS" }, finalAction: "SEND_INVOICE" };
    const failedAt = DateTime.fromISO("2027-03-01T10:00:00Z", { zone: "utc" });
    expect(chargeRetrySpacing(policy).toISO()).toBe("P2D");
    expect(nextChargeAttemptAt(policy, 1, failedAt)?.toISO()).toBe("2027-03-03T10:00:00.000Z");
    expect(nextChargeAttemptAt(policy, 2, failedAt)?.toISO()).toBe("2027-03-03T10:00:00.000Z");
    expect(nextChargeAttemptAt(policy, 3, failedAt)).toBeNull();
    expect(nextChargeAttemptAt({ ...policy, interval: { value: 6, unit: "HOURS" } }, 1, failedAt)?.toISO()).toBe(
      "2027-03-01T16:00:00.000Z",
    );
    expect(nextChargeAttemptAt({ ...policy, maxAttempts: 1 }, 1, failedAt)).toBeNull();
    expect(() => nextChargeAttemptAt(policy, 0, failedAt)).toThrow(/start at 1/);
  });
});
