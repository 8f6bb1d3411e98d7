// The long-running background worker (`npm run worker`): retries webhook deliveries whose processing failed or
// has not run, and searches shops' existing orders (backfills). Several processes may run; rows are claimed.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { runBackfills } from "../services/backfill.server";
import { offlineAdminClient } from "../shopify/admin.server";
import { startWebhookRetryLoop } from "../webhooks/retry.server";
import { startPeriodic } from "./periodic.server";

const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 30_000);
const adminFor = (shop: string) => offlineAdminClient(prisma, shop);
const jobs = [
  startWebhookRetryLoop({ db: prisma, logger, adminFor, intervalMs }),
  startPeriodic({
    name: "backfills",
    intervalMs,
    logger,
    tick: () => runBackfills({ db: prisma, logger, adminFor }),
    worthLogging: (summary) => summary.runs > 0,
  }),
];
logger.info({ intervalMs }, "worker started");

async function shutdown() {
  await Promise.all(jobs.map((job) => job.stop()));
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
