// Server glue the offers routes share: reading what the pages post and turning Admin API failures into messages the merchant can act on.
import type { FieldErrors } from "../../domain/offer";
import { logger } from "../../logger.server";
import {
  AdminApiError,
  AdminApiNetworkError,
  AdminApiThrottledError,
  AdminApiUnauthorizedError,
  AdminApiUserErrors,
} from "../../shopify/errors";

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

/**
 * What to tell the merchant when Shopify could not be asked or refused outright. The form keeps their input, so
 * the message says whether trying again is sensible. Unknown errors are rethrown for the error boundary.
 */
export function failureMessage(error: unknown, shop: string, operation: string): FieldErrors {
  if (!(error instanceof AdminApiError)) throw error;
  logger.error({ err: error, shop, operation }, "offer operation failed at the Admin API");
  if (error instanceof AdminApiThrottledError) {
    return { "": "Shopify is busy right now. Nothing was changed; try again in a minute." };
  }
  if (error instanceof AdminApiNetworkError) {
    return {
      "": error.mayHaveReachedShopify
        ? "Shopify did not answer in time. Click Sync now on the offers page to see whether the change was made."
        : "Shopify could not be reached. Nothing was changed; try again.",
    };
  }
  if (error instanceof AdminApiUnauthorizedError) {
    return { "": "Shopify refused the app's access. Reinstall the app, then try again." };
  }
  if (error instanceof AdminApiUserErrors) {
    return { "": `Shopify refused the change: ${error.userErrors.map((e) => e.message).join(" ")}` };
  }
  return { "": "Shopify could not complete the request. Nothing was lost here; try again." };
}
