// In-memory state: every shop's records, the access tokens that resolve to shops, and id sequences.
import { randomBytes } from "node:crypto";
import { IdSequence } from "./ids.js";
import { MetafieldState } from "./metafields.js";
import type {
  CustomerRecord,
  FulfillmentOrderRecord,
  JobRecord,
  MandateRecord,
  OrderEditRecord,
  OrderRecord,
  PaymentAttemptRecord,
  PaymentScheduleRecord,
  PaymentTermsRecord,
  PlanName,
  ProductRecord,
  RefundRecord,
  ReminderRecord,
  ReturnRecord,
  SellingPlanGroupRecord,
  SellingPlanRecord,
  ShopRecord,
  TransactionRecord,
  VariantRecord,
} from "./types.js";

/** Shopify's GraphQL Admin API restore rates (points/second) per plan; the bucket holds 20 seconds' worth. */
export const RESTORE_RATES: Record<PlanName, number> = {
  development: 100,
  basic: 100,
  grow: 100,
  advanced: 200,
  plus: 1000,
  enterprise: 2000,
};

export interface BucketState {
  available: number;
  updatedAtMs: number;
}

export class ShopState {
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly groups = new Map<number, SellingPlanGroupRecord>();
  readonly plans = new Map<number, SellingPlanRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly mandates = new Map<number, MandateRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly terms = new Map<number, PaymentTermsRecord>();
  readonly schedules = new Map<number, PaymentScheduleRecord>();
  readonly transactions = new Map<number, TransactionRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly refunds = new Map<number, RefundRecord>();
  readonly returns = new Map<number, ReturnRecord>();
  readonly orderEdits = new Map<number, OrderEditRecord>();
  /** Payment attempts by paymentReferenceId, in creation order. */
  readonly attempts = new Map<string, PaymentAttemptRecord>();
  /** Idempotency keys of orderCreateMandatePayment -> paymentReferenceId. */
  readonly attemptsByKey = new Map<string, string>();
  readonly jobs = new Map<string, JobRecord>();
  readonly reminders: ReminderRecord[] = [];
  readonly metafields = new MetafieldState();
  bucket: BucketState | null = null;

  constructor(readonly shop: ShopRecord) {}

  get domain(): string {
    return this.shop.domain;
  }
}

export interface TokenRecord {
  token: string;
  shop: string;
  scopes: string[];
  createdAt: Date;
}

export interface CreateShopInput {
  domain: string;
  name?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  plan?: PlanName;
  restoreRate?: number;
}

export class Store {
  readonly shops = new Map<string, ShopState>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly ids = new IdSequence();

  createShop(input: CreateShopInput, now: Date): ShopState {
    const domain = normalizeShopDomain(input.domain);
    const existing = this.shops.get(domain);
    if (existing) return existing;
    const plan = input.plan ?? "basic";
    const handle = domain.replace(/\.myshopify\.com$/, "");
    const state = new ShopState({
      id: this.ids.take(),
      domain,
      name: input.name ?? titleCase(handle),
      email: input.email ?? `owner@${handle}.example`,
      currencyCode: input.currencyCode ?? "USD",
      ianaTimezone: input.ianaTimezone ?? "America/New_York",
      plan,
      restoreRate: input.restoreRate ?? RESTORE_RATES[plan],
      createdAt: now,
      installed: false,
      scopes: [],
      nextOrderNumber: 1001,
      primaryLocationId: this.ids.take(),
    });
    this.shops.set(domain, state);
    return state;
  }

  shop(domain: string): ShopState | undefined {
    return this.shops.get(normalizeShopDomain(domain));
  }

  /** Issues an offline access token (shpat_ + 32 hex, like Shopify's) bound to exactly one shop. */
  issueToken(shop: string, scopes: string[], now: Date, token?: string): TokenRecord {
    const record: TokenRecord = {
      token: token ?? `shpat_${randomBytes(16).toString("hex")}`,
      shop,
      scopes,
      createdAt: now,
    };
    const clash = this.tokens.get(record.token);
    if (clash && clash.shop !== shop) throw new Error("That access token already belongs to another shop");
    this.tokens.set(record.token, record);
    return record;
  }

  revokeTokens(shop: string): number {
    let n = 0;
    for (const [t, r] of this.tokens) {
      if (r.shop === shop) {
        this.tokens.delete(t);
        n++;
      }
    }
    return n;
  }

  resolveToken(token: string | undefined): ShopState | undefined {
    if (!token) return undefined;
    const record = this.tokens.get(token);
    return record ? this.shops.get(record.shop) : undefined;
  }

  reset(): void {
    this.shops.clear();
    this.tokens.clear();
    this.ids.reset();
  }
}

export function normalizeShopDomain(domain: string): string {
  const d = domain.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(d))
    throw new Error(`Not a shop domain: ${domain} (expected <name>.myshopify.com)`);
  return d;
}

function titleCase(handle: string): string {
  return handle
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}
