// The merchant's chosen products and variants, and which of them Shopify currently sells the offer on, and why not the others.
import type { AssignedProduct, CatalogProduct, CatalogVariant } from "../../domain/offer-contract";

export type { CatalogProduct, CatalogVariant };

/** Why a chosen variant is not attached to the offer's selling plan group right now. */
export type NotLiveReason =
  "pre-sale closed" | "in stock" | "inventory not tracked" | "no longer in Shopify" | "not attached yet";

export interface ChosenProduct extends AssignedProduct {
  /** False when neither Shopify nor the assignment knows the product (deleted); it cannot be preselected in a picker. */
  known: boolean;
  /**
   * Only when a stock rule decides what is live (null otherwise): the chosen variants (or the product itself,
   * for a single-variant product) that customers can buy with the offer now, and the others with the reason.
   */
  status: { live: string[]; notLive: Array<{ label: string; reason: NotLiveReason }> } | null;
}

export interface SelectionRules {
  onlyWhenOutOfStock: boolean;
  presaleClosed: boolean;
}

/** Shopify names the only variant of a product without options "Default Title": the product's title says it better. */
function variantLabel(
  product: { title: string; variants: readonly CatalogVariant[] },
  variant: CatalogVariant,
): string {
  return product.variants.length <= 1 && variant.title === "Default Title" ? product.title : variant.title;
}

/**
 * Groups the selection by product (titles from what is live, else from the catalog) and, when the offer's stock
 * rules make the group hold less than the selection, says for each chosen variant whether it is live and why not.
 * Without such a rule the group holds the selection itself, so no status is given.
 */
export function chosenProducts(
  selection: { productIds: readonly string[]; variantIds: readonly string[] },
  live: readonly AssignedProduct[],
  catalog: readonly CatalogProduct[] | null,
  rules: SelectionRules,
): ChosenProduct[] {
  const liveWhole = new Set(live.filter((product) => product.wholeProduct).map((product) => product.id));
  const liveVariants = new Set(live.flatMap((product) => product.variantIds));
  const catalogProduct = new Map((catalog ?? []).map((product) => [product.id, product]));
  const productOfVariant = new Map<string, string>();
  for (const product of catalog ?? [])
    for (const variant of product.variants) productOfVariant.set(variant.id, product.id);
  for (const product of live)
    for (const id of product.variantIds) if (!productOfVariant.has(id)) productOfVariant.set(id, product.id);
  const liveTitle = new Map(live.map((product) => [product.id, product.title]));

  const entries = new Map<string, ChosenProduct>();
  const entryFor = (productId: string, known: boolean) => {
    let entry = entries.get(productId);
    if (!entry) {
      const title = catalogProduct.get(productId)?.title ?? liveTitle.get(productId) ?? "Product no longer in Shopify";
      entry = { id: productId, title, variantIds: [], wholeProduct: false, known, status: null };
      entries.set(productId, entry);
    }
    return entry;
  };
  for (const id of selection.productIds) {
    entryFor(id, catalogProduct.has(id) || liveTitle.has(id)).wholeProduct = true;
  }
  for (const id of selection.variantIds) {
    const productId = productOfVariant.get(id);
    // A deleted variant's product is unknown: it gets an entry of its own, keyed by the variant.
    const entry = productId ? entryFor(productId, true) : entryFor(id, false);
    // A variant of a product also chosen whole is covered by the product (the service attaches it either way).
    if (!entry.wholeProduct || productId === undefined) entry.variantIds.push(id);
  }
  for (const entry of entries.values()) if (entry.wholeProduct) entry.variantIds = [];

  // Without the catalog (not read, or the read failed) variants have neither names nor stock: no status is given.
  if ((!rules.onlyWhenOutOfStock && !rules.presaleClosed) || catalog === null) return [...entries.values()];

  const reasonFor = (variant: CatalogVariant | undefined): NotLiveReason => {
    if (rules.presaleClosed) return "pre-sale closed";
    if (!variant) return "no longer in Shopify";
    if (rules.onlyWhenOutOfStock) {
      if (variant.inventoryQuantity === null) return "inventory not tracked";
      if (variant.inventoryQuantity > 0) return "in stock";
    }
    // Out of stock yet not attached: an inventory update is still on its way, or a sync is due.
    return "not attached yet";
  };
  for (const entry of entries.values()) {
    const product = catalogProduct.get(entry.id);
    const variants: CatalogVariant[] = entry.wholeProduct
      ? (product?.variants ?? [])
      : entry.variantIds.map(
          (id) =>
            product?.variants.find((variant) => variant.id === id) ?? {
              id,
              title: "Variant no longer in Shopify",
              inventoryQuantity: null,
            },
        );
    const status: NonNullable<ChosenProduct["status"]> = { live: [], notLive: [] };
    if (entry.wholeProduct && !product) {
      // Not readable from Shopify: only whether the product as a whole is attached can be said.
      if (liveWhole.has(entry.id)) status.live.push(entry.title);
      else status.notLive.push({ label: entry.title, reason: reasonFor(undefined) });
    }
    for (const variant of variants) {
      const label = product ? variantLabel(product, variant) : variant.title;
      const known = product?.variants.some((candidate) => candidate.id === variant.id) ?? false;
      if (liveWhole.has(entry.id) || liveVariants.has(variant.id)) status.live.push(label);
      else status.notLive.push({ label, reason: reasonFor(known ? variant : undefined) });
    }
    entry.status = status;
  }
  return [...entries.values()];
}
