// Reading what the offers pages post: JSON fields and the product pickers' assignment.
import type { FieldErrors } from "../../domain/offer";

/** A posted JSON field, or undefined when it is missing or not JSON (the caller words that). */
export function jsonField(form: FormData, name: string): unknown {
  const raw = form.get(name);
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** `{ productIds, variantIds }` as posted by the product pickers, or null when malformed. */
export function assignmentField(form: FormData): { productIds: string[]; variantIds: string[] } | null {
  const value = jsonField(form, "assignment");
  if (typeof value !== "object" || value === null) return null;
  const { productIds, variantIds } = value as Record<string, unknown>;
  const strings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((item) => typeof item === "string" && item.startsWith("gid://shopify/"));
  return strings(productIds) && strings(variantIds) ? { productIds, variantIds } : null;
}

export const UNREADABLE_FORM: FieldErrors = { "": "The form could not be read. Reload the page and try again." };
