// Local stand-in for Shopify's App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js), served by the simulator at /app-bridge.js.
// The app loads it instead of the CDN script only when SHOPIFY_LOCAL_SIMULATOR_URL is set (docs/decisions/0003-local-embedded-admin.md).
// It provides the part of `window.shopify` and of the <ui-*> elements that apps use, and talks to the local
// admin frame (the parent window) with postMessage, as App Bridge talks to the Shopify admin.
(function () {
  "use strict";
  if (window.shopify && window.shopify.__localSimulator) return;

  var CHANNEL = "shopify-local-admin";
  // Parameters the admin adds to the app URL; they are not part of the app's own location.
  var EMBEDDED_PARAMS = [
    "embedded",
    "shop",
    "host",
    "id_token",
    "locale",
    "hmac",
    "timestamp",
    "session",
    "shopify-reload",
  ];
  var TOKEN_REFRESH_MARGIN_SECONDS = 10;

  var script = document.currentScript;
  var simulatorOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var params = new URLSearchParams(location.search);
  var framed = window.parent !== window;
  var nativeFetch = window.fetch.bind(window);
  var nativeOpen = window.open;
  var nativeAddEventListener = window.addEventListener.bind(window);
  var nativeRemoveEventListener = window.removeEventListener.bind(window);

  function readMeta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  }

  function decodeJwt(token) {
    try {
      return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    } catch (_error) {
      return null;
    }
  }

  function remember(key, value) {
    try {
      if (value) sessionStorage.setItem("shopify-local-admin:" + key, value);
      return value || sessionStorage.getItem("shopify-local-admin:" + key);
    } catch (_error) {
      return value; // storage can be blocked; the URL parameters are then the only source
    }
  }

  function shopFromHost(hostParam) {
    try {
      var match = /^admin\.shopify\.com\/store\/([a-zA-Z0-9][a-zA-Z0-9-_]*)$/.exec(atob(hostParam));
      return match ? match[1] + ".myshopify.com" : null;
    } catch (_error) {
      return null;
    }
  }

  var initialToken = params.get("id_token");
  var initialClaims = initialToken ? decodeJwt(initialToken) : null;
  // The shop comes from the iframe URL; client-side navigation drops the parameters, and a later full reload may too,
  // so the first values are kept for this tab.
  var shop = remember(
    "shop",
    params.get("shop") ||
      (params.get("host") && shopFromHost(params.get("host"))) ||
      (initialClaims && initialClaims.dest ? new URL(initialClaims.dest).host : null),
  );
  var host = remember("host", params.get("host"));
  var locale = remember("locale", params.get("locale")) || "en";
  var apiKey = (script && script.getAttribute("data-api-key")) || readMeta("shopify-api-key") || "";

  function post(message) {
    if (!framed) return;
    message.channel = CHANNEL;
    window.parent.postMessage(message, simulatorOrigin);
  }

  // ---- Session tokens -------------------------------------------------------------------------------------------
  var cachedToken =
    initialToken && initialClaims && initialClaims.exp ? { token: initialToken, exp: initialClaims.exp } : null;
  var pendingToken = null;

  function fetchFreshToken() {
    if (!shop)
      return Promise.reject(
        new Error("App Bridge (local): no shop; open the app through the simulator's admin (/admin)."),
      );
    if (!pendingToken) {
      pendingToken = nativeFetch(simulatorOrigin + "/admin/session-token?shop=" + encodeURIComponent(shop), {
        cache: "no-store",
        credentials: "omit",
      })
        .then(function (response) {
          if (!response.ok)
            throw new Error("App Bridge (local): session token request failed with HTTP " + response.status);
          return response.json();
        })
        .then(function (body) {
          cachedToken = { token: body.token, exp: body.exp };
          return body.token;
        })
        .finally(function () {
          pendingToken = null;
        });
    }
    return pendingToken;
  }

  function idToken() {
    if (cachedToken && cachedToken.exp - TOKEN_REFRESH_MARGIN_SECONDS > Date.now() / 1000)
      return Promise.resolve(cachedToken.token);
    return fetchFreshToken();
  }

  // ---- Navigation helpers ---------------------------------------------------------------------------------------
  function appPathOf(href) {
    var url = new URL(href, location.href);
    EMBEDDED_PARAMS.forEach(function (name) {
      url.searchParams.delete(name);
    });
    return url.pathname + url.search;
  }

  /** Follows a URL the app asked to open outside its own document (reauthorize, exit iframe, admin links). */
  function openOutside(url, target) {
    if (framed) {
      post({ type: "open", url: new URL(url, location.href).href, target: target || "_top" });
    } else {
      location.assign(url);
    }
  }

  // ---- fetch: add the session token to the app's own requests, as App Bridge does -------------------------------
  function isAppRequest(url) {
    return new URL(url, location.href).origin === location.origin;
  }

  function withToken(request, token) {
    var headers = new Headers(request.headers);
    headers.set("Authorization", "Bearer " + token);
    return new Request(request, { headers: headers });
  }

  function followReauthorize(response) {
    var reauthorizeUrl = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
    if (reauthorizeUrl) {
      var target = new URL(reauthorizeUrl, location.href);
      if (target.origin === location.origin) location.assign(target.href);
      else openOutside(target.href, "_top");
    }
    return response;
  }

  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (!isAppRequest(request.url) || request.headers.has("Authorization")) return nativeFetch(request);
    // Outside the admin there is no token to add; the app's own answer (401, login redirect) says more than a failed fetch.
    if (!shop) return nativeFetch(request);
    var retry = request.clone();
    return idToken()
      .then(function (token) {
        return nativeFetch(withToken(request, token));
      })
      .then(function (response) {
        // shopify-app-remix asks for one retry with a new token when the token it got was no longer valid.
        if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
          cachedToken = null;
          return fetchFreshToken().then(function (token) {
            return nativeFetch(withToken(retry, token));
          });
        }
        return response;
      })
      .then(followReauthorize);
  };

  // window.open(url, "_top") is how shopify-app-remix leaves the iframe (exit-iframe page, redirects to the admin).
  window.open = function (url, target, features) {
    if (framed && url && (target === "_top" || target === "_parent")) {
      openOutside(String(url), target);
      return null;
    }
    return nativeOpen.call(window, url, target, features);
  };

  // AppProvider navigates on `shopify:navigate`; knowing whether anyone listens tells us if the page can follow the nav.
  var navigateListeners = 0;
  window.addEventListener = function (type, listener, options) {
    if (type === "shopify:navigate") navigateListeners++;
    return nativeAddEventListener(type, listener, options);
  };
  window.removeEventListener = function (type, listener, options) {
    if (type === "shopify:navigate") navigateListeners = Math.max(0, navigateListeners - 1);
    return nativeRemoveEventListener(type, listener, options);
  };

  // ---- Page chrome styles: App Bridge elements render in the admin, not in the app's document ----------------------
  var style = document.createElement("style");
  style.textContent =
    "ui-nav-menu,ui-title-bar,ui-save-bar{display:none!important}" +
    "ui-modal{display:none}" +
    "ui-modal[data-local-open]{display:grid;position:fixed;inset:0;z-index:2147483000;background:rgba(0,0,0,.5);" +
    "place-content:center;grid-template-columns:min(620px,92vw);font-family:inherit}" +
    'ui-modal[data-local-open][variant="small"]{grid-template-columns:min(380px,92vw)}' +
    'ui-modal[data-local-open][variant="large"]{grid-template-columns:min(980px,92vw)}' +
    'ui-modal[data-local-open][variant="max"]{grid-template-columns:96vw}' +
    "ui-modal[data-local-open]>ui-title-bar{display:flex!important;align-items:center;gap:8px;padding:12px 16px;background:#f3f3f3;" +
    "border-radius:12px 12px 0 0;border-bottom:1px solid #e3e3e3;order:0}" +
    "ui-modal[data-local-open]>ui-title-bar::before{content:attr(title);flex:1;font-weight:650}" +
    ".shopify-local-modal-content{order:1;background:#fff;border-radius:0 0 12px 12px;max-height:80vh;overflow:auto}" +
    ".shopify-local-toasts{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483001;display:flex;flex-direction:column;gap:8px}" +
    ".shopify-local-toast{padding:10px 14px;border-radius:10px;background:#1a1a1a;color:#fff;font:500 13px sans-serif}" +
    ".shopify-local-toast.error{background:#c70a24}";
  (document.head || document.documentElement).appendChild(style);

  // Coalesces bursts of DOM changes (React commits) into one message per kind.
  var scheduled = {};
  function schedule(kind, fn) {
    if (scheduled[kind]) return;
    scheduled[kind] = true;
    setTimeout(function () {
      scheduled[kind] = false;
      fn();
    }, 0);
  }

  function observe(element, kind, fn) {
    var observer = new MutationObserver(function () {
      schedule(kind, fn);
    });
    observer.observe(element, { childList: true, subtree: true, attributes: true, characterData: true });
    return observer;
  }

  function define(name, constructor) {
    if (!customElements.get(name)) customElements.define(name, constructor);
  }

  function insideModal(element) {
    return Boolean(element.parentElement && element.parentElement.closest("ui-modal"));
  }

  function describeButtons(container) {
    return Array.prototype.map.call(container.querySelectorAll("button, a"), function (el, index) {
      var loading = el.getAttribute("loading");
      return {
        index: index,
        label: (el.textContent || "").trim(),
        variant: el.getAttribute("variant") || null,
        tone: el.getAttribute("tone") || null,
        disabled: el.hasAttribute("disabled") && el.getAttribute("disabled") !== "false",
        loading: loading !== null && loading !== "false",
      };
    });
  }

  function clickButton(container, index) {
    var target = container && container.querySelectorAll("button, a")[index];
    if (target) target.click();
  }

  // ---- <ui-nav-menu>: the app's links in the admin's left navigation --------------------------------------------
  function publishNav() {
    var menu = document.querySelector("ui-nav-menu");
    if (!menu) return; // the admin keeps the last menu, as Shopify's does, while a page without one is shown
    var items = Array.prototype.map.call(menu.querySelectorAll("a[href]"), function (a) {
      return {
        label: (a.textContent || "").trim(),
        href: appPathOf(a.getAttribute("href")),
        home: a.getAttribute("rel") === "home",
      };
    });
    post({ type: "nav", items: items });
  }

  define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        this._observer = observe(this, "nav", publishNav);
        schedule("nav", publishNav);
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
      }
    },
  );

  // ---- <ui-title-bar>: the page title and its actions in the admin's title bar ----------------------------------
  function currentTitleBar() {
    var bars = Array.prototype.filter.call(document.querySelectorAll("ui-title-bar"), function (bar) {
      return !insideModal(bar);
    });
    return bars.length ? bars[bars.length - 1] : null;
  }

  function publishTitleBar() {
    var bar = currentTitleBar();
    post({
      type: "titleBar",
      title: bar ? bar.getAttribute("title") || "" : null,
      buttons: bar ? describeButtons(bar) : [],
    });
  }

  define(
    "ui-title-bar",
    class extends HTMLElement {
      static get observedAttributes() {
        return ["title"];
      }
      connectedCallback() {
        this._observer = observe(this, "titleBar", publishTitleBar);
        schedule("titleBar", publishTitleBar);
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        schedule("titleBar", publishTitleBar);
      }
      attributeChangedCallback() {
        schedule("titleBar", publishTitleBar);
      }
    },
  );

  // ---- <ui-save-bar>: the contextual save bar replaces the admin's top bar while shown ---------------------------
  // Save bars currently shown, latest last; the admin shows the latest.
  var shownSaveBars = [];
  function currentSaveBar() {
    return shownSaveBars.length ? shownSaveBars[shownSaveBars.length - 1] : null;
  }

  function publishSaveBar() {
    var shownSaveBar = currentSaveBar();
    if (shownSaveBar)
      post({ type: "saveBar", id: shownSaveBar.id || null, showing: true, buttons: describeButtons(shownSaveBar) });
    else post({ type: "saveBar", id: null, showing: false, buttons: [] });
  }

  define(
    "ui-save-bar",
    class extends HTMLElement {
      constructor() {
        super();
        this._showing = false;
      }
      get showing() {
        return this._showing;
      }
      get discardConfirmation() {
        return this.hasAttribute("discardConfirmation");
      }
      set discardConfirmation(value) {
        this.toggleAttribute("discardConfirmation", Boolean(value));
      }
      show() {
        if (!this._showing) {
          this._showing = true;
          shownSaveBars.push(this);
          this._observer = observe(this, "saveBar", publishSaveBar);
          publishSaveBar();
          this.dispatchEvent(new Event("show"));
        }
        return Promise.resolve();
      }
      hide() {
        if (this._showing) {
          this._showing = false;
          if (this._observer) this._observer.disconnect();
          shownSaveBars.splice(shownSaveBars.indexOf(this), 1);
          publishSaveBar();
          this.dispatchEvent(new Event("hide"));
        }
        return Promise.resolve();
      }
      toggle() {
        return this._showing ? this.hide() : this.show();
      }
      disconnectedCallback() {
        this.hide();
      }
    },
  );

  // ---- <ui-modal>: rendered inside the app's document (Shopify renders it over the whole admin) -------------------
  var openModals = [];

  define(
    "ui-modal",
    class extends HTMLElement {
      get content() {
        return this.ensureContent();
      }
      ensureContent() {
        // The React Modal portals its children here.
        if (!this._content) {
          this._content = document.createElement("div");
          this._content.className = "shopify-local-modal-content";
          this.appendChild(this._content);
        }
        return this._content;
      }
      get src() {
        return this.getAttribute("src") || undefined;
      }
      set src(value) {
        if (value)
          console.warn(
            "App Bridge (local): <ui-modal src> is not supported by the local admin; render the content as children.",
          );
        this.setAttribute("src", value);
      }
      get contentWindow() {
        return null;
      }
      get open() {
        return this.hasAttribute("data-local-open");
      }
      connectedCallback() {
        if (this._wired) return;
        this._wired = true;
        this.addEventListener("click", (event) => {
          if (event.target === this) this.hide(); // a click on the backdrop
        });
      }
      show() {
        if (!this.open) {
          this.ensureContent(); // the portal target exists before the first paint of the open modal
          this.setAttribute("data-local-open", "");
          if (!this.hasAttribute("tabindex")) this.setAttribute("tabindex", "-1");
          this.focus(); // so that Escape reaches this document (browsers may refuse without a user gesture)
          openModals.push(this);
          this.dispatchEvent(new Event("show"));
        }
        return Promise.resolve();
      }
      hide() {
        if (this.open) {
          this.removeAttribute("data-local-open");
          openModals.splice(openModals.indexOf(this), 1);
          this.dispatchEvent(new Event("hide"));
        }
        return Promise.resolve();
      }
      toggle() {
        return this.open ? this.hide() : this.show();
      }
    },
  );

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && openModals.length) openModals[openModals.length - 1].hide();
  });

  // ---- Toasts: shown by the admin frame; rendered locally when the app is not framed -----------------------------
  var toastCallbacks = {};
  var toastSeq = 0;
  var localToasts = null;

  function showToast(message, options) {
    var opts = options || {};
    var id = "local-toast-" + ++toastSeq;
    var duration = typeof opts.duration === "number" ? opts.duration : 5000;
    toastCallbacks[id] = opts;
    setTimeout(function () {
      delete toastCallbacks[id];
    }, duration + 1000);
    if (framed) {
      post({
        type: "toast",
        id: id,
        message: String(message),
        isError: Boolean(opts.isError),
        duration: duration,
        action: opts.action || null,
      });
    } else {
      if (!localToasts) {
        localToasts = document.createElement("div");
        localToasts.className = "shopify-local-toasts";
        localToasts.setAttribute("aria-live", "polite");
        document.body.appendChild(localToasts);
      }
      var el = document.createElement("div");
      el.className = "shopify-local-toast" + (opts.isError ? " error" : "");
      el.setAttribute("role", "status");
      el.id = id;
      el.textContent = String(message);
      localToasts.appendChild(el);
      setTimeout(function () {
        el.remove();
      }, duration);
    }
    return id;
  }

  function hideToast(id) {
    if (framed) post({ type: "hideToast", id: id });
    else {
      var el = document.getElementById(id);
      if (el) el.remove();
    }
  }

  function unavailable(name) {
    return function () {
      return Promise.reject(
        new Error(
          "shopify." +
            name +
            " is not available in the local admin (simulator): there is no Shopify admin UI behind it. Use the app's own fallback.",
        ),
      );
    };
  }

  function byId(kind, id) {
    var el = document.getElementById(id);
    if (!el || el.localName !== kind)
      return Promise.reject(new Error("App Bridge (local): no <" + kind + ' id="' + id + '"> in the page'));
    return Promise.resolve(el);
  }

  window.shopify = {
    __localSimulator: true,
    config: { apiKey: apiKey, shop: shop || undefined, host: host || undefined, locale: locale, appOrigins: [] },
    origin: simulatorOrigin,
    ready: Promise.resolve(),
    environment: { embedded: framed, mobile: false, pos: false },
    idToken: idToken,
    user: function () {
      return idToken().then(function (token) {
        var claims = decodeJwt(token) || {};
        return { id: Number(claims.sub) || undefined, accountAccess: "Account owner" };
      });
    },
    loading: function (isLoading) {
      post({ type: "loading", on: isLoading === undefined ? true : Boolean(isLoading) });
    },
    toast: { show: showToast, hide: hideToast },
    resourcePicker: unavailable("resourcePicker"),
    picker: unavailable("picker"),
    scanner: { capture: unavailable("scanner.capture") },
    saveBar: {
      show: function (id) {
        return byId("ui-save-bar", id).then(function (el) {
          return el.show();
        });
      },
      hide: function (id) {
        return byId("ui-save-bar", id).then(function (el) {
          return el.hide();
        });
      },
      toggle: function (id) {
        return byId("ui-save-bar", id).then(function (el) {
          return el.toggle();
        });
      },
      leaveConfirmation: function () {
        if (currentSaveBar()) post({ type: "saveBarAttention" });
        return Promise.resolve();
      },
    },
    modal: {
      show: function (id) {
        return byId("ui-modal", id).then(function (el) {
          return el.show();
        });
      },
      hide: function (id) {
        return byId("ui-modal", id).then(function (el) {
          return el.hide();
        });
      },
      toggle: function (id) {
        return byId("ui-modal", id).then(function (el) {
          return el.toggle();
        });
      },
    },
  };

  // ---- Messages from the admin frame ----------------------------------------------------------------------------
  function navigateInApp(href) {
    if (!navigateListeners) {
      // Nothing in this page can route client-side (no AppProvider): the admin reloads the iframe with a new token.
      post({ type: "navigateFallback", href: href });
      return;
    }
    var menu = document.querySelector("ui-nav-menu");
    var anchor = menu
      ? Array.prototype.find.call(menu.querySelectorAll("a[href]"), function (a) {
          return appPathOf(a.getAttribute("href")) === href;
        })
      : null;
    var temporary = null;
    if (!anchor) {
      temporary = document.createElement("a");
      temporary.setAttribute("href", href);
      temporary.hidden = true;
      document.body.appendChild(temporary);
      anchor = temporary;
    }
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    if (temporary) temporary.remove();
  }

  nativeAddEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== simulatorOrigin) return;
    var message = event.data;
    if (!message || message.channel !== CHANNEL) return;
    switch (message.type) {
      case "navigate":
        navigateInApp(message.href);
        break;
      case "titleBarAction":
        clickButton(currentTitleBar(), message.index);
        break;
      case "saveBarAction":
        clickButton(currentSaveBar(), message.index);
        break;
      case "toastAction":
        if (toastCallbacks[message.id] && toastCallbacks[message.id].onAction) toastCallbacks[message.id].onAction();
        break;
      case "toastDismiss":
        if (toastCallbacks[message.id] && toastCallbacks[message.id].onDismiss) toastCallbacks[message.id].onDismiss();
        break;
    }
  });

  // ---- Location: keep the admin's address bar on the app's current page ------------------------------------------
  var lastReportedPath = null;
  function reportLocation() {
    var path = appPathOf(location.href);
    if (path !== lastReportedPath) {
      lastReportedPath = path;
      post({ type: "location", path: path });
    }
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      reportLocation();
      return result;
    };
  });
  nativeAddEventListener("popstate", reportLocation);
  nativeAddEventListener("pagehide", function () {
    post({ type: "unload" });
  });

  // ---- shopify-app-remix's bounce page (/auth/session-token?shopify-reload=<url>): reload with a fresh token --------
  var reload = params.get("shopify-reload");
  if (reload) {
    var destination = new URL(reload, location.href);
    if (destination.origin !== location.origin) {
      console.error(
        "App Bridge (local): refusing shopify-reload to another origin (" +
          destination.origin +
          "); is SHOPIFY_APP_URL the URL in the browser?",
      );
    } else {
      fetchFreshToken().then(
        function (token) {
          destination.searchParams.set("id_token", token);
          location.replace(destination.href);
        },
        function (error) {
          console.error(error);
        },
      );
    }
  }

  function announce() {
    post({ type: "ready" });
    if (!reload) reportLocation(); // the bounce page is not a place in the app
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", announce);
  else announce();
})();
