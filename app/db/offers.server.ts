// Offers as stored: the merchant's settings (the backup) and the mirror of their selling plan group. Scoped by shop.
import type { Database } from "../db.server";
import type { OfferStatus } from "../services/offers.contract";

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
  await db.offer.deleteMany({ where: { id, shop } });
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
