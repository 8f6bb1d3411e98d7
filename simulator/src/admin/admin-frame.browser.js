// Local admin frame script (served at /admin/frame.js): plays the Shopify admin's part for the app iframe:
// session tokens on navigation, the app's nav links, title bar, contextual save bar, loading bar and toasts.
(function () {
  "use strict";
  var CHANNEL = "shopify-local-admin";
  var config = JSON.parse(document.getElementById("local-admin-config").textContent);
  var iframe = document.getElementById("app-iframe");
  var nav = document.querySelector("nav.nav");
  var appNav = document.getElementById("app-nav");
  var homeLink = document.getElementById("app-home-link");
  var pageTitle = document.getElementById("page-title");
  var titleActions = document.getElementById("title-actions");
  var saveBar = document.getElementById("save-bar");
  var saveBarActions = saveBar.querySelector(".actions");
  var loadingBar = document.getElementById("loading-bar");
  var toasts = document.getElementById("toasts");

  // True while the document in the iframe runs the App Bridge stand-in and can route client-side.
  var bridgeAlive = false;
  var currentAppPath = config.initialAppPath;

  function post(message) {
    if (!iframe.contentWindow) return;
    message.channel = CHANNEL;
    iframe.contentWindow.postMessage(message, config.appOrigin);
  }

  function fetchToken() {
    return fetch(config.sessionTokenPath + "?shop=" + encodeURIComponent(config.shop), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("session token request failed with HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        return body.token;
      });
  }

  function appUrlFor(appPath, token) {
    var url = new URL(config.appUrl.replace(/\/+$/, "") + appPath);
    url.searchParams.set("embedded", "1");
    url.searchParams.set("shop", config.shop);
    url.searchParams.set("host", config.host);
    url.searchParams.set("id_token", token);
    url.searchParams.set("locale", config.locale);
    return url.href;
  }

  function adminPathFor(appPath) {
    return appPath === config.appHomePath ? config.adminBasePath : config.adminBasePath + appPath;
  }

  /** Full load of an app page, like the admin does on a hard navigation: a fresh token in the URL. */
  function loadApp(appPath) {
    bridgeAlive = false;
    return fetchToken().then(
      function (token) {
        iframe.src = appUrlFor(appPath, token);
        setAppPath(appPath);
      },
      function (error) {
        showToast({
          id: "frame-error",
          message: "Could not open the app: " + error.message,
          isError: true,
          duration: 8000,
        });
      },
    );
  }

  function setAppPath(appPath) {
    currentAppPath = appPath;
    var adminPath = adminPathFor(appPath);
    if (location.pathname + location.search !== adminPath) history.replaceState(null, "", adminPath);
    markCurrentLink();
  }

  function markCurrentLink() {
    var path = currentAppPath.split("?")[0];
    var links = [homeLink].concat(Array.prototype.slice.call(appNav.querySelectorAll("a")));
    var best = null;
    var bestLength = -1;
    links.forEach(function (link) {
      var href = link.getAttribute("data-app-path").split("?")[0].replace(/\/+$/, "") || "/";
      var matches = path === href || path.indexOf(href === "/" ? "/" : href + "/") === 0;
      if (matches && href.length > bestLength) {
        best = link;
        bestLength = href.length;
      }
      link.removeAttribute("aria-current");
    });
    if (best) best.setAttribute("aria-current", "page");
  }

  function renderNav(items) {
    appNav.textContent = "";
    items.forEach(function (item) {
      if (item.home) {
        homeLink.setAttribute("data-app-path", item.href); // rel="home": the app's name entry opens it
        homeLink.setAttribute("href", adminPathFor(item.href));
        return;
      }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.textContent = item.label;
      a.setAttribute("href", adminPathFor(item.href));
      a.setAttribute("data-app-path", item.href);
      li.appendChild(a);
      appNav.appendChild(li);
    });
    markCurrentLink();
  }

  function makeButton(spec, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className =
      "btn" + (spec.variant === "primary" ? " primary" : "") + (spec.tone === "critical" ? " critical" : "");
    button.textContent = spec.loading ? spec.label + "…" : spec.label;
    button.disabled = Boolean(spec.disabled || spec.loading);
    button.addEventListener("click", onClick);
    return button;
  }

  function renderTitleBar(message) {
    pageTitle.textContent = message.title || "";
    titleActions.textContent = "";
    message.buttons.forEach(function (spec) {
      titleActions.appendChild(
        makeButton(spec, function () {
          post({ type: "titleBarAction", index: spec.index });
        }),
      );
    });
  }

  function renderSaveBar(message) {
    saveBar.hidden = !message.showing;
    saveBarActions.textContent = "";
    if (!message.showing) return;
    // Shopify puts Discard before Save whatever the order in the app's markup.
    var ordered = message.buttons.slice().sort(function (a, b) {
      return (a.variant === "primary" ? 1 : 0) - (b.variant === "primary" ? 1 : 0);
    });
    ordered.forEach(function (spec) {
      var label = spec.label || (spec.variant === "primary" ? "Save" : "Discard");
      saveBarActions.appendChild(
        makeButton(Object.assign({}, spec, { label: label }), function () {
          post({ type: "saveBarAction", index: spec.index });
        }),
      );
    });
  }

  function drawAttentionToSaveBar() {
    saveBar.animate(
      [
        { transform: "translateX(0)" },
        { transform: "translateX(-6px)" },
        { transform: "translateX(6px)" },
        { transform: "translateX(0)" },
      ],
      { duration: 240, iterations: 2 },
    );
  }

  function showToast(message) {
    var toast = document.createElement("div");
    toast.className = "toast" + (message.isError ? " error" : "");
    toast.setAttribute("role", "status");
    toast.setAttribute("data-toast-id", message.id);
    var text = document.createElement("span");
    text.textContent = message.message;
    toast.appendChild(text);
    if (message.action) {
      var action = document.createElement("button");
      action.type = "button";
      action.textContent = message.action;
      action.addEventListener("click", function () {
        post({ type: "toastAction", id: message.id });
        toast.remove();
      });
      toast.appendChild(action);
    }
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", "Dismiss notification");
    dismiss.textContent = "×";
    dismiss.addEventListener("click", function () {
      post({ type: "toastDismiss", id: message.id });
      toast.remove();
    });
    toast.appendChild(dismiss);
    toasts.appendChild(toast);
    setTimeout(function () {
      toast.remove();
    }, message.duration || 5000);
  }

  function hideToast(id) {
    var toast = toasts.querySelector('[data-toast-id="' + CSS.escape(id) + '"]');
    if (toast) toast.remove();
  }

  /** The app asked to leave its iframe: admin URLs map onto this local admin, anything else opens at the top. */
  function openFromApp(rawUrl) {
    var url = new URL(rawUrl);
    var adminMatch = url.hostname === "admin.shopify.com" ? /^\/store\/[^/]+(\/.*)?$/.exec(url.pathname) : null;
    if (adminMatch) {
      location.assign("/store/" + encodeURIComponent(config.storeName) + (adminMatch[1] || "") + url.search);
    } else if (url.hostname === config.shop && url.pathname.indexOf("/admin") === 0) {
      location.assign(
        "/store/" + encodeURIComponent(config.storeName) + url.pathname.slice("/admin".length) + url.search,
      );
    } else {
      location.assign(url.href);
    }
  }

  function clearPageState() {
    bridgeAlive = false;
    pageTitle.textContent = "";
    titleActions.textContent = "";
    saveBar.hidden = true;
    loadingBar.hidden = true;
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-app-path]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (!saveBar.hidden) {
      drawAttentionToSaveBar(); // like Shopify: unsaved changes block leaving the page
      return;
    }
    var appPath = link.getAttribute("data-app-path");
    if (bridgeAlive) post({ type: "navigate", href: appPath });
    else loadApp(appPath);
  });

  window.addEventListener("message", function (event) {
    if (event.source !== iframe.contentWindow || event.origin !== config.appOrigin) return;
    var message = event.data;
    if (!message || message.channel !== CHANNEL) return;
    switch (message.type) {
      case "ready":
        bridgeAlive = true;
        break;
      case "unload":
        clearPageState();
        break;
      case "location":
        setAppPath(message.path);
        break;
      case "nav":
        renderNav(message.items);
        break;
      case "titleBar":
        renderTitleBar(message);
        break;
      case "saveBar":
        renderSaveBar(message);
        break;
      case "saveBarAttention":
        drawAttentionToSaveBar();
        break;
      case "loading":
        loadingBar.hidden = !message.on;
        break;
      case "toast":
        showToast(message);
        break;
      case "hideToast":
        hideToast(message.id);
        break;
      case "navigateFallback":
        loadApp(message.href);
        break;
      case "open":
        openFromApp(message.url);
        break;
    }
  });

  markCurrentLink();
})();
