// Delivers webhook events to the app like Shopify: signed headers, retries with backoff, optional duplicates and reordering.
import { createHmac, randomUUID } from "node:crypto";
import type { SimEvent } from "../sim.js";
import type { Subscriptions } from "./subscriptions.js";
import { API_VERSION } from "../graphql/schema.js";

export interface WebhookConfig {
  /** Delay before each retry of a failed delivery; Shopify retries 8 times over 4 hours. */
  retryDelaysMs: number[];
  /** A delivery that takes longer fails (Shopify allows 5 s). */
  timeoutMs: number;
  /** Deliver every event twice (same X-Shopify-Event-Id, new X-Shopify-Webhook-Id), as Shopify may. */
  duplicate: boolean;
  /** Deliver each batch of events (one API or control call) in reverse order. */
  outOfOrder: boolean;
}

export const SHOPIFY_RETRY_DELAYS_MS = [10_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000];

export const defaultWebhookConfig = (): WebhookConfig => ({
  retryDelaysMs: [...SHOPIFY_RETRY_DELAYS_MS],
  timeoutMs: 5_000,
  duplicate: false,
  outOfOrder: false,
});

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  state: "pending" | "delivered" | "failed";
  duplicate: boolean;
  attempts: DeliveryAttempt[];
  createdAt: string;
}

export function signBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export interface SenderOptions {
  apiSecret: string;
  appUrl: string;
  subscriptions: Subscriptions;
  config?: Partial<WebhookConfig>;
  fetch?: typeof fetch;
  /** Keep at most this many deliveries in the log. */
  logLimit?: number;
}

export class WebhookSender {
  config: WebhookConfig;
  private readonly log: DeliveryRecord[] = [];
  private readonly queue: DeliveryRecord[] = [];
  private running = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  private readonly fetchImpl: typeof fetch;
  /** Events dropped because no subscription exists for their topic. */
  unsubscribed = 0;

  constructor(private readonly opts: SenderOptions) {
    this.config = { ...defaultWebhookConfig(), ...opts.config };
    this.fetchImpl = opts.fetch ?? fetch;
  }

  get subscriptions(): Subscriptions {
    return this.opts.subscriptions;
  }

  enqueue(events: SimEvent[], shopInstalled: (shop: string) => boolean): DeliveryRecord[] {
    const batch: DeliveryRecord[] = [];
    for (const e of events) {
      const uri = this.opts.subscriptions.uris.get(e.topic);
      // Shopify sends nothing to an app that is not installed, except the uninstall and redaction notices themselves.
      const allowed = shopInstalled(e.shop) || e.topic === "app/uninstalled" || e.topic === "shop/redact";
      if (!uri || !allowed) {
        if (!uri) this.unsubscribed++;
        continue;
      }
      const copies = this.config.duplicate ? 2 : 1;
      for (let i = 0; i < copies; i++) batch.push(this.record(e, uri, i > 0));
    }
    if (this.config.outOfOrder) batch.reverse();
    this.log.push(...batch);
    const limit = this.opts.logLimit ?? 10_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    this.queue.push(...batch);
    void this.pump();
    return batch;
  }

  private record(e: SimEvent, uri: string, duplicate: boolean): DeliveryRecord {
    const body = JSON.stringify(e.payload);
    const webhookId = randomUUID();
    const url = /^https?:\/\//.test(uri) ? uri : this.opts.appUrl.replace(/\/$/, "") + uri;
    return {
      webhookId,
      eventId: e.eventId,
      topic: e.topic,
      shop: e.shop,
      url,
      body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Shopify-Captain-Hook",
        "X-Shopify-Topic": e.topic,
        "X-Shopify-Hmac-Sha256": signBody(body, this.opts.apiSecret),
        "X-Shopify-Shop-Domain": e.shop,
        "X-Shopify-API-Version": API_VERSION,
        "X-Shopify-Webhook-Id": webhookId,
        "X-Shopify-Event-Id": e.eventId,
        "X-Shopify-Triggered-At": e.triggeredAt.toISOString(),
      },
      state: "pending",
      duplicate,
      attempts: [],
      createdAt: new Date().toISOString(),
    };
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopped) await this.attempt(this.queue.shift()!);
    } finally {
      this.running = false;
      this.notifyIfIdle();
    }
  }

  private async attempt(d: DeliveryRecord): Promise<void> {
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.fetchImpl(d.url, {
        method: "POST",
        headers: d.headers,
        body: d.body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    d.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started });
    if (!error) {
      d.state = "delivered";
      return;
    }
    const retry = d.attempts.length - 1;
    const delay = this.config.retryDelaysMs[retry];
    if (delay === undefined || this.stopped) {
      d.state = "failed";
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push(d);
      void this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private notifyIfIdle(): void {
    if (this.queue.length === 0 && this.timers.size === 0 && !this.running) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves once nothing is queued, in flight, or waiting to be retried (or after timeoutMs). */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    if (this.queue.length === 0 && this.timers.size === 0 && !this.running) return true;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  deliveries(filter: { shop?: string; topic?: string; state?: string } = {}): DeliveryRecord[] {
    return this.log.filter(
      (d) =>
        (!filter.shop || d.shop === filter.shop) &&
        (!filter.topic || d.topic === filter.topic) &&
        (!filter.state || d.state === filter.state),
    );
  }

  clear(): void {
    this.log.length = 0;
    this.queue.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.notifyIfIdle();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }
}
