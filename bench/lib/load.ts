// Open-loop HTTP load: requests leave on a fixed schedule whatever the answers do, as Shopify's deliveries would.
import { Agent, request } from "node:http";
import type { Delivery } from "./webhook-deliveries";

export interface Answer {
  /** HTTP status as text ("200"), or "timeout" / "error:<code>" when no answer came in time. */
  status: string;
  /** From handing the request to the agent until the last byte of the answer (ms). */
  ms: number;
}

export interface Target {
  host: string;
  port: number;
  agent: Agent;
  /** A request not answered this long after it was handed to the agent is abandoned ("timeout"). */
  timeoutMs: number;
}

export function keepAliveAgent(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

export function send(target: Target, delivery: Delivery): Promise<Answer> {
  return new Promise((resolve) => {
    const start = performance.now();
    let settled = false;
    // A deadline from the send, not a socket idle timeout: a request waiting for a free connection counts too.
    const deadline = setTimeout(() => {
      settle("timeout");
      req.destroy();
    }, target.timeoutMs);
    const settle = (status: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ status, ms: performance.now() - start });
    };
    const req = request(
      {
        host: target.host,
        port: target.port,
        path: delivery.path,
        method: "POST",
        agent: target.agent,
        headers: delivery.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => settle(String(res.statusCode ?? 0)));
        res.on("error", (error: NodeJS.ErrnoException) => settle(`error:${error.code ?? error.message}`));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => settle(`error:${error.code ?? error.message}`));
    req.end(delivery.body);
  });
}

export interface OpenLoopResult {
  sent: number;
  /** Per request, in send order. */
  latencyMs: Float64Array;
  /** How late each request left against its schedule (the load generator's own delay, ms). */
  lagMs: Float64Array;
  statuses: Map<string, number>;
  /** performance.now() of the first and last send, and of the last answer. */
  firstSendAt: number;
  lastSendAt: number;
  lastAnswerAt: number;
  maxInFlight: number;
}

/** Sends `total` requests at `rate` per second, request i at start + i/rate, without waiting for answers. */
export function runOpenLoop(options: {
  target: Target;
  total: number;
  rate: number;
  next: () => Delivery;
  onAnswer?: (delivery: Delivery, answer: Answer) => void;
}): Promise<OpenLoopResult> {
  const { target, total, rate, next, onAnswer } = options;
  const latencyMs = new Float64Array(total);
  const lagMs = new Float64Array(total);
  const statuses = new Map<string, number>();
  const intervalMs = 1000 / rate;
  return new Promise((resolve) => {
    if (total === 0) {
      const now = performance.now();
      resolve({
        sent: 0,
        latencyMs,
        lagMs,
        statuses,
        firstSendAt: now,
        lastSendAt: now,
        lastAnswerAt: now,
        maxInFlight: 0,
      });
      return;
    }
    const start = performance.now();
    let scheduled = 0;
    let answered = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let lastSendAt = start;
    let lastAnswerAt = start;

    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      while (scheduled < due) {
        const index = scheduled++;
        const delivery = next();
        lastSendAt = performance.now();
        lagMs[index] = lastSendAt - (start + index * intervalMs);
        inFlight++;
        if (inFlight > maxInFlight) maxInFlight = inFlight;
        void send(target, delivery).then((answer) => {
          onAnswer?.(delivery, answer);
          latencyMs[index] = answer.ms;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          inFlight--;
          answered++;
          lastAnswerAt = performance.now();
          if (answered === total) {
            resolve({
              sent: total,
              latencyMs,
              lagMs,
              statuses,
              firstSendAt: start,
              lastSendAt,
              lastAnswerAt,
              maxInFlight,
            });
          }
        });
      }
      if (scheduled < total) setTimeout(tick, Math.max(0, start + scheduled * intervalMs - performance.now()));
    };
    tick();
  });
}
