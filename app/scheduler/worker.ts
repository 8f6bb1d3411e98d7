// The long-running background worker (`npm run worker`): retries webhook deliveries whose processing failed or
// has not run, and searches shops' existing orders (backfills). Several processes may run; rows are claimed.
import { setPriority } from "node:os";
import { config } from "../config.server";
import prisma from "../db/client.server";
import { logger } from "../logger.server";
import { runBackfills } from "../services/backfill.server";
import { offlineAdminClient } from "../services/admin-access.server";
import { startWebhookRetryLoop } from "../webhooks/retry.server";
import { startPeriodic } from "./periodic.server";

// Acknowledging Shopify's deliveries comes before processing them: on a machine shared with web processes, the
// worker runs at a lower scheduling priority (nice 10 by default; WORKER_NICE=0 keeps the normal priority).
const nice = Number(process.env.WORKER_NICE ?? 10);
if (nice !== 0) {
  try {
    setPriority(nice);
  } catch (error) {
    logger.warn({ nice, err: (error as Error).message }, "could not lower the worker's priority");
  }
}

// With WEBHOOK_PROCESSING=worker the web processes only store deliveries: this worker processes each at once
// and looks for new ones every second (a tick that found a full page starts the next at once).
const processesDeliveries = config().webhookProcessing === "worker";
const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 30_000);
const deliveriesIntervalMs = processesDeliveries ? Math.min(intervalMs, 1_000) : intervalMs;
const adminFor = (shop: string) => offlineAdminClient(prisma, shop);
const jobs = [
  startWebhookRetryLoop({
    db: prisma,
    logger,
    adminFor,
    intervalMs: deliveriesIntervalMs,
    // Deliveries of several shops at once (each shop's in order): a delivery is mostly waiting on the database.
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
    ...(processesDeliveries ? { receivedGraceMs: 0 } : {}),
  }),
  startPeriodic({
    name: "backfills",
    intervalMs,
    logger,
    tick: () => runBackfills({ db: prisma, logger, adminFor }),
    worthLogging: (summary) => summary.runs > 0,
  }),
];
logger.info({ intervalMs, deliveriesIntervalMs, processesDeliveries, nice }, "worker started");

async function shutdown() {
  await Promise.all(jobs.map((job) => job.stop()));
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
