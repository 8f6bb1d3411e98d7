// The production build of the app on a fresh, migrated database (SQLite file or PostgreSQL database), started as
// `npm start` (server.mjs) in a child process, and direct read access to that database for checking what the app stored.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import pg from "pg";

export type Provider = "sqlite" | "postgresql";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER_BUNDLE = path.join(REPO_ROOT, "build/server/index.js");
const WORKER_BUNDLE = path.join(REPO_ROOT, "build/worker/worker.js");

/** The PostgreSQL server used for the benchmark database (a new database is created on it and dropped after). */
export const BENCH_POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when asked or when there is no build; warns when app/ changed since the build. */
export function ensureBuild(options: { rebuild: boolean; log: (line: string) => void }): void {
  if (options.rebuild || !existsSync(SERVER_BUNDLE) || !existsSync(WORKER_BUNDLE)) {
    options.log(options.rebuild ? "building (npm run build)..." : "no complete build: running npm run build...");
    const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    if (result.status !== 0) {
      throw new Error(`npm run build failed:\n${result.stdout.toString()}\n${result.stderr.toString()}`);
    }
    return;
  }
  if (newestMtime(path.join(REPO_ROOT, "app")) > statSync(SERVER_BUNDLE).mtimeMs) {
    options.log("note: app/ changed since the last build; pass --build to measure the current code");
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database the app's migrations were applied to (`prisma migrate deploy`, as in production). */
export interface BenchDatabase {
  provider: Provider;
  /** DATABASE_URL for the app. */
  url: string;
  /** Rows per status. */
  statusCounts(): Promise<Record<string, number>>;
  /** Every WebhookEvent row's identity and stored body, a page at a time. */
  eachDelivery(visit: (row: StoredRow) => void): Promise<void>;
  /** Closes the benchmark's own connection, then deletes the database. */
  drop(): Promise<void>;
}

export interface StoredRow {
  shop: string;
  webhookId: string;
  topic: string;
  payload: string;
}

const PAGE = 1000;
/** USER_HZ: Linux reports process CPU time in 1/100 s on every common architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

function migrate(url: string): void {
  const result = spawnSync(process.execPath, ["prisma/cli.mjs", "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed:\n${result.stdout.toString()}\n${result.stderr.toString()}`);
  }
}

export async function createBenchDatabase(provider: Provider): Promise<BenchDatabase> {
  return provider === "sqlite" ? createSqlite() : createPostgres();
}

function createSqlite(): BenchDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-webhooks-"));
  const file = path.join(dir, "bench.sqlite");
  const url = `file:${file}`;
  try {
    migrate(url);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let handle: Sqlite.Database | undefined;
  const db = () => (handle ??= new Sqlite(file, { readonly: true, fileMustExist: true, timeout: 10_000 }));
  return {
    provider: "sqlite",
    url,
    async statusCounts() {
      const rows = db().prepare(`SELECT status, COUNT(*) AS n FROM "WebhookEvent" GROUP BY status`).all() as {
        status: string;
        n: number;
      }[];
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    },
    async eachDelivery(visit) {
      const page = db().prepare(
        `SELECT id, shop, webhookId, topic, payload FROM "WebhookEvent" WHERE id > ? ORDER BY id LIMIT ${PAGE}`,
      );
      let after = "";
      for (;;) {
        const rows = page.all(after) as (StoredRow & { id: string })[];
        for (const row of rows) visit(row);
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.id;
      }
    },
    async drop() {
      handle?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${BENCH_POSTGRES_URL} (${(error as Error).message})`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPostgres(): Promise<BenchDatabase> {
  const name = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const target = new URL(BENCH_POSTGRES_URL);
  target.pathname = `/${name}`;
  target.search = "";
  const url = target.toString();
  const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    migrate(url);
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  let client: pg.Client | undefined;
  const db = async () => {
    if (!client) {
      client = new pg.Client({ connectionString: url });
      await client.connect();
    }
    return client;
  };
  return {
    provider: "postgresql",
    url,
    async statusCounts() {
      const result = await (
        await db()
      ).query<{ status: string; n: string }>(`SELECT status, COUNT(*) AS n FROM "WebhookEvent" GROUP BY status`);
      return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.n)]));
    },
    async eachDelivery(visit) {
      const connection = await db();
      let after = "";
      for (;;) {
        const { rows } = await connection.query<StoredRow & { id: string }>(
          `SELECT id, shop, "webhookId", topic, payload FROM "WebhookEvent" WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT ${PAGE}`,
          [after],
        );
        for (const row of rows) visit(row);
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.id;
      }
    },
    async drop() {
      await client?.end().catch(() => undefined);
      await dropDatabase();
    },
  };
}

/** The web process (whose figures these are) and, when processing is left to it, the worker. */
export interface RunningApp extends RunningProcess {
  host: string;
  port: number;
  /** The worker once started (at once, or by `startWorker` when the start was deferred). */
  worker(): RunningProcess | null;
  startWorker(): void;
}

/** How the app processes deliveries: in the web process after answering, or only in the worker process. */
export type Processing = "web" | "worker";

interface AppOptions {
  databaseUrl: string;
  apiKey: string;
  apiSecret: string;
  logLevel: string;
  processing: Processing;
  /** With `processing: "worker"`: start the worker only when asked (`startWorker`), e.g. after the load. */
  deferWorker?: boolean;
}

/** The production server's environment on `host:port`: nothing of this shell's but PATH and HOME. */
export function serverEnv(
  options: Pick<AppOptions, "databaseUrl" | "apiKey" | "apiSecret" | "logLevel" | "processing">,
  host: string,
  port: number,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    TZ: "UTC",
    NODE_ENV: "production",
    PORT: String(port),
    HOST: host,
    DATABASE_URL: options.databaseUrl,
    SHOPIFY_API_KEY: options.apiKey,
    SHOPIFY_API_SECRET: options.apiSecret,
    SHOPIFY_APP_URL: `http://${host}:${port}`,
    LOG_LEVEL: options.logLevel,
    WEBHOOK_PROCESSING: options.processing,
  };
}

function appEnv(options: AppOptions, host: string, port: number): NodeJS.ProcessEnv {
  const env = serverEnv(options, host, port);
  // The one tuning knob of the background runner (app/scheduler/background.server.ts), passed through when set.
  if (process.env.BACKGROUND_CONCURRENCY) env.BACKGROUND_CONCURRENCY = process.env.BACKGROUND_CONCURRENCY;
  return env;
}

/**
 * The node flags the server runs with: those of `npm start` (package.json's start script, e.g. its heap limit), then
 * `BENCH_NODE_ARGS` (which override them; for profiling: `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`).
 */
export function serverNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const start = /^node\s+(.*?)\s*server\.mjs$/.exec(pkg.scripts.start.trim());
  if (!start) throw new Error(`package.json's start script is not "node [flags] server.mjs": ${pkg.scripts.start}`);
  const fromStart = start[1]!.split(/\s+/).filter(Boolean);
  return [...fromStart, ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
}

/**
 * Starts the production server (`node server.mjs`, as `npm start`) on the database and waits until /healthz
 * answers 200; with `processing: "worker"`, also the worker (`npm run worker`), which then processes every delivery.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const host = "127.0.0.1";
  const port = await freePort();
  const env = appEnv(options, host, port);
  const web = spawnNode([...serverNodeArgs(), path.join(REPO_ROOT, "server.mjs")], env);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (web.exitCode() !== undefined) {
      throw new Error(
        `the app exited (code ${web.exitCode()}) before /healthz answered:\n${web.outputTail().join("\n")}`,
      );
    }
    const healthy = await fetch(`http://${host}:${port}/healthz`)
      .then((res) => res.status === 200)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await web.stop();
      throw new Error(`/healthz did not answer 200 within 60 s:\n${web.outputTail().join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let worker: RunningProcess | null = null;
  const startWorker = () => {
    // `npm run worker` (the built worker), with this process's CPU and memory readable.
    worker ??= spawnNode([WORKER_BUNDLE], env);
  };
  if (options.processing === "worker" && !options.deferWorker) startWorker();
  return {
    ...web,
    host,
    port,
    worker: () => worker,
    startWorker,
    async stop() {
      await Promise.all([web.stop(), worker?.stop()]);
    },
  };
}

export interface RunningProcess {
  pid: number;
  /** VmRSS and VmHWM (peak) of the process, in MiB; null once it is gone. */
  memory(): { rssMiB: number; peakMiB: number } | null;
  /** CPU time (user + system) the process has used so far, in seconds; null once it is gone. */
  cpuSeconds(): number | null;
  /** The process's last output lines (for a failure report). */
  outputTail(): string[];
  /** How often each warning or error message was logged (the app logs pino JSON lines). */
  warnings(): Record<string, number>;
  /** undefined while it runs. */
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

/** Node running `args` from the repository, its output kept (tail, warnings), stopped with SIGTERM then SIGKILL. */
export function spawnNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { stopGraceMs?: number } = {},
): RunningProcess {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a Ctrl-C in the terminal reaches only the benchmark, which stops the app itself.
    detached: true,
  });
  const tail: string[] = [];
  const warnings = new Map<string, number>();
  let partial = "";
  const keep = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!line.startsWith("{")) continue; // the access log and other plain text
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) warnings.set(entry.msg ?? "", (warnings.get(entry.msg ?? "") ?? 0) + 1);
      } catch {
        // not a log line
      }
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = code ?? (signal ? -1 : null);
      resolve();
    }),
  );

  const stop = async () => {
    if (exited !== undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.stopGraceMs ?? 5_000);
    await exit;
    clearTimeout(timer);
  };

  const pid = child.pid!;
  return {
    pid,
    memory() {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? NaN);
        return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
      } catch {
        return null;
      }
    },
    cpuSeconds() {
      try {
        // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
      } catch {
        return null;
      }
    },
    outputTail: () => [...tail],
    warnings: () => Object.fromEntries(warnings),
    exitCode: () => exited,
    stop,
  };
}

/** A numeric command-line option within [min, max]; otherwise says which and exits with 2. */
export function numberArg(name: string, value: string | undefined, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    console.error(`--${name} must be a number from ${min} to ${max} (got ${value})`);
    process.exit(2);
  }
  return parsed;
}

/** `--provider sqlite|postgresql|both` (default both) as the providers to run; otherwise exits with 2. */
export function providersArg(value: string | undefined): Provider[] {
  const provider = value ?? "both";
  if (provider !== "sqlite" && provider !== "postgresql" && provider !== "both") {
    console.error(`--provider must be sqlite, postgresql or both (got ${provider})`);
    process.exit(2);
  }
  return provider === "both" ? ["sqlite", "postgresql"] : [provider];
}
