// Balance charges: the lean read of what a charge needs, the mandate payment, and its status.
import type { CurrencyCode } from "../../types/admin.types";
import type { AdminClient } from "../client.server";
import { ORDER_CREATE_MANDATE_PAYMENT_MUTATION, ORDER_PAYMENT_STATUS_QUERY } from "./deferred-orders";

/**
 * Only what deciding and making a charge uses (a few points): whether the order is cancelled or closed, what is
 * outstanding, the open schedule, the mandate, open returns, and whether the shop is on Plus (the amount argument).
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
      totalOutstandingSet {
        shopMoney {
          amount
          currencyCode
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
  };
}

export async function fetchPaymentStatus(admin: AdminClient, orderId: string, paymentReferenceId: string) {
  const data = await admin.request(ORDER_PAYMENT_STATUS_QUERY, { orderId, paymentReferenceId });
  return data.orderPaymentStatus ?? null;
}
