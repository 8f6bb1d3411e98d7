// The charge engine: collects each remaining balance exactly once with orderCreateMandatePayment.
//
// A BalanceCharge has one BALANCE_CHARGE unit of scheduled work (its subject is the charge's id), so one balance is
// never run by two workers at once. Each run does one step and settles: decide from a fresh read of the order, write
// the attempt (with its deterministic key) before the call, send, record the payment reference, follow the payment's
// status on a backoff (rescheduling itself, not holding a lease), and end the charge only on a final status. An
// unknown outcome (timeout, lost answer, 5xx, throttling) leaves the attempt open and resends the same key, which
// makes Shopify return the original payment; no new attempt starts while one is open.
// (docs/decisions/0009-charge-engine.md)
import {
  appendChargeEvent,
  findCharge,
  findChargeBySchedule,
  insertAttempt,
  insertCharge,
  listAttempts,
  listAttemptsOfOpenCharges,
  listOpenChargesToPlan,
  updateAttempt,
  updateCharge,
  type BalanceChargeRow,
  type ChargeAttemptRow,
} from "../db/charges.server";
import type { Database } from "../db/client.server";
import { findDeferredOrder, listDueOpenBalances, listDueOpenOrders } from "../db/deferred-orders.server";
import type { DeferredOrderSnapshot } from "../domain/deferred-order";
import { findOffer } from "../db/offers.server";
import { rescheduleJob, scheduleJob, wakeJob, type Transaction } from "../db/scheduled-jobs.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  attemptIdempotencyKey,
  CLOSE_REASON_TEXT,
  DEFAULT_CHARGE_POLICY,
  decideBalance,
  isOpenAttempt,
  isStaffActionable,
  isOpenCharge,
  nextAttemptAfterDecline,
  parseChargePolicy,
  PAYMENT_STATUS_MEANING,
  paymentMeaning,
  WAIT_RECHECK_MS,
  type BalanceRead,
  type ChargePolicy,
  type ChargeStatus,
  type ChargeTrigger,
  type CloseReason,
} from "../domain/charge";
import { moneyFromMinorUnits, parseMoney, toDecimalString } from "../domain/money";
import { CHARGE_RUN_RETRY, nextPollDelayMs, SWEEP_RETRY } from "../domain/retry";
import type { JobKind, JobOutcome, JobRunContext } from "../domain/scheduled-job";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";
import { AdminApiThrottledError } from "../shopify/errors";
import { createMandatePayment, fetchChargeOrder, fetchPaymentStatus } from "../shopify/operations/charges";

export interface ChargeEngineOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  /** How long a claim on a balance lasts before another worker may take it up (default 2 minutes). */
  leaseMs?: number;
}

/** How often the sweep looks for due balances that have no charge in progress (a lost webhook loses no money). */
export const SWEEP_INTERVAL_MS = 15 * 60_000;

const SWEEP_SUBJECT = "sweep";

// ---------------------------------------------------------------------------------------------------------------
// Scheduling: a charge per open schedule, due at its due date, following the order as it changes
// ---------------------------------------------------------------------------------------------------------------

async function policyOf(
  db: Database,
  shop: string,
  order: DeferredOrderSnapshot,
): Promise<{ offerId: string | null; policy: ChargePolicy }> {
  const offerId = order.lines.find((line) => line.offerId)?.offerId ?? null;
  const offer = offerId ? await findOffer(db, shop, offerId) : null;
  const settings = offer?.settings as { retryPolicy?: unknown } | undefined;
  const policy = settings?.retryPolicy
    ? parseChargePolicy(JSON.stringify(settings.retryPolicy))
    : DEFAULT_CHARGE_POLICY;
  return { offerId, policy };
}

/**
 * Keeps the charge of a stored order in step with it (after every sync): creates it when a balance is open, moves
 * its due time when the due date moved (in Shopify or from the app) while nothing was attempted yet, and wakes it
 * when the order changed in a way it must look at (cancelled, paid, a return, news of a payment).
 */
export async function planBalanceCharge(
  db: Database,
  shop: string,
  order: DeferredOrderSnapshot,
  now: Date,
): Promise<void> {
  if (!order.paymentScheduleId) return;
  const orderId = order.orderId;
  const existing = await findChargeBySchedule(db, shop, order.paymentScheduleId);
  const open = order.status === "OPEN" && order.balanceDue.minorUnits > 0n;
  if (!existing) {
    if (!open) return;
    const { offerId, policy } = await policyOf(db, shop, order);
    await db.$transaction(async (tx) => {
      const { charge, created } = await insertCharge(
        tx,
        {
          shop,
          orderId,
          orderName: order.orderName,
          paymentScheduleId: order.paymentScheduleId!,
          currency: order.balanceDue.currency,
          expectedMinor: order.balanceDue.minorUnits,
          status: order.dueAt ? "SCHEDULED" : "WAITING",
          dueAt: order.dueAt,
          offerId,
          policy: JSON.stringify(policy),
          trigger: "SCHEDULE",
        },
        now,
      );
      if (created) {
        await scheduleJob(tx, {
          shop,
          kind: "BALANCE_CHARGE",
          subject: charge.id,
          dueAt: order.dueAt ?? new Date(now.getTime() + WAIT_RECHECK_MS),
        });
      }
    });
    await ensureSweep(db, shop, now);
    return;
  }
  if (!isOpenCharge(existing.status)) return;
  const job = { shop, kind: "BALANCE_CHARGE" as const, subject: existing.id };
  const attempts = await listAttempts(db, shop, existing.id);
  const attempting = attempts.some((attempt) => isOpenAttempt(attempt.status));
  if (!open || attempting || order.returnInProgress) {
    // Cancelled, paid, terms gone, a return, news of a payment: the charge looks at the order now.
    await wakeJob(db, { ...job, dueAt: now });
    return;
  }
  const dueMoved = (existing.dueAt?.getTime() ?? null) !== (order.dueAt?.getTime() ?? null);
  if (dueMoved || existing.expectedMinor !== order.balanceDue.minorUnits) {
    await db.$transaction(async (tx) => {
      await updateCharge(tx, existing, {
        dueAt: order.dueAt,
        expectedMinor: order.balanceDue.minorUnits,
        status: order.dueAt ? "SCHEDULED" : "WAITING",
      });
      if (dueMoved) {
        await appendChargeEvent(tx, existing, {
          type: "MOVED",
          message: order.dueAt ? `Due ${order.dueAt.toISOString()}` : "Due when Shopify sets its due date",
          at: now,
        });
        // Only a charge with no attempt yet follows its due date; after a decline the policy's spacing rules.
        if (attempts.length === 0) {
          await rescheduleJob(tx, job, order.dueAt ?? new Date(now.getTime() + WAIT_RECHECK_MS));
        }
      }
    });
  }
  if (existing.status === "WAITING" && order.dueAt) await wakeJob(db, { ...job, dueAt: order.dueAt });
}

/** The shop's sweep unit exists (once): it runs every SWEEP_INTERVAL_MS for as long as the shop has the app. */
export async function ensureSweep(db: Database, shop: string, now: Date): Promise<void> {
  await scheduleJob(db, {
    shop,
    kind: "CHARGE_SWEEP",
    subject: SWEEP_SUBJECT,
    dueAt: new Date(now.getTime() + SWEEP_INTERVAL_MS),
  });
}

/**
 * A staff member's "Charge now": the balance is charged at once (not waiting for its due date; every other rule
 * holds), recorded with who asked. Returns the unit to run, or why not when the order has no open balance to charge.
 */
export async function requestChargeNow(
  db: Database,
  shop: string,
  orderId: string,
  staffMemberId: string | null,
  now: Date,
): Promise<{ chargeId: string; jobId: string } | { refused: string }> {
  const order = await findDeferredOrder(db, shop, orderId);
  if (!order?.paymentScheduleId) return { refused: "This order has no balance to charge." };
  await planBalanceCharge(db, shop, order, now);
  const charge = await findChargeBySchedule(db, shop, order.paymentScheduleId);
  // An open charge, or a failed one the staff member tries once more (beyond the offer's attempts).
  if (!charge || !isStaffActionable(charge.status)) return { refused: "This order has no open balance to charge." };
  const waiting = await attemptInProgress(db, shop, charge.id);
  if (waiting) return { refused: waiting };
  const jobId = await db.$transaction(async (tx) => {
    await updateCharge(tx, charge, { trigger: "STAFF", requestedBy: staffMemberId, needsAttention: false });
    await appendChargeEvent(tx, charge, {
      type: "STAFF_CHARGE_NOW",
      message: staffMemberId ? `Charge now, by ${staffMemberId}` : "Charge now",
      at: now,
    });
    // A failed charge is opened again for the staff member's attempt.
    if (charge.status !== "IN_PROGRESS") await updateCharge(tx, charge, { status: "SCHEDULED" });
    return wakeJob(tx, { shop, kind: "BALANCE_CHARGE", subject: charge.id, dueAt: now }, { reopen: true });
  });
  return { chargeId: charge.id, jobId };
}

/**
 * Why a staff member's action on a balance must wait, or null: an attempt that may still turn into a payment comes
 * first (its outcome decides what is left to do).
 */
export async function attemptInProgress(db: Database, shop: string, chargeId: string): Promise<string | null> {
  const attempts = await listAttempts(db, shop, chargeId);
  return attempts.some((attempt) => isOpenAttempt(attempt.status))
    ? "A charge of this balance is in progress: wait for its outcome."
    : null;
}

/**
 * A staff member's "Stop collecting": the order's open (or failed) charge closes with who stopped it, and the app
 * never charges that balance again (Shopify still shows it as owed). Refused while an attempt may still succeed.
 */
export async function stopCollecting(
  db: Database,
  shop: string,
  orderId: string,
  staffMemberId: string | null,
  now: Date,
): Promise<{ stopped: true } | { refused: string } | { notFound: true }> {
  const order = await findDeferredOrder(db, shop, orderId);
  if (!order) return { notFound: true };
  const charge = order.paymentScheduleId ? await findChargeBySchedule(db, shop, order.paymentScheduleId) : null;
  if (!charge || !isStaffActionable(charge.status)) {
    return { refused: "The app is not collecting a balance on this order." };
  }
  const waiting = await attemptInProgress(db, shop, charge.id);
  if (waiting) return { refused: waiting };
  await db.$transaction(async (tx) => {
    await updateCharge(tx, charge, { status: "CLOSED", closedReason: "STOPPED_BY_STAFF", needsAttention: false });
    await appendChargeEvent(tx, charge, {
      type: "CLOSED",
      status: "CLOSED",
      message: staffMemberId ? `Collection stopped by ${staffMemberId}` : "Collection stopped by a staff member",
      at: now,
    });
  });
  return { stopped: true };
}

// ---------------------------------------------------------------------------------------------------------------
// One run of a charge
// ---------------------------------------------------------------------------------------------------------------

type Ctx = JobRunContext<Transaction>;

function errorText(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

function balanceReadOf(order: NonNullable<Awaited<ReturnType<typeof fetchChargeOrder>>["order"]>, currency: string) {
  const schedules = order.paymentTerms?.paymentSchedules.nodes ?? [];
  const schedule = schedules.find((candidate) => !candidate.completedAt) ?? schedules[0] ?? null;
  const read: BalanceRead = {
    cancelled: Boolean(order.cancelledAt),
    closed: order.closed,
    hasTerms: Boolean(order.paymentTerms),
    outstandingMinor: parseMoney(order.totalOutstandingSet.shopMoney.amount, currency).minorUnits,
    schedule: schedule
      ? {
          id: schedule.id,
          dueAt: schedule.dueAt ? new Date(schedule.dueAt) : null,
          completed: Boolean(schedule.completedAt),
          balanceMinor: parseMoney(schedule.totalBalance.amount, currency).minorUnits,
        }
      : null,
    mandateId: order.paymentCollectionDetails.vaultedPaymentMethods?.[0]?.id ?? null,
    returnInProgress: (order.returns?.nodes ?? []).some((r) => r.status === "REQUESTED" || r.status === "OPEN"),
  };
  return read;
}

async function closeCharge(ctx: Ctx, charge: BalanceChargeRow, reason: CloseReason, now: Date): Promise<JobOutcome> {
  await ctx.fenced(async (tx) => {
    await updateCharge(tx, charge, { status: "CLOSED", closedReason: reason, needsAttention: false });
    await appendChargeEvent(tx, charge, {
      type: "CLOSED",
      status: reason,
      message: CLOSE_REASON_TEXT[reason],
      at: now,
    });
  });
  return { outcome: "DONE", note: CLOSE_REASON_TEXT[reason], label: "closed" };
}

async function failCharge(ctx: Ctx, charge: BalanceChargeRow, why: string, now: Date): Promise<JobOutcome> {
  await ctx.fenced(async (tx) => {
    await updateCharge(tx, charge, { status: "FAILED", needsAttention: true });
    await appendChargeEvent(tx, charge, { type: "FAILED", message: why, at: now });
  });
  return { outcome: "DONE", note: why, label: "failed" };
}

/** After an attempt ended without collecting: the next one after the policy's spacing, or the charge fails. */
async function afterUnsuccessfulAttempt(
  ctx: Ctx,
  charge: BalanceChargeRow,
  attempt: ChargeAttemptRow,
  now: Date,
): Promise<JobOutcome> {
  const policy = parseChargePolicy(charge.policy);
  const next = nextAttemptAfterDecline(policy, attempt.number, now);
  if (!next) {
    return failCharge(
      ctx,
      charge,
      `All ${policy.maxAttempts} attempts failed; last: ${attempt.errorMessage ?? "declined"}`,
      now,
    );
  }
  await ctx.fenced(async (tx) => {
    await updateCharge(tx, charge, { status: "SCHEDULED" });
    await appendChargeEvent(tx, charge, {
      attempt: attempt.number + 1,
      type: "RETRY_SCHEDULED",
      message: `Attempt ${attempt.number + 1} of ${policy.maxAttempts} at ${next.toISOString()}`,
      at: now,
    });
  });
  return {
    outcome: "LATER",
    at: next,
    note: `Attempt ${attempt.number} declined; next at ${next.toISOString()}`,
    label: "declined",
  };
}

async function send(
  ctx: Ctx,
  admin: AdminClient,
  charge: BalanceChargeRow,
  attempt: ChargeAttemptRow,
  now: Date,
): Promise<JobOutcome> {
  // Counted before the call: a worker that dies mid-call leaves a trace, and the next run resends the same key.
  await ctx.fenced((tx) => updateAttempt(tx, attempt, charge.shop, { sendsIncrement: true }));
  let result: Awaited<ReturnType<typeof createMandatePayment>>;
  try {
    result = await createMandatePayment(admin, {
      orderId: charge.orderId,
      mandateId: attempt.mandateId!,
      idempotencyKey: attempt.idempotencyKey,
      paymentScheduleId: charge.paymentScheduleId,
      amount: attempt.amountSent
        ? {
            amount: toDecimalString(moneyFromMinorUnits(attempt.amountMinor, attempt.currency)),
            currencyCode: attempt.currency,
          }
        : null,
    });
  } catch (error) {
    // Unknown outcome: the payment may exist. The same attempt, with the same key, is sent again.
    await ctx.fenced((tx) =>
      appendChargeEvent(tx, charge, {
        attempt: attempt.number,
        type: "SEND_UNKNOWN",
        message: errorText(error),
        at: now,
      }),
    );
    if (error instanceof AdminApiThrottledError && error.retryAfterMs) {
      return {
        outcome: "RETRY",
        error: errorText(error),
        at: new Date(now.getTime() + error.retryAfterMs),
        label: "throttled",
      };
    }
    throw error;
  }
  if (result.userErrors.length > 0 || !result.paymentReferenceId) {
    const message = result.userErrors.map((e) => e.message).join("; ") || "Shopify returned no payment reference";
    await ctx.fenced(async (tx) => {
      await updateAttempt(tx, attempt, charge.shop, { status: "REFUSED", errorMessage: message, finishedAt: now });
      await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "REFUSED", message, at: now });
    });
    return afterUnsuccessfulAttempt(ctx, charge, { ...attempt, status: "REFUSED", errorMessage: message }, now);
  }
  const reference = result.paymentReferenceId;
  await ctx.fenced(async (tx) => {
    await updateAttempt(tx, attempt, charge.shop, { status: "SUBMITTED", paymentReferenceId: reference });
    await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "SUBMITTED", message: reference, at: now });
  });
  return {
    outcome: "LATER",
    at: new Date(now.getTime() + nextPollDelayMs(1)),
    note: "Payment sent; reading its status",
    label: "sent",
  };
}

async function poll(
  ctx: Ctx,
  admin: AdminClient,
  charge: BalanceChargeRow,
  attempt: ChargeAttemptRow,
  now: Date,
): Promise<JobOutcome> {
  const status = await fetchPaymentStatus(admin, charge.orderId, attempt.paymentReferenceId!);
  const value = status?.status ?? "UNKNOWN";
  const message = status?.errorMessage ?? status?.translatedErrorMessage ?? null;
  const meaning = paymentMeaning(value);
  const changed = value !== attempt.paymentStatus;
  if (meaning === "IN_FLIGHT") {
    await ctx.fenced(async (tx) => {
      await updateAttempt(tx, attempt, charge.shop, { paymentStatus: value, pollsIncrement: true });
      if (changed)
        await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "STATUS", status: value, at: now });
    });
    const at = new Date(now.getTime() + nextPollDelayMs(attempt.polls + 1));
    return {
      outcome: "LATER",
      at,
      note: `Payment ${value}: ${PAYMENT_STATUS_MEANING[value as never]?.["why"] ?? "read again later"}`,
      label: "pending",
    };
  }
  if (meaning === "COLLECTED" || meaning === "PARTIAL") {
    await ctx.fenced(async (tx) => {
      await updateAttempt(tx, attempt, charge.shop, {
        status: "SUCCEEDED",
        paymentStatus: value,
        finishedAt: now,
        pollsIncrement: true,
      });
      await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "SUCCEEDED", status: value, at: now });
      if (meaning === "COLLECTED") {
        await updateCharge(tx, charge, {
          status: "COLLECTED",
          collectedMinor: charge.collectedMinor + attempt.amountMinor,
          collectedAt: now,
          needsAttention: false,
        });
      }
    });
    if (meaning === "COLLECTED") return { outcome: "DONE", note: `Collected (${value})`, label: "collected" };
    // Part was collected: the next run reads what is left and charges it as the next attempt.
    return { outcome: "LATER", at: now, note: "Partly collected; reading what is left", label: "partial" };
  }
  await ctx.fenced(async (tx) => {
    await updateAttempt(tx, attempt, charge.shop, {
      status: "DECLINED",
      paymentStatus: value,
      errorMessage: message,
      finishedAt: now,
      pollsIncrement: true,
    });
    await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "DECLINED", status: value, message, at: now });
  });
  return afterUnsuccessfulAttempt(ctx, charge, { ...attempt, status: "DECLINED", errorMessage: message }, now);
}

async function runCharge(options: ChargeEngineOptions, ctx: Ctx): Promise<JobOutcome> {
  const { db } = options;
  const now = ctx.now();
  const charge = await findCharge(db, ctx.job.shop, ctx.job.subject);
  if (!charge) return { outcome: "CANCEL", note: "The charge is no longer stored" };
  if (!isOpenCharge(charge.status)) return { outcome: "DONE", note: `Already ${charge.status}` };
  const attempts = await listAttempts(db, charge.shop, charge.id);
  const open = attempts.find((attempt) => isOpenAttempt(attempt.status));
  if (!open && (await isShopUninstalled(db, charge.shop))) return closeCharge(ctx, charge, "SHOP_UNINSTALLED", now);
  const admin = await options.adminFor(charge.shop);
  if (!admin) {
    // An open attempt's outcome is still Shopify's to tell; without a token the charge cannot go on.
    return { outcome: "RETRY", error: "No offline access token for the shop" };
  }
  if (open?.status === "SUBMITTED") return poll(ctx, admin, charge, open, now);
  if (open) return send(ctx, admin, charge, open, now);

  const { order, shopifyPlus } = await fetchChargeOrder(admin, charge.orderId);
  if (!order) return closeCharge(ctx, charge, "ORDER_CANCELLED", now);
  const read = balanceReadOf(order, charge.currency);
  const force = charge.trigger === "STAFF";
  const decision = decideBalance(read, now, { force });
  if (decision.action === "CLOSE") return closeCharge(ctx, charge, decision.reason, now);
  if (decision.action === "FAIL") return failCharge(ctx, charge, decision.why, now);
  if (decision.action === "WAIT") {
    const status: ChargeStatus = read.returnInProgress || !read.schedule?.dueAt ? "WAITING" : "SCHEDULED";
    if (status !== charge.status) {
      await ctx.fenced(async (tx) => {
        await updateCharge(tx, charge, { status });
        await appendChargeEvent(tx, charge, { type: "WAITING", status, message: decision.why, at: now });
      });
    }
    return {
      outcome: "LATER",
      at: decision.until ?? new Date(now.getTime() + WAIT_RECHECK_MS),
      note: decision.why,
      label: "waiting",
    };
  }
  // The amount argument only where Shopify accepts it (Plus), and only to collect less than the schedule's balance.
  if (decision.partOfSchedule && !shopifyPlus) {
    return failCharge(
      ctx,
      charge,
      "Only part of the balance is owed now, and Shopify accepts a partial amount only on Shopify Plus: collect it from the order in Shopify",
      now,
    );
  }
  const policy = parseChargePolicy(charge.policy);
  const number = attempts.length + 1;
  if (!force && number > policy.maxAttempts) {
    return failCharge(ctx, charge, `All ${policy.maxAttempts} attempts are used`, now);
  }
  const trigger: ChargeTrigger = force ? "STAFF" : charge.trigger;
  const attempt = await ctx.fenced(async (tx) => {
    const created = await insertAttempt(tx, charge, {
      number,
      idempotencyKey: attemptIdempotencyKey({
        shop: charge.shop,
        orderId: charge.orderId,
        paymentScheduleId: charge.paymentScheduleId,
        attempt: number,
      }),
      amountMinor: decision.amountMinor,
      currency: charge.currency,
      amountSent: decision.partOfSchedule,
      mandateId: decision.mandateId,
      startedBy: trigger,
      staffMemberId: force ? charge.requestedBy : null,
    });
    // A staff member's "Charge now" is used by this attempt; later attempts follow the policy again.
    await updateCharge(tx, charge, {
      status: "IN_PROGRESS",
      expectedMinor: decision.amountMinor,
      ...(force ? { trigger: "SCHEDULE" } : {}),
    });
    await appendChargeEvent(tx, charge, {
      attempt: number,
      type: "ATTEMPT",
      message: `Attempt ${number}: ${toDecimalString(moneyFromMinorUnits(decision.amountMinor, charge.currency))} ${charge.currency}, key ${created.idempotencyKey}, started by ${trigger.toLowerCase()}`,
      at: now,
    });
    return created;
  });
  return send(ctx, admin, { ...charge, status: "IN_PROGRESS" }, attempt, now);
}

/** The BALANCE_CHARGE kind of scheduled work. */
export function balanceChargeJobKind(options: ChargeEngineOptions): JobKind<Transaction> {
  return {
    kind: "BALANCE_CHARGE",
    rule: CHARGE_RUN_RETRY,
    leaseMs: options.leaseMs ?? 2 * 60_000,
    run: (ctx) => runCharge(options, ctx),
    mirror: async (tx, job, settlement, now) => {
      // Shopify could not be reached for long enough that the engine gave up: the merchant must look. An open
      // attempt stays open (its payment may exist), so nothing can start a second one.
      if (settlement.status !== "FAILED") return;
      const charge = await findCharge(tx, job.shop, job.subject);
      if (!charge) return;
      await updateCharge(tx, charge, { needsAttention: true });
      await appendChargeEvent(tx, charge, { type: "STALLED", message: settlement.lastError, at: now });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The sweep: a lost webhook never loses money
// ---------------------------------------------------------------------------------------------------------------

export function chargeSweepJobKind(options: ChargeEngineOptions): JobKind<Transaction> {
  return {
    kind: "CHARGE_SWEEP",
    rule: SWEEP_RETRY,
    run: async ({ job, now }) => {
      const at = now();
      if (await isShopUninstalled(options.db, job.shop)) return { outcome: "CANCEL", note: "Shop uninstalled the app" };
      let woken = 0;
      for (const order of await listDueOpenOrders(options.db, job.shop, at)) {
        await planBalanceCharge(options.db, job.shop, order, at);
        const charge = order.paymentScheduleId
          ? await findChargeBySchedule(options.db, job.shop, order.paymentScheduleId)
          : null;
        // A charge whose unit is missing (lost with a restore, never written) gets one, due now. A unit that exists
        // keeps its time: it may be waiting the policy's spacing after a decline, or following a payment.
        if (charge && isOpenCharge(charge.status)) {
          const unit = { shop: job.shop, kind: "BALANCE_CHARGE" as const, subject: charge.id, dueAt: at };
          if ((await scheduleJob(options.db, unit)).created) woken++;
        }
      }
      return {
        outcome: "LATER",
        at: new Date(at.getTime() + SWEEP_INTERVAL_MS),
        note: `${woken} due balance(s) without a unit taken up`,
        label: "swept",
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: what the next run charges, and why the rest waits (no mutation)
// ---------------------------------------------------------------------------------------------------------------

export interface PlannedCharge {
  orderId: string;
  orderName: string;
  chargeId: string | null;
  amount: string;
  currency: string;
  dueAt: string | null;
  action: "CHARGE" | "WAIT" | "IN_PROGRESS" | "NEEDS_ATTENTION";
  why: string;
}

export type PlanAction = PlannedCharge["action"];

/**
 * The next run of the charge engine, before it happens: what it would charge and for how much, and why each other
 * open balance waits. `counts` and `totals` cover every open balance; `charges` lists them in due order, at most
 * `rowsPerAction` of each action (a shop with 100,000 orders has tens of thousands waiting, more than a page can
 * show). Reads the ledger and the orders in three statements, whatever their number (one read of the attempts per
 * charge took 23 s at 100,000 orders; this takes under a second).
 */
export async function planCharges(db: Database, shop: string, now: Date, options: { rowsPerAction?: number } = {}) {
  const rowsPerAction = options.rowsPerAction ?? Number.POSITIVE_INFINITY;
  const rows: PlannedCharge[] = [];
  const counts: Record<PlanAction, number> = { CHARGE: 0, IN_PROGRESS: 0, NEEDS_ATTENTION: 0, WAIT: 0 };
  const sums = new Map<string, bigint>();
  const money = (minor: bigint, currency: string) => toDecimalString(moneyFromMinorUnits(minor, currency));
  /** Counts a balance under its action and, while fewer than `rowsPerAction` are listed, lists it. */
  const plan = (action: PlanAction, currency: string, minor: bigint, row: () => PlannedCharge) => {
    counts[action] += 1;
    if (action === "CHARGE") sums.set(currency, (sums.get(currency) ?? 0n) + minor);
    if (counts[action] <= rowsPerAction) rows.push(row());
  };
  const seen = new Set<string>();
  const [charges, attemptsByCharge] = await Promise.all([
    listOpenChargesToPlan(db, shop),
    listAttemptsOfOpenCharges(db, shop),
  ]);
  for (const charge of charges) {
    seen.add(charge.paymentScheduleId);
    const attempts = attemptsByCharge.get(charge.id) ?? [];
    const open = attempts.find((attempt) => isOpenAttempt(attempt.status));
    const decided = (action: PlanAction, why: () => string) =>
      plan(action, charge.currency, charge.expectedMinor, () => ({
        orderId: charge.orderId,
        orderName: charge.orderName,
        chargeId: charge.id,
        amount: money(charge.expectedMinor, charge.currency),
        currency: charge.currency,
        dueAt: charge.dueAt?.toISOString() ?? null,
        action,
        why: why(),
      }));
    if (open) {
      decided(
        "IN_PROGRESS",
        () => `Attempt ${open.number} is ${open.paymentStatus ?? open.status}: its outcome comes first`,
      );
    } else if (charge.needsAttention) {
      decided("NEEDS_ATTENTION", () => "Flagged for the merchant");
    } else if (charge.status === "WAITING") {
      decided("WAIT", () => (charge.dueAt ? "A return is open" : "Due on fulfillment: no due date yet"));
    } else if (charge.dueAt && charge.dueAt.getTime() > now.getTime() && charge.trigger !== "STAFF") {
      decided("WAIT", () => "Not due yet");
    } else {
      const last = attempts.at(-1);
      decided("CHARGE", () =>
        last ? `Attempt ${last.number + 1} (attempt ${last.number} ${last.status.toLowerCase()})` : "Due",
      );
    }
  }
  // Due orders the engine has no charge for yet (the sweep creates it).
  for (const order of await listDueOpenBalances(db, shop, now)) {
    if (!order.paymentScheduleId || seen.has(order.paymentScheduleId)) continue;
    plan("CHARGE", order.currency, order.balanceDueMinor, () => ({
      orderId: order.orderId,
      orderName: order.orderName,
      chargeId: null,
      amount: money(order.balanceDueMinor, order.currency),
      currency: order.currency,
      dueAt: order.dueAt?.toISOString() ?? null,
      action: "CHARGE",
      why: "Due, no charge yet: the sweep takes it up",
    }));
  }
  const totals: Record<string, string> = {};
  for (const [currency, minor] of sums) totals[currency] = money(minor, currency);
  return { shop, at: now.toISOString(), charges: rows, counts, totals };
}
