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
  /** After how long Shopify's unclear answers to a charge attempt are flagged for a person (default 1 hour). */
  chargeUnclearAlertMs?: number;
  /** After how long a payment in flight is flagged for a person (default 72 hours). */
  chargeInFlightAlertMs?: number;
}

/**
 * The charge engine's alert times as configured (`CHARGE_UNCLEAR_ALERT_MINUTES`, `CHARGE_IN_FLIGHT_ALERT_HOURS`;
 * README, "Configuration"), or undefined for the defaults.
 */
export function chargeAlertsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const positive = (value: string | undefined, unitMs: number) => {
    const number = Number(value);
    return value && Number.isFinite(number) && number > 0 ? number * unitMs : undefined;
  };
  return {
    chargeUnclearAlertMs: positive(env.CHARGE_UNCLEAR_ALERT_MINUTES, 60_000),
    chargeInFlightAlertMs: positive(env.CHARGE_IN_FLIGHT_ALERT_HOURS, 3_600_000),
  };
}

export function jobKinds(deps: WorkDependencies): EngineJobKind[] {
  return [
    webhookJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor, maxAttempts: deps.webhookMaxAttempts }),
    backfillJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor, pageSize: deps.backfillPageSize }),
    balanceChargeJobKind({
      db: deps.db,
      logger: deps.logger,
      adminFor: deps.adminFor,
      leaseMs: deps.chargeLeaseMs,
      unclearAlertMs: deps.chargeUnclearAlertMs,
      inFlightAlertMs: deps.chargeInFlightAlertMs,
    }),
    chargeSweepJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor }),
    offerAvailabilityJobKind({ db: deps.db, logger: deps.logger, adminFor: deps.adminFor }),
  ];
}

/** An engine running every kind of the app's work. */
export function appEngine(deps: WorkDependencies & Omit<EngineOptions, "db" | "logger" | "kinds">): Engine {
  return createEngine({ ...deps, kinds: jobKinds(deps) });
}
