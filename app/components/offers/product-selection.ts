// Which products and variants an offer applies to: converting between the assigned list, App Bridge's resource picker and the plain picker.
import type { AssignedProduct, ProductSearchResult } from "../../domain/offer-contract";

/** Exactly what `setOfferProducts` assigns: whole products, plus single variants of other products. */
export interface ProductAssignment {
  productIds: string[];
  variantIds: string[];
}

export function assignmentFromProducts(products: readonly AssignedProduct[]): ProductAssignment {
  return {
    productIds: products.filter((product) => product.wholeProduct).map((product) => product.id),
    variantIds: products.filter((product) => !product.wholeProduct).flatMap((product) => product.variantIds),
  };
}

/** App Bridge's `selectionIds`: a product without `variants` is preselected whole, with them only those variants. */
export function pickerSelectionIds(
  products: readonly AssignedProduct[],
): Array<{ id: string; variants?: Array<{ id: string }> }> {
  return products.map((product) =>
    product.wholeProduct ? { id: product.id } : { id: product.id, variants: product.variantIds.map((id) => ({ id })) },
  );
}

/** The part of App Bridge's product selection this app reads. */
export interface PickedProduct {
  id: string;
  totalVariants?: number;
  hasOnlyDefaultVariant?: boolean;
  variants: Array<{ id?: string }>;
}

/**
 * A product picked with every variant becomes a whole-product assignment (new variants join the offer too);
 * a product picked with some variants assigns just those.
 */
export function assignmentFromPicker(selection: readonly PickedProduct[]): ProductAssignment {
  const productIds: string[] = [];
  const variantIds: string[] = [];
  for (const product of selection) {
    const picked = product.variants.map((variant) => variant.id).filter((id): id is string => typeof id === "string");
    const whole =
      product.hasOnlyDefaultVariant === true ||
      picked.length === 0 ||
      (product.totalVariants !== undefined && picked.length >= product.totalVariants);
    if (whole) productIds.push(product.id);
    else variantIds.push(...picked);
  }
  return { productIds, variantIds };
}

// ---------------------------------------------------------------------------
// The plain picker's checkboxes
// ---------------------------------------------------------------------------

export type CheckState = boolean | "indeterminate";

export function productCheckState(assignment: ProductAssignment, product: ProductSearchResult): CheckState {
  if (assignment.productIds.includes(product.id)) return true;
  return product.variants.some((variant) => assignment.variantIds.includes(variant.id)) ? "indeterminate" : false;
}

export function variantChecked(
  assignment: ProductAssignment,
  product: ProductSearchResult,
  variantId: string,
): boolean {
  return assignment.productIds.includes(product.id) || assignment.variantIds.includes(variantId);
}

const without = (ids: readonly string[], remove: readonly string[]) => ids.filter((id) => !remove.includes(id));

/** Checking a product assigns it whole (dropping its single variants); unchecking removes all of it. */
export function toggleProduct(
  assignment: ProductAssignment,
  product: ProductSearchResult,
  checked: boolean,
): ProductAssignment {
  const variantIds = without(
    assignment.variantIds,
    product.variants.map((variant) => variant.id),
  );
  const productIds = without(assignment.productIds, [product.id]);
  return checked ? { productIds: [...productIds, product.id], variantIds } : { productIds, variantIds };
}

/**
 * Unchecking one variant of a whole product keeps the others as single variants; checking the last missing
 * variant turns them back into the whole product.
 */
export function toggleVariant(
  assignment: ProductAssignment,
  product: ProductSearchResult,
  variantId: string,
  checked: boolean,
): ProductAssignment {
  const allIds = product.variants.map((variant) => variant.id);
  const selected = new Set(allIds.filter((id) => variantChecked(assignment, product, id)));
  if (checked) selected.add(variantId);
  else selected.delete(variantId);
  const cleared = toggleProduct(assignment, product, false);
  if (selected.size === allIds.length && allIds.length > 0) return toggleProduct(cleared, product, true);
  return {
    productIds: cleared.productIds,
    variantIds: [...cleared.variantIds, ...allIds.filter((id) => selected.has(id))],
  };
}

export function sameAssignment(a: ProductAssignment, b: ProductAssignment): boolean {
  const key = (x: ProductAssignment) => JSON.stringify([[...x.productIds].sort(), [...x.variantIds].sort()]);
  return key(a) === key(b);
}

/**
 * A variant's stock as the picker words it. Shopify counts units sold past zero (pre-orders, "continue selling")
 * as negative stock; "-1 in stock" says nothing true, so they are shown as oversold. Null: Shopify does not track
 * the variant's inventory.
 */
export function stockText(quantity: number | null): string {
  if (quantity === null) return "Inventory not tracked";
  if (quantity > 0) return `${quantity} in stock`;
  if (quantity === 0) return "Out of stock";
  return `Out of stock (${-quantity} oversold)`;
}
