// Keeps the storefront's data in Shopify: each product's offers metafield and the app's pre-sale remaining metafield.
import type { Database } from "../db/client.server";
import { countSalesByOffer, listOfferRows, type OfferRow } from "../db/offers.server";
import { parseStoredOffer } from "../domain/offer";
import { storefrontPayload, type StorefrontPayload } from "../domain/offer-wording";
import type { AdminClient } from "../shopify/client.server";
import {
  deleteMetafields,
  fetchAppInstallationMetafield,
  fetchProductMetafieldValues,
  setMetafields,
  type MetafieldWrite,
} from "../shopify/operations/metafields";

export interface StorefrontContext {
  db: Database;
  shop: string;
  admin: AdminClient;
  now: () => Date;
}

/**
 * Product metafield read by the theme app extension as `product.metafields['$app:purchase_options'].offers`
 * (extensions/deferred-purchase-options/README.md, "Metafield contract"). `$app:` makes it app-owned: Shopify
 * stores it as `app--<app id>--purchase_options`, writable by this app only.
 */
export const OFFERS_METAFIELD = { namespace: "$app:purchase_options", key: "offers", type: "json" } as const;

/**
 * App-data metafield on the app installation, read as `app.metafields.purchase_options.presale_remaining`. It
 * changes with every order, so it is kept once per shop rather than on every product.
 */
export const PRESALE_REMAINING_METAFIELD = {
  namespace: "purchase_options",
  key: "presale_remaining",
  type: "json",
} as const;

/** Every product an offer reaches: products attached whole, and the products of variants attached alone. */
export function productIdsOf(row: Pick<OfferRow, "products" | "variants">): string[] {
  return [...new Set([...row.products.map((p) => p.id), ...row.variants.map((v) => v.productId)])];
}

/**
 * The metafield value for one product: the payload of every live offer attached to it or to one of its variants,
 * oldest offer first. Offers whose group is gone, unreadable or never created show nothing on the storefront.
 */
export function productOffersPayload(rows: readonly OfferRow[], productId: string): StorefrontPayload[] {
  const payloads: StorefrontPayload[] = [];
  for (const row of rows) {
    if (row.status !== "ACTIVE" || !row.sellingPlanGroupId) continue;
    if (!productIdsOf(row).includes(productId)) continue;
    const parsed = parseStoredOffer(row.settings);
    if (!parsed.ok) continue;
    payloads.push(storefrontPayload(parsed.offer, row.sellingPlanIds));
  }
  return payloads;
}

/** Same JSON value, whatever whitespace Shopify keeps or drops. */
function sameJson(stored: string | null, wanted: unknown): boolean {
  if (stored === null) return false;
  try {
    return JSON.stringify(JSON.parse(stored)) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

/**
 * Rewrites the offers metafield of the given products from the shop's offers in the database: set where an offer
 * applies, deleted where none does anymore. Idempotent: values already right are not written again, and products
 * deleted in Shopify are skipped. Pass the products of an offer before and after a change (`productIdsOf`) so
 * detached products are cleared too. Shopify's userErrors raise AdminApiUserErrors.
 */
export async function syncStorefrontMetafields(ctx: StorefrontContext, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return;
  // Offers are listed newest first; the storefront lists them in the order they were created.
  const rows = (await listOfferRows(ctx.db, ctx.shop)).reverse();
  const current = await fetchProductMetafieldValues(ctx.admin, ids, OFFERS_METAFIELD);

  const writes: MetafieldWrite[] = [];
  const deletions: Array<{ ownerId: string; namespace: string; key: string }> = [];
  for (const productId of ids) {
    if (!current.has(productId)) continue; // deleted in Shopify: nothing to write on
    const stored = current.get(productId) ?? null;
    const payloads = productOffersPayload(rows, productId);
    if (payloads.length === 0) {
      if (stored !== null)
        deletions.push({ ownerId: productId, namespace: OFFERS_METAFIELD.namespace, key: OFFERS_METAFIELD.key });
      continue;
    }
    if (sameJson(stored, payloads)) continue;
    writes.push({
      ownerId: productId,
      namespace: OFFERS_METAFIELD.namespace,
      key: OFFERS_METAFIELD.key,
      type: OFFERS_METAFIELD.type,
      value: JSON.stringify(payloads),
    });
  }
  await setMetafields(ctx.admin, writes);
  await deleteMetafields(ctx.admin, deletions);
}

/** Liquid compares against `selling_plan.id`, the numeric id: gids become their number. */
function numericPlanKey(id: string): string {
  const digits = /^(?:gid:\/\/shopify\/SellingPlan\/)?(\d+)$/.exec(id)?.[1];
  if (digits === undefined) throw new TypeError(`Not a selling plan id: ${JSON.stringify(id)}`);
  return digits;
}

/**
 * Writes the units left under each capped offer, keyed by selling plan (gid or numeric id), on the app
 * installation. The whole document is replaced: plans missing from it show no "left" line. Written only when it
 * changed, so calling it after every order costs one read.
 */
export async function syncPresaleRemaining(
  ctx: StorefrontContext,
  remainingBySellingPlanId: Readonly<Record<string, number>>,
): Promise<void> {
  const document: Record<string, number> = {};
  for (const [id, remaining] of Object.entries(remainingBySellingPlanId)) {
    if (!Number.isSafeInteger(remaining)) throw new TypeError(`Remaining units must be an integer, got ${remaining}`);
    document[numericPlanKey(id)] = remaining;
  }
  // A stable order (numeric) so the same counts give the same text, whatever order the caller built them in.
  const sorted = Object.fromEntries(
    Object.entries(document).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)),
  );
  const { installationId, value } = await fetchAppInstallationMetafield(ctx.admin, PRESALE_REMAINING_METAFIELD);
  if (sameJson(value, sorted)) return;
  await setMetafields(ctx.admin, [
    { ownerId: installationId, ...PRESALE_REMAINING_METAFIELD, value: JSON.stringify(sorted) },
  ]);
}

/**
 * After an offer's assignment or status changed: rewrites the offers metafield of every product the offer
 * reached before or reaches now, so detached products lose it and attached ones gain it.
 */
export async function refreshStorefront(
  ctx: StorefrontContext,
  ...rows: Array<Pick<OfferRow, "products" | "variants"> | null | undefined>
): Promise<void> {
  const productIds = new Set(rows.flatMap((row) => (row ? productIdsOf(row) : [])));
  if (productIds.size > 0) await syncStorefrontMetafields(ctx, [...productIds]);
}

/** Units left under every capped offer of the shop, per selling plan, written for the storefront's "only N left". */
export async function refreshPresaleRemaining(ctx: StorefrontContext): Promise<void> {
  const [rows, sold] = await Promise.all([listOfferRows(ctx.db, ctx.shop), countSalesByOffer(ctx.db, ctx.shop)]);
  const remaining: Record<string, number> = {};
  for (const row of rows) {
    const parsed = parseStoredOffer(row.settings);
    const limit = parsed.ok ? parsed.offer.stockRules.presaleLimit : null;
    if (limit === null || row.status !== "ACTIVE") continue;
    const left = Math.max(0, limit - (sold.get(row.id) ?? 0));
    for (const planId of Object.values(row.sellingPlanIds)) remaining[planId] = left;
  }
  await syncPresaleRemaining(ctx, remaining);
}
