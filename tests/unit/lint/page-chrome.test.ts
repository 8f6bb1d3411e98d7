// Page chrome, read from the routes' source: each page's title is shown once (Polaris `Page` renders it as the
// app's h1; an App Bridge `TitleBar` would repeat it in the admin's bar above), and the pages of the app's
// navigation are top level: no back arrow.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const routes = fileURLToPath(new URL("../../../app/routes", import.meta.url));
const pages = readdirSync(routes)
  .filter((name) => /^app\..*\.tsx$/.test(name) && name !== "app.tsx")
  .map((name) => ({ name, source: readFileSync(path.join(routes, name), "utf8") }))
  .filter((page) => page.source.includes("<Page"));

/** The route files of the pages the app's <NavMenu> links to (app.tsx): "/app/offers" is app.offers._index.tsx. */
const layout = readFileSync(path.join(routes, "app.tsx"), "utf8");
const NAV_PAGES = [...layout.matchAll(/<Link to="(\/app[^"]*)"/g)].map((match) => {
  const base = `app${match[1]!.slice("/app".length).replace(/\//g, ".")}`;
  return pages.some((page) => page.name === `${base}._index.tsx`) ? `${base}._index.tsx` : `${base}.tsx`;
});

describe("page chrome", () => {
  it("finds the app's pages and those of its navigation", () => {
    expect(NAV_PAGES).toEqual(expect.arrayContaining(["app._index.tsx", "app.offers._index.tsx", "app.privacy.tsx"]));
    expect(pages.map((page) => page.name)).toEqual(expect.arrayContaining(NAV_PAGES));
  });

  it.each(pages.map((page) => [page.name, page.source] as const))(
    "%s shows its title once (Polaris Page, no App Bridge TitleBar repeating it)",
    (_name, source) => {
      expect(source).not.toMatch(/<TitleBar\b/);
    },
  );

  it.each(NAV_PAGES.map((name) => [name] as const))("%s, a page of the app's navigation, has no back arrow", (name) => {
    const source = pages.find((page) => page.name === name)!.source;
    expect(source).not.toMatch(/backAction/);
  });
});
