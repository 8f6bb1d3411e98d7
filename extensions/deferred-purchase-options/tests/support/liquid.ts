// Renders the extension's blocks with liquidjs plus faithful stand-ins for Shopify-only tags, filters and objects.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, TypeGuards, type FilterImplOptions, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type StorefrontLocale = "en" | "fr" | "de";
export type BlockName = "purchase-options" | "badges";

export interface ShopSettings {
  locale?: StorefrontLocale;
  /** The shop's money format, as in Settings > General ("${{amount}}", "{{amount_with_comma_separator}} €"). */
  moneyFormat?: string;
  /** The shop's IANA time zone: Shopify's `date` filter shows dates in it. */
  timeZone?: string;
}

/** Everything a block can see besides `block` itself. */
export interface BlockContext {
  product?: unknown;
  collection?: unknown;
  search?: unknown;
  request?: { page_type: string };
  section?: { id: string };
  /** The value of the app-data metafield `purchase_options.presale_remaining` (absent = not written). */
  presaleRemaining?: Record<string, number>;
  settings?: Record<string, unknown>;
  blockId?: string;
}

type Translations = { [key: string]: string | Translations };

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function storefrontTranslations(locale: StorefrontLocale): Translations {
  return readJson<Translations>(
    join(EXTENSION_ROOT, "locales", locale === "en" ? "en.default.json" : `${locale}.json`),
  );
}

function lookup(translations: Translations, key: string): string | Translations | undefined {
  let node: string | Translations | undefined = translations;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/** Liquid passes `name: value` filter arguments as [name, value] pairs. */
function namedArguments(args: unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const arg of args) {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") named[arg[0]] = arg[1];
  }
  return named;
}

/** Shopify's money formats: the amount in the currency's subunit (always hundredths), grouped as the placeholder says. */
export function formatShopMoney(subunits: number, format: string): string {
  if (!Number.isInteger(subunits)) throw new Error(`money expects whole subunits, got ${subunits}`);
  const negative = subunits < 0;
  const cents = Math.abs(subunits);
  const group = (units: number, separator: string) => String(units).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const whole = Math.floor(cents / 100);
  const fraction = String(cents % 100).padStart(2, "0");
  const rounded = Math.floor((cents + 50) / 100);
  const amounts: Record<string, string> = {
    amount: `${group(whole, ",")}.${fraction}`,
    amount_no_decimals: group(rounded, ","),
    amount_with_comma_separator: `${group(whole, ".")},${fraction}`,
    amount_no_decimals_with_comma_separator: group(rounded, "."),
    amount_with_apostrophe_separator: `${group(whole, "'")}.${fraction}`,
    amount_no_decimals_with_space_separator: group(rounded, " "),
    amount_with_space_separator: `${group(whole, " ")},${fraction}`,
    amount_with_period_and_space_separator: `${group(whole, " ")}.${fraction}`,
  };
  const text = format.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const amount = amounts[name];
    if (amount === undefined) throw new Error(`unknown money placeholder ${placeholder}`);
    return amount;
  });
  return negative ? `-${text}` : text;
}

/** Block tags whose body Shopify reads but never renders ({% schema %}, {% doc %}). */
function silentBlock(end: string) {
  return class extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      while (remainTokens.length > 0) {
        const next = remainTokens.shift();
        if (next && TypeGuards.isTagToken(next) && next.name === end) return;
      }
      throw new Error(`{% ${token.name} %} is not closed by {% ${end} %}`);
    }
    render(): void {}
  };
}

interface SchemaSetting {
  type: string;
  id?: string;
  default?: unknown;
}

/** The `{% schema %}` JSON of a block file. */
export function blockSchema(block: BlockName): { settings: SchemaSetting[]; [key: string]: unknown } {
  const source = readFileSync(join(EXTENSION_ROOT, "blocks", `${block}.liquid`), "utf8");
  const json = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source)?.[1];
  if (json === undefined) throw new Error(`blocks/${block}.liquid has no schema`);
  return JSON.parse(json) as { settings: SchemaSetting[] };
}

/** Block settings as the theme editor stores them: schema defaults, merchant edits on top; unknown ids are a test bug. */
function blockSettings(block: BlockName, edits: Record<string, unknown> = {}): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const setting of blockSchema(block).settings) {
    if (setting.id === undefined) continue;
    known.add(setting.id);
    settings[setting.id] = setting.default ?? null;
  }
  for (const [id, value] of Object.entries(edits)) {
    if (!known.has(id)) throw new Error(`blocks/${block}.liquid has no setting "${id}"`);
    settings[id] = value;
  }
  return settings;
}

export function createStorefront(shop: ShopSettings = {}) {
  const locale = shop.locale ?? "en";
  const moneyFormat = shop.moneyFormat ?? "${{amount}}";
  const timeZone = shop.timeZone ?? "UTC";
  const translations = storefrontTranslations(locale);
  const fallback = storefrontTranslations("en");
  const intlLocale = { en: "en-US", fr: "fr-FR", de: "de-DE" }[locale];

  const liquid = new Liquid({
    root: [join(EXTENSION_ROOT, "snippets")],
    extname: ".liquid",
    relativeReference: false,
    // Shopify renders a missing property as nil, never as an error.
    strictVariables: false,
    strictFilters: true,
  });
  liquid.registerTag("schema", silentBlock("endschema"));
  liquid.registerTag("doc", silentBlock("enddoc"));

  const builtinDate = liquid.filters["date"] as FilterImplOptions;
  const filters: Record<string, FilterImplOptions> = {
    money: (value: unknown) =>
      value === null || value === undefined ? "" : formatShopMoney(Number(value), moneyFormat),
    // Storefront locale files, falling back to the default locale like Shopify; a missing key shows as Shopify shows it.
    t: (key: unknown, ...args: unknown[]) => {
      const name = String(key);
      const params = namedArguments(args);
      const entry = lookup(translations, name) ?? lookup(fallback, name);
      let template: string | undefined;
      if (typeof entry === "string") template = entry;
      else if (entry !== undefined && "count" in params) {
        const category = new Intl.PluralRules(intlLocale).select(Number(params.count));
        const form = entry[category] ?? entry["other"];
        template = typeof form === "string" ? form : undefined;
      }
      if (template === undefined) return `translation missing: ${locale}.${name}`;
      return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, param: string) => String(params[param] ?? ""));
    },
    // `format: 'date'` is Shopify's locale-aware long date; strftime strings behave as in liquidjs.
    date: function (this: unknown, value: unknown, ...args: unknown[]) {
      const named = namedArguments(args);
      if (named.format !== undefined) {
        if (named.format !== "date") throw new Error(`date format "${String(named.format)}" is not modelled`);
        return new Intl.DateTimeFormat(intlLocale, { dateStyle: "long", timeZone }).format(new Date(String(value)));
      }
      const handler = typeof builtinDate === "function" ? builtinDate : builtinDate.handler;
      return handler.call(this as never, value, ...args);
    },
    // Shopify's json filter (Rails to_json) escapes <, > and & so the output is safe inside <script>.
    json: (value: unknown) =>
      JSON.stringify(value ?? null)
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e")
        .replace(/&/g, "\\u0026"),
  };
  for (const [name, filter] of Object.entries(filters)) liquid.registerFilter(name, filter);

  return {
    locale,
    /** One snippet with explicit parameters, as `{% render 'name', key: value %}` would run it. */
    async renderSnippet(name: string, params: Record<string, unknown>): Promise<string> {
      return (await liquid.renderFile(name, params, { globals: { shop: { money_format: moneyFormat } } })) as string;
    },
    async renderBlock(block: BlockName, context: BlockContext = {}): Promise<string> {
      const source = readFileSync(join(EXTENSION_ROOT, "blocks", `${block}.liquid`), "utf8");
      const blockId = context.blockId ?? "AbCdEf123";
      const scope = {
        block: {
          id: blockId,
          settings: blockSettings(block, context.settings),
          shopify_attributes: `data-shopify-editor-block="${blockId}"`,
        },
        section: context.section ?? { id: "template--1__main" },
        app: {
          metafields: {
            purchase_options: {
              presale_remaining:
                context.presaleRemaining === undefined ? undefined : { value: context.presaleRemaining },
            },
          },
        },
        shop: { money_format: moneyFormat },
      };
      // Shopify's global objects stay visible inside {% render %}; everything else must be passed explicitly.
      const globals = {
        product: context.product,
        collection: context.collection,
        search: context.search,
        request: { locale: { iso_code: locale }, ...context.request },
        shop: scope.shop,
      };
      return (await liquid.parseAndRender(source, scope, { globals })) as string;
    },
  };
}

export type Storefront = ReturnType<typeof createStorefront>;
