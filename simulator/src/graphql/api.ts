// The Admin GraphQL endpoint's logic for one shop: document cache, validation, cost and throttling, faults, execution.
import { outageBody } from "./outages.js";
import {
  type GraphQLError,
  Kind,
  execute,
  getArgumentValues,
  getVariableValues,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { RequestContext } from "./context.js";
import { maxCostError, notImplementedError, throttledError, validateShopify } from "./errors.js";
import { MAX_QUERY_COST, calculateCost } from "./cost.js";
import { limitsFor, refill, statusOf, type ThrottleStatus } from "../domain/throttle.js";
import { queryRoot } from "./resolvers/query.js";
import { mutationRoot } from "./resolvers/mutation.js";
import { numericIdOf } from "../state/ids.js";

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  /** Lost-response fault: the mutation ran, but the client never gets an answer. */
  dropResponse?: { hangMs: number };
}

/** A request's document and operation, resolved before it runs (see AdminApi.resolve). */
export interface ResolvedRequest {
  /** Null when the request has no query. */
  prepared: Prepared | null;
  operation: OperationDefinitionNode | undefined;
  /** The request's `operationName`, if any. */
  opName: string | null;
  /** The name of the operation that runs (null for an anonymous one, or when none would run). */
  name: string | null;
}

interface Prepared {
  /** Coerced variables and requested cost per distinct variables JSON (small, per document). */
  perVariables: Map<
    string,
    | { coerced: Record<string, unknown>; requested: ReturnType<typeof calculateCost> }
    | { errors: readonly GraphQLError[] }
  >;
  document?: DocumentNode;
  errors?: GraphQLFormattedError[];
  operations: Map<string | null, OperationDefinitionNode>;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** Parses and validates each distinct document text once; least recently used texts are evicted. */
export class DocumentCache {
  private readonly map = new Map<string, Prepared>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly max = 500,
  ) {}

  get(text: string): Prepared {
    const hit = this.map.get(text);
    if (hit) {
      this.hits++;
      this.map.delete(text);
      this.map.set(text, hit);
      return hit;
    }
    this.misses++;
    const prepared = this.prepare(text);
    this.map.set(text, prepared);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return prepared;
  }

  private prepare(text: string): Prepared {
    const operations = new Map<string | null, OperationDefinitionNode>();
    const fragments = new Map<string, FragmentDefinitionNode>();
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (e) {
      const err = e as GraphQLError;
      return {
        errors: [
          {
            message: err.message,
            ...(err.locations ? { locations: [...err.locations] } : {}),
            extensions: { code: "parseError" },
          },
        ],
        operations,
        fragments,
        perVariables: new Map(),
      };
    }
    const errors = validateShopify(this.schema, document);
    for (const def of document.definitions) {
      if (def.kind === Kind.OPERATION_DEFINITION) operations.set(def.name?.value ?? null, def);
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return errors.length > 0
      ? { errors, operations, fragments, perVariables: new Map() }
      : { document, operations, fragments, perVariables: new Map() };
  }
}

const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  if (source !== null && typeof source === "object") {
    const value = (source as Record<string, unknown>)[info.fieldName];
    if (typeof value === "function") return (value as (a: unknown, c: unknown, i: unknown) => unknown)(args, ctx, info);
    if (value !== undefined || info.fieldName in source) return value;
  }
  const parent = info.parentType.name;
  throw notImplementedError(
    parent === "QueryRoot" || parent === "Mutation" ? info.fieldName : `${parent}.${info.fieldName}`,
  );
};

const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) =>
  (value as { __typename?: string }).__typename;

export interface AdminApiOptions {
  /** Real time for the leaky bucket (the simulated clock must not refill buckets when a test jumps a month). */
  realNow?: () => number;
  cacheSize?: number;
}

export class AdminApi {
  readonly documents: DocumentCache;
  private readonly realNow: () => number;

  constructor(
    private readonly sim: Simulator,
    private readonly schema: GraphQLSchema,
    options: AdminApiOptions = {},
  ) {
    this.documents = new DocumentCache(schema, options.cacheSize);
    this.realNow = options.realNow ?? (() => performance.timeOrigin + performance.now());
  }

  throttleStatus(shop: ShopState): ThrottleStatus {
    const limits = limitsFor(shop.shop.restoreRate);
    shop.bucket = refill(shop.bucket, limits, this.realNow());
    return statusOf(shop.bucket, limits);
  }

  private costExtension(shop: ShopState, requested: number | null, actual: number | null) {
    return {
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus(shop) },
    };
  }

  /**
   * The request's document (parsed and validated once, cached) and the operation it runs, without running anything:
   * the server needs the operation name before `handle` (holds).
   */
  resolve(body: GraphqlRequestBody): ResolvedRequest {
    if (typeof body.query !== "string" || body.query.trim() === "")
      return { prepared: null, operation: undefined, opName: null, name: null };
    const prepared = this.documents.get(body.query);
    const opName = typeof body.operationName === "string" ? body.operationName : null;
    const operation = !prepared.document
      ? undefined
      : opName !== null
        ? prepared.operations.get(opName)
        : prepared.operations.size === 1
          ? [...prepared.operations.values()][0]
          : undefined;
    return { prepared, operation, opName, name: operation ? (operation.name?.value ?? opName) : null };
  }

  handle(shop: ShopState, body: GraphqlRequestBody, resolved: ResolvedRequest = this.resolve(body)): ApiResponse {
    const { prepared, operation, opName } = resolved;
    if (!prepared) return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    if (!prepared.document)
      return { status: 200, body: { errors: prepared.errors, extensions: this.costExtension(shop, 0, 0) } };
    if (!operation) {
      const message = opName !== null ? `No operation named "${opName}"` : "An operation name is required";
      return { status: 200, body: { errors: [{ message }], extensions: this.costExtension(shop, 0, 0) } };
    }
    if (operation.operation === "subscription") throw new Error("unreachable: Admin schema has no subscriptions");
    // A scripted outage answers before anything runs (POST /_sim/shops/:shop/admin-api/outages).
    const outage = this.sim.outages.take(shop.domain, resolved.name);
    if (outage !== null) return { status: outage, body: outageBody(outage) };

    const rawVars =
      body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    // Variable coercion and the requested cost depend only on (operation, variables): memoise them per document.
    const varKey = `${opName ?? ""}\u0000${JSON.stringify(rawVars)}`;
    let memo = prepared.perVariables.get(varKey);
    if (!memo) {
      const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], rawVars, { maxErrors: 20 });
      memo = coerced.errors
        ? { errors: coerced.errors }
        : {
            coerced: coerced.coerced,
            requested: calculateCost(this.schema, operation, prepared.fragments, coerced.coerced),
          };
      if (prepared.perVariables.size >= 64)
        prepared.perVariables.delete(prepared.perVariables.keys().next().value as string);
      prepared.perVariables.set(varKey, memo);
    }
    if ("errors" in memo) {
      return {
        status: 200,
        body: {
          errors: memo.errors.map((e) => ({
            message: e.message,
            locations: e.locations,
            extensions: { code: "INVALID_VARIABLE", value: rawVars[/\$(\w+)/.exec(e.message)?.[1] ?? ""] ?? null },
          })),
          extensions: this.costExtension(shop, 0, 0),
        },
      };
    }
    const variables = memo.coerced;

    const ctx: RequestContext = { sim: this.sim, shop, observed: new Set(), dropResponse: null };

    // Scripted request-level faults for orderCreateMandatePayment act before anything else, as an outage would.
    if (operation.operation === "mutation") {
      for (const orderId of this.mandatePaymentOrderIds(operation, variables)) {
        const fault = this.sim.faults.takeRequestFault(shop.domain, orderId);
        if (!fault) continue;
        if (fault.kind === "http_5xx") {
          const status = fault.status ?? 503;
          return { status, body: outageBody(status) };
        }
        if (fault.kind === "throttle")
          return { status: 200, body: { errors: [throttledError()], extensions: this.costExtension(shop, 10, null) } };
        if (fault.kind === "lost_response") ctx.dropResponse = { hangMs: fault.hangMs ?? 30_000 };
      }
    }

    const requested = memo.requested;
    if (requested.errors.length > 0) {
      return {
        status: 200,
        body: {
          errors: requested.errors.map((e) => e.toJSON()),
          extensions: this.costExtension(shop, requested.cost, null),
        },
      };
    }
    if (requested.cost > MAX_QUERY_COST) {
      return {
        status: 200,
        body: {
          errors: [maxCostError(requested.cost, MAX_QUERY_COST)],
          extensions: this.costExtension(shop, requested.cost, null),
        },
      };
    }
    const limits = limitsFor(shop.shop.restoreRate);
    shop.bucket = refill(shop.bucket, limits, this.realNow());
    if (requested.cost > shop.bucket.available) {
      return {
        status: 200,
        body: { errors: [throttledError()], extensions: this.costExtension(shop, requested.cost, null) },
      };
    }
    shop.bucket.available -= requested.cost;

    const root = operation.operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx);
    const result = execute({
      schema: this.schema,
      document: { kind: Kind.DOCUMENT, definitions: [operation, ...prepared.fragments.values()] },
      rootValue: root,
      contextValue: ctx,
      variableValues: rawVars,
      fieldResolver,
      typeResolver,
    });
    if (result instanceof Promise) throw new Error("Resolvers must be synchronous");
    const actual = calculateCost(
      this.schema,
      operation,
      prepared.fragments,
      variables,
      (result.data as Record<string, unknown> | null | undefined) ?? null,
    ).cost;
    // Shopify charges the requested cost up front and refunds the difference once the actual cost is known.
    shop.bucket.available = Math.min(
      limits.maximumAvailable,
      shop.bucket.available + Math.max(0, requested.cost - actual),
    );
    const out: Record<string, unknown> = {};
    if (result.errors) out.errors = result.errors.map((e) => e.toJSON());
    out.data = result.data ?? null;
    out.extensions = this.costExtension(shop, requested.cost, actual);
    return { status: 200, body: out, ...(ctx.dropResponse ? { dropResponse: ctx.dropResponse } : {}) };
  }

  /** Order ids targeted by orderCreateMandatePayment fields of a mutation (to apply request-level faults). */
  private mandatePaymentOrderIds(operation: OperationDefinitionNode, variables: Record<string, unknown>): number[] {
    const field = this.schema.getMutationType()?.getFields().orderCreateMandatePayment;
    if (!field) return [];
    const ids: number[] = [];
    for (const sel of operation.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD || sel.name.value !== "orderCreateMandatePayment") continue;
      const args = getArgumentValues(field, sel, variables);
      const id = numericIdOf(String(args.id), "Order");
      if (id !== null) ids.push(id);
    }
    return ids;
  }
}
