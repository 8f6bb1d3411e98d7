// A balance charge's attempts: the next one written (with its deterministic key) before it is sent; sending it, or
// resending the same key while Shopify's answer is unknown or unclear; reading its payment's status until a final one,
// and recording what Shopify's own transactions say it moved.
import {
  appendChargeEvent,
  insertAttempt,
  updateAttempt,
  updateCharge,
  type ChargeAttemptRow,
} from "../db/charges.server";
import { settleChargeRequest, type ChargeRequestRow } from "../db/charge-requests.server";
import {
  attemptIdempotencyKey,
  type BalanceDecision,
  PAYMENT_STATUS_MEANING,
  paymentMeaning,
  type AttentionKind,
  type PaymentStatus,
} from "../domain/charge";
import { moneyFromMinorUnits, toDecimalString } from "../domain/money";
import { nextPollDelayMs, unclearResendDelayMs } from "../domain/retry";
import type { JobOutcome } from "../domain/scheduled-job";
import type { AdminClient } from "../shopify/client.server";
import { collectedBy, createMandatePayment, fetchPaymentStatus } from "../shopify/operations/charges";
import {
  type Run,
  writeCharge,
  flagged,
  declineRequests,
  afterFailedAttempt,
  flagOnce,
  money,
  errorText,
  DEFAULT_UNCLEAR_ALERT_MS,
  DEFAULT_IN_FLIGHT_ALERT_MS,
} from "./charge-run-steps.server";

// ---------------------------------------------------------------------------------------------------------------
// An attempt in flight: resend its key, or read its payment
// ---------------------------------------------------------------------------------------------------------------

export async function send(run: Run, admin: AdminClient, attempt: ChargeAttemptRow): Promise<JobOutcome> {
  const { charge, ctx, now } = run;
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
    throw error;
  }
  const reference = result.paymentReferenceId;
  if (reference) {
    const cleared = charge.attention === "UNCLEAR_ANSWER" || charge.attention === "STALLED" ? flagged(null) : {};
    await ctx.fenced(async (tx) => {
      await updateAttempt(tx, attempt, charge.shop, {
        status: "SUBMITTED",
        paymentReferenceId: reference,
        unclearSince: null,
      });
      await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "SUBMITTED", message: reference, at: now });
      if (Object.keys(cleared).length > 0) run.charge = await updateCharge(tx, run.charge, cleared);
    });
    return {
      outcome: "LATER",
      at: new Date(now.getTime() + nextPollDelayMs(1)),
      note: "Payment sent; reading its status",
      label: "sent",
    };
  }
  // No reference: userErrors (Shopify documents one generic code for them) or a job not done yet. Neither proves that
  // no payment exists for the key, so the attempt stays open and the same key is sent again later.
  const message =
    result.userErrors.map((error) => error.message).join("; ") ||
    (result.jobDone === false
      ? "Shopify accepted the request but has not given a payment reference yet"
      : "Shopify answered without a payment reference");
  const since = attempt.unclearSince ?? now;
  const alertMs = run.options.unclearAlertMs ?? DEFAULT_UNCLEAR_ALERT_MS;
  await ctx.fenced(async (tx) => {
    await updateAttempt(tx, attempt, charge.shop, { unclearSince: since, errorMessage: message });
    if (message !== attempt.errorMessage) {
      await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "UNCLEAR", message, at: now });
    }
    if (now.getTime() - since.getTime() >= alertMs) {
      await flagOnce(
        tx,
        run,
        attempt.number,
        "UNCLEAR_ANSWER",
        () =>
          `attempt ${attempt.number} (${money(attempt.amountMinor, attempt.currency)}): since ${since.toISOString()} Shopify answers "${message}" without saying whether a payment exists. The app sends the same key again (it can never charge twice), but it will not start a new payment on its own. Check the order in Shopify: if no payment was made, end the attempt; or stop collecting.`,
      );
    }
  });
  const at = new Date(now.getTime() + unclearResendDelayMs(attempt.sends + 1));
  return { outcome: "LATER", at, note: `Unclear answer (${message}); the same key is sent again`, label: "unclear" };
}

export async function poll(
  run: Run,
  admin: AdminClient,
  attempt: ChargeAttemptRow,
  pending: readonly ChargeRequestRow[],
) {
  const { charge, ctx, now } = run;
  const status = await fetchPaymentStatus(admin, charge.orderId, attempt.paymentReferenceId!);
  const value = status?.status ?? "UNKNOWN";
  const message = status?.errorMessage ?? status?.translatedErrorMessage ?? null;
  const { collectedMinor, transactionIds } = status
    ? collectedBy(status, charge.currency)
    : { collectedMinor: 0n, transactionIds: attempt.transactionIds };
  let meaning = paymentMeaning(value);
  // Shopify's transactions are the truth of what moved: a "failed" payment that took money took it.
  if (meaning === "DECLINED" && collectedMinor > 0n) meaning = "PARTIAL";
  // A success whose transactions are not listed yet is read again shortly (the amount comes from them).
  if ((meaning === "COLLECTED" || meaning === "PARTIAL") && collectedMinor === 0n) meaning = "IN_FLIGHT";
  // A success that moved less than was asked is a partial one: the order is read again and what is left is charged.
  if (meaning === "COLLECTED" && value !== "REFUNDED" && collectedMinor < attempt.amountMinor) meaning = "PARTIAL";
  const changed = value !== attempt.paymentStatus;

  if (meaning === "IN_FLIGHT") {
    const known = PAYMENT_STATUS_MEANING[value as PaymentStatus];
    const inFlightMs = now.getTime() - attempt.createdAt.getTime();
    const alert: AttentionKind | null = known?.attention
      ? known.attention
      : inFlightMs >= (run.options.inFlightAlertMs ?? DEFAULT_IN_FLIGHT_ALERT_MS)
        ? "IN_FLIGHT_TOO_LONG"
        : null;
    await ctx.fenced(async (tx) => {
      await updateAttempt(tx, attempt, charge.shop, { paymentStatus: value, pollsIncrement: true });
      if (changed)
        await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "STATUS", status: value, at: now });
      if (alert) {
        await flagOnce(tx, run, attempt.number, alert, () =>
          alert === "REDIRECT_REQUIRED"
            ? `attempt ${attempt.number} (${money(attempt.amountMinor, attempt.currency)}) waits for the customer to confirm it with their bank. No other payment starts while it may still succeed; if they do not confirm, the bank declines it and the app goes on as the offer's retry policy says.`
            : `attempt ${attempt.number} (${money(attempt.amountMinor, attempt.currency)}) has been ${value} since ${attempt.createdAt.toISOString()}. The app keeps reading its status and starts no other payment meanwhile.`,
        );
      }
    });
    return {
      outcome: "LATER",
      at: new Date(now.getTime() + nextPollDelayMs(attempt.polls + 1)),
      note: `Payment ${value}: ${known?.why ?? "read again later"}`,
      label: "pending",
    } satisfies JobOutcome;
  }

  if (meaning === "COLLECTED" || meaning === "PARTIAL") {
    const total = run.charge.collectedMinor + collectedMinor;
    const done = meaning === "COLLECTED";
    await writeCharge(
      run,
      done
        ? { status: "COLLECTED", collectedMinor: total, collectedAt: now, ...flagged(null) }
        : { status: "SCHEDULED", collectedMinor: total, collectedAt: now, ...flagged(null) },
      async (tx, written) => {
        await updateAttempt(tx, attempt, charge.shop, {
          status: done ? "SUCCEEDED" : "PARTIAL",
          paymentStatus: value,
          errorMessage: done ? null : message,
          collectedMinor,
          transactionIds,
          finishedAt: now,
          pollsIncrement: true,
        });
        await appendChargeEvent(tx, written, {
          attempt: attempt.number,
          type: done ? "SUCCEEDED" : "PARTIAL",
          status: value,
          message: done
            ? `Collected ${money(collectedMinor, charge.currency)} (Shopify's transactions)`
            : `Collected ${money(collectedMinor, charge.currency)} of ${money(attempt.amountMinor, attempt.currency)}; what is left is charged as attempt ${attempt.number + 1}`,
          at: now,
        });
        if (done) {
          await declineRequests(tx, pending, `Not needed: attempt ${attempt.number} collected the balance.`, now);
        }
      },
    );
    run.attempts = run.attempts.map((a) =>
      a.id === attempt.id ? { ...a, status: done ? "SUCCEEDED" : "PARTIAL" } : a,
    );
    if (done) return { outcome: "DONE", note: `Collected (${value})`, label: "collected" } satisfies JobOutcome;
    // Part was collected: the next run reads what is left and charges it as the next attempt (not a failure).
    return {
      outcome: "LATER",
      at: now,
      note: "Partly collected; charging what is left",
      label: "partial",
    } satisfies JobOutcome;
  }

  // A final status that proves this payment collected nothing: the next key may follow.
  const ended = { ...attempt, status: "DECLINED", errorMessage: message, finishedAt: now };
  await ctx.fenced(async (tx) => {
    await updateAttempt(tx, attempt, charge.shop, {
      status: "DECLINED",
      paymentStatus: value,
      errorMessage: message,
      transactionIds,
      finishedAt: now,
      pollsIncrement: true,
    });
    await appendChargeEvent(tx, charge, { attempt: attempt.number, type: "DECLINED", status: value, message, at: now });
  });
  run.attempts = run.attempts.map((a) => (a.id === attempt.id ? ended : a));
  return afterFailedAttempt(run, ended, pending.length > 0);
}

/**
 * A staff member's "End the open attempt": only after Shopify's record of the order shows no payment in flight and
 * none made since the attempt began (and, when the attempt has a reference, its payment is not in flight).
 */
export async function startAttempt(
  run: Run,
  admin: AdminClient,
  decision: Extract<BalanceDecision, { action: "CHARGE" }>,
  chargeNow: ChargeRequestRow | null,
): Promise<JobOutcome> {
  const { now } = run;
  const number = run.attempts.length + 1;
  const startedBy = chargeNow ? "STAFF" : "SCHEDULE";
  const key = attemptIdempotencyKey({
    shop: run.charge.shop,
    orderId: run.charge.orderId,
    paymentScheduleId: run.charge.paymentScheduleId,
    attempt: number,
  });
  const amount = money(decision.amountMinor, run.charge.currency);
  let attempt: ChargeAttemptRow | null = null;
  await writeCharge(
    run,
    {
      status: "IN_PROGRESS",
      expectedMinor: decision.amountMinor,
      ...(chargeNow ? { requestedBy: chargeNow.staffMemberId, trigger: "STAFF" as const } : {}),
      ...flagged(null),
    },
    async (tx, written) => {
      attempt = await insertAttempt(tx, written, {
        number,
        idempotencyKey: key,
        amountMinor: decision.amountMinor,
        currency: written.currency,
        amountSent: decision.amountArgument !== null,
        mandateId: decision.mandateId,
        startedBy,
        staffMemberId: chargeNow?.staffMemberId ?? null,
        createdAt: now,
      });
      await appendChargeEvent(tx, written, {
        attempt: number,
        type: "ATTEMPT",
        message: `Attempt ${number}: ${amount}, key ${key}, started by ${startedBy.toLowerCase()}`,
        at: now,
      });
      // A staff member's "Charge now" is this attempt: applied with it, never carried over to a later one.
      if (chargeNow) {
        await settleChargeRequest(tx, chargeNow, {
          status: "APPLIED",
          outcome: `Attempt ${number} sent: ${amount}. Its outcome shows in the ledger.`,
          at: now,
        });
      }
    },
  );
  run.attempts = [...run.attempts, attempt!];
  return send(run, admin, attempt!);
}
