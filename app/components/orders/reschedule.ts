// The reschedule form's contract between the order page's action and its card: what is posted and what comes back.

/** The fields the reschedule form posts, as rescheduleDueDate reads them (anything else is ignored). */
export function rescheduleFormFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of ["dueDate", "reason", "confirmEarlier"] as const) {
    const value = form.get(name);
    if (typeof value === "string") fields[name] = value;
  }
  return fields;
}

export type RescheduleActionResult =
  /** `dueDate`: the new due date in words. */
  | { ok: true; dueDate: string }
  /** Nothing changed: the date is earlier than agreed. `dueDate` is the submitted field value the question is about. */
  | {
      ok: false;
      reason: "NEEDS_CONFIRMATION";
      from: string;
      to: string;
      dueDate: string;
      /** Sooner than the customer agreed. */
      earlier: boolean;
      /** The day the order ships, when the new date is before it; else null. */
      shipsBy: string | null;
    }
  /** `dueDate`: the submitted field value the errors are about. */
  | { ok: false; reason: "INVALID" | "REFUSED_BY_SHOPIFY"; fieldErrors: Record<string, string>; dueDate: string }
  | { ok: false; reason: "NOT_FOUND" }
  | { ok: false; reason: "FAILED"; message: string };

/** Errors the card shows on its fields, and the rest (shown above them). */
export function splitFieldErrors(fieldErrors: Record<string, string>): {
  dueDate?: string;
  reason?: string;
  other: string[];
} {
  const { dueDate, reason, ...rest } = fieldErrors;
  return { dueDate, reason, other: Object.values(rest) };
}
