// The local admin frame and App Bridge stand-in in Chromium, against a fake embedded app (no Remix app needed).
import { expect, test, type Frame, type Page } from "@playwright/test";
import { FAKE_HANDLE, FAKE_SHOP, startFakeSetup, type FakeSetup } from "./support/fake-embedded-app";

let setup: FakeSetup;
const adminBase = `/store/${FAKE_SHOP.replace(".myshopify.com", "")}/apps/${FAKE_HANDLE}`;

test.beforeAll(async () => {
  setup = await startFakeSetup();
});

test.afterAll(async () => {
  await setup.close();
});

function appFrame(page: Page): Frame {
  const frame = page.frame({ name: "app-iframe" });
  if (!frame) throw new Error("no app iframe");
  return frame;
}

async function openAdmin(page: Page, path = ""): Promise<void> {
  await page.goto(`${setup.simulatorUrl}${adminBase}${path}`);
  await expect(page.frameLocator("#app-iframe").locator("#auth")).toHaveText(`document token for https://${FAKE_SHOP}`);
}

test("embeds the app with a session token the app verifies, and shows its nav and title", async ({ page }) => {
  await openAdmin(page);
  const nav = page.getByRole("navigation", { name: "Admin navigation" });
  await expect(nav.getByRole("link", { name: "Fake app" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Plans" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Plain page" })).toBeVisible();
  // ui-nav-menu links live in the admin, not in the app's page.
  await expect(page.frameLocator("#app-iframe").getByRole("link", { name: "Plans" })).toBeHidden();
  await expect(page.locator("#page-title")).toHaveText("Page /app");
  await expect(page.getByRole("button", { name: "Create plan" })).toBeVisible();
});

test("adds the session token to the app's own fetch requests and retries once when asked", async ({ page }) => {
  await openAdmin(page);
  const frame = appFrame(page);
  const whoami = await frame.evaluate(async () => (await fetch("/api/whoami")).json());
  expect(whoami).toEqual({ dest: `https://${FAKE_SHOP}` });

  const before = setup.acceptedTokens.length;
  const flaky = await frame.evaluate(async () => (await fetch("/api/flaky", { method: "POST", body: "x" })).json());
  expect(flaky).toEqual({ dest: `https://${FAKE_SHOP}`, calls: 2 });
  expect(setup.acceptedTokens.slice(before)).toHaveLength(1);
});

test("navigates client-side from the admin nav and keeps the admin URL on the app's page", async ({ page }) => {
  await openAdmin(page);
  const documentLoads = setup.acceptedTokens.filter((t) => t.startsWith("document:")).length;
  await page.getByRole("navigation", { name: "Admin navigation" }).getByRole("link", { name: "Plans" }).click();
  await expect(page.frameLocator("#app-iframe").locator("#heading")).toHaveText("Fake /app/plans");
  await expect(page).toHaveURL(`${setup.simulatorUrl}${adminBase}/app/plans`);
  await expect(page.locator("#page-title")).toHaveText("Page /app/plans");
  await expect(page.getByRole("link", { name: "Plans" })).toHaveAttribute("aria-current", "page");
  // No new document request: the page routed on shopify:navigate, as a Remix app under AppProvider does.
  expect(setup.acceptedTokens.filter((t) => t.startsWith("document:"))).toHaveLength(documentLoads);
});

test("reloads the iframe with a fresh token when the page cannot route client-side", async ({ page }) => {
  await openAdmin(page, "/app/plain");
  await page.getByRole("navigation", { name: "Admin navigation" }).getByRole("link", { name: "Plans" }).click();
  await expect(page.frameLocator("#app-iframe").locator("#heading")).toHaveText("Fake /app/plans");
  await expect(page.frameLocator("#app-iframe").locator("#auth")).toHaveText(`document token for https://${FAKE_SHOP}`);
  await expect(page).toHaveURL(`${setup.simulatorUrl}${adminBase}/app/plans`);
});

test("opening an admin URL on a sub-page loads that page of the app", async ({ page }) => {
  await openAdmin(page, "/app/plans");
  await expect(page.frameLocator("#app-iframe").locator("#heading")).toHaveText("Fake /app/plans");
});

test("shows toasts in the admin and refuses the resource picker clearly", async ({ page }) => {
  await openAdmin(page);
  const frame = appFrame(page);
  await frame.evaluate(() => window.shopify.toast.show("Plan saved"));
  await expect(page.getByRole("status").filter({ hasText: "Plan saved" })).toBeVisible();
  const error = await frame.evaluate(() =>
    window.shopify.resourcePicker({ type: "product" }).then(
      () => "resolved",
      (e: Error) => e.message,
    ),
  );
  expect(error).toContain("not available in the local admin");
});

test("relays title bar and save bar buttons, and unsaved changes block navigation", async ({ page }) => {
  await openAdmin(page);
  const frame = appFrame(page);
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect.poll(() => frame.evaluate(() => document.body.dataset.created)).toBe("yes");

  await frame.evaluate(() => window.shopify.saveBar.show("plan-save-bar"));
  const saveBar = page.getByRole("region", { name: "Contextual save bar" });
  await expect(saveBar).toBeVisible();
  await page.getByRole("navigation", { name: "Admin navigation" }).getByRole("link", { name: "Plans" }).click();
  await expect(page.frameLocator("#app-iframe").locator("#heading")).toHaveText("Fake /app");
  await saveBar.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => frame.evaluate(() => document.body.dataset.saved)).toBe("yes");
  await saveBar.getByRole("button", { name: "Discard" }).click();
  await expect.poll(() => frame.evaluate(() => document.body.dataset.discarded)).toBe("yes");
  await frame.evaluate(() => window.shopify.saveBar.hide("plan-save-bar"));
  await expect(saveBar).toBeHidden();
});

test("shows and dismisses modals inside the app", async ({ page }) => {
  await openAdmin(page);
  const frame = appFrame(page);
  const modal = page.frameLocator("#app-iframe").locator("#help-modal");
  await expect(modal).toBeHidden();
  const events: string[] = [];
  await page.exposeFunction("recordModalEvent", (name: string) => events.push(name));
  await frame.evaluate(() => {
    const el = document.getElementById("help-modal")!;
    const record = (window as unknown as { recordModalEvent: (name: string) => void }).recordModalEvent;
    el.addEventListener("show", () => record("show"));
    el.addEventListener("hide", () => record("hide"));
  });
  await frame.evaluate(() => window.shopify.modal.show("help-modal"));
  await expect(modal).toBeVisible();
  await modal.locator("ui-title-bar").click(); // a click inside the modal keeps it open and focuses the app
  await expect(modal).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(modal).toBeHidden();
  await frame.evaluate(() => window.shopify.modal.toggle("help-modal"));
  await expect(modal).toBeVisible();
  await modal.click({ position: { x: 5, y: 5 } }); // the backdrop
  await expect(modal).toBeHidden();
  await expect.poll(() => events).toEqual(["show", "hide", "show", "hide"]);
});

test("follows shopify-app-remix's bounce page with a fresh token", async ({ page }) => {
  await openAdmin(page);
  const host = new URL(appFrame(page).url()).searchParams.get("host")!;
  const reload = `${setup.appUrl}/app/plans?embedded=1&shop=${FAKE_SHOP}&host=${host}`;
  const bounce = `${setup.appUrl}/auth/session-token?embedded=1&shop=${FAKE_SHOP}&host=${host}&shopify-reload=${encodeURIComponent(reload)}`;
  await appFrame(page).goto(bounce);
  await expect(page.frameLocator("#app-iframe").locator("#heading")).toHaveText("Fake /app/plans");
  await expect(page.frameLocator("#app-iframe").locator("#auth")).toHaveText(`document token for https://${FAKE_SHOP}`);
});
