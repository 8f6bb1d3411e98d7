// The shapes the offers use cases answer with, shared by routes and components (pure types, no server code).
import type { AvailabilityState } from "./offer-availability";
import type { FieldErrors, OfferInput, OfferKind } from "./offer";

/** Where an offer stands against Shopify. */
export type OfferStatus =
  /** Mirrors a live selling plan group. */
  | "ACTIVE"
  /** The group was deleted in Shopify (or by another tool); the app's backup can recreate it. */
  | "DELETED_IN_SHOPIFY"
  /** The group changed in Shopify in a way the offer model cannot express; shown, not edited. */
  | "UNREADABLE";

/** An offer's pre-sale cap: units sold so far (cancelled orders excluded) and whether the cap closed it. */
export interface PresaleState {
  limit: number;
  sold: number;
  /** ISO time the cap was reached and the offer detached from its products; null while open. */
  closedAt: string | null;
}

export interface OfferListItem {
  id: string;
  kind: OfferKind;
  name: string;
  status: OfferStatus;
  productCount: number;
  variantCount: number;
  /** One rendered line per purchase option, e.g. "Pay 20% now, the rest on 1 March 2027". */
  summaries: string[];
  /** Null when the offer has no pre-sale cap. */
  presale: PresaleState | null;
  /** Paused, or its sales window: whether customers can buy with it now (app/domain/offer-availability.ts). */
  availability: {
    state: AvailabilityState;
    pausedAt: string | null;
    salesStartsAt: string | null;
    salesEndsAt: string | null;
  };
  updatedAt: string;
}

export interface AssignedProduct {
  id: string;
  title: string;
  /** Variants assigned on their own (not through their product). */
  variantIds: string[];
  /** True when the whole product is assigned. */
  wholeProduct: boolean;
}

export interface OfferDetail extends OfferListItem {
  /** The offer as the form edits it. */
  input: OfferInput;
  sellingPlanGroupId: string | null;
  /** What Shopify currently has assigned (with "only while out of stock", a subset of the selection). */
  products: AssignedProduct[];
  /** What the merchant chose: the picker's starting point. */
  selection: { productIds: string[]; variantIds: string[] };
  /** What the app could not read back from Shopify, for UNREADABLE offers. */
  problems: string[];
}

export interface ProductSearchResult {
  id: string;
  title: string;
  variants: Array<{ id: string; title: string; inventoryQuantity: number | null }>;
}

export type OfferMutationResult =
  | {
      ok: true;
      id: string;
      /** Worth the merchant's attention though saved (e.g. a chosen product already on another pre-order group). */
      warnings?: string[];
    }
  | {
      ok: false;
      /** Field path ("plans.0.deposit.percentage") -> message; "" for messages about the whole offer. */
      fieldErrors: FieldErrors;
    };

/** What the app read from Shopify about an offer's chosen products and variants (titles and current stock). */
export interface CatalogVariant {
  id: string;
  title: string;
  /** Sellable quantity; null when Shopify does not track the variant's inventory. */
  inventoryQuantity: number | null;
}

export interface CatalogProduct {
  id: string;
  title: string;
  /** Every variant for a product chosen whole; the chosen ones (at least) for single variants. */
  variants: CatalogVariant[];
}
