// Catalog operations: products, variants and inventory levels (inventory_levels/update on every change).
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { ProductRecord, VariantRecord } from "../state/types.js";
import { parseMoney } from "../domain/money.js";
import { inventoryLevelPayload } from "../webhooks/payloads.js";

export interface VariantInput {
  title?: string;
  sku?: string | null;
  price: string;
  inventoryQuantity?: number;
  inventoryPolicy?: "CONTINUE" | "DENY";
}

export interface ProductInput {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  status?: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags?: string[];
  requiresSellingPlan?: boolean;
  variants?: VariantInput[];
}

export function createProduct(sim: Simulator, s: ShopState, input: ProductInput): ProductRecord {
  if (!input.title?.trim()) throw new Error("title is required");
  const now = sim.now();
  const product: ProductRecord = {
    id: sim.store.ids.take(),
    title: input.title,
    handle:
      input.handle ??
      input.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, ""),
    vendor: input.vendor ?? s.shop.name,
    productType: input.productType ?? "",
    status: input.status ?? "ACTIVE",
    tags: input.tags ?? [],
    requiresSellingPlan: input.requiresSellingPlan ?? false,
    variantIds: [],
    createdAt: now,
    updatedAt: now,
  };
  s.products.set(product.id, product);
  const variants = input.variants && input.variants.length > 0 ? input.variants : [{ price: "0" }];
  variants.forEach((v, i) => {
    const variant: VariantRecord = {
      id: sim.store.ids.take(),
      productId: product.id,
      title: v.title ?? "Default Title",
      sku: v.sku ?? null,
      priceMinor: parseMoney(v.price, s.shop.currencyCode).minor,
      position: i + 1,
      inventoryQuantity: v.inventoryQuantity ?? 0,
      inventoryPolicy: v.inventoryPolicy ?? "DENY",
      inventoryItemId: sim.store.ids.take(),
      createdAt: now,
      updatedAt: now,
    };
    s.variants.set(variant.id, variant);
    product.variantIds.push(variant.id);
  });
  return product;
}

/** Sets or shifts a variant's available quantity at the shop's one location. */
export function adjustInventory(
  sim: Simulator,
  s: ShopState,
  variantId: number,
  change: { available?: number; delta?: number },
): VariantRecord {
  const v = s.variants.get(variantId);
  if (!v) throw new Error(`No variant ${variantId} in ${s.domain}`);
  const next = change.available ?? v.inventoryQuantity + (change.delta ?? 0);
  if (next === v.inventoryQuantity) return v;
  v.inventoryQuantity = next;
  v.updatedAt = sim.now();
  sim.emit(s, "inventory_levels/update", inventoryLevelPayload(s, v, v.updatedAt));
  return v;
}
