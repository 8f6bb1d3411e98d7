// Selling plan group operations behind the sellingPlanGroup* mutations (validation in domain/sellingPlans).
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { SellingPlanGroupRecord, SellingPlanRecord } from "../state/types.js";
import { numericIdOf } from "../state/ids.js";
import {
  buildPlan,
  groupSummary,
  validateGroupPlans,
  type PlanDraft,
  type SellingPlanGroupInput,
  type UserError,
} from "../domain/sellingPlans.js";
import { gid } from "../state/ids.js";
import { sellingPlanGroupPayload } from "../webhooks/payloads.js";

export interface GroupResult {
  group: SellingPlanGroupRecord | null;
  userErrors: UserError[];
  deletedSellingPlanIds?: string[];
}

export function summaryOf(s: ShopState, g: SellingPlanGroupRecord): string {
  return groupSummary(g.planIds.map((id) => s.plans.get(id)!));
}

function emitGroup(sim: Simulator, s: ShopState, topic: string, g: SellingPlanGroupRecord): void {
  sim.emit(s, topic, sellingPlanGroupPayload(s, g, summaryOf(s, g)));
}

function resolveIds(
  ids: string[] | null | undefined,
  type: "Product" | "ProductVariant",
  exists: (id: number) => boolean,
  field: string[],
): { ids: number[]; errors: UserError[] } {
  const out: number[] = [];
  const errors: UserError[] = [];
  (ids ?? []).forEach((raw, i) => {
    const id = numericIdOf(raw, type);
    if (id === null || !exists(id)) {
      errors.push({
        field: [...field, String(i)],
        message: type === "Product" ? `Product ${raw} does not exist` : `Product variant ${raw} does not exist`,
        code: type === "Product" ? "PRODUCT_DOES_NOT_EXIST" : "PRODUCT_VARIANT_DOES_NOT_EXIST",
      });
    } else if (!out.includes(id)) out.push(id);
  });
  return { ids: out, errors };
}

function groupBasics(
  input: SellingPlanGroupInput,
  errors: UserError[],
  existing?: SellingPlanGroupRecord,
): Pick<SellingPlanGroupRecord, "name" | "merchantCode" | "options" | "description" | "position" | "appId"> {
  const name = input.name ?? existing?.name ?? "";
  const merchantCode = input.merchantCode ?? existing?.merchantCode ?? "";
  const options = input.options ?? existing?.options ?? [];
  if (!name.trim()) errors.push({ field: ["input", "name"], message: "Name can't be blank", code: "BLANK" });
  if (!merchantCode.trim())
    errors.push({ field: ["input", "merchantCode"], message: "Merchant code can't be blank", code: "BLANK" });
  if (name.length > 255)
    errors.push({
      field: ["input", "name"],
      message: "Name is too long (maximum is 255 characters)",
      code: "TOO_LONG",
    });
  if (options.length === 0)
    errors.push({ field: ["input", "options"], message: "Options can't be blank", code: "BLANK" });
  if (options.length > 3)
    errors.push({ field: ["input", "options"], message: "Options is too long (maximum is 3)", code: "TOO_LONG" });
  return {
    name,
    merchantCode,
    options,
    description: input.description !== undefined ? (input.description ?? null) : (existing?.description ?? null),
    position: input.position !== undefined ? (input.position ?? null) : (existing?.position ?? null),
    appId: input.appId !== undefined ? (input.appId ?? null) : (existing?.appId ?? null),
  };
}

function storePlan(sim: Simulator, s: ShopState, groupId: number, draft: PlanDraft, now: Date): SellingPlanRecord {
  const plan: SellingPlanRecord = {
    ...draft,
    id: sim.store.ids.take(),
    groupId,
    createdAt: now,
    pricingPolicies: draft.pricingPolicies.map((p) => ({ ...p, createdAt: now })),
  };
  s.plans.set(plan.id, plan);
  return plan;
}

export function createGroup(
  sim: Simulator,
  s: ShopState,
  input: SellingPlanGroupInput,
  resources?: { productIds?: string[] | null; productVariantIds?: string[] | null } | null,
): GroupResult {
  const errors: UserError[] = [];
  const basics = groupBasics(input, errors);
  const drafts: PlanDraft[] = [];
  (input.sellingPlansToCreate ?? []).forEach((p, i) => {
    const r = buildPlan(p, ["input", "sellingPlansToCreate", String(i)], s.shop.currencyCode);
    errors.push(...r.errors);
    if (r.plan) drafts.push(r.plan);
  });
  if ((input.sellingPlansToCreate ?? []).length === 0) {
    errors.push({
      field: ["input", "sellingPlansToCreate"],
      message: "A selling plan group must have at least 1 selling plan",
      code: "SELLING_PLAN_COUNT_LOWER_BOUND",
    });
  }
  if (input.sellingPlansToUpdate?.length || input.sellingPlansToDelete?.length) {
    errors.push({
      field: ["input", "sellingPlansToUpdate"],
      message: "Selling plans can only be updated or deleted on an existing group",
      code: "INVALID_INPUT",
    });
  }
  errors.push(...validateGroupPlans(basics.options, drafts, ["input"]));
  const products = resolveIds(resources?.productIds, "Product", (id) => s.products.has(id), [
    "resources",
    "productIds",
  ]);
  const variants = resolveIds(resources?.productVariantIds, "ProductVariant", (id) => s.variants.has(id), [
    "resources",
    "productVariantIds",
  ]);
  errors.push(...products.errors, ...variants.errors);
  if (errors.length > 0) return { group: null, userErrors: errors };

  const now = sim.now();
  const group: SellingPlanGroupRecord = {
    id: sim.store.ids.take(),
    ...basics,
    appId: basics.appId,
    planIds: [],
    productIds: products.ids,
    variantIds: variants.ids,
    createdAt: now,
    updatedAt: now,
  };
  group.planIds = drafts.map((d) => storePlan(sim, s, group.id, d, now).id);
  s.groups.set(group.id, group);
  emitGroup(sim, s, "selling_plan_groups/create", group);
  return { group, userErrors: [] };
}

function findGroup(s: ShopState, id: string): SellingPlanGroupRecord | undefined {
  const n = numericIdOf(id, "SellingPlanGroup");
  return n === null ? undefined : s.groups.get(n);
}

const missingGroup = (id: string): UserError => ({
  field: ["id"],
  message: `Selling plan group ${id} does not exist`,
  code: "GROUP_DOES_NOT_EXIST",
});

export function updateGroup(sim: Simulator, s: ShopState, id: string, input: SellingPlanGroupInput): GroupResult {
  const group = findGroup(s, id);
  if (!group) return { group: null, userErrors: [missingGroup(id)] };
  const errors: UserError[] = [];
  const basics = groupBasics(input, errors, group);

  const toDelete: number[] = [];
  (input.sellingPlansToDelete ?? []).forEach((raw, i) => {
    const pid = numericIdOf(raw, "SellingPlan");
    if (pid === null || !group.planIds.includes(pid)) {
      errors.push({
        field: ["input", "sellingPlansToDelete", String(i)],
        message: `Selling plan ${raw} does not exist in this group`,
        code: "PLAN_DOES_NOT_EXIST",
      });
    } else toDelete.push(pid);
  });

  const updates = new Map<number, PlanDraft>();
  (input.sellingPlansToUpdate ?? []).forEach((p, i) => {
    const path = ["input", "sellingPlansToUpdate", String(i)];
    if (!p.id) {
      errors.push({
        field: [...path, "id"],
        message: "Selling plan id must be specified to update",
        code: "PLAN_ID_MUST_BE_SPECIFIED_TO_UPDATE",
      });
      return;
    }
    const pid = numericIdOf(p.id, "SellingPlan");
    const existing = pid !== null && group.planIds.includes(pid) ? s.plans.get(pid) : undefined;
    if (!existing || pid === null) {
      errors.push({
        field: [...path, "id"],
        message: `Selling plan ${p.id} does not exist in this group`,
        code: "PLAN_DOES_NOT_EXIST",
      });
      return;
    }
    const r = buildPlan(p, path, s.shop.currencyCode, existing);
    errors.push(...r.errors);
    if (r.plan) updates.set(pid, r.plan);
  });

  const creates: PlanDraft[] = [];
  (input.sellingPlansToCreate ?? []).forEach((p, i) => {
    const r = buildPlan(p, ["input", "sellingPlansToCreate", String(i)], s.shop.currencyCode);
    errors.push(...r.errors);
    if (r.plan) creates.push(r.plan);
  });

  const remaining = group.planIds
    .filter((pid) => !toDelete.includes(pid))
    .map((pid) => updates.get(pid) ?? s.plans.get(pid)!);
  const resulting = [...remaining, ...creates];
  if (errors.length === 0 && resulting.length === 0) {
    errors.push({
      field: ["input", "sellingPlansToDelete"],
      message: "A selling plan group must have at least 1 selling plan",
      code: "SELLING_PLAN_COUNT_LOWER_BOUND",
    });
  }
  errors.push(...validateGroupPlans(basics.options, resulting, ["input"]));
  if (errors.length > 0) return { group: null, userErrors: errors };

  const now = sim.now();
  Object.assign(group, basics, { updatedAt: now });
  for (const pid of toDelete) s.plans.delete(pid);
  for (const [pid, draft] of updates) {
    const old = s.plans.get(pid)!;
    s.plans.set(pid, {
      ...old,
      ...draft,
      pricingPolicies: draft.pricingPolicies.map((p) => ({
        ...p,
        createdAt: p.createdAt.getTime() === 0 ? now : p.createdAt,
      })),
    });
  }
  group.planIds = group.planIds.filter((pid) => !toDelete.includes(pid));
  for (const d of creates) group.planIds.push(storePlan(sim, s, group.id, d, now).id);
  emitGroup(sim, s, "selling_plan_groups/update", group);
  return { group, userErrors: [], deletedSellingPlanIds: toDelete.map((pid) => gid("SellingPlan", pid)) };
}

export function deleteGroup(
  sim: Simulator,
  s: ShopState,
  id: string,
): { deletedId: string | null; userErrors: UserError[] } {
  const group = findGroup(s, id);
  if (!group) return { deletedId: null, userErrors: [missingGroup(id)] };
  for (const pid of group.planIds) s.plans.delete(pid);
  s.groups.delete(group.id);
  sim.emit(s, "selling_plan_groups/delete", { admin_graphql_api_id: gid("SellingPlanGroup", group.id), id: group.id });
  return { deletedId: gid("SellingPlanGroup", group.id), userErrors: [] };
}

export function changeResources(
  sim: Simulator,
  s: ShopState,
  id: string,
  kind: "Product" | "ProductVariant",
  ids: string[],
  add: boolean,
): { group: SellingPlanGroupRecord | null; changedIds: string[]; userErrors: UserError[] } {
  const group = findGroup(s, id);
  if (!group) return { group: null, changedIds: [], userErrors: [missingGroup(id)] };
  const field = kind === "Product" ? ["productIds"] : ["productVariantIds"];
  const exists = kind === "Product" ? (n: number) => s.products.has(n) : (n: number) => s.variants.has(n);
  const r = resolveIds(ids, kind, exists, field);
  if (r.errors.length > 0) return { group: null, changedIds: [], userErrors: r.errors };
  const list = kind === "Product" ? group.productIds : group.variantIds;
  const changed: number[] = [];
  for (const n of r.ids) {
    const at = list.indexOf(n);
    if (add && at < 0) {
      list.push(n);
      changed.push(n);
    }
    if (!add && at >= 0) {
      list.splice(at, 1);
      changed.push(n);
    }
  }
  if (changed.length > 0) {
    group.updatedAt = sim.now();
    emitGroup(sim, s, "selling_plan_groups/update", group);
  }
  return { group, changedIds: (add ? r.ids : changed).map((n) => gid(kind, n)), userErrors: [] };
}

/** Groups that apply to a variant: attached to the variant itself or to its whole product. */
export function groupsForVariant(s: ShopState, variantId: number): SellingPlanGroupRecord[] {
  const v = s.variants.get(variantId);
  if (!v) return [];
  return [...s.groups.values()].filter((g) => g.variantIds.includes(variantId) || g.productIds.includes(v.productId));
}

export function groupsForProduct(s: ShopState, productId: number): SellingPlanGroupRecord[] {
  const p = s.products.get(productId);
  if (!p) return [];
  return [...s.groups.values()].filter(
    (g) => g.productIds.includes(productId) || p.variantIds.some((v) => g.variantIds.includes(v)),
  );
}
