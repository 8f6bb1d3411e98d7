// Staff members' requests as the charge's unit applies them, under its claim: stop collecting, record as paid outside
// the app (after the money-first guard), and end an open attempt (only when Shopify's record shows no payment for it).
import { appendChargeEvent, updateAttempt, type ChargeAttemptRow } from "../db/charges.server";
import { settleChargeRequest, type ChargeRequestRow } from "../db/charge-requests.server";
import { CLOSE_REASON_TEXT } from "../domain/charge";
import { moneyFirstGuard } from "../domain/money-guard";
import type { JobOutcome } from "../domain/scheduled-job";
import type { AdminClient } from "../shopify/client.server";
import { balanceReadOf, fetchChargeOrder, orderMoneyOf } from "../shopify/operations/charges";
import { markOrderAsPaid } from "../shopify/operations/deferred-orders";
import {
  type Run,
  writeCharge,
  flagged,
  declineRequests,
  ownTransactionIds,
  afterFailedAttempt,
  money,
  DEFAULT_IN_FLIGHT_ALERT_MS,
  DEFAULT_UNCLEAR_ALERT_MS,
} from "./charge-run-steps.server";
import { poll, send } from "./charge-run-attempts.server";

export async function endAttempt(
  run: Run,
  admin: AdminClient,
  attempt: ChargeAttemptRow,
  request: ChargeRequestRow,
  pending: readonly ChargeRequestRow[],
): Promise<JobOutcome> {
  const { charge, now } = run;
  const others = pending.filter((other) => other.id !== request.id);
  const decline = (outcome: string) =>
    run.ctx.fenced((tx) => settleChargeRequest(tx, request, { status: "DECLINED", outcome, at: now }));
  if (attempt.paymentReferenceId) {
    // Shopify has a payment for this key: only Shopify's answer ends it, never a staff member.
    await decline(
      `Attempt ${attempt.number} has a payment in Shopify (${attempt.paymentStatus ?? "status not read yet"}): it ends when Shopify settles it, and the app follows it until then.`,
    );
    return poll(run, admin, attempt, others);
  }
  // No payment reference yet: the same key is sent once more first. If Shopify has a payment for it, it says so now.
  const resent = await send(run, admin, attempt);
  if (resent.outcome === "LATER" && resent.label === "sent") {
    await decline(
      `Attempt ${attempt.number} has a payment in Shopify after all (its key was answered with a reference): the app follows it.`,
    );
    return resent;
  } // A payment Shopify made for the key but has not settled yet shows nowhere on the order: only once the attempt is
  // older than a payment takes to show (the in-flight alert time) can the order's record speak for it.
  const settleMs = Math.max(
    run.options.inFlightAlertMs ?? DEFAULT_IN_FLIGHT_ALERT_MS,
    run.options.unclearAlertMs ?? DEFAULT_UNCLEAR_ALERT_MS,
  );
  const endableAt = new Date(attempt.createdAt.getTime() + settleMs);
  if (now.getTime() < endableAt.getTime()) {
    await decline(
      `Attempt ${attempt.number} cannot be ended yet: Shopify has not said whether it made a payment, and a payment it made may not show on the order until it settles. It can be ended from ${endableAt.toISOString()}; meanwhile the app sends the same key again (it can never charge twice).`,
    );
    return resent;
  }

  const { order } = await fetchChargeOrder(admin, charge.orderId);
  const verdict = order
    ? moneyFirstGuard(orderMoneyOf(order), {
        amountMinor: 0n,
        lastAttemptAt: attempt.createdAt,
        ownTransactionIds: ownTransactionIds(run.attempts.filter((a) => a.id !== attempt.id)),
      })
    : ({ send: true } as const);
  if (!verdict.send) {
    await run.ctx.fenced(async (tx) => {
      await settleChargeRequest(tx, request, {
        status: "DECLINED",
        outcome: `Attempt ${attempt.number} stays open: ${verdict.why}.`,
        at: now,
      });
      await appendChargeEvent(tx, charge, {
        attempt: attempt.number,
        type: "REQUEST_DECLINED",
        message: verdict.why,
        at: now,
      });
    });
    return { outcome: "LATER", at: now, note: "End attempt declined: a payment shows on the order", label: "pending" };
  }
  const who = request.staffMemberId ? ` by ${request.staffMemberId}` : "";
  const why = `Ended${who}: Shopify's record of the order showed no payment for it`;
  const ended = { ...attempt, status: "ENDED", errorMessage: why, finishedAt: now };
  await run.ctx.fenced(async (tx) => {
    await updateAttempt(tx, attempt, charge.shop, { status: "ENDED", errorMessage: why, finishedAt: now });
    await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "ENDED", message: why, at: now });
    await settleChargeRequest(tx, request, {
      status: "APPLIED",
      outcome: `Attempt ${attempt.number} ended: no payment for it shows in Shopify. The balance is charged again as the offer's retry policy says (or with Charge now).`,
      at: now,
    });
  });
  run.attempts = run.attempts.map((a) => (a.id === attempt.id ? ended : a));
  return afterFailedAttempt(run, ended, others.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// No attempt open: the staff members' requests, then the balance itself
// ---------------------------------------------------------------------------------------------------------------

export async function stopCollecting(run: Run, request: ChargeRequestRow, pending: readonly ChargeRequestRow[]) {
  const who = request.staffMemberId ? ` by ${request.staffMemberId}` : " by a staff member";
  await writeCharge(
    run,
    { status: "CLOSED", closedReason: "STOPPED_BY_STAFF", ...flagged(null) },
    async (tx, charge) => {
      await appendChargeEvent(tx, charge, {
        type: "CLOSED",
        status: "STOPPED_BY_STAFF",
        message: `Collection stopped${who}`,
        at: run.now,
      });
      await settleChargeRequest(tx, request, {
        status: "APPLIED",
        outcome: "The app will not collect this balance.",
        at: run.now,
      });
      await declineRequests(
        tx,
        pending.filter((other) => other.id !== request.id),
        "Not carried out: collection was stopped.",
        run.now,
      );
    },
  );
  return { outcome: "DONE", note: "Stopped by staff", label: "closed" } satisfies JobOutcome;
}

const SENT_TO_SHOPIFY = "Sent to Shopify";

export async function recordPaid(
  run: Run,
  admin: AdminClient,
  request: ChargeRequestRow,
  pending: readonly ChargeRequestRow[],
): Promise<JobOutcome> {
  const { charge, now } = run;
  const others = pending.filter((other) => other.id !== request.id);
  const { order } = await fetchChargeOrder(admin, charge.orderId);
  const read = order ? balanceReadOf(order, charge) : null;
  const owed = read && !read.cancelled && read.schedule && !read.schedule.completed ? read.outstandingMinor : 0n;
  if (!order || owed <= 0n) {
    // Nothing is owed: either this request's own orderMarkAsPaid went through before its answer was lost, or the
    // balance was settled some other way.
    const recorded = request.outcome === SENT_TO_SHOPIFY;
    await writeCharge(
      run,
      { status: "CLOSED", closedReason: recorded ? "RECORDED_PAID" : "NOTHING_OUTSTANDING", ...flagged(null) },
      async (tx, written) => {
        await appendChargeEvent(tx, written, {
          type: "CLOSED",
          status: recorded ? "RECORDED_PAID" : "NOTHING_OUTSTANDING",
          message: recorded
            ? `Recorded as paid outside the app${request.staffMemberId ? `, by ${request.staffMemberId}` : ""}`
            : CLOSE_REASON_TEXT.NOTHING_OUTSTANDING,
          at: now,
        });
        await settleChargeRequest(tx, request, {
          status: recorded ? "APPLIED" : "DECLINED",
          outcome: recorded
            ? "Recorded as paid in Shopify: the app no longer collects this balance."
            : "Nothing is outstanding on the order in Shopify: nothing was recorded, and the app no longer collects it.",
          at: now,
        });
        await declineRequests(tx, others, "Not carried out: nothing is outstanding.", now);
      },
    );
    return { outcome: "DONE", note: "Nothing outstanding", label: "closed" };
  }
  const verdict = moneyFirstGuard(orderMoneyOf(order), {
    amountMinor: owed,
    lastAttemptAt: run.attempts.at(-1)?.createdAt ?? null,
    ownTransactionIds: ownTransactionIds(run.attempts),
    staffOverride: true,
  });
  if (!verdict.send) {
    await run.ctx.fenced((tx) =>
      settleChargeRequest(tx, request, { status: "DECLINED", outcome: `Not recorded: ${verdict.why}.`, at: now }),
    );
    return { outcome: "LATER", at: now, note: "Record as paid declined", label: "pending" };
  }
  // Marked before the call: a lost answer is recognised by the next run (nothing outstanding any more).
  await run.ctx.fenced((tx) =>
    tx.chargeRequest.updateMany({ where: { id: request.id, shop: request.shop }, data: { outcome: SENT_TO_SHOPIFY } }),
  );
  const errors = await markOrderAsPaid(admin, charge.orderId);
  if (errors.length > 0) {
    const why = errors.map((error) => error.message).join("; ");
    await run.ctx.fenced((tx) =>
      settleChargeRequest(tx, request, {
        status: "DECLINED",
        outcome: `Shopify refused to record the payment: ${why}`,
        at: now,
      }),
    );
    return { outcome: "LATER", at: now, note: "Record as paid refused by Shopify", label: "pending" };
  }
  const who = request.staffMemberId ? `, by ${request.staffMemberId}` : "";
  await writeCharge(run, { status: "CLOSED", closedReason: "RECORDED_PAID", ...flagged(null) }, async (tx, written) => {
    await appendChargeEvent(tx, written, {
      type: "RECORDED_PAID",
      message: `Recorded as paid outside the app (${money(owed, charge.currency)})${who}`,
      at: now,
    });
    await settleChargeRequest(tx, request, {
      status: "APPLIED",
      outcome: "Recorded as paid in Shopify: the app no longer collects this balance.",
      at: now,
    });
    await declineRequests(tx, others, "Not carried out: the balance was recorded as paid.", now);
  });
  return { outcome: "DONE", note: "Recorded as paid outside the app", label: "closed" };
}
