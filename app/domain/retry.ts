// When to try again: every backoff and give-up rule of the app, as pure functions (the Admin API gateway's own
// resends, webhook processing, backfills, balance charge attempts and payment status polls all use these).
import { Duration, type DateTime } from "luxon";
import type { RetryPolicy } from "./offer";

/** Exponential backoff: `baseMs` after the first failure, times `factor` after each further one, at most `maxMs`. */
export interface Backoff {
  baseMs: number;
  /** Growth per failure; 2 (doubling) unless said otherwise. */
  factor?: number;
  maxMs: number;
  /**
   * "none": the exact delay (durable schedules, where a test or a merchant reads the time). "half": a random
   * 50-100 % of it, so clients that failed together do not retry together.
   */
  jitter?: "none" | "half";
}

/** The delay before try n + 1 after `failures` (n >= 1) failed tries. `random` is [0, 1) (injected for tests). */
export function backoffDelayMs(backoff: Backoff, failures: number, random: () => number = Math.random): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`Failures start at 1, got ${failures}`);
  const factor = backoff.factor ?? 2;
  // The exponent is capped so that a large count cannot overflow to Infinity before the cap applies.
  const exponent = Math.min(failures - 1, 60);
  const delay = Math.min(backoff.maxMs, backoff.baseMs * factor ** exponent);
  return backoff.jitter === "half" ? Math.round(delay * (0.5 + random() / 2)) : delay;
}

/** How a kind of scheduled work retries: the backoff between failed runs and how many failures end it. */
export interface RetryRule {
  /** Failed runs (a worker that died mid-run counts as one) after which the unit is given up. */
  maxFailures: number;
  backoff: Backoff;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** After the `failures`-th failure in a row: when to run again, or that the unit is given up. */
export function afterFailure(rule: RetryRule, failures: number): RetryDecision {
  if (failures >= rule.maxFailures) return { retry: false };
  return { retry: true, delayMs: backoffDelayMs(rule.backoff, failures) };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Webhook processing: one minute after a failure, doubling, at most an hour apart; ten tries (about 4 hours). */
export const WEBHOOK_RETRY: RetryRule = { maxFailures: 10, backoff: { baseMs: MINUTE, maxMs: HOUR } };

/** A backfill page that failed resumes from its cursor a minute later, doubling; five tries. */
export const BACKFILL_RETRY: RetryRule = { maxFailures: 5, backoff: { baseMs: MINUTE, maxMs: HOUR } };

/**
 * A charge whose outcome is unknown (no answer, 5xx, 401) is resent with the same key: soon at first, then at most
 * hourly, for about two days before a person is asked to look (the key keeps every resend harmless). The unit then
 * ends as failed and the charge is flagged; the sweep, the order's webhooks or a staff member's "Resume" take it up
 * again (STALLED_CHARGE_REOPEN_MS). Throttling is never a failure: the unit waits as Shopify's bucket says.
 */
export const CHARGE_RUN_RETRY: RetryRule = { maxFailures: 60, backoff: { baseMs: 30_000, maxMs: HOUR } };

/**
 * An attempt whose answer was unclear (userErrors, or no payment reference): the same key is sent again, soon at
 * first, then at most every 6 hours, for as long as the attempt is open (a person is told after a while). `sends`
 * counts the requests sent so far.
 */
export const UNCLEAR_ANSWER_RESEND: Backoff = { baseMs: 30_000, factor: 2, maxMs: 6 * HOUR };

export function unclearResendDelayMs(sends: number): number {
  return backoffDelayMs(UNCLEAR_ANSWER_RESEND, Math.max(1, sends));
}

/** A unit of a charge that ended (given up) while its charge is open is taken up again this long after it ended. */
export const STALLED_CHARGE_REOPEN_MS = 30 * MINUTE;

/** Putting an offer on or off sale on time: Shopify failing is retried soon, and for as long as it takes. */
export const OFFER_AVAILABILITY_RETRY: RetryRule = {
  maxFailures: Number.MAX_SAFE_INTEGER,
  backoff: { baseMs: MINUTE, maxMs: 15 * MINUTE },
};

/** The periodic sweep for due balances: a failed sweep tries again soon; it never gives up. */
export const SWEEP_RETRY: RetryRule = {
  maxFailures: Number.MAX_SAFE_INTEGER,
  backoff: { baseMs: MINUTE, maxMs: 15 * MINUTE },
};

/**
 * Following a payment's status: seconds, then minutes, then hours (5 s, 15 s, 45 s, ... at most 6 hours apart).
 * `polls` counts the reads that found it still in progress.
 */
export const PAYMENT_STATUS_POLL: Backoff = { baseMs: 5_000, factor: 3, maxMs: 6 * HOUR };

export function nextPollDelayMs(polls: number): number {
  return backoffDelayMs(PAYMENT_STATUS_POLL, Math.max(1, polls));
}

/** The merchant's spacing between two balance charge attempts (the offer's "failed balance charges" setting). */
export function chargeRetrySpacing(policy: RetryPolicy): Duration {
  return policy.interval.unit === "HOURS"
    ? Duration.fromObject({ hours: policy.interval.value })
    : Duration.fromObject({ days: policy.interval.value });
}

/**
 * When attempt `failedAttempt + 1` should run after attempt number `failedAttempt` (1-based) was declined at
 * `failedAt`, or null when the policy is exhausted and its final action applies.
 */
export function nextChargeAttemptAt(policy: RetryPolicy, failedAttempt: number, failedAt: DateTime): DateTime | null {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1)
    throw new RangeError(`Attempt numbers start at 1, got ${failedAttempt}`);
  if (failedAttempt >= policy.maxAttempts) return null;
  return failedAt.plus(chargeRetrySpacing(policy));
}
