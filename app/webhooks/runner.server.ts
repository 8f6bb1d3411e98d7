// The app process's one background runner (kept across Vite dev reloads like the database): webhook processing
// after the acknowledgement, and backfills started from the admin or on install.
import { logger } from "../logger.server";
import { createBackgroundRunner, type BackgroundRunner } from "./background.server";
import { intakeInFlight } from "./intake.server";

declare global {
  var __backgroundWork: BackgroundRunner | undefined;
}

export const backgroundWork: BackgroundRunner = (globalThis.__backgroundWork ??= createBackgroundRunner({
  logger,
  concurrency: Number(process.env.BACKGROUND_CONCURRENCY ?? 4),
  // Acknowledging Shopify's deliveries comes before processing them.
  yieldWhile: () => intakeInFlight() > 0,
}));
