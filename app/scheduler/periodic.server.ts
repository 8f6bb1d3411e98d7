// A job run every `intervalMs` until stopped. Ticks never overlap in one process; several processes may run the
// same job, the rows each tick claims keep them apart.
import type { Logger } from "../logger.server";

export interface PeriodicJob {
  /** Resolves once the running tick has ended. */
  stop(): Promise<void>;
}

export function startPeriodic<T>(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  tick: () => Promise<T>;
  /** Whether a tick's result is worth an info line (idle ticks stay quiet). */
  worthLogging?: (result: T) => boolean;
  /** Whether the tick left work behind (it took a full page): the next tick then starts at once. */
  hasMore?: (result: T) => boolean;
}): PeriodicJob {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    let again = false;
    running = options
      .tick()
      .then((result) => {
        if (options.worthLogging?.(result)) options.logger.info({ job: options.name, result }, `${options.name} tick`);
        again = options.hasMore?.(result) ?? false;
      })
      .catch((error: unknown) => {
        const err = error instanceof Error ? error.message : String(error);
        options.logger.error({ job: options.name, err }, `${options.name} tick failed`);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, again ? 0 : options.intervalMs);
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
