/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type OfferSelectionCatalogQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type OfferSelectionCatalogQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'AnalyticsAnnotation' | 'AnalyticsTarget' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' } | { __typename: 'CalculatedOrder' | 'CartTransform' | 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' } | { __typename: 'Company' | 'CompanyAddress' | 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'Customer' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' } | { __typename: 'DeliveryLocationGroup' | 'DeliveryMethod' | 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' } | { __typename: 'Duty' | 'ExchangeLineItem' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' } | { __typename: 'InventoryItemMeasurement' | 'InventoryLevel' | 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' } | { __typename: 'Metafield' | 'MetafieldDefinition' | 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCancelJobResult' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' } | { __typename: 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' | 'PriceList' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'Return' | 'ReturnLineItem' | 'ReturnReasonDefinition' } | { __typename: 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' | 'ShopifyPaymentsBalanceTransaction' } | { __typename: 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' | 'TaxonomyMeasurementAttribute' } | { __typename: 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'Product' }
    & Pick<AdminTypes.Product, 'id' | 'title'>
    & { variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'inventoryQuantity'>> } }
  ) | (
    { __typename: 'ProductVariant' }
    & Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'inventoryQuantity'>
    & { product: Pick<AdminTypes.Product, 'id' | 'title'> }
  )>> };

export type ChargeOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ChargeOrderQuery = { shop: { plan: Pick<AdminTypes.ShopPlan, 'shopifyPlus'> }, order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'cancelledAt' | 'closed' | 'currencyCode' | 'presentmentCurrencyCode'>
    & { totalOutstandingSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalReceivedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, currentTotalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalCapturableSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status' | 'manualPaymentGateway' | 'createdAt'>
      & { parentTransaction?: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id'>>, amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
    )>, paymentCollectionDetails: { vaultedPaymentMethods?: AdminTypes.Maybe<Array<Pick<AdminTypes.PaymentMandate, 'id'>>> }, paymentTerms?: AdminTypes.Maybe<(
      Pick<AdminTypes.PaymentTerms, 'id'>
      & { paymentSchedules: { nodes: Array<(
          Pick<AdminTypes.PaymentSchedule, 'id' | 'dueAt' | 'completedAt'>
          & { totalBalance: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> } }
    )>, returns: { nodes: Array<Pick<AdminTypes.Return, 'status'>> } }
  )> };

export type DeferredOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeferredOrderQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'email' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'closed' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'currencyCode' | 'presentmentCurrencyCode'>
    & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'displayName'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalOutstandingSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalReceivedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, paymentCollectionDetails: { vaultedPaymentMethods?: AdminTypes.Maybe<Array<(
        Pick<AdminTypes.PaymentMandate, 'id'>
        & { paymentInstrument: { __typename: 'BankAccount' | 'VaultPaypalBillingAgreement' } | (
          { __typename: 'VaultCreditCard' }
          & Pick<AdminTypes.VaultCreditCard, 'brand' | 'lastDigits' | 'expiryMonth' | 'expiryYear'>
        ) }
      )>> }, paymentTerms?: AdminTypes.Maybe<(
      Pick<AdminTypes.PaymentTerms, 'id' | 'paymentTermsType' | 'paymentTermsName' | 'dueInDays' | 'overdue'>
      & { paymentSchedules: { nodes: Array<(
          Pick<AdminTypes.PaymentSchedule, 'id' | 'dueAt' | 'issuedAt' | 'completedAt' | 'due'>
          & { balanceDue: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, totalBalance: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> } }
    )>, returns: { nodes: Array<Pick<AdminTypes.Return, 'id' | 'status'>> }, lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'title' | 'variantTitle' | 'quantity' | 'currentQuantity'>
        & { image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, sellingPlan?: AdminTypes.Maybe<Pick<AdminTypes.LineItemSellingPlan, 'sellingPlanId' | 'name'>>, variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
      )> } }
  )> };

export type PaymentTermsUpdateMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.PaymentTermsUpdateInput;
}>;


export type PaymentTermsUpdateMutation = { paymentTermsUpdate?: AdminTypes.Maybe<{ paymentTerms?: AdminTypes.Maybe<(
      Pick<AdminTypes.PaymentTerms, 'id'>
      & { paymentSchedules: { nodes: Array<Pick<AdminTypes.PaymentSchedule, 'id' | 'dueAt'>> } }
    )>, userErrors: Array<Pick<AdminTypes.PaymentTermsUpdateUserError, 'field' | 'message' | 'code'>> }> };

export type OrderCreateMandatePaymentMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  mandateId: AdminTypes.Scalars['ID']['input'];
  idempotencyKey: AdminTypes.Scalars['String']['input'];
  paymentScheduleId?: AdminTypes.InputMaybe<AdminTypes.Scalars['ID']['input']>;
  amount?: AdminTypes.InputMaybe<AdminTypes.MoneyInput>;
  autoCapture?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type OrderCreateMandatePaymentMutation = { orderCreateMandatePayment?: AdminTypes.Maybe<(
    Pick<AdminTypes.OrderCreateMandatePaymentPayload, 'paymentReferenceId'>
    & { job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id' | 'done'>>, userErrors: Array<Pick<AdminTypes.OrderCreateMandatePaymentUserError, 'field' | 'message' | 'code'>> }
  )> };

export type OrderPaymentStatusQueryVariables = AdminTypes.Exact<{
  orderId: AdminTypes.Scalars['ID']['input'];
  paymentReferenceId: AdminTypes.Scalars['String']['input'];
}>;


export type OrderPaymentStatusQuery = { orderPaymentStatus?: AdminTypes.Maybe<(
    Pick<AdminTypes.OrderPaymentStatus, 'paymentReferenceId' | 'status' | 'errorMessage' | 'translatedErrorMessage'>
    & { transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> }
  )> };

export type OrderMarkAsPaidMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.OrderMarkAsPaidInput;
}>;


export type OrderMarkAsPaidMutation = { orderMarkAsPaid?: AdminTypes.Maybe<{ order?: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id' | 'displayFinancialStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type PaymentReminderSendMutationVariables = AdminTypes.Exact<{
  paymentScheduleId: AdminTypes.Scalars['ID']['input'];
}>;


export type PaymentReminderSendMutation = { paymentReminderSend?: AdminTypes.Maybe<(
    Pick<AdminTypes.PaymentReminderSendPayload, 'success'>
    & { userErrors: Array<Pick<AdminTypes.PaymentReminderSendUserError, 'field' | 'message' | 'code'>> }
  )> };

export type BackfillOrdersQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BackfillOrdersQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id'>
      & { paymentTerms?: AdminTypes.Maybe<Pick<AdminTypes.PaymentTerms, 'id'>> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type InventoryItemVariantQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type InventoryItemVariantQuery = { inventoryItem?: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id'>
    & { variant: (
      Pick<AdminTypes.ProductVariant, 'id' | 'inventoryQuantity'>
      & { product: Pick<AdminTypes.Product, 'id'> }
    ) }
  )> };

export type ProductVariantStockQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductVariantStockQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'inventoryQuantity'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type VariantsStockQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type VariantsStockQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'AnalyticsAnnotation' | 'AnalyticsTarget' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' } | { __typename: 'CalculatedOrder' | 'CartTransform' | 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' } | { __typename: 'Company' | 'CompanyAddress' | 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'Customer' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' } | { __typename: 'DeliveryLocationGroup' | 'DeliveryMethod' | 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' } | { __typename: 'Duty' | 'ExchangeLineItem' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' } | { __typename: 'InventoryItemMeasurement' | 'InventoryLevel' | 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' } | { __typename: 'Metafield' | 'MetafieldDefinition' | 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCancelJobResult' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' } | { __typename: 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' | 'PriceList' | 'Product' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'Return' | 'ReturnLineItem' } | { __typename: 'ReturnReasonDefinition' | 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' } | { __typename: 'ShopifyPaymentsBalanceTransaction' | 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' } | { __typename: 'TaxonomyMeasurementAttribute' | 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'ProductVariant' }
    & Pick<AdminTypes.ProductVariant, 'id' | 'inventoryQuantity'>
    & { product: Pick<AdminTypes.Product, 'id'> }
  )>> };

export type ProductMetafieldValuesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
  namespace: AdminTypes.Scalars['String']['input'];
  key: AdminTypes.Scalars['String']['input'];
}>;


export type ProductMetafieldValuesQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'AnalyticsAnnotation' | 'AnalyticsTarget' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' } | { __typename: 'CalculatedOrder' | 'CartTransform' | 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' } | { __typename: 'Company' | 'CompanyAddress' | 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'Customer' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' } | { __typename: 'DeliveryLocationGroup' | 'DeliveryMethod' | 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' } | { __typename: 'Duty' | 'ExchangeLineItem' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' } | { __typename: 'InventoryItemMeasurement' | 'InventoryLevel' | 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' } | { __typename: 'Metafield' | 'MetafieldDefinition' | 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCancelJobResult' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' } | { __typename: 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' | 'PriceList' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariant' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'Return' | 'ReturnLineItem' } | { __typename: 'ReturnReasonDefinition' | 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' } | { __typename: 'ShopifyPaymentsBalanceTransaction' | 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' } | { __typename: 'TaxonomyMeasurementAttribute' | 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'Product' }
    & Pick<AdminTypes.Product, 'id'>
    & { metafield?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'id' | 'value'>> }
  )>> };

export type AppInstallationMetafieldQueryVariables = AdminTypes.Exact<{
  namespace: AdminTypes.Scalars['String']['input'];
  key: AdminTypes.Scalars['String']['input'];
}>;


export type AppInstallationMetafieldQuery = { currentAppInstallation: (
    Pick<AdminTypes.AppInstallation, 'id'>
    & { metafield?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'id' | 'value'>> }
  ) };

export type MetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type MetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code' | 'elementIndex'>> }> };

export type MetafieldsDeleteMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type MetafieldsDeleteMutation = { metafieldsDelete?: AdminTypes.Maybe<{ deletedMetafields?: AdminTypes.Maybe<Array<AdminTypes.Maybe<Pick<AdminTypes.MetafieldIdentifier, 'ownerId' | 'namespace' | 'key'>>>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type SellingPlanGroupDetailQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupDetailQuery = { sellingPlanGroup?: AdminTypes.Maybe<(
    Pick<AdminTypes.SellingPlanGroup, 'id' | 'appId' | 'name' | 'merchantCode' | 'description' | 'options' | 'position'>
    & { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, productVariantsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, products: { nodes: Array<Pick<AdminTypes.Product, 'id' | 'title'>> }, productVariants: { nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title'>
        & { product: Pick<AdminTypes.Product, 'id' | 'title'> }
      )> }, sellingPlans: { nodes: Array<(
        Pick<AdminTypes.SellingPlan, 'id' | 'name' | 'description' | 'options' | 'position' | 'category'>
        & { billingPolicy: (
          { __typename: 'SellingPlanFixedBillingPolicy' }
          & Pick<AdminTypes.SellingPlanFixedBillingPolicy, 'remainingBalanceChargeTrigger' | 'remainingBalanceChargeExactTime' | 'remainingBalanceChargeTimeAfterCheckout'>
          & { checkoutCharge: (
            Pick<AdminTypes.SellingPlanCheckoutCharge, 'type'>
            & { value: (
              { __typename: 'MoneyV2' }
              & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
            ) | (
              { __typename: 'SellingPlanCheckoutChargePercentageValue' }
              & Pick<AdminTypes.SellingPlanCheckoutChargePercentageValue, 'percentage'>
            ) }
          ) }
        ) | { __typename: 'SellingPlanRecurringBillingPolicy' }, deliveryPolicy: (
          { __typename: 'SellingPlanFixedDeliveryPolicy' }
          & Pick<AdminTypes.SellingPlanFixedDeliveryPolicy, 'fulfillmentTrigger' | 'fulfillmentExactTime'>
        ) | { __typename: 'SellingPlanRecurringDeliveryPolicy' }, inventoryPolicy?: AdminTypes.Maybe<Pick<AdminTypes.SellingPlanInventoryPolicy, 'reserve'>>, pricingPolicies: Array<(
          { __typename: 'SellingPlanFixedPricingPolicy' }
          & Pick<AdminTypes.SellingPlanFixedPricingPolicy, 'adjustmentType'>
          & { adjustmentValue: (
            { __typename: 'MoneyV2' }
            & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
          ) | (
            { __typename: 'SellingPlanPricingPolicyPercentageValue' }
            & Pick<AdminTypes.SellingPlanPricingPolicyPercentageValue, 'percentage'>
          ) }
        ) | { __typename: 'SellingPlanRecurringPricingPolicy' }> }
      )> } }
  )> };

export type SellingPlanGroupIdsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SellingPlanGroupIdsQuery = { sellingPlanGroups: { nodes: Array<Pick<AdminTypes.SellingPlanGroup, 'id' | 'appId'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type SellingPlanGroupCreateMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.SellingPlanGroupInput;
  resources?: AdminTypes.InputMaybe<AdminTypes.SellingPlanGroupResourceInput>;
}>;


export type SellingPlanGroupCreateMutation = { sellingPlanGroupCreate?: AdminTypes.Maybe<{ sellingPlanGroup?: AdminTypes.Maybe<Pick<AdminTypes.SellingPlanGroup, 'id'>>, userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }> };

export type SellingPlanGroupUpdateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  input: AdminTypes.SellingPlanGroupInput;
}>;


export type SellingPlanGroupUpdateMutation = { sellingPlanGroupUpdate?: AdminTypes.Maybe<(
    Pick<AdminTypes.SellingPlanGroupUpdatePayload, 'deletedSellingPlanIds'>
    & { sellingPlanGroup?: AdminTypes.Maybe<Pick<AdminTypes.SellingPlanGroup, 'id'>>, userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }
  )> };

export type SellingPlanGroupDeleteMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupDeleteMutation = { sellingPlanGroupDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.SellingPlanGroupDeletePayload, 'deletedSellingPlanGroupId'>
    & { userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }
  )> };

export type SellingPlanGroupAddProductsMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  productIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupAddProductsMutation = { sellingPlanGroupAddProducts?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }> };

export type SellingPlanGroupRemoveProductsMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  productIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupRemoveProductsMutation = { sellingPlanGroupRemoveProducts?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }> };

export type SellingPlanGroupAddProductVariantsMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  productVariantIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupAddProductVariantsMutation = { sellingPlanGroupAddProductVariants?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }> };

export type SellingPlanGroupRemoveProductVariantsMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  productVariantIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type SellingPlanGroupRemoveProductVariantsMutation = { sellingPlanGroupRemoveProductVariants?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.SellingPlanGroupUserError, 'field' | 'message' | 'code'>> }> };

export type ProductSearchQueryVariables = AdminTypes.Exact<{
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type ProductSearchQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title'>
      & { variants: { nodes: Array<(
          Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'inventoryQuantity'>
          & { inventoryItem: Pick<AdminTypes.InventoryItem, 'tracked'> }
        )> } }
    )> } };

export type ProductSellingPlanGroupsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ProductSellingPlanGroupsQuery = { nodes: Array<AdminTypes.Maybe<{ __typename: 'AbandonedCheckout' | 'AbandonedCheckoutLineItem' | 'Abandonment' | 'AddAllProductsOperation' | 'AdditionalFee' | 'AnalyticsAnnotation' | 'AnalyticsTarget' | 'App' | 'AppCatalog' | 'AppCredit' | 'AppInstallation' | 'AppPurchaseOneTime' | 'AppRevenueAttributionRecord' | 'AppSubscription' | 'AppUsageRecord' | 'Article' | 'BasicEvent' | 'Blog' | 'BulkOperation' | 'BusinessEntity' } | { __typename: 'CalculatedOrder' | 'CartTransform' | 'CashDrawer' | 'CashManagementCustomReasonCode' | 'CashManagementDefaultReasonCode' | 'CashManagementSystemReasonCode' | 'CashTrackingAdjustment' | 'CashTrackingSession' | 'CatalogCsvOperation' | 'Channel' | 'ChannelDefinition' | 'ChannelInformation' | 'CheckoutAndAccountsConfiguration' | 'CheckoutAndAccountsConfigurationOverride' | 'CheckoutProfile' | 'Collection' | 'CollectionConditionsSource' | 'CollectionSubCollectionsSource' | 'Comment' | 'CommentEvent' } | { __typename: 'Company' | 'CompanyAddress' | 'CompanyContact' | 'CompanyContactRole' | 'CompanyContactRoleAssignment' | 'CompanyLocation' | 'CompanyLocationCatalog' | 'CompanyLocationStaffMemberAssignment' | 'ConsentPolicy' | 'CurrencyExchangeAdjustment' | 'Customer' | 'CustomerAccountAppExtensionPage' | 'CustomerAccountNativePage' | 'CustomerPaymentMethod' | 'CustomerSegmentMembersQuery' | 'CustomerVisit' | 'DeliveryCarrierService' | 'DeliveryCondition' | 'DeliveryCountry' | 'DeliveryCustomization' } | { __typename: 'DeliveryLocationGroup' | 'DeliveryMethod' | 'DeliveryMethodDefinition' | 'DeliveryParticipant' | 'DeliveryProfile' | 'DeliveryProfileItem' | 'DeliveryPromiseParticipant' | 'DeliveryPromiseProvider' | 'DeliveryProvince' | 'DeliveryRateDefinition' | 'DeliveryZone' | 'DiscountAutomaticBxgy' | 'DiscountAutomaticNode' | 'DiscountCodeNode' | 'DiscountNode' | 'DiscountRedeemCodeBulkCreation' | 'Domain' | 'DraftOrder' | 'DraftOrderLineItem' | 'DraftOrderTag' } | { __typename: 'Duty' | 'ExchangeLineItem' | 'ExternalVideo' | 'Fulfillment' | 'FulfillmentConstraintRule' | 'FulfillmentEvent' | 'FulfillmentHold' | 'FulfillmentLineItem' | 'FulfillmentOrder' | 'FulfillmentOrderDestination' | 'FulfillmentOrderLineItem' | 'FulfillmentOrderMerchantRequest' | 'GenericFile' | 'GiftCard' | 'GiftCardCashOutTransaction' | 'GiftCardCreditTransaction' | 'GiftCardDebitTransaction' | 'IdentityProviderSubject' | 'InventoryAdjustmentGroup' | 'InventoryItem' } | { __typename: 'InventoryItemMeasurement' | 'InventoryLevel' | 'InventoryQuantity' | 'InventoryShipment' | 'InventoryShipmentLineItem' | 'InventoryTransfer' | 'InventoryTransferLineItem' | 'LineItem' | 'LineItemGroup' | 'Location' | 'MailingAddress' | 'Market' | 'MarketCatalog' | 'MarketRegionCountry' | 'MarketRegionSubdivision' | 'MarketWebPresence' | 'MarketingActivity' | 'MarketingEvent' | 'MediaImage' | 'Menu' } | { __typename: 'Metafield' | 'MetafieldDefinition' | 'Metaobject' | 'MetaobjectDefinition' | 'Model3d' | 'OnlineStoreTheme' | 'Order' | 'OrderAdjustment' | 'OrderAttributionDefinition' | 'OrderCancelJobResult' | 'OrderCreateMandatePaymentJobResult' | 'OrderDisputeSummary' | 'OrderEditSession' | 'OrderTransaction' | 'Page' | 'PaymentCustomization' | 'PaymentMandate' | 'PaymentSchedule' | 'PaymentTerms' | 'PaymentTermsTemplate' } | { __typename: 'PointOfSaleDevice' | 'PointOfSaleDevicePaymentSession' | 'PriceList' | 'ProductBundleOperation' | 'ProductDeleteOperation' | 'ProductDuplicateOperation' | 'ProductFeed' | 'ProductOption' | 'ProductOptionValue' | 'ProductSetOperation' | 'ProductTaxonomyNode' | 'ProductVariantComponent' | 'Publication' | 'PublicationResourceOperation' | 'QuantityPriceBreak' | 'Refund' | 'RefundShippingLine' | 'Return' | 'ReturnLineItem' | 'ReturnReasonDefinition' } | { __typename: 'ReturnableFulfillment' | 'ReverseDelivery' | 'ReverseDeliveryLineItem' | 'ReverseFulfillmentOrder' | 'ReverseFulfillmentOrderDisposition' | 'ReverseFulfillmentOrderLineItem' | 'SaleAdditionalFee' | 'SavedSearch' | 'ScriptTag' | 'Segment' | 'SellingPlan' | 'SellingPlanGroup' | 'ServerPixel' | 'ShippingLabel' | 'ShippingLabelPurchaseResult' | 'Shop' | 'ShopAddress' | 'ShopPolicy' | 'ShopifyPaymentsAccount' | 'ShopifyPaymentsBalanceTransaction' } | { __typename: 'ShopifyPaymentsBankAccount' | 'ShopifyPaymentsDispute' | 'ShopifyPaymentsDisputeEvidence' | 'ShopifyPaymentsDisputeFileUpload' | 'ShopifyPaymentsDisputeFulfillment' | 'ShopifyPaymentsPayout' | 'StaffMember' | 'StandardMetafieldDefinitionTemplate' | 'StoreCreditAccount' | 'StoreCreditAccountCreditTransaction' | 'StoreCreditAccountDebitRevertTransaction' | 'StoreCreditAccountDebitTransaction' | 'StorefrontAccessToken' | 'SubscriptionBillingAttempt' | 'SubscriptionContract' | 'SubscriptionDraft' | 'TaxonomyAttribute' | 'TaxonomyCategory' | 'TaxonomyChoiceListAttribute' | 'TaxonomyMeasurementAttribute' } | { __typename: 'TaxonomyValue' | 'TenderTransaction' | 'TransactionFee' | 'UnverifiedReturnLineItem' | 'UrlRedirect' | 'UrlRedirectImport' | 'Validation' | 'Video' | 'WebPixel' | 'WebhookSubscription' } | (
    { __typename: 'Product' }
    & Pick<AdminTypes.Product, 'id' | 'title'>
    & { sellingPlanGroups: { nodes: Array<(
        Pick<AdminTypes.SellingPlanGroup, 'id' | 'name' | 'appId'>
        & { sellingPlans: { nodes: Array<Pick<AdminTypes.SellingPlan, 'category'>> } }
      )> } }
  ) | (
    { __typename: 'ProductVariant' }
    & Pick<AdminTypes.ProductVariant, 'id' | 'displayName'>
    & { sellingPlanGroups: { nodes: Array<(
        Pick<AdminTypes.SellingPlanGroup, 'id' | 'name' | 'appId'>
        & { sellingPlans: { nodes: Array<Pick<AdminTypes.SellingPlan, 'category'>> } }
      )> } }
  )>> };

export type OtherSellingPlanGroupFragment = (
  Pick<AdminTypes.SellingPlanGroup, 'id' | 'name' | 'appId'>
  & { sellingPlans: { nodes: Array<Pick<AdminTypes.SellingPlan, 'category'>> } }
);

export type ShopIdentityQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopIdentityQuery = { shop: Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone'> };

interface GeneratedQueryTypes {
  "#graphql\n  query OfferSelectionCatalog($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on Product {\n        id\n        title\n        variants(first: 100) {\n          nodes {\n            id\n            title\n            inventoryQuantity\n          }\n        }\n      }\n      ... on ProductVariant {\n        id\n        title\n        inventoryQuantity\n        product {\n          id\n          title\n        }\n      }\n    }\n  }\n": {return: OfferSelectionCatalogQuery, variables: OfferSelectionCatalogQueryVariables},
  "#graphql\n  query ChargeOrder($id: ID!) {\n    shop {\n      plan {\n        shopifyPlus\n      }\n    }\n    order(id: $id) {\n      id\n      cancelledAt\n      closed\n      currencyCode\n      presentmentCurrencyCode\n      totalOutstandingSet {\n        shopMoney {\n          amount\n          currencyCode\n        }\n        presentmentMoney {\n          amount\n          currencyCode\n        }\n      }\n      totalReceivedSet {\n        shopMoney {\n          amount\n        }\n      }\n      currentTotalPriceSet {\n        shopMoney {\n          amount\n        }\n      }\n      totalCapturableSet {\n        shopMoney {\n          amount\n        }\n      }\n      transactions(first: 100) {\n        id\n        kind\n        status\n        manualPaymentGateway\n        createdAt\n        parentTransaction {\n          id\n        }\n        amountSet {\n          shopMoney {\n            amount\n          }\n        }\n      }\n      paymentCollectionDetails {\n        vaultedPaymentMethods {\n          id\n        }\n      }\n      paymentTerms {\n        id\n        paymentSchedules(first: 5) {\n          nodes {\n            id\n            dueAt\n            completedAt\n            totalBalance {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      returns(first: 10) {\n        nodes {\n          status\n        }\n      }\n    }\n  }\n": {return: ChargeOrderQuery, variables: ChargeOrderQueryVariables},
  "#graphql\n  query DeferredOrder($id: ID!) {\n    order(id: $id) {\n      id\n      name\n      email\n      createdAt\n      updatedAt\n      cancelledAt\n      closed\n      displayFinancialStatus\n      displayFulfillmentStatus\n      currencyCode\n      presentmentCurrencyCode\n      customer {\n        id\n        displayName\n      }\n      totalPriceSet {\n        shopMoney {\n          amount\n          currencyCode\n        }\n        presentmentMoney {\n          amount\n          currencyCode\n        }\n      }\n      totalOutstandingSet {\n        shopMoney {\n          amount\n          currencyCode\n        }\n        presentmentMoney {\n          amount\n          currencyCode\n        }\n      }\n      totalReceivedSet {\n        shopMoney {\n          amount\n          currencyCode\n        }\n      }\n      totalRefundedSet {\n        shopMoney {\n          amount\n          currencyCode\n        }\n      }\n      paymentCollectionDetails {\n        vaultedPaymentMethods {\n          id\n          paymentInstrument {\n            __typename\n            ... on VaultCreditCard {\n              brand\n              lastDigits\n              expiryMonth\n              expiryYear\n            }\n          }\n        }\n      }\n      paymentTerms {\n        id\n        paymentTermsType\n        paymentTermsName\n        dueInDays\n        overdue\n        paymentSchedules(first: 5) {\n          nodes {\n            id\n            dueAt\n            issuedAt\n            completedAt\n            due\n            balanceDue {\n              amount\n              currencyCode\n            }\n            totalBalance {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      returns(first: 10) {\n        nodes {\n          id\n          status\n        }\n      }\n      lineItems(first: 100) {\n        nodes {\n          id\n          title\n          variantTitle\n          quantity\n          currentQuantity\n          image {\n            url\n          }\n          originalUnitPriceSet {\n            shopMoney {\n              amount\n              currencyCode\n            }\n          }\n          sellingPlan {\n            sellingPlanId\n            name\n          }\n          variant {\n            id\n          }\n        }\n      }\n    }\n  }\n": {return: DeferredOrderQuery, variables: DeferredOrderQueryVariables},
  "#graphql\n  query OrderPaymentStatus($orderId: ID!, $paymentReferenceId: String!) {\n    orderPaymentStatus(orderId: $orderId, paymentReferenceId: $paymentReferenceId) {\n      paymentReferenceId\n      status\n      errorMessage\n      translatedErrorMessage\n      transactions {\n        id\n        kind\n        status\n        amountSet {\n          shopMoney {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": {return: OrderPaymentStatusQuery, variables: OrderPaymentStatusQueryVariables},
  "#graphql\n  query BackfillOrders($first: Int!, $after: String, $query: String!) {\n    orders(first: $first, after: $after, query: $query, sortKey: ID) {\n      nodes {\n        id\n        paymentTerms {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: BackfillOrdersQuery, variables: BackfillOrdersQueryVariables},
  "#graphql\n  query InventoryItemVariant($id: ID!) {\n    inventoryItem(id: $id) {\n      id\n      variant {\n        id\n        inventoryQuantity\n        product {\n          id\n        }\n      }\n    }\n  }\n": {return: InventoryItemVariantQuery, variables: InventoryItemVariantQueryVariables},
  "#graphql\n  query ProductVariantStock($id: ID!, $after: String) {\n    product(id: $id) {\n      id\n      variants(first: 250, after: $after) {\n        nodes {\n          id\n          inventoryQuantity\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": {return: ProductVariantStockQuery, variables: ProductVariantStockQueryVariables},
  "#graphql\n  query VariantsStock($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on ProductVariant {\n        id\n        inventoryQuantity\n        product {\n          id\n        }\n      }\n    }\n  }\n": {return: VariantsStockQuery, variables: VariantsStockQueryVariables},
  "#graphql\n  query ProductMetafieldValues($ids: [ID!]!, $namespace: String!, $key: String!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on Product {\n        id\n        metafield(namespace: $namespace, key: $key) {\n          id\n          value\n        }\n      }\n    }\n  }\n": {return: ProductMetafieldValuesQuery, variables: ProductMetafieldValuesQueryVariables},
  "#graphql\n  query AppInstallationMetafield($namespace: String!, $key: String!) {\n    currentAppInstallation {\n      id\n      metafield(namespace: $namespace, key: $key) {\n        id\n        value\n      }\n    }\n  }\n": {return: AppInstallationMetafieldQuery, variables: AppInstallationMetafieldQueryVariables},
  "#graphql\n  query SellingPlanGroupDetail($id: ID!) {\n    sellingPlanGroup(id: $id) {\n      id\n      appId\n      name\n      merchantCode\n      description\n      options\n      position\n      productsCount {\n        count\n      }\n      productVariantsCount {\n        count\n      }\n      products(first: 100) {\n        nodes {\n          id\n          title\n        }\n      }\n      productVariants(first: 100) {\n        nodes {\n          id\n          title\n          product {\n            id\n            title\n          }\n        }\n      }\n      sellingPlans(first: 31) {\n        nodes {\n          id\n          name\n          description\n          options\n          position\n          category\n          billingPolicy {\n            __typename\n            ... on SellingPlanFixedBillingPolicy {\n              checkoutCharge {\n                type\n                value {\n                  __typename\n                  ... on MoneyV2 {\n                    amount\n                    currencyCode\n                  }\n                  ... on SellingPlanCheckoutChargePercentageValue {\n                    percentage\n                  }\n                }\n              }\n              remainingBalanceChargeTrigger\n              remainingBalanceChargeExactTime\n              remainingBalanceChargeTimeAfterCheckout\n            }\n          }\n          deliveryPolicy {\n            __typename\n            ... on SellingPlanFixedDeliveryPolicy {\n              fulfillmentTrigger\n              fulfillmentExactTime\n            }\n          }\n          inventoryPolicy {\n            reserve\n          }\n          pricingPolicies {\n            __typename\n            ... on SellingPlanFixedPricingPolicy {\n              adjustmentType\n              adjustmentValue {\n                __typename\n                ... on MoneyV2 {\n                  amount\n                  currencyCode\n                }\n                ... on SellingPlanPricingPolicyPercentageValue {\n                  percentage\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: SellingPlanGroupDetailQuery, variables: SellingPlanGroupDetailQueryVariables},
  "#graphql\n  query SellingPlanGroupIds($first: Int!, $after: String) {\n    sellingPlanGroups(first: $first, after: $after) {\n      nodes {\n        id\n        appId\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: SellingPlanGroupIdsQuery, variables: SellingPlanGroupIdsQueryVariables},
  "#graphql\n  query ProductSearch($query: String, $first: Int!) {\n    products(first: $first, query: $query, sortKey: TITLE) {\n      nodes {\n        id\n        title\n        variants(first: 20) {\n          nodes {\n            id\n            title\n            inventoryQuantity\n            inventoryItem {\n              tracked\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ProductSearchQuery, variables: ProductSearchQueryVariables},
  "#graphql\n  query ProductSellingPlanGroups($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      ... on Product {\n        id\n        title\n        sellingPlanGroups(first: 10) {\n          nodes {\n            ...OtherSellingPlanGroup\n          }\n        }\n      }\n      ... on ProductVariant {\n        id\n        displayName\n        sellingPlanGroups(first: 10) {\n          nodes {\n            ...OtherSellingPlanGroup\n          }\n        }\n      }\n    }\n  }\n\n  fragment OtherSellingPlanGroup on SellingPlanGroup {\n    id\n    name\n    appId\n    sellingPlans(first: 1) {\n      nodes {\n        category\n      }\n    }\n  }\n": {return: ProductSellingPlanGroupsQuery, variables: ProductSellingPlanGroupsQueryVariables},
  "#graphql\n  query ShopIdentity {\n    shop {\n      id\n      name\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n    }\n  }\n": {return: ShopIdentityQuery, variables: ShopIdentityQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation PaymentTermsUpdate($input: PaymentTermsUpdateInput!) {\n    paymentTermsUpdate(input: $input) {\n      paymentTerms {\n        id\n        paymentSchedules(first: 5) {\n          nodes {\n            id\n            dueAt\n          }\n        }\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: PaymentTermsUpdateMutation, variables: PaymentTermsUpdateMutationVariables},
  "#graphql\n  mutation OrderCreateMandatePayment(\n    $id: ID!\n    $mandateId: ID!\n    $idempotencyKey: String!\n    $paymentScheduleId: ID\n    $amount: MoneyInput\n    $autoCapture: Boolean\n  ) {\n    orderCreateMandatePayment(\n      id: $id\n      mandateId: $mandateId\n      idempotencyKey: $idempotencyKey\n      paymentScheduleId: $paymentScheduleId\n      amount: $amount\n      autoCapture: $autoCapture\n    ) {\n      paymentReferenceId\n      job {\n        id\n        done\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: OrderCreateMandatePaymentMutation, variables: OrderCreateMandatePaymentMutationVariables},
  "#graphql\n  mutation OrderMarkAsPaid($input: OrderMarkAsPaidInput!) {\n    orderMarkAsPaid(input: $input) {\n      order {\n        id\n        displayFinancialStatus\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: OrderMarkAsPaidMutation, variables: OrderMarkAsPaidMutationVariables},
  "#graphql\n  mutation PaymentReminderSend($paymentScheduleId: ID!) {\n    paymentReminderSend(paymentScheduleId: $paymentScheduleId) {\n      success\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: PaymentReminderSendMutation, variables: PaymentReminderSendMutationVariables},
  "#graphql\n  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        namespace\n        key\n      }\n      userErrors {\n        field\n        message\n        code\n        elementIndex\n      }\n    }\n  }\n": {return: MetafieldsSetMutation, variables: MetafieldsSetMutationVariables},
  "#graphql\n  mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) {\n      deletedMetafields {\n        ownerId\n        namespace\n        key\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: MetafieldsDeleteMutation, variables: MetafieldsDeleteMutationVariables},
  "#graphql\n  mutation SellingPlanGroupCreate($input: SellingPlanGroupInput!, $resources: SellingPlanGroupResourceInput) {\n    sellingPlanGroupCreate(input: $input, resources: $resources) {\n      sellingPlanGroup {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupCreateMutation, variables: SellingPlanGroupCreateMutationVariables},
  "#graphql\n  mutation SellingPlanGroupUpdate($id: ID!, $input: SellingPlanGroupInput!) {\n    sellingPlanGroupUpdate(id: $id, input: $input) {\n      sellingPlanGroup {\n        id\n      }\n      deletedSellingPlanIds\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupUpdateMutation, variables: SellingPlanGroupUpdateMutationVariables},
  "#graphql\n  mutation SellingPlanGroupDelete($id: ID!) {\n    sellingPlanGroupDelete(id: $id) {\n      deletedSellingPlanGroupId\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupDeleteMutation, variables: SellingPlanGroupDeleteMutationVariables},
  "#graphql\n  mutation SellingPlanGroupAddProducts($id: ID!, $productIds: [ID!]!) {\n    sellingPlanGroupAddProducts(id: $id, productIds: $productIds) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupAddProductsMutation, variables: SellingPlanGroupAddProductsMutationVariables},
  "#graphql\n  mutation SellingPlanGroupRemoveProducts($id: ID!, $productIds: [ID!]!) {\n    sellingPlanGroupRemoveProducts(id: $id, productIds: $productIds) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupRemoveProductsMutation, variables: SellingPlanGroupRemoveProductsMutationVariables},
  "#graphql\n  mutation SellingPlanGroupAddProductVariants($id: ID!, $productVariantIds: [ID!]!) {\n    sellingPlanGroupAddProductVariants(id: $id, productVariantIds: $productVariantIds) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupAddProductVariantsMutation, variables: SellingPlanGroupAddProductVariantsMutationVariables},
  "#graphql\n  mutation SellingPlanGroupRemoveProductVariants($id: ID!, $productVariantIds: [ID!]!) {\n    sellingPlanGroupRemoveProductVariants(id: $id, productVariantIds: $productVariantIds) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SellingPlanGroupRemoveProductVariantsMutation, variables: SellingPlanGroupRemoveProductVariantsMutationVariables},
}
declare module '~/shopify/client.server' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
