// Classifies a failed Admin API call for the pages (and logs it once, with the shop and operation).
import type { AdminFailure } from "../domain/admin-failure";
import { logger } from "../logger.server";
import {
  AdminApiError,
  AdminApiNetworkError,
  AdminApiThrottledError,
  AdminApiUnauthorizedError,
  AdminApiUserErrors,
} from "../shopify/errors";

/** What went wrong talking to Shopify. Errors that are not the gateway's are rethrown for the error boundary. */
export function adminFailureOf(error: unknown, shop: string, operation: string): AdminFailure {
  if (!(error instanceof AdminApiError)) throw error;
  logger.error({ err: error, shop, operation }, "admin api call failed");
  if (error instanceof AdminApiThrottledError) return { kind: "THROTTLED" };
  if (error instanceof AdminApiNetworkError) return { kind: error.mayHaveReachedShopify ? "NO_ANSWER" : "UNREACHABLE" };
  if (error instanceof AdminApiUnauthorizedError) return { kind: "UNAUTHORIZED" };
  if (error instanceof AdminApiUserErrors) return { kind: "REFUSED", messages: error.userErrors.map((e) => e.message) };
  return { kind: "OTHER" };
}
