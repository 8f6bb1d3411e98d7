// The app process's one background runner for webhook processing (kept across Vite dev reloads like the database).
import { logger } from "../logger.server";
import { createBackgroundRunner, type BackgroundRunner } from "./background.server";

declare global {
  var __webhookProcessing: BackgroundRunner | undefined;
}

export const webhookProcessing: BackgroundRunner = (globalThis.__webhookProcessing ??= createBackgroundRunner({
  logger,
  concurrency: Number(process.env.WEBHOOK_CONCURRENCY ?? 4),
}));
