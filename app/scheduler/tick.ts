// One tick of scheduled work (`npm run tick`), for cron and serverless schedulers: runs every unit due now (and any
// that falls due while it runs, up to TICK_MAX_RUNS), prints a JSON summary and exits with a status that says what
// happened: 0 all ran (or waits by plan), 3 some work failed and will be retried, 4 some was given up (needs a
// look), 1 the tick itself could not run (database, configuration).
import prisma from "../db/client.server";
import { logger } from "../logger.server";
import { tickExitCode } from "./engine.server";
import { liveEngine } from "./live-engine.server";

async function main(): Promise<number> {
  const engine = liveEngine({ concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) });
  const maxRuns = process.env.TICK_MAX_RUNS ? Number(process.env.TICK_MAX_RUNS) : undefined;
  const summary = await engine.drain({ maxRuns });
  const code = tickExitCode(summary);
  process.stdout.write(`${JSON.stringify({ tick: summary, exitCode: code })}\n`);
  return code;
}

main()
  .catch((error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "tick could not run");
    return 1;
  })
  .then(async (code) => {
    await prisma.$disconnect().catch(() => {});
    process.exit(code);
  });
