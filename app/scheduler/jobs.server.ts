// Every kind of scheduled work the app runs, wired to its dependencies: the one list the worker, the one-shot
// tick and the web process's background runner all use.
import type { Database } from "../db/client.server";
import type { Logger } from "../logger.server";
import { backfillJobKind } from "../services/backfill.server";
import { balanceChargeJobKind } from "../services/charge-run.server";
import { chargeSweepJobKind } from "../services/charges.server";
import { offerAvailabilityJobKind } from "../services/offer-availability.server";
import type { AdminClient } from "../shopify/client.server";
import { webhookJobKind } from "../webhooks/processing.server";
import { createEngine, type Engine, type EngineJobKind, type EngineOptions } from "./engine.server";

export interface WorkDependencies {
  db: Database;
  logger: Logger;
  /** The shop's Admin API gateway (its offline session), or null once it has none. */
  adminFor: (shop: string) => Promise<AdminClient | null>;
  /** Tuning for tests and benchmarks. */
  webhookMaxAttempts?: number;
  backfillPageSize?: number;
  chargeLeaseMs?: number;
}

export function jobKinds(deps: WorkDependencies): EngineJobKind[] {
  return [
    webhookJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor, maxAttempts: deps.webhookMaxAttempts }),
    backfillJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor, pageSize: deps.backfillPageSize }),
    balanceChargeJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor, leaseMs: deps.chargeLeaseMs }),
    chargeSweepJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor }),
    offerAvailabilityJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor }),
  ];
}

/** An engine running every kind of the app's work. */
export function appEngine(deps: WorkDependencies & Omit<EngineOptions, "db" | "logger" | "kinds">): Engine {
  return createEngine({ ...deps, kinds: jobKinds(deps) });
}
