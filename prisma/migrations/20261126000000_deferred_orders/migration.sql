-- CreateTable
CREATE TABLE "DeferredOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "customerName" TEXT,
    "shopCurrency" TEXT NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "receivedMinor" BIGINT NOT NULL,
    "balanceDueMinor" BIGINT NOT NULL,
    "paymentTermsId" TEXT,
    "paymentTermsType" TEXT,
    "paymentScheduleId" TEXT,
    "dueAt" DATETIME,
    "dueOnFulfillment" BOOLEAN NOT NULL DEFAULT false,
    "mandateId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "lastSyncedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DeferredOrderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deferredOrderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "variantId" TEXT,
    "quantity" INTEGER NOT NULL,
    "sellingPlanId" TEXT,
    "offerId" TEXT,
    CONSTRAINT "DeferredOrderLine_deferredOrderId_fkey" FOREIGN KEY ("deferredOrderId") REFERENCES "DeferredOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_paymentScheduleId_idx" ON "DeferredOrder"("shop", "paymentScheduleId");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_status_dueAt_idx" ON "DeferredOrder"("shop", "status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeferredOrder_shop_orderId_key" ON "DeferredOrder"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "DeferredOrder_shop_paymentTermsId_key" ON "DeferredOrder"("shop", "paymentTermsId");

-- CreateIndex
CREATE UNIQUE INDEX "DeferredOrderLine_deferredOrderId_lineItemId_key" ON "DeferredOrderLine"("deferredOrderId", "lineItemId");

