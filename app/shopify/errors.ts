// Typed failures of the Admin API gateway, and the userErrors check every mutation result goes through.

/** Shopify's mutation-level validation error (UserError and its typed variants). */
export interface AdminUserError {
  field?: readonly string[] | null;
  code?: string | null;
  message: string;
}

/** One entry of a GraphQL response's top-level `errors`. */
export interface AdminGraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface AdminApiErrorContext {
  shop: string;
  /** Operation name of the document, when it has one. */
  operation?: string;
  /** Shopify's X-Request-Id, which Shopify support asks for. */
  requestId?: string;
  cause?: unknown;
}

/** Base class: every error the gateway raises says which shop and operation failed. Never carries the token. */
export class AdminApiError extends Error {
  readonly shop: string;
  readonly operation?: string;
  readonly requestId?: string;
  /** Attempts made before giving up (set by the client's retry loop). */
  attempts = 1;

  constructor(message: string, context: AdminApiErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.shop = context.shop;
    this.operation = context.operation;
    this.requestId = context.requestId;
  }
}

/** The mutation ran and refused the input: fix the input, do not retry. */
export class AdminApiUserErrors extends AdminApiError {
  readonly userErrors: readonly AdminUserError[];

  constructor(userErrors: readonly AdminUserError[], context: AdminApiErrorContext) {
    super(
      `Admin API userErrors: ${userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ")}`,
      context,
    );
    this.userErrors = userErrors;
  }

  /** Codes present (Shopify's typed user errors carry one; plain UserError does not). */
  get codes(): string[] {
    return this.userErrors.flatMap((e) => (e.code ? [e.code] : []));
  }
}

/** Top-level GraphQL `errors` (invalid document, ACCESS_DENIED, internal error...). */
export class AdminApiGraphQLError extends AdminApiError {
  readonly errors: readonly AdminGraphQLErrorEntry[];
  /** Partial data Shopify returned alongside the errors, if any. */
  readonly data: unknown;

  constructor(errors: readonly AdminGraphQLErrorEntry[], data: unknown, context: AdminApiErrorContext) {
    super(`Admin API GraphQL error: ${errors.map((e) => e.message).join("; ")}`, context);
    this.errors = errors;
    this.data = data;
  }

  get codes(): string[] {
    return this.errors.flatMap((e) => (typeof e.extensions?.code === "string" ? [e.extensions.code] : []));
  }
}

/** An HTTP status the gateway does not retry (4xx), or a 5xx that persisted through every retry. */
export class AdminApiHttpError extends AdminApiError {
  readonly status: number;
  /** Start of the response body, for diagnosis. */
  readonly bodyExcerpt: string;

  constructor(status: number, body: string, context: AdminApiErrorContext) {
    super(`Admin API HTTP ${status}`, context);
    this.status = status;
    this.bodyExcerpt = body.slice(0, 500);
  }
}

/** HTTP 401: the offline token is invalid, usually because the app was uninstalled. */
export class AdminApiUnauthorizedError extends AdminApiError {
  readonly status = 401;

  constructor(context: AdminApiErrorContext) {
    super("Admin API rejected the access token (401): the app was uninstalled or the token revoked", context);
  }
}

/** Shopify throttled the request (HTTP 429 or GraphQL THROTTLED) and retries did not get through. */
export class AdminApiThrottledError extends AdminApiError {
  /** From Retry-After, when Shopify sent one. */
  readonly retryAfterMs?: number;
  /** The response carried a throttle status, so the client's bucket knows how long to wait. */
  readonly bucketKnown: boolean;

  constructor(context: AdminApiErrorContext & { retryAfterMs?: number; bucketKnown?: boolean }) {
    super("Admin API throttled the request", context);
    this.retryAfterMs = context.retryAfterMs;
    this.bucketKnown = context.bucketKnown ?? false;
  }
}

/** No HTTP response (connection refused/reset, DNS, timeout). */
export class AdminApiNetworkError extends AdminApiError {
  /**
   * False only when the failure provably happened before the request left
   * (DNS failure, connection refused): then even a mutation is safe to resend.
   */
  readonly mayHaveReachedShopify: boolean;

  constructor(mayHaveReachedShopify: boolean, context: AdminApiErrorContext) {
    super(`Admin API network failure${mayHaveReachedShopify ? "" : " before the request was sent"}`, context);
    this.mayHaveReachedShopify = mayHaveReachedShopify;
  }
}

/**
 * Returns the mutation payload when its `userErrors` is empty, throws AdminApiUserErrors otherwise.
 * A null payload (Shopify returns null when the mutation itself errored) is reported as an error too,
 * so callers never mistake "nothing happened" for success.
 */
export function assertNoUserErrors<TPayload extends { userErrors: readonly AdminUserError[] }>(
  payload: TPayload | null | undefined,
  context: AdminApiErrorContext = { shop: "unknown" },
): TPayload {
  if (payload == null) {
    throw new AdminApiError("Admin API mutation returned no payload", context);
  }
  if (payload.userErrors.length > 0) {
    throw new AdminApiUserErrors(payload.userErrors, context);
  }
  return payload;
}

/** userErrors of every top-level field of a response's `data` (each mutation field is one payload). */
export function collectUserErrors(data: unknown): AdminUserError[] {
  if (typeof data !== "object" || data === null) return [];
  return Object.values(data).flatMap((payload: unknown) => {
    if (typeof payload !== "object" || payload === null || !("userErrors" in payload)) return [];
    const { userErrors } = payload;
    return Array.isArray(userErrors) ? (userErrors as AdminUserError[]) : [];
  });
}
