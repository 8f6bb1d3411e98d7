// The production server for the dashboard benchmark (bench/dashboard.ts), a loopback stand-in for the Admin API, and
// a merchant's browser: Remix data requests and the CSV download with a fresh session token, one at a time over one
// keep-alive connection.
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { decode } from "turbo-stream";
import { signSessionToken } from "../../simulator/src/admin/session-token";
import { freePort, REPO_ROOT, serverEnv, serverNodeArgs, spawnNode } from "./app-under-test";

// ---------------------------------------------------------------------------------------------------------------
// The Admin API stand-in
// ---------------------------------------------------------------------------------------------------------------

export interface AdminStub {
  url: string;
  /** Requests received so far, by GraphQL operation name (or "unnamed"). */
  calls(): Record<string, number>;
  total(): number;
  close(): Promise<void>;
}

/**
 * Answers the `ShopIdentity` query (the one read a page is known to make) with the seeded shop's identity, after
 * `delayMs`; any other operation gets a GraphQL error, so a page that needs more of Shopify fails visibly. Counts
 * every request: the report says which pages called Shopify at all.
 */
export async function startAdminStub(options: { delayMs: number }): Promise<AdminStub> {
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let operation = "unnamed";
      let query = "";
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { query?: string; operationName?: string };
        query = body.query ?? "";
        operation = body.operationName ?? /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unnamed";
      } catch {
        // not JSON
      }
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      const answer =
        operation === "ShopIdentity"
          ? {
              data: {
                shop: {
                  id: "gid://shopify/Shop/1",
                  name: "Bench shop",
                  myshopifyDomain: "bench.myshopify.com",
                  currencyCode: "USD",
                  ianaTimezone: "America/New_York",
                },
              },
              extensions: {
                cost: {
                  requestedQueryCost: 1,
                  actualQueryCost: 1,
                  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
                },
              },
            }
          : { errors: [{ message: `bench Admin API stand-in: ${operation} is not served` }] };
      setTimeout(
        () => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer)),
        options.delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => Object.fromEntries(calls),
    total: () => [...calls.values()].reduce((sum, n) => sum + n, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The production server
// ---------------------------------------------------------------------------------------------------------------

export interface DashboardServer {
  host: string;
  port: number;
  /** The node process running server.mjs (not a shell). */
  pid: number;
  /** VmRSS of the server, in bytes; null once it is gone. */
  rssBytes(): number | null;
  /** Resets the kernel's peak RSS (VmHWM) of the server; false when the kernel refused. */
  resetPeak(): boolean;
  /** VmHWM (peak RSS since start or the last reset), in bytes. */
  peakBytes(): number | null;
  outputTail(): string[];
  /** Warnings and errors the app logged, by message. */
  warnings(): Record<string, number>;
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

/** `node server.mjs` (as `npm start`) on a free loopback port; resolves once /healthz answers 200. */
export async function startDashboardServer(options: {
  databaseUrl: string;
  apiKey: string;
  apiSecret: string;
  adminApiOrigin: string;
  logLevel: string;
}): Promise<DashboardServer> {
  const host = "127.0.0.1";
  const port = await freePort();
  const server = spawnNode(
    [...serverNodeArgs(), path.join(REPO_ROOT, "server.mjs")],
    {
      ...serverEnv({ ...options, processing: "worker" }, host, port),
      // Everything on loopback: the Admin API is the stand-in, never https://{shop}. (Deliveries are not part of this
      // benchmark: WEBHOOK_PROCESSING=worker leaves nothing to the web process's background.)
      SHOPIFY_ADMIN_API_ORIGIN: options.adminApiOrigin,
    },
    // The server finishes the requests in progress on SIGTERM: a long export may need a while.
    { stopGraceMs: 12_000 },
  );
  const pid = server.pid;
  const stop = () => server.stop();
  const tail = () => server.outputTail();

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode() !== undefined) {
      throw new Error(`the server exited (code ${server.exitCode()}) before /healthz answered:\n${tail().join("\n")}`);
    }
    const healthy = await fetch(`http://${host}:${port}/healthz`)
      .then((res) => res.status === 200)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`/healthz did not answer 200 within 60 s:\n${tail().join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    host,
    port,
    pid,
    rssBytes: () => statusField(pid, "VmRSS"),
    peakBytes: () => statusField(pid, "VmHWM"),
    resetPeak() {
      try {
        // "5" resets the peak resident set size (Documentation/filesystems/proc.rst, clear_refs).
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
      } catch {
        return false;
      }
    },
    outputTail: tail,
    warnings: () => server.warnings(),
    exitCode: () => server.exitCode(),
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The merchant's browser
// ---------------------------------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  /** From sending the request to the last byte of the body. */
  ms: number;
  /** Bytes on the wire (after content encoding) and decoded. */
  wireBytes: number;
  bytes: number;
  contentType: string;
  contentEncoding: string;
  body: Buffer;
}

/** A token lives 60 s; App Bridge gets a new one before that. */
const TOKEN_RENEW_MS = 30_000;
/** A request given up: nothing arrived for the browser's timeout. */
export class RequestTimeout extends Error {}

export class MerchantBrowser {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 10_000 });
  private tokens = new Map<string, { token: string; at: number }>();
  private tokensSigned = 0;

  constructor(
    private readonly options: {
      host: string;
      port: number;
      apiKey: string;
      apiSecret: string;
      /** What the browser accepts (Chrome: "gzip, deflate, br, zstd"; zstd is not served by the app's compression). */
      acceptEncoding: string;
      /** A request is given up (RequestTimeout) when nothing arrives for this long. */
      timeoutMs: number;
    },
  ) {}

  signed(): number {
    return this.tokensSigned;
  }

  /** A session token for the shop as App Bridge holds one: reused while fresh, then a new one (new jti). */
  async token(shop: string): Promise<string> {
    const held = this.tokens.get(shop);
    if (held && Date.now() - held.at < TOKEN_RENEW_MS) return held.token;
    const { token } = await signSessionToken({
      apiKey: this.options.apiKey,
      apiSecret: this.options.apiSecret,
      shop,
      userId: "1",
      sessionId: `bench-admin-session-${shop}`,
    });
    this.tokensSigned += 1;
    this.tokens.set(shop, { token, at: Date.now() });
    return token;
  }

  /**
   * GET `pathAndQuery` for `shop` with `Authorization: Bearer <session token>`, as App Bridge's fetch does. The body
   * is kept unless `onChunk` is given (then each decoded chunk goes there and `body` is empty).
   */
  async get(shop: string, pathAndQuery: string, onChunk?: (chunk: Buffer) => void): Promise<Answer> {
    const token = await this.token(shop);
    return new Promise<Answer>((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest(
        {
          host: this.options.host,
          port: this.options.port,
          path: pathAndQuery,
          method: "GET",
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: "*/*",
            "Accept-Encoding": this.options.acceptEncoding,
            "User-Agent":
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
          },
          timeout: this.options.timeoutMs,
        },
        (res: IncomingMessage) => {
          const encoding = String(res.headers["content-encoding"] ?? "identity");
          let wireBytes = 0;
          let bytes = 0;
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => (wireBytes += chunk.length));
          const decoder =
            encoding === "gzip"
              ? createGunzip()
              : encoding === "br"
                ? createBrotliDecompress()
                : encoding === "deflate"
                  ? createInflate()
                  : null;
          const stream = decoder ? res.pipe(decoder) : res;
          stream.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            if (onChunk) onChunk(chunk);
            else chunks.push(chunk);
          });
          stream.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              ms: performance.now() - started,
              wireBytes,
              bytes,
              contentType: String(res.headers["content-type"] ?? ""),
              contentEncoding: encoding,
              body: Buffer.concat(chunks),
            }),
          );
          stream.on("error", reject);
          res.on("error", reject);
        },
      );
      req.on("timeout", () =>
        req.destroy(new RequestTimeout(`nothing from GET ${pathAndQuery} for ${this.options.timeoutMs / 1000} s`)),
      );
      req.on("error", reject);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * A Remix single-fetch answer (`GET /path.data`, turbo-stream), decoded as the browser's Remix runtime decodes it:
 * route id -> `{ data }` or `{ error }`.
 */
export async function decodeSingleFetch(body: Buffer): Promise<Record<string, { data?: unknown; error?: unknown }>> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(body));
      controller.close();
    },
  });
  const decoded = await decode(stream);
  await decoded.done;
  return decoded.value as Record<string, { data?: unknown; error?: unknown }>;
}
