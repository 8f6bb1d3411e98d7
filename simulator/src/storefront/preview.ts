// Storefront preview: what customers see of the app's offers, for each product of a simulated shop. A product page
// renders the theme app extension's product block, and the shop's page (an "all products" collection) its badges
// embed, with the same Liquid engine and Shopify stand-ins the extension's tests use
// (extensions/deferred-purchase-options/tests/support/liquid.ts), from the simulator's records: the selling plan groups
// and plans Shopify would expose to Liquid, and the app's own metafields (`$app:purchase_options.offers` on the
// product, `purchase_options.presale_remaining` on the app installation). "Add to cart" places a checkout.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DateTime } from "luxon";
import {
  EXTENSION_ROOT,
  createStorefront,
  formatShopMoney,
} from "../../../extensions/deferred-purchase-options/tests/support/liquid.js";
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";
import type { ProductRecord, SellingPlanGroupRecord, SellingPlanRecord, VariantRecord } from "../state/types.js";
import { groupsForProduct } from "../operations/sellingPlans.js";
import { quoteCheckout } from "../domain/checkout.js";
import { currencyExponent } from "../domain/money.js";
import { appInstallationGid, readMetafield } from "../operations/metafields.js";
import { CheckoutError, placeOrder } from "../operations/checkout.js";
import { gid } from "../state/ids.js";

export const STOREFRONT_PREFIX = "/storefront";
const SECTION_ID = "template--preview__main";

/** Shopify's default money formats for the currencies the preview models (Settings > General > Store currency). */
const MONEY_FORMATS: Record<string, string> = {
  USD: "${{amount}}",
  CAD: "${{amount}}",
  AUD: "${{amount}}",
  EUR: "€{{amount_with_comma_separator}}",
  GBP: "£{{amount}}",
};

/** The customer the preview's checkouts are placed for. */
export const PREVIEW_CUSTOMER = { email: "preview.shopper@example.com", firstName: "Preview", lastName: "Shopper" };

export interface StorefrontDeps {
  sim: Simulator;
  /** Sends the webhooks a change produced (the server's afterChange). */
  afterChange: () => void;
  /** Where the shop's admin (with the app) is, for links from the preview. */
  adminPathFor: (store: string) => string;
}

class NotModelled extends Error {}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Liquid money is in hundredths of the unit whatever the currency (Shopify's `money` filter divides by 100). */
function liquidCents(minor: bigint, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent !== 2) throw new NotModelled(`The storefront preview does not model ${currency} (exponent ${exponent})`);
  return Number(minor);
}

function moneyFormatOf(currency: string): string {
  const format = MONEY_FORMATS[currency];
  if (!format) throw new NotModelled(`The storefront preview has no money format for ${currency}`);
  return format;
}

/** Money as the theme shows it: the shop's money format, as Liquid's `money` filter does. */
function shopMoney(minor: bigint | number, currency: string): string {
  return formatShopMoney(liquidCents(BigInt(minor), currency), moneyFormatOf(currency));
}

function available(variant: VariantRecord): boolean {
  return variant.inventoryPolicy === "CONTINUE" || variant.inventoryQuantity > 0;
}

function sellingPlanOf(group: SellingPlanGroupRecord, plan: SellingPlanRecord, currency: string) {
  const adjustment = plan.pricingPolicies[0]?.adjustment;
  const charge = plan.billing.checkoutCharge;
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description,
    group_id: String(group.id),
    recurring_deliveries: false,
    selected: false,
    options: plan.options.map((value, index) => ({ name: group.options[index] ?? "", position: index + 1, value })),
    price_adjustments: adjustment
      ? [
          adjustment.adjustmentType === "PERCENTAGE"
            ? { order_count: null, position: 1, value_type: "percentage", value: adjustment.percentage }
            : {
                order_count: null,
                position: 1,
                value_type: adjustment.adjustmentType === "PRICE" ? "price" : "fixed_amount",
                value: liquidCents(adjustment.fixedMinor, currency),
              },
        ]
      : [],
    checkout_charge:
      charge.type === "PERCENTAGE"
        ? { value_type: "percentage", value: charge.percentage }
        : { value_type: "price", value: liquidCents(charge.fixedMinor, currency) },
  };
}

/** A Liquid `product` as Shopify builds it for a product page, from the simulator's records and the app's metafield. */
export function liquidProductOf(
  sim: Simulator,
  s: ShopState,
  product: ProductRecord,
  selected: { variantId?: number; sellingPlanId?: number } = {},
) {
  const currency = s.shop.currencyCode;
  const now = sim.now();
  const groups = groupsForProduct(s, product.id).map((group) => {
    const plans = group.planIds.map((id) => s.plans.get(id)!).filter(Boolean);
    return {
      record: group,
      plans,
      liquid: {
        id: String(group.id),
        name: group.name,
        app_id: group.appId,
        options: group.options.map((name, index) => ({
          name,
          position: index + 1,
          values: [...new Set(plans.map((plan) => plan.options[index] ?? ""))],
          selected_value: null,
        })),
        selling_plan_selected: false,
        selling_plans: plans.map((plan) => sellingPlanOf(group, plan, currency)),
      },
    };
  });
  const variants = product.variantIds.map((id) => {
    const variant = s.variants.get(id)!;
    const allocations = groups.flatMap((group) => {
      if (!group.record.productIds.includes(product.id) && !group.record.variantIds.includes(variant.id)) return [];
      return group.plans.map((plan, index) => {
        // What the checkout would charge for one unit: the same quote the simulator's checkout uses.
        const quote = quoteCheckout([{ unitPriceMinor: variant.priceMinor, quantity: 1, plan }], now);
        const line = quote.lines[0]!;
        return {
          price: liquidCents(line.discountedUnitMinor, currency),
          compare_at_price: liquidCents(variant.priceMinor, currency),
          per_delivery_price: liquidCents(line.discountedUnitMinor, currency),
          unit_price: null,
          price_adjustments:
            plan.pricingPolicies.length > 0
              ? [{ position: 1, price: liquidCents(line.discountedUnitMinor, currency) }]
              : [],
          selling_plan: group.liquid.selling_plans[index],
          selling_plan_group_id: group.liquid.id,
          checkout_charge_amount: liquidCents(line.checkoutChargeMinor, currency),
          remaining_balance_charge_amount: liquidCents(line.discountedUnitMinor - line.checkoutChargeMinor, currency),
        };
      });
    });
    return {
      id: variant.id,
      title: variant.title,
      available: available(variant),
      price: liquidCents(variant.priceMinor, currency),
      compare_at_price: null,
      inventory_management: "shopify",
      inventory_policy: variant.inventoryPolicy.toLowerCase(),
      inventory_quantity: variant.inventoryQuantity,
      requires_selling_plan: product.requiresSellingPlan,
      selling_plan_allocations: allocations,
    };
  });
  const offers = readMetafield(sim, s, gid("Product", product.id), "$app:purchase_options", "offers");
  const chosen = variants.find((variant) => variant.id === selected.variantId);
  const allPlans = groups.flatMap((group) => group.liquid.selling_plans);
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    vendor: product.vendor,
    object_type: "product",
    available: variants.some((variant) => variant.available),
    price: Math.min(...variants.map((variant) => variant.price)),
    requires_selling_plan: product.requiresSellingPlan,
    has_only_default_variant: variants.length === 1,
    selling_plan_groups: groups.map((group) => group.liquid),
    variants,
    selected_or_first_available_variant: chosen ?? variants.find((variant) => variant.available) ?? variants[0],
    selected_selling_plan: allPlans.find((plan) => plan.id === selected.sellingPlanId) ?? null,
    metafields: {
      "$app:purchase_options": offers
        ? { offers: { type: offers.type, value: JSON.parse(offers.value) as unknown } }
        : {},
    },
  };
}

/** The app-data metafield `purchase_options.presale_remaining`, as `app.metafields` shows it (absent: not written). */
function presaleRemainingOf(sim: Simulator, s: ShopState): Record<string, number> | undefined {
  if (s.metafields.installationId === null) return undefined;
  const record = readMetafield(sim, s, appInstallationGid(sim, s), "purchase_options", "presale_remaining");
  return record ? (JSON.parse(record.value) as Record<string, number>) : undefined;
}

function page(title: string, store: string, shopName: string, body: string, head = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; }
  header, main, footer { max-width: 960px; margin: 0 auto; padding: 16px 24px; }
  header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #ddd; }
  .preview-note { background: #fff8e1; border-bottom: 1px solid #f0d98c; padding: 8px 24px; font-size: 14px; }
  .cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; }
  .card { position: relative; border: 1px solid #ddd; border-radius: 8px; padding: 16px; }
  .price { font-size: 18px; }
  form { margin-top: 16px; display: grid; gap: 8px; max-width: 360px; }
  button[name="add"] { padding: 12px; font-size: 16px; background: #1a1a1a; color: #fff; border: 0; border-radius: 6px; }
  button[disabled] { opacity: 0.5; }
</style>
${head}
</head>
<body>
<p class="preview-note" role="note">Storefront preview of the local simulator: the theme app extension rendered from the app's metafields, as customers see it. Checkouts placed here are real orders in the simulated shop.</p>
<header><a href="${STOREFRONT_PREFIX}/${store}"><strong>${escapeHtml(shopName)}</strong></a><a href="${STOREFRONT_PREFIX}/${store}">All products</a></header>
<main>
${body}
</main>
</body>
</html>`;
}

async function productPage(deps: StorefrontDeps, s: ShopState, store: string, product: ProductRecord, url: URL) {
  const variantId = Number(url.searchParams.get("variant")) || undefined;
  const sellingPlanId = Number(url.searchParams.get("selling_plan")) || undefined;
  const liquid = liquidProductOf(deps.sim, s, product, { variantId, sellingPlanId });
  const variant = liquid.selected_or_first_available_variant;
  if (!variant) throw new NotModelled(`${product.title} has no variants`);
  const storefront = createStorefront({
    moneyFormat: moneyFormatOf(s.shop.currencyCode),
    timeZone: s.shop.ianaTimezone,
  });
  const formId = `product-form-${SECTION_ID}`;
  const block = await storefront.renderBlock("purchase-options", {
    product: liquid,
    presaleRemaining: presaleRemainingOf(deps.sim, s),
    section: { id: SECTION_ID },
    blockId: "preview",
  });
  const money = (cents: number) => escapeHtml(shopMoney(cents, s.shop.currencyCode));
  const options = liquid.variants
    .map(
      (v) =>
        `<option value="${v.id}"${v.id === variant.id ? " selected" : ""}>${escapeHtml(v.title)} – ${money(v.price)}</option>`,
    )
    .join("");
  const availability = Object.fromEntries(liquid.variants.map((v) => [v.id, v.available]));
  // A Dawn-like theme: the picker outside the form sets the hidden id input and dispatches "change" on it.
  const picker = liquid.has_only_default_variant
    ? ""
    : `<label for="variant-picker">Size</label> <select id="variant-picker">${options}</select>`;
  const body = `<section class="shopify-section" id="shopify-section-${SECTION_ID}">
<p>${escapeHtml(product.vendor)}</p>
<h1>${escapeHtml(product.title)}</h1>
<p class="price">${money(variant.price)}</p>
${picker}
${block}
<form id="${formId}" action="${STOREFRONT_PREFIX}/${store}/cart/add" method="post">
<input type="hidden" name="id" value="${variant.id}">
<label for="quantity">Quantity</label> <input id="quantity" type="number" name="quantity" value="1" min="1">
<button type="submit" name="add"${variant.available ? "" : " disabled"}><span>${variant.available ? "Add to cart" : "Sold out"}</span></button>
</form>
</section>
<script>
  const availability = ${JSON.stringify(availability)};
  const form = document.getElementById(${JSON.stringify(formId)});
  document.getElementById("variant-picker")?.addEventListener("change", (event) => {
    const input = form.querySelector('input[name="id"]');
    input.value = event.target.value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const button = form.querySelector('[name="add"]');
    button.disabled = !availability[event.target.value];
  });
</script>`;
  return page(
    `${product.title} – ${s.shop.name}`,
    store,
    s.shop.name,
    body,
    `<link rel="stylesheet" href="${STOREFRONT_PREFIX}/assets/purchase-options.css">
<script src="${STOREFRONT_PREFIX}/assets/purchase-options.js" defer></script>`,
  );
}

async function collectionPage(deps: StorefrontDeps, s: ShopState, store: string) {
  const products = [...s.products.values()].filter((product) => product.status === "ACTIVE");
  const liquid = products.map((product) => liquidProductOf(deps.sim, s, product));
  const storefront = createStorefront({
    moneyFormat: moneyFormatOf(s.shop.currencyCode),
    timeZone: s.shop.ianaTimezone,
  });
  const embed = await storefront.renderBlock("badges", {
    request: { page_type: "collection" },
    collection: { products: liquid },
    blockId: "preview-badges",
  });
  const cards = liquid
    .map(
      (
        product,
      ) => `<li class="card"><a href="${STOREFRONT_PREFIX}/${store}/products/${encodeURIComponent(product.handle)}">${escapeHtml(product.title)}</a>
<p class="price">${escapeHtml(shopMoney(product.price, s.shop.currencyCode))}</p></li>`,
    )
    .join("\n");
  const admin = deps.adminPathFor(store);
  return page(
    `${s.shop.name} – all products`,
    store,
    s.shop.name,
    `<h1>All products</h1>
<ul class="cards">${cards}</ul>
${embed}
<p><a href="${admin}">Open the shop's admin with the app</a></p>`,
    `<link rel="stylesheet" href="${STOREFRONT_PREFIX}/assets/badges.css">
<script src="${STOREFRONT_PREFIX}/assets/badges.js" defer></script>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  req.setEncoding("utf8");
  for await (const chunk of req) {
    body += chunk as string;
    if (body.length > 64 * 1024) throw new NotModelled("cart body too large");
  }
  return new URLSearchParams(body);
}

/** `POST …/cart/add`: the preview has no cart; it checks out at once, as a buyer would with this one line. */
async function addToCart(deps: StorefrontDeps, s: ShopState, store: string, req: IncomingMessage) {
  const form = await readForm(req);
  const variantId = Number(form.get("id"));
  const quantity = Number(form.get("quantity") ?? "1") || 1;
  const planText = form.get("selling_plan");
  const sellingPlanId = planText ? Number(planText) : null;
  const variant = s.variants.get(variantId);
  if (!variant)
    return {
      status: 422,
      html: page("Cart", store, s.shop.name, `<p>No such variant: ${escapeHtml(String(form.get("id")))}</p>`),
    };
  const order = placeOrder(deps.sim, s, {
    lines: [{ variantId, quantity, sellingPlanId }],
    customer: PREVIEW_CUSTOMER,
  });
  deps.afterChange();
  const currency = s.shop.currencyCode;
  const product = s.products.get(variant.productId)!;
  const line = order.lineItems[0]!;
  const terms = order.paymentTermsId ? s.terms.get(order.paymentTermsId) : undefined;
  const schedule = terms ? s.schedules.get(terms.scheduleIds[0]!) : undefined;
  const total = line.discountedUnitMinor * BigInt(quantity);
  const paidNow = schedule ? total - schedule.balanceDueMinor : total;
  const due = schedule?.dueAt
    ? `on ${DateTime.fromJSDate(schedule.dueAt).setZone(s.shop.ianaTimezone).toLocaleString(DateTime.DATE_FULL)}`
    : schedule
      ? "when the order ships"
      : "";
  const body = `<h1>Thank you, ${escapeHtml(PREVIEW_CUSTOMER.firstName)}!</h1>
<p>Order <strong>${escapeHtml(order.name)}</strong> is confirmed: ${quantity} × ${escapeHtml(product.title)}${variant.title === "Default Title" ? "" : ` (${escapeHtml(variant.title)})`}${line.sellingPlan ? `, ${escapeHtml(line.sellingPlan.name)}` : ""}.</p>
<dl>
<dt>Paid now</dt><dd>${escapeHtml(shopMoney(paidNow, currency))}</dd>
${schedule ? `<dt>Balance</dt><dd>${escapeHtml(shopMoney(schedule.balanceDueMinor, currency))} ${escapeHtml(due)}</dd>` : ""}
</dl>
<p><a href="${STOREFRONT_PREFIX}/${store}/products/${encodeURIComponent(product.handle)}">Back to ${escapeHtml(product.title)}</a> · <a href="${deps.adminPathFor(store)}">See it in the app</a></p>`;
  return { status: 200, html: page(`Order ${order.name} – ${s.shop.name}`, store, s.shop.name, body) };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

/**
 * Answers `/storefront/…` requests; resolves false for any other path. Routes:
 * `GET /storefront/<store>` (all products, with the badges embed), `GET /storefront/<store>/products/<handle>`
 * (`?variant=`, `?selling_plan=`), `POST /storefront/<store>/cart/add` (form: `id`, `quantity`, `selling_plan`),
 * `GET /storefront/assets/<file>` (the extension's assets).
 */
export async function handleStorefront(
  deps: StorefrontDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://simulator.local");
  if (url.pathname !== STOREFRONT_PREFIX && !url.pathname.startsWith(`${STOREFRONT_PREFIX}/`)) return false;
  const html = (status: number, body: string) => send(res, status, "text/html; charset=utf-8", body);
  const notFound = (what: string) => html(404, `<!doctype html><title>Not found</title><p>${escapeHtml(what)}</p>`);
  const parts = url.pathname.slice(STOREFRONT_PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "assets" && parts.length === 2 && req.method === "GET") {
      const file = /^[\w-]+\.(js|css)$/.exec(parts[1]!);
      if (!file) return (notFound("No such asset"), true);
      try {
        const body = readFileSync(join(EXTENSION_ROOT, "assets", parts[1]!));
        send(res, 200, file[1] === "js" ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", body);
      } catch {
        notFound("No such asset");
      }
      return true;
    }
    const store = parts[0];
    if (!store) {
      const shops = [...deps.sim.store.shops.keys()].sort();
      html(
        200,
        page(
          "Storefront preview",
          "",
          "Storefront preview",
          `<h1>Shops</h1><ul>${shops.map((domain) => `<li><a href="${STOREFRONT_PREFIX}/${domain.replace(/\.myshopify\.com$/, "")}">${escapeHtml(domain)}</a></li>`).join("")}</ul>`,
        ),
      );
      return true;
    }
    const s = deps.sim.store.shop(`${store}.myshopify.com`);
    if (!s) return (notFound(`No shop ${store}.myshopify.com in the simulator`), true);
    if (parts.length === 1 && req.method === "GET") return (html(200, await collectionPage(deps, s, store)), true);
    if (parts[1] === "products" && parts.length === 3 && req.method === "GET") {
      const product = [...s.products.values()].find((candidate) => candidate.handle === parts[2]);
      if (!product || product.status !== "ACTIVE") return (notFound(`No product ${parts[2]} in ${s.shop.name}`), true);
      return (html(200, await productPage(deps, s, store, product, url)), true);
    }
    // The admin's "View in online store": a product id resolves to its page.
    if (parts[1] === "product-id" && parts.length === 3 && req.method === "GET") {
      const product = s.products.get(Number(parts[2]));
      if (!product) return (notFound(`No product ${parts[2]} in ${s.shop.name}`), true);
      res.writeHead(302, { Location: `${STOREFRONT_PREFIX}/${store}/products/${encodeURIComponent(product.handle)}` });
      res.end();
      return true;
    }
    if (parts[1] === "cart" && parts[2] === "add" && parts.length === 3 && req.method === "POST") {
      const answer = await addToCart(deps, s, store, req);
      return (html(answer.status, answer.html), true);
    }
    html(
      501,
      `<!doctype html><title>Not simulated</title><p>${escapeHtml(`${req.method} ${url.pathname}`)} is not simulated by the storefront preview.</p>`,
    );
    return true;
  } catch (error) {
    if (error instanceof NotModelled)
      return (html(501, `<!doctype html><title>Not simulated</title><p>${escapeHtml(error.message)}</p>`), true);
    if (error instanceof CheckoutError)
      return (html(422, `<!doctype html><title>Checkout refused</title><p>${escapeHtml(error.message)}</p>`), true);
    throw error;
  }
}
