// LOCAL SEAM (README, "Local seams"): in local runs the app's clock follows the simulator's, so "due" and "retry
// after" mean the same moment to the app and to the local Shopify, and a test moves both by advancing the
// simulator's clock (`POST /_sim/clock`). Off unless SHOPIFY_LOCAL_SIMULATOR_URL is set.
import type { Logger } from "../logger.server";

export interface AppClock {
  now(): Date;
  /** Reads the simulator's time again (at most every `refreshMs`); a no-op for the real clock. */
  sync(): Promise<void>;
}

export const systemClock: AppClock = { now: () => new Date(), sync: async () => {} };

export function simulatorClock(
  simulatorUrl: string,
  options: { logger?: Logger; refreshMs?: number; fetch?: typeof fetch } = {},
): AppClock {
  const refreshMs = options.refreshMs ?? 500;
  const doFetch = options.fetch ?? globalThis.fetch;
  let offsetMs = 0;
  let syncedAt = 0;
  let inFlight: Promise<void> | null = null;
  const read = async () => {
    try {
      const response = await doFetch(`${simulatorUrl}/_sim/clock`, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { now?: string };
      const simulated = body.now ? Date.parse(body.now) : Number.NaN;
      if (Number.isFinite(simulated)) offsetMs = simulated - Date.now();
      syncedAt = Date.now();
    } catch (error) {
      // The simulator is down or restarting: keep the last offset; the next sync tries again.
      options.logger?.warn({ err: (error as Error).message }, "could not read the simulator's clock");
    }
  };
  return {
    now: () => new Date(Date.now() + offsetMs),
    sync: async () => {
      if (Date.now() - syncedAt < refreshMs) return;
      inFlight ??= read().finally(() => (inFlight = null));
      await inFlight;
    },
  };
}
