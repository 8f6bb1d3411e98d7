// The simulator's core: state, clock, faults and the outbox of webhook events. No I/O; the server drains the outbox.
import { randomUUID } from "node:crypto";
import type { SimClock } from "./clock.js";
import { FaultBook } from "./payments/faults.js";
import { OutageBook } from "./graphql/outages.js";
import { HoldBook } from "./graphql/holds.js";
import { Store, type ShopState } from "./state/store.js";
import type { PaymentAttemptRecord, PaymentStatus } from "./state/types.js";

export interface SimEvent {
  shop: string;
  topic: string;
  payload: unknown;
  /** Same for every delivery (duplicates included) of one event: X-Shopify-Event-Id. */
  eventId: string;
  triggeredAt: Date;
}

export interface CoreConfig {
  /** Statuses an attempt shows, one per observation, before it settles (default ["PROCESSING"]). */
  paymentSteps: PaymentStatus[];
  /** The app's client id (API key). */
  apiKey: string;
}

export class Simulator {
  readonly store = new Store();
  readonly faults = new FaultBook();
  readonly outages = new OutageBook();
  /** Holds on Admin API operations (POST /_sim/shops/:shop/admin-api/holds); the server parks requests on them. */
  readonly holds = new HoldBook();
  /** Pending payments scripted with `forMs`, waiting for the clock (see operations/payments.releaseDuePayments). */
  readonly timedPayments = new Set<PaymentAttemptRecord>();
  private outbox: SimEvent[] = [];

  constructor(
    readonly clock: SimClock,
    readonly config: CoreConfig,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  emit(shop: ShopState, topic: string, payload: unknown): void {
    this.outbox.push({ shop: shop.domain, topic, payload, eventId: randomUUID(), triggeredAt: this.now() });
  }

  /** Hands pending events to the webhook sender, in the order they happened. */
  drainEvents(): SimEvent[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.outages.clear();
    this.holds.clear();
    this.timedPayments.clear();
    this.outbox = [];
    this.clock.reset();
  }
}
