// A worker in a process of its own, for the crash tests: drains scheduled work whose run records every start and
// finish in a file (the work's own account), and hangs, never finishing, on the subjects named in HANG_ON.
// argv: <database url> <effects file>. Prints "RUNNING <subject>" when a run starts.
import { appendFileSync, existsSync } from "node:fs";
import { createDatabase } from "../../app/db/client.server";
import { databaseConfig } from "../../app/db/database-url";
import type { EngineJobKind } from "../../app/scheduler/engine.server";
import { createEngine } from "../../app/scheduler/engine.server";
import { createLogger } from "../../app/logger.server";

const [url, effects] = process.argv.slice(2);
const hangOn = new Set((process.env.HANG_ON ?? "").split(",").filter(Boolean));
const db = createDatabase(databaseConfig(url));

const kind: EngineJobKind = {
  kind: "CHARGE_SWEEP",
  rule: { maxFailures: 5, backoff: { baseMs: 1_000, maxMs: 1_000 } },
  leaseMs: Number(process.env.LEASE_MS ?? 1_500),
  async run({ job }) {
    appendFileSync(effects, `start ${job.subject} ${process.pid}\n`);
    process.stdout.write(`RUNNING ${job.subject}\n`);
    if (hangOn.has(job.subject)) await new Promise(() => {});
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.WORK_MS ?? 5)));
    appendFileSync(effects, `done ${job.subject} ${process.pid}\n`);
    return { outcome: "DONE" };
  },
};

const engine = createEngine({
  db,
  kinds: [kind],
  logger: createLogger({ level: (process.env.CHILD_LOG_LEVEL as "silent") ?? "silent" }),
  concurrency: 2,
});
// A race starts together: with START_FILE set, the worker says READY and waits for that file before claiming (a
// process that starts late on a loaded machine would otherwise find the work already done).
if (process.env.START_FILE) {
  process.stdout.write("READY\n");
  while (!existsSync(process.env.START_FILE)) await new Promise((resolve) => setTimeout(resolve, 20));
}
await engine.drain();
await db.$disconnect();
process.stdout.write("DRAINED\n");
