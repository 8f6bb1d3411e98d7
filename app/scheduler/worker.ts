// The long-running background worker (`npm run worker`): runs every kind of scheduled work as it falls due
// (webhook deliveries to process or retry, backfills). Several workers, on several machines, may run against one
// database: claims keep them apart. SIGTERM/SIGINT: no more claims; running units finish (within a grace), units
// claimed but not started are given back at once.
import { setPriority } from "node:os";
import { config } from "../config.server";
import prisma from "../db/client.server";
import { logger } from "../logger.server";
import { liveEngine } from "./live-engine.server";

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

// With WEBHOOK_PROCESSING=worker the web processes only store deliveries: the worker looks for new ones every
// second. Otherwise it wakes when the next unit falls due, and at least every WORKER_INTERVAL_MS.
const processesDeliveries = config().webhookProcessing === "worker";
const configuredMs = Number(process.env.WORKER_INTERVAL_MS ?? 30_000);
const intervalMs = processesDeliveries ? Math.min(configuredMs, 1_000) : configuredMs;
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
const graceMs = Number(process.env.WORKER_SHUTDOWN_GRACE_MS ?? 25_000);
const engine = liveEngine({ concurrency });
const running = engine.start({ intervalMs });
logger.info({ owner: engine.owner, intervalMs, concurrency, processesDeliveries, nice }, "worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs }, "worker stopping: finishing running work, giving back the rest");
  await running.stop(graceMs);
  await prisma.$disconnect();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
