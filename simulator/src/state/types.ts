// Records the simulator keeps per shop. Plain data; amounts in integer minor units of the shop currency.
import type { FaultSpec } from "../payments/faults.js";

export type PlanName = "basic" | "grow" | "advanced" | "plus" | "enterprise" | "development";

export interface ShopRecord {
  id: number;
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  plan: PlanName;
  /** Leaky-bucket restore rate in cost points per second. */
  restoreRate: number;
  createdAt: Date;
  installed: boolean;
  scopes: string[];
  nextOrderNumber: number;
  primaryLocationId: number;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  requiresSellingPlan: boolean;
  variantIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRecord {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  priceMinor: bigint;
  position: number;
  inventoryQuantity: number;
  inventoryPolicy: "CONTINUE" | "DENY";
  inventoryItemId: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CheckoutCharge = { type: "PERCENTAGE"; percentage: number } | { type: "PRICE"; fixedMinor: bigint };

export type RemainingBalanceChargeTrigger =
  "EXACT_TIME" | "NO_REMAINING_BALANCE" | "ON_FULFILLMENT" | "TIME_AFTER_CHECKOUT";
export type FulfillmentTrigger = "ANCHOR" | "ASAP" | "EXACT_TIME" | "UNKNOWN";

export interface FixedBillingPolicy {
  checkoutCharge: CheckoutCharge;
  remainingBalanceChargeTrigger: RemainingBalanceChargeTrigger;
  remainingBalanceChargeExactTime: Date | null;
  remainingBalanceChargeTimeAfterCheckout: string | null;
}

export interface AnchorRecord {
  type: "MONTHDAY" | "WEEKDAY" | "YEARDAY";
  day: number;
  month: number | null;
  cutoffDay: number | null;
}

export interface FixedDeliveryPolicy {
  fulfillmentTrigger: FulfillmentTrigger;
  fulfillmentExactTime: Date | null;
  cutoff: number | null;
  intent: "FULFILLMENT_BEGIN";
  preAnchorBehavior: "ASAP" | "NEXT";
  anchors: AnchorRecord[];
}

export type PricingAdjustment =
  | { adjustmentType: "PERCENTAGE"; percentage: number }
  | { adjustmentType: "FIXED_AMOUNT" | "PRICE"; fixedMinor: bigint };

export interface FixedPricingPolicy {
  adjustment: PricingAdjustment;
  createdAt: Date;
}

export type SellingPlanCategory = "OTHER" | "PRE_ORDER" | "SUBSCRIPTION" | "TRY_BEFORE_YOU_BUY";

export interface SellingPlanRecord {
  id: number;
  groupId: number;
  name: string;
  description: string | null;
  options: string[];
  position: number | null;
  category: SellingPlanCategory | null;
  billing: FixedBillingPolicy;
  delivery: FixedDeliveryPolicy;
  inventoryReserve: "ON_FULFILLMENT" | "ON_SALE";
  pricingPolicies: FixedPricingPolicy[];
  createdAt: Date;
}

export interface SellingPlanGroupRecord {
  id: number;
  appId: string | null;
  name: string;
  merchantCode: string;
  description: string | null;
  options: string[];
  position: number | null;
  planIds: number[];
  productIds: number[];
  variantIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerRecord {
  id: number;
  email: string;
  firstName: string | null;
  lastName: string | null;
  createdAt: Date;
}

export interface MandateRecord {
  id: number;
  customerId: number;
  brand: string;
  lastDigits: string;
  expiryMonth: number;
  expiryYear: number;
  name: string;
}

export interface LineItemRecord {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string;
  sku: string | null;
  quantity: number;
  /** Variant price at checkout, before the selling plan's pricing policy. */
  originalUnitMinor: bigint;
  /** Unit price after the selling plan's pricing policy. */
  discountedUnitMinor: bigint;
  sellingPlan: { id: number; name: string } | null;
  fulfilledQuantity: number;
  /** Units removed from the order by refunds (returned or never shipped). */
  refundedQuantity: number;
  /** Units removed by order edits (still counted in `quantity`, as Shopify's LineItem.quantity counts removed units). */
  removedQuantity: number;
  /** Units added by order edits (included in `quantity`); a line added by an edit has addedQuantity === quantity. */
  addedQuantity: number;
  /** Whether inventory was already taken for this line (ON_SALE reserve) or waits for fulfilment. */
  inventoryTaken: boolean;
}

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  email: string | null;
  customerId: number | null;
  currencyCode: string;
  /**
   * The currency the customer paid in and its rate (presentment units per one shop unit, a decimal string), when it
   * is not the shop currency; null when presentment = shop currency.
   */
  presentment: { currencyCode: string; rate: string } | null;
  lineItems: LineItemRecord[];
  mandateIds: number[];
  paymentTermsId: number | null;
  transactionIds: number[];
  fulfillmentOrderIds: number[];
  refundIds: number[];
  returnIds: number[];
  editIds: number[];
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  test: boolean;
  createdAt: Date;
  updatedAt: Date;
  processedAt: Date;
}

export type PaymentTermsType = "FIXED" | "FULFILLMENT" | "NET" | "RECEIPT" | "UNKNOWN";

export interface PaymentTermsRecord {
  id: number;
  orderId: number;
  paymentTermsType: PaymentTermsType;
  paymentTermsName: string;
  dueInDays: number | null;
  scheduleIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PaymentScheduleRecord {
  id: number;
  paymentTermsId: number;
  dueAt: Date | null;
  issuedAt: Date | null;
  completedAt: Date | null;
  /** The schedule's original amount. */
  amountMinor: bigint;
  /** Remaining to be captured. */
  balanceDueMinor: bigint;
  /** Remaining to be paid or authorized. */
  totalBalanceMinor: bigint;
  /** When payment_schedules/due was sent for the current dueAt (reset when the due date moves). */
  dueNotifiedFor: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TransactionKind = "AUTHORIZATION" | "CAPTURE" | "REFUND" | "SALE" | "VOID";
export type TransactionStatus = "AWAITING_RESPONSE" | "ERROR" | "FAILURE" | "PENDING" | "SUCCESS" | "UNKNOWN";

export interface TransactionRecord {
  id: number;
  orderId: number;
  kind: TransactionKind;
  status: TransactionStatus;
  gateway: string;
  amountMinor: bigint;
  errorCode: string | null;
  parentId: number | null;
  paymentId: string;
  mandateId: number | null;
  paymentReferenceId: string | null;
  test: boolean;
  createdAt: Date;
  processedAt: Date;
}

export type FulfillmentOrderStatus =
  "CANCELLED" | "CLOSED" | "INCOMPLETE" | "IN_PROGRESS" | "ON_HOLD" | "OPEN" | "SCHEDULED";

export interface FulfillmentOrderRecord {
  id: number;
  orderId: number;
  status: FulfillmentOrderStatus;
  fulfillAt: Date | null;
  lineItems: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  note: string | null;
  amountMinor: bigint;
  transactionIds: number[];
  lineItems: { lineItemId: number; quantity: number; restock: boolean }[];
  createdAt: Date;
}

export interface ReturnRecord {
  id: number;
  orderId: number;
  name: string;
  status: "OPEN" | "CLOSED";
  lineItems: { id: number; lineItemId: number; quantity: number }[];
  createdAt: Date;
  closedAt: Date | null;
}

/** A committed order edit (the merchant's "Edit order" in the admin): quantity deltas per line item. */
export interface OrderEditRecord {
  id: number;
  orderId: number;
  staffNote: string;
  notifyCustomer: boolean;
  /** Units added per line item (existing lines whose quantity went up, and lines added by the edit). */
  additions: { lineItemId: number; delta: number }[];
  /** Units removed per line item. */
  removals: { lineItemId: number; delta: number }[];
  createdAt: Date;
  committedAt: Date;
}

/** Terminal and intermediate statuses of OrderPaymentStatusResult the simulator produces. */
export type PaymentStatus =
  | "INITIATED"
  | "PROCESSING"
  | "PENDING"
  | "REDIRECT_REQUIRED"
  | "SUCCESS"
  | "CAPTURED"
  | "PURCHASED"
  | "AUTHORIZED"
  | "PARTIAL_SUCCESS"
  | "VOIDED"
  | "REFUNDED"
  | "ERROR"
  | "RETRYABLE";

/**
 * What settling an attempt records: `charge` a SUCCESS (SALE, or AUTHORIZATION when autoCapture is false) that the
 * schedule counts; `decline` a FAILURE; `none` nothing (RETRYABLE); `hold` a PENDING transaction, stuck until
 * resolved; `partial` a SUCCESS of `partialMinor` and a FAILURE for the rest; `authorize` an AUTHORIZATION SUCCESS
 * whatever autoCapture says (captured or voided later, see `after`); `refund` a SALE SUCCESS refunded at once.
 */
export type SettlementShape = "charge" | "decline" | "none" | "hold" | "partial" | "authorize" | "refund";

/** What happens to a settled attempt at a later observation: after `reads` more reads showing its status, `action`. */
export interface PaymentFollowUp {
  reads: number;
  action: "capture" | "void" | "show_refunded";
}

export interface PaymentOutcomePlan {
  /** Status shown once the attempt settles. */
  terminal: PaymentStatus;
  errorMessage: string | null;
  errorCode: string | null;
  shape: SettlementShape;
  /** partial: the amount that succeeds (resolved against the attempt's amount when it starts). */
  partialMinor: bigint | null;
  /** authorize/refund: the change a later observation makes. */
  after: PaymentFollowUp | null;
}

export interface PaymentAttemptRecord {
  paymentReferenceId: string;
  shop: string;
  orderId: number;
  paymentScheduleId: number | null;
  mandateId: number;
  idempotencyKey: string;
  amountMinor: bigint;
  currencyCode: string;
  autoCapture: boolean;
  jobId: string;
  jobResultId: number;
  createdAt: Date;
  settledAt: Date | null;
  status: PaymentStatus;
  /** Statuses still to show before `plan.terminal`, consumed one per observation. */
  pendingSteps: PaymentStatus[];
  plan: PaymentOutcomePlan;
  /** The fault that shaped this attempt, if any (for the attempt log). */
  fault: string | null;
  transactionIds: number[];
  /** How many times the same idempotency key was replayed after the first request. */
  replays: number;
  /** A stuck attempt never settles by itself; only a control call (or its `releaseAt`) resolves it. */
  stuck: boolean;
  /** pending with forMs: when the simulated clock reaches this, the stuck attempt resolves to `releaseTo`. */
  releaseAt: Date | null;
  releaseTo: FaultSpec | null;
  /** The follow-up still to come (authorize_then_capture, voided, refunded); null once done or for other outcomes. */
  followUp: PaymentFollowUp | null;
  /** The schedule the settlement counted against (so a later capture or void finds it after it completed). */
  scheduleUsedId: number | null;
}

export interface JobRecord {
  id: string;
  /** Payment attempts finish when they settle; other jobs are done at once. */
  paymentReferenceId: string | null;
  done: boolean;
}

export interface ReminderRecord {
  paymentScheduleId: number;
  orderId: number;
  sentAt: Date;
}
