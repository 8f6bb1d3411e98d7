// Balance charges, scheduled: a charge per open payment schedule, due at its due date, following the order as it
// changes; the sweep that finds what a lost webhook left behind and takes stalled charges up again; and the plan of
// the next run. None of this writes a charge's state around its unit: an order sync creates a charge, moves the due
// date of one not attempted yet (a compare-and-set), opens again one closed for a reason that passed, or wakes its
// unit, which decides. The run itself is charge-run.server.ts. (docs/decisions/0009-charge-engine.md)
import {
  appendChargeEvent,
  findChargeBySchedule,
  findCurrentChargeOfOrder,
  insertCharge,
  listAttempts,
  listAttemptsOfOpenCharges,
  listChargesClosedFor,
  listOpenChargeIds,
  listOpenChargesToPlan,
  listStalledCharges,
  updateCharge,
  type BalanceChargeRow,
} from "../db/charges.server";
import type { Database } from "../db/client.server";
import { listDueOpenBalances, listDueOpenOrders } from "../db/deferred-orders.server";
import type { DeferredOrderSnapshot } from "../domain/deferred-order";
import { findOffer } from "../db/offers.server";
import { findJob, rescheduleJob, scheduleJob, wakeJob, type DatabaseOrTx } from "../db/scheduled-jobs.server";
import { isShopUninstalled } from "../db/shops.server";
import {
  ChargeChangedError,
  DEFAULT_CHARGE_POLICY,
  isOpenAttempt,
  isOpenCharge,
  parseChargePolicy,
  REOPENABLE_CLOSE_REASONS,
  WAIT_RECHECK_MS,
  type ChargePolicy,
} from "../domain/charge";
import { moneyFromMinorUnits, toDecimalString } from "../domain/money";
import { STALLED_CHARGE_REOPEN_MS, SWEEP_RETRY } from "../domain/retry";
import { isEndedJob, type JobKind } from "../domain/scheduled-job";
import type { Transaction } from "../db/scheduled-jobs.server";
import type { Logger } from "../logger.server";
import type { AdminClient } from "../shopify/client.server";

export interface ChargeEngineOptions {
  db: Database;
  logger: Logger;
  adminFor: (shop: string) => Promise<AdminClient | null>;
  /** How long a claim on a balance lasts before another worker may take it up (default 2 minutes). */
  leaseMs?: number;
  /** After how long Shopify's unclear answers to an attempt (userErrors, no reference) are flagged (default 1 h). */
  unclearAlertMs?: number;
  /** After how long a payment still in flight is flagged (default 72 h). */
  inFlightAlertMs?: number;
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

const unitOf = (charge: Pick<BalanceChargeRow, "shop" | "id">) => ({
  shop: charge.shop,
  kind: "BALANCE_CHARGE" as const,
  subject: charge.id,
});

/**
 * Takes up a charge's unit again when it ended while the charge is open (it gave up after Shopify failed it for too
 * long): at once when `force`, else only once it has been ended for STALLED_CHARGE_REOPEN_MS (webhooks can be many).
 */
export async function reopenStalledUnit(
  db: DatabaseOrTx,
  charge: Pick<BalanceChargeRow, "shop" | "id">,
  now: Date,
  options: { force?: boolean } = {},
): Promise<boolean> {
  const job = await findJob(db, charge.shop, "BALANCE_CHARGE", charge.id);
  if (!job || !isEndedJob(job.status)) return false;
  const endedLongEnough = job.finishedAt && job.finishedAt.getTime() <= now.getTime() - STALLED_CHARGE_REOPEN_MS;
  if (!options.force && !endedLongEnough) return false;
  await wakeJob(db, { ...unitOf(charge), dueAt: now }, { reopen: true });
  return true;
}

/**
 * Opens again a charge closed for a reason that passed (an archived order unarchived, a shop that reinstalled the
 * app; earlier versions of the app closed charges for those): a compare-and-set from CLOSED, and its unit due now.
 */
export async function reopenCharge(db: Database, charge: BalanceChargeRow, why: string, now: Date): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      const written = await updateCharge(tx, charge, { status: "SCHEDULED", closedReason: null });
      await appendChargeEvent(tx, written, { type: "REOPENED", message: why, at: now });
      await wakeJob(tx, { ...unitOf(charge), dueAt: now }, { reopen: true });
    });
    return true;
  } catch (error) {
    if (error instanceof ChargeChangedError) return false;
    throw error;
  }
}

/**
 * Keeps the charge of a stored order in step with it (after every sync): creates it when a balance is open, moves
 * its due date while nothing was attempted (a compare-and-set: a run that read the charge before finds it changed and
 * reads again), opens again one closed for a reason that passed, takes up a stalled unit, and wakes the unit when the
 * order changed in a way it must look at (cancelled, paid, a return, news of a payment). It never changes a charge's
 * state otherwise: the charge's unit decides, from its own read of the order.
 */
export async function planBalanceCharge(
  db: Database,
  shop: string,
  order: DeferredOrderSnapshot,
  now: Date,
  /**
   * `fromSweep`: the periodic sweep's look at a stored order is no news: it makes what is missing (a charge, a unit)
   * and takes up stalled units, but wakes nothing and opens no closed charge again.
   */
  options: { fromSweep?: boolean } = {},
): Promise<void> {
  if (!order.paymentScheduleId) return;
  const open = order.status === "OPEN" && order.balanceDue.minorUnits > 0n;
  const existing = await findChargeBySchedule(db, shop, order.paymentScheduleId);
  if (!existing) {
    if (!open) return;
    // One live charge per order: while a charge of another (replaced) schedule is open, its unit looks first and
    // closes it; the new schedule's charge is made by the next sync (its run calls this again).
    const current = await findCurrentChargeOfOrder(db, shop, order.orderId);
    if (current && isOpenCharge(current.status)) {
      await wakeJob(db, { ...unitOf(current), dueAt: now }, { reopen: true });
      return;
    }
    // A staff member stopped collecting this order's balance: a schedule Shopify replaced since does not undo that.
    if (current?.status === "CLOSED" && current.closedReason === "STOPPED_BY_STAFF") return;
    await createCharge(db, shop, order, now);
    return;
  }
  if (existing.status === "CLOSED") {
    // Only on news (a webhook, the backfill, a reinstall): the sweep's stored order may be stale, and reopening on it
    // would close and reopen a settled balance forever.
    const reopenable = (REOPENABLE_CLOSE_REASONS as readonly string[]).includes(existing.closedReason ?? "");
    if (reopenable && open && !order.closed && !options.fromSweep) {
      await reopenCharge(db, existing, "The order is open in Shopify with money owed: the app collects it again", now);
    }
    return;
  }
  if (!isOpenCharge(existing.status)) return;
  await reopenStalledUnit(db, existing, now);
  const job = unitOf(existing);
  const attempts = await listAttempts(db, shop, existing.id);
  const attempting = attempts.some((attempt) => isOpenAttempt(attempt.status));
  // An archived order opened again: its run clears the flag and goes on at once.
  const unarchived = existing.attention === "ORDER_ARCHIVED" && order.closed === false;
  if (!open || attempting || order.returnInProgress || order.closed || unarchived) {
    // Cancelled, paid, terms gone, a return, archived, news of a payment: the charge looks at the order now.
    if (!options.fromSweep) await wakeJob(db, { ...job, dueAt: now });
    return;
  }
  const dueMoved = (existing.dueAt?.getTime() ?? null) !== (order.dueAt?.getTime() ?? null);
  if (dueMoved || existing.expectedMinor !== order.balanceDue.minorUnits) {
    try {
      await db.$transaction(async (tx) => {
        // Its state only before any attempt (after one, the policy's spacing and the run decide).
        const written = await updateCharge(tx, existing, {
          dueAt: order.dueAt,
          expectedMinor: order.balanceDue.minorUnits,
          ...(attempts.length === 0 ? { status: order.dueAt ? "SCHEDULED" : "WAITING" } : {}),
        });
        if (dueMoved) {
          await appendChargeEvent(tx, written, {
            type: "MOVED",
            message: order.dueAt ? `Due ${order.dueAt.toISOString()}` : "Due when Shopify sets its due date",
            at: now,
          });
          if (attempts.length === 0) {
            await rescheduleJob(tx, job, order.dueAt ?? new Date(now.getTime() + WAIT_RECHECK_MS));
          }
        }
      });
    } catch (error) {
      if (!(error instanceof ChargeChangedError)) throw error;
      // Its run wrote it meanwhile: the run reads the order itself.
      await wakeJob(db, { ...job, dueAt: now });
      return;
    }
  }
  if (existing.status === "WAITING" && order.dueAt) await wakeJob(db, { ...job, dueAt: order.dueAt });
}

async function createCharge(db: Database, shop: string, order: DeferredOrderSnapshot, now: Date) {
  const { offerId, policy } = await policyOf(db, shop, order);
  await db.$transaction(async (tx) => {
    const { charge, created } = await insertCharge(
      tx,
      {
        shop,
        orderId: order.orderId,
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
        ...unitOf(charge),
        dueAt: order.dueAt ?? new Date(now.getTime() + WAIT_RECHECK_MS),
      });
    }
  });
  await ensureSweep(db, shop, now);
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
 * A shop that installed the app again: its charges open again (those an earlier version closed at the uninstall),
 * every open charge's unit runs now (it re-reads its order from Shopify), stalled ones included, and the sweep runs.
 */
export async function resumeChargesAfterReinstall(db: Database, shop: string, now: Date) {
  let reopened = 0;
  for (const charge of await listChargesClosedFor(db, shop, ["SHOP_UNINSTALLED"])) {
    if (await reopenCharge(db, charge, "The shop installed the app again: the app collects this balance again", now))
      reopened++;
  }
  const open = await listOpenChargeIds(db, shop);
  for (const charge of open) await wakeJob(db, { ...unitOf(charge), dueAt: now }, { reopen: true });
  await wakeJob(db, { shop, kind: "CHARGE_SWEEP", subject: SWEEP_SUBJECT, dueAt: now }, { reopen: true });
  return { reopened, woken: open.length };
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
      if (await isShopUninstalled(options.db, job.shop)) {
        // Kept, not cancelled: a reinstall wakes it at once.
        return { outcome: "LATER", at: new Date(at.getTime() + 24 * 3_600_000), note: "Shop uninstalled the app" };
      }
      let woken = 0;
      // Charges whose unit gave up (Shopify failing for too long) are taken up again, a while after.
      const stalled = await listStalledCharges(options.db, job.shop, new Date(at.getTime() - STALLED_CHARGE_REOPEN_MS));
      for (const charge of stalled) {
        if (await reopenStalledUnit(options.db, charge, at)) woken++;
      }
      for (const order of await listDueOpenOrders(options.db, job.shop, at)) {
        await planBalanceCharge(options.db, job.shop, order, at, { fromSweep: true });
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
        note: `${woken} due or stalled balance(s) taken up`,
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
