// Balance charges: the lean read of what a charge needs, the mandate payment, and its status.
import type { CurrencyCode } from "../../types/admin.types";
import type { BalanceRead } from "../../domain/charge";
import type { OrderMoneyRead } from "../../domain/money-guard";
import { parseMoney } from "../../domain/money";
import type { AdminClient } from "../client.server";
import { ORDER_CREATE_MANDATE_PAYMENT_MUTATION, ORDER_PAYMENT_STATUS_QUERY } from "./deferred-orders";

/**
 * Only what deciding and making a charge uses: whether the order is cancelled or closed, its money in the shop's and
 * the customer's currencies, its transactions (for the money-first guard), its schedules, the mandate, open returns,
 * and whether the shop is on Plus (the amount argument). Transactions are a plain list (counted once in the cost).
 */
export const CHARGE_ORDER_QUERY = `#graphql
  query ChargeOrder($id: ID!) {
    shop {
      plan {
        shopifyPlus
      }
    }
    order(id: $id) {
      id
      cancelledAt
      closed
      currencyCode
      presentmentCurrencyCode
      totalOutstandingSet {
        shopMoney {
          amount
          currencyCode
        }
        presentmentMoney {
          amount
          currencyCode
        }
      }
      totalReceivedSet {
        shopMoney {
          amount
        }
      }
      currentTotalPriceSet {
        shopMoney {
          amount
        }
      }
      totalCapturableSet {
        shopMoney {
          amount
        }
      }
      transactions(first: 100) {
        id
        kind
        status
        manualPaymentGateway
        createdAt
        parentTransaction {
          id
        }
        amountSet {
          shopMoney {
            amount
          }
        }
      }
      paymentCollectionDetails {
        vaultedPaymentMethods {
          id
        }
      }
      paymentTerms {
        id
        paymentSchedules(first: 5) {
          nodes {
            id
            dueAt
            completedAt
            totalBalance {
              amount
              currencyCode
            }
          }
        }
      }
      returns(first: 10) {
        nodes {
          status
        }
      }
    }
  }
`;

export async function fetchChargeOrder(admin: AdminClient, orderId: string) {
  const data = await admin.request(CHARGE_ORDER_QUERY, { id: orderId });
  return { order: data.order ?? null, shopifyPlus: data.shop.plan.shopifyPlus };
}

export type ChargeOrder = NonNullable<Awaited<ReturnType<typeof fetchChargeOrder>>["order"]>;

/**
 * Sends the payment of a balance. The key makes a resend (after a timeout, a 5xx, a lost answer) return the original
 * payment, so the client may retry it like a read.
 */
export async function createMandatePayment(
  admin: AdminClient,
  input: {
    orderId: string;
    mandateId: string;
    idempotencyKey: string;
    paymentScheduleId: string;
    amount: { amount: string; currencyCode: string } | null;
  },
) {
  const data = await admin.request(
    ORDER_CREATE_MANDATE_PAYMENT_MUTATION,
    {
      id: input.orderId,
      mandateId: input.mandateId,
      idempotencyKey: input.idempotencyKey,
      paymentScheduleId: input.paymentScheduleId,
      // The order's own currency code, as Shopify gave it in the read.
      ...(input.amount
        ? { amount: { amount: input.amount.amount, currencyCode: input.amount.currencyCode as CurrencyCode } }
        : {}),
      autoCapture: true,
    },
    { idempotent: true },
  );
  const payload = data.orderCreateMandatePayment;
  return {
    paymentReferenceId: payload?.paymentReferenceId ?? null,
    userErrors: payload?.userErrors ?? [],
    jobDone: payload?.job?.done ?? null,
  };
}

/** The payment's status and its own transactions (what it really moved), or null when Shopify does not know it. */
export async function fetchPaymentStatus(admin: AdminClient, orderId: string, paymentReferenceId: string) {
  const data = await admin.request(ORDER_PAYMENT_STATUS_QUERY, { orderId, paymentReferenceId });
  return data.orderPaymentStatus ?? null;
}

const minorOf = (amount: string | null | undefined, currency: string) =>
  amount == null ? 0n : parseMoney(amount, currency).minorUnits;

/** The charge's own schedule and what is owed, from a fresh read (amounts in the currencies Shopify gives them). */
export function balanceReadOf(order: ChargeOrder, charge: { paymentScheduleId: string }): BalanceRead {
  const shopCurrency = order.totalOutstandingSet.shopMoney.currencyCode ?? order.currencyCode;
  const presentmentCurrency = order.totalOutstandingSet.presentmentMoney.currencyCode ?? order.presentmentCurrencyCode;
  const schedules = order.paymentTerms?.paymentSchedules.nodes ?? [];
  // The charge's own schedule, by id: never another one (a new schedule is its own balance, with its own keys).
  const own = schedules.find((candidate) => candidate.id === charge.paymentScheduleId) ?? null;
  const other = schedules.find((candidate) => candidate.id !== charge.paymentScheduleId && !candidate.completedAt);
  return {
    cancelled: Boolean(order.cancelledAt),
    closed: order.closed,
    hasTerms: Boolean(order.paymentTerms),
    shopCurrency,
    presentmentCurrency,
    outstandingMinor: minorOf(order.totalOutstandingSet.shopMoney.amount, shopCurrency),
    outstandingPresentmentMinor: minorOf(order.totalOutstandingSet.presentmentMoney.amount, presentmentCurrency),
    schedule: own
      ? {
          id: own.id,
          dueAt: own.dueAt ? new Date(own.dueAt) : null,
          completed: Boolean(own.completedAt),
          balanceMinor: minorOf(own.totalBalance.amount, own.totalBalance.currencyCode),
          currency: own.totalBalance.currencyCode,
        }
      : null,
    replacedBy: own ? null : (other?.id ?? null),
    mandateId: order.paymentCollectionDetails.vaultedPaymentMethods?.[0]?.id ?? null,
    returnInProgress: (order.returns?.nodes ?? []).some((r) => r.status === "REQUESTED" || r.status === "OPEN"),
    capturableMinor: minorOf(order.totalCapturableSet.shopMoney.amount, shopCurrency),
  };
}

/** The order's money and transactions as the money-first guard reads them (shop currency). */
export function orderMoneyOf(order: ChargeOrder): OrderMoneyRead {
  const currency = order.totalOutstandingSet.shopMoney.currencyCode ?? order.currencyCode;
  return {
    currency,
    receivedMinor: minorOf(order.totalReceivedSet.shopMoney.amount, currency),
    currentTotalMinor: minorOf(order.currentTotalPriceSet.shopMoney.amount, currency),
    capturableMinor: minorOf(order.totalCapturableSet.shopMoney.amount, currency),
    transactions: order.transactions.map((transaction) => ({
      id: transaction.id,
      kind: transaction.kind,
      status: transaction.status,
      manual: transaction.manualPaymentGateway,
      createdAt: new Date(transaction.createdAt),
      amountMinor: minorOf(transaction.amountSet.shopMoney.amount, currency),
      parentId: transaction.parentTransaction?.id ?? null,
    })),
  };
}

/** Shopify's own account of what a payment moved: its successful sales and captures (shop currency). */
export function collectedBy(status: NonNullable<Awaited<ReturnType<typeof fetchPaymentStatus>>>, currency: string) {
  const transactions = status.transactions ?? [];
  const collectedMinor = transactions
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .reduce(
      (sum, t) => sum + minorOf(t.amountSet.shopMoney.amount, t.amountSet.shopMoney.currencyCode ?? currency),
      0n,
    );
  return { collectedMinor, transactionIds: JSON.stringify(transactions.map((t) => t.id)) };
}
