-- DropIndex
DROP INDEX "BalanceCharge_shop_status_collectedAt_idx";

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_status_currency_dueSortAt_needsAttention_balanceDueMinor_idx" ON "DeferredOrder"("shop", "status", "currency", "dueSortAt", "needsAttention", "balanceDueMinor");

-- CreateIndex
CREATE INDEX "DeferredOrder_shop_searchText_id_idx" ON "DeferredOrder"("shop", "searchText", "id");

-- CreateIndex
CREATE INDEX "DeferredOrderLine_deferredOrderId_offerId_idx" ON "DeferredOrderLine"("deferredOrderId", "offerId");

-- CreateIndex
CREATE INDEX "BalanceCharge_shop_status_collectedAt_currency_collectedMinor_idx" ON "BalanceCharge"("shop", "status", "collectedAt", "currency", "collectedMinor");

