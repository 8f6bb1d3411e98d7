// Stock rules, decided: which variants an offer should be attached to now, when a pre-sale closes, what an order sold.

/** The products (whole) and variants (alone) the merchant chose for an offer. */
export interface OfferSelection {
  productIds: string[];
  variantIds: string[];
}

export const EMPTY_SELECTION: OfferSelection = { productIds: [], variantIds: [] };

/** A variant's sellable quantity as Shopify reports it. */
export interface VariantStock {
  id: string;
  productId: string;
  /** Sellable quantity across locations; null when Shopify does not track the variant's inventory. */
  inventoryQuantity: number | null;
}

/** A variant whose inventory Shopify does not track (null quantity) is always sellable, never "out of stock". */
export function isOutOfStock(variant: VariantStock): boolean {
  return variant.inventoryQuantity !== null && variant.inventoryQuantity <= 0;
}

/** Whether the selection makes the variant eligible (chosen alone, or through its whole product). */
export function covers(selection: OfferSelection, variant: Pick<VariantStock, "id" | "productId">): boolean {
  return selection.variantIds.includes(variant.id) || selection.productIds.includes(variant.productId);
}

/** What to add and what to remove to go from `current` to `wanted` (each id once). */
export function difference(wanted: readonly string[], current: readonly string[]) {
  const currentSet = new Set(current);
  const wantedSet = new Set(wanted);
  return {
    add: [...wantedSet].filter((id) => !currentSet.has(id)),
    remove: [...currentSet].filter((id) => !wantedSet.has(id)),
  };
}

/**
 * What the offer's group should hold: nothing once the pre-sale closed or while the offer is off sale (paused, or
 * outside its sales window); with "only while out of stock", the
 * out-of-stock variants among `stock` (the eligible variants' current quantities), at variant level only, since
 * attaching a whole product would also sell its variants that are in stock; otherwise the selection as chosen.
 */
export function wantedAssignment(input: {
  selection: OfferSelection;
  presaleClosed: boolean;
  /** Paused, or outside its sales window (default: on sale). */
  offSale?: boolean;
  onlyWhenOutOfStock: boolean;
  stock?: readonly VariantStock[];
}): OfferSelection {
  if (input.presaleClosed || input.offSale) return EMPTY_SELECTION;
  if (!input.onlyWhenOutOfStock) return input.selection;
  return { productIds: [], variantIds: (input.stock ?? []).filter(isOutOfStock).map((variant) => variant.id) };
}

/** A pre-sale is closed once the units sold reach its cap; an offer without a cap never closes. */
export function presaleClosed(limit: number | null, sold: number): boolean {
  return limit !== null && sold >= limit;
}

/** Units an order bought on each offer, from its lines' selling plans (plan id -> offer id). */
export function unitsByOffer(
  lines: readonly { quantity: number; sellingPlanId: string | null }[],
  offerOfPlan: ReadonlyMap<string, string>,
): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of lines) {
    const offerId = line.sellingPlanId ? offerOfPlan.get(line.sellingPlanId) : undefined;
    if (offerId) units.set(offerId, (units.get(offerId) ?? 0) + line.quantity);
  }
  return units;
}
