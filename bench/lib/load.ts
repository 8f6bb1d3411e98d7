// Open-loop HTTP load: requests leave on a fixed schedule whatever the answers do, as Shopify's deliveries would.
//
// The requests go over plain keep-alive TCP connections, written as bytes prepared before the clock starts and
// answered responses read with a minimal HTTP/1.1 parser (as wrk and similar load generators do), not through
// Node's HTTP client: the generator shares the machine with the server it measures, and Node's client cost it
// about twice the CPU per request (request objects, header validation, a parser per response), taken from the
// server and PostgreSQL while they are measured.
import { connect, type Socket } from "node:net";
import { Worker } from "node:worker_threads";
import type { Delivery } from "./webhook-deliveries";

export interface Answer {
  /** HTTP status as text ("200"), or "timeout" / "error:<code>" when no answer came in time. */
  status: string;
  /** From handing the request to the client until the last byte of the answer (ms). */
  ms: number;
  /** The server's own time for it, from the answer's `Server-Timing: intake;dur=` (ms); NaN when absent. */
  serverMs: number;
}

interface Pending {
  wire: Buffer;
  settle: (status: string, serverMs?: number) => void;
  deadline: NodeJS.Timeout;
  connection?: Connection;
}

interface Connection {
  socket: Socket;
  /** Bytes of answers received and not yet parsed. */
  buffer: Buffer;
  current: Pending | null;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/** The request as bytes on the wire: request line, the delivery's headers, Host, keep-alive, body. */
export function wireRequest(delivery: Delivery, host: string, port: number): Buffer {
  const lines = [`POST ${delivery.path} HTTP/1.1`, `Host: ${host}:${port}`, "Connection: keep-alive"];
  let length = false;
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (name.toLowerCase() === "content-length") length = true;
    lines.push(`${name}: ${value}`);
  }
  if (!length) lines.push(`Content-Length: ${delivery.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), delivery.body]);
}

/**
 * At most `connections` keep-alive connections to one server, one request at a time on each (no pipelining, like
 * Node's keep-alive agent); requests beyond that wait in order for a free connection.
 */
export class LoadClient {
  private readonly all = new Set<Connection>();
  private readonly idle: Connection[] = [];
  private readonly waiting: Pending[] = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connections: number,
  ) {}

  /** Opens every connection now, so that the measured requests do not pay for connecting. */
  async connectAll(): Promise<void> {
    const opening: Promise<void>[] = [];
    while (this.open < this.connections) {
      const connection = this.connect();
      opening.push(new Promise((resolve) => connection.socket.once("connect", resolve).once("close", resolve)));
      this.idle.push(connection);
    }
    await Promise.all(opening);
  }

  /** Sends one request given as its bytes on the wire (wireRequest). */
  send(wire: Buffer, timeoutMs: number): Promise<Answer> {
    return new Promise((resolve) => {
      const start = performance.now();
      let settled = false;
      const pending: Pending = {
        wire,
        // A deadline from the send, not a socket idle timeout: a request waiting for a free connection counts too.
        deadline: setTimeout(() => {
          pending.settle("timeout");
          const queued = this.waiting.indexOf(pending);
          if (queued >= 0) this.waiting.splice(queued, 1);
          // The answer may still come on that connection: it cannot carry another request.
          if (pending.connection) pending.connection.socket.destroy();
        }, timeoutMs),
        settle: (status, serverMs = NaN) => {
          if (settled) return;
          settled = true;
          clearTimeout(pending.deadline);
          resolve({ status, ms: performance.now() - start, serverMs });
        },
      };
      const connection = this.idle.pop();
      if (connection) this.write(connection, pending);
      else if (this.open < this.connections && !this.closed) this.write(this.connect(), pending);
      else this.waiting.push(pending);
    });
  }

  /** Closes every connection; requests still waiting or unanswered end as "error:closed". */
  close(): void {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.settle("error:closed");
    for (const connection of this.all) {
      connection.current?.settle("error:closed");
      connection.socket.destroy();
    }
  }

  private connect(): Connection {
    this.open++;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    const connection: Connection = { socket, buffer: Buffer.alloc(0), current: null };
    this.all.add(connection);
    socket.on("data", (chunk: Buffer) => this.read(connection, chunk));
    const lost = (code: string) => {
      if (connection.current) connection.current.settle(`error:${code}`);
      connection.current = null;
      this.all.delete(connection);
      const index = this.idle.indexOf(connection);
      if (index >= 0) this.idle.splice(index, 1);
      this.open--;
      // A request waiting for a connection gets a new one in place of the lost one.
      const next = this.waiting.shift();
      if (next && !this.closed) this.write(this.connect(), next);
    };
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      lost(error.code ?? "socket");
    });
    socket.once("close", () => {
      if (!socket.errored) lost("ECONNRESET");
    });
    return connection;
  }

  private write(connection: Connection, pending: Pending) {
    connection.current = pending;
    pending.connection = connection;
    connection.socket.write(pending.wire);
  }

  private read(connection: Connection, chunk: Buffer) {
    let buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf(HEADER_END);
      if (headerEnd < 0) break;
      const head = buffer.toString("latin1", 0, headerEnd);
      const bodyStart = headerEnd + HEADER_END.length;
      const end = /\r\ntransfer-encoding:\s*chunked/i.test(head)
        ? chunkedEnd(buffer, bodyStart)
        : bodyStart + Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (end < 0 || buffer.length < end) break;
      const status = head.slice(9, 12);
      const serverMs = Number(/\r\nserver-timing:\s*intake;dur=([\d.]+)/i.exec(head)?.[1] ?? NaN);
      const closing = /\r\nconnection:\s*close/i.test(head);
      buffer = buffer.subarray(end);
      const answered = connection.current;
      connection.current = null;
      answered?.settle(status, serverMs);
      if (closing) {
        connection.socket.end();
        return;
      }
      this.release(connection);
    }
    connection.buffer = buffer;
  }

  private release(connection: Connection) {
    const next = this.waiting.shift();
    if (next) this.write(connection, next);
    else this.idle.push(connection);
  }
}

/** Where a chunked body that starts at `start` ends (after its last, empty chunk), or -1 if not all of it is here. */
function chunkedEnd(buffer: Buffer, start: number): number {
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
    // (A size that is not hex never completes: the request ends as a timeout.)
    if (Number.isNaN(size)) return -1;
    if (size === 0) {
      // The last chunk, then trailer lines (none expected) up to an empty line: the first blank line from here.
      const end = buffer.indexOf(HEADER_END, lineEnd);
      return end < 0 ? -1 : end + HEADER_END.length;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
  }
}

export interface OpenLoopResult {
  sent: number;
  /** Per request, in send order. */
  latencyMs: Float64Array;
  /** How late each request left against its schedule (the load generator's own delay, ms). */
  lagMs: Float64Array;
  /** Per request, in send order: the server's own time (Answer.serverMs). */
  serverMs: Float64Array;
  /** Per request, in send order: the answer's status (Answer.status). */
  statusOf: string[];
  /** Milliseconds from the first send to the last send, and to the last answer. */
  sendSpanMs: number;
  answerSpanMs: number;
  maxInFlight: number;
  /** CPU the process used while sending (user + system, ms): the generator's, as nothing else in it runs meanwhile. */
  cpuMs: number;
}

export interface OpenLoopOptions {
  /** Called when the connections are open and the first request is about to leave. */
  onStart?: () => void;
  host: string;
  port: number;
  connections: number;
  timeoutMs: number;
  /** Requests per second: request i leaves at start + i/rate, without waiting for answers. */
  rate: number;
  /** The requests, in order, as bytes on the wire. */
  wires: Buffer[];
}

/** Runs the open loop in this thread. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, wires, timeoutMs } = options;
  const total = wires.length;
  const client = new LoadClient(options.host, options.port, options.connections);
  await client.connectAll();
  options.onStart?.();
  const latencyMs = new Float64Array(total);
  const lagMs = new Float64Array(total);
  const serverMs = new Float64Array(total);
  const statusOf: string[] = new Array<string>(total).fill("");
  const intervalMs = 1000 / rate;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let scheduled = 0;
  let answered = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastSendAt = start;
  let lastAnswerAt = start;
  await new Promise<void>((resolve) => {
    if (total === 0) return resolve();
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      while (scheduled < due) {
        const index = scheduled++;
        lastSendAt = performance.now();
        lagMs[index] = lastSendAt - (start + index * intervalMs);
        inFlight++;
        if (inFlight > maxInFlight) maxInFlight = inFlight;
        void client.send(wires[index]!, timeoutMs).then((answer) => {
          latencyMs[index] = answer.ms;
          serverMs[index] = answer.serverMs;
          statusOf[index] = answer.status;
          inFlight--;
          answered++;
          lastAnswerAt = performance.now();
          if (answered === total) resolve();
        });
      }
      if (scheduled < total) setTimeout(tick, Math.max(0, start + scheduled * intervalMs - performance.now()));
    };
    tick();
  });
  const cpu = process.cpuUsage(cpuBefore);
  client.close();
  return {
    sent: total,
    latencyMs,
    lagMs,
    serverMs,
    statusOf,
    sendSpanMs: lastSendAt - start,
    answerSpanMs: lastAnswerAt - start,
    maxInFlight,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/**
 * Runs the open loop in a worker thread of its own: its heap holds only the requests' bytes and the timings, so
 * the caller's bookkeeping (every delivery sent, for the exactly-once check) is not collected while it sends, and
 * garbage collection of that large heap does not hold up sending or reading answers.
 */
export function runOpenLoopInWorker(options: OpenLoopOptions): Promise<OpenLoopResult & { stalls: Stalls }> {
  // One block for all the requests, handed over (not copied) to the worker.
  const offsets = new Float64Array(options.wires.length + 1);
  for (let i = 0; i < options.wires.length; i++) offsets[i + 1] = offsets[i]! + options.wires[i]!.length;
  const block = new Uint8Array(offsets[options.wires.length]!);
  options.wires.forEach((wire, i) => block.set(wire, offsets[i]!));
  const { wires: _wires, onStart: _onStart, ...settings } = options;
  // The worker's TypeScript entry is loaded through tsx's API (a worker does not inherit the parent's loader).
  const entry = JSON.stringify(new URL("./open-loop-worker.ts", import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const worker = new Worker(`import(${tsx}).then(({ tsImport }) => tsImport(${entry}, ${entry}))`, {
    eval: true,
    workerData: { settings, block, offsets },
    transferList: [block.buffer],
  });
  return new Promise((resolve, reject) => {
    // This thread has nothing else to do while the worker sends: it watches the machine's stalls meanwhile.
    let watch: ReturnType<typeof watchStalls> | undefined;
    worker.on("message", (message: { started: true } | OpenLoopResult) => {
      if ("started" in message) {
        watch = watchStalls();
        return;
      }
      resolve({ ...message, stalls: watch?.stop() ?? { over10Ms: 0, maxMs: 0 } });
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the load generator's worker thread exited with ${code}`));
    });
  });
}

export interface Stalls {
  /** Times the watching thread woke 10 ms or more later than asked, and the longest delay (ms). */
  over10Ms: number;
  maxMs: number;
}

/**
 * Watches how late an idle thread's timer (every 5 ms) fires, until `stop()` is called: on a machine shared by the load
 * generator, the database and the app, a delay here means no process got the CPU it asked for (or the machine's
 * host did not run it), which shows up as latency that is neither the server's nor the network's. The calling
 * thread must have nothing else to do meanwhile (the open loop runs in its own worker).
 */
export function watchStalls(intervalMs = 5): { stop: () => Stalls } {
  let over10Ms = 0;
  let maxMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - intervalMs;
    last = now;
    if (late >= 10) over10Ms++;
    if (late > maxMs) maxMs = late;
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { over10Ms, maxMs };
    },
  };
}
