// One run of a balance charge's unit of work: the only writer of a charge's state. It holds the unit's claim and
// every write is fenced by it and a compare-and-set on the charge's version. Each run does one step and settles:
// follow the open attempt (resend its key, or read its payment's status), or apply the staff members' requests in
// the order they were made, or decide from a fresh read of the order and, past the money-first guard, write the next
// attempt (with its deterministic key) before sending it. An answer that does not prove a payment's fate keeps the
// attempt open; only a final decline frees the next key. (docs/decisions/0009-charge-engine.md, docs/exactly-once.md)
import {
  appendChargeEvent,
  findCharge,
  listAttempts,
  updateCharge,
  type ChargeAttemptRow,
  type ChargePatch,
} from "../db/charges.server";
import { listPendingRequests, settleChargeRequest, type ChargeRequestRow } from "../db/charge-requests.server";
import type { Transaction } from "../db/scheduled-jobs.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  ChargeChangedError,
  decideBalance,
  failedAttempts,
  isFailedAttempt,
  isOpenAttempt,
  isOpenCharge,
  nextAttemptAfterDecline,
  parseChargePolicy,
  WAIT_RECHECK_MS,
} from "../domain/charge";
import { moneyFirstGuard } from "../domain/money-guard";
import { CHARGE_RUN_RETRY } from "../domain/retry";
import type { JobKind, JobOutcome } from "../domain/scheduled-job";
import type { AdminClient } from "../shopify/client.server";
import { AdminApiThrottledError, AdminApiUnauthorizedError } from "../shopify/errors";
import { balanceReadOf, fetchChargeOrder, orderMoneyOf } from "../shopify/operations/charges";
import { planBalanceCharge, type ChargeEngineOptions } from "./charges.server";
import { findDeferredOrder } from "../db/deferred-orders.server";
import { refreshDeferredOrder } from "./deferred-orders.server";
import {
  type Run,
  type Ctx,
  writeCharge,
  flagged,
  declineRequests,
  ownTransactionIds,
  closeCharge,
  failCharge,
  UNINSTALLED_RECHECK_MS,
  THROTTLED_WAIT_MS,
  PAUSED_NOTE,
  money,
} from "./charge-run-steps.server";
import { send, poll, startAttempt } from "./charge-run-attempts.server";
import { endAttempt, stopCollecting, recordPaid } from "./charge-run-requests.server";

async function followOpenAttempt(
  run: Run,
  admin: AdminClient,
  attempt: ChargeAttemptRow,
  pending: readonly ChargeRequestRow[],
): Promise<JobOutcome> {
  const resumes = pending.filter((request) => request.kind === "RESUME");
  if (resumes.length > 0) {
    await run.ctx.fenced(async (tx) => {
      for (const request of resumes) {
        await settleChargeRequest(tx, request, {
          status: "APPLIED",
          outcome: `Resumed: attempt ${attempt.number} is followed again with the same key.`,
          at: run.now,
        });
      }
    });
  }
  const rest = pending.filter((request) => request.kind !== "RESUME");
  const end = rest.find((request) => request.kind === "END_ATTEMPT");
  if (end) return endAttempt(run, admin, attempt, end, rest);
  return attempt.status === "SUBMITTED" ? poll(run, admin, attempt, rest) : send(run, admin, attempt);
}

async function withoutOpenAttempt(
  run: Run,
  admin: AdminClient,
  pending: readonly ChargeRequestRow[],
): Promise<JobOutcome> {
  const { now } = run;
  let chargeNow: ChargeRequestRow | null = null;
  const handled = new Set<string>();
  for (const request of pending) {
    if (request.kind === "STOP") return stopCollecting(run, request, pending);
    if (request.kind === "RECORD_PAID") return recordPaid(run, admin, request, pending);
    if (request.kind === "CHARGE_NOW") {
      chargeNow = request;
      break;
    }
    // RESUME and END_ATTEMPT with no attempt open: the run itself is the resumption; there is nothing to end.
    handled.add(request.id);
    await run.ctx.fenced((tx) =>
      settleChargeRequest(tx, request, {
        status: request.kind === "RESUME" ? "APPLIED" : "DECLINED",
        outcome:
          request.kind === "RESUME"
            ? "Resumed: the app looks at this balance again now."
            : "No attempt was open: nothing to end.",
        at: now,
      }),
    );
  }
  const waiting = pending.filter((request) => !handled.has(request.id));
  if (run.charge.status === "FAILED" && !chargeNow) {
    return { outcome: "DONE", note: "Failed: waits for a staff member", label: "failed" };
  }
  const declineNow = chargeNow ? [chargeNow] : [];
  const { order, shopifyPlus } = await fetchChargeOrder(admin, run.charge.orderId);
  if (!order) return closeCharge(run, "ORDER_CANCELLED", waiting, "The order no longer exists in Shopify");
  const read = balanceReadOf(order, run.charge);
  const force = chargeNow !== null;
  const decision = decideBalance(read, run.charge, now, { force });
  if (
    decision.action === "CLOSE" &&
    (decision.reason === "NOTHING_OUTSTANDING" || decision.reason === "SCHEDULE_COMPLETED") &&
    run.charge.collectedMinor > 0n
  ) {
    // Settled after the app collected part of it (the rest another way, or a rounding of Shopify's): collected.
    await writeCharge(run, { status: "COLLECTED", ...flagged(null) }, async (tx, written) => {
      await appendChargeEvent(tx, written, {
        type: "SUCCEEDED",
        status: decision.reason,
        message: `Nothing more is owed; the app collected ${money(written.collectedMinor, written.currency)}`,
        at: now,
      });
      await declineRequests(tx, waiting, "Not needed: nothing more is owed.", now);
    });
    return { outcome: "DONE", note: "Collected (nothing more is owed)", label: "collected" };
  }
  if (decision.action === "CLOSE") {
    if (decision.reason === "SCHEDULE_REPLACED") {
      // The order's new schedule is a balance of its own (its own keys). The order is read from Shopify and stored
      // first (the webhooks about the new schedule may have been lost): if that read fails, nothing is closed and the
      // run tries again. Then this charge closes, and the stored order makes the new schedule's charge.
      const ctx = { db: run.options.db, shop: run.charge.shop, now: () => now };
      await refreshDeferredOrder(ctx, admin, run.charge.orderId);
      const outcome = await closeCharge(run, decision.reason, waiting);
      const stored = await findDeferredOrder(run.options.db, run.charge.shop, run.charge.orderId);
      if (stored) await planBalanceCharge(run.options.db, run.charge.shop, stored, now);
      return { ...outcome, label: "replaced" };
    }
    return closeCharge(run, decision.reason, waiting);
  }
  if (decision.action === "FAIL") return failCharge(run, decision.attention, decision.why, waiting);
  if (decision.action === "WAIT" && run.charge.status === "FAILED") {
    // A staff member's Retry now on a failed balance that must wait (a return open, an archived order): declined with
    // the reason; the balance stays failed until someone acts again.
    await run.ctx.fenced((tx) => declineRequests(tx, declineNow, `Not charged: ${decision.why}.`, now));
    return { outcome: "DONE", note: decision.why, label: "failed" };
  }
  if (decision.action === "WAIT") {
    const status = decision.attention || read.returnInProgress || !read.schedule?.dueAt ? "WAITING" : "SCHEDULED";
    const attention = decision.attention ?? null;
    const patch: ChargePatch = status !== run.charge.status ? { status } : {};
    if (attention && run.charge.attention !== attention) Object.assign(patch, flagged(attention, decision.why));
    if (!attention && run.charge.attention === "ORDER_ARCHIVED") Object.assign(patch, flagged(null));
    if (Object.keys(patch).length > 0) {
      await writeCharge(run, patch, async (tx, written) => {
        await appendChargeEvent(tx, written, { type: "WAITING", status, message: decision.why, at: now });
        await declineRequests(tx, declineNow, `Not charged: ${decision.why}.`, now);
      });
    } else if (chargeNow) {
      await run.ctx.fenced((tx) => declineRequests(tx, declineNow, `Not charged: ${decision.why}.`, now));
    }
    const until = decision.until ?? new Date(now.getTime() + WAIT_RECHECK_MS);
    return { outcome: "LATER", at: until, note: decision.why, label: "waiting" };
  }
  if (decision.partOfSchedule && !shopifyPlus) {
    return failCharge(
      run,
      "CANNOT_CHARGE_PART",
      "Only part of the balance is owed now, and Shopify accepts a partial amount only on Shopify Plus: collect it from the order in Shopify",
      waiting,
    );
  }
  const policy = parseChargePolicy(run.charge.policy);
  const failed = failedAttempts(run.attempts);
  if (!force) {
    if (failed >= policy.maxAttempts) {
      return failCharge(run, "ALL_ATTEMPTS_FAILED", `All ${policy.maxAttempts} attempts are used`, waiting);
    }
    // The policy's spacing after a failed attempt holds however the unit was woken (a webhook, the sweep, a restart).
    const lastFailed = [...run.attempts].reverse().find((attempt) => isFailedAttempt(attempt.status));
    const nextAt = lastFailed?.finishedAt ? nextAttemptAfterDecline(policy, failed, lastFailed.finishedAt) : null;
    if (nextAt && nextAt.getTime() > now.getTime()) {
      return {
        outcome: "LATER",
        at: nextAt,
        note: `Next attempt at ${nextAt.toISOString()} (the offer's spacing)`,
        label: "waiting",
      };
    }
  }
  const verdict = moneyFirstGuard(orderMoneyOf(order), {
    amountMinor: decision.amountMinor,
    lastAttemptAt: run.attempts.at(-1)?.createdAt ?? null,
    ownTransactionIds: ownTransactionIds(run.attempts),
    staffOverride: force,
  });
  if (!verdict.send) {
    const advice = {
      IN_FLIGHT: "the app takes nothing more until it ends, and looks again every 6 hours.",
      PAID_SINCE: "no new payment goes out until a person looks; after checking the order, Charge now sends it.",
      OVER_TOTAL: "nothing is charged.",
    }[verdict.reason];
    const wanted = flagged("PAYMENT_FOUND", `${verdict.why}: ${advice}`);
    const flag = run.charge.attentionMessage === wanted.attentionMessage ? {} : wanted;
    if (Object.keys(flag).length > 0 || chargeNow) {
      await writeCharge(run, flag, async (tx, written) => {
        if (Object.keys(flag).length > 0) {
          await appendChargeEvent(tx, written, {
            type: "GUARD",
            status: verdict.reason,
            message: verdict.why,
            at: now,
          });
        }
        await declineRequests(tx, declineNow, `Not charged: ${verdict.why}.`, now);
      });
    }
    return { outcome: "LATER", at: new Date(now.getTime() + WAIT_RECHECK_MS), note: verdict.why, label: "guarded" };
  }
  return startAttempt(run, admin, decision, chargeNow);
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

async function runCharge(options: ChargeEngineOptions, ctx: Ctx): Promise<JobOutcome> {
  const { db } = options;
  const now = ctx.now();
  const charge = await findCharge(db, ctx.job.shop, ctx.job.subject);
  if (!charge) return { outcome: "CANCEL", note: "The charge is no longer stored" };
  const pending = await listPendingRequests(db, charge.shop, charge.id);
  const run: Run = { options, ctx, now, charge, attempts: [] };
  if (charge.status === "COLLECTED" || charge.status === "CLOSED") {
    if (pending.length > 0) {
      const why =
        charge.status === "COLLECTED"
          ? "Not needed: the balance is collected."
          : "Not carried out: the app no longer collects this balance.";
      await ctx.fenced((tx) => declineRequests(tx, pending, why, now));
    }
    return { outcome: "DONE", note: `Already ${charge.status}` };
  }
  run.attempts = await listAttempts(db, charge.shop, charge.id);
  const open = run.attempts.find((attempt) => isOpenAttempt(attempt.status));
  try {
    if (await isShopUninstalled(db, charge.shop)) return await pause(run);
    const admin = await options.adminFor(charge.shop);
    if (!admin) return { outcome: "RETRY", error: "No offline access token for the shop" };
    if (open) return await followOpenAttempt(run, admin, open, pending);
    return await withoutOpenAttempt(run, admin, pending);
  } catch (error) {
    if (error instanceof ChargeChangedError) {
      return {
        outcome: "LATER",
        at: now,
        note: "The charge changed while this run worked: it runs again",
        label: "changed",
      };
    }
    if (error instanceof AdminApiThrottledError) {
      // Shopify's bucket is empty: a wait, never a failure.
      return {
        outcome: "LATER",
        at: new Date(now.getTime() + Math.max(error.retryAfterMs ?? 0, THROTTLED_WAIT_MS)),
        note: "Throttled by Shopify",
        label: "throttled",
      };
    }
    if (error instanceof AdminApiUnauthorizedError && (await isShopUninstalled(db, charge.shop))) return pause(run);
    throw error;
  }
}

/** Nothing is sent while the shop has uninstalled the app: the charge waits, open, for a reinstall. */
async function pause(run: Run): Promise<JobOutcome> {
  if (!run.ctx.job.note?.startsWith(PAUSED_NOTE)) {
    await run.ctx.fenced((tx) =>
      appendChargeEvent(tx, run.charge, {
        type: "PAUSED",
        message: "The shop uninstalled the app: nothing is charged until it is installed again",
        at: run.now,
      }),
    );
  }
  return {
    outcome: "LATER",
    at: new Date(run.now.getTime() + UNINSTALLED_RECHECK_MS),
    note: PAUSED_NOTE,
    label: "paused",
  };
}

/** The BALANCE_CHARGE kind of scheduled work. */
export function balanceChargeJobKind(options: ChargeEngineOptions): JobKind<Transaction> {
  return {
    kind: "BALANCE_CHARGE",
    rule: CHARGE_RUN_RETRY,
    leaseMs: options.leaseMs ?? 2 * 60_000,
    run: (ctx) => runCharge(options, ctx),
    mirror: async (tx, job, settlement, now) => {
      // Shopify could not be reached for long enough that the unit ended: a person is told, and the sweep, the
      // order's webhooks or "Resume" take it up again. An open attempt stays open (its payment may exist).
      if (settlement.status !== "FAILED") return;
      const charge = await findCharge(tx, job.shop, job.subject);
      if (!charge || !isOpenCharge(charge.status)) return;
      const why = `${settlement.lastError ?? "the unit ended"}. The app tries again on its own every half hour; Resume tries now.`;
      const written = await updateCharge(tx, charge, flagged("STALLED", why));
      await appendChargeEvent(tx, written, {
        type: "STALLED",
        status: "STALLED",
        message: settlement.lastError,
        at: now,
      });
    },
  };
}
