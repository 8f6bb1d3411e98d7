// The long-running background worker (`npm run worker`): retries webhook deliveries whose processing failed or
// has not run. One tick at a time per process; several processes may run, rows are claimed one by one.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { offlineAdminClient } from "../shopify/admin.server";
import { startWebhookRetryLoop } from "../webhooks/retry.server";

const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 30_000);
const loop = startWebhookRetryLoop({
  db: prisma,
  logger,
  adminFor: (shop) => offlineAdminClient(prisma, shop),
  intervalMs,
});
logger.info({ intervalMs }, "worker started");

async function shutdown() {
  await loop.stop();
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
