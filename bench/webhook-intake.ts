// Webhook intake under Shopify-like load: signed deliveries at a fixed rate (open loop) to the production build on
// SQLite and/or PostgreSQL; reports acknowledgement latency and checks every delivery was stored exactly once.
// Run: npx tsx bench/webhook-intake.ts [--provider sqlite|postgresql|both] [--rate 500] [--seconds 60]
//      [--duplicates 0.05] [--connections 64] [--shops 5] [--warmup 2000] [--timeout 60] [--drain-timeout 60]
//      [--processing worker|web] [--worker-start with-load|after-load] [--build] [--json]
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  createBenchDatabase,
  ensureBuild,
  numberArg,
  providersArg,
  startApp,
  type BenchDatabase,
  type Processing,
  type Provider,
  type RunningApp,
} from "./lib/app-under-test";
import { LoadClient, runOpenLoopInWorker, wireRequest, type Answer } from "./lib/load";
import { createRecordCheck, type RecordCheck } from "./lib/verify";
import { createDeliveryFactory, seededRandom, type Delivery } from "./lib/webhook-deliveries";

const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
/** The goal from the issue: p99 acknowledgement under this, and no delivery lost. */
const P99_GOAL_MS = 20;
/** Shopify counts a delivery not answered within 5 s as failed and sends it again later. */
const SHOPIFY_TIMEOUT_MS = 5_000;
/** Statuses a row has while the app still owes it work. */
const PENDING = ["RECEIVED", "PROCESSING"];
/** Waiting for processing stops early when the pending count has not moved for this long (nothing is working it). */
const DRAIN_STALL_S = 10;

const { values: args } = parseArgs({
  options: {
    provider: { type: "string", default: "both" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "60" },
    duplicates: { type: "string", default: "0.05" },
    connections: { type: "string", default: "64" },
    shops: { type: "string", default: "5" },
    warmup: { type: "string", default: "2000" },
    processing: { type: "string", default: "worker" },
    "worker-start": { type: "string", default: "with-load" },
    "drain-timeout": { type: "string", default: "60" },
    timeout: { type: "string", default: "60" },
    "log-level": { type: "string", default: "warn" },
    seed: { type: "string", default: "1" },
    build: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(
    "npx tsx bench/webhook-intake.ts [--provider sqlite|postgresql|both] [--rate 500] [--seconds 60] " +
      "[--duplicates 0.05] [--connections 64] [--shops 5] [--warmup 2000] [--timeout 60] [--drain-timeout 60] " +
      "[--processing worker|web] [--worker-start with-load|after-load] [--log-level warn] " +
      "[--seed 1] [--build] [--json]",
  );
  process.exit(0);
}

const processingArg = args.processing ?? "worker";
if (processingArg !== "worker" && processingArg !== "web") {
  console.error(`--processing must be worker or web (got ${processingArg})`);
  process.exit(2);
}
const workerStartArg = args["worker-start"] ?? "with-load";
if (workerStartArg !== "with-load" && workerStartArg !== "after-load") {
  console.error(`--worker-start must be with-load or after-load (got ${workerStartArg})`);
  process.exit(2);
}
const settings = {
  processing: processingArg as Processing,
  /** The worker processes beside the load (as on one shared machine), or only once the load is over. */
  workerAfterLoad: processingArg === "worker" && workerStartArg === "after-load",
  providers: providersArg(args.provider),
  rate: numberArg("rate", args.rate, 1, 20_000),
  seconds: numberArg("seconds", args.seconds, 1, 600),
  duplicates: numberArg("duplicates", args.duplicates, 0, 0.9),
  connections: Math.round(numberArg("connections", args.connections, 1, 1024)),
  shops: Math.round(numberArg("shops", args.shops, 1, 1000)),
  warmup: Math.round(numberArg("warmup", args.warmup, 0, 100_000)),
  drainTimeoutS: numberArg("drain-timeout", args["drain-timeout"], 0, 3600),
  timeoutS: numberArg("timeout", args.timeout, 0.1, 600),
  logLevel: args["log-level"] ?? "warn",
  seed: Math.round(numberArg("seed", args.seed, 0, 2 ** 31)),
};

/** Progress goes to stderr, so stdout holds only the report (or the JSON). */
const progress = (line: string) => console.error(`[bench:webhooks] ${line}`);

interface Result {
  provider: Provider;
  /** Where deliveries were processed: the worker process (WEBHOOK_PROCESSING=worker) or the web process. */
  processing: Processing;
  workerAfterLoad: boolean;
  rate: number;
  seconds: number;
  connections: number;
  shops: number;
  warmup: number;
  /** Requests of the measured (open-loop) phase, re-sends included. */
  sent: number;
  /** Re-sends of an earlier delivery with the same webhook id. */
  duplicates: number;
  /** Distinct deliveries, warm-up included: the rows the database must hold. */
  unique: number;
  achievedRate: number;
  statuses: Record<string, number>;
  non200: number;
  /** Answers (of any status) that took longer than Shopify waits. */
  overShopifyTimeout: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** The server's own time per answer (its Server-Timing header), for the answers that carried one. */
  serverMs: { p50: number; p99: number; max: number; answers: number };
  /** How late the load generator sent against its schedule (its own delay, not the app's). */
  senderLagMs: { p99: number; max: number };
  /** An idle thread's 5 ms timer while sending: wake-ups 10 ms or more late, and the longest delay (the machine's noise). */
  stalls: { over10Ms: number; maxMs: number };
  /** The load generator's own CPU while sending (cores). */
  generatorCpuCoreShare: number;
  maxInFlight: number;
  /** Rows still RECEIVED or PROCESSING when the last answer arrived. */
  backlogAtEnd: number;
  /** From the last answer until no row was RECEIVED/PROCESSING (complete), or until the wait gave up. */
  drain: { seconds: number; complete: boolean; stalled: boolean; pending: number };
  recorded: RecordCheck & { byStatus: Record<string, number> };
  server: {
    /** Warnings and errors the app logged, by message. */
    warnings: Record<string, number>;
    rssMiB: number | null;
    peakRssMiB: number | null;
    /** Server CPU (user + system) from the first send to the last answer, per request, and as a share of one core. */
    cpuMsPerRequest: number | null;
    cpuCoreShare: number | null;
    /** The worker process's CPU over the same span, as a share of one core (when processing is left to it). */
    workerCpuCoreShare: number | null;
  };
  p99GoalMet: boolean;
  ok: boolean;
  node: string;
  machine: string;
  date: string;
}

/** Index of the first value >= `value` in an ascending array. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function pendingRows(database: BenchDatabase): Promise<number> {
  const counts = await database.statusCounts();
  return PENDING.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

/** Polls until no row is RECEIVED or PROCESSING, the timeout passes, or the count stops moving. */
async function waitForDrain(database: BenchDatabase, timeoutS: number): Promise<Result["drain"]> {
  const started = performance.now();
  let last = -1;
  let lastChange = started;
  for (;;) {
    const pending = await pendingRows(database);
    const now = performance.now();
    if (pending !== last) {
      last = pending;
      lastChange = now;
    }
    const elapsed = (now - started) / 1000;
    const stalled = (now - lastChange) / 1000 >= DRAIN_STALL_S;
    if (pending === 0 || elapsed >= timeoutS || stalled) {
      return { seconds: round(elapsed), complete: pending === 0, stalled: pending > 0 && stalled, pending };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Wraps the factory: with probability `fraction`, re-sends one of the recent deliveries (same webhook id and body),
 * as Shopify does when it did not see an answer. `onNew` hears of each new delivery.
 */
function withResends(next: () => Delivery, fraction: number, random: () => number, onNew: (d: Delivery) => void) {
  const recent: Delivery[] = [];
  let resends = 0;
  return {
    next(): Delivery {
      if (recent.length > 0 && random() < fraction) {
        resends++;
        return recent[Math.floor(random() * recent.length)]!;
      }
      const delivery = next();
      onNew(delivery);
      recent.push(delivery);
      if (recent.length > 2_000) recent.shift();
      return delivery;
    },
    resends: () => resends,
  };
}

async function runOne(provider: Provider): Promise<Result> {
  progress(`${provider}: creating and migrating a fresh database...`);
  const database = await createBenchDatabase(provider);
  let app: RunningApp | undefined;
  let client: LoadClient | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      client?.close();
      await app?.stop();
      await database.drop();
    })());
  let interrupted = false;
  // Ctrl-C may arrive twice (the terminal's, then tsx relaying it): clean up once, ignore the repeat.
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress("interrupted: stopping the app and dropping the database");
    void cleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    progress(`${provider}: starting the production build (npm start: server.mjs)...`);
    app = await startApp({
      databaseUrl: database.url,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      logLevel: settings.logLevel,
      processing: settings.processing,
      deferWorker: settings.workerAfterLoad,
    });
    const { host, port } = app;
    client = new LoadClient(host, port, settings.connections);
    const timeoutMs = settings.timeoutS * 1000;
    const random = seededRandom(settings.seed);
    const shops = Array.from({ length: settings.shops }, (_, i) => `bench-shop-${i + 1}.myshopify.com`);
    const check = createRecordCheck(API_SECRET);
    const deliveries = withResends(
      createDeliveryFactory({ secret: API_SECRET, shops, random }),
      settings.duplicates,
      random,
      (delivery) => check.sent(delivery),
    );
    const onAnswer = (delivery: Delivery, answer: Answer) => {
      if (answer.status === "200") check.acknowledge(delivery);
    };

    // Warm-up (not measured): JIT, connection pool, prepared statements. Stored like any other delivery.
    const warmupFailures: string[] = [];
    for (let done = 0; done < settings.warmup; done += 8) {
      const batch = Array.from({ length: Math.min(8, settings.warmup - done) }, async () => {
        const delivery = deliveries.next();
        const answer = await client!.send(wireRequest(delivery, host, port), timeoutMs);
        onAnswer(delivery, answer);
        return answer;
      });
      for (const answer of await Promise.all(batch)) if (answer.status !== "200") warmupFailures.push(answer.status);
    }
    if (warmupFailures.length > 0) {
      throw new Error(
        `warm-up deliveries were refused (${warmupFailures.slice(0, 5).join(", ")}):\n${app.outputTail().join("\n")}`,
      );
    }
    const warmupResends = deliveries.resends();
    client.close();

    const total = Math.round(settings.rate * settings.seconds);
    // Every delivery is built and signed before the clock starts: the load generator shares the machine with the
    // app, and its own work (JSON, HMAC) would otherwise take CPU from the server while it is being measured.
    const planned = Array.from({ length: total }, () => deliveries.next());
    const wires = planned.map((delivery) => wireRequest(delivery, host, port));
    progress(`${provider}: sending ${total} deliveries at ${settings.rate}/s for ${settings.seconds} s...`);
    const cpuBefore = app.cpuSeconds();
    const workerCpuBefore = app.worker()?.cpuSeconds() ?? null;
    const load = await runOpenLoopInWorker({
      host,
      port,
      connections: settings.connections,
      timeoutMs,
      rate: settings.rate,
      wires,
    });
    const { stalls } = load;
    planned.forEach((delivery, i) =>
      onAnswer(delivery, { status: load.statusOf[i]!, ms: load.latencyMs[i]!, serverMs: load.serverMs[i]! }),
    );
    const cpuAfter = app.cpuSeconds();
    const workerCpuAfter = app.worker()?.cpuSeconds() ?? null;
    const backlogAtEnd = await pendingRows(database);
    if (settings.workerAfterLoad) app.startWorker();
    progress(`${provider}: sent; waiting for processing to finish (at most ${settings.drainTimeoutS} s)...`);
    const drain = await waitForDrain(database, settings.drainTimeoutS);
    const memory = app.memory();

    // Every acknowledged delivery must be stored exactly once, with the topic and the exact bytes that were sent.
    await database.eachDelivery((row) => check.visit(row));
    const recorded = check.result();
    const byStatus = await database.statusCounts();

    const sorted = Float64Array.from(load.latencyMs).sort();
    const serverSorted = Float64Array.from(load.serverMs.filter((ms) => !Number.isNaN(ms))).sort();
    const lag = Float64Array.from(load.lagMs).sort();
    const counts = new Map<string, number>();
    for (const status of load.statusOf) counts.set(status, (counts.get(status) ?? 0) + 1);
    const statuses = Object.fromEntries([...counts.entries()].sort());
    const non200 = load.sent - (counts.get("200") ?? 0);
    const sendSpanS = load.sendSpanMs / 1000;
    const loadSpanS = Math.max(0.001, load.answerSpanMs / 1000);
    const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const workerCpu = workerCpuBefore !== null && workerCpuAfter !== null ? workerCpuAfter - workerCpuBefore : null;
    const p99 = percentile(sorted, 99);
    const cpu = cpus();
    return {
      provider,
      processing: settings.processing,
      workerAfterLoad: settings.workerAfterLoad,
      rate: settings.rate,
      seconds: settings.seconds,
      connections: settings.connections,
      shops: settings.shops,
      warmup: settings.warmup,
      sent: load.sent,
      duplicates: deliveries.resends() - warmupResends,
      unique: check.unique,
      achievedRate: round(sendSpanS > 0 ? (load.sent - 1) / sendSpanS : load.sent, 1),
      statuses,
      non200,
      overShopifyTimeout: sorted.length - lowerBound(sorted, SHOPIFY_TIMEOUT_MS),
      serverMs: {
        p50: round(percentile(serverSorted, 50)),
        p99: round(percentile(serverSorted, 99)),
        max: round(serverSorted[serverSorted.length - 1] ?? NaN),
        answers: serverSorted.length,
      },
      latencyMs: {
        p50: round(percentile(sorted, 50)),
        p90: round(percentile(sorted, 90)),
        p99: round(p99),
        max: round(sorted[sorted.length - 1] ?? NaN),
        mean: round(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length)),
      },
      senderLagMs: { p99: round(percentile(lag, 99)), max: round(lag[lag.length - 1] ?? NaN) },
      stalls: { over10Ms: stalls.over10Ms, maxMs: round(stalls.maxMs) },
      generatorCpuCoreShare: round(load.cpuMs / 1000 / loadSpanS),
      maxInFlight: load.maxInFlight,
      backlogAtEnd,
      drain,
      recorded: { ...recorded, byStatus },
      server: {
        warnings: app.warnings(),
        rssMiB: memory ? round(memory.rssMiB, 1) : null,
        peakRssMiB: memory ? round(memory.peakMiB, 1) : null,
        cpuMsPerRequest: serverCpu === null ? null : round((serverCpu * 1000) / Math.max(1, load.sent)),
        cpuCoreShare: serverCpu === null ? null : round(serverCpu / loadSpanS),
        workerCpuCoreShare: workerCpu === null ? null : round(workerCpu / loadSpanS),
      },
      p99GoalMet: p99 < P99_GOAL_MS,
      ok: recorded.exactlyOnce && non200 === 0,
      node: process.version,
      machine: `${cpu.length}× ${cpu[0]?.model.trim() ?? "unknown CPU"}, load average ${loadavg()[0]!.toFixed(1)} at start`,
      date: new Date().toISOString().slice(0, 10),
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    progress(`${provider}: stopping the app and dropping the database`);
    await cleanup();
  }
}

const LABEL: Record<Provider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };
const fmt = (value: number) => value.toLocaleString("en-US");
/** Milliseconds for reading: one decimal below 100 ms, whole numbers above. */
const ms = (value: number) =>
  value < 100 ? `${value.toFixed(1)} ms` : `${value.toLocaleString("en-US", { maximumFractionDigits: 0 })} ms`;

function report(r: Result): string {
  const statusList = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([status, n]) => `${status} ${fmt(n)}`)
      .join(", ") || "none";
  const { p50, p90, p99, max, mean } = r.latencyMs;
  const unacknowledged = r.recorded.unacknowledged;
  return [
    `webhook intake on ${LABEL[r.provider]}, processed by the ` +
      (r.processing === "web"
        ? "web process"
        : `worker process (${r.workerAfterLoad ? "started after the load" : "running during the load"})`),
    `  load          ${fmt(r.rate)}/s for ${r.seconds} s, achieved ${fmt(r.achievedRate)}/s; ${fmt(r.sent)} sent = ` +
      `${fmt(r.sent - r.duplicates)} new + ${fmt(r.duplicates)} re-sends; ${r.connections} keep-alive connections, ` +
      `${r.shops} shops, ${fmt(r.warmup)} warm-up deliveries before (not timed)`,
    `  answers       ${statusList(r.statuses)}; non-200: ${fmt(r.non200)}; slower than Shopify's 5 s: ` +
      fmt(r.overShopifyTimeout),
    `  ack latency   p50 ${ms(p50)}, p90 ${ms(p90)}, p99 ${ms(p99)}, max ${ms(max)} (mean ${ms(mean)}); ` +
      `goal p99 < ${P99_GOAL_MS} ms: ${r.p99GoalMet ? "met" : "NOT met"}`,
    `  server time   p50 ${ms(r.serverMs.p50)}, p99 ${ms(r.serverMs.p99)}, max ${ms(r.serverMs.max)} (the app's own ` +
      `Server-Timing, ${fmt(r.serverMs.answers)} answers: from its reading the request to its writing the answer)`,
    `  in flight     at most ${fmt(r.maxInFlight)}; sender lag p99 ${ms(r.senderLagMs.p99)}, max ${ms(r.senderLagMs.max)}; ` +
      `generator CPU ${r.generatorCpuCoreShare} of a core`,
    `  stalls        an idle thread's 5 ms timer woke ≥ 10 ms late ${fmt(r.stalls.over10Ms)} times (longest ` +
      `${ms(r.stalls.maxMs)}): the machine's scheduling noise, which every process of the run sees`,
    `  recorded      exactly once: ${r.recorded.exactlyOnce ? "yes" : "NO"} (${fmt(r.recorded.rows)} rows for ` +
      `${fmt(r.unique)} distinct deliveries, ${fmt(r.recorded.acknowledged)} acknowledged; lost (acknowledged, ` +
      `not stored) ${r.recorded.missing}, extra ${r.recorded.extra}, duplicate rows ${r.recorded.duplicateRows}, ` +
      `topic/body mismatch ${r.recorded.mismatched})`,
    ...(unacknowledged.stored + unacknowledged.notStored > 0
      ? [
          `  unanswered    ${fmt(unacknowledged.stored + unacknowledged.notStored)} distinct deliveries never got a ` +
            `200 (${fmt(unacknowledged.stored)} stored anyway, ${fmt(unacknowledged.notStored)} not); Shopify would ` +
            "send them again",
        ]
      : []),
    `  statuses      ${statusList(r.recorded.byStatus)}`,
    `  processing    ${fmt(r.backlogAtEnd)} row${r.backlogAtEnd === 1 ? "" : "s"} pending at the last answer; ` +
      (r.drain.complete
        ? `all processed ${r.drain.seconds} s later`
        : `${fmt(r.drain.pending)} still RECEIVED/PROCESSING after ${r.drain.seconds} s` +
          (r.drain.stalled ? ` (no progress for ${DRAIN_STALL_S} s: left to the retry worker)` : "")),
    `  server        RSS ${r.server.rssMiB ?? "?"} MiB at end (peak ${r.server.peakRssMiB ?? "?"} MiB); CPU ` +
      `${r.server.cpuMsPerRequest ?? "?"} ms per request while sending (${r.server.cpuCoreShare ?? "?"} of a core)` +
      (r.server.workerCpuCoreShare === null ? "" : `; worker ${r.server.workerCpuCoreShare} of a core`),
    ...Object.entries(r.server.warnings).map(([message, n]) => `  app logged    ${fmt(n)} × "${message}"`),
    `  machine       ${r.machine}, Node ${r.node}, ${r.date}`,
    r.ok
      ? "  result        ok: every delivery answered 200 and stored exactly once"
      : "  result        FAILED: not every delivery was answered 200 and stored exactly once",
  ].join("\n");
}

/** A row for the table in bench/README.md. */
function markdownRow(r: Result): string {
  const command =
    `\`npm run bench:webhooks -- --provider ${r.provider} --rate ${r.rate} --seconds ${r.seconds}` +
    `${r.processing === "worker" ? "" : " --processing web"}${r.workerAfterLoad ? " --worker-start after-load" : ""}\``;
  const outcome =
    `p50 **${ms(r.latencyMs.p50)}**, p99 **${ms(r.latencyMs.p99)}** (max ${ms(r.latencyMs.max)}); ` +
    `${fmt(r.sent)} sent (${fmt(r.duplicates)} re-sends), ${fmt(r.non200)} non-200; exactly once: ` +
    (r.ok
      ? "yes"
      : `**no** (lost ${r.recorded.missing}, extra ${r.recorded.extra + r.recorded.duplicateRows}, ` +
        `unanswered ${fmt(r.recorded.unacknowledged.stored + r.recorded.unacknowledged.notStored)})`) +
    "; processing " +
    (r.drain.complete ? `done ${r.drain.seconds} s after` : `${fmt(r.drain.pending)} left after ${r.drain.seconds} s`) +
    `; RSS ${r.server.rssMiB ?? "?"} MiB`;
  return (
    `| Webhook intake, ${LABEL[r.provider]}: ${fmt(r.rate)}/s for ${r.seconds} s | ${command} | ` +
    `p99 < ${P99_GOAL_MS} ms, none lost | ${outcome} | Node ${r.node}, ${r.machine}, ${r.date} |`
  );
}

ensureBuild({ rebuild: args.build ?? false, log: progress });
const results: Result[] = [];
let failed = false;
for (const provider of settings.providers) {
  try {
    results.push(await runOne(provider));
  } catch (error) {
    failed = true;
    progress(`${provider}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (args.json) {
  console.log(JSON.stringify(settings.providers.length === 1 && results.length === 1 ? results[0] : results, null, 2));
} else {
  for (const result of results) console.log(`${report(result)}\n`);
  if (results.length > 0) {
    console.log("bench/README.md rows:");
    for (const result of results) console.log(markdownRow(result));
  }
}
process.exit(failed || results.some((result) => !result.ok) ? 1 : 0);
