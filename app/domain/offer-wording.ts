// Customer- and merchant-facing wording derived from an offer: keyed messages, their rendering per locale, and the storefront metafield document.
import { APP_ID } from "./selling-plan-input";
import { formatMoney, parseMoney } from "./money";
import { dateTimeFormat, numberFormat, pluralRules } from "./intl-format";
import {
  balanceOf,
  fulfillmentOf,
  parseStoredOffer,
  type Deposit,
  type Offer,
  type OfferKind,
  type OfferPlan,
} from "./offer";

/**
 * Parameters of a message. Money stays a decimal string with its currency, dates stay ISO
 * instants, so each consumer formats them its own way (Intl here, Liquid filters in the theme).
 */
export interface WordingParams {
  percent?: number;
  amount?: { amount: string; currency: string };
  date?: string;
  /** Days, or units for the pre-sale limit. Named `count` because Liquid's `t` filter pluralises on it. */
  count?: number;
}

/** A message to show: its key in the catalogs (app and theme locales share the keys) and its parameters. */
export interface Wording {
  key: WordingKey;
  params: WordingParams;
}

type Template = string | { one: string; other: string };
type Catalog = Record<WordingKey, Template>;

export const WORDING_KEYS = [
  "pay_in_full_now",
  "pay_nothing_now_rest_on_date",
  "pay_nothing_now_rest_after_days",
  "pay_nothing_now_rest_on_fulfillment",
  "pay_percent_now_rest_on_date",
  "pay_percent_now_rest_after_days",
  "pay_percent_now_rest_on_fulfillment",
  "pay_amount_now_rest_on_date",
  "pay_amount_now_rest_after_days",
  "pay_amount_now_rest_on_fulfillment",
  "trial_pay_nothing_now",
  "trial_pay_percent_now",
  "trial_pay_amount_now",
  "button_pre_order",
  "button_try_free",
  "button_try",
  "ships_by_date",
  "ships_asap",
  "ships_when_available",
  "save_percent",
  "save_amount",
  "offer_price",
  "presale_limit",
] as const;
export type WordingKey = (typeof WORDING_KEYS)[number];

/** English wording; the theme's en.default.json is generated from the same keys and texts. */
export const WORDING_EN: Catalog = {
  pay_in_full_now: "Pay in full now",
  pay_nothing_now_rest_on_date: "Pay nothing now, the full amount on {date}",
  pay_nothing_now_rest_after_days: {
    one: "Pay nothing now, the full amount {count} day after checkout",
    other: "Pay nothing now, the full amount {count} days after checkout",
  },
  pay_nothing_now_rest_on_fulfillment: "Pay nothing now, the full amount when it ships",
  pay_percent_now_rest_on_date: "Pay {percent} now, the rest on {date}",
  pay_percent_now_rest_after_days: {
    one: "Pay {percent} now, the rest {count} day after checkout",
    other: "Pay {percent} now, the rest {count} days after checkout",
  },
  pay_percent_now_rest_on_fulfillment: "Pay {percent} now, the rest when it ships",
  pay_amount_now_rest_on_date: "Pay {amount} now, the rest on {date}",
  pay_amount_now_rest_after_days: {
    one: "Pay {amount} now, the rest {count} day after checkout",
    other: "Pay {amount} now, the rest {count} days after checkout",
  },
  pay_amount_now_rest_on_fulfillment: "Pay {amount} now, the rest when it ships",
  trial_pay_nothing_now: {
    one: "Pay nothing now, charged {count} day after checkout if you keep it",
    other: "Pay nothing now, charged {count} days after checkout if you keep it",
  },
  trial_pay_percent_now: {
    one: "Pay {percent} now, the rest {count} day after checkout if you keep it",
    other: "Pay {percent} now, the rest {count} days after checkout if you keep it",
  },
  trial_pay_amount_now: {
    one: "Pay {amount} now, the rest {count} day after checkout if you keep it",
    other: "Pay {amount} now, the rest {count} days after checkout if you keep it",
  },
  button_pre_order: "Pre-order",
  button_try_free: { one: "Try free for {count} day", other: "Try free for {count} days" },
  button_try: { one: "Try for {count} day", other: "Try for {count} days" },
  ships_by_date: "Ships by {date}",
  ships_asap: "Ships as soon as possible",
  ships_when_available: "Ships when available",
  save_percent: "Save {percent}",
  save_amount: "Save {amount}",
  offer_price: "Offer price {amount}",
  presale_limit: { one: "Limited to {count} pre-order", other: "Limited to {count} pre-orders" },
};

export const WORDING_FR: Catalog = {
  pay_in_full_now: "Payez la totalité maintenant",
  pay_nothing_now_rest_on_date: "Rien à payer maintenant, le montant total le {date}",
  pay_nothing_now_rest_after_days: {
    one: "Rien à payer maintenant, le montant total {count} jour après la commande",
    other: "Rien à payer maintenant, le montant total {count} jours après la commande",
  },
  pay_nothing_now_rest_on_fulfillment: "Rien à payer maintenant, le montant total à l’expédition",
  pay_percent_now_rest_on_date: "Payez {percent} maintenant, le reste le {date}",
  pay_percent_now_rest_after_days: {
    one: "Payez {percent} maintenant, le reste {count} jour après la commande",
    other: "Payez {percent} maintenant, le reste {count} jours après la commande",
  },
  pay_percent_now_rest_on_fulfillment: "Payez {percent} maintenant, le reste à l’expédition",
  pay_amount_now_rest_on_date: "Payez {amount} maintenant, le reste le {date}",
  pay_amount_now_rest_after_days: {
    one: "Payez {amount} maintenant, le reste {count} jour après la commande",
    other: "Payez {amount} maintenant, le reste {count} jours après la commande",
  },
  pay_amount_now_rest_on_fulfillment: "Payez {amount} maintenant, le reste à l’expédition",
  trial_pay_nothing_now: {
    one: "Rien à payer maintenant, débité {count} jour après la commande si vous le gardez",
    other: "Rien à payer maintenant, débité {count} jours après la commande si vous le gardez",
  },
  trial_pay_percent_now: {
    one: "Payez {percent} maintenant, le reste {count} jour après la commande si vous le gardez",
    other: "Payez {percent} maintenant, le reste {count} jours après la commande si vous le gardez",
  },
  trial_pay_amount_now: {
    one: "Payez {amount} maintenant, le reste {count} jour après la commande si vous le gardez",
    other: "Payez {amount} maintenant, le reste {count} jours après la commande si vous le gardez",
  },
  button_pre_order: "Précommander",
  button_try_free: { one: "Essai gratuit de {count} jour", other: "Essai gratuit de {count} jours" },
  button_try: { one: "Essayer pendant {count} jour", other: "Essayer pendant {count} jours" },
  ships_by_date: "Expédié d’ici le {date}",
  ships_asap: "Expédié dès que possible",
  ships_when_available: "Expédié dès qu’il est disponible",
  save_percent: "Économisez {percent}",
  save_amount: "Économisez {amount}",
  offer_price: "Prix de l’offre {amount}",
  presale_limit: { one: "Limité à {count} précommande", other: "Limité à {count} précommandes" },
};

const CATALOGS: Record<string, Catalog> = { en: WORDING_EN, fr: WORDING_FR };

function catalogFor(locale: string): Catalog {
  const language = locale.toLowerCase().split("-")[0] ?? "en";
  return CATALOGS[language] ?? WORDING_EN;
}

// ---------------------------------------------------------------------------
// Deriving messages from an offer
// ---------------------------------------------------------------------------

/** "Pay 20% now, the rest on 1 March 2027" as a key and parameters. */
export function planSummaryWording(offer: Offer, plan: OfferPlan): Wording {
  const { deposit } = plan;
  const balance = balanceOf(plan);
  if (deposit.type === "FULL" || balance === null) return { key: "pay_in_full_now", params: {} };
  const now: WordingParams =
    deposit.type === "PERCENTAGE"
      ? { percent: deposit.percentage }
      : deposit.type === "FIXED_AMOUNT"
        ? { amount: { amount: deposit.amount, currency: offer.currencyCode } }
        : {};
  const payNow = deposit.type === "PERCENTAGE" ? "percent" : deposit.type === "FIXED_AMOUNT" ? "amount" : "nothing";

  if ("trialDays" in plan) {
    return { key: `trial_pay_${payNow}_now`, params: { ...now, count: plan.trialDays } };
  }
  switch (balance.trigger) {
    case "EXACT_DATE":
      return { key: `pay_${payNow}_now_rest_on_date`, params: { ...now, date: balance.chargeAt } };
    case "DAYS_AFTER_CHECKOUT":
      return { key: `pay_${payNow}_now_rest_after_days`, params: { ...now, count: balance.days } };
    case "ON_FULFILLMENT":
      return { key: `pay_${payNow}_now_rest_on_fulfillment`, params: now };
  }
}

/** The add-to-cart button while this purchase option is selected. */
export function buttonWording(kind: OfferKind, plan: OfferPlan): Wording {
  if (kind === "PRE_ORDER" || !("trialDays" in plan)) return { key: "button_pre_order", params: {} };
  return { key: plan.deposit.type === "NONE" ? "button_try_free" : "button_try", params: { count: plan.trialDays } };
}

// ---------------------------------------------------------------------------
// Generated option names
// ---------------------------------------------------------------------------

/** What decides a purchase option's generated name: a trial's length and whether it is free. */
export interface GeneratedNameSource {
  trialDays: number | null;
  depositType: Deposit["type"];
}

const GENERATED_NAME_OPTIONS: RenderOptions = { locale: "en", timeZone: "UTC" };

/**
 * The option name and value the app gives a purchase option until the merchant writes their own: the words of
 * its button ("Try free for 14 days", "Try for 21 days", "Pre-order"), in English as the defaults are.
 */
export function generatedPlanName(kind: OfferKind, source: GeneratedNameSource): string {
  const wording: Wording =
    kind === "PRE_ORDER" || source.trialDays === null
      ? { key: "button_pre_order", params: {} }
      : { key: source.depositType === "NONE" ? "button_try_free" : "button_try", params: { count: source.trialDays } };
  return renderWording(wording, GENERATED_NAME_OPTIONS);
}

const GENERATED_NAME_PATTERNS: Record<OfferKind, RegExp[]> = {
  PRE_ORDER: [templatePattern(WORDING_EN.button_pre_order as string)],
  TRY_BEFORE_YOU_BUY: (["button_try_free", "button_try"] as const).flatMap((key) => {
    const template = WORDING_EN[key];
    return typeof template === "string"
      ? [templatePattern(template)]
      : [template.one, template.other].map(templatePattern);
  }),
};

function templatePattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\\{count\\}", "\\d{1,3}(?:,\\d{3})*");
  return new RegExp(`^${escaped}$`);
}

/** Whether `name` is a name the app generates for some purchase option of this kind, whatever its length. */
export function isGeneratedPlanName(kind: OfferKind, name: string): boolean {
  return GENERATED_NAME_PATTERNS[kind].some((pattern) => pattern.test(name));
}

function nameSource(plan: OfferPlan): GeneratedNameSource {
  return { trialDays: "trialDays" in plan ? plan.trialDays : null, depositType: plan.deposit.type };
}

/**
 * After an edit: each purchase option whose name or option value was left as the app generated it (and was not
 * changed in this edit) is named again from its new settings, so a trial made 21 days long stops being called
 * "Try free for 14 days". A name the merchant wrote is kept. If renaming would give two options the same values,
 * nothing is renamed (the offer stays as submitted).
 */
export function followGeneratedNames(before: Offer, after: Offer): Offer {
  if (before.kind !== after.kind) return after;
  const previous = new Map(before.plans.map((plan) => [plan.key, plan] as const));
  const follow = (was: string | undefined, now: string, generated: string) =>
    was === now && isGeneratedPlanName(after.kind, now) ? generated : now;
  let renamed = false;
  const plans = after.plans.map((plan) => {
    const old = previous.get(plan.key);
    if (!old) return plan;
    const generated = generatedPlanName(after.kind, nameSource(plan));
    const name = follow(old.name, plan.name, generated);
    const optionValues = plan.optionValues.map((value, index) => follow(old.optionValues[index], value, generated));
    if (name === plan.name && optionValues.every((value, index) => value === plan.optionValues[index])) return plan;
    renamed = true;
    return { ...plan, name, optionValues };
  });
  if (!renamed) return after;
  const checked = parseStoredOffer({ ...after, plans });
  return checked.ok ? checked.offer : after;
}

/** "Ships by 1 March 2027" / "Ships when available". */
export function shipDateWording(plan: OfferPlan): Wording {
  const fulfillment = fulfillmentOf(plan);
  switch (fulfillment.trigger) {
    case "EXACT_DATE":
      return { key: "ships_by_date", params: { date: fulfillment.shipsAt } };
    case "ASAP":
      return { key: "ships_asap", params: {} };
    case "UNKNOWN":
      return { key: "ships_when_available", params: {} };
  }
}

/** "Save 10%" / "Save $5.00" / "Offer price $40.00", or null without a price adjustment. */
export function priceAdjustmentWording(offer: Offer, plan: OfferPlan): Wording | null {
  const adjustment = plan.priceAdjustment;
  if (adjustment === null) return null;
  switch (adjustment.type) {
    case "PERCENTAGE_OFF":
      return { key: "save_percent", params: { percent: adjustment.percentage } };
    case "AMOUNT_OFF":
      return { key: "save_amount", params: { amount: { amount: adjustment.amount, currency: offer.currencyCode } } };
    case "FIXED_PRICE":
      return { key: "offer_price", params: { amount: { amount: adjustment.price, currency: offer.currencyCode } } };
  }
}

export function presaleLimitWording(offer: Offer): Wording | null {
  const limit = offer.stockRules.presaleLimit;
  return limit === null ? null : { key: "presale_limit", params: { count: limit } };
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

export interface RenderOptions {
  /** BCP 47 locale of the reader, e.g. "en-GB", "fr-FR". */
  locale: string;
  /** IANA zone the dates are shown in: the shop's time zone. */
  timeZone: string;
}

function formatPercent(percent: number, locale: string): string {
  // The percentage goes to Intl as exact decimal text ("12.5e-2"), not as the float 0.125.
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(
    `${String(percent)}e-2` as Intl.StringNumericLiteral,
  );
}

function formatDate(iso: string, options: RenderOptions): string {
  return dateTimeFormat(options.locale, { dateStyle: "long", timeZone: options.timeZone }).format(new Date(iso));
}

export function renderWording(wording: Wording, options: RenderOptions): string {
  const template = catalogFor(options.locale)[wording.key];
  const { params } = wording;
  const text =
    typeof template === "string"
      ? template
      : pluralRules(options.locale, {}).select(params.count ?? 0) === "one"
        ? template.one
        : template.other;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    switch (name) {
      case "percent":
        return params.percent === undefined ? placeholder : formatPercent(params.percent, options.locale);
      case "amount":
        return params.amount === undefined
          ? placeholder
          : formatMoney(parseMoney(params.amount.amount, params.amount.currency), options.locale);
      case "date":
        return params.date === undefined ? placeholder : formatDate(params.date, options);
      case "count":
        return params.count === undefined ? placeholder : numberFormat(options.locale, {}).format(params.count);
      default:
        return placeholder;
    }
  });
}

export const planSummary = (offer: Offer, plan: OfferPlan, options: RenderOptions): string =>
  renderWording(planSummaryWording(offer, plan), options);

export const buttonLabel = (offer: Offer, plan: OfferPlan, options: RenderOptions): string =>
  renderWording(buttonWording(offer.kind, plan), options);

export const shipDateText = (plan: OfferPlan, options: RenderOptions): string =>
  renderWording(shipDateWording(plan), options);

/** One line per purchase option, for the offers index ("Pay 20% now, the rest on 1 March 2027"). */
export function offerSummary(offer: Offer, options: RenderOptions): string[] {
  return offer.plans.map((plan) => planSummary(offer, plan, options));
}

// ---------------------------------------------------------------------------
// Storefront metafield document
// ---------------------------------------------------------------------------

export const STOREFRONT_PAYLOAD_VERSION = 1;

export interface StorefrontPlanPayload {
  key: string;
  /** Numeric id as Liquid's `selling_plan.id` shows it; null until Shopify has created the plan. */
  sellingPlanId: number | null;
  optionValues: string[];
  summary: Wording;
  button: Wording;
  shipping: Wording;
  priceAdjustment: Wording | null;
}

export interface StorefrontPayload {
  version: typeof STOREFRONT_PAYLOAD_VERSION;
  appId: typeof APP_ID;
  kind: OfferKind;
  presaleLimit: Wording | null;
  onlyWhenOutOfStock: boolean;
  plans: StorefrontPlanPayload[];
}

function numericId(gid: string | undefined): number | null {
  const digits = gid === undefined ? undefined : /(\d+)$/.exec(gid)?.[1];
  if (digits === undefined) return null;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * The JSON the app writes to its app-owned metafield so the theme app extension can render the
 * offer with Liquid alone: message keys and raw parameters, never pre-formatted money or dates.
 * Shape documented in docs/decisions/0004-offer-model.md.
 */
export function storefrontPayload(
  offer: Offer,
  sellingPlanIds: Readonly<Record<string, string>> = {},
): StorefrontPayload {
  return {
    version: STOREFRONT_PAYLOAD_VERSION,
    appId: APP_ID,
    kind: offer.kind,
    presaleLimit: presaleLimitWording(offer),
    onlyWhenOutOfStock: offer.stockRules.onlyWhenOutOfStock,
    plans: offer.plans.map((plan) => ({
      key: plan.key,
      sellingPlanId: numericId(sellingPlanIds[plan.key]),
      optionValues: [...plan.optionValues],
      summary: planSummaryWording(offer, plan),
      button: buttonWording(offer.kind, plan),
      shipping: shipDateWording(plan),
      priceAdjustment: priceAdjustmentWording(offer, plan),
    })),
  };
}
