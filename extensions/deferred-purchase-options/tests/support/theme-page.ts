// A tiny storefront for browser tests: a Dawn-like product page around the rendered block, the extension's assets, and /cart/add.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { page as productPage } from "./fixtures";
import { EXTENSION_ROOT, createStorefront, type ShopSettings } from "./liquid";
import type { ProductSpec } from "./shopify-objects";

export const SECTION_ID = "template--1__main";

export interface ThemeOptions {
  /**
   * How the theme tells the page about a variant change:
   * - "change": a picker outside the form sets the hidden `id` input and dispatches `change` on it (Dawn);
   * - "event": the same, but silently, followed by a `variant:change` event on document (several paid themes);
   * - "select": a plain `<select name="id">` inside the form, no theme script (what works without JavaScript).
   */
  variantInput: "change" | "event" | "select";
  /** The product form's id; Dawn's is "product-form-<section id>". */
  formId?: string;
  settings?: Record<string, unknown>;
}

export interface ThemePageRoute {
  spec: ProductSpec;
  theme: ThemeOptions;
  shop?: ShopSettings;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function renderPage(route: ThemePageRoute, url: URL): Promise<string> {
  const variantParam = Number(url.searchParams.get("variant")) || undefined;
  const planParam = Number(url.searchParams.get("selling_plan")) || undefined;
  const spec = { ...route.spec, selectedVariantId: variantParam, selectedSellingPlanId: planParam };
  const { product, presaleRemaining } = productPage(spec);
  const variant = product.selected_or_first_available_variant;
  if (!variant) throw new Error("product without variants");
  const formId = route.theme.formId ?? `product-form-${SECTION_ID}`;
  const block = await createStorefront(route.shop).renderBlock("purchase-options", {
    product,
    presaleRemaining,
    section: { id: SECTION_ID },
    settings: route.theme.settings,
  });
  const options = product.variants
    .map((v) => `<option value="${v.id}"${v.id === variant.id ? " selected" : ""}>${escapeHtml(v.title)}</option>`)
    .join("");
  const variants = Object.fromEntries(product.variants.map((v) => [v.id, { available: v.available }]));
  const picker =
    route.theme.variantInput === "select"
      ? ""
      : `<label for="variant-picker">Variant</label> <select id="variant-picker">${options}</select>`;
  const idField =
    route.theme.variantInput === "select"
      ? `<label for="variant-id">Variant</label> <select id="variant-id" name="id">${options}</select>`
      : `<input type="hidden" name="id" value="${variant.id}">`;
  const themeScript =
    route.theme.variantInput === "select"
      ? ""
      : `<script>
  const variants = ${JSON.stringify(variants)};
  const form = document.getElementById(${JSON.stringify(formId)});
  document.getElementById("variant-picker").addEventListener("change", (event) => {
    const id = event.target.value;
    const input = form.querySelector('input[name="id"]');
    input.value = id;
    ${
      route.theme.variantInput === "change"
        ? `input.dispatchEvent(new Event("change", { bubbles: true }));`
        : `document.dispatchEvent(new CustomEvent("variant:change", { detail: { variant: { id: Number(id) } } }));`
    }
    // Like Dawn, the button is re-rendered a moment later from the section HTML fetched for the new variant.
    setTimeout(() => {
      const button = form.querySelector('[name="add"]');
      button.disabled = !variants[id].available;
      button.querySelector("span").textContent = variants[id].available ? "Add to cart" : "Sold out";
    }, 30);
  });
</script>`;
  return `<!doctype html>
<html lang="${route.shop?.locale ?? "en"}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(product.title)}</title>
<link rel="stylesheet" href="/assets/purchase-options.css">
<script src="/assets/purchase-options.js" defer></script>
</head>
<body>
<main>
<section class="shopify-section" id="shopify-section-${SECTION_ID}">
<h1>${escapeHtml(product.title)}</h1>
${picker}
${block}
<form id="${escapeHtml(formId)}" action="/cart/add" method="post">
${idField}
<label for="quantity">Quantity</label> <input id="quantity" type="number" name="quantity" value="1" min="1">
<button type="submit" name="add"${variant.available ? "" : " disabled"}><span>${variant.available ? "Add to cart" : "Sold out"}</span></button>
</form>
</section>
</main>
${themeScript}
</body>
</html>`;
}

export interface ThemeServer {
  url: string;
  /** Bodies posted to /cart/add, decoded, in order. */
  carts: URLSearchParams[];
  close(): Promise<void>;
}

/** Serves `/products/<handle>` for each route, `/assets/*` from the extension, and records `POST /cart/add`. */
export async function startThemeServer(routes: Record<string, ThemePageRoute>): Promise<ThemeServer> {
  const carts: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const fail = (status: number, message: string) => {
      res.writeHead(status, { "Content-Type": "text/plain" });
      res.end(message);
    };
    if (req.method === "POST" && url.pathname === "/cart/add") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        carts.push(new URLSearchParams(body));
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end("<!doctype html><title>Cart</title><p>Added to cart</p>");
      });
      return;
    }
    const asset = /^\/assets\/([\w.-]+\.(js|css))$/.exec(url.pathname);
    if (asset?.[1]) {
      try {
        const body = readFileSync(join(EXTENSION_ROOT, "assets", asset[1]));
        res.writeHead(200, { "Content-Type": asset[2] === "js" ? "text/javascript" : "text/css" });
        res.end(body);
      } catch {
        fail(404, "no such asset");
      }
      return;
    }
    const route = routes[url.pathname];
    if (!route) return fail(404, "not found");
    renderPage(route, url).then(
      (html) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(html);
      },
      (error: unknown) => fail(500, String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    carts,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
