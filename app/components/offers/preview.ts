// What a customer will see for each purchase option, computed from the form with the domain's own wording as the merchant types.
import { parseStoredOffer, type OfferInput } from "../../domain/offer";
import {
  buttonLabel,
  planSummary,
  priceAdjustmentWording,
  renderWording,
  shipDateText,
  type RenderOptions,
} from "../../domain/offer-wording";

export type PlanPreview =
  | {
      ready: true;
      key: string;
      name: string;
      description: string | null;
      optionValues: string[];
      summary: string;
      button: string;
      shipping: string;
      priceAdjustment: string | null;
    }
  | {
      ready: false;
      key: string;
      /** The first thing to fix before this option can be previewed, in the schema's words. */
      reason: string;
    };

export interface OfferPreview {
  name: string;
  optionLabels: string[];
  presaleLimit: string | null;
  plans: PlanPreview[];
}

/** Stand-ins for offer-level fields, so one unfinished offer field does not blank every option's preview. */
const PREVIEW_SHELL = {
  name: "Preview",
  merchantCode: "Preview",
  description: null,
  retryPolicy: { maxAttempts: 1, interval: { value: 1, unit: "DAYS" }, finalAction: "LEAVE_UNPAID_AND_NOTIFY" },
  stockRules: { presaleLimit: null, onlyWhenOutOfStock: false },
} as const;

/**
 * Previews each plan on its own (validated without "dates in the future", which the merchant learns on save),
 * so the customer's sentence appears as soon as that option is complete.
 */
export function previewOffer(input: OfferInput, options: RenderOptions): OfferPreview {
  const plans = input.plans.map((plan): PlanPreview => {
    const optionValues = Array.isArray(plan.optionValues) ? plan.optionValues : [];
    const single = {
      ...PREVIEW_SHELL,
      kind: input.kind,
      currencyCode: input.currencyCode,
      optionLabels: optionValues.map((_, index) => `Option ${index + 1}`),
      plans: [plan],
    };
    const result = parseStoredOffer(single);
    if (!result.ok) {
      const [first] = Object.values(result.fieldErrors);
      return { ready: false, key: plan.key, reason: first ?? "This option is not complete yet." };
    }
    const offer = result.offer;
    const parsed = offer.plans[0]!;
    const adjustment = priceAdjustmentWording(offer, parsed);
    return {
      ready: true,
      key: parsed.key,
      name: parsed.name,
      description: parsed.description,
      optionValues: parsed.optionValues,
      summary: planSummary(offer, parsed, options),
      button: buttonLabel(offer, parsed, options),
      shipping: shipDateText(parsed, options),
      priceAdjustment: adjustment === null ? null : renderWording(adjustment, options),
    };
  });

  const limit = /^\s*\d+\s*$/.test(String(input.stockRules.presaleLimit ?? ""))
    ? Number(input.stockRules.presaleLimit)
    : null;
  return {
    name: input.name.trim(),
    optionLabels: input.optionLabels.map((label) => label.trim()),
    presaleLimit:
      limit !== null && limit >= 1 ? renderWording({ key: "presale_limit", params: { count: limit } }, options) : null,
    plans,
  };
}
