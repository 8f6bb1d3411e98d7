// Shopify-shaped GraphQL errors: validation codes (graphql-ruby's), throttling, cost limits, unimplemented fields.
import {
  GraphQLError,
  type ValidationRule,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type GraphQLFormattedError,
  type ValidationContext,
} from "graphql";

export const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

/** Shopify's Admin API error codes for each graphql-js validation rule (names as graphql-ruby reports them). */
const RULE_CODES: Record<string, string> = {
  ExecutableDefinitionsRule: "definitionNotExecutable",
  UniqueOperationNamesRule: "operationNotUnique",
  LoneAnonymousOperationRule: "anonymousOperationNotAlone",
  SingleFieldSubscriptionsRule: "subscriptionNotSingleField",
  KnownTypeNamesRule: "undefinedType",
  FragmentsOnCompositeTypesRule: "fragmentOnNonCompositeType",
  VariablesAreInputTypesRule: "variableRequiresValidType",
  ScalarLeafsRule: "selectionMismatch",
  FieldsOnCorrectTypeRule: "undefinedField",
  UniqueFragmentNamesRule: "fragmentNotUnique",
  KnownFragmentNamesRule: "undefinedFragment",
  NoUnusedFragmentsRule: "useAndDefineFragment",
  PossibleFragmentSpreadsRule: "cannotSpreadFragment",
  NoFragmentCyclesRule: "infiniteLoop",
  UniqueVariableNamesRule: "variableNotUnique",
  NoUndefinedVariablesRule: "variableNotDefined",
  NoUnusedVariablesRule: "variableNotUsed",
  KnownDirectivesRule: "undefinedDirective",
  UniqueDirectivesPerLocationRule: "directiveNotUniqueForLocation",
  KnownArgumentNamesRule: "argumentNotAccepted",
  UniqueArgumentNamesRule: "argumentNotUnique",
  ValuesOfCorrectTypeRule: "argumentLiteralsIncompatible",
  ProvidedRequiredArgumentsRule: "missingRequiredArguments",
  VariablesInAllowedPositionRule: "variableMismatch",
  OverlappingFieldsCanBeMergedRule: "fieldConflict",
  UniqueInputFieldNamesRule: "inputFieldNotUnique",
};

/** Rewrites graphql-js wording into graphql-ruby's where the shape is unambiguous. */
function shopifyMessage(code: string, message: string): { message: string; extra: Record<string, unknown> } {
  let m: RegExpExecArray | null;
  if (code === "undefinedField" && (m = /^Cannot query field "([^"]+)" on type "([^"]+)"/.exec(message))) {
    return { message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extra: { typeName: m[2], fieldName: m[1] } };
  }
  if (
    code === "missingRequiredArguments" &&
    (m = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required/.exec(message))
  ) {
    return {
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extra: { className: "Field", name: m[1], arguments: m[2] },
    };
  }
  if (
    code === "argumentNotAccepted" &&
    (m = /^Unknown argument "([^"]+)" on field "(?:[^".]+\.)?([^"]+)"/.exec(message))
  ) {
    return {
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extra: { name: m[2], typeName: "Field", argumentName: m[1] },
    };
  }
  if (code === "undefinedType" && (m = /^Unknown type "([^"]+)"/.exec(message))) {
    return { message: `No such type ${m[1]}`, extra: { typeName: m[1] } };
  }
  if (
    code === "selectionMismatch" &&
    (m = /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields/.exec(message))
  ) {
    return {
      message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[![\]]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extra: { nodeName: m[1], typeName: m[2] },
    };
  }
  return { message, extra: {} };
}

/** Validates with graphql-js's standard rules, tagging each error with the Shopify code of the rule that raised it. */
export function validateShopify(schema: GraphQLSchema, document: DocumentNode): GraphQLFormattedError[] {
  const tagged: GraphQLFormattedError[] = [];
  const rules: ValidationRule[] = specifiedRules.map((rule) => {
    const code = RULE_CODES[rule.name] ?? "invalid";
    const wrapped: ValidationRule = (context: ValidationContext) => {
      // Inherit every method of the real context but intercept reportError to learn which rule spoke.
      const proxy = Object.create(context) as ValidationContext;
      proxy.reportError = (error: GraphQLError) => {
        const { message, extra } = shopifyMessage(code, error.message);
        tagged.push({
          message,
          ...(error.locations ? { locations: [...error.locations] } : {}),
          extensions: { code, ...extra },
        });
        context.reportError(error);
      };
      return rule(proxy);
    };
    Object.defineProperty(wrapped, "name", { value: rule.name });
    return wrapped;
  });
  validate(schema, document, rules, { maxErrors: 50 });
  return tagged;
}

export function notImplementedError(what: string): GraphQLError {
  return new GraphQLError(`\`${what}\` is not implemented by the local simulator`, {
    extensions: { code: "NOT_IMPLEMENTED_BY_SIMULATOR" },
  });
}

export function throttledError(): GraphQLFormattedError {
  return { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } };
}

export function maxCostError(cost: number, maxCost: number): GraphQLFormattedError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost, documentation: RATE_LIMIT_DOCS },
  };
}
