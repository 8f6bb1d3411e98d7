// Shopify's calculated query cost: objects 1, scalars/enums 0, connections 2 + size x item, mutations 10; requested and actual.
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

type Json = Record<string, unknown> | null | undefined;

function isConnection(t: GraphQLNamedType): t is GraphQLObjectType {
  return isObjectType(t) && t.name.endsWith("Connection") && "edges" in t.getFields() && "pageInfo" in t.getFields();
}

/** Field nodes selected on a concrete type, following fragments whose type condition applies. */
function collectFields(
  w: Walk,
  set: SelectionSetNode,
  concrete: GraphQLObjectType,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (!sel.typeCondition || applies(w, sel.typeCondition.name.value, concrete))
        collectFields(w, sel.selectionSet, concrete, out);
    } else {
      const frag = w.fragments.get(sel.name.value);
      if (frag && applies(w, frag.typeCondition.name.value, concrete))
        collectFields(w, frag.selectionSet, concrete, out);
    }
  }
  return out;
}

function applies(w: Walk, condition: string, concrete: GraphQLObjectType): boolean {
  if (condition === concrete.name) return true;
  const t = w.schema.getType(condition);
  return t !== undefined && isAbstractType(t) && w.schema.isSubType(t, concrete);
}

function selectionCost(
  w: Walk,
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  data: Json,
  actual: boolean,
): number {
  const concretes: readonly GraphQLObjectType[] = isAbstractType(type)
    ? w.schema.getPossibleTypes(type)
    : [type as GraphQLObjectType];
  let best = 0;
  for (const concrete of concretes) {
    if (
      actual &&
      data &&
      typeof data.__typename === "string" &&
      data.__typename !== concrete.name &&
      concretes.length > 1
    )
      continue;
    let sum = 0;
    for (const field of collectFields(w, set, concrete)) sum += fieldCost(w, field, concrete, data, actual);
    best = Math.max(best, sum);
  }
  return best;
}

function fieldCost(w: Walk, field: FieldNode, parent: GraphQLObjectType, data: Json, actual: boolean): number {
  const name = field.name.value;
  if (name === "__typename") return 0;
  const def = parent.getFields()[name];
  if (!def) return 0;
  const named = getNamedType(def.type);
  const key = field.alias?.value ?? name;
  const value = data ? (data[key] as unknown) : undefined;
  if (parent === w.schema.getMutationType()) return MUTATION_COST;
  if (!isCompositeType(named) || !field.selectionSet) return 0;
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(def, field, w.variables);
  } catch {
    // Invalid variables are reported by execution; cost them as if absent.
  }
  if (isConnection(named)) {
    const first = args.first as number | null | undefined;
    const last = args.last as number | null | undefined;
    if ((first === undefined || first === null) && (last === undefined || last === null)) {
      if (!actual) w.errors.push(new GraphQLError("you must provide one of first or last", { nodes: [field] }));
      return 2;
    }
    const conn = value as Json;
    const edges = conn && Array.isArray(conn.edges) ? (conn.edges as Json[]) : null;
    const nodes = conn && Array.isArray(conn.nodes) ? (conn.nodes as Json[]) : null;
    const size = actual ? Math.max(edges?.length ?? 0, nodes?.length ?? 0) : (first ?? last ?? 0);
    const nodeType = getNamedType(
      named.getFields().nodes?.type ?? named.getFields().edges!.type,
    ) as GraphQLCompositeType;
    let perItem = 0;
    for (const sel of collectFields(w, field.selectionSet, named)) {
      if (sel.name.value === "nodes" && sel.selectionSet)
        perItem = Math.max(
          perItem,
          1 + selectionCost(w, sel.selectionSet, nodeType, actual ? (nodes?.[0] ?? null) : null, actual),
        );
      if (sel.name.value === "edges" && sel.selectionSet) {
        const edgeType = getNamedType(named.getFields().edges!.type) as GraphQLObjectType;
        for (const e of collectFields(w, sel.selectionSet, edgeType)) {
          if (e.name.value === "node" && e.selectionSet) {
            const edgeData = actual ? (edges?.[0] ?? null) : null;
            const nodeData = edgeData ? (edgeData[e.alias?.value ?? "node"] as Json) : null;
            perItem = Math.max(perItem, 1 + selectionCost(w, e.selectionSet, nodeType, nodeData, actual));
          }
        }
      }
    }
    if (actual && size === 0) return 2;
    return 2 + size * perItem;
  }
  // node/nodes(ids:) on the root: one object per id.
  const isList = def.type.toString().includes("[");
  if (actual && Array.isArray(value)) {
    const items = value as Json[];
    if (items.length === 0) return isList ? 0 : 0;
    let max = 0;
    for (const item of items)
      if (item) max = Math.max(max, 1 + selectionCost(w, field.selectionSet, named, item, true));
    return name === "nodes" ? items.filter(Boolean).length * max : max;
  }
  if (actual && (value === null || value === undefined)) return 0;
  const per = 1 + selectionCost(w, field.selectionSet, named, actual ? (value as Json) : null, actual);
  if (!actual && name === "nodes" && Array.isArray(args.ids)) return per * (args.ids as unknown[]).length;
  return per;
}

export interface CostResult {
  cost: number;
  errors: GraphQLError[];
}

export function calculateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): CostResult {
  const w: Walk = { schema, fragments, variables, errors: [] };
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return { cost: 0, errors: [] };
  const actual = data !== undefined;
  const cost = selectionCost(w, operation.selectionSet, root, actual ? (data ?? null) : null, actual);
  return { cost, errors: w.errors };
}
