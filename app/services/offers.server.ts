// Purchase offers: validate the merchant's offer, keep its selling plan group in Shopify in step, mirror it locally.
import type { Database } from "../db/client.server";
import prisma from "../db/client.server";
import { type FieldErrors, type Offer, type OfferInput, parseOffer, parseStoredOffer } from "../domain/offer";
import { followGeneratedNames, offerSummary, type RenderOptions } from "../domain/offer-wording";
import {
  APP_ID,
  isEmptyGroupUpdate,
  matchSellingPlanIds,
  offerAppRecord,
  offerFromSellingPlanGroup,
  sellingPlanGroupCreateInput,
  sellingPlanGroupUpdateInput,
  type SellingPlanGroupNode,
} from "../domain/selling-plan-input";
import { findShop, saveShopIdentity } from "../db/shops.server";
import {
  countOfferSales,
  countSalesByOffer,
  deleteOfferRow,
  findOffer,
  findOfferByGroup,
  insertOffer,
  listOfferRows,
  updateOfferRow,
  type OfferRow,
} from "../db/offers.server";
import type { AdminClient } from "../shopify/client.server";
import { adminClientFor } from "../shopify/admin.server";
import { refreshPresaleRemaining, refreshStorefront } from "./storefront-metafields.server";
import { AdminApiUserErrors, type AdminUserError } from "../shopify/errors";
import { fetchShopIdentity } from "../shopify/operations/shop";
import { readSelectionCatalog } from "../shopify/operations/catalog";
import {
  fetchSellingPlanGroup,
  fetchSellingPlanGroupsOf,
  listAppSellingPlanGroupIds,
  searchProducts as searchShopProducts,
  SELLING_PLAN_GROUP_CREATE_MUTATION,
  SELLING_PLAN_GROUP_DELETE_MUTATION,
  SELLING_PLAN_GROUP_UPDATE_MUTATION,
  type SellingPlanGroupDetail,
} from "../shopify/operations/selling-plan-groups";
import { applyStockRules, assignmentOf, hasDerivedAssignment, selectionOf } from "./stock-rules.server";
import { EMPTY_SELECTION, type OfferSelection } from "../domain/stock-rules";
import { availabilityAt } from "../domain/offer-availability";
import type {
  AssignedProduct,
  CatalogProduct,
  OfferDetail,
  OfferListItem,
  OfferMutationResult,
  PresaleState,
  ProductSearchResult,
} from "../domain/offer-contract";

export interface OfferContext {
  db: Database;
  shop: string;
  admin: AdminClient;
  now: () => Date;
  currencyCode: string;
  timeZone: string;
  locale: string;
}

/** The context for one admin request: the shop's currency and time zone come from its stored identity. */
export async function offerContext(
  session: { shop: string; accessToken?: string },
  options: { db?: Database; admin?: AdminClient; locale?: string; now?: () => Date } = {},
): Promise<OfferContext> {
  const db = options.db ?? prisma;
  const admin = options.admin ?? adminClientFor(session);
  let shop = await findShop(db, session.shop);
  if (!shop?.currencyCode || !shop.ianaTimezone) {
    const identity = await fetchShopIdentity(admin);
    shop = await saveShopIdentity(db, session.shop, identity);
  }
  return {
    db,
    shop: session.shop,
    admin,
    now: options.now ?? (() => new Date()),
    currencyCode: shop.currencyCode ?? "USD",
    timeZone: shop.ianaTimezone ?? "UTC",
    locale: options.locale ?? "en",
  };
}

function renderOptions(ctx: OfferContext): RenderOptions {
  return { locale: ctx.locale, timeZone: ctx.timeZone };
}

function storedOffer(row: OfferRow): Offer | null {
  const parsed = parseStoredOffer(row.settings);
  return parsed.ok ? parsed.offer : null;
}

function presaleState(row: OfferRow, offer: Offer | null, sold: number): PresaleState | null {
  const limit = offer?.stockRules.presaleLimit ?? null;
  if (limit === null && !row.presaleClosedAt) return null;
  return { limit: limit ?? 0, sold, closedAt: row.presaleClosedAt?.toISOString() ?? null };
}

function listItem(row: OfferRow, ctx: OfferContext, sold: number): OfferListItem {
  const offer = storedOffer(row);
  return {
    id: row.id,
    kind: row.kind as OfferListItem["kind"],
    name: row.name,
    status: row.status,
    productCount: row.products.length,
    variantCount: row.variants.length,
    summaries: offer ? offerSummary(offer, renderOptions(ctx)) : [],
    presale: presaleState(row, offer, sold),
    availability: {
      state: availabilityAt(row, ctx.now()),
      pausedAt: row.pausedAt?.toISOString() ?? null,
      salesStartsAt: row.salesStartsAt?.toISOString() ?? null,
      salesEndsAt: row.salesEndsAt?.toISOString() ?? null,
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listOffers(ctx: OfferContext): Promise<OfferListItem[]> {
  const [rows, sales] = await Promise.all([listOfferRows(ctx.db, ctx.shop), countSalesByOffer(ctx.db, ctx.shop)]);
  return rows.map((row) => listItem(row, ctx, sales.get(row.id) ?? 0));
}

function assignedProducts(row: OfferRow): AssignedProduct[] {
  const byProduct = new Map<string, AssignedProduct>();
  for (const product of row.products) {
    byProduct.set(product.id, { id: product.id, title: product.title, variantIds: [], wholeProduct: true });
  }
  for (const variant of row.variants) {
    const entry = byProduct.get(variant.productId) ?? {
      id: variant.productId,
      title: variant.productTitle,
      variantIds: [],
      wholeProduct: false,
    };
    entry.variantIds.push(variant.id);
    byProduct.set(variant.productId, entry);
  }
  return [...byProduct.values()];
}

/** Whether `id` is one of the context's shop's offers. */
export async function offerExists(ctx: Pick<OfferContext, "db" | "shop">, id: string): Promise<boolean> {
  return (await findOffer(ctx.db, ctx.shop, id)) !== null;
}

export async function getOffer(ctx: OfferContext, id: string): Promise<OfferDetail | null> {
  const row = await findOffer(ctx.db, ctx.shop, id);
  if (!row) return null;
  return {
    ...listItem(row, ctx, await countOfferSales(ctx.db, ctx.shop, row.id)),
    input: row.settings as OfferInput,
    sellingPlanGroupId: row.sellingPlanGroupId,
    products: assignedProducts(row),
    selection: selectionOf(row),
    problems: row.problems,
  };
}

/** Shopify's userErrors, keyed like the form's fields where the path says which purchase option they concern. */
export function fieldErrorsFromUserErrors(errors: readonly AdminUserError[]): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const error of errors) {
    const path = (error.field ?? []).filter((part) => part !== "input");
    const planIndex = path.findIndex((part) => part === "sellingPlansToCreate" || part === "sellingPlansToUpdate");
    const key = planIndex >= 0 && path[planIndex + 1] !== undefined ? `plans.${path[planIndex + 1]}` : "";
    fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]} ${error.message}` : error.message;
  }
  return fieldErrors;
}

/** Parses the form's offer; the currency is always the shop's, whatever the browser sent. */
function parseForShop(ctx: OfferContext, input: unknown) {
  const withCurrency =
    input && typeof input === "object" ? { ...(input as object), currencyCode: ctx.currencyCode } : input;
  return parseOffer(withCurrency, { now: ctx.now() });
}

async function createGroup(
  ctx: OfferContext,
  offer: Offer,
): Promise<{ groupId: string } | { userErrors: AdminUserError[] }> {
  const data = await ctx.admin.request(SELLING_PLAN_GROUP_CREATE_MUTATION, {
    input: sellingPlanGroupCreateInput(offer) as never,
  });
  const payload = data.sellingPlanGroupCreate;
  if (!payload || payload.userErrors.length > 0 || !payload.sellingPlanGroup) {
    return {
      userErrors: payload?.userErrors ?? [{ field: null, message: "Shopify did not create the selling plan group." }],
    };
  }
  return { groupId: payload.sellingPlanGroup.id };
}

/** Reads the group back and records what Shopify now holds: plan ids, products, variants. */
async function mirrorGroup(ctx: OfferContext, rowId: string, offer: Offer, group: SellingPlanGroupDetail) {
  const before = await findOffer(ctx.db, ctx.shop, rowId);
  const assignment = assignmentOf(group);
  await updateOfferRow(ctx.db, ctx.shop, rowId, {
    kind: offer.kind,
    name: offer.name,
    settings: offer,
    sellingPlanGroupId: group.id,
    sellingPlanIds: matchSellingPlanIds(offer, group as unknown as SellingPlanGroupNode),
    ...assignment,
    status: "ACTIVE",
    problems: [],
    syncedAt: ctx.now(),
  });
  // The storefront shows what this offer now is, on every product it reached before or reaches now.
  await refreshStorefront(ctx, before, assignment);
  if (offer.stockRules.presaleLimit !== null || hasPresaleLimit(before)) await refreshPresaleRemaining(ctx);
}

function hasPresaleLimit(row: OfferRow | null): boolean {
  return row ? (storedOffer(row)?.stockRules.presaleLimit ?? null) !== null : false;
}

/** After an offer stopped being live (deleted here or in Shopify): its products no longer show it. */
async function withdrawFromStorefront(ctx: Pick<OfferContext, "db" | "shop" | "admin" | "now">, row: OfferRow) {
  await refreshStorefront(ctx, row);
  if (hasPresaleLimit(row)) await refreshPresaleRemaining(ctx);
}

async function readGroup(ctx: OfferContext, groupId: string): Promise<SellingPlanGroupDetail> {
  const group = await fetchSellingPlanGroup(ctx.admin, groupId);
  if (!group) throw new Error(`Selling plan group ${groupId} vanished right after it was written`);
  return group;
}

export async function createOffer(ctx: OfferContext, input: unknown): Promise<OfferMutationResult> {
  const parsed = parseForShop(ctx, input);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const offer = parsed.offer;
  // The row comes first: if the process dies after Shopify created the group, the offer is still known
  // (without a group id) and can be recreated from this backup rather than leaving an orphan unknown to the app.
  const row = await insertOffer(ctx.db, ctx.shop, {
    kind: offer.kind,
    name: offer.name,
    settings: offer,
    selection: EMPTY_SELECTION,
  });
  try {
    const created = await createGroup(ctx, offer);
    if ("userErrors" in created) {
      await deleteOfferRow(ctx.db, ctx.shop, row.id);
      return { ok: false, fieldErrors: fieldErrorsFromUserErrors(created.userErrors) };
    }
    await mirrorGroup(ctx, row.id, offer, await readGroup(ctx, created.groupId));
    return { ok: true, id: row.id };
  } catch (error) {
    const current = await findOffer(ctx.db, ctx.shop, row.id);
    if (current && !current.sellingPlanGroupId) await deleteOfferRow(ctx.db, ctx.shop, row.id);
    throw error;
  }
}

export async function updateOffer(ctx: OfferContext, id: string, input: unknown): Promise<OfferMutationResult> {
  const row = await findOffer(ctx.db, ctx.shop, id);
  if (!row) return { ok: false, fieldErrors: { "": "This offer no longer exists." } };
  const parsed = parseForShop(ctx, input);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const before = storedOffer(row);
  // A name the app generated ("Try free for 14 days") follows the settings it was generated from.
  const after = before ? followGeneratedNames(before, parsed.offer) : parsed.offer;

  if (!row.sellingPlanGroupId || row.status === "DELETED_IN_SHOPIFY" || !before) {
    // Recreate from the edited settings (the group is gone, or was never created), then give the new,
    // empty group the merchant's selection as the stock rules allow.
    const created = await createGroup(ctx, after);
    if ("userErrors" in created) return { ok: false, fieldErrors: fieldErrorsFromUserErrors(created.userErrors) };
    const group = await readGroup(ctx, created.groupId);
    await mirrorGroup(ctx, row.id, after, group);
    return assignmentResult(await applyStockRules(ctx, row.id, group), row.id);
  }

  const update = sellingPlanGroupUpdateInput(before, after, row.sellingPlanIds);
  if (!isEmptyGroupUpdate(update)) {
    const data = await ctx.admin.request(SELLING_PLAN_GROUP_UPDATE_MUTATION, {
      id: row.sellingPlanGroupId,
      input: update as never,
    });
    const userErrors = data.sellingPlanGroupUpdate?.userErrors ?? [];
    if (userErrors.length > 0) return { ok: false, fieldErrors: fieldErrorsFromUserErrors(userErrors) };
  }
  const group = await readGroup(ctx, row.sellingPlanGroupId);
  await mirrorGroup(ctx, row.id, after, group);
  const rulesChanged =
    before.stockRules.onlyWhenOutOfStock !== after.stockRules.onlyWhenOutOfStock ||
    before.stockRules.presaleLimit !== after.stockRules.presaleLimit;
  if (!rulesChanged) return { ok: true, id: row.id };
  return assignmentResult(await applyStockRules(ctx, row.id, group), row.id);
}

function assignmentResult(outcome: { ok: true } | { ok: false; message: string }, id: string): OfferMutationResult {
  return outcome.ok ? { ok: true, id } : { ok: false, fieldErrors: { products: outcome.message } };
}

export async function deleteOffer(ctx: OfferContext, id: string): Promise<void> {
  const row = await findOffer(ctx.db, ctx.shop, id);
  if (!row) return;
  if (row.sellingPlanGroupId && row.status !== "DELETED_IN_SHOPIFY") {
    const data = await ctx.admin.request(SELLING_PLAN_GROUP_DELETE_MUTATION, { id: row.sellingPlanGroupId });
    const userErrors = data.sellingPlanGroupDelete?.userErrors ?? [];
    // A group already deleted elsewhere is the outcome we want; anything else must not lose the backup.
    if (userErrors.length > 0 && !userErrors.every((error) => error.code === "GROUP_DOES_NOT_EXIST")) {
      throw new AdminApiUserErrors(userErrors, { shop: ctx.shop, operation: "SellingPlanGroupDelete" });
    }
  }
  await deleteOfferRow(ctx.db, ctx.shop, id);
  await withdrawFromStorefront(ctx, row);
}

/**
 * Records the merchant's choice of products (whole) and variants (alone) and assigns it to the offer's selling
 * plan group as the stock rules allow: all of it, only its out-of-stock variants, or nothing once the pre-sale closed.
 */
export async function setOfferProducts(
  ctx: OfferContext,
  id: string,
  wanted: { productIds: string[]; variantIds: string[] },
): Promise<OfferMutationResult> {
  const row = await findOffer(ctx.db, ctx.shop, id);
  if (!row) return { ok: false, fieldErrors: { "": "This offer no longer exists." } };
  if (!row.sellingPlanGroupId || row.status === "DELETED_IN_SHOPIFY") {
    return { ok: false, fieldErrors: { "": "Recreate this offer in Shopify before assigning products." } };
  }
  const selection = { productIds: [...new Set(wanted.productIds)], variantIds: [...new Set(wanted.variantIds)] };
  await updateOfferRow(ctx.db, ctx.shop, id, { selection });
  const result = assignmentResult(await applyStockRules(ctx, id), id);
  if (!result.ok) return result;
  const warnings = await otherGroupWarnings(ctx, row.sellingPlanGroupId, selection);
  return warnings.length > 0 ? { ...result, warnings } : result;
}

const DEFERRED_CATEGORIES = new Set(["PRE_ORDER", "TRY_BEFORE_YOU_BUY"]);

/**
 * One line per chosen product or variant that is also on another pre-order or try-before-you-buy group (another
 * app's, or another of this app's offers): customers then see both, and which one applies is theirs to pick. A
 * failure to read them costs the warning, not the assignment already made.
 */
async function otherGroupWarnings(ctx: OfferContext, ownGroupId: string, selection: OfferSelection): Promise<string[]> {
  let resources;
  try {
    resources = await fetchSellingPlanGroupsOf(ctx.admin, [...selection.productIds, ...selection.variantIds]);
  } catch {
    return [];
  }
  const offerNames = new Map<string, string>();
  for (const other of await listOfferRows(ctx.db, ctx.shop)) {
    if (other.sellingPlanGroupId) offerNames.set(other.sellingPlanGroupId, other.name);
  }
  const warnings = new Set<string>();
  for (const resource of resources) {
    const title = resource.title.replace(/ - Default Title$/, "");
    for (const group of resource.groups) {
      if (group.id === ownGroupId || !DEFERRED_CATEGORIES.has(group.category ?? "")) continue;
      const offerName = offerNames.get(group.id);
      const where =
        offerName !== undefined
          ? `the offer “${offerName}”`
          : group.appId === APP_ID
            ? `“${group.name}”, another of this app’s selling plan groups`
            : `“${group.name}”, another app’s selling plan group`;
      warnings.add(`${title} is also on ${where}: customers see both.`);
    }
  }
  return [...warnings];
}

export async function searchProducts(ctx: OfferContext, query: string): Promise<ProductSearchResult[]> {
  const products = await searchShopProducts(ctx.admin, query);
  return products.map((product) => ({
    id: product.id,
    title: product.title,
    variants: product.variants.nodes.map((variant) => ({
      id: variant.id,
      title: variant.title,
      // An untracked variant's quantity is no count of anything: it is given as unknown.
      inventoryQuantity: variant.inventoryItem.tracked ? (variant.inventoryQuantity ?? null) : null,
    })),
  }));
}

export type ReconcileOutcome = "UPDATED" | "DELETED" | "UNREADABLE" | "UNKNOWN_GROUP";

/**
 * Makes the local mirror of one selling plan group match Shopify: from a selling_plan_groups webhook,
 * or "Sync now". A group edited elsewhere is re-read into the offer; one deleted elsewhere is marked so.
 */
export async function reconcileSellingPlanGroup(
  ctx: Pick<OfferContext, "db" | "shop" | "admin" | "now">,
  groupId: string,
): Promise<ReconcileOutcome> {
  const row = await findOfferByGroup(ctx.db, ctx.shop, groupId);
  if (!row) return "UNKNOWN_GROUP";
  const group = await fetchSellingPlanGroup(ctx.admin, groupId);
  if (!group) {
    await updateOfferRow(ctx.db, ctx.shop, row.id, { status: "DELETED_IN_SHOPIFY", syncedAt: ctx.now() });
    await withdrawFromStorefront(ctx, row);
    return "DELETED";
  }
  const stored = storedOffer(row);
  const record = stored ? offerAppRecord(stored, row.sellingPlanIds) : null;
  const read = record
    ? offerFromSellingPlanGroup(group as unknown as SellingPlanGroupNode, record)
    : { ok: false as const, problems: ["The app's stored settings for this offer are unreadable."] };
  if (!read.ok) {
    await updateOfferRow(ctx.db, ctx.shop, row.id, {
      ...assignmentOf(group),
      status: "UNREADABLE",
      problems: read.problems,
      syncedAt: ctx.now(),
    });
    // What the app cannot read it does not describe to customers.
    await withdrawFromStorefront(ctx, row);
    return "UNREADABLE";
  }
  await mirrorGroup(ctx as OfferContext, row.id, read.offer, group);
  return "UPDATED";
}

/** Key order aside, JSON of a value: two readings of the same settings compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** What the merchant sees of an offer's mirror: a sync that leaves this as it was changed nothing. */
function mirrorSnapshot(row: OfferRow | null): string {
  if (!row) return "";
  return canonicalJson({
    name: row.name,
    settings: row.settings,
    sellingPlanIds: row.sellingPlanIds,
    products: row.products,
    variants: row.variants,
    status: row.status,
    problems: row.problems,
    presaleClosedAt: row.presaleClosedAt?.toISOString() ?? null,
  });
}

/**
 * "Sync now": every offer of the shop against Shopify. The counts are of offers whose mirror actually changed
 * (an offer Shopify holds as the app does is counted nowhere).
 */
export async function syncOffers(ctx: OfferContext): Promise<{ updated: number; deleted: number; unreadable: number }> {
  const rows = await listOfferRows(ctx.db, ctx.shop);
  const live = new Set(await listAppSellingPlanGroupIds(ctx.admin, APP_ID));
  const counts = { updated: 0, deleted: 0, unreadable: 0 };
  for (const row of rows) {
    if (!row.sellingPlanGroupId) continue;
    if (!live.has(row.sellingPlanGroupId)) {
      if (row.status !== "DELETED_IN_SHOPIFY") {
        await updateOfferRow(ctx.db, ctx.shop, row.id, { status: "DELETED_IN_SHOPIFY", syncedAt: ctx.now() });
        await withdrawFromStorefront(ctx, row);
        counts.deleted += 1;
      }
      continue;
    }
    const before = mirrorSnapshot(row);
    const outcome = await reconcileSellingPlanGroup(ctx, row.sellingPlanGroupId);
    if (outcome === "UPDATED" && hasDerivedAssignment(row)) {
      // Stock or sales may have moved while webhooks were missed, or the assignment been changed elsewhere while
      // the offer is off sale: decide again from what Shopify reports now.
      const applied = await applyStockRules(ctx, row.id);
      if (!applied.ok) {
        await updateOfferRow(ctx.db, ctx.shop, row.id, { problems: [applied.message], syncedAt: ctx.now() });
      }
    }
    if (mirrorSnapshot(await findOffer(ctx.db, ctx.shop, row.id)) === before) continue;
    if (outcome === "UPDATED") counts.updated += 1;
    if (outcome === "DELETED") counts.deleted += 1;
    if (outcome === "UNREADABLE") counts.unreadable += 1;
  }
  return counts;
}

/** Titles and current stock of an offer's chosen products and variants, for its product card. */
export function readOfferCatalog(ctx: OfferContext, selection: OfferSelection): Promise<CatalogProduct[]> {
  return readSelectionCatalog(ctx.admin, selection);
}
