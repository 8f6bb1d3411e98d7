// Checks a GraphQL response against the schema: every selected field present and typed as the schema says.
import {
  Kind,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  isScalarType,
  parse,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLCompositeType,
} from "graphql";

export function conformanceErrors(schema: GraphQLSchema, query: string, data: unknown): string[] {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return ["no operation"];
  const fragments = new Map(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const root = op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const errors: string[] = [];

  function checkValue(type: GraphQLOutputType, value: unknown, set: SelectionSetNode | undefined, path: string): void {
    if (isNonNullType(type)) {
      if (value === null || value === undefined) return void errors.push(`${path}: null for non-null ${type}`);
      return checkValue(type.ofType, value, set, path);
    }
    if (value === null) return;
    if (value === undefined) return void errors.push(`${path}: missing`);
    if (isListType(type)) {
      if (!Array.isArray(value)) return void errors.push(`${path}: expected a list`);
      value.forEach((v, i) => checkValue(type.ofType, v, set, `${path}[${i}]`));
      return;
    }
    const named = getNamedType(type);
    if (isEnumType(named)) {
      if (!named.getValues().some((v) => v.name === value))
        errors.push(`${path}: ${JSON.stringify(value)} is not a ${named.name}`);
      return;
    }
    if (isScalarType(named)) {
      const expected: Record<string, string> = {
        Int: "number",
        Float: "number",
        Boolean: "boolean",
        String: "string",
        ID: "string",
        DateTime: "string",
        Decimal: "string",
        Money: "string",
        URL: "string",
        UnsignedInt64: "string",
      };
      const want = expected[named.name];
      if (want && typeof value !== want) errors.push(`${path}: ${named.name} should be a ${want}, got ${typeof value}`);
      if (named.name === "Int" && !Number.isInteger(value)) errors.push(`${path}: not an Int`);
      if (named.name === "DateTime" && Number.isNaN(Date.parse(String(value)))) errors.push(`${path}: not a DateTime`);
      if (named.name === "Decimal" && !/^-?\d+(\.\d+)?$/.test(String(value))) errors.push(`${path}: not a Decimal`);
      return;
    }
    if (typeof value !== "object") return void errors.push(`${path}: expected an object`);
    checkSelection(named as GraphQLCompositeType, value as Record<string, unknown>, set!, path);
  }

  function checkSelection(
    type: GraphQLCompositeType,
    obj: Record<string, unknown>,
    set: SelectionSetNode,
    path: string,
  ): void {
    const concrete: GraphQLObjectType | undefined = isAbstractType(type)
      ? (schema.getType(String(obj.__typename)) as GraphQLObjectType | undefined)
      : (type as GraphQLObjectType);
    if (isAbstractType(type) && !concrete)
      return void errors.push(`${path}: abstract ${type.name} needs __typename in the selection`);
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === "__typename") continue;
        const key = sel.alias?.value ?? name;
        const def = isObjectType(concrete) ? concrete.getFields()[name] : undefined;
        if (!def) return void errors.push(`${path}.${name}: not a field of ${concrete?.name}`);
        if (!(key in obj)) errors.push(`${path}.${key}: missing`);
        else checkValue(def.type, obj[key], sel.selectionSet, `${path}.${key}`);
      } else {
        const cond =
          sel.kind === Kind.INLINE_FRAGMENT
            ? sel.typeCondition?.name.value
            : fragments.get(sel.name.value)!.typeCondition.name.value;
        const subSet =
          sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments.get(sel.name.value)!.selectionSet;
        const condType = cond ? schema.getType(cond) : concrete;
        const applies =
          !cond ||
          cond === concrete?.name ||
          (condType && isAbstractType(condType) && concrete && schema.isSubType(condType, concrete));
        if (applies) checkSelection(concrete!, obj, subSet, path);
      }
    }
  }

  checkSelection(root, data as Record<string, unknown>, op.selectionSet, op.operation);
  return errors;
}
