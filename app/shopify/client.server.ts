// The single gateway to the Shopify Admin GraphQL API: endpoint and version, token, cost throttling, transient retries, typed errors.
import { getOperationAST, OperationTypeNode, parse } from "graphql";
import { ClientError, GraphQLClient } from "graphql-request";
import type { Logger } from "pino";
import { logger as appLogger } from "../logger.server";
import {
  AdminApiError,
  AdminApiGraphQLError,
  AdminApiHttpError,
  AdminApiNetworkError,
  AdminApiThrottledError,
  AdminApiUnauthorizedError,
  AdminApiUserErrors,
  collectUserErrors,
  type AdminGraphQLErrorEntry,
} from "./errors";
import { sharedThrottleBuckets, type QueryCost, type ThrottleBuckets } from "./throttle";
import { ADMIN_API_VERSION } from "./version";

/*
 * Operation types. `npm run graphql-codegen` writes app/types/admin.generated.d.ts,
 * which augments these two interfaces with one entry per document found in app/
 * (keyed by the document's exact text), so `request(SHOP_QUERY)` is typed from the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface AdminQueries {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface AdminMutations {}
type AdminOperations = AdminQueries & AdminMutations;

/** Result type of a generated document; `unknown` for a document codegen has not seen (re-run codegen). */
export type AdminOperationData<D extends string> = D extends keyof AdminOperations
  ? AdminOperations[D] extends { return: infer R }
    ? R
    : unknown
  : unknown;

/** Variables type of a generated document. */
export type AdminOperationVariables<D extends string> = D extends keyof AdminOperations
  ? AdminOperations[D] extends { variables: infer V }
    ? V
    : never
  : Record<string, unknown>;

export interface AdminRequestOptions {
  /**
   * Declares that running this mutation twice has the effect of running it once
   * (it carries an idempotencyKey, e.g. orderCreateMandatePayment, or it sets
   * absolute state). Only then is a mutation resent after an ambiguous failure:
   * a network error after sending, HTTP 5xx, or INTERNAL_SERVER_ERROR, where
   * Shopify may already have applied it. Queries are always retried; throttled
   * mutations are always retried because Shopify rejected them before running.
   */
  idempotent?: boolean;
  /** Throw AdminApiUserErrors when any top-level payload in `data` has userErrors. */
  throwOnUserErrors?: boolean;
}

type RequestArgs<D extends string> =
  Record<string, never> extends AdminOperationVariables<D>
    ? [variables?: AdminOperationVariables<D>, options?: AdminRequestOptions]
    : [variables: AdminOperationVariables<D>, options?: AdminRequestOptions];

export interface AdminClient {
  readonly shop: string;
  readonly endpoint: string;
  /** Sends one document; resolves with `data`, or throws an AdminApiError subclass. */
  request<const D extends string>(document: D, ...args: RequestArgs<D>): Promise<AdminOperationData<D>>;
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Backoff before retry n is baseDelayMs * 2^(n-1), jittered to 50-100 %, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retry-After is honoured up to this; a longer demand ends the retries. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export interface AdminClientConfig {
  /** The shop's myshopify domain, e.g. `example.myshopify.com`. */
  shop: string;
  /** The shop's offline access token. Sent as X-Shopify-Access-Token, never logged. */
  accessToken: string;
  /**
   * Origin that replaces `https://{shop}` (the app passes SHOPIFY_ADMIN_API_ORIGIN;
   * the local simulator tells shops apart by their token).
   */
  apiOrigin?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Injected so tests can observe waits without real time passing. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** Clock for the throttle bucket (ms since epoch). */
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt limit for the whole HTTP exchange; a timeout counts as an ambiguous network failure. */
  timeoutMs?: number;
  /** Throttle state; defaults to the process-wide one shared by all clients. */
  buckets?: ThrottleBuckets;
}

/** Default per-attempt timeout: generous, since Shopify answers slow bulk-ish queries in seconds, but never unbounded. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Fields pino must never print, even if a future log line includes them by mistake. */
export const ADMIN_API_REDACT_PATHS = [
  "accessToken",
  "*.accessToken",
  "headers['x-shopify-access-token']",
  "*.headers['x-shopify-access-token']",
  "headers['X-Shopify-Access-Token']",
  "*.headers['X-Shopify-Access-Token']",
];

/** The gateway's logger: tagged with the shop, and redacting token fields whatever the base logger's settings. */
export function adminApiLogger(base: Logger, shop: string): Logger {
  return base.child(
    { component: "shopify-admin", shop },
    { redact: { paths: ADMIN_API_REDACT_PATHS, censor: "[redacted]" } },
  );
}

const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** `https://{shop}/admin/api/{version}/graphql.json`, or the same path under `apiOrigin`. */
export function adminApiEndpoint(shop: string, apiOrigin?: string): string {
  const path = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  if (apiOrigin) {
    const origin = new URL(apiOrigin); // throws on a malformed origin
    return `${origin.href.replace(/\/+$/, "")}${path}`;
  }
  // The shop becomes a host name: refuse anything that is not a myshopify domain.
  if (!MYSHOPIFY_DOMAIN.test(shop)) {
    throw new TypeError(`Not a myshopify.com domain: ${JSON.stringify(shop)}`);
  }
  return `https://${shop}${path}`;
}

export function createAdminClient(config: AdminClientConfig): AdminClient {
  const { shop, accessToken } = config;
  if (!shop) throw new TypeError("createAdminClient: shop is required");
  if (!accessToken) throw new TypeError("createAdminClient: accessToken is required");

  const endpoint = adminApiEndpoint(shop, config.apiOrigin);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const sleep = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;
  const now = config.now ?? Date.now;
  const buckets = config.buckets ?? sharedThrottleBuckets;
  const log = adminApiLogger(config.logger ?? appLogger, shop);

  const graphql = new GraphQLClient(endpoint, {
    fetch: transportOf(config.fetch ?? globalThis.fetch, config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    headers: { "X-Shopify-Access-Token": accessToken },
    // 200 responses with `errors` come back as values, so their throttle status is read like any other.
    errorPolicy: "all",
  });

  async function sendOnce(document: string, operation: OperationInfo, variables: unknown): Promise<unknown> {
    const context = { shop, operation: operation.name };
    let response: Awaited<ReturnType<GraphQLClient["rawRequest"]>>;
    try {
      response = await graphql.rawRequest<unknown>({ query: document, variables: variables as object | undefined });
    } catch (error) {
      throw toAdminApiError(error, context, (cost) => buckets.observe(shop, document, cost, now()));
    }
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const cost = costOf(response.extensions);
    buckets.observe(shop, document, cost, now());

    const errors = (response.errors ?? []) as AdminGraphQLErrorEntry[];
    if (errors.length > 0) {
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        throw new AdminApiThrottledError({ ...context, requestId, bucketKnown: cost?.throttleStatus !== undefined });
      }
      throw new AdminApiGraphQLError(errors, response.data, { ...context, requestId });
    }
    log.debug(
      {
        operation: operation.name,
        requestedCost: cost?.requestedQueryCost,
        actualCost: cost?.actualQueryCost,
        available: cost?.throttleStatus?.currentlyAvailable,
        requestId,
      },
      "admin api request done",
    );
    return response.data;
  }

  async function request(document: string, variables?: unknown, options: AdminRequestOptions = {}): Promise<unknown> {
    const operation = describeOperation(document);
    for (let attempt = 1; ; attempt++) {
      const expectedCost = buckets.expectedCost(document);
      const throttleWaitMs = buckets.reserve(shop, expectedCost, now());
      if (throttleWaitMs > 0) {
        log.info({ operation: operation.name, throttleWaitMs, expectedCost }, "admin api bucket low, waiting");
        await sleep(throttleWaitMs);
      }
      try {
        const data = await sendOnce(document, operation, variables);
        if (options.throwOnUserErrors) {
          const userErrors = collectUserErrors(data);
          if (userErrors.length > 0) throw new AdminApiUserErrors(userErrors, { shop, operation: operation.name });
        }
        return data;
      } catch (error) {
        if (!(error instanceof AdminApiError)) throw error;
        error.attempts = attempt;
        const retry = retryDecision(error, operation, options, attempt, policy, random);
        if (retry === "stop") throw error;
        log.warn(
          {
            operation: operation.name,
            attempt,
            retryInMs: retry.delayMs,
            reason: describeFailure(error),
            requestId: error.requestId,
          },
          "admin api request failed, retrying",
        );
        if (retry.delayMs > 0) await sleep(retry.delayMs);
      }
    }
  }

  return {
    shop,
    endpoint,
    request: request as AdminClient["request"],
  };
}

interface OperationInfo {
  name?: string;
  isMutation: boolean;
}

const operationCache = new Map<string, OperationInfo>();

/** Parses a document once to learn its name and whether it is a mutation (which changes retry rules). */
function describeOperation(document: string): OperationInfo {
  let info = operationCache.get(document);
  if (!info) {
    const operation = getOperationAST(parse(document));
    if (!operation) throw new TypeError("Admin API document must contain exactly one operation");
    info = { name: operation.name?.value, isMutation: operation.operation === OperationTypeNode.MUTATION };
    if (operationCache.size > 1000) operationCache.clear();
    operationCache.set(document, info);
  }
  return info;
}

type RetryDecision = "stop" | { delayMs: number };

function retryDecision(
  error: AdminApiError,
  operation: OperationInfo,
  options: AdminRequestOptions,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return "stop";
  const backoffMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);

  if (error instanceof AdminApiThrottledError) {
    // Shopify refused before running anything, so even a mutation is safe to resend.
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs > policy.maxRetryAfterMs ? "stop" : { delayMs: error.retryAfterMs };
    }
    // With a throttle status the bucket already knows the exact wait; otherwise back off.
    return { delayMs: error.bucketKnown ? 0 : Math.round(backoffMs) };
  }

  const ambiguous =
    (error instanceof AdminApiNetworkError && error.mayHaveReachedShopify) ||
    (error instanceof AdminApiHttpError && error.status >= 500) ||
    (error instanceof AdminApiGraphQLError && error.codes.includes("INTERNAL_SERVER_ERROR"));
  const transient = ambiguous || error instanceof AdminApiNetworkError;
  if (!transient) return "stop";
  // A mutation that may have run must not run twice unless the caller says it is idempotent.
  if (ambiguous && operation.isMutation && !options.idempotent) return "stop";
  return { delayMs: Math.round(backoffMs) };
}

function describeFailure(error: AdminApiError): string {
  if (error instanceof AdminApiHttpError) return `HTTP ${error.status}`;
  if (error instanceof AdminApiGraphQLError) return error.codes.join(",") || "GraphQL error";
  return error.name;
}

/** Marks failures that happened in the transport (no HTTP response at all). */
class TransportFailure extends Error {
  constructor(cause: unknown) {
    super("transport failure", { cause });
  }
}

/**
 * Wraps fetch so transport failures are recognisable, including those while
 * reading the body (graphql-request reads it outside fetch), by buffering it here.
 */
function transportOf(baseFetch: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await baseFetch(input, { ...init, signal });
      const body = await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      throw new TransportFailure(error);
    }
  };
}

/** Socket error codes that prove nothing was sent (name resolution or connect refused). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

function failedBeforeSending(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}

function toAdminApiError(
  error: unknown,
  context: { shop: string; operation?: string },
  observeCost: (cost: QueryCost | undefined) => void,
): AdminApiError {
  if (error instanceof TransportFailure) {
    return new AdminApiNetworkError(!failedBeforeSending(error.cause), { ...context, cause: error.cause });
  }
  if (error instanceof ClientError) {
    const { status, headers, body } = error.response;
    const requestId = headers?.get("x-request-id") ?? undefined;
    observeCost(costOf(error.response.extensions));
    if (status === 401) return new AdminApiUnauthorizedError({ ...context, requestId });
    if (status === 429) {
      return new AdminApiThrottledError({
        ...context,
        requestId,
        retryAfterMs: parseRetryAfter(headers?.get("retry-after")),
      });
    }
    // Deliberately not passing the ClientError as cause: its message embeds the request variables.
    return new AdminApiHttpError(status, body ?? "", { ...context, requestId });
  }
  // graphql-request throws a plain Error when a 2xx body is not GraphQL JSON (e.g. a proxy's HTML page).
  return new AdminApiError("Admin API answered with a body that is not a GraphQL response", {
    ...context,
    cause: error,
  });
}

function costOf(extensions: unknown): QueryCost | undefined {
  if (typeof extensions !== "object" || extensions === null || !("cost" in extensions)) return undefined;
  const { cost } = extensions;
  return typeof cost === "object" && cost !== null ? (cost as QueryCost) : undefined;
}

/** Retry-After in seconds (Shopify sends e.g. "2.0") or as an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
