// Purchase option badges: puts "Pre-order" / "Try before you buy" on the product cards of collection and search pages.
(() => {
  const island = document.getElementById("dpo-badges");
  if (!island) return;
  const badges = JSON.parse(island.textContent);
  const cards =
    island.dataset.card || ".card-wrapper, .product-card, .card, .grid__item, [data-product-card], li, article";
  let queued = false;

  function decorate() {
    queued = false;
    for (const link of document.querySelectorAll('a[href*="/products/"]')) {
      const handle = decodeURIComponent(new URL(link.href, location.href).pathname.split("/products/")[1] || "").split(
        "/",
      )[0];
      const card = badges[handle] && link.closest(cards);
      if (!card || card.querySelector(".dpo-badge")) continue;
      const badge = document.createElement("span");
      badge.className = "dpo-badge";
      badge.textContent = badges[handle];
      // Laid over the card (absolute), so adding it after first paint shifts nothing.
      if (getComputedStyle(card).position === "static") card.classList.add("dpo-badge-host");
      card.prepend(badge);
    }
  }

  decorate();
  // Filtering, sorting and infinite scroll swap cards in without a page load.
  new MutationObserver(() => queued || (queued = requestAnimationFrame(decorate))).observe(document.body, {
    childList: true,
    subtree: true,
  });
})();
