// Stock rules: attach an offer only to out-of-stock variants of the merchant's selection, close a pre-sale at its cap.
import { isOnSale } from "../domain/offer-availability";
import type { Database } from "../db/client.server";
import { refreshPresaleRemaining, refreshStorefront } from "./storefront-metafields.server";
import { parseStoredOffer, type StockRules } from "../domain/offer";
import {
  countOfferSales,
  findOffer,
  listOfferRows,
  recordOfferSale,
  updateOfferRow,
  type OfferRow,
  type OfferSelection,
  type StoredProduct,
  type StoredVariant,
} from "../db/offers.server";
import type { AdminClient } from "../shopify/client.server";
import type { AdminUserError } from "../shopify/errors";
import type { fetchDeferredOrder } from "../shopify/operations/deferred-orders";
import {
  fetchInventoryItemVariant,
  fetchProductVariantStock,
  fetchVariantStock,
  inventoryItemIdFromLevel,
} from "../shopify/operations/inventory";
import {
  covers,
  difference,
  isOutOfStock,
  presaleClosed,
  unitsByOffer,
  wantedAssignment as decideAssignment,
  type VariantStock,
} from "../domain/stock-rules";
import {
  fetchSellingPlanGroup,
  SELLING_PLAN_GROUP_ADD_PRODUCTS_MUTATION,
  SELLING_PLAN_GROUP_ADD_VARIANTS_MUTATION,
  SELLING_PLAN_GROUP_REMOVE_PRODUCTS_MUTATION,
  SELLING_PLAN_GROUP_REMOVE_VARIANTS_MUTATION,
  type SellingPlanGroupDetail,
} from "../shopify/operations/selling-plan-groups";

/** What the stock rules need: the offers service's context and a webhook handler's both provide it. */
export interface StockRuleContext {
  db: Database;
  shop: string;
  admin: AdminClient;
  now: () => Date;
}

export type OrderRead = NonNullable<Awaited<ReturnType<typeof fetchDeferredOrder>>>;

/** Products and variants exactly as the group reports them, for the offer's mirror. */
export function assignmentOf(group: SellingPlanGroupDetail): { products: StoredProduct[]; variants: StoredVariant[] } {
  return {
    products: group.products.nodes.map((product) => ({ id: product.id, title: product.title })),
    variants: group.productVariants.nodes.map((variant) => ({
      id: variant.id,
      title: variant.title,
      productId: variant.product.id,
      productTitle: variant.product.title,
    })),
  };
}

/** The merchant's choice; offers stored before selections existed fall back to what is assigned. */
export function selectionOf(row: OfferRow): OfferSelection {
  return (
    row.selection ?? {
      productIds: row.products.map((product) => product.id),
      variantIds: row.variants.map((variant) => variant.id),
    }
  );
}

function stockRulesOf(row: OfferRow): StockRules | null {
  const parsed = parseStoredOffer(row.settings);
  return parsed.ok ? parsed.offer.stockRules : null;
}

/**
 * Whether the offer's group may hold other than the merchant's selection: a stock rule, a pre-sale cap, a pause or a
 * sales window. Such an offer's assignment is decided by this pass (`applyStockRules`), not copied from the selection.
 */
export function hasDerivedAssignment(row: OfferRow): boolean {
  const rules = stockRulesOf(row);
  return Boolean(
    rules?.onlyWhenOutOfStock ||
    rules?.presaleLimit != null ||
    row.presaleClosedAt ||
    row.pausedAt ||
    row.salesStartsAt ||
    row.salesEndsAt,
  );
}

function hasLiveGroup(row: OfferRow): row is OfferRow & { sellingPlanGroupId: string } {
  return row.sellingPlanGroupId !== null && row.status !== "DELETED_IN_SHOPIFY";
}

/** Current quantities of every variant the selection makes eligible (a chosen product stands for all its variants). */
async function selectionStock(admin: AdminClient, selection: OfferSelection): Promise<VariantStock[]> {
  const byId = new Map<string, VariantStock>();
  for (const productId of selection.productIds) {
    for (const variant of await fetchProductVariantStock(admin, productId)) byId.set(variant.id, variant);
  }
  const loose = selection.variantIds.filter((id) => !byId.has(id));
  for (const variant of await fetchVariantStock(admin, loose)) byId.set(variant.id, variant);
  return [...byId.values()];
}

/**
 * What the offer's group should hold now: nothing once the pre-sale closed or while the offer is off sale (paused,
 * outside its sales window); with the stock rule, out-of-stock variants.
 */
async function wantedAssignment(ctx: StockRuleContext, row: OfferRow, rules: StockRules | null) {
  const selection = selectionOf(row);
  const onlyWhenOutOfStock = rules?.onlyWhenOutOfStock ?? false;
  const presaleClosed = row.presaleClosedAt !== null;
  const offSale = !isOnSale(row, ctx.now());
  const stock =
    onlyWhenOutOfStock && !presaleClosed && !offSale ? await selectionStock(ctx.admin, selection) : undefined;
  return decideAssignment({ selection, presaleClosed, offSale, onlyWhenOutOfStock, stock });
}

export type AssignOutcome = { ok: true } | { ok: false; message: string };

/**
 * Makes the group hold exactly these products (whole) and variants (alone), starting from the group as just
 * read, then mirrors what Shopify holds afterwards (also after a partial failure).
 */
export async function assignExactly(
  ctx: StockRuleContext,
  row: OfferRow,
  group: SellingPlanGroupDetail,
  wanted: OfferSelection,
): Promise<AssignOutcome> {
  const products = difference(
    wanted.productIds,
    group.products.nodes.map((product) => product.id),
  );
  const variants = difference(
    wanted.variantIds,
    group.productVariants.nodes.map((variant) => variant.id),
  );
  const id = group.id;
  // Removals first: a variant leaving with its product and coming back alone must not be removed after it was added.
  const steps: Array<() => Promise<readonly AdminUserError[] | undefined>> = [];
  if (products.remove.length > 0) {
    steps.push(async () => {
      const data = await ctx.admin.request(SELLING_PLAN_GROUP_REMOVE_PRODUCTS_MUTATION, {
        id,
        productIds: products.remove,
      });
      return data.sellingPlanGroupRemoveProducts?.userErrors;
    });
  }
  if (variants.remove.length > 0) {
    steps.push(async () => {
      const data = await ctx.admin.request(SELLING_PLAN_GROUP_REMOVE_VARIANTS_MUTATION, {
        id,
        productVariantIds: variants.remove,
      });
      return data.sellingPlanGroupRemoveProductVariants?.userErrors;
    });
  }
  if (products.add.length > 0) {
    steps.push(async () => {
      const data = await ctx.admin.request(SELLING_PLAN_GROUP_ADD_PRODUCTS_MUTATION, { id, productIds: products.add });
      return data.sellingPlanGroupAddProducts?.userErrors;
    });
  }
  if (variants.add.length > 0) {
    steps.push(async () => {
      const data = await ctx.admin.request(SELLING_PLAN_GROUP_ADD_VARIANTS_MUTATION, {
        id,
        productVariantIds: variants.add,
      });
      return data.sellingPlanGroupAddProductVariants?.userErrors;
    });
  }
  if (steps.length === 0) return { ok: true };

  let failure: string | null = null;
  for (const step of steps) {
    const userErrors = (await step()) ?? [];
    if (userErrors.length > 0) {
      failure = userErrors.map((error) => error.message).join(" ");
      break;
    }
  }
  const after = await fetchSellingPlanGroup(ctx.admin, id);
  if (after) {
    const assignment = assignmentOf(after);
    await updateOfferRow(ctx.db, ctx.shop, row.id, { ...assignment, syncedAt: ctx.now() });
    await refreshStorefront(ctx, row, assignment);
  }
  return failure ? { ok: false, message: failure } : { ok: true };
}

/**
 * Opens or closes the pre-sale from the units counted so far against the offer's current cap.
 * Returns the row as it now stands and whether the state changed.
 */
async function settlePresale(
  ctx: StockRuleContext,
  row: OfferRow,
  rules: StockRules | null,
): Promise<{ row: OfferRow; changed: boolean }> {
  const limit = rules?.presaleLimit ?? null;
  const sold = limit === null && !row.presaleClosedAt ? 0 : await countOfferSales(ctx.db, ctx.shop, row.id);
  const closed = presaleClosed(limit, sold);
  if (closed === (row.presaleClosedAt !== null)) return { row, changed: false };
  const presaleClosedAt = closed ? ctx.now() : null;
  await updateOfferRow(ctx.db, ctx.shop, row.id, { presaleClosedAt });
  return { row: { ...row, presaleClosedAt }, changed: true };
}

/**
 * Brings one offer's assignment in Shopify in line with its selection and stock rules: the cap is settled
 * against the current count, and with "only while out of stock" each eligible variant's current quantity
 * is read. Used when the merchant changes the selection or the rules, and when a pre-sale opens or closes.
 */
export async function applyStockRules(
  ctx: StockRuleContext,
  offerId: string,
  /** The offer's group as the caller has just read it, saving a second read of the same group. */
  justRead?: SellingPlanGroupDetail,
): Promise<AssignOutcome> {
  const found = await findOffer(ctx.db, ctx.shop, offerId);
  if (!found || !hasLiveGroup(found)) return { ok: true };
  const rules = stockRulesOf(found);
  const { row } = await settlePresale(ctx, found, rules);
  const group =
    justRead?.id === found.sellingPlanGroupId
      ? justRead
      : await fetchSellingPlanGroup(ctx.admin, found.sellingPlanGroupId);
  if (!group) return { ok: false, message: "The selling plan group no longer exists in Shopify." };
  return assignExactly(ctx, row, group, await wantedAssignment(ctx, row, rules));
}

export type StockUpdateOutcome = { offers: number; problems: string[] };

/**
 * inventory_levels/update: every offer with "only while out of stock" whose selection covers the variant is
 * attached to it or detached from it, from the quantity read now through the Admin API (never the payload's
 * `available`), so duplicate and out-of-order deliveries end in the same state.
 */
export async function applyInventoryLevel(
  ctx: StockRuleContext,
  inventoryLevelGid: string,
): Promise<StockUpdateOutcome> {
  const inventoryItemId = inventoryItemIdFromLevel(inventoryLevelGid);
  if (!inventoryItemId) throw new Error(`Not an InventoryLevel id with an inventory item: ${inventoryLevelGid}`);
  const ruled = (await listOfferRows(ctx.db, ctx.shop)).filter(
    (row) => hasLiveGroup(row) && stockRulesOf(row)?.onlyWhenOutOfStock === true,
  );
  // Most stock changes concern no such offer: answer without an Admin API call.
  if (ruled.length === 0) return { offers: 0, problems: [] };
  const variant = await fetchInventoryItemVariant(ctx.admin, inventoryItemId);
  if (!variant) return { offers: 0, problems: [] };

  const outcome: StockUpdateOutcome = { offers: 0, problems: [] };
  for (const row of ruled) {
    if (!covers(selectionOf(row), variant) || !row.sellingPlanGroupId) continue;
    outcome.offers += 1;
    const group = await fetchSellingPlanGroup(ctx.admin, row.sellingPlanGroupId);
    if (!group) continue; // deleted elsewhere: the selling_plan_groups/delete webhook records it
    let result: AssignOutcome;
    if (group.products.nodes.some((product) => product.id === variant.productId)) {
      // The whole product is attached (changed elsewhere): only a full pass can split it into variants.
      result = await applyStockRules(ctx, row.id);
    } else {
      const current = group.productVariants.nodes.map((node) => node.id).filter((id) => id !== variant.id);
      const attach = row.presaleClosedAt === null && isOnSale(row, ctx.now()) && isOutOfStock(variant);
      result = await assignExactly(ctx, row, group, {
        productIds: [],
        variantIds: attach ? [...current, variant.id] : current,
      });
    }
    if (!result.ok) outcome.problems.push(`${row.name}: ${result.message}`);
  }
  return outcome;
}

/**
 * orders/create and orders/cancelled: the units each of the shop's offers sold in this order (lines whose
 * selling plan is one of the offer's), recorded once per order and offer; a cancelled order stops counting.
 * Offers whose pre-sale thereby reaches or falls back below the cap are closed (detached) or reopened.
 */
export async function countPresaleOrder(ctx: StockRuleContext, order: OrderRead): Promise<StockUpdateOutcome> {
  const rows = await listOfferRows(ctx.db, ctx.shop);
  const offerOfPlan = new Map<string, string>();
  for (const row of rows) for (const planId of Object.values(row.sellingPlanIds)) offerOfPlan.set(planId, row.id);
  const lines = order.lineItems.nodes.map((line) => ({
    quantity: line.quantity,
    sellingPlanId: line.sellingPlan?.sellingPlanId ?? null,
  }));
  const units = unitsByOffer(lines, offerOfPlan);

  const outcome: StockUpdateOutcome = { offers: 0, problems: [] };
  const cancelledAt = order.cancelledAt ? new Date(order.cancelledAt) : null;
  for (const [offerId, count] of units) {
    await recordOfferSale(ctx.db, { shop: ctx.shop, offerId, orderId: order.id, units: count, cancelledAt });
    outcome.offers += 1;
    const row = rows.find((candidate) => candidate.id === offerId)!;
    if (!hasLiveGroup(row)) continue;
    const { changed } = await settlePresale(ctx, row, stockRulesOf(row));
    if (!changed) continue;
    const result = await applyStockRules(ctx, offerId);
    if (!result.ok) outcome.problems.push(`${row.name}: ${result.message}`);
  }
  if (units.size > 0) await refreshPresaleRemaining(ctx);
  return outcome;
}
