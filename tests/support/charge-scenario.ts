// A balance charge against the local Shopify, on one database, for the charge-safety suites: a shop selling a lamp on
// a pre-order ($10 deposit, $30 due on DEFAULT_DUE_AT, the offer retrying a decline twice, two days apart), the
// app's engine and a staff member's actions as the app's own doors make them, both clocks moved together, and the
// money invariants judged by the simulator's ledger after every test. Call `useChargeScenario` inside a `describe`.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { listChargesOfOrder } from "~/db/charges.server";
import { findJob } from "~/db/scheduled-jobs.server";
import type { ChargeRequestKind } from "~/domain/charge-request";
import type { OfferInput } from "~/domain/offer";
import { createLogger } from "~/logger.server";
import { answerChargeRequest, requestChargeAction } from "~/services/charge-requests.server";
import { createAdminClient, type AdminClient } from "~/shopify/client.server";
import type { FaultSpec } from "../../simulator/client";
import { createTestDatabase, type TestDatabase } from "./database";
import { DEFAULT_DUE_AT, deferredShopHarness, type DeferredShopHarness, type Storefront } from "./deferred-shop";
import { expectMoneyInvariants } from "./money-invariants";
import { createTestShopifyApp } from "./shopify-app";
import { testWork, type TestWorkOptions } from "./work";

export const STAFF = "gid://shopify/StaffMember/7";
export const START = "2026-11-24T12:00:00Z";
export { DEFAULT_DUE_AT };

export type ChargeScenario = ReturnType<typeof useChargeScenario>;

export function useChargeScenario(provider: "sqlite" | "postgresql") {
  let testDb: TestDatabase;
  let app: ReturnType<typeof createTestShopifyApp>;
  let harness: DeferredShopHarness;
  let store: Storefront;
  // The app's clock follows the simulator's (the local clock seam): every move of the simulator's is mirrored here.
  let simNow = new Date(START);
  const now = () => simNow;
  /** The gateway the engine uses; a test may swap it (a reinstall's new token, a client that does not resend). */
  let engineAdmin: AdminClient | null = null;
  /** A test that erases the shop's ledger on purpose is not judged by it at its end. */
  let judgeMoney = true;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    app = createTestShopifyApp(testDb.db);
    harness = await deferredShopHarness({ db: () => testDb.db, app: () => app, now });
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
    await testDb?.drop();
  });
  afterEach(async () => {
    // A test that failed with a request parked lets it go before the next one starts.
    await store?.shopify.control.clearAdminApiHolds(store.shopify.shop).catch(() => undefined);
    // Every charging test ends judged by the simulator's ledger (a test may also judge earlier, mid-way).
    if (store && judgeMoney) {
      await expectMoneyInvariants({ control: store.shopify.control, shop: store.shopify.shop, db: testDb.db });
    }
    judgeMoney = true;
  });
  beforeEach(async () => {
    for (const table of ["chargeEvent", "chargeRequest", "chargeAttempt", "balanceCharge", "scheduledJob"] as const) {
      await (testDb.db[table] as { deleteMany(): Promise<unknown> }).deleteMany();
    }
    simNow = new Date(START);
    store = await harness.openStorefront("USD", "40.00");
    simNow = new Date((await store.shopify.control.setClock({ set: START })).now);
    engineAdmin = store.shopify.admin;
  });

  const control = () => store.shopify.control;
  const shop = () => store.shopify.shop;
  const setClock = async (change: { set?: string; advance?: string | number }) => {
    simNow = new Date((await control().setClock(change)).now);
  };
  const work = (options: Partial<TestWorkOptions> = {}) =>
    testWork({ db: testDb.db, adminFor: async () => engineAdmin, now, ...options });
  const deliverPending = () => harness.deliverPending(store.shopify);
  const loseWebhooks = () => harness.pending(store.shopify);

  /** Runs what is due, moving both clocks `step` at a time (webhooks delivered between), `rounds` times. */
  async function runFor(rounds: number, step: string | number = 60_000, options: Partial<TestWorkOptions> = {}) {
    for (let round = 0; round < rounds; round += 1) {
      await work(options).drain();
      await deliverPending();
      await setClock({ advance: step });
    }
    await work(options).drain();
    await deliverPending();
  }

  return {
    db: () => testDb.db,
    store: () => store,
    shop,
    control,
    now,
    setClock,
    work,
    runFor,
    deliverPending,
    harness: () => harness,
    /** Another shop in `currency` selling the lamp at `price` on `offer` (the test's shop from now on). */
    async openStorefront(currency: string, price: string, offer?: OfferInput) {
      store = await harness.openStorefront(currency, price, offer);
      engineAdmin = store.shopify.admin;
      simNow = new Date((await store.shopify.control.setClock({ set: simNow.toISOString() })).now);
      return store;
    },
    /** This test erases the shop's ledger on purpose: its end is not judged by it. */
    skipMoneyJudgement() {
      judgeMoney = false;
    },
    /** The gateway the engine uses from now on (null: the shop has no offline token). */
    useAdmin(admin: AdminClient | null) {
      engineAdmin = admin;
    },
    /** A gateway that does not resend on its own (each engine run sends once): for runs that must fail fast. */
    singleShotAdmin(accessToken = store.shopify.accessToken) {
      return createAdminClient({
        shop: store.shopify.shop,
        accessToken,
        apiOrigin: store.shopify.simulator.url,
        logger: createLogger({ level: "silent" }),
        retry: { maxAttempts: 1 },
      });
    },
    /** A pre-order of one lamp, taken in through its webhooks: $10 paid, $30 due on DEFAULT_DUE_AT. */
    async placeOrder() {
      const order = await control().checkout(shop(), {
        lines: [{ variantId: store.variantId, sellingPlanId: store.planId }],
      });
      await deliverPending();
      return order;
    },
    /**
     * To a minute after the due date, with payment_schedules/due delivered; or, with `loseWebhooks`, with every webhook
     * sent so far and on the way never reaching the app.
     */
    async reachDueDate(options: { loseWebhooks?: boolean } = {}) {
      if (options.loseWebhooks) await loseWebhooks();
      await setClock({ set: new Date(new Date(DEFAULT_DUE_AT).getTime() + 60_000).toISOString() });
      if (options.loseWebhooks) await loseWebhooks();
      else await deliverPending();
    },
    /** Every webhook the simulator has sent and the app has not received is lost (never delivered). */
    loseWebhooks,
    payments: (orderId?: string) => control().paymentAttempts(shop(), orderId),
    charged: async (orderId: string) =>
      (await control().paymentAttempts(shop(), orderId)).filter((payment) => Number(payment.chargedAmount) > 0),
    chargeOf: async (orderId: string) => (await listChargesOfOrder(testDb.db, shop(), orderId)).at(-1)!,
    chargesOf: (orderId: string) => listChargesOfOrder(testDb.db, shop(), orderId),
    unitOf: (chargeId: string) => findJob(testDb.db, shop(), "BALANCE_CHARGE", chargeId),
    fault: (faults: FaultSpec[], orderId?: string) => control().scriptFaults(shop(), faults, orderId),
    /** A staff member's request as the order page records it, without running the unit. */
    request: (kind: ChargeRequestKind, orderId: string, staff: string | null = STAFF, onShop = shop()) =>
      requestChargeAction(testDb.db, onShop, orderId, kind, staff, simNow),
    /**
     * A staff member's action as the order page makes it: recorded, the unit run at once in "the web process" (it
     * claims nothing while another worker holds the unit), then answered.
     */
    async act(kind: ChargeRequestKind, orderId: string, staff: string | null = STAFF, onShop = shop()) {
      const receipt = await requestChargeAction(testDb.db, onShop, orderId, kind, staff, simNow);
      if (!("requestId" in receipt)) return receipt;
      await work().processNow(receipt.jobId);
      return (await answerChargeRequest(testDb.db, onShop, receipt.requestId))!;
    },
    answer: (requestId: string) => answerChargeRequest(testDb.db, shop(), requestId),
    /** The three money invariants, judged by the simulator's ledger (see money-invariants.ts). */
    invariants: (orderIds?: readonly string[]) =>
      expectMoneyInvariants({ control: control(), shop: shop(), db: testDb.db, orderIds }),
    /** The order's money as Shopify has it. */
    order: (orderId: string) => control().order(shop(), orderId),
  };
}
