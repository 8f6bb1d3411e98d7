// Purchase options block: keeps this app's selling_plan radios, the product form and its button label in step with the variant.
(() => {
  let forms = 0;
  const date = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long" });

  function init(root) {
    if (root.dpo) return;
    root.dpo = 1;
    const data = JSON.parse(root.querySelector("[data-dpo-data]").textContent);
    const radios = [...root.querySelectorAll('[name="selling_plan"]')];
    const live = root.querySelector("[data-dpo-live]");
    let form = document.getElementById(root.dataset.form);
    if (!(form instanceof HTMLFormElement)) {
      // The theme names its form differently: take the add-to-cart form of the same section.
      form = (root.closest(".shopify-section") || document).querySelector('form[action*="/cart/add"]');
      if (!form) return;
      // getAttribute: form.id would be the form's own <input name="id">.
      if (!form.getAttribute("id")) form.setAttribute("id", "dpo-form-" + ++forms);
      for (const radio of radios) radio.setAttribute("form", form.getAttribute("id"));
    }
    // The Liquid render already chose for its variant; a plan from the URL counts as the customer's own choice.
    let shown = data.variant;
    let touched = data.chosen;
    let applied, original, said;
    const checked = () => radios.find((r) => r.checked && !r.disabled);
    const set = (option, name, text) => {
      const el = option.querySelector(`[data-dpo-${name}]`);
      if (el && el.textContent !== text) el.textContent = text;
    };

    function render() {
      const id = form.querySelector('[name="id"]')?.value;
      const variant = data.variants[id] || {};
      let any = false;
      root.querySelector("fieldset").disabled = variant.available === false;
      root.querySelector("[data-dpo-soldout]").hidden = variant.available !== false;
      for (const radio of radios) {
        const option = radio.closest("[data-dpo-option]");
        const plan = data.plans[radio.value];
        if (!plan) {
          set(option, "price", variant.price || "");
          continue;
        }
        const entry = plan.v[id];
        option.hidden = !entry;
        radio.disabled = !entry || plan.full;
        if (!entry) continue;
        any = true;
        set(option, "price", entry.price);
        set(option, "compare-amount", entry.compare);
        option.querySelector("[data-dpo-compare]").hidden = !entry.compare;
        // "14 days after checkout" reads better as the date it will be, seen from today.
        set(
          option,
          "line",
          entry.dated ? entry.dated.replace("__DPO_DATE__", date.format(Date.now() + plan.days * 864e5)) : entry.line,
        );
      }
      root.hidden = !any;
      if (id !== shown) {
        // A new variant: keep the customer's choice while it is open, else the same default as the Liquid render.
        const buy = radios.find((r) => !r.value);
        const open = radios.find((r) => r.value && !r.disabled);
        let next = checked();
        if (!touched || !next) next = (variant.oos || !buy ? open : buy) || buy;
        for (const radio of radios) radio.checked = radio === next;
        shown = id;
      }
      const choice = checked();
      // A selling_plan field the theme keeps in its form must post the same value.
      for (const input of form.querySelectorAll('input[name="selling_plan"]')) {
        if (!radios.includes(input)) input.value = choice ? choice.value : "";
      }
      return choice;
    }

    function update(announce) {
      const choice = render();
      const button = form.querySelector('[type="submit"], [name="add"]');
      if (button) {
        const target =
          [...button.querySelectorAll("span")].find((s) => !s.children.length && s.textContent.trim()) || button;
        const text = target.textContent.trim();
        const want = (!button.disabled && choice && data.plans[choice.value]?.button) || "";
        if (want && text !== want) {
          if (text !== applied) original = text;
          target.textContent = applied = want;
        } else if (!want && applied) {
          if (text === applied) target.textContent = original;
          applied = "";
        }
      }
      // Announce the chosen option's price line when it changes, not on load and not on unrelated changes.
      const option = choice && choice.closest("[data-dpo-option]");
      const line = option
        ? ["name", "price", "line"].map((n) => option.querySelector(`[data-dpo-${n}]`)?.textContent.trim()).join(" ")
        : "";
      if (announce && line && line !== said) live.textContent = line;
      said = line;
    }

    const later = () => setTimeout(update, 0, true);
    root.addEventListener("change", () => {
      touched = true;
      update(true);
    });
    document.addEventListener("change", (e) => root.contains(e.target) || later());
    for (const type of ["variant:change", "variant:changed", "variant:update", "on:variant:change"])
      document.addEventListener(type, later);
    // Last look before the theme reads the form.
    document.addEventListener("submit", (e) => e.target === form && update(false), true);
    // Themes re-render the button label after a variant change; a hidden input's value is an attribute, so this also
    // sees themes that set the variant without any event.
    new MutationObserver(() => update(true)).observe(form, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["disabled", "value"],
    });
    update(false);
  }

  const scan = () => document.querySelectorAll("[data-dpo-block]").forEach(init);
  scan();
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
})();
