// A staff member's actions on a balance charge: each is recorded as a request for the charge's unit of work, which
// applies it under its claim (charge-run.server.ts). This module records the request (or refuses it at once, saying
// why), and words the answer from what the unit did with it: applied, declined with the reason, or still waiting for
// a payment in flight to end. No staff action writes a charge's state itself.
import {
  appendChargeEvent,
  findCurrentChargeOfOrder,
  listAttempts,
  touchCharge,
  type BalanceChargeRow,
} from "../db/charges.server";
import { findChargeRequest, insertChargeRequest } from "../db/charge-requests.server";
import type { Database } from "../db/client.server";
import { findDeferredOrder } from "../db/deferred-orders.server";
import { findJob, wakeJob } from "../db/scheduled-jobs.server";
import { isOpenAttempt } from "../domain/charge";
import { isEndedJob } from "../domain/scheduled-job";
import {
  CHARGE_REQUEST_WORDS,
  refusalOf,
  waitingWords,
  type ChargeRequestKind,
  type ChargeRequestStatus,
} from "../domain/charge-request";
import { formatMoney, moneyFromMinorUnits } from "../domain/money";
import { planBalanceCharge } from "./charges.server";

export type ChargeRequestReceipt =
  { notFound: true } | { refused: string } | { requestId: string; jobId: string; chargeId: string };

const amountWords = (minor: bigint, currency: string) => formatMoney(moneyFromMinorUnits(minor, currency), "en");

async function currentCharge(db: Database, shop: string, orderId: string, now: Date): Promise<BalanceChargeRow | null> {
  const charge = await findCurrentChargeOfOrder(db, shop, orderId);
  if (charge) return charge;
  // An order whose balance opened but whose charge was not made yet (a sync in flight): made now, as a sync would.
  const order = await findDeferredOrder(db, shop, orderId);
  if (order?.paymentScheduleId) await planBalanceCharge(db, shop, order, now);
  return findCurrentChargeOfOrder(db, shop, orderId);
}

/** The charge's open attempt as the request rules and their words see it, and its unit of work. */
async function attemptInFlight(db: Database, shop: string, chargeId: string) {
  const attempts = await listAttempts(db, shop, chargeId);
  const open = attempts.find((attempt) => isOpenAttempt(attempt.status));
  const unit = await findJob(db, shop, "BALANCE_CHARGE", chargeId);
  return {
    unit,
    open: open
      ? {
          number: open.number,
          status: open.status,
          paymentStatus: open.paymentStatus,
          amount: amountWords(open.amountMinor, open.currency),
        }
      : null,
  };
}

/**
 * Records a staff member's request on the order's balance charge and makes its unit due now, or says at once why it
 * is refused. `notFound` when the order is not one of the shop's deferred orders.
 */
export async function requestChargeAction(
  db: Database,
  shop: string,
  orderId: string,
  kind: ChargeRequestKind,
  staffMemberId: string | null,
  now: Date,
): Promise<ChargeRequestReceipt> {
  const order = await findDeferredOrder(db, shop, orderId);
  if (!order) return { notFound: true };
  const charge = await currentCharge(db, shop, orderId, now);
  if (!charge) return { refused: "This order has no balance the app collects." };
  const { open, unit } = await attemptInFlight(db, shop, charge.id);
  const refused = refusalOf(kind, {
    status: charge.status,
    openAttempt: open,
    unitEnded: !unit || isEndedJob(unit.status),
  });
  if (refused) return { refused };
  const { request, jobId } = await db.$transaction(async (tx) => {
    const request = await insertChargeRequest(tx, charge, { kind, staffMemberId, at: now });
    // A run that read the charge before this request cannot start an attempt without seeing it.
    await touchCharge(tx, charge);
    await appendChargeEvent(tx, charge, {
      type: "REQUESTED",
      status: kind,
      message: `${CHARGE_REQUEST_WORDS[kind]}, requested${staffMemberId ? ` by ${staffMemberId}` : ""}`,
      at: now,
    });
    const jobId = await wakeJob(tx, { shop, kind: "BALANCE_CHARGE", subject: charge.id, dueAt: now }, { reopen: true });
    return { request, jobId };
  });
  return { requestId: request.id, jobId, chargeId: charge.id };
}

export interface ChargeRequestAnswer {
  status: ChargeRequestStatus;
  kind: ChargeRequestKind;
  message: string;
}

/** What the staff member is told about their request now: its outcome, or why it is still waiting. */
export async function answerChargeRequest(
  db: Database,
  shop: string,
  requestId: string,
): Promise<ChargeRequestAnswer | null> {
  const request = await findChargeRequest(db, shop, requestId);
  if (!request) return null;
  if (request.status !== "PENDING") {
    return {
      status: request.status,
      kind: request.kind,
      message: request.outcome ?? CHARGE_REQUEST_WORDS[request.kind],
    };
  }
  const { open, unit } = await attemptInFlight(db, shop, request.chargeId);
  let message = waitingWords(request.kind, open);
  if (!open && unit?.lastError) {
    message = `Shopify could not be reached just now (${unit.lastError.slice(0, 200)}): your request is recorded and applies as soon as it answers.`;
  }
  return { status: "PENDING", kind: request.kind, message };
}
