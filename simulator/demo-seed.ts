// The first-run demo (`npm run local`, and the e2e demo spec): shops whose offers the APP made, through its own
// embedded routes with session tokens, and orders placed through the simulator's checkout so the app hears them by
// webhook, in every state a deferred purchase goes through. The balances that fell due were charged by the app's own
// charge engine (`app/scheduler/tick.ts`, run as a separate process like cron runs it) while the simulator's clock
// walked from 40 days ago to now: the simulator's clock is the only clock (the app follows it, README "Local seams"),
// so "overdue" and "due this week" are true when the seed ends. Talks to both programs over HTTP only.
import { spawn } from "node:child_process";
import { decode } from "turbo-stream";
import { SimulatorClient, type FaultSpec, type OrderJson, type ProductJson } from "./client";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** shopify-app-remix answers 410 to bots; the seed calls the app as the admin's browser does. */
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export const DEMO_SHOPS = { usd: "demo.myshopify.com", eur: "demo-eu.myshopify.com" } as const;

/** The states a merchant meets, each found on at least one seeded order (the e2e demo spec looks for each). */
export const DEMO_STATES = [
  "depositPaid",
  "dueSoon",
  "overdue",
  "collected",
  "failed",
  "cancelled",
  "returned",
  "dueOnFulfillment",
  "inTrial",
] as const;
export type DemoState = (typeof DEMO_STATES)[number];

export interface TickSummary {
  claimed: number;
  done: number;
  later: number;
  retrying: number;
  failed: number;
}

export interface DemoSeedOptions {
  simulatorUrl: string;
  appUrl: string;
  /** One pass of the app's scheduled work (the charge engine among it); `tickProcess(env)` runs `npm run tick:dev`. */
  tick: () => Promise<TickSummary>;
  log?: (line: string) => void;
}

export interface SeededOrder {
  id: string;
  name: string;
  state: DemoState;
  kind: "PRE_ORDER" | "TRY_BEFORE_YOU_BUY";
  customer: string;
  currency: string;
}

export interface SeededShop {
  shop: string;
  name: string;
  currency: string;
  offers: { id: string; name: string; kind: "PRE_ORDER" | "TRY_BEFORE_YOU_BUY"; products: string[] }[];
  products: { id: string; title: string; handle: string }[];
  orders: SeededOrder[];
}

export interface DemoSeedResult {
  shops: SeededShop[];
  /** Wall-clock time the seed took. */
  ms: number;
  ticks: number;
}

/**
 * A Remix single-fetch request to the embedded app as the admin's browser makes it (`Authorization: Bearer <session
 * token>` from the simulator's admin): GET `path` (a `.data` URL) for a loader, or POST `fields` as a form to an
 * action. Returns the status and the decoded turbo-stream value.
 */
export async function callApp(
  target: { simulatorUrl: string; appUrl: string },
  shop: string,
  path: string,
  fields?: Record<string, string>,
): Promise<{ status: number; value: Record<string, unknown> | undefined }> {
  const tokenAnswer = await fetch(`${target.simulatorUrl}/admin/session-token?shop=${encodeURIComponent(shop)}`);
  if (!tokenAnswer.ok) throw new SeedError(`No session token for ${shop}: ${tokenAnswer.status}`);
  const { token } = (await tokenAnswer.json()) as { token: string };
  const response = await fetch(`${target.appUrl}${path}`, {
    method: fields ? "POST" : "GET",
    redirect: "manual",
    headers: {
      Authorization: `Bearer ${token}`,
      "User-Agent": BROWSER_USER_AGENT,
      ...(fields ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: fields ? new URLSearchParams(fields) : undefined,
  });
  const body = response.body ? await decode(response.body) : null;
  if (body) await body.done;
  return { status: response.status, value: body?.value as Record<string, unknown> | undefined };
}

/** Runs one `tick` of the app's scheduled work from source in a child process with the app's environment. */
export function tickProcess(env: NodeJS.ProcessEnv): () => Promise<TickSummary> {
  return () =>
    new Promise<TickSummary>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "app/scheduler/tick.ts"], {
        env: { ...env, LOG_LEVEL: env.DEMO_TICK_LOG_LEVEL ?? "warn" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => (out += chunk));
      child.on("error", reject);
      child.on("exit", (code) => {
        const line = out.trim().split("\n").pop() ?? "";
        try {
          const parsed = JSON.parse(line) as { tick: TickSummary };
          // 0: all ran; 3: some will be retried; 4: some were given up (the seed's checks then fail, saying which).
          if (code === 0 || code === 3 || code === 4) return resolve(parsed.tick);
        } catch {
          // fall through
        }
        reject(new Error(`The app's tick failed (exit ${code}): ${out}`));
      });
    });
}

interface OfferSpec {
  key: string;
  input: Record<string, unknown>;
  products: string[];
}

interface OrderSpec {
  /** Days before the seed's start when the customer checked out. */
  placedDaysAgo: number;
  product: string;
  variant?: number;
  offer: string;
  /** Which of the offer's plans (by key). */
  plan: string;
  customer: number;
  state: DemoState;
  /** Scripted outcomes of the app's charges of this order (Shopify's decline reasons). */
  faults?: FaultSpec[];
  /** Merchant actions after checkout, in days before the seed's start. */
  fulfilDaysAgo?: number;
  cancelDaysAgo?: number;
  returnDaysAgo?: number;
}

interface ShopSpec {
  shop: string;
  name: string;
  currency: string;
  timeZone: string;
  products: { key: string; title: string; vendor: string; productType: string; variants: Record<string, unknown>[] }[];
  offers: OfferSpec[];
  orders: OrderSpec[];
  customers: { email: string; firstName: string; lastName: string }[];
}

const retryPolicy = {
  // Two attempts three days apart: a declined balance is retried once, then flagged with Shopify's reason.
  maxAttempts: 2,
  interval: { value: 3, unit: "DAYS" },
  finalAction: "LEAVE_UNPAID_AND_NOTIFY",
};
const noStockRules = { presaleLimit: null, onlyWhenOutOfStock: false };

function preOrderOffer(currency: string, start: number): Record<string, Record<string, unknown>> {
  return {
    jacket: {
      kind: "PRE_ORDER",
      currencyCode: currency,
      name: "Pre-order",
      merchantCode: "Winter pre-order",
      description: "Reserve the new season before it lands.",
      optionLabels: ["Purchase option"],
      retryPolicy,
      stockRules: noStockRules,
      plans: [
        {
          key: "deposit",
          name: "Pre-order: 20% deposit, balance when it ships",
          description: "Reserve now with a 20% deposit; the rest is charged when your jacket ships.",
          optionValues: ["20% deposit"],
          deposit: { type: "PERCENTAGE", percentage: 20 },
          balance: { trigger: "ON_FULFILLMENT" },
          fulfillment: { trigger: "UNKNOWN" },
          reserveInventory: "ON_FULFILLMENT",
          priceAdjustment: { type: "PERCENTAGE_OFF", percentage: 10 },
          confirmChargeBeforeFulfillment: false,
        },
        {
          key: "full",
          name: "Pre-order: pay in full",
          description: null,
          optionValues: ["Pay in full"],
          deposit: { type: "FULL" },
          balance: null,
          fulfillment: { trigger: "EXACT_DATE", shipsAt: new Date(start + 45 * DAY).toISOString() },
          reserveInventory: "ON_SALE",
          priceAdjustment: null,
          confirmChargeBeforeFulfillment: false,
        },
      ],
    },
    speaker: {
      kind: "PRE_ORDER",
      currencyCode: currency,
      name: "Pre-order, balance in 30 days",
      merchantCode: "Speaker launch",
      description: null,
      optionLabels: ["Purchase option"],
      retryPolicy,
      stockRules: { presaleLimit: 200, onlyWhenOutOfStock: false },
      plans: [
        {
          key: "deposit",
          name: "25% now, the rest in 30 days",
          description: "Ships as soon as it is in stock.",
          optionValues: ["25% deposit"],
          deposit: { type: "PERCENTAGE", percentage: 25 },
          balance: { trigger: "DAYS_AFTER_CHECKOUT", days: 30 },
          fulfillment: { trigger: "ASAP" },
          reserveInventory: "ON_SALE",
          priceAdjustment: null,
          confirmChargeBeforeFulfillment: true,
        },
      ],
    },
    trial: {
      kind: "TRY_BEFORE_YOU_BUY",
      currencyCode: currency,
      name: "Try before you buy",
      merchantCode: "Home trial",
      description: null,
      optionLabels: ["Purchase option"],
      retryPolicy,
      stockRules: noStockRules,
      plans: [
        {
          key: "trial",
          name: "Try free for 14 days",
          description: "Keep it and we charge you after 14 days; send it back and pay nothing.",
          optionValues: ["Try free for 14 days"],
          trialDays: 14,
          deposit: { type: "NONE" },
          reserveInventory: "ON_SALE",
          priceAdjustment: null,
        },
      ],
    },
  };
}

function shopSpecs(start: number): ShopSpec[] {
  const usdOffers = preOrderOffer("USD", start);
  const eurOffers = preOrderOffer("EUR", start);
  return [
    {
      shop: DEMO_SHOPS.usd,
      name: "Northwind Outfitters",
      currency: "USD",
      timeZone: "America/Toronto",
      customers: [
        { email: "ava.chen@example.com", firstName: "Ava", lastName: "Chen" },
        { email: "liam.okafor@example.com", firstName: "Liam", lastName: "Okafor" },
        { email: "sofia.rossi@example.com", firstName: "Sofia", lastName: "Rossi" },
        { email: "noah.martin@example.com", firstName: "Noah", lastName: "Martin" },
        { email: "mia.johansson@example.com", firstName: "Mia", lastName: "Johansson" },
        { email: "ethan.park@example.com", firstName: "Ethan", lastName: "Park" },
      ],
      products: [
        {
          key: "jacket",
          title: "Alpine Down Jacket",
          vendor: "Northwind",
          productType: "Outerwear",
          variants: [
            { title: "S", sku: "ADJ-S", price: "249.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
            { title: "M", sku: "ADJ-M", price: "249.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
            { title: "L", sku: "ADJ-L", price: "259.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
          ],
        },
        {
          key: "speaker",
          title: "Aurora Smart Speaker",
          vendor: "Sonora",
          productType: "Audio",
          variants: [{ title: "Default Title", sku: "ASP-01", price: "199.00", inventoryQuantity: 40 }],
        },
        {
          key: "boots",
          title: "Trail Boots",
          vendor: "Northwind",
          productType: "Footwear",
          variants: [{ title: "Default Title", sku: "TB-01", price: "180.00", inventoryQuantity: 25 }],
        },
        {
          key: "headphones",
          title: "Studio Headphones",
          vendor: "Sonora",
          productType: "Audio",
          variants: [{ title: "Default Title", sku: "SH-01", price: "320.00", inventoryQuantity: 12 }],
        },
        {
          key: "beanie",
          title: "Merino Beanie",
          vendor: "Northwind",
          productType: "Accessories",
          variants: [{ title: "Default Title", sku: "MB-01", price: "35.00", inventoryQuantity: 100 }],
        },
      ],
      offers: [
        { key: "jacket", input: usdOffers.jacket!, products: ["jacket"] },
        { key: "speaker", input: usdOffers.speaker!, products: ["speaker"] },
        { key: "trial", input: usdOffers.trial!, products: ["boots", "headphones"] },
      ],
      orders: [
        // Collected by the app's engine 5 days ago (30 days after checkout).
        { placedDaysAgo: 35, product: "speaker", offer: "speaker", plan: "deposit", customer: 0, state: "collected" },
        // Shipped 5 days ago: Shopify set the due date, the engine charged it.
        {
          placedDaysAgo: 30,
          product: "jacket",
          variant: 1,
          offer: "jacket",
          plan: "deposit",
          customer: 1,
          state: "collected",
          fulfilDaysAgo: 5,
        },
        // Due in 3 days.
        { placedDaysAgo: 27, product: "speaker", offer: "speaker", plan: "deposit", customer: 2, state: "dueSoon" },
        // Declined twice (10 and 7 days ago): flagged with Shopify's reason.
        {
          placedDaysAgo: 24,
          product: "boots",
          offer: "trial",
          plan: "trial",
          customer: 3,
          state: "failed",
          fulfilDaysAgo: 23,
          faults: [
            { kind: "decline", reason: "insufficient_funds" },
            { kind: "decline", reason: "insufficient_funds" },
          ],
        },
        // Waiting for stock: due on fulfillment.
        {
          placedDaysAgo: 20,
          product: "jacket",
          variant: 2,
          offer: "jacket",
          plan: "deposit",
          customer: 4,
          state: "dueOnFulfillment",
        },
        // Sent back during the trial: nothing owed.
        {
          placedDaysAgo: 20,
          product: "headphones",
          offer: "trial",
          plan: "trial",
          customer: 5,
          state: "returned",
          fulfilDaysAgo: 19,
          returnDaysAgo: 12,
        },
        // Cancelled by the customer, deposit refunded.
        {
          placedDaysAgo: 18,
          product: "jacket",
          variant: 0,
          offer: "jacket",
          plan: "deposit",
          customer: 0,
          state: "cancelled",
          cancelDaysAgo: 15,
        },
        // Declined 2 days ago, retried tomorrow: overdue.
        {
          placedDaysAgo: 16,
          product: "headphones",
          offer: "trial",
          plan: "trial",
          customer: 1,
          state: "overdue",
          fulfilDaysAgo: 15,
          faults: [{ kind: "decline", reason: "expired_card" }],
        },
        // Kept after the trial: collected yesterday.
        {
          placedDaysAgo: 15,
          product: "boots",
          offer: "trial",
          plan: "trial",
          customer: 2,
          state: "collected",
          fulfilDaysAgo: 14,
        },
        // Deposit paid, balance in 20 days.
        { placedDaysAgo: 10, product: "speaker", offer: "speaker", plan: "deposit", customer: 3, state: "depositPaid" },
        // In the trial, charged in 4 days.
        {
          placedDaysAgo: 10,
          product: "headphones",
          offer: "trial",
          plan: "trial",
          customer: 4,
          state: "inTrial",
          fulfilDaysAgo: 9,
        },
        // A new pre-order from yesterday: deposit paid, due when the jacket ships.
        {
          placedDaysAgo: 1,
          product: "jacket",
          variant: 0,
          offer: "jacket",
          plan: "deposit",
          customer: 5,
          state: "depositPaid",
        },
      ],
    },
    {
      shop: DEMO_SHOPS.eur,
      name: "Nordlicht Outfitters",
      currency: "EUR",
      timeZone: "Europe/Berlin",
      customers: [
        { email: "lena.fischer@example.com", firstName: "Lena", lastName: "Fischer" },
        { email: "jonas.weber@example.com", firstName: "Jonas", lastName: "Weber" },
        { email: "claire.dubois@example.com", firstName: "Claire", lastName: "Dubois" },
        { email: "matteo.bianchi@example.com", firstName: "Matteo", lastName: "Bianchi" },
      ],
      products: [
        {
          key: "jacket",
          title: "Fjord Wool Coat",
          vendor: "Nordlicht",
          productType: "Outerwear",
          variants: [
            { title: "M", sku: "FWC-M", price: "289.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
            { title: "L", sku: "FWC-L", price: "289.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
          ],
        },
        {
          key: "speaker",
          title: "Polar Turntable",
          vendor: "Nordlicht",
          productType: "Audio",
          variants: [{ title: "Default Title", sku: "PT-01", price: "349.00", inventoryQuantity: 10 }],
        },
        {
          key: "boots",
          title: "Canvas Backpack",
          vendor: "Nordlicht",
          productType: "Bags",
          variants: [{ title: "Default Title", sku: "CB-01", price: "120.00", inventoryQuantity: 30 }],
        },
      ],
      offers: [
        { key: "jacket", input: eurOffers.jacket!, products: ["jacket"] },
        { key: "speaker", input: eurOffers.speaker!, products: ["speaker"] },
        { key: "trial", input: eurOffers.trial!, products: ["boots"] },
      ],
      orders: [
        { placedDaysAgo: 35, product: "speaker", offer: "speaker", plan: "deposit", customer: 0, state: "collected" },
        {
          placedDaysAgo: 24,
          product: "boots",
          offer: "trial",
          plan: "trial",
          customer: 1,
          state: "failed",
          fulfilDaysAgo: 23,
          faults: [
            { kind: "decline", reason: "card_declined" },
            { kind: "decline", reason: "do_not_honor" },
          ],
        },
        { placedDaysAgo: 25, product: "speaker", offer: "speaker", plan: "deposit", customer: 2, state: "dueSoon" },
        {
          placedDaysAgo: 12,
          product: "jacket",
          offer: "jacket",
          plan: "deposit",
          customer: 3,
          state: "dueOnFulfillment",
        },
        {
          placedDaysAgo: 5,
          product: "boots",
          offer: "trial",
          plan: "trial",
          customer: 0,
          state: "inTrial",
          fulfilDaysAgo: 4,
        },
      ],
    },
  ];
}

class SeedError extends Error {}

/** Seeds both demo shops. Needs a simulator and an app that were just started for it (the shops must not exist). */
export async function seedDemoShops(options: DemoSeedOptions): Promise<DemoSeedResult> {
  const started = Date.now();
  const say = options.log ?? (() => {});
  const log = (line: string) => say(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const sim = new SimulatorClient(options.simulatorUrl);
  const start = Date.now();
  const specs = shopSpecs(start);
  let ticks = 0;

  for (const spec of specs) {
    const existing = await fetch(`${options.simulatorUrl}/_sim/shops/${spec.shop}`);
    if (existing.ok) throw new SeedError(`${spec.shop} already exists in the simulator: the demo seeds a fresh one`);
  }

  const appCall = (shop: string, path: string, fields: Record<string, string>) => callApp(options, shop, path, fields);

  /** Runs the app's scheduled work until a pass finds nothing more to do (webhooks first delivered). */
  const settle = async () => {
    for (let pass = 0; pass < 12; pass++) {
      await sim.drainWebhooks(30_000);
      // The web process takes in a delivery after acknowledging it: give it a moment before the engine looks.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const summary = await options.tick();
      ticks++;
      // Nothing was due, or everything that ran finished (a payment's outcome read, a retry planned days ahead).
      if (summary.claimed === 0 || summary.later === 0) return;
      // Payments the engine sent settle when Shopify's clock moves on (their webhooks then reach the app), and the
      // engine reads their outcome on its next pass.
      await sim.setClock({ advance: 60_000 });
    }
    throw new SeedError("The app's scheduled work did not settle within 12 passes");
  };

  const seeded: SeededShop[] = [];
  type Step = { at: number; run: () => Promise<void>; due?: boolean };
  let beanieVariant: string | null = null;
  const steps: Step[] = [];
  const clockAt = (daysAgo: number, hour = 0) => start - daysAgo * DAY + hour * HOUR;

  // The story starts 40 days ago: the merchant installs the app and makes the offers.
  await sim.setClock({ set: new Date(clockAt(40)).toISOString() });
  log(`Simulator clock set to ${new Date(clockAt(40)).toISOString()} (40 days ago)`);

  for (const spec of specs) {
    const install = await sim.install(spec.shop, {
      name: spec.name,
      currencyCode: spec.currency,
      ianaTimezone: spec.timeZone,
      plan: "advanced",
    });
    if (!install.installed) throw new SeedError(`Installing the app in ${spec.shop} failed: ${install.error}`);
    const products = new Map<string, ProductJson>();
    for (const product of spec.products) {
      products.set(
        product.key,
        await sim.createProduct(spec.shop, {
          title: product.title,
          vendor: product.vendor,
          productType: product.productType,
          variants: product.variants as never,
        }),
      );
    }
    const shopRecord: SeededShop = {
      shop: spec.shop,
      name: spec.name,
      currency: spec.currency,
      offers: [],
      products: [...products.values()].map((p) => ({ id: p.id, title: p.title, handle: p.handle })),
      orders: [],
    };
    seeded.push(shopRecord);

    // The offers, made as the merchant makes them: the app's own create and assign actions.
    const planIds = new Map<string, Map<string, string>>();
    for (const offer of spec.offers) {
      const kind = offer.input.kind as "PRE_ORDER" | "TRY_BEFORE_YOU_BUY";
      const created = await appCall(spec.shop, `/app/offers/new.data?kind=${kind}`, {
        offer: JSON.stringify(offer.input),
      });
      const location = typeof created.value?.redirect === "string" ? created.value.redirect : "";
      const id = /\/app\/offers\/([^/?]+)\?created=1/.exec(location)?.[1];
      if (!id) throw new SeedError(`The app did not create "${String(offer.input.name)}": ${JSON.stringify(created)}`);
      const productIds = offer.products.map((key) => products.get(key)!.id);
      const assigned = await appCall(spec.shop, `/app/offers/${id}.data`, {
        intent: "assign",
        assignment: JSON.stringify({ productIds, variantIds: [] }),
      });
      const answer = JSON.stringify(assigned.value ?? null);
      if (assigned.status !== 200 || !answer.includes('"ok":true')) {
        throw new SeedError(`The app did not assign products to "${String(offer.input.name)}": ${answer}`);
      }
      const plans = offer.input.plans as { key: string; name: string }[];
      planIds.set(offer.key, await sellingPlansOf(sim, spec.shop, String(offer.input.name), plans));
      shopRecord.offers.push({
        id,
        name: String(offer.input.name),
        kind,
        products: offer.products.map((key) => products.get(key)!.title),
      });
    }
    log(`${spec.shop}: ${spec.offers.length} offers created by the app, products assigned`);

    // A regular order (no plan) in the US shop, for contrast.
    const beanie = products.get("beanie");
    if (beanie) {
      beanieVariant = beanie.variants[0]!.id;
      steps.push({
        at: clockAt(8),
        run: async () => {
          await sim.checkout(spec.shop, {
            lines: [{ variantId: beanie.variants[0]!.id, quantity: 2 }],
            customer: spec.customers[2],
          });
        },
      });
    }

    for (const order of spec.orders) {
      const product = products.get(order.product)!;
      const planId = planIds.get(order.offer)?.get(order.plan);
      if (!planId) throw new SeedError(`No selling plan "${order.plan}" on the app's offer "${order.offer}"`);
      const customer = spec.customers[order.customer]!;
      let placed: OrderJson | null = null;
      const placedOrder = () => {
        if (!placed) throw new SeedError("order not placed yet");
        return placed;
      };
      steps.push({
        at: clockAt(order.placedDaysAgo),
        run: async () => {
          placed = await sim.checkout(spec.shop, {
            lines: [{ variantId: product.variants[order.variant ?? 0]!.id, sellingPlanId: planId }],
            customer,
          });
          if (order.faults) await sim.scriptFaults(spec.shop, order.faults, placed.id);
          shopRecord.orders.push({
            id: placed.id,
            name: placed.name,
            state: order.state,
            kind: order.offer === "trial" ? "TRY_BEFORE_YOU_BUY" : "PRE_ORDER",
            customer: `${customer.firstName} ${customer.lastName}`,
            currency: spec.currency,
          });
        },
      });
      if (order.fulfilDaysAgo !== undefined) {
        steps.push({
          at: clockAt(order.fulfilDaysAgo, 2),
          run: async () => void (await sim.fulfill(spec.shop, placedOrder().id)),
        });
      }
      if (order.cancelDaysAgo !== undefined) {
        steps.push({
          at: clockAt(order.cancelDaysAgo, 3),
          run: async () =>
            void (await sim.cancel(spec.shop, placedOrder().id, { reason: "CUSTOMER", refund: true, restock: true })),
        });
      }
      if (order.returnDaysAgo !== undefined) {
        steps.push({
          at: clockAt(order.returnDaysAgo, 4),
          run: async () => {
            const o = placedOrder();
            await sim.returnItems(spec.shop, o.id, { close: true });
            await sim.refund(spec.shop, o.id, {
              amount: "0",
              lineItems: [{ lineItemId: o.lineItems[0]!.id, quantity: 1, restock: true }],
              note: "Returned during the trial",
            });
          },
        });
      }
    }
  }

  // Walk the clock forward through the story. Webhooks reach the app after each step; whenever a balance falls due
  // (or a declined one is retried), the app's engine runs until it has nothing more to do.
  // The engine runs six hours after a balance falls due (at the hour of checkout or shipping), and for a retry an hour
  // after the decline's time plus three days (the decline is recorded a minute or two after the charge).
  const dueTimes = new Set<number>();
  for (const spec of specs) {
    for (const order of spec.orders) {
      const fallsDue = order.fulfilDaysAgo !== undefined && order.offer === "jacket" ? order.fulfilDaysAgo : null;
      const first =
        fallsDue ??
        (order.offer === "trial"
          ? order.placedDaysAgo - 14
          : order.offer === "speaker"
            ? order.placedDaysAgo - 30
            : null);
      // Returned or cancelled first: nothing falls due.
      if (first === null || first <= 0 || order.returnDaysAgo !== undefined || order.cancelDaysAgo !== undefined)
        continue;
      dueTimes.add(clockAt(first, 6));
      // Each retry comes three days after a decline.
      for (let n = 1; n < (order.faults?.length ?? 0); n++) {
        if (first - 3 * n > 0) dueTimes.add(clockAt(first - 3 * n, 7));
      }
    }
  }
  for (const at of dueTimes) steps.push({ at, run: async () => {}, due: true });
  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    const current = Date.parse((await sim.clock()).now);
    if (step.at > current) await sim.setClock({ set: new Date(step.at).toISOString() });
    await step.run();
    if (step.due) await settle();
    else await sim.drainWebhooks(30_000);
  }

  // Today: the simulator's clock on the real one (again after the app's last pass, which may have moved it a minute
  // to settle a payment), so the demo and the app agree with the wall clock too.
  await sim.setClock({ set: new Date().toISOString() });
  await settle();
  await sim.setClock({ set: new Date().toISOString() });
  // A restock is the last thing that happened: its webhook also brings the app's web process onto today's clock.
  if (beanieVariant) await sim.setInventory(DEMO_SHOPS.usd, beanieVariant, { delta: 24 });
  await sim.drainWebhooks(30_000);
  log(`Seeded ${seeded.reduce((n, s) => n + s.orders.length, 0)} orders; ${ticks} passes of the app's engine`);
  return { shops: seeded, ms: Date.now() - started, ticks };
}

const PLANS_QUERY = `#graphql
  query DemoOfferPlans($query: String!) {
    sellingPlanGroups(first: 5, query: $query) {
      nodes {
        name
        appId
        sellingPlans(first: 10) {
          nodes {
            id
            name
          }
        }
      }
    }
  }
`;

/** The selling plans of the app's group for an offer, by the offer's plan key (Shopify's plan has the plan's name). */
async function sellingPlansOf(
  sim: SimulatorClient,
  shop: string,
  offerName: string,
  plans: { key: string; name: string }[],
): Promise<Map<string, string>> {
  const { accessToken } = await sim.issueToken(shop);
  const answer = await sim.graphql<{
    sellingPlanGroups: {
      nodes: { name: string; appId: string | null; sellingPlans: { nodes: { id: string; name: string }[] } }[];
    };
  }>(accessToken, PLANS_QUERY, { query: `name:'${offerName}'` });
  const group = answer.data?.sellingPlanGroups.nodes.find((g) => g.name === offerName);
  if (!group) throw new SeedError(`The app's offer "${offerName}" has no selling plan group in Shopify`);
  if (!group.appId) throw new SeedError(`The group of "${offerName}" is not the app's`);
  const byKey = new Map<string, string>();
  for (const plan of plans) {
    const found = group.sellingPlans.nodes.find((candidate) => candidate.name === plan.name);
    if (!found) throw new SeedError(`The group of "${offerName}" has no plan "${plan.name}"`);
    byKey.set(plan.key, found.id);
  }
  return byKey;
}
