// The balance charge of an order as the order page shows it: its state in words, and every attempt and event as a
// timeline (time in the shop's zone, idempotency key, amount, status, Shopify's message, who started it).
import { CHARGE_STATUS_WORDS, isOpenAttempt, isStaffActionable } from "../../domain/charge";
import { CHARGE_REQUEST_WORDS, type ChargeRequestKind } from "../../domain/charge-request";
import { moneyFromMinorUnits, formatMoney } from "../../domain/money";
import { formatDateTime, type DisplayOptions } from "./view";

type Tone = "info" | "success" | "warning" | "critical" | undefined;

/** The charge as the ledger stores it (the fields shown). */
export interface StoredCharge {
  id: string;
  status: string;
  currency: string;
  expectedMinor: bigint;
  collectedMinor: bigint;
  dueAt: Date | null;
  closedReason: string | null;
  needsAttention: boolean;
  attention?: string | null;
  attentionMessage?: string | null;
  requests?: {
    id: string;
    kind: string;
    status: string;
    staffMemberId: string | null;
    outcome: string | null;
    requestedAt: Date;
  }[];
  attempts: {
    id: string;
    number: number;
    idempotencyKey: string;
    amountMinor: bigint;
    currency: string;
    status: string;
    paymentStatus: string | null;
    errorMessage: string | null;
    startedBy: string;
    staffMemberId: string | null;
    sends: number;
    createdAt: Date;
  }[];
  events: {
    id: string;
    attempt: number | null;
    type: string;
    status: string | null;
    message: string | null;
    at: Date;
  }[];
}

export const CHARGE_STATUS: Record<string, { label: string; tone: Tone }> = {
  SCHEDULED: { label: CHARGE_STATUS_WORDS.SCHEDULED, tone: "info" },
  IN_PROGRESS: { label: CHARGE_STATUS_WORDS.IN_PROGRESS, tone: "warning" },
  WAITING: { label: CHARGE_STATUS_WORDS.WAITING, tone: undefined },
  COLLECTED: { label: CHARGE_STATUS_WORDS.COLLECTED, tone: "success" },
  FAILED: { label: CHARGE_STATUS_WORDS.FAILED, tone: "critical" },
  CLOSED: { label: CHARGE_STATUS_WORDS.CLOSED, tone: undefined },
};

const ATTEMPT_STATUS: Record<string, { label: string; tone: Tone }> = {
  CREATED: { label: "Sending", tone: "warning" },
  SUBMITTED: { label: "Processing", tone: "warning" },
  SUCCEEDED: { label: "Succeeded", tone: "success" },
  PARTIAL: { label: "Partly collected", tone: "warning" },
  DECLINED: { label: "Declined", tone: "critical" },
  ENDED: { label: "Ended by staff", tone: undefined },
  REFUSED: { label: "Refused by Shopify", tone: "critical" },
};

const STARTED_BY: Record<string, string> = {
  SCHEDULE: "Due date",
  WEBHOOK: "Shopify's due notice",
  SWEEP: "Periodic check",
  STAFF: "Staff",
};

const EVENT_TEXT: Record<string, string> = {
  SCHEDULED: "Charge scheduled",
  MOVED: "Due date moved",
  ATTEMPT: "Attempt started",
  SEND_UNKNOWN: "No answer from Shopify; the same request is sent again",
  SUBMITTED: "Payment sent to Shopify",
  STATUS: "Payment status",
  SUCCEEDED: "Payment succeeded",
  PARTIAL: "Part of the payment succeeded",
  DECLINED: "Payment declined",
  UNCLEAR: "Shopify answered without a payment reference; the same key is sent again",
  FLAGGED: "Flagged for a person",
  GUARD: "Not charged: Shopify shows another payment on the order",
  ENDED: "Attempt ended by staff",
  PAUSED: "Paused: the shop uninstalled the app",
  REOPENED: "Collected again",
  REQUESTED: "Staff request",
  REQUEST_DECLINED: "Staff request not carried out",
  REFUSED: "Shopify refused the payment request",
  RETRY_SCHEDULED: "Next attempt scheduled",
  WAITING: "Waiting",
  CLOSED: "Closed without charging",
  FAILED: "Failed",
  STALLED: "Shopify could not be reached; needs a look",
  STAFF_CHARGE_NOW: "Charge now requested",
  REMINDER_SENT: "Payment reminder sent to the customer",
  RECORDED_PAID: "Recorded as paid outside the app",
};

const TIMED_EVENTS = new Set(["SCHEDULED", "MOVED", "RETRY_SCHEDULED"]);

export function chargeView(charge: StoredCharge, options: DisplayOptions & { now?: () => Date }) {
  const money = (minor: bigint, currency: string) => formatMoney(moneyFromMinorUnits(minor, currency), options.locale);
  const status = CHARGE_STATUS[charge.status] ?? { label: charge.status, tone: undefined };
  const openAttempt = charge.attempts.find((attempt) => isOpenAttempt(attempt.status)) ?? null;
  const attention = charge.attention ?? null;
  const staffOf = (id: string | null) => (id ? `staff ${id.split("/").pop()}` : "a staff member");
  return {
    id: charge.id,
    status: charge.status,
    statusLabel: status.label,
    statusTone: status.tone,
    needsAttention: charge.needsAttention,
    attention,
    attentionMessage: charge.attentionMessage ?? null,
    open: charge.status === "SCHEDULED" || charge.status === "WAITING" || charge.status === "FAILED",
    charging: charge.status === "IN_PROGRESS",
    /** The due date has passed (the app's clock): "Charge now" is not "before its due date". */
    dueAtPassed: charge.dueAt !== null && charge.dueAt.getTime() <= (options.now?.() ?? new Date()).getTime(),
    /** Stop and Record as paid may be asked while a payment is in flight: they apply when it ends. */
    stoppable: isStaffActionable(charge.status),
    /** "Charge now" (and a payment reminder) only when nothing is in flight. */
    chargeable:
      (charge.status === "SCHEDULED" || charge.status === "WAITING" || charge.status === "FAILED") && !openAttempt,
    /** A stalled unit or an unclear answer: "Resume" follows the open attempt (same key) or looks again now. */
    resumable: attention === "STALLED" || attention === "UNCLEAR_ANSWER",
    /** The open attempt a staff member may end (after the app checks Shopify), when it needs a person. */
    endableAttempt:
      openAttempt?.status === "CREATED" && (attention === "UNCLEAR_ANSWER" || attention === "STALLED")
        ? { number: openAttempt.number, amount: money(openAttempt.amountMinor, openAttempt.currency) }
        : null,
    pendingRequests: (charge.requests ?? [])
      .filter((request) => request.status === "PENDING")
      .map((request) => ({
        id: request.id,
        text: `${CHARGE_REQUEST_WORDS[request.kind as ChargeRequestKind] ?? request.kind}, asked by ${staffOf(request.staffMemberId)} ${formatDateTime(request.requestedAt, options)}: waits for the payment in flight to end`,
      })),
    expected: money(charge.expectedMinor, charge.currency),
    collected: money(charge.collectedMinor, charge.currency),
    attempts: charge.attempts.map((attempt) => {
      const shown = ATTEMPT_STATUS[attempt.status] ?? { label: attempt.status, tone: undefined };
      return {
        id: attempt.id,
        number: attempt.number,
        at: formatDateTime(attempt.createdAt, options),
        key: attempt.idempotencyKey,
        amount: money(attempt.amountMinor, attempt.currency),
        statusLabel: shown.label,
        statusTone: shown.tone,
        paymentStatus: attempt.paymentStatus,
        message: attempt.errorMessage,
        startedBy:
          attempt.startedBy === "STAFF" && attempt.staffMemberId
            ? `Staff (${attempt.staffMemberId.split("/").pop()})`
            : (STARTED_BY[attempt.startedBy] ?? attempt.startedBy),
        sends: attempt.sends,
      };
    }),
    events: charge.events.map((event) => ({
      id: event.id,
      at: formatDateTime(event.at, options),
      text: EVENT_TEXT[event.type] ?? event.type,
      // Messages that carry a time (due dates) are the app's own log; the time is shown beside, in the shop's zone.
      detail: [
        event.attempt ? `attempt ${event.attempt}` : null,
        event.status,
        TIMED_EVENTS.has(event.type) ? null : event.message,
      ]
        .filter(Boolean)
        .join(" · "),
    })),
  };
}

export type ChargeView = ReturnType<typeof chargeView>;
