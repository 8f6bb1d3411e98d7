// Demo data: a believable shop with pre-order and try-before-you-buy plans and orders in every state of a deferred purchase.
import type { Simulator } from "../sim.js";
import { createProduct } from "../operations/catalog.js";
import { createGroup } from "../operations/sellingPlans.js";
import { placeOrder } from "../operations/checkout.js";
import { cancelOrder, fulfillOrder, refundOrder, returnOrder, updatePaymentTerms } from "../operations/orders.js";
import { createMandatePayment, settleAttempt } from "../operations/payments.js";
import { gid } from "../state/ids.js";

export const DEMO_SHOP = "demo.myshopify.com";

export interface SeedOptions {
  /** Installs the app first so that it receives the seed's webhooks; null to skip. */
  install: ((domain: string) => Promise<unknown>) | null;
}

export async function seedDemo(sim: Simulator, options: SeedOptions) {
  const s = sim.store.createShop(
    {
      domain: DEMO_SHOP,
      name: "Northwind Outfitters",
      currencyCode: "USD",
      ianaTimezone: "America/Toronto",
      plan: "advanced",
    },
    sim.now(),
  );
  const install = options.install ? await options.install(DEMO_SHOP) : null;
  const token = sim.store.issueToken(s.domain, s.shop.scopes.length ? s.shop.scopes : [], sim.now());
  const now = sim.now();
  const day = 86_400_000;

  const jacket = createProduct(sim, s, {
    title: "Alpine Down Jacket",
    vendor: "Northwind",
    productType: "Outerwear",
    variants: [
      { title: "S", sku: "ADJ-S", price: "249.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
      { title: "M", sku: "ADJ-M", price: "249.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
      { title: "L", sku: "ADJ-L", price: "259.00", inventoryQuantity: 0, inventoryPolicy: "CONTINUE" },
    ],
  });
  const boots = createProduct(sim, s, {
    title: "Trail Boots",
    vendor: "Northwind",
    productType: "Footwear",
    variants: [{ title: "Default Title", sku: "TB-01", price: "180.00", inventoryQuantity: 25 }],
  });
  const headphones = createProduct(sim, s, {
    title: "Studio Headphones",
    vendor: "Sonora",
    productType: "Audio",
    variants: [{ title: "Default Title", sku: "SH-01", price: "320.00", inventoryQuantity: 12 }],
  });
  const beanie = createProduct(sim, s, {
    title: "Merino Beanie",
    vendor: "Northwind",
    productType: "Accessories",
    variants: [{ title: "Default Title", sku: "MB-01", price: "35.00", inventoryQuantity: 100 }],
  });

  const preorder = createGroup(
    sim,
    s,
    {
      name: "Pre-order",
      merchantCode: "pre-order",
      options: ["Pre-order"],
      description: "Reserve now with a 20% deposit; the balance is charged when your item ships.",
      sellingPlansToCreate: [
        {
          name: "Pre-order: 20% deposit, balance on shipping",
          options: ["20% deposit"],
          category: "PRE_ORDER",
          billingPolicy: {
            fixed: {
              checkoutCharge: { type: "PERCENTAGE", value: { percentage: 20 } },
              remainingBalanceChargeTrigger: "ON_FULFILLMENT",
            },
          },
          deliveryPolicy: { fixed: { fulfillmentTrigger: "UNKNOWN" } },
          inventoryPolicy: { reserve: "ON_FULFILLMENT" },
          pricingPolicies: [{ fixed: { adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 10 } } }],
        },
        {
          name: "Pre-order: pay in full",
          options: ["Pay in full"],
          category: "PRE_ORDER",
          billingPolicy: {
            fixed: {
              checkoutCharge: { type: "PERCENTAGE", value: { percentage: 100 } },
              remainingBalanceChargeTrigger: "NO_REMAINING_BALANCE",
            },
          },
          deliveryPolicy: {
            fixed: {
              fulfillmentTrigger: "EXACT_TIME",
              fulfillmentExactTime: new Date(now.getTime() + 45 * day).toISOString(),
            },
          },
        },
      ],
    },
    { productIds: [gid("Product", jacket.id)] },
  );
  const tbyb = createGroup(
    sim,
    s,
    {
      name: "Try before you buy",
      merchantCode: "try-before-you-buy",
      options: ["Trial"],
      description: "Try it for 14 days; pay only if you keep it.",
      sellingPlansToCreate: [
        {
          name: "14-day trial",
          options: ["14 days"],
          category: "TRY_BEFORE_YOU_BUY",
          billingPolicy: {
            fixed: {
              checkoutCharge: { type: "PRICE", value: { fixedValue: "0" } },
              remainingBalanceChargeTrigger: "TIME_AFTER_CHECKOUT",
              remainingBalanceChargeTimeAfterCheckout: "P14D",
            },
          },
          deliveryPolicy: { fixed: { fulfillmentTrigger: "ASAP" } },
        },
      ],
    },
    { productIds: [gid("Product", headphones.id), gid("Product", boots.id)] },
  );
  const preorderPlan = preorder.group!.planIds[0]!;
  const tbybPlan = tbyb.group!.planIds[0]!;
  const customers = [
    { email: "ava.chen@example.com", firstName: "Ava", lastName: "Chen" },
    { email: "liam.okafor@example.com", firstName: "Liam", lastName: "Okafor" },
    { email: "sofia.rossi@example.com", firstName: "Sofia", lastName: "Rossi" },
    { email: "noah.martin@example.com", firstName: "Noah", lastName: "Martin" },
  ];
  const v = (p: { variantIds: number[] }, i = 0) => p.variantIds[i]!;
  const orders: Record<string, string> = {};

  // Pre-order waiting for stock: deposit paid, balance due on fulfilment.
  const waiting = placeOrder(sim, s, {
    lines: [{ variantId: v(jacket, 1), sellingPlanId: preorderPlan }],
    customer: customers[0],
  });
  orders.preorderAwaitingStock = gid("Order", waiting.id);

  // Pre-order shipped: balance now due (payment_schedules/due fires).
  const shipped = placeOrder(sim, s, {
    lines: [{ variantId: v(jacket, 2), sellingPlanId: preorderPlan }],
    customer: customers[1],
  });
  fulfillOrder(sim, s, shipped.id);
  orders.preorderBalanceDue = gid("Order", shipped.id);

  // Pre-order shipped and balance collected.
  const paid = placeOrder(sim, s, {
    lines: [{ variantId: v(jacket, 0), sellingPlanId: preorderPlan }],
    customer: customers[2],
  });
  fulfillOrder(sim, s, paid.id);
  const paidTerms = s.terms.get(paid.paymentTermsId!)!;
  const ok = createMandatePayment(sim, s, {
    id: gid("Order", paid.id),
    mandateId: gid("PaymentMandate", paid.mandateIds[0]!),
    idempotencyKey: `demo-${paid.id}-balance`,
    paymentScheduleId: gid("PaymentSchedule", paidTerms.scheduleIds[0]!),
  });
  if (ok.attempt) settleAttempt(sim, s, ok.attempt);
  orders.preorderPaid = gid("Order", paid.id);

  // Trial in progress: nothing charged yet, balance due in 14 days.
  const trial = placeOrder(sim, s, {
    lines: [{ variantId: v(headphones), sellingPlanId: tbybPlan }],
    customer: customers[3],
  });
  fulfillOrder(sim, s, trial.id);
  orders.trialInProgress = gid("Order", trial.id);

  // Trial ended, charge declined: the schedule is overdue and a failed transaction is on the order.
  const declined = placeOrder(sim, s, {
    lines: [{ variantId: v(boots), sellingPlanId: tbybPlan }],
    customer: customers[0],
  });
  fulfillOrder(sim, s, declined.id);
  updatePaymentTerms(sim, s, declined.paymentTermsId!, { dueAt: new Date(now.getTime() - 2 * day).toISOString() });
  sim.faults.add(s.domain, declined.id, [{ kind: "decline", reason: "insufficient_funds" }]);
  const failed = createMandatePayment(sim, s, {
    id: gid("Order", declined.id),
    mandateId: gid("PaymentMandate", declined.mandateIds[0]!),
    idempotencyKey: `demo-${declined.id}-balance-1`,
  });
  if (failed.attempt) settleAttempt(sim, s, failed.attempt);
  orders.trialChargeDeclined = gid("Order", declined.id);

  // Trial returned: item came back, nothing owed.
  const returned = placeOrder(sim, s, {
    lines: [{ variantId: v(headphones), sellingPlanId: tbybPlan }],
    customer: customers[1],
  });
  fulfillOrder(sim, s, returned.id);
  returnOrder(sim, s, returned.id, { close: true });
  refundOrder(sim, s, returned.id, {
    amount: "0",
    lineItems: [{ lineItemId: returned.lineItems[0]!.id, quantity: 1, restock: true }],
    note: "Returned during the trial",
  });
  orders.trialReturned = gid("Order", returned.id);

  // Pre-order cancelled with the deposit refunded.
  const cancelled = placeOrder(sim, s, {
    lines: [{ variantId: v(jacket, 1), sellingPlanId: preorderPlan }],
    customer: customers[2],
  });
  cancelOrder(sim, s, cancelled.id, { reason: "CUSTOMER", refund: true, restock: true });
  orders.preorderCancelled = gid("Order", cancelled.id);

  // A regular order (no selling plan), partially refunded.
  const regular = placeOrder(sim, s, { lines: [{ variantId: v(beanie), quantity: 2 }], customer: customers[3] });
  refundOrder(sim, s, regular.id, { amount: "35.00", note: "One beanie arrived damaged" });
  orders.regularPartiallyRefunded = gid("Order", regular.id);

  return {
    shop: s.domain,
    accessToken: token.token,
    install,
    sellingPlanGroups: {
      preorder: gid("SellingPlanGroup", preorder.group!.id),
      tryBeforeYouBuy: gid("SellingPlanGroup", tbyb.group!.id),
    },
    orders,
  };
}
