// HTML of the local admin: the frame around the app (Shopify admin chrome), the shop list, and notice pages.

/** What the admin page's script needs to drive the iframe; serialised into the page as JSON. */
export interface FramePageConfig {
  shop: string;
  storeName: string;
  host: string;
  locale: string;
  appName: string;
  appHandle: string;
  appUrl: string;
  appOrigin: string;
  appHomePath: string;
  /** "/store/<name>/apps/<handle>": admin paths of app pages are this plus the app path. */
  adminBasePath: string;
  sessionTokenPath: string;
  initialAppPath: string;
}

/** The admin's own sections; shown for a familiar frame, not simulated (the simulator embeds only the app). */
const STATIC_SECTIONS = ["Home", "Orders", "Products", "Customers", "Marketing", "Discounts", "Content", "Analytics"];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element (no "</script>" or "<!--" can form). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const STYLES = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font-family:-apple-system,BlinkMacSystemFont,"San Francisco","Segoe UI",Roboto,"Helvetica Neue",sans-serif;font-size:13px;color:#303030;background:#f1f1f1}
a{color:inherit}
.topbar{position:relative;height:56px;display:flex;align-items:center;gap:16px;padding:0 16px;background:#1a1a1a;color:#e3e3e3}
.brand{font-weight:700;font-size:16px;letter-spacing:-.2px;display:flex;align-items:center;gap:8px;min-width:224px}
.badge{font-weight:600;font-size:11px;padding:2px 8px;border-radius:8px;background:#ffd6a4;color:#5e4200}
.search{flex:1;max-width:560px;margin:0 auto;height:34px;border-radius:10px;background:#303030;color:#8a8a8a;display:flex;align-items:center;padding:0 12px}
.store{display:flex;align-items:center;gap:8px;font-weight:600}
.avatar{width:28px;height:28px;border-radius:8px;background:#36fba1;color:#1a1a1a;display:flex;align-items:center;justify-content:center;font-weight:700;text-transform:uppercase}
.savebar{position:absolute;inset:0;display:flex;align-items:center;justify-content:space-between;padding:0 16px 0 256px;background:#1a1a1a;color:#fff;font-weight:600}
.savebar[hidden]{display:none}
.savebar .actions{display:flex;gap:8px}
.btn{font:inherit;font-weight:600;border-radius:8px;padding:6px 12px;border:1px solid #c9c9c9;background:#fff;color:#303030;cursor:pointer}
.btn.primary{background:#303030;color:#fff;border-color:#303030}
.btn.critical{background:#c70a24;color:#fff;border-color:#c70a24}
.btn:disabled{opacity:.5;cursor:default}
.loading{position:fixed;top:56px;left:0;height:3px;width:100%;background:linear-gradient(90deg,#36fba1 0,#36fba1 40%,transparent 40%);background-size:200% 100%;animation:load 1s linear infinite;z-index:5}
.loading[hidden]{display:none}
@keyframes load{from{background-position:100% 0}to{background-position:-100% 0}}
.layout{display:flex;height:calc(100% - 56px)}
.nav{width:240px;flex:none;background:#ebebeb;padding:12px 8px;overflow:auto}
.nav ul{list-style:none;margin:0;padding:0}
.nav li>a,.nav li>span{display:block;padding:6px 8px;border-radius:8px;text-decoration:none;font-weight:600;color:#303030}
.nav li>span{color:#8a8a8a;font-weight:500;cursor:default}
.nav .section-title{margin:16px 8px 4px;font-size:12px;font-weight:600;color:#616161}
.nav a:hover{background:#f7f7f7}
.nav a[aria-current="page"]{background:#fff}
.nav .app-nav a{font-weight:500;padding-left:28px}
.main{flex:1;display:flex;flex-direction:column;min-width:0}
.titlebar{display:flex;align-items:center;gap:12px;min-height:52px;padding:8px 20px}
.titlebar .app-name{color:#616161;font-weight:600}
.titlebar h1{margin:0;font-size:20px;font-weight:700;flex:1}
.titlebar .actions{display:flex;gap:8px}
iframe{flex:1;width:100%;border:0;background:#f1f1f1}
.toasts{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;align-items:center;z-index:10}
.toast{display:flex;align-items:center;gap:12px;padding:10px 14px;border-radius:10px;background:#1a1a1a;color:#fff;font-weight:500;box-shadow:0 4px 12px rgba(0,0,0,.2)}
.toast.error{background:#c70a24}
.toast button{font:inherit;background:none;border:0;color:inherit;cursor:pointer;text-decoration:underline}
.panel{max-width:640px;margin:48px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 0 rgba(0,0,0,.07)}
.panel h1{font-size:20px;margin:0 0 12px}
.panel li{margin:6px 0}
.panel input{font:inherit;padding:6px 8px;border:1px solid #8a8a8a;border-radius:8px;width:280px}
`;

function topBar(storeName: string): string {
  const initial = storeName.slice(0, 1) || "?";
  return `<header class="topbar">
  <div class="brand">shopify <span class="badge" title="Served by the local simulator, not by Shopify">Local simulator</span></div>
  <div class="search" aria-hidden="true">Search</div>
  <div class="store"><span class="avatar" aria-hidden="true">${escapeHtml(initial)}</span><span>${escapeHtml(storeName)}</span></div>
  <div class="savebar" id="save-bar" role="region" aria-label="Contextual save bar" hidden><span>Unsaved changes</span><div class="actions"></div></div>
</header>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The admin frame around the app: top bar, navigation (with the app's own links), title bar and the app iframe. */
export function renderAppFramePage(config: FramePageConfig, iframeSrc: string, frameScriptPath: string): string {
  const staticItems = STATIC_SECTIONS.map(
    (name) => `<li><span title="Not simulated locally">${escapeHtml(name)}</span></li>`,
  ).join("");
  return page(
    `${config.appName} · ${config.storeName} · Local admin`,
    `${topBar(config.storeName)}
<div class="loading" id="loading-bar" role="progressbar" aria-label="Loading" hidden></div>
<div class="layout">
  <nav class="nav" aria-label="Admin navigation">
    <ul>${staticItems}</ul>
    <div class="section-title">Apps</div>
    <ul>
      <li><a id="app-home-link" href="${escapeHtml(config.adminBasePath)}" data-app-path="${escapeHtml(config.appHomePath)}">${escapeHtml(config.appName)}</a>
        <ul class="app-nav" id="app-nav" aria-label="${escapeHtml(config.appName)} pages"></ul>
      </li>
    </ul>
  </nav>
  <main class="main">
    <div class="titlebar">
      <span class="app-name">${escapeHtml(config.appName)}</span>
      <h1 id="page-title"></h1>
      <div class="actions" id="title-actions"></div>
    </div>
    <iframe id="app-iframe" name="app-iframe" title="${escapeHtml(config.appName)}" src="${escapeHtml(iframeSrc)}" allow="clipboard-read; clipboard-write"></iframe>
  </main>
</div>
<div class="toasts" id="toasts" aria-live="polite"></div>
<script id="local-admin-config" type="application/json">${scriptJson(config)}</script>
<script src="${escapeHtml(frameScriptPath)}"></script>`,
  );
}

export interface AdminIndexInput {
  appName: string;
  appHandle: string;
  /** null when unknown (the server passed no listShops). */
  shops: string[] | null;
}

function shopList(shops: string[] | null, appHandle: string): string {
  if (shops === null) return ""; // the server did not say which shops exist: the form alone
  if (shops.length === 0) {
    return `<p>The simulator has no shops yet. Create one through the control API (see the simulator README).</p>`;
  }
  const items = shops.map((shop) => {
    const href = `/store/${encodeURIComponent(shop.replace(/\.myshopify\.com$/, ""))}/apps/${encodeURIComponent(appHandle)}`;
    return `<li><a href="${href}">${escapeHtml(shop)}</a></li>`;
  });
  return `<ul>${items.join("")}</ul>`;
}

/** GET /admin: pick a shop (the simulator's shops, or type a domain). */
export function renderAdminIndexPage(input: AdminIndexInput): string {
  const list = shopList(input.shops, input.appHandle);
  return page(
    "Local admin",
    `${topBar("")}
<div class="panel">
  <h1>Open ${escapeHtml(input.appName)} in a shop</h1>
  ${list}
  <form method="get" action="/admin"><label>Shop domain <input name="shop" placeholder="demo.myshopify.com" required></label> <button class="btn primary" type="submit">Open</button></form>
</div>`,
  );
}

export interface StorePageInput {
  title: string;
  message: string;
  storeName: string;
  appLink: string | null;
}

/** A notice inside the admin chrome (unknown shop, admin page not simulated). */
export function renderStorePage(input: StorePageInput): string {
  const link = input.appLink
    ? `<p><a href="${escapeHtml(input.appLink)}">Open the app</a></p>`
    : `<p><a href="/admin">All shops</a></p>`;
  return page(
    `${input.title} · Local admin`,
    `${topBar(input.storeName)}
<div class="panel"><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.message)}</p>${link}</div>`,
  );
}
