// The engine as the app's processes run it (worker, tick, web process): the app's database, logger, each shop's
// offline Admin API client and the app's clock (the simulator's in local runs, read again before each claim).
import prisma from "../db/client.server";
import { logger } from "../logger.server";
import { offlineAdminClient } from "../services/admin-access.server";
import { appClock } from "./clock.server";
import type { Engine } from "./engine.server";
import { appEngine, chargeAlertsFromEnv } from "./jobs.server";

export function liveEngine(options: { concurrency?: number } = {}): Engine {
  const clock = appClock();
  return appEngine({
    db: prisma,
    logger,
    adminFor: (shop) => offlineAdminClient(prisma, shop),
    ...chargeAlertsFromEnv(),
    now: () => clock.now(),
    beforeClaim: () => clock.sync(),
    concurrency: options.concurrency,
  });
}
