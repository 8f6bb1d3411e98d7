// App Bridge calls the offers pages use, each with a way out when the admin (or the local simulator) cannot serve it.
import type { PickedProduct } from "./product-selection";

/** The `shopify` global in the browser, or undefined (server render, or App Bridge not loaded). */
function bridge(): typeof shopify | undefined {
  return typeof window === "undefined" ? undefined : (window as { shopify?: typeof shopify }).shopify;
}

/** Shows an admin toast; false when there is no App Bridge to show it, so the caller can show the message itself. */
export function showToast(message: string, options: { isError?: boolean } = {}): boolean {
  const toast = bridge()?.toast;
  if (!toast) return false;
  toast.show(message, { isError: options.isError ?? false });
  return true;
}

export type ResourcePickerOutcome =
  | { kind: "picked"; selection: PickedProduct[] }
  | { kind: "cancelled" }
  /** No admin picker here (the local simulator's stand-in rejects, an old admin lacks it): use the app's own. */
  | { kind: "unavailable"; reason: string };

/** Opens Shopify's product picker with the current assignment preselected. */
export async function pickProducts(
  selectionIds: Array<{ id: string; variants?: Array<{ id: string }> }>,
): Promise<ResourcePickerOutcome> {
  const resourcePicker = bridge()?.resourcePicker;
  if (typeof resourcePicker !== "function") return { kind: "unavailable", reason: "App Bridge has no resource picker" };
  try {
    const selected = await resourcePicker({ type: "product", action: "select", multiple: true, selectionIds });
    if (!selected) return { kind: "cancelled" };
    return {
      kind: "picked",
      selection: selected.map((product) => ({
        id: product.id,
        totalVariants: product.totalVariants,
        hasOnlyDefaultVariant: product.hasOnlyDefaultVariant,
        variants: product.variants.map((variant) => ({ id: variant.id })),
      })),
    };
  } catch (error) {
    return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
  }
}
