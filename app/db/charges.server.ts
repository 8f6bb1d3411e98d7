// The charge ledger: a BalanceCharge per payment schedule to collect, a ChargeAttempt per call to Shopify (written
// before the call), and ChargeEvents appended for everything that happened. Every function takes the shop.
import type { Prisma } from "@prisma/client";
import {
  ChargeChangedError,
  OPEN_CHARGE_STATUSES as OPEN_STATUSES,
  type AttentionKind,
  type ChargeStatus,
  type ChargeTrigger,
} from "../domain/charge";
import { ENDED_JOB_STATUSES } from "../domain/scheduled-job";
import { asRequest } from "./charge-requests.server";
import type { Database } from "./client.server";
import type { DatabaseOrTx } from "./scheduled-jobs.server";
import { isUniqueConstraintViolation } from "./errors";

export interface BalanceChargeRow {
  id: string;
  shop: string;
  orderId: string;
  orderName: string;
  paymentScheduleId: string;
  currency: string;
  expectedMinor: bigint;
  status: ChargeStatus;
  dueAt: Date | null;
  offerId: string | null;
  policy: string;
  trigger: ChargeTrigger;
  requestedBy: string | null;
  closedReason: string | null;
  needsAttention: boolean;
  attention: AttentionKind | null;
  attentionMessage: string | null;
  collectedMinor: bigint;
  collectedAt: Date | null;
  /** The row's version: every write is a compare-and-set on the version the writer read. */
  version: number;
  createdAt: Date;
}

export interface ChargeAttemptRow {
  id: string;
  chargeId: string;
  number: number;
  idempotencyKey: string;
  amountMinor: bigint;
  currency: string;
  amountSent: boolean;
  mandateId: string | null;
  status: string;
  paymentReferenceId: string | null;
  paymentStatus: string | null;
  errorMessage: string | null;
  sends: number;
  polls: number;
  unclearSince: Date | null;
  collectedMinor: bigint;
  /** JSON array of the ids of the transactions Shopify lists for this attempt's payment. */
  transactionIds: string;
  startedBy: string;
  staffMemberId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ChargeEventRow {
  id: string;
  attempt: number | null;
  type: string;
  status: string | null;
  message: string | null;
  at: Date;
}

const asCharge = (raw: Awaited<ReturnType<Database["balanceCharge"]["findFirstOrThrow"]>>): BalanceChargeRow => ({
  ...raw,
  status: raw.status as ChargeStatus,
  trigger: raw.trigger as ChargeTrigger,
  attention: raw.attention as AttentionKind | null,
});

export type NewCharge = Pick<
  BalanceChargeRow,
  | "shop"
  | "orderId"
  | "orderName"
  | "paymentScheduleId"
  | "currency"
  | "expectedMinor"
  | "status"
  | "dueAt"
  | "offerId"
  | "policy"
  | "trigger"
>;

/** Creates the charge of a schedule, or finds the one there is (`created` false). */
export async function insertCharge(
  db: DatabaseOrTx,
  charge: NewCharge,
  at: Date,
): Promise<{ charge: BalanceChargeRow; created: boolean }> {
  const existing = await findChargeBySchedule(db, charge.shop, charge.paymentScheduleId);
  if (existing) return { charge: existing, created: false };
  try {
    const raw = await db.balanceCharge.create({
      data: {
        ...charge,
        events: {
          create: {
            shop: charge.shop,
            type: "SCHEDULED",
            status: charge.status,
            message: charge.dueAt ? `Due ${charge.dueAt.toISOString()}` : "Due when Shopify sets its due date",
            at,
          },
        },
      },
    });
    await mirrorOnOrder(db, charge.shop, charge.orderId, { status: charge.status, needsAttention: false });
    return { charge: asCharge(raw), created: true };
  } catch (error) {
    if (!isUniqueConstraintViolation(error)) throw error;
    return { charge: (await findChargeBySchedule(db, charge.shop, charge.paymentScheduleId))!, created: false };
  }
}

export async function findCharge(db: DatabaseOrTx, shop: string, id: string): Promise<BalanceChargeRow | null> {
  const raw = await db.balanceCharge.findFirst({ where: { id, shop } });
  return raw ? asCharge(raw) : null;
}

export async function findChargeBySchedule(
  db: DatabaseOrTx,
  shop: string,
  paymentScheduleId: string,
): Promise<BalanceChargeRow | null> {
  const raw = await db.balanceCharge.findUnique({ where: { shop_paymentScheduleId: { shop, paymentScheduleId } } });
  return raw ? asCharge(raw) : null;
}

export async function listChargesOfOrder(db: DatabaseOrTx, shop: string, orderId: string) {
  const raws = await db.balanceCharge.findMany({
    where: { shop, orderId },
    orderBy: { createdAt: "asc" },
    include: {
      attempts: { orderBy: { number: "asc" } },
      events: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      requests: { orderBy: [{ requestedAt: "asc" }, { id: "asc" }] },
    },
  });
  return raws.map((raw) => ({
    ...asCharge(raw),
    attempts: raw.attempts as ChargeAttemptRow[],
    events: raw.events as ChargeEventRow[],
    requests: raw.requests.map(asRequest),
  }));
}

/** The statuses of a charge that may still be charged (the domain's list, as Prisma's `in` takes it). */
const OPEN_CHARGE_STATUSES: string[] = [...OPEN_STATUSES];

/** The shop's open charges, soonest due first. */
const openChargesOf = (shop: string) =>
  ({
    where: { shop, status: { in: OPEN_CHARGE_STATUSES } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  }) satisfies Prisma.BalanceChargeFindManyArgs;

/** The ids of the shop's open charges. */
export async function listOpenChargeIds(db: DatabaseOrTx, shop: string): Promise<{ id: string; shop: string }[]> {
  return db.balanceCharge.findMany({
    where: { shop, status: { in: OPEN_CHARGE_STATUSES } },
    select: { id: true, shop: true },
  });
}

/** Open charges of the shop, whole rows. */
export async function listOpenCharges(db: DatabaseOrTx, shop: string): Promise<BalanceChargeRow[]> {
  const raws = await db.balanceCharge.findMany(openChargesOf(shop));
  return raws.map(asCharge);
}

/** What the charge plan reads of each open charge of the shop (only these columns: a large shop has tens of thousands). */
export async function listOpenChargesToPlan(db: DatabaseOrTx, shop: string) {
  const raws = await db.balanceCharge.findMany({
    ...openChargesOf(shop),
    select: {
      id: true,
      orderId: true,
      orderName: true,
      paymentScheduleId: true,
      currency: true,
      expectedMinor: true,
      dueAt: true,
      status: true,
      needsAttention: true,
      trigger: true,
    },
  });
  return raws as (Omit<(typeof raws)[number], "status" | "trigger"> & Pick<BalanceChargeRow, "status" | "trigger">)[];
}

/** The attempts of the shop's open charges, in one read (the plan reads them all), by charge and in order. */
export async function listAttemptsOfOpenCharges(
  db: DatabaseOrTx,
  shop: string,
): Promise<Map<string, ChargeAttemptRow[]>> {
  const raws = (await db.chargeAttempt.findMany({
    where: { shop, charge: { status: { in: OPEN_CHARGE_STATUSES } } },
    orderBy: [{ chargeId: "asc" }, { number: "asc" }],
  })) as ChargeAttemptRow[];
  const byCharge = new Map<string, ChargeAttemptRow[]>();
  for (const attempt of raws) {
    const attempts = byCharge.get(attempt.chargeId);
    if (attempts) attempts.push(attempt);
    else byCharge.set(attempt.chargeId, [attempt]);
  }
  return byCharge;
}

export async function listAttempts(db: DatabaseOrTx, shop: string, chargeId: string): Promise<ChargeAttemptRow[]> {
  return (await db.chargeAttempt.findMany({
    where: { shop, chargeId },
    orderBy: { number: "asc" },
  })) as ChargeAttemptRow[];
}

export type ChargePatch = Partial<
  Pick<
    BalanceChargeRow,
    | "status"
    | "dueAt"
    | "expectedMinor"
    | "closedReason"
    | "needsAttention"
    | "attention"
    | "attentionMessage"
    | "collectedMinor"
    | "collectedAt"
    | "trigger"
    | "requestedBy"
  >
>;

type ChargeVersion = Pick<BalanceChargeRow, "id" | "shop" | "orderId" | "version">;

/**
 * Writes `patch` only if the charge is still at the version `charge` was read at (a compare-and-set), and returns
 * it as it now is; throws ChargeChangedError (nothing written) when another writer changed it since.
 */
export async function updateCharge<T extends ChargeVersion>(
  db: DatabaseOrTx,
  charge: T,
  patch: ChargePatch,
): Promise<T> {
  const { count } = await db.balanceCharge.updateMany({
    where: { id: charge.id, shop: charge.shop, version: charge.version },
    data: { ...patch, version: { increment: 1 } },
  });
  if (count !== 1) throw new ChargeChangedError(charge.id);
  if (patch.status !== undefined || patch.needsAttention !== undefined) {
    await mirrorOnOrder(db, charge.shop, charge.orderId, {
      status: patch.status,
      needsAttention: patch.needsAttention,
    });
  }
  return { ...charge, ...patch, version: charge.version + 1 };
}

/**
 * Moves the charge's version without changing its state: a staff request does it in the transaction that records the
 * request, so a run that read the charge before cannot start an attempt without seeing the request (its
 * compare-and-set fails and it reads again); a request recorded after the attempt finds the attempt open.
 */
export async function touchCharge(db: DatabaseOrTx, charge: Pick<BalanceChargeRow, "id" | "shop">) {
  await db.balanceCharge.updateMany({
    where: { id: charge.id, shop: charge.shop },
    data: { version: { increment: 1 } },
  });
}

/**
 * The deferred order carries its charge's state, for the list's filters: written with every change of the charge
 * (in the caller's transaction when it has one), so the two never disagree.
 */
async function mirrorOnOrder(
  db: DatabaseOrTx,
  shop: string,
  orderId: string,
  state: { status?: ChargeStatus; needsAttention?: boolean },
) {
  await db.deferredOrder.updateMany({
    where: { shop, orderId },
    data: {
      ...(state.status !== undefined ? { chargeStatus: state.status } : {}),
      ...(state.needsAttention !== undefined ? { needsAttention: state.needsAttention } : {}),
    },
  });
}

export interface NewEvent {
  attempt?: number | null;
  type: string;
  status?: string | null;
  message?: string | null;
  at: Date;
}

export async function appendChargeEvent(
  db: DatabaseOrTx,
  charge: Pick<BalanceChargeRow, "id" | "shop">,
  event: NewEvent,
) {
  await db.chargeEvent.create({
    data: {
      shop: charge.shop,
      chargeId: charge.id,
      attempt: event.attempt ?? null,
      type: event.type,
      status: event.status ?? null,
      message: event.message ? event.message.slice(0, 2000) : null,
      at: event.at,
    },
  });
}

export interface NewAttempt {
  number: number;
  idempotencyKey: string;
  amountMinor: bigint;
  currency: string;
  amountSent: boolean;
  mandateId: string;
  startedBy: ChargeTrigger;
  staffMemberId: string | null;
  /** When it began, on the app's clock (the guard's "since the last attempt" and the in-flight alert count from it). */
  createdAt: Date;
}

export async function insertAttempt(
  db: DatabaseOrTx,
  charge: Pick<BalanceChargeRow, "id" | "shop">,
  attempt: NewAttempt,
): Promise<ChargeAttemptRow> {
  return (await db.chargeAttempt.create({
    data: { shop: charge.shop, chargeId: charge.id, ...attempt, status: "CREATED" },
  })) as ChargeAttemptRow;
}

export type AttemptPatch = Partial<
  Pick<
    ChargeAttemptRow,
    | "status"
    | "paymentReferenceId"
    | "paymentStatus"
    | "errorMessage"
    | "finishedAt"
    | "unclearSince"
    | "collectedMinor"
    | "transactionIds"
  >
> & { sendsIncrement?: boolean; pollsIncrement?: boolean };

export async function updateAttempt(
  db: DatabaseOrTx,
  attempt: Pick<ChargeAttemptRow, "id">,
  shop: string,
  patch: AttemptPatch,
) {
  const { sendsIncrement, pollsIncrement, ...fields } = patch;
  await db.chargeAttempt.updateMany({
    where: { id: attempt.id, shop },
    data: {
      ...fields,
      ...(sendsIncrement ? { sends: { increment: 1 } } : {}),
      ...(pollsIncrement ? { polls: { increment: 1 } } : {}),
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Finding charges to take up again
// ---------------------------------------------------------------------------------------------------------------

/**
 * Open charges of the shop whose unit of work ended (given up after too many failed runs, or cancelled) at or before
 * `endedBefore`: stalled balances the sweep takes up again.
 */
export async function listStalledCharges(db: DatabaseOrTx, shop: string, endedBefore: Date) {
  const units = await db.scheduledJob.findMany({
    where: {
      shop,
      kind: "BALANCE_CHARGE",
      status: { in: [...ENDED_JOB_STATUSES] },
      finishedAt: { lte: endedBefore },
    },
    select: { subject: true },
  });
  if (units.length === 0) return [];
  const raws = await db.balanceCharge.findMany({
    where: { shop, id: { in: units.map((unit) => unit.subject) }, status: { in: OPEN_CHARGE_STATUSES } },
  });
  return raws.map(asCharge);
}

/** The shop's charges closed for one of `reasons` (a reinstall or an unarchived order may open them again). */
export async function listChargesClosedFor(
  db: DatabaseOrTx,
  shop: string,
  reasons: readonly string[],
  options: { orderId?: string } = {},
) {
  const raws = await db.balanceCharge.findMany({
    where: {
      shop,
      status: "CLOSED",
      closedReason: { in: [...reasons] },
      ...(options.orderId ? { orderId: options.orderId } : {}),
    },
  });
  return raws.map(asCharge);
}

/** The order's charge the app works on now: its open one, else its latest. */
export async function findCurrentChargeOfOrder(
  db: DatabaseOrTx,
  shop: string,
  orderId: string,
): Promise<BalanceChargeRow | null> {
  const raws = await db.balanceCharge.findMany({
    where: { shop, orderId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const open = raws.find((raw) => OPEN_CHARGE_STATUSES.includes(raw.status));
  const chosen = open ?? raws[0];
  return chosen ? asCharge(chosen) : null;
}

/** shop/redact: the shop's whole ledger goes (48 hours after uninstall, as Shopify asks). */
export async function deleteShopCharges(db: DatabaseOrTx, shop: string): Promise<number> {
  await db.chargeEvent.deleteMany({ where: { shop } });
  await db.chargeRequest.deleteMany({ where: { shop } });
  await db.chargeAttempt.deleteMany({ where: { shop } });
  const { count } = await db.balanceCharge.deleteMany({ where: { shop } });
  return count;
}

/** customers/data_request: the charges of the customer's orders, with their attempts. */
export async function chargesOfOrders(db: DatabaseOrTx, shop: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  const raws = await db.balanceCharge.findMany({
    where: { shop, orderId: { in: [...orderIds] } },
    include: { attempts: { orderBy: { number: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
  return raws.map((raw) => ({ ...asCharge(raw), attempts: raw.attempts as ChargeAttemptRow[] }));
}

/**
 * customers/redact: the money stays (what was charged, when, with which key), the person goes: the payment method
 * (mandate) the attempts name is forgotten. Nothing else in the ledger names the customer.
 */
export async function forgetChargeCustomer(db: DatabaseOrTx, shop: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return 0;
  const { count } = await db.chargeAttempt.updateMany({
    // An attempt still open keeps its payment method: its key must be resent exactly as first sent (it is forgotten
    // once the attempt ends, by the next redaction or by shop/redact).
    where: {
      shop,
      charge: { orderId: { in: [...orderIds] } },
      mandateId: { not: null },
      status: { notIn: ["CREATED", "SUBMITTED"] },
    },
    data: { mandateId: null },
  });
  return count;
}
