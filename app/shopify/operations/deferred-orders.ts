// Deferred orders: read an order's payment terms and mandate, move a due date, collect the balance, poll it.
import type { AdminClient } from "../client.server";

/** Everything the app keeps about an order with deferred payment terms, read in one request. */
export const DEFERRED_ORDER_QUERY = `#graphql
  query DeferredOrder($id: ID!) {
    order(id: $id) {
      id
      name
      email
      createdAt
      updatedAt
      cancelledAt
      closed
      displayFinancialStatus
      displayFulfillmentStatus
      currencyCode
      presentmentCurrencyCode
      customer {
        id
        displayName
      }
      totalPriceSet {
        shopMoney {
          amount
          currencyCode
        }
        presentmentMoney {
          amount
          currencyCode
        }
      }
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
          currencyCode
        }
      }
      totalRefundedSet {
        shopMoney {
          amount
          currencyCode
        }
      }
      paymentCollectionDetails {
        vaultedPaymentMethods {
          id
          paymentInstrument {
            __typename
            ... on VaultCreditCard {
              brand
              lastDigits
              expiryMonth
              expiryYear
            }
          }
        }
      }
      paymentTerms {
        id
        paymentTermsType
        paymentTermsName
        dueInDays
        overdue
        paymentSchedules(first: 5) {
          nodes {
            id
            dueAt
            issuedAt
            completedAt
            due
            balanceDue {
              amount
              currencyCode
            }
            totalBalance {
              amount
              currencyCode
            }
          }
        }
      }
      returns(first: 10) {
        nodes {
          id
          status
        }
      }
      lineItems(first: 100) {
        nodes {
          id
          title
          variantTitle
          quantity
          currentQuantity
          image {
            url
          }
          originalUnitPriceSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          sellingPlan {
            sellingPlanId
            name
          }
          variant {
            id
          }
        }
      }
    }
  }
`;

export const PAYMENT_TERMS_UPDATE_MUTATION = `#graphql
  mutation PaymentTermsUpdate($input: PaymentTermsUpdateInput!) {
    paymentTermsUpdate(input: $input) {
      paymentTerms {
        id
        paymentSchedules(first: 5) {
          nodes {
            id
            dueAt
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Charges the order's vaulted mandate; the same idempotency key returns the original payment, never a new one. */
export const ORDER_CREATE_MANDATE_PAYMENT_MUTATION = `#graphql
  mutation OrderCreateMandatePayment(
    $id: ID!
    $mandateId: ID!
    $idempotencyKey: String!
    $paymentScheduleId: ID
    $amount: MoneyInput
    $autoCapture: Boolean
  ) {
    orderCreateMandatePayment(
      id: $id
      mandateId: $mandateId
      idempotencyKey: $idempotencyKey
      paymentScheduleId: $paymentScheduleId
      amount: $amount
      autoCapture: $autoCapture
    ) {
      paymentReferenceId
      job {
        id
        done
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const ORDER_PAYMENT_STATUS_QUERY = `#graphql
  query OrderPaymentStatus($orderId: ID!, $paymentReferenceId: String!) {
    orderPaymentStatus(orderId: $orderId, paymentReferenceId: $paymentReferenceId) {
      paymentReferenceId
      status
      errorMessage
      translatedErrorMessage
      transactions {
        id
        kind
        status
        amountSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

export async function fetchDeferredOrder(admin: AdminClient, id: string) {
  const data = await admin.request(DEFERRED_ORDER_QUERY, { id });
  return data.order ?? null;
}

/**
 * Moves the open payment schedule of `paymentTermsId` to `dueAt`. Sets absolute state, so a resend after an
 * ambiguous failure is harmless. Returns Shopify's user errors (empty when applied).
 */
export async function updatePaymentTermsDueDate(admin: AdminClient, paymentTermsId: string, dueAt: Date) {
  const data = await admin.request(
    PAYMENT_TERMS_UPDATE_MUTATION,
    { input: { paymentTermsId, paymentTermsAttributes: { paymentSchedules: [{ dueAt: dueAt.toISOString() }] } } },
    { idempotent: true },
  );
  return data.paymentTermsUpdate?.userErrors ?? [];
}

export const ORDER_MARK_AS_PAID_MUTATION = `#graphql
  mutation OrderMarkAsPaid($input: OrderMarkAsPaidInput!) {
    orderMarkAsPaid(input: $input) {
      order {
        id
        displayFinancialStatus
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Records in Shopify that the order's outstanding balance was paid outside it (cash, bank transfer): a manual
 * payment, the schedule completed. Safe to resend: an order with nothing outstanding is refused, not paid twice.
 * Returns Shopify's user errors (empty when recorded).
 */
export async function markOrderAsPaid(admin: AdminClient, orderId: string) {
  const data = await admin.request(ORDER_MARK_AS_PAID_MUTATION, { input: { id: orderId } });
  return data.orderMarkAsPaid?.userErrors ?? [];
}

export const PAYMENT_REMINDER_SEND_MUTATION = `#graphql
  mutation PaymentReminderSend($paymentScheduleId: ID!) {
    paymentReminderSend(paymentScheduleId: $paymentScheduleId) {
      success
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * Emails the customer Shopify's payment reminder (the invoice with a link to pay) for an open payment schedule.
 * Not resent on an ambiguous failure: a second email is worse than asking the merchant to try again.
 * Returns Shopify's user errors (empty when sent).
 */
export async function sendPaymentReminder(admin: AdminClient, paymentScheduleId: string) {
  const data = await admin.request(PAYMENT_REMINDER_SEND_MUTATION, { paymentScheduleId });
  const result = data.paymentReminderSend;
  if (result?.userErrors.length) return result.userErrors;
  return result?.success ? [] : [{ field: null, message: "Shopify did not send the reminder.", code: null }];
}

/**
 * Existing orders that may still owe a balance, a page at a time, oldest first: only their ids and whether they
 * have payment terms (two points each), so a large shop is searched cheaply and only candidates are read in full.
 */
export const BACKFILL_ORDERS_QUERY = `#graphql
  query BackfillOrders($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        paymentTerms {
          id
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** Shopify search: open orders not (fully) paid, refunded or voided; the app decides from each full read. */
export const BACKFILL_ORDERS_SEARCH =
  "-status:cancelled -financial_status:paid -financial_status:refunded -financial_status:voided";

export async function listBackfillCandidates(admin: AdminClient, after: string | null, first = 100) {
  const data = await admin.request(BACKFILL_ORDERS_QUERY, { first, after, query: BACKFILL_ORDERS_SEARCH });
  return {
    candidates: data.orders.nodes.filter((node) => node.paymentTerms !== null && node.paymentTerms !== undefined),
    read: data.orders.nodes.length,
    hasNextPage: data.orders.pageInfo.hasNextPage,
    endCursor: data.orders.pageInfo.endCursor ?? null,
  };
}
