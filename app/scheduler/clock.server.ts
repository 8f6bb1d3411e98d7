// The app's clock: the system's, or in local runs the simulator's (the local seam in app/local/clock.server.ts).
import { config } from "../config.server";
import { simulatorClock, systemClock, type AppClock } from "../local/clock.server";
import { logger } from "../logger.server";

declare global {
  var __appClock: AppClock | undefined;
}

export function appClock(): AppClock {
  const local = config().local;
  globalThis.__appClock ??= local ? simulatorClock(local.simulatorUrl, { logger }) : systemClock;
  return globalThis.__appClock;
}
