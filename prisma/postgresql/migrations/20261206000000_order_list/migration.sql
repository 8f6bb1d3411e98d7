-- AlterTable
ALTER TABLE "DeferredOrder" ADD COLUMN     "chargeStatus" TEXT,
ADD COLUMN     "customerEmail" TEXT,
ADD COLUMN     "dueSortAt" TIMESTAMP(3) NOT NULL DEFAULT '9999-12-31 00:00:00 +00:00',
ADD COLUMN     "fulfillmentStatus" TEXT,
ADD COLUMN     "needsAttention" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "orderCreatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "paymentMethod" TEXT,
ADD COLUMN     "refundedMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "DeferredOrderLine" ADD COLUMN     "imageUrl" TEXT,
ADD COLUMN     "title" TEXT,
ADD COLUMN     "unitPriceMinor" BIGINT,
ADD COLUMN     "variantTitle" TEXT;

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_dueSortAt_id_idx" ON "DeferredOrder"("shop", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_status_dueSortAt_id_idx" ON "DeferredOrder"("shop", "status", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_balanceDueMinor_id_idx" ON "DeferredOrder"("shop", "balanceDueMinor", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_orderCreatedAt_id_idx" ON "DeferredOrder"("shop", "orderCreatedAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_chargeStatus_dueSortAt_id_idx" ON "DeferredOrder"("shop", "chargeStatus", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_needsAttention_dueSortAt_id_idx" ON "DeferredOrder"("shop", "needsAttention", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_category_dueSortAt_id_idx" ON "DeferredOrder"("shop", "category", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_currency_dueSortAt_id_idx" ON "DeferredOrder"("shop", "currency", "dueSortAt", "id");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_orderName_idx" ON "DeferredOrder"("shop", "orderName");

-- CreateIndex
CREATE INDEX "BalanceCharge_shop_status_collectedAt_idx" ON "BalanceCharge"("shop", "status", "collectedAt");

-- CreateIndex
CREATE INDEX "ChargeAttempt_shop_number_status_idx" ON "ChargeAttempt"("shop", "number", "status");


-- Existing rows: the list's columns from what is stored (the next sync of each order rewrites them from Shopify).
UPDATE "DeferredOrder" SET
  "dueSortAt" = COALESCE("dueAt", '9999-12-31 00:00:00'),
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
