// A charge worker in a process of its own, for the race and crash tests: the app's engine with every kind, its clock
// following the simulator's (the local clock seam), the shop's Admin API on the simulator. Drains until no balance
// of the shop is open, then prints DONE and the units it claimed (or runs until it is killed).
// argv: <database url> <simulator url> <shop> <access token>.
import { listOpenCharges } from "../../app/db/charges.server";
import { createDatabase } from "../../app/db/client.server";
import { databaseConfig } from "../../app/db/database-url";
import { simulatorClock } from "../../app/local/clock.server";
import { createLogger } from "../../app/logger.server";
import { appEngine } from "../../app/scheduler/jobs.server";
import { createAdminClient } from "../../app/shopify/client.server";

const [url, simulatorUrl, shop, accessToken] = process.argv.slice(2);
const db = createDatabase(databaseConfig(url));
const logger = createLogger({ level: (process.env.CHILD_LOG_LEVEL as "silent") ?? "silent" });
const clock = simulatorClock(simulatorUrl, { refreshMs: 0 });
const admin = createAdminClient({ shop, accessToken, apiOrigin: simulatorUrl, logger });
const engine = appEngine({
  db,
  logger,
  adminFor: async () => admin,
  now: () => clock.now(),
  beforeClaim: () => clock.sync(),
  concurrency: Number(process.env.CONCURRENCY ?? 4),
  perShop: 20,
  chargeLeaseMs: Number(process.env.LEASE_MS ?? 1_500),
});
let claimed = 0;
const deadline = Date.now() + Number(process.env.DEADLINE_MS ?? 240_000);
while (Date.now() < deadline) {
  const summary = await engine.drain();
  claimed += summary.claimed;
  if (summary.claimed === 0) {
    if ((await listOpenCharges(db, shop)).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
await db.$disconnect();
process.stdout.write(`DONE ${claimed}\n`);
