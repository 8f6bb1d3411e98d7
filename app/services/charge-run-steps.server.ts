// The steps every run of a balance charge ends with, and what they share: the run's state, the charge written by
// compare-and-set inside the unit's fenced transaction, the flag for a person, closing, failing, and what follows an
// attempt that collected nothing (the offer's spacing and attempt count).
import {
  appendChargeEvent,
  updateCharge,
  type BalanceChargeRow,
  type ChargeAttemptRow,
  type ChargePatch,
} from "../db/charges.server";
import { settleChargeRequest, type ChargeRequestRow } from "../db/charge-requests.server";
import type { Transaction } from "../db/scheduled-jobs.server";
import {
  ATTENTION_TITLES,
  CLOSE_REASON_TEXT,
  failedAttempts,
  nextAttemptAfterDecline,
  parseChargePolicy,
  type AttentionKind,
  type CloseReason,
} from "../domain/charge";
import type { JobOutcome, JobRunContext } from "../domain/scheduled-job";
import { type ChargeEngineOptions } from "./charges.server";

export const DEFAULT_UNCLEAR_ALERT_MS = 3_600_000;
export const DEFAULT_IN_FLIGHT_ALERT_MS = 72 * 3_600_000;
/** While the shop has uninstalled the app its charges wait; a reinstall wakes them at once. */
export const UNINSTALLED_RECHECK_MS = 24 * 3_600_000;
/** A throttled run waits at least this long when Shopify gives no Retry-After (the client's bucket knows the rest). */
export const THROTTLED_WAIT_MS = 10_000;
export const PAUSED_NOTE = "Paused: the shop uninstalled the app";

export type Ctx = JobRunContext<Transaction>;

/** What one run knows: the charge as last written (its version moves with every write), its attempts, the clock. */
export interface Run {
  options: ChargeEngineOptions;
  ctx: Ctx;
  now: Date;
  charge: BalanceChargeRow;
  attempts: ChargeAttemptRow[];
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
export { moneyText as money } from "../domain/money";

/** Writes the charge (compare-and-set) in a fenced transaction, keeping the run's copy current. */
export async function writeCharge(
  run: Run,
  patch: ChargePatch,
  also?: (tx: Transaction, charge: BalanceChargeRow) => Promise<void>,
): Promise<void> {
  run.charge = await run.ctx.fenced(async (tx) => {
    const written = await updateCharge(tx, run.charge, patch);
    await also?.(tx, written);
    return written;
  });
}

/** The attention fields that flag the charge for a person, or clear its flag. */
export function flagged(kind: AttentionKind | null, message?: string): ChargePatch {
  return kind
    ? { needsAttention: true, attention: kind, attentionMessage: `${ATTENTION_TITLES[kind]}: ${message ?? ""}`.trim() }
    : { needsAttention: false, attention: null, attentionMessage: null };
}

/**
 * Flags the charge for a person in `tx`, once: a flag of the same kind already raised is left as it is (no second
 * FLAGGED event on every run that finds the same thing).
 */
export async function flagOnce(
  tx: Transaction,
  run: Run,
  attempt: number,
  kind: AttentionKind,
  message: () => string,
): Promise<void> {
  if (run.charge.attention === kind) return;
  const flag = flagged(kind, message());
  run.charge = await updateCharge(tx, run.charge, flag);
  await appendChargeEvent(tx, run.charge, {
    attempt,
    type: "FLAGGED",
    status: kind,
    message: flag.attentionMessage,
    at: run.now,
  });
}

/** Declines the given requests in `tx` (each with the same reason). */
export async function declineRequests(tx: Transaction, requests: readonly ChargeRequestRow[], why: string, at: Date) {
  for (const request of requests) await settleChargeRequest(tx, request, { status: "DECLINED", outcome: why, at });
}

/** Transaction ids Shopify attributed to the charge's own payments (the guard does not count them as strangers'). */
export function ownTransactionIds(attempts: readonly ChargeAttemptRow[]): Set<string> {
  const ids = new Set<string>();
  for (const attempt of attempts) {
    try {
      for (const id of JSON.parse(attempt.transactionIds) as unknown[]) if (typeof id === "string") ids.add(id);
    } catch {
      // an unreadable list attributes nothing: the guard is only stricter
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Ending a run's step
// ---------------------------------------------------------------------------------------------------------------

export async function closeCharge(
  run: Run,
  reason: CloseReason,
  pending: readonly ChargeRequestRow[],
  message = CLOSE_REASON_TEXT[reason],
): Promise<JobOutcome> {
  await writeCharge(run, { status: "CLOSED", closedReason: reason, ...flagged(null) }, async (tx, charge) => {
    await appendChargeEvent(tx, charge, { type: "CLOSED", status: reason, message, at: run.now });
    await declineRequests(tx, pending, `Not carried out: ${CLOSE_REASON_TEXT[reason].toLowerCase()}.`, run.now);
  });
  return { outcome: "DONE", note: CLOSE_REASON_TEXT[reason], label: "closed" };
}

export async function failCharge(
  run: Run,
  attention: AttentionKind,
  why: string,
  pending: readonly ChargeRequestRow[],
): Promise<JobOutcome> {
  await writeCharge(run, { status: "FAILED", ...flagged(attention, why) }, async (tx, charge) => {
    await appendChargeEvent(tx, charge, { type: "FAILED", status: attention, message: why, at: run.now });
    await declineRequests(tx, pending, `Not carried out: ${why}`, run.now);
  });
  return { outcome: "DONE", note: why, label: "failed" };
}

/**
 * After an attempt ended without collecting (declined, or ended by staff): the next attempt after the policy's spacing,
 * or the charge fails when the policy is used up. Requests still pending are applied at once by the next run.
 */
export async function afterFailedAttempt(run: Run, attempt: ChargeAttemptRow, pending: boolean): Promise<JobOutcome> {
  const policy = parseChargePolicy(run.charge.policy);
  const failed = failedAttempts(run.attempts);
  const next = nextAttemptAfterDecline(policy, failed, run.now);
  if (!next) {
    const why = `All ${policy.maxAttempts} attempts failed; last: ${attempt.errorMessage ?? "declined"}`;
    await writeCharge(run, { status: "FAILED", ...flagged("ALL_ATTEMPTS_FAILED", why) }, (tx, charge) =>
      appendChargeEvent(tx, charge, { type: "FAILED", message: why, at: run.now }),
    );
    return pending
      ? { outcome: "LATER", at: run.now, note: "A staff member's request waits", label: "declined" }
      : { outcome: "DONE", note: why, label: "failed" };
  }
  await writeCharge(run, { status: "SCHEDULED", ...flagged(null) }, (tx, charge) =>
    appendChargeEvent(tx, charge, {
      attempt: attempt.number + 1,
      type: "RETRY_SCHEDULED",
      message: `Attempt ${attempt.number + 1} (${failed + 1} of ${policy.maxAttempts}) at ${next.toISOString()}`,
      at: run.now,
    }),
  );
  return {
    outcome: "LATER",
    at: pending ? run.now : next,
    note: `Attempt ${attempt.number} failed; next at ${next.toISOString()}`,
    label: "declined",
  };
}
