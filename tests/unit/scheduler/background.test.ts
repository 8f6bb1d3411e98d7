// The in-process background runner: a few tasks at a time, a bounded queue, and answering requests first.
import { describe, expect, it } from "vitest";
import { createLogger } from "~/logger.server";
import { createBackgroundRunner } from "~/scheduler/background.server";

const logger = createLogger({ level: "silent" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("background runner", () => {
  it("runs at most `concurrency` tasks at once and refuses work beyond its queue", async () => {
    const runner = createBackgroundRunner({ logger, concurrency: 2, maxQueued: 3 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5);
      running--;
    };
    const taken = [1, 2, 3, 4].map(() => runner.run(task));
    expect(taken).toEqual([true, true, true, false]);
    await runner.idle();
    expect(peak).toBe(2);
  });

  it("on stop, lets running tasks end, drops the ones not started and takes no more", async () => {
    const runner = createBackgroundRunner({ logger, concurrency: 1 });
    const ended: string[] = [];
    const task = (name: string) => async () => {
      await sleep(10);
      ended.push(name);
    };
    runner.run(task("running"));
    runner.run(task("queued-1"));
    runner.run(task("queued-2"));
    await sleep(1); // the first has started
    expect(await runner.stop()).toBe(2);
    expect(ended).toEqual(["running"]);
    expect(runner.run(task("late"))).toBe(false);
    await sleep(30);
    expect(ended).toEqual(["running"]);
  });

  it("starts nothing while requests are being answered, then catches up", async () => {
    let busy = true;
    const started: number[] = [];
    const runner = createBackgroundRunner({ logger, yieldWhile: () => busy, maxYieldMs: 10_000 });
    runner.run(async () => void started.push(Date.now()));
    await sleep(30);
    expect(started).toEqual([]);
    busy = false;
    await runner.idle();
    expect(started).toHaveLength(1);
  });

  it("does not starve: under constant requests a task still starts after the longest wait", async () => {
    const runner = createBackgroundRunner({ logger, yieldWhile: () => true, maxYieldMs: 20 });
    const queuedAt = Date.now();
    let startedAt = 0;
    runner.run(async () => void (startedAt = Date.now()));
    await runner.idle();
    expect(startedAt - queuedAt).toBeGreaterThanOrEqual(15);
  });

  it("keeps going after a task throws", async () => {
    const runner = createBackgroundRunner({ logger, concurrency: 1 });
    let ran = false;
    runner.run(async () => {
      throw new Error("boom");
    });
    runner.run(async () => void (ran = true));
    await runner.idle();
    expect(ran).toBe(true);
  });
});
