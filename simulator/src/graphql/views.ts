// Record -> GraphQL object adapters. Fields the simulator does not model are absent, so selecting them fails loudly.
import type { RequestContext } from "./context.js";
import type {
  CustomerRecord,
  FulfillmentOrderRecord,
  LineItemRecord,
  MandateRecord,
  OrderRecord,
  PaymentAttemptRecord,
  PaymentScheduleRecord,
  PaymentTermsRecord,
  ProductRecord,
  RefundRecord,
  ReturnRecord,
  SellingPlanGroupRecord,
  SellingPlanRecord,
  TransactionRecord,
  VariantRecord,
} from "../state/types.js";
import { gid, numericIdOf } from "../state/ids.js";
import { formatMinor } from "../domain/money.js";
import {
  capturableByAuthorization,
  currentQuantity,
  displayFinancialStatus,
  displayFulfillmentStatus,
  orderTotals,
  orderedQuantity,
  presentmentOf,
  scheduleDue,
  scheduleOverdue,
  undiscountedLineTotalMinor,
} from "../domain/orderTotals.js";
import { connection, count, type ConnectionArgs } from "./connection.js";
import { notImplementedError } from "./errors.js";
import { groupsForProduct, groupsForVariant, summaryOf } from "../operations/sellingPlans.js";
import { schedulesOf, transactionsOf } from "../operations/orders.js";
import { jobResultStatus, observeAttempt } from "../operations/payments.js";
import { metafieldField } from "./metafieldViews.js";

type Args = Record<string, unknown>;

export function moneyV2(minor: bigint, currency: string) {
  return { __typename: "MoneyV2", amount: formatMinor(minor, currency), currencyCode: currency };
}

export function moneyBag(minor: bigint, currency: string) {
  return { __typename: "MoneyBag", shopMoney: moneyV2(minor, currency), presentmentMoney: moneyV2(minor, currency) };
}

/** A MoneyBag of an order's amount: shop money, and the amount converted to the order's presentment currency. */
export function orderMoneyBag(o: OrderRecord, minor: bigint) {
  const p = presentmentOf(o, minor);
  return {
    __typename: "MoneyBag",
    shopMoney: moneyV2(minor, o.currencyCode),
    presentmentMoney: moneyV2(p.minor, p.currency),
  };
}

export class Views {
  constructor(private readonly ctx: RequestContext) {}

  private get s() {
    return this.ctx.shop;
  }

  private get currency() {
    return this.ctx.shop.shop.currencyCode;
  }

  shop() {
    const sh = this.s.shop;
    return {
      __typename: "Shop",
      id: gid("Shop", sh.id),
      name: sh.name,
      email: sh.email,
      contactEmail: sh.email,
      myshopifyDomain: sh.domain,
      url: `https://${sh.domain}`,
      currencyCode: sh.currencyCode,
      enabledPresentmentCurrencies: [sh.currencyCode],
      ianaTimezone: sh.ianaTimezone,
      createdAt: sh.createdAt,
      updatedAt: sh.createdAt,
      checkoutApiSupported: true,
      setupRequired: false,
      taxesIncluded: false,
      taxShipping: false,
      plan: {
        __typename: "ShopPlan",
        partnerDevelopment: sh.plan === "development",
        publicDisplayName: {
          development: "Development",
          basic: "Basic",
          grow: "Grow",
          advanced: "Advanced",
          plus: "Plus",
          enterprise: "Enterprise",
        }[sh.plan],
        shopifyPlus: sh.plan === "plus" || sh.plan === "enterprise",
      },
    };
  }

  product(p: ProductRecord) {
    const variants = () => p.variantIds.map((id) => this.s.variants.get(id)!);
    const prices = () => variants().map((v) => v.priceMinor);
    return {
      __typename: "Product",
      id: gid("Product", p.id),
      legacyResourceId: String(p.id),
      title: p.title,
      handle: p.handle,
      vendor: p.vendor,
      productType: p.productType,
      status: p.status,
      tags: p.tags,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      publishedAt: p.status === "ACTIVE" ? p.createdAt : null,
      description: () => "",
      descriptionHtml: "",
      isGiftCard: false,
      requiresSellingPlan: p.requiresSellingPlan,
      tracksInventory: true,
      hasOnlyDefaultVariant: p.variantIds.length === 1 && variants()[0]!.title === "Default Title",
      hasOutOfStockVariants: () => variants().some((v) => v.inventoryQuantity <= 0),
      totalInventory: () => variants().reduce((n, v) => n + v.inventoryQuantity, 0),
      featuredMedia: null,
      priceRangeV2: () => {
        const ps = prices();
        const min = ps.reduce((a, b) => (b < a ? b : a), ps[0] ?? 0n);
        const max = ps.reduce((a, b) => (b > a ? b : a), ps[0] ?? 0n);
        return {
          __typename: "ProductPriceRangeV2",
          minVariantPrice: moneyV2(min, this.currency),
          maxVariantPrice: moneyV2(max, this.currency),
        };
      },
      variants: (args: ConnectionArgs) =>
        connection(
          variants(),
          args,
          (v) => v.id,
          (v) => this.variant(v),
        ),
      variantsCount: () => count(p.variantIds.length),
      sellingPlanGroups: (args: ConnectionArgs) =>
        connection(
          groupsForProduct(this.s, p.id),
          args,
          (g) => g.id,
          (g) => this.group(g),
        ),
      sellingPlanGroupsCount: () => count(groupsForProduct(this.s, p.id).length),
      metafield: metafieldField(this.ctx, gid("Product", p.id), (): object => this.product(p)),
    };
  }

  variant(v: VariantRecord) {
    const product = this.s.products.get(v.productId)!;
    return {
      __typename: "ProductVariant",
      id: gid("ProductVariant", v.id),
      legacyResourceId: String(v.id),
      title: v.title,
      displayName: `${product.title} - ${v.title}`,
      sku: v.sku,
      barcode: null,
      price: formatMinor(v.priceMinor, this.currency),
      compareAtPrice: null,
      position: v.position,
      taxable: true,
      inventoryQuantity: v.inventoryQuantity,
      inventoryPolicy: v.inventoryPolicy,
      availableForSale: product.status === "ACTIVE" && (v.inventoryPolicy === "CONTINUE" || v.inventoryQuantity > 0),
      sellableOnlineQuantity: Math.max(0, v.inventoryQuantity),
      selectedOptions: [{ __typename: "SelectedOption", name: "Title", value: v.title }],
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
      inventoryItem: () => this.inventoryItem(v),
      product: () => this.product(product),
      metafield: metafieldField(this.ctx, gid("ProductVariant", v.id), (): object => this.variant(v)),
      sellingPlanGroups: (args: ConnectionArgs) =>
        connection(
          groupsForVariant(this.s, v.id),
          args,
          (g) => g.id,
          (g) => this.group(g),
        ),
      sellingPlanGroupsCount: () => count(groupsForVariant(this.s, v.id).length),
    };
  }

  inventoryItem(v: VariantRecord) {
    return {
      __typename: "InventoryItem",
      id: gid("InventoryItem", v.inventoryItemId),
      legacyResourceId: String(v.inventoryItemId),
      sku: v.sku,
      tracked: true,
      requiresShipping: true,
      variant: () => this.variant(v),
    };
  }

  group(g: SellingPlanGroupRecord) {
    const variantsOf = (productId?: string | null) => {
      const pid = productId ? numericIdOf(productId, "Product") : null;
      return g.variantIds
        .map((id) => this.s.variants.get(id))
        .filter((v): v is VariantRecord => v !== undefined && (pid === null || v.productId === pid));
    };
    return {
      __typename: "SellingPlanGroup",
      id: gid("SellingPlanGroup", g.id),
      appId: g.appId,
      name: g.name,
      merchantCode: g.merchantCode,
      description: g.description,
      options: g.options,
      position: g.position,
      createdAt: g.createdAt,
      summary: () => summaryOf(this.s, g),
      productsCount: () => count(g.productIds.length),
      productVariantsCount: (args: Args) => count(variantsOf(args.productId as string | null).length),
      products: (args: ConnectionArgs) =>
        connection(
          g.productIds.map((id) => this.s.products.get(id)).filter((p): p is ProductRecord => p !== undefined),
          args,
          (p) => p.id,
          (p) => this.product(p),
        ),
      productVariants: (args: ConnectionArgs & { productId?: string | null }) =>
        connection(
          variantsOf(args.productId),
          args,
          (v) => v.id,
          (v) => this.variant(v),
        ),
      sellingPlans: (args: ConnectionArgs) =>
        connection(
          g.planIds.map((id) => this.s.plans.get(id)!),
          args,
          (p) => p.id,
          (p) => this.plan(p),
        ),
      appliesToProduct: (args: Args) => g.productIds.includes(numericIdOf(String(args.productId), "Product") ?? -1),
      appliesToProductVariant: (args: Args) => {
        const vid = numericIdOf(String(args.productVariantId), "ProductVariant") ?? -1;
        const v = this.s.variants.get(vid);
        return g.variantIds.includes(vid) || (v !== undefined && g.productIds.includes(v.productId));
      },
      appliesToProductVariants: (args: Args) => variantsOf(args.productId as string).length > 0,
    };
  }

  plan(p: SellingPlanRecord) {
    const c = this.currency;
    const b = p.billing;
    const d = p.delivery;
    return {
      __typename: "SellingPlan",
      id: gid("SellingPlan", p.id),
      name: p.name,
      description: p.description,
      options: p.options,
      position: p.position,
      category: p.category,
      createdAt: p.createdAt,
      inventoryPolicy: { __typename: "SellingPlanInventoryPolicy", reserve: p.inventoryReserve },
      billingPolicy: {
        __typename: "SellingPlanFixedBillingPolicy",
        checkoutCharge: {
          __typename: "SellingPlanCheckoutCharge",
          type: b.checkoutCharge.type,
          value:
            b.checkoutCharge.type === "PERCENTAGE"
              ? { __typename: "SellingPlanCheckoutChargePercentageValue", percentage: b.checkoutCharge.percentage }
              : moneyV2(b.checkoutCharge.fixedMinor, c),
        },
        remainingBalanceChargeTrigger: b.remainingBalanceChargeTrigger,
        remainingBalanceChargeExactTime: b.remainingBalanceChargeExactTime,
        remainingBalanceChargeTimeAfterCheckout: b.remainingBalanceChargeTimeAfterCheckout,
      },
      deliveryPolicy: {
        __typename: "SellingPlanFixedDeliveryPolicy",
        anchors: d.anchors.map((a) => ({ __typename: "SellingPlanAnchor", ...a })),
        cutoff: d.cutoff,
        fulfillmentExactTime: d.fulfillmentExactTime,
        fulfillmentTrigger: d.fulfillmentTrigger,
        intent: d.intent,
        preAnchorBehavior: d.preAnchorBehavior,
      },
      pricingPolicies: p.pricingPolicies.map((pp) => ({
        __typename: "SellingPlanFixedPricingPolicy",
        adjustmentType: pp.adjustment.adjustmentType,
        adjustmentValue:
          pp.adjustment.adjustmentType === "PERCENTAGE"
            ? { __typename: "SellingPlanPricingPolicyPercentageValue", percentage: pp.adjustment.percentage }
            : moneyV2(pp.adjustment.fixedMinor, c),
        createdAt: pp.createdAt,
      })),
    };
  }

  customer(c: CustomerRecord) {
    const orders = () => [...this.s.orders.values()].filter((o) => o.customerId === c.id);
    return {
      __typename: "Customer",
      id: gid("Customer", c.id),
      legacyResourceId: String(c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email,
      createdAt: c.createdAt,
      updatedAt: c.createdAt,
      numberOfOrders: () => String(orders().length),
      defaultEmailAddress: { __typename: "CustomerEmailAddress", emailAddress: c.email },
    };
  }

  mandate(m: MandateRecord) {
    const now = this.ctx.sim.now();
    return {
      __typename: "PaymentMandate",
      id: gid("PaymentMandate", m.id),
      paymentInstrument: {
        __typename: "VaultCreditCard",
        brand: m.brand,
        lastDigits: m.lastDigits,
        expiryMonth: m.expiryMonth,
        expiryYear: m.expiryYear,
        expired:
          m.expiryYear < now.getUTCFullYear() ||
          (m.expiryYear === now.getUTCFullYear() && m.expiryMonth < now.getUTCMonth() + 1),
        name: m.name,
        billingAddress: null,
      },
    };
  }

  order(o: OrderRecord) {
    const c = o.currencyCode;
    const totals = () => orderTotals(o, transactionsOf(this.s, o));
    const fos = () => o.fulfillmentOrderIds.map((id) => this.s.fulfillmentOrders.get(id)!);
    const original = () => undiscountedLineTotalMinor(o);
    const returns = () => o.returnIds.map((id) => this.s.returns.get(id)!);
    const bag = (minor: bigint) => orderMoneyBag(o, minor);
    const zero = bag(0n);
    return {
      __typename: "Order",
      id: gid("Order", o.id),
      legacyResourceId: String(o.id),
      name: o.name,
      number: o.number - 1000,
      email: o.email,
      phone: null,
      note: null,
      tags: [],
      test: o.test,
      confirmed: true,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      processedAt: o.processedAt,
      cancelledAt: o.cancelledAt,
      cancelReason: o.cancelReason,
      closed: o.closedAt !== null,
      closedAt: o.closedAt,
      currencyCode: c,
      presentmentCurrencyCode: o.presentment?.currencyCode ?? c,
      sourceName: "web",
      taxesIncluded: false,
      requiresShipping: true,
      paymentGatewayNames: () => [...new Set(transactionsOf(this.s, o).map((t) => t.gateway))],
      displayFinancialStatus: () => displayFinancialStatus(o, totals()),
      displayFulfillmentStatus: () => displayFulfillmentStatus(o, fos()),
      fullyPaid: () => totals().outstandingMinor === 0n && !o.cancelledAt,
      unpaid: () => totals().receivedMinor === 0n,
      capturable: () => totals().capturableMinor > 0n,
      refundable: () => totals().receivedMinor - totals().refundedMinor > 0n,
      canMarkAsPaid: () => totals().outstandingMinor > 0n,
      edited: o.editIds.length > 0,
      subtotalLineItemsQuantity: o.lineItems.reduce((n, li) => n + orderedQuantity(li), 0),
      currentSubtotalLineItemsQuantity: o.lineItems.reduce((n, li) => n + currentQuantity(o, li), 0),
      totalPriceSet: () => bag(totals().totalMinor),
      originalTotalPriceSet: () => bag(totals().originalTotalMinor),
      currentTotalPriceSet: () => bag(totals().currentTotalMinor),
      subtotalPriceSet: () => bag(totals().totalMinor),
      currentSubtotalPriceSet: () => bag(totals().currentTotalMinor),
      totalOutstandingSet: () => bag(totals().outstandingMinor),
      totalReceivedSet: () => bag(totals().receivedMinor),
      totalRefundedSet: () => bag(totals().refundedMinor),
      totalCapturableSet: () => bag(totals().capturableMinor),
      netPaymentSet: () => bag(totals().receivedMinor - totals().refundedMinor),
      totalDiscountsSet: () => bag(original() - totals().totalMinor),
      currentTotalDiscountsSet: () => bag(original() - totals().totalMinor),
      totalTaxSet: zero,
      currentTotalTaxSet: zero,
      totalShippingPriceSet: zero,
      currentShippingPriceSet: zero,
      totalTipReceivedSet: zero,
      customer: () => (o.customerId ? this.customer(this.s.customers.get(o.customerId)!) : null),
      lineItems: (args: ConnectionArgs) =>
        connection(
          o.lineItems,
          args,
          (li) => li.id,
          (li) => this.lineItem(o, li),
        ),
      paymentTerms: () => (o.paymentTermsId ? this.terms(this.s.terms.get(o.paymentTermsId)!) : null),
      paymentCollectionDetails: () => ({
        __typename: "OrderPaymentCollectionDetails",
        additionalPaymentCollectionUrl: null,
        vaultedPaymentMethods: o.mandateIds.map((id) => this.mandate(this.s.mandates.get(id)!)),
      }),
      transactions: (args: {
        first?: number | null;
        capturable?: boolean | null;
        manuallyResolvable?: boolean | null;
      }) => {
        let list = transactionsOf(this.s, o);
        if (args.capturable) {
          const open = capturableByAuthorization(list);
          list = list.filter((t) => (open.get(t.id) ?? 0n) > 0n);
        }
        if (args.manuallyResolvable) list = list.filter((t) => t.status === "PENDING");
        return (args.first != null ? list.slice(0, args.first) : list).map((t) => this.transaction(t));
      },
      transactionsCount: () => count(o.transactionIds.length),
      fulfillmentOrders: (args: ConnectionArgs) =>
        connection(
          fos(),
          args,
          (f) => f.id,
          (f) => this.fulfillmentOrder(f),
        ),
      refunds: (args: { first?: number | null }) => {
        const list = o.refundIds.map((id) => this.s.refunds.get(id)!);
        return (args.first != null ? list.slice(0, args.first) : list).map((r) => this.refund(r, o));
      },
      returns: (args: ConnectionArgs & { query?: string | null }) => {
        if (args.query) throw notImplementedError("Order.returns(query:)");
        return connection(
          returns(),
          args,
          (r) => r.id,
          (r) => this.return(r, o),
        );
      },
      // Our reading of the aggregate: any open return → IN_PROGRESS, all closed → RETURNED.
      returnStatus: () => {
        const list = returns();
        if (list.length === 0) return "NO_RETURN";
        return list.some((r) => r.status === "OPEN") ? "IN_PROGRESS" : "RETURNED";
      },
    };
  }

  lineItem(o: OrderRecord, li: LineItemRecord) {
    const bag = (minor: bigint) => orderMoneyBag(o, minor);
    const q = BigInt(li.quantity);
    const current = currentQuantity(o, li);
    return {
      __typename: "LineItem",
      id: gid("LineItem", li.id),
      title: li.title,
      name: li.variantTitle && li.variantTitle !== "Default Title" ? `${li.title} - ${li.variantTitle}` : li.title,
      variantTitle: li.variantTitle,
      // Products carry no media in the simulator (a line without an image, as Shopify answers for one).
      image: null,
      sku: li.sku,
      vendor: () => this.s.products.get(li.productId)?.vendor ?? null,
      quantity: li.quantity,
      currentQuantity: current,
      unfulfilledQuantity: Math.max(0, current - li.fulfilledQuantity),
      refundableQuantity: current,
      nonFulfillableQuantity: o.cancelledAt ? li.quantity - li.fulfilledQuantity : 0,
      requiresShipping: true,
      taxable: true,
      isGiftCard: false,
      merchantEditable: !o.cancelledAt,
      customAttributes: [],
      sellingPlan: li.sellingPlan
        ? {
            __typename: "LineItemSellingPlan",
            name: li.sellingPlan.name,
            sellingPlanId: gid("SellingPlan", li.sellingPlan.id),
          }
        : null,
      variant: () => {
        const v = this.s.variants.get(li.variantId);
        return v ? this.variant(v) : null;
      },
      product: () => {
        const p = this.s.products.get(li.productId);
        return p ? this.product(p) : null;
      },
      originalUnitPriceSet: bag(li.originalUnitMinor),
      discountedUnitPriceSet: bag(li.discountedUnitMinor),
      discountedUnitPriceAfterAllDiscountsSet: bag(li.discountedUnitMinor),
      originalTotalSet: bag(li.originalUnitMinor * q),
      discountedTotalSet: () => bag(li.discountedUnitMinor * q),
      totalDiscountSet: bag((li.originalUnitMinor - li.discountedUnitMinor) * q),
      unfulfilledOriginalTotalSet: bag(li.originalUnitMinor * BigInt(Math.max(0, current - li.fulfilledQuantity))),
      unfulfilledDiscountedTotalSet: bag(li.discountedUnitMinor * BigInt(Math.max(0, current - li.fulfilledQuantity))),
    };
  }

  terms(t: PaymentTermsRecord) {
    const order = this.s.orders.get(t.orderId)!;
    const schedules = () => t.scheduleIds.map((id) => this.s.schedules.get(id)!);
    const now = this.ctx.sim.now().getTime();
    return {
      __typename: "PaymentTerms",
      id: gid("PaymentTerms", t.id),
      paymentTermsName: t.paymentTermsName,
      translatedName: t.paymentTermsName,
      paymentTermsType: t.paymentTermsType,
      dueInDays: t.dueInDays,
      due: () => !order.cancelledAt && schedules().some((sc) => scheduleDue(sc, now)),
      overdue: () => !order.cancelledAt && schedules().some((sc) => scheduleOverdue(sc, now)),
      order: () => this.order(order),
      draftOrder: null,
      paymentSchedules: (args: ConnectionArgs) =>
        connection(
          schedules(),
          args,
          (sc) => sc.id,
          (sc) => this.schedule(sc, order),
        ),
    };
  }

  schedule(sc: PaymentScheduleRecord, order?: OrderRecord) {
    const terms = this.s.terms.get(sc.paymentTermsId)!;
    const o = order ?? this.s.orders.get(terms.orderId)!;
    const c = o.currencyCode;
    const now = this.ctx.sim.now().getTime();
    return {
      __typename: "PaymentSchedule",
      id: gid("PaymentSchedule", sc.id),
      dueAt: sc.dueAt,
      issuedAt: sc.issuedAt,
      completedAt: sc.completedAt,
      due: !o.cancelledAt && scheduleDue(sc, now),
      amount: moneyV2(sc.amountMinor, c),
      balanceDue: moneyV2(o.cancelledAt ? 0n : sc.balanceDueMinor, c),
      totalBalance: moneyV2(o.cancelledAt ? 0n : sc.totalBalanceMinor, c),
      paymentTerms: () => this.terms(terms),
    };
  }

  transaction(t: TransactionRecord) {
    const o = this.s.orders.get(t.orderId)!;
    const mandate = t.mandateId ? this.s.mandates.get(t.mandateId) : undefined;
    return {
      __typename: "OrderTransaction",
      id: gid("OrderTransaction", t.id),
      kind: t.kind,
      status: t.status,
      gateway: t.gateway,
      formattedGateway: t.gateway === "shopify_payments" ? "Shopify Payments" : t.gateway,
      amountSet: orderMoneyBag(o, t.amountMinor),
      createdAt: t.createdAt,
      processedAt: t.processedAt,
      errorCode: t.errorCode,
      test: t.test,
      paymentId: t.paymentId,
      accountNumber: mandate ? `•••• •••• •••• ${mandate.lastDigits}` : null,
      manualPaymentGateway: t.gateway === "manual",
      manuallyCapturable: false,
      multiCapturable: false,
      authorizationExpiresAt: null,
      settlementCurrency: null,
      parentTransaction: () => (t.parentId ? this.transaction(this.s.transactions.get(t.parentId)!) : null),
      order: () => this.order(o),
    };
  }

  fulfillmentOrder(f: FulfillmentOrderRecord) {
    const o = this.s.orders.get(f.orderId)!;
    return {
      __typename: "FulfillmentOrder",
      id: gid("FulfillmentOrder", f.id),
      status: f.status,
      requestStatus: "UNSUBMITTED",
      fulfillAt: f.fulfillAt,
      fulfillBy: null,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      orderId: gid("Order", o.id),
      orderName: o.name,
      orderProcessedAt: o.processedAt,
      order: () => this.order(o),
      lineItems: (args: ConnectionArgs) =>
        connection(
          f.lineItems,
          args,
          (l) => l.id,
          (l) => {
            const li = o.lineItems.find((x) => x.id === l.lineItemId)!;
            return {
              __typename: "FulfillmentOrderLineItem",
              id: gid("FulfillmentOrderLineItem", l.id),
              totalQuantity: l.totalQuantity,
              remainingQuantity: l.remainingQuantity,
              productTitle: li.title,
              variantTitle: li.variantTitle,
              sku: li.sku,
              requiresShipping: true,
              lineItem: () => this.lineItem(o, li),
              variant: () => {
                const v = this.s.variants.get(li.variantId);
                return v ? this.variant(v) : null;
              },
            };
          },
        ),
    };
  }

  refund(r: RefundRecord, o: OrderRecord) {
    return {
      __typename: "Refund",
      id: gid("Refund", r.id),
      createdAt: r.createdAt,
      updatedAt: r.createdAt,
      note: r.note,
      totalRefundedSet: orderMoneyBag(o, r.amountMinor),
      order: () => this.order(o),
    };
  }

  return(r: ReturnRecord, order?: OrderRecord) {
    const o = order ?? this.s.orders.get(r.orderId)!;
    return {
      __typename: "Return",
      id: gid("Return", r.id),
      name: r.name,
      status: r.status,
      createdAt: r.createdAt,
      // The simulator's returns are approved when they are created.
      requestApprovedAt: r.createdAt,
      closedAt: r.closedAt,
      totalQuantity: r.lineItems.reduce((n, l) => n + l.quantity, 0),
      order: () => this.order(o),
    };
  }

  job(jobId: string) {
    const job = this.s.jobs.get(jobId);
    if (!job) return null;
    const attempt = job.paymentReferenceId ? this.s.attempts.get(job.paymentReferenceId) : undefined;
    return {
      __typename: "Job",
      id: gid("Job", job.id),
      done: () => {
        if (attempt) this.observe(attempt);
        return job.done;
      },
      query: () => (job.done ? {} : null),
    };
  }

  /** One observation per attempt per request (see operations/payments.observeAttempt). */
  observe(a: PaymentAttemptRecord) {
    if (this.ctx.observed.has(a.paymentReferenceId)) return a.status;
    this.ctx.observed.add(a.paymentReferenceId);
    return observeAttempt(this.ctx.sim, this.s, a);
  }

  jobResult(a: PaymentAttemptRecord) {
    const order = this.s.orders.get(a.orderId)!;
    return {
      __typename: "OrderCreateMandatePaymentJobResult",
      id: gid("OrderCreateMandatePaymentJobResult", a.jobResultId),
      done: a.settledAt !== null,
      status: jobResultStatus(a),
      errors:
        a.plan.errorMessage && a.settledAt
          ? [{ __typename: "UserError", field: null, message: a.plan.errorMessage }]
          : [],
      order: () => this.order(order),
    };
  }

  paymentStatus(a: PaymentAttemptRecord) {
    const status = this.observe(a);
    const failed = status === "ERROR" || status === "RETRYABLE" || status === "PARTIAL_SUCCESS";
    return {
      __typename: "OrderPaymentStatus",
      paymentReferenceId: a.paymentReferenceId,
      status,
      errorMessage: failed ? a.plan.errorMessage : null,
      translatedErrorMessage: failed ? a.plan.errorMessage : null,
      transactions: () => a.transactionIds.map((id) => this.transaction(this.s.transactions.get(id)!)),
    };
  }

  /** Node lookup by gid for the types the simulator models; null for unknown ids of those types. */
  node(id: string): object | null | "unsupported" {
    const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(id);
    if (!m) return null;
    const n = Number(m[2]);
    const s = this.s;
    switch (m[1]) {
      case "Product":
        return s.products.has(n) ? this.product(s.products.get(n)!) : null;
      case "ProductVariant":
        return s.variants.has(n) ? this.variant(s.variants.get(n)!) : null;
      case "SellingPlanGroup":
        return s.groups.has(n) ? this.group(s.groups.get(n)!) : null;
      case "SellingPlan":
        return s.plans.has(n) ? this.plan(s.plans.get(n)!) : null;
      case "Order":
        return s.orders.has(n) ? this.order(s.orders.get(n)!) : null;
      case "Customer":
        return s.customers.has(n) ? this.customer(s.customers.get(n)!) : null;
      case "PaymentTerms":
        return s.terms.has(n) ? this.terms(s.terms.get(n)!) : null;
      case "PaymentSchedule":
        return s.schedules.has(n) ? this.schedule(s.schedules.get(n)!) : null;
      case "PaymentMandate":
        return s.mandates.has(n) ? this.mandate(s.mandates.get(n)!) : null;
      case "OrderTransaction":
        return s.transactions.has(n) ? this.transaction(s.transactions.get(n)!) : null;
      case "FulfillmentOrder":
        return s.fulfillmentOrders.has(n) ? this.fulfillmentOrder(s.fulfillmentOrders.get(n)!) : null;
      case "Return":
        return s.returns.has(n) ? this.return(s.returns.get(n)!) : null;
      case "Shop":
        return n === s.shop.id ? this.shop() : null;
      default:
        return "unsupported";
    }
  }

  schedulesOf(o: OrderRecord) {
    return schedulesOf(this.s, o);
  }
}
