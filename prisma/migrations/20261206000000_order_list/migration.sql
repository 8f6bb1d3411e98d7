-- AlterTable
ALTER TABLE "DeferredOrderLine" ADD COLUMN "imageUrl" TEXT;
ALTER TABLE "DeferredOrderLine" ADD COLUMN "title" TEXT;
ALTER TABLE "DeferredOrderLine" ADD COLUMN "unitPriceMinor" BIGINT;
ALTER TABLE "DeferredOrderLine" ADD COLUMN "variantTitle" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DeferredOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "customerName" TEXT,
    "customerEmail" TEXT,
    "orderCreatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "searchText" TEXT NOT NULL DEFAULT '',
    "shopCurrency" TEXT NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "receivedMinor" BIGINT NOT NULL,
    "balanceDueMinor" BIGINT NOT NULL,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "paymentTermsId" TEXT,
    "paymentTermsType" TEXT,
    "paymentScheduleId" TEXT,
    "dueAt" DATETIME,
    "dueOnFulfillment" BOOLEAN NOT NULL DEFAULT false,
    "dueSortAt" DATETIME NOT NULL DEFAULT '9999-12-31 00:00:00 +00:00',
    "mandateId" TEXT,
    "paymentMethod" TEXT,
    "fulfillmentStatus" TEXT,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "returnInProgress" BOOLEAN NOT NULL DEFAULT false,
    "chargeStatus" TEXT,
    "needsAttention" BOOLEAN NOT NULL DEFAULT false,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "lastSyncedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DeferredOrder" ("balanceDueMinor", "category", "createdAt", "currency", "customerId", "customerName", "dueAt", "dueOnFulfillment", "id", "lastSyncedAt", "mandateId", "orderId", "orderName", "paymentScheduleId", "paymentTermsId", "paymentTermsType", "presentmentCurrency", "receivedMinor", "returnInProgress", "shop", "shopCurrency", "shopifyUpdatedAt", "status", "totalMinor", "updatedAt") SELECT "balanceDueMinor", "category", "createdAt", "currency", "customerId", "customerName", "dueAt", "dueOnFulfillment", "id", "lastSyncedAt", "mandateId", "orderId", "orderName", "paymentScheduleId", "paymentTermsId", "paymentTermsType", "presentmentCurrency", "receivedMinor", "returnInProgress", "shop", "shopCurrency", "shopifyUpdatedAt", "status", "totalMinor", "updatedAt" FROM "DeferredOrder";
DROP TABLE "DeferredOrder";
ALTER TABLE "new_DeferredOrder" RENAME TO "DeferredOrder";
CREATE INDEX "DeferredOrder_shop_paymentScheduleId_idx" ON "DeferredOrder"("shop", "paymentScheduleId");
CREATE INDEX "DeferredOrder_shop_status_dueAt_idx" ON "DeferredOrder"("shop", "status", "dueAt");
CREATE INDEX "DeferredOrder_shop_dueSortAt_id_idx" ON "DeferredOrder"("shop", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_status_dueSortAt_id_idx" ON "DeferredOrder"("shop", "status", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_balanceDueMinor_id_idx" ON "DeferredOrder"("shop", "balanceDueMinor", "id");
CREATE INDEX "DeferredOrder_shop_orderCreatedAt_id_idx" ON "DeferredOrder"("shop", "orderCreatedAt", "id");
CREATE INDEX "DeferredOrder_shop_chargeStatus_dueSortAt_id_idx" ON "DeferredOrder"("shop", "chargeStatus", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_needsAttention_dueSortAt_id_idx" ON "DeferredOrder"("shop", "needsAttention", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_category_dueSortAt_id_idx" ON "DeferredOrder"("shop", "category", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_currency_dueSortAt_id_idx" ON "DeferredOrder"("shop", "currency", "dueSortAt", "id");
CREATE INDEX "DeferredOrder_shop_orderName_idx" ON "DeferredOrder"("shop", "orderName");
CREATE UNIQUE INDEX "DeferredOrder_shop_orderId_key" ON "DeferredOrder"("shop", "orderId");
CREATE UNIQUE INDEX "DeferredOrder_shop_paymentTermsId_key" ON "DeferredOrder"("shop", "paymentTermsId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BalanceCharge_shop_status_collectedAt_idx" ON "BalanceCharge"("shop", "status", "collectedAt");

-- CreateIndex
CREATE INDEX "ChargeAttempt_shop_number_status_idx" ON "ChargeAttempt"("shop", "number", "status");


-- Existing rows: the list's columns from what is stored (the next sync of each order rewrites them from Shopify).
UPDATE "DeferredOrder" SET
  "dueSortAt" = COALESCE("dueAt", '9999-12-31T00:00:00.000+00:00'),
  "orderCreatedAt" = "createdAt",
  "searchText" = lower("orderName" || ' ' || COALESCE("customerName", '')),
  "chargeStatus" = (
    SELECT bc."status" FROM "BalanceCharge" bc
    WHERE bc."shop" = "DeferredOrder"."shop" AND bc."orderId" = "DeferredOrder"."orderId"
    ORDER BY bc."createdAt" DESC LIMIT 1
  ),
  "needsAttention" = EXISTS (
    SELECT 1 FROM "BalanceCharge" bc
    WHERE bc."shop" = "DeferredOrder"."shop" AND bc."orderId" = "DeferredOrder"."orderId" AND bc."needsAttention"
  );
