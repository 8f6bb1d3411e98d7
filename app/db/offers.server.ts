// Offers as stored: the merchant's settings (the backup) and the mirror of their selling plan group. Scoped by shop.
import type { Database } from "./client.server";
import type { OfferStatus } from "../domain/offer-contract";
import type { OfferSelection } from "../domain/stock-rules";

export type { OfferSelection };
import { isUniqueConstraintViolation } from "./errors";

export interface StoredProduct {
  id: string;
  title: string;
}
export interface StoredVariant {
  id: string;
  title: string;
  productId: string;
  productTitle: string;
}

export interface OfferRow {
  id: string;
  shop: string;
  kind: string;
  name: string;
  settings: unknown;
  sellingPlanGroupId: string | null;
  sellingPlanIds: Record<string, string>;
  products: StoredProduct[];
  variants: StoredVariant[];
  status: OfferStatus;
  problems: string[];
  /** Null for offers stored before stock rules existed: their assignment is their selection. */
  selection: OfferSelection | null;
  presaleClosedAt: Date | null;
  /** Paused by the merchant, and the sales window (app/domain/offer-availability.ts). */
  pausedAt: Date | null;
  salesStartsAt: Date | null;
  salesEndsAt: Date | null;
  syncedAt: Date | null;
  updatedAt: Date;
}

type RawOffer = Awaited<ReturnType<Database["offer"]["findFirstOrThrow"]>>;

function fromRaw(raw: RawOffer): OfferRow {
  return {
    id: raw.id,
    shop: raw.shop,
    kind: raw.kind,
    name: raw.name,
    settings: JSON.parse(raw.settings),
    sellingPlanGroupId: raw.sellingPlanGroupId,
    sellingPlanIds: JSON.parse(raw.sellingPlanIds),
    products: JSON.parse(raw.products),
    variants: JSON.parse(raw.variants),
    status: raw.status as OfferStatus,
    problems: JSON.parse(raw.problems),
    selection: raw.selection === null ? null : (JSON.parse(raw.selection) as OfferSelection),
    presaleClosedAt: raw.presaleClosedAt,
    pausedAt: raw.pausedAt,
    salesStartsAt: raw.salesStartsAt,
    salesEndsAt: raw.salesEndsAt,
    syncedAt: raw.syncedAt,
    updatedAt: raw.updatedAt,
  };
}

export interface OfferWrite {
  kind?: string;
  name?: string;
  settings?: unknown;
  sellingPlanGroupId?: string | null;
  sellingPlanIds?: Record<string, string>;
  products?: StoredProduct[];
  variants?: StoredVariant[];
  status?: OfferStatus;
  problems?: string[];
  selection?: OfferSelection;
  presaleClosedAt?: Date | null;
  pausedAt?: Date | null;
  salesStartsAt?: Date | null;
  salesEndsAt?: Date | null;
  syncedAt?: Date | null;
}

function toRaw(write: OfferWrite) {
  return {
    ...(write.kind !== undefined && { kind: write.kind }),
    ...(write.name !== undefined && { name: write.name }),
    ...(write.settings !== undefined && { settings: JSON.stringify(write.settings) }),
    ...(write.sellingPlanGroupId !== undefined && { sellingPlanGroupId: write.sellingPlanGroupId }),
    ...(write.sellingPlanIds !== undefined && { sellingPlanIds: JSON.stringify(write.sellingPlanIds) }),
    ...(write.products !== undefined && { products: JSON.stringify(write.products) }),
    ...(write.variants !== undefined && { variants: JSON.stringify(write.variants) }),
    ...(write.status !== undefined && { status: write.status }),
    ...(write.problems !== undefined && { problems: JSON.stringify(write.problems) }),
    ...(write.selection !== undefined && { selection: JSON.stringify(write.selection) }),
    ...(write.presaleClosedAt !== undefined && { presaleClosedAt: write.presaleClosedAt }),
    ...(write.pausedAt !== undefined && { pausedAt: write.pausedAt }),
    ...(write.salesStartsAt !== undefined && { salesStartsAt: write.salesStartsAt }),
    ...(write.salesEndsAt !== undefined && { salesEndsAt: write.salesEndsAt }),
    ...(write.syncedAt !== undefined && { syncedAt: write.syncedAt }),
  };
}

export async function insertOffer(
  db: Database,
  shop: string,
  write: OfferWrite & { kind: string; name: string; settings: unknown },
): Promise<OfferRow> {
  return fromRaw(await db.offer.create({ data: { shop, ...toRaw(write) } as never }));
}

export async function updateOfferRow(db: Database, shop: string, id: string, write: OfferWrite): Promise<void> {
  const { count } = await db.offer.updateMany({ where: { id, shop }, data: toRaw(write) });
  if (count !== 1) throw new Error(`Offer ${id} not found for ${shop}`);
}

export async function deleteOfferRow(db: Database, shop: string, id: string): Promise<void> {
  await db.$transaction([
    db.offerSale.deleteMany({ where: { shop, offerId: id } }),
    db.offer.deleteMany({ where: { id, shop } }),
  ]);
}

export async function findOffer(db: Database, shop: string, id: string): Promise<OfferRow | null> {
  const raw = await db.offer.findFirst({ where: { id, shop } });
  return raw ? fromRaw(raw) : null;
}

export async function findOfferByGroup(
  db: Database,
  shop: string,
  sellingPlanGroupId: string,
): Promise<OfferRow | null> {
  const raw = await db.offer.findFirst({ where: { shop, sellingPlanGroupId } });
  return raw ? fromRaw(raw) : null;
}

export async function listOfferRows(db: Database, shop: string): Promise<OfferRow[]> {
  const rows = await db.offer.findMany({ where: { shop }, orderBy: { createdAt: "desc" } });
  return rows.map(fromRaw);
}

/**
 * Records the units an order bought on an offer, once: a row that exists already keeps its count (a re-delivered
 * or duplicated orders/create changes nothing). A cancellation is recorded on the row and only ever set, never
 * cleared (Shopify cannot un-cancel an order), so the webhooks' order does not matter.
 */
export async function recordOfferSale(
  db: Database,
  sale: { shop: string; offerId: string; orderId: string; units: number; cancelledAt: Date | null },
): Promise<void> {
  const where = { shop_orderId_offerId: { shop: sale.shop, orderId: sale.orderId, offerId: sale.offerId } };
  const update = sale.cancelledAt ? { cancelledAt: sale.cancelledAt } : {};
  try {
    await db.offerSale.upsert({ where, create: sale, update });
  } catch (error) {
    // Two deliveries of the same order raced to create the row: the other one counted it.
    if (!isUniqueConstraintViolation(error)) throw error;
    if (sale.cancelledAt) {
      await db.offerSale.updateMany({
        where: { shop: sale.shop, orderId: sale.orderId, offerId: sale.offerId, cancelledAt: null },
        data: { cancelledAt: sale.cancelledAt },
      });
    }
  }
}

/** Units sold on an offer by orders that are not cancelled. */
export async function countOfferSales(db: Database, shop: string, offerId: string): Promise<number> {
  const { _sum } = await db.offerSale.aggregate({
    where: { shop, offerId, cancelledAt: null },
    _sum: { units: true },
  });
  return _sum.units ?? 0;
}

/** Units sold per offer of a shop (orders not cancelled), for the offers list. */
export async function countSalesByOffer(db: Database, shop: string): Promise<Map<string, number>> {
  const groups = await db.offerSale.groupBy({
    by: ["offerId"],
    where: { shop, cancelledAt: null },
    _sum: { units: true },
  });
  return new Map(groups.map((group) => [group.offerId, group._sum.units ?? 0]));
}
