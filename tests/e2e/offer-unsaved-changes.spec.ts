// Unsaved changes on the offer form: App Bridge's save bar shows in the admin as soon as the form differs from what
// was loaded (Save and Discard work from there, and the admin's navigation is held), and leaving by the app's own
// links asks first ("Leave page with unsaved changes?").
import { expect, test, type FrameLocator } from "@playwright/test";
import { openNewPreOrderForm } from "./support/offers";

test("the offer form shows the save bar while it has unsaved changes, and leaving asks first", async ({ page }) => {
  const appErrors: string[] = [];
  page.on("pageerror", (error) => appErrors.push(error.message));
  const saveBar = page.getByRole("region", { name: "Contextual save bar" });
  const leave = (app: FrameLocator) => app.getByRole("dialog", { name: "Leave page with unsaved changes?" });

  const app = await openNewPreOrderForm(page);
  await expect(saveBar).toBeHidden();
  const name = app.getByLabel("Name customers see");
  await name.fill("Unsaved pre-order");
  await expect(saveBar).toBeVisible();

  // The admin's own navigation is held while the save bar shows.
  await page
    .getByRole("navigation", { name: "Admin navigation" })
    .getByRole("link", { name: "Offers", exact: true })
    .click();
  await expect(app.getByRole("heading", { name: "New pre-order offer", level: 1 })).toBeVisible();
  await expect(name).toHaveValue("Unsaved pre-order");

  // The app's back arrow asks; "Stay" keeps every change.
  await app.getByRole("link", { name: "Offers" }).click();
  await expect(leave(app)).toBeVisible();
  await leave(app).getByRole("button", { name: "Stay" }).click();
  await expect(leave(app)).toBeHidden();
  await expect(name).toHaveValue("Unsaved pre-order");

  // Discard, from the admin's save bar: the form is as loaded again and the bar goes.
  await saveBar.getByRole("button", { name: "Discard" }).click();
  await expect(name).toHaveValue("Pre-order");
  await expect(saveBar).toBeHidden();

  // Changed again: "Leave page" goes, and the changes with it.
  await name.fill("Abandoned pre-order");
  await expect(saveBar).toBeVisible();
  await app.getByRole("link", { name: "Offers" }).click();
  await leave(app).getByRole("button", { name: "Leave page" }).click();
  await expect(app.getByRole("heading", { name: "Offers", level: 1 })).toBeVisible();
  await expect(saveBar).toBeHidden();
  await expect(app.getByRole("row").filter({ hasText: "Abandoned pre-order" })).toHaveCount(0);

  // Creating is no leaving: the new offer's page opens without a question, with nothing unsaved.
  const created = `Saved pre-order ${Date.now()}`;
  const form = await openNewPreOrderForm(page);
  await form.getByLabel("Name customers see").fill(created);
  await form.getByRole("button", { name: "Create offer" }).last().click();
  await expect(form.getByRole("heading", { name: created, level: 1 })).toBeVisible();
  await expect(saveBar).toBeHidden();

  // Save, from the admin's save bar, on the offer's page.
  const renamed = `${created} (renamed)`;
  await form.getByLabel("Name customers see").fill(renamed);
  await expect(saveBar).toBeVisible();
  await saveBar.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("heading", { name: renamed, level: 1 })).toBeVisible();
  await expect(saveBar).toBeHidden();
  await page
    .getByRole("navigation", { name: "Admin navigation" })
    .getByRole("link", { name: "Offers", exact: true })
    .click();
  await expect(form.getByRole("row").filter({ hasText: renamed })).toHaveCount(1);
  expect(appErrors).toEqual([]);
});
