// Runs webhook processing after the delivery was acknowledged, inside the app process: a few at a time, and when
// too many wait, the rest is left to the retry worker (the delivery is stored RECEIVED; nothing is lost).
import type { Logger } from "../logger.server";

export interface BackgroundRunner {
  /** Starts `task` soon; false when the runner is full and the task was not taken (the worker will do it). */
  run(task: () => Promise<unknown>): boolean;
  /** Resolves once every task taken so far has ended (for tests). */
  idle(): Promise<void>;
  /**
   * For shutdown: takes no more tasks, drops the ones not started (their deliveries are stored RECEIVED: the
   * worker runs them) and resolves once the running ones have ended. Returns how many were dropped.
   */
  stop(): Promise<number>;
}

export function createBackgroundRunner(options: {
  logger: Logger;
  concurrency?: number;
  maxQueued?: number;
  /**
   * While this says so (requests are being answered), no new task starts: answering comes first. A task still
   * starts once the runner has waited `maxYieldMs`, so the queue keeps moving under constant load.
   */
  yieldWhile?: () => boolean;
  maxYieldMs?: number;
}) {
  const concurrency = options.concurrency ?? 4;
  const maxQueued = options.maxQueued ?? 1_000;
  const maxYieldMs = options.maxYieldMs ?? 100;
  const queue: (() => Promise<unknown>)[] = [];
  let active = 0;
  let waiters: (() => void)[] = [];
  let yieldingSince: number | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const settleIfIdle = () => {
    if (active > 0 || queue.length > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const pump = () => {
    if (queue.length > 0 && active < concurrency && options.yieldWhile?.()) {
      const now = Date.now();
      yieldingSince ??= now;
      if (now - yieldingSince < maxYieldMs) {
        retry ??= setTimeout(() => {
          retry = null;
          pump();
        }, 2);
        return;
      }
    }
    yieldingSince = null;
    while (active < concurrency && queue.length > 0) {
      const task = queue.shift()!;
      active++;
      void task()
        .catch((error: unknown) => {
          // Processing records its own failures; this is a database outage or a bug: the worker retries the row.
          options.logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            "background task failed",
          );
        })
        .finally(() => {
          active--;
          pump();
          settleIfIdle();
        });
    }
  };

  let stopped = false;
  const runner: BackgroundRunner = {
    run(task) {
      if (stopped || queue.length >= maxQueued) return false;
      queue.push(task);
      // After the current request's response is on its way.
      setImmediate(pump);
      return true;
    },
    idle() {
      if (active === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      const dropped = queue.splice(0).length;
      if (retry) clearTimeout(retry);
      retry = null;
      await runner.idle();
      return dropped;
    },
  };
  return runner;
}
