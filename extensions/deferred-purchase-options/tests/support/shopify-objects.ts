// Shopify-shaped Liquid objects (product, variant, selling_plan_group, selling_plan_allocation) derived from Offers the way Shopify derives them.
import { parseStoredOffer, type Offer, type OfferInput, type OfferPlan } from "../../../../app/domain/offer";
import { storefrontPayload, type StorefrontPayload } from "../../../../app/domain/offer-wording";
import { APP_ID } from "../../../../app/domain/selling-plan-input";

/** Liquid money is always in hundredths of the currency unit ("10.00" -> 1000, JPY "1000" -> 100000). */
export function liquidSubunits(decimal: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!match) throw new Error(`not a Liquid-representable amount: ${decimal}`);
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function offerFrom(input: OfferInput): Offer {
  const parsed = parseStoredOffer(input);
  if (!parsed.ok) throw new Error(`fixture offer is invalid: ${JSON.stringify(parsed.fieldErrors)}`);
  return parsed.offer;
}

export interface VariantSpec {
  id: number;
  title: string;
  /** Price in Liquid subunits. */
  price: number;
  compareAtPrice?: number | null;
  /** Omit for untracked inventory. */
  inventoryQuantity?: number;
  inventoryPolicy?: "continue" | "deny";
}

export interface OfferOnProduct {
  offer: Offer;
  /** Liquid's selling_plan_group.id is an opaque string, unrelated to the Admin API's numeric ID. */
  groupId: string;
  /** Numeric selling plan ID per plan key, as Liquid's `selling_plan.id` and the Admin API's gid share it. */
  planIds: Record<string, number>;
  /** Which variants the group is attached to; all by default. */
  variantIds?: number[];
  /** Another app's group: `app_id` is not ours. */
  appId?: string | null;
  /** Units left under the pre-sale cap, as the app writes it beside the payload. */
  presaleRemaining?: number | null;
}

export interface ProductSpec {
  id: number;
  handle: string;
  title: string;
  variants: VariantSpec[];
  offers: OfferOnProduct[];
  requiresSellingPlan?: boolean;
  /** The `variant` URL parameter. */
  selectedVariantId?: number;
  /** The `selling_plan` URL parameter. */
  selectedSellingPlanId?: number;
}

interface LiquidPriceAdjustment {
  order_count: number | null;
  position: number;
  value_type: "percentage" | "fixed_amount" | "price";
  value: number;
}

function priceAdjustmentsOf(plan: OfferPlan): LiquidPriceAdjustment[] {
  const adjustment = plan.priceAdjustment;
  if (adjustment === null) return [];
  switch (adjustment.type) {
    case "PERCENTAGE_OFF":
      return [{ order_count: null, position: 1, value_type: "percentage", value: adjustment.percentage }];
    case "AMOUNT_OFF":
      return [{ order_count: null, position: 1, value_type: "fixed_amount", value: liquidSubunits(adjustment.amount) }];
    case "FIXED_PRICE":
      return [{ order_count: null, position: 1, value_type: "price", value: liquidSubunits(adjustment.price) }];
  }
}

function checkoutChargeOf(plan: OfferPlan): { value_type: "percentage" | "price"; value: number } {
  switch (plan.deposit.type) {
    case "NONE":
      return { value_type: "percentage", value: 0 };
    case "PERCENTAGE":
      return { value_type: "percentage", value: plan.deposit.percentage };
    case "FIXED_AMOUNT":
      return { value_type: "price", value: liquidSubunits(plan.deposit.amount) };
    case "FULL":
      return { value_type: "percentage", value: 100 };
  }
}

function sellingPlanOf(offer: Offer, plan: OfferPlan, id: number, groupId: string) {
  return {
    id,
    name: plan.name,
    description: plan.description,
    group_id: groupId,
    recurring_deliveries: false,
    selected: false,
    options: plan.optionValues.map((value, index) => ({
      name: offer.optionLabels[index] ?? "",
      position: index + 1,
      value,
    })),
    price_adjustments: priceAdjustmentsOf(plan),
    checkout_charge: checkoutChargeOf(plan),
  };
}
type LiquidSellingPlan = ReturnType<typeof sellingPlanOf>;

/** What Shopify computes per variant: adjusted price, then the checkout charge and the remaining balance. */
function allocationOf(variant: VariantSpec, plan: LiquidSellingPlan, groupId: string) {
  let price = variant.price;
  const adjustment = plan.price_adjustments[0];
  if (adjustment?.value_type === "percentage") price = Math.round((variant.price * (100 - adjustment.value)) / 100);
  if (adjustment?.value_type === "fixed_amount") price = Math.max(0, variant.price - adjustment.value);
  if (adjustment?.value_type === "price") price = adjustment.value;
  const charge = plan.checkout_charge;
  const checkout =
    charge.value_type === "percentage" ? Math.round((price * charge.value) / 100) : Math.min(charge.value, price);
  return {
    price,
    compare_at_price: variant.price,
    per_delivery_price: price,
    unit_price: null,
    price_adjustments: adjustment ? [{ position: 1, price }] : [],
    selling_plan: plan,
    selling_plan_group_id: groupId,
    checkout_charge_amount: checkout,
    remaining_balance_charge_amount: price - checkout,
  };
}

function isAvailable(variant: VariantSpec): boolean {
  return (
    variant.inventoryQuantity === undefined || variant.inventoryPolicy === "continue" || variant.inventoryQuantity > 0
  );
}

/**
 * A Liquid `product` as a product page sees it. Its `$app:purchase_options.offers` metafield holds the app's payload
 * for the offers on it (README, "Metafield contract"), unless `offersMetafield` is null (not written yet).
 */
export function liquidProduct(
  spec: ProductSpec,
  offersMetafield: StorefrontPayload[] | null = offersMetafieldFor(spec.offers),
) {
  const groups = spec.offers.map((entry) => ({
    id: entry.groupId,
    name: entry.offer.name,
    app_id: entry.appId === undefined ? APP_ID : entry.appId,
    options: entry.offer.optionLabels.map((name, index) => ({
      name,
      position: index + 1,
      values: [...new Set(entry.offer.plans.map((plan) => plan.optionValues[index] ?? ""))],
      selected_value: null,
    })),
    selling_plan_selected: false,
    selling_plans: entry.offer.plans.map((plan) => {
      const id = entry.planIds[plan.key];
      if (id === undefined) throw new Error(`no selling plan id for plan "${plan.key}"`);
      return sellingPlanOf(entry.offer, plan, id, entry.groupId);
    }),
  }));
  const requires = spec.requiresSellingPlan ?? false;
  const variants = spec.variants.map((variant) => ({
    id: variant.id,
    title: variant.title,
    available: isAvailable(variant),
    price: variant.price,
    compare_at_price: variant.compareAtPrice ?? null,
    inventory_management: variant.inventoryQuantity === undefined ? null : "shopify",
    inventory_policy: variant.inventoryPolicy ?? "deny",
    inventory_quantity: variant.inventoryQuantity ?? 0,
    requires_selling_plan: requires,
    selling_plan_allocations: groups.flatMap((group, index) => {
      const attachedTo = spec.offers[index]?.variantIds;
      if (attachedTo && !attachedTo.includes(variant.id)) return [];
      return group.selling_plans.map((plan) => allocationOf(variant, plan, group.id));
    }),
  }));
  const selected = variants.find((variant) => variant.id === spec.selectedVariantId);
  const allPlans = groups.flatMap((group) => group.selling_plans);
  return {
    id: spec.id,
    handle: spec.handle,
    title: spec.title,
    object_type: "product",
    available: variants.some((variant) => variant.available),
    price: Math.min(...variants.map((variant) => variant.price)),
    requires_selling_plan: requires,
    has_only_default_variant: variants.length === 1,
    selling_plan_groups: groups,
    variants,
    selected_or_first_available_variant: selected ?? variants.find((variant) => variant.available) ?? variants[0],
    selected_selling_plan: allPlans.find((plan) => plan.id === spec.selectedSellingPlanId) ?? null,
    metafields: {
      "$app:purchase_options": offersMetafield === null ? {} : { offers: { type: "json", value: offersMetafield } },
    },
  };
}
export type LiquidProduct = ReturnType<typeof liquidProduct>;

const ours = (entry: OfferOnProduct) => entry.appId === undefined || entry.appId === APP_ID;

/** The product metafield `$app:purchase_options.offers`: the app's own storefrontPayload for each offer on the product. */
export function offersMetafieldFor(entries: OfferOnProduct[]): StorefrontPayload[] {
  return entries.filter(ours).map((entry) => {
    const gids = Object.fromEntries(
      Object.entries(entry.planIds).map(([key, id]) => [key, `gid://shopify/SellingPlan/${id}`]),
    );
    return storefrontPayload(entry.offer, gids);
  });
}

/** The app-data metafield `purchase_options.presale_remaining`: units left under each capped offer, per selling plan ID. */
export function presaleRemainingFor(entries: OfferOnProduct[]): Record<string, number> {
  const remaining: Record<string, number> = {};
  for (const entry of entries.filter(ours)) {
    if (entry.presaleRemaining === undefined || entry.presaleRemaining === null) continue;
    for (const id of Object.values(entry.planIds)) remaining[String(id)] = entry.presaleRemaining;
  }
  return remaining;
}
