// The real app, embedded in the simulator's admin frame: its home page renders and its nav reaches the admin.
import { expect, test } from "@playwright/test";
import { adminBase, shop, simulatorUrl } from "./support/app";

// Console errors of the admin page and the app's iframe explain most failures (e.g. a CSP that refuses the frame).
let consoleErrors: string[] = [];
test.beforeEach(({ page }) => {
  consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
});
test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && consoleErrors.length > 0) {
    await testInfo.attach("browser-console-errors", { body: consoleErrors.join("\n"), contentType: "text/plain" });
    console.error(`Browser console errors (last page ${page.url()}):\n  ${consoleErrors.join("\n  ")}`);
  }
});

test("opens the app's home page inside the local admin, with its navigation in the admin", async ({
  page,
}, testInfo) => {
  const appErrors: string[] = [];
  page.on("pageerror", (error) => appErrors.push(error.message));

  await page.goto(`${simulatorUrl}${adminBase}`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "Deferred purchase options", level: 1 })).toBeVisible();
  await expect(app.getByText(shop)).toBeVisible();

  // Every link of the app's <ui-nav-menu> shows in the admin's navigation (the home link is the app's name).
  const menu = await app.locator("ui-nav-menu a").evaluateAll((links) =>
    links.map((a) => ({
      label: (a.textContent ?? "").trim(),
      href: a.getAttribute("href") ?? "",
      home: a.getAttribute("rel") === "home",
    })),
  );
  const pages = menu.filter((link) => !link.home);
  expect(pages.length).toBeGreaterThan(0);
  const nav = page.getByRole("navigation", { name: "Admin navigation" });
  await expect(nav.getByRole("link", { name: "Deferred Purchase Options" })).toHaveAttribute("aria-current", "page");
  for (const link of pages) {
    await expect(nav.getByRole("link", { name: link.label, exact: true })).toBeVisible();
  }
  // The page's title is the app's own h1, shown once: no App Bridge title bar repeats it above the iframe.
  await expect(page.locator("#page-title")).toHaveText("");
  await expect(app.getByText("Deferred purchase options", { exact: true })).toHaveCount(1);

  const screenshotPath = testInfo.outputPath("app-shell.png");
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await testInfo.attach("app-shell", { path: screenshotPath, contentType: "image/png" });

  // Navigating from the admin: the app routes client-side and its data request carries a session token.
  const target = pages[0]!;
  const dataRequest = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname.startsWith(target.href) &&
      response.request().headers()["authorization"]?.startsWith("Bearer ") === true,
  );
  await nav.getByRole("link", { name: target.label, exact: true }).click();
  expect((await dataRequest).status()).toBe(200);
  await expect(page).toHaveURL(`${simulatorUrl}${adminBase}${target.href}`);
  expect(appErrors).toEqual([]);
});

test("recovers from an invalid session token through shopify-app-remix's bounce page", async ({ page }) => {
  await page.goto(`${simulatorUrl}${adminBase}`);
  const app = page.frameLocator("#app-iframe");
  await expect(app.getByRole("heading", { name: "Deferred purchase options", level: 1 })).toBeVisible();
  const frame = page.frame({ name: "app-iframe" })!;
  const stale = new URL(frame.url());
  stale.searchParams.set("id_token", "not.a.token");
  // The app refuses the token, redirects to /auth/session-token?shopify-reload=..., and App Bridge reloads with a fresh one.
  const bounced = page.waitForRequest((request) => new URL(request.url()).pathname === "/auth/session-token");
  await frame.goto(stale.href);
  await bounced;
  await expect(app.getByRole("heading", { name: "Deferred purchase options", level: 1 })).toBeVisible();
  const reloaded = new URL(page.frame({ name: "app-iframe" })!.url());
  expect(reloaded.pathname).toBe("/app");
  expect(reloaded.searchParams.get("id_token")).not.toBe("not.a.token");
});
