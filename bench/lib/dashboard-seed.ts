// Many deferred orders for the dashboard benchmark (bench/dashboard.ts), written in bulk (`createMany`, 1,000 rows a
// statement) with the same column values the app's own write gives them (app/db/deferred-orders.server.ts,
// `columns()`): a shop's offers, its orders with one line each, and balance charges (a few hundred FAILED, flagged
// for the merchant, with their declined attempts), the order carrying its charge's state as app/db/charges.server.ts
// keeps it. Deterministic for a seed.
import type { Prisma } from "@prisma/client";
import type { Database } from "../../app/db/client.server";
import { defaultOfferInput, parseStoredOffer } from "../../app/domain/offer";
import { seededRandom } from "./webhook-deliveries";

/** The list's sort value of "no due date yet" (app/db/deferred-orders.server.ts). */
const NO_DUE_DATE = new Date("9999-12-31T00:00:00Z");
const DAY_MS = 86_400_000;
const BATCH = 1_000;

const FIRST_NAMES = [
  "Olivia Liam Emma Noah Ava Lucas Mia Mateo Sofia Leo Chloe Hugo Amelia Arthur Isla Elias Zoe Jonas",
  "Nora Felix Ines Oskar Lea Milan Yuki Ravi Aisha Kenji Fatima Diego Anna Tomas Sara Ivan Maya Omar",
]
  .join(" ")
  .split(" ");
const LAST_NAMES = [
  "Smith Garcia Muller Rossi Dubois Kowalski Nakamura Silva Johansson Novak Jensen Martin Bernard",
  "Schmidt Fischer Weber Lopez Gonzalez Perez Sato Suzuki Kim Lee Patel Singh Khan Brown Wilson Taylor",
  "Moreau Laurent Costa Ferreira Horvat Nagy Popescu Ivanova Andersen Nielsen Virtanen",
]
  .join(" ")
  .split(" ");

export interface SeedShop {
  domain: string;
  name: string;
  orders: number;
}

export interface SeededShop {
  domain: string;
  orders: number;
  /** The app's offer ids, in creation order (the list's `offer` filter takes one). */
  offerIds: string[];
  /** A numeric order id (the detail page's URL) of an open order with a scheduled charge. */
  scheduledOrder: string;
  /** A numeric order id of an order whose charge FAILED after three declined attempts (needs attention). */
  failedOrder: string;
  /** A last name that appears in customer names (a search that matches about 1 order in 40). */
  commonSearch: string;
  /** An order name (matches that order, and any whose name contains it). */
  orderNameSearch: string;
}

export interface SeedResult {
  shops: SeededShop[];
  seconds: number;
  rows: { deferredOrders: number; lines: number; charges: number; failedCharges: number; attempts: number };
}

const SCOPES =
  "write_products,read_all_orders,read_orders,write_orders,read_customer_payment_methods,read_purchase_options," +
  "write_purchase_options,read_payment_mandate,write_payment_mandate,read_payment_terms,write_payment_terms," +
  "read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders,read_inventory,read_returns";

/** A cuid-like id (sortable, unique in the run). */
function idMaker(prefix: string) {
  let n = 0;
  return () => `c${prefix}${(n++).toString(36).padStart(9, "0")}`;
}

type OrderData = Prisma.DeferredOrderCreateManyInput;
type LineData = Prisma.DeferredOrderLineCreateManyInput;
type OrderOfferData = Prisma.DeferredOrderOfferCreateManyInput;
type ChargeData = Prisma.BalanceChargeCreateManyInput;
type AttemptData = Prisma.ChargeAttemptCreateManyInput;
type EventData = Prisma.ChargeEventCreateManyInput;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

async function seedOffers(db: Database, shop: string, shopIndex: number, now: Date) {
  const offers: { id: string; kind: "PRE_ORDER" | "TRY_BEFORE_YOU_BUY"; planId: string; variantId: string }[] = [];
  const specs = [
    { kind: "PRE_ORDER" as const, name: "Lamp pre-order" },
    { kind: "PRE_ORDER" as const, name: "Sofa pre-order" },
    { kind: "PRE_ORDER" as const, name: "Bike pre-order" },
    { kind: "TRY_BEFORE_YOU_BUY" as const, name: "Glasses trial" },
    { kind: "TRY_BEFORE_YOU_BUY" as const, name: "Mattress trial" },
  ];
  for (const [i, spec] of specs.entries()) {
    const n = shopIndex * 100 + i + 1;
    const input = { ...defaultOfferInput(spec.kind, "USD"), name: spec.name, merchantCode: spec.name.toLowerCase() };
    if (input.kind === "PRE_ORDER") {
      input.plans[0] = {
        ...input.plans[0]!,
        deposit: { type: "PERCENTAGE", percentage: 25 },
        balance: { trigger: "EXACT_DATE", chargeAt: new Date(now.getTime() + 60 * DAY_MS).toISOString() },
      };
    }
    const parsed = parseStoredOffer(input);
    if (!parsed.ok) throw new Error(`bench offer does not validate: ${JSON.stringify(parsed)}`);
    const planKey = parsed.offer.plans[0]!.key;
    const planId = `gid://shopify/SellingPlan/${900_000 + n}`;
    const productId = `gid://shopify/Product/${800_000 + n}`;
    const variantId = `gid://shopify/ProductVariant/${700_000 + n}`;
    const row = await db.offer.create({
      data: {
        shop,
        kind: spec.kind,
        name: spec.name,
        settings: JSON.stringify(parsed.offer),
        sellingPlanGroupId: `gid://shopify/SellingPlanGroup/${600_000 + n}`,
        sellingPlanIds: JSON.stringify({ [planKey]: planId }),
        products: JSON.stringify([{ id: productId, title: spec.name.split(" ")[0] }]),
        variants: JSON.stringify([
          { id: variantId, title: "Default", productId, productTitle: spec.name.split(" ")[0] },
        ]),
        selection: JSON.stringify({ productIds: [productId], variantIds: [] }),
        status: "ACTIVE",
        syncedAt: now,
      },
    });
    offers.push({ id: row.id, kind: spec.kind, planId, variantId });
  }
  return offers;
}

/**
 * Creates the shops (installed, with their identity stored so no page needs the Admin API for it, and an offline
 * session with every scope the app asks for), their offers, and their deferred orders.
 */
export async function seedDashboardShops(
  db: Database,
  options: { shops: SeedShop[]; now: Date; seed?: number; log: (line: string) => void },
): Promise<SeedResult> {
  const started = performance.now();
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const now = options.now;
  const rows = { deferredOrders: 0, lines: 0, charges: 0, failedCharges: 0, attempts: 0 };
  const seeded: SeededShop[] = [];
  let orderNumber = 5_000_000_000;

  for (const [shopIndex, shop] of options.shops.entries()) {
    await db.shop.create({
      data: {
        domain: shop.domain,
        name: shop.name,
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        scopes: SCOPES,
        installedAt: new Date(now.getTime() - 400 * DAY_MS),
      },
    });
    await db.session.create({
      data: {
        id: `offline_${shop.domain}`,
        shop: shop.domain,
        state: "bench",
        isOnline: false,
        accessToken: "shpat_bench",
        scope: SCOPES,
      },
    });
    const offers = await seedOffers(db, shop.domain, shopIndex, now);
    const orderId = idMaker(`${shopIndex}o`);
    const lineId = idMaker(`${shopIndex}l`);
    const chargeId = idMaker(`${shopIndex}c`);
    const attemptId = idMaker(`${shopIndex}a`);
    const eventId = idMaker(`${shopIndex}e`);
    // A few hundred failed charges at 100,000 orders (at least 5 at any size).
    const failedEvery = Math.max(1, Math.min(Math.floor(shop.orders / 5), 333));
    let scheduledOrder = "";
    let failedOrder = "";
    let orderNameSearch = "";

    for (let start = 0; start < shop.orders; start += BATCH) {
      const orders: OrderData[] = [];
      const lines: LineData[] = [];
      // As the app stores them (app/db/deferred-orders.server.ts): each order's offers beside its lines.
      const orderOffers: OrderOfferData[] = [];
      const charges: ChargeData[] = [];
      const attempts: AttemptData[] = [];
      const events: EventData[] = [];
      for (let i = start; i < Math.min(shop.orders, start + BATCH); i += 1) {
        orderNumber += 1;
        const numericId = String(orderNumber);
        const gid = `gid://shopify/Order/${numericId}`;
        const offer = pick(offers);
        const category = offer.kind;
        const failed = i % failedEvery === failedEvery - 1;
        const roll = random();
        const status = failed ? "OPEN" : roll < 0.78 ? "OPEN" : roll < 0.94 ? "PAID" : "CANCELLED";
        const currency = random() < 0.8 ? "USD" : "EUR";
        const totalMinor = BigInt(2_000 + Math.floor(random() * 150_000));
        const deposit = category === "PRE_ORDER" ? (totalMinor * 25n) / 100n : 0n;
        const receivedMinor = status === "PAID" ? totalMinor : deposit;
        const balanceDueMinor = status === "PAID" ? 0n : totalMinor - receivedMinor;
        // Pre-orders: some wait for fulfilment (no date yet); the rest fall due from 180 days ago to a year ahead.
        const onFulfillment = !failed && category === "PRE_ORDER" && random() < 0.12;
        const dueAt = onFulfillment
          ? null
          : failed
            ? new Date(now.getTime() - (3 + Math.floor(random() * 60)) * DAY_MS)
            : new Date(now.getTime() + Math.floor((random() * 545 - 180) * DAY_MS));
        // Placed 7 to 127 days before its due date, and never in the future.
        const orderCreatedAt = new Date(
          Math.min((dueAt ?? now).getTime() - (7 + Math.floor(random() * 120)) * DAY_MS, now.getTime() - DAY_MS) -
            Math.floor(random() * DAY_MS),
        );
        const first = pick(FIRST_NAMES);
        const last = pick(LAST_NAMES);
        const customerName = random() < 0.03 ? null : `${first} ${last}`;
        const customerEmail = customerName
          ? `${first}.${last}${Math.floor(random() * 1000)}@example.com`.toLowerCase()
          : null;
        const orderName = `#${shopIndex + 1}${String(1001 + i)}`;
        const searchText = [orderName, customerName, customerEmail]
          .filter((part): part is string => Boolean(part))
          .join(" ")
          .toLowerCase();
        const paymentScheduleId = `gid://shopify/PaymentSchedule/${numericId}`;
        // The order's latest charge: FAILED (flagged), COLLECTED for most paid orders, SCHEDULED for a third of the
        // open ones with a date (the rest have none yet, as before the charge is planned).
        const chargeStatus = failed
          ? "FAILED"
          : status === "PAID" && random() < 0.7
            ? "COLLECTED"
            : status === "OPEN" && dueAt && random() < 0.35
              ? "SCHEDULED"
              : null;
        const id = orderId();
        orders.push({
          id,
          shop: shop.domain,
          orderId: gid,
          orderName,
          customerId: customerName ? `gid://shopify/Customer/${3_000_000 + Math.floor(random() * 50_000)}` : null,
          customerName,
          customerEmail,
          orderCreatedAt,
          searchText,
          shopCurrency: "USD",
          presentmentCurrency: currency,
          category,
          currency,
          totalMinor,
          receivedMinor,
          balanceDueMinor,
          paymentTermsId: `gid://shopify/PaymentTerms/${numericId}`,
          paymentTermsType: onFulfillment ? "FULFILLMENT" : "FIXED",
          paymentScheduleId,
          dueAt,
          dueOnFulfillment: onFulfillment,
          dueSortAt: dueAt ?? NO_DUE_DATE,
          mandateId: `gid://shopify/PaymentMandate/${numericId}`,
          status,
          returnInProgress: category === "TRY_BEFORE_YOU_BUY" && random() < 0.02,
          chargeStatus,
          needsAttention: failed,
          shopifyUpdatedAt: orderCreatedAt,
          lastSyncedAt: now,
          createdAt: orderCreatedAt,
        });
        lines.push({
          id: lineId(),
          deferredOrderId: id,
          lineItemId: `gid://shopify/LineItem/${numericId}`,
          variantId: offer.variantId,
          quantity: 1 + Math.floor(random() * 3),
          sellingPlanId: offer.planId,
          offerId: offer.id,
        });
        orderOffers.push({ deferredOrderId: id, shop: shop.domain, offerId: offer.id });
        if (chargeStatus) {
          const charge = chargeId();
          const policy = { maxAttempts: 3, interval: { value: 2, unit: "DAYS" }, finalAction: "SEND_INVOICE" };
          // A collected balance: charged at its due date (or, paid early, a minute ago), at the first attempt.
          const collectedAt =
            chargeStatus === "COLLECTED" ? new Date(Math.min((dueAt ?? now).getTime(), now.getTime() - 60_000)) : null;
          charges.push({
            id: charge,
            shop: shop.domain,
            orderId: gid,
            orderName,
            paymentScheduleId,
            currency,
            expectedMinor: chargeStatus === "COLLECTED" ? totalMinor - deposit : balanceDueMinor,
            status: chargeStatus,
            dueAt,
            offerId: offer.id,
            policy: JSON.stringify(policy),
            trigger: "SCHEDULE",
            needsAttention: failed,
            collectedMinor: chargeStatus === "COLLECTED" ? totalMinor - deposit : 0n,
            collectedAt,
            createdAt: orderCreatedAt,
          });
          events.push({
            id: eventId(),
            shop: shop.domain,
            chargeId: charge,
            type: "SCHEDULED",
            status: "SCHEDULED",
            message: dueAt ? `Due ${dueAt.toISOString()}` : "Due when Shopify sets its due date",
            at: orderCreatedAt,
          });
          if (failed && dueAt) {
            for (let number = 1; number <= 3; number += 1) {
              const at = new Date(dueAt.getTime() + (number - 1) * 2 * DAY_MS);
              attempts.push({
                id: attemptId(),
                shop: shop.domain,
                chargeId: charge,
                number,
                idempotencyKey: `bench-${numericId}-${number}`,
                amountMinor: balanceDueMinor,
                currency,
                mandateId: `gid://shopify/PaymentMandate/${numericId}`,
                status: "DECLINED",
                paymentReferenceId: `bench-ref-${numericId}-${number}`,
                paymentStatus: "ERROR",
                errorMessage: "Your card was declined.",
                sends: 1,
                polls: 1,
                startedBy: "SCHEDULE",
                createdAt: at,
                finishedAt: new Date(at.getTime() + 60_000),
              });
              events.push(
                { id: eventId(), shop: shop.domain, chargeId: charge, attempt: number, type: "SUBMITTED", at },
                {
                  id: eventId(),
                  shop: shop.domain,
                  chargeId: charge,
                  attempt: number,
                  type: "DECLINED",
                  status: "ERROR",
                  message: "Your card was declined.",
                  at: new Date(at.getTime() + 60_000),
                },
              );
            }
            events.push({
              id: eventId(),
              shop: shop.domain,
              chargeId: charge,
              type: "FAILED",
              status: "FAILED",
              message: "Every attempt the policy allows was declined",
              at: new Date(dueAt.getTime() + 4 * DAY_MS + 60_000),
            });
          } else if (collectedAt) {
            const at = new Date(collectedAt.getTime() - 60_000);
            attempts.push({
              id: attemptId(),
              shop: shop.domain,
              chargeId: charge,
              number: 1,
              idempotencyKey: `bench-${numericId}-1`,
              amountMinor: totalMinor - deposit,
              currency,
              mandateId: `gid://shopify/PaymentMandate/${numericId}`,
              status: "SUCCEEDED",
              paymentReferenceId: `bench-ref-${numericId}-1`,
              paymentStatus: "PURCHASED",
              sends: 1,
              polls: 1,
              startedBy: "SCHEDULE",
              createdAt: at,
              finishedAt: collectedAt,
            });
            events.push(
              { id: eventId(), shop: shop.domain, chargeId: charge, attempt: 1, type: "SUBMITTED", at },
              {
                id: eventId(),
                shop: shop.domain,
                chargeId: charge,
                attempt: 1,
                type: "SUCCEEDED",
                at: collectedAt,
              },
            );
          }
          if (failed) rows.failedCharges += 1;
          if (failed && !failedOrder) failedOrder = numericId;
          if (chargeStatus === "SCHEDULED" && !scheduledOrder) scheduledOrder = numericId;
        }
        if (i === Math.floor(shop.orders / 2)) orderNameSearch = orderName;
      }
      await db.deferredOrder.createMany({ data: orders });
      await inBatches(lines, (batch) => db.deferredOrderLine.createMany({ data: batch }));
      await inBatches(orderOffers, (batch) => db.deferredOrderOffer.createMany({ data: batch }));
      await inBatches(charges, (batch) => db.balanceCharge.createMany({ data: batch }));
      await inBatches(attempts, (batch) => db.chargeAttempt.createMany({ data: batch }));
      await inBatches(events, (batch) => db.chargeEvent.createMany({ data: batch }));
      rows.deferredOrders += orders.length;
      rows.lines += lines.length;
      rows.charges += charges.length;
      rows.attempts += attempts.length;
      if ((start / BATCH) % 20 === 19) options.log(`  ${shop.domain}: ${start + BATCH} orders`);
    }
    if (!scheduledOrder || !failedOrder) throw new Error(`${shop.domain}: too few orders to seed every kind`);
    seeded.push({
      domain: shop.domain,
      orders: shop.orders,
      offerIds: offers.map((offer) => offer.id),
      scheduledOrder,
      failedOrder,
      commonSearch: "garcia",
      orderNameSearch,
    });
  }
  return { shops: seeded, seconds: (performance.now() - started) / 1000, rows };
}
