// The app's scheduled work for tests: the engine with every kind the app runs, on a test database, an injected
// Admin API gateway and a test clock (also used for leases, so a test can let one run out).
import type { Database } from "~/db/client.server";
import { createLogger, type Logger } from "~/logger.server";
import type { JobKindName } from "~/domain/scheduled-job";
import { createEngine, type RunSummary } from "~/scheduler/engine.server";
import { jobKinds } from "~/scheduler/jobs.server";
import type { AdminClient } from "~/shopify/client.server";

export interface TestWorkOptions {
  db: Database;
  adminFor?: (shop: string) => Promise<AdminClient | null>;
  now?: () => Date;
  logger?: Logger;
  webhookMaxAttempts?: number;
  backfillPageSize?: number;
  chargeUnclearAlertMs?: number;
  chargeInFlightAlertMs?: number;
  chargeLeaseMs?: number;
  concurrency?: number;
  owner?: string;
  /** Only these kinds (a test about one kind counts only its units); every kind by default. */
  only?: readonly JobKindName[];
}

export function testWork(options: TestWorkOptions) {
  const now = options.now ?? (() => new Date());
  const deps = {
    db: options.db,
    logger: options.logger ?? createLogger({ level: "silent" }),
    adminFor: options.adminFor ?? (async () => null),
    webhookMaxAttempts: options.webhookMaxAttempts,
    backfillPageSize: options.backfillPageSize,
    chargeUnclearAlertMs: options.chargeUnclearAlertMs,
    chargeInFlightAlertMs: options.chargeInFlightAlertMs,
    chargeLeaseMs: options.chargeLeaseMs,
  };
  const engine = createEngine({
    ...deps,
    kinds: jobKinds(deps).filter((kind) => !options.only || options.only.includes(kind.kind)),
    now,
    leaseClock: () => now().getTime(),
    concurrency: options.concurrency,
    owner: options.owner,
  });
  return {
    engine,
    /** What intake is given: run the stored delivery's unit now. */
    processNow: (jobId: string) => engine.runNow(jobId),
    drain: (): Promise<RunSummary> => engine.drain(),
  };
}
