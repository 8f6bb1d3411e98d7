// The web process's share of scheduled work: a delivery it just stored, or a search the merchant just asked for,
// runs here at once (a few at a time, after the answer), through the same engine as the worker. What it cannot
// take (a full queue, a shutdown) stays due in the database for the worker.
import { logger } from "../logger.server";
import { intakeInFlight } from "../webhooks/intake.server";
import { createBackgroundRunner, type BackgroundRunner } from "./background.server";
import { appClock } from "./clock.server";
import type { Engine } from "./engine.server";
import { liveEngine } from "./live-engine.server";

interface WebRunner {
  engine: Engine;
  background: BackgroundRunner;
}

declare global {
  // Kept across Vite dev reloads, like the database client.
  var __webRunner: WebRunner | undefined;
}

function webRunner(): WebRunner {
  if (!globalThis.__webRunner) {
    globalThis.__webRunner = {
      engine: liveEngine(),
      background: createBackgroundRunner({
        logger,
        concurrency: Number(process.env.BACKGROUND_CONCURRENCY ?? 4),
        // Acknowledging Shopify's deliveries comes before processing them.
        yieldWhile: () => intakeInFlight() > 0,
      }),
    };
  }
  return globalThis.__webRunner;
}

/** Runs the unit now, in this request (tests, and actions whose answer waits for the result). */
export function runJobNow(jobId: string) {
  return webRunner().engine.runNow(jobId);
}

/** The background queue intake hands stored deliveries to. */
export function backgroundQueue(): BackgroundRunner {
  return webRunner().background;
}

/** Runs the unit soon, after the current answer; false when the queue is full (the worker will run it). */
export function runJobSoon(jobId: string): boolean {
  return webRunner().background.run(async () => {
    const result = await webRunner().engine.runNow(jobId);
    // A unit that asked to run again within a minute (a payment's status to read) is followed here too, so a
    // merchant's "Charge now" finishes in the web process when no worker runs; anything later is the worker's.
    const dueAt = result?.kept ? result.settlement?.dueAt : null;
    if (result?.settlement?.status === "SCHEDULED" && dueAt) {
      const delayMs = dueAt.getTime() - appClock().now().getTime();
      if (delayMs <= FOLLOW_UP_MS) setTimeout(() => runJobSoon(jobId), Math.max(0, delayMs)).unref();
    }
    return result;
  });
}

/** The longest wait the web process follows up itself. */
const FOLLOW_UP_MS = 60_000;

/** For shutdown: takes no more work; what was not started stays due for the worker. */
export function stopWebRunner(): Promise<number> {
  return globalThis.__webRunner ? globalThis.__webRunner.background.stop() : Promise.resolve(0);
}
