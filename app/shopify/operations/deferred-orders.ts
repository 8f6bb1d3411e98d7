// Deferred orders: read an order's payment terms and mandate, move a due date, collect the balance, poll it.
import type { AdminClient } from "../client.server";

/** Everything the app keeps about an order with deferred payment terms, read in one request. */
export const DEFERRED_ORDER_QUERY = `#graphql
  query DeferredOrder($id: ID!) {
    order(id: $id) {
      id
      name
      createdAt
      updatedAt
      cancelledAt
      closed
      displayFinancialStatus
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
      paymentCollectionDetails {
        vaultedPaymentMethods {
          id
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
      lineItems(first: 100) {
        nodes {
          id
          quantity
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
