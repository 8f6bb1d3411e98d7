-- CreateTable
CREATE TABLE "DueDateChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "paymentTermsId" TEXT NOT NULL,
    "fromDueAt" DATETIME,
    "toDueAt" DATETIME NOT NULL,
    "earlier" BOOLEAN NOT NULL,
    "confirmedEarlier" BOOLEAN NOT NULL DEFAULT false,
    "staffUserId" TEXT,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BackfillRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "cursor" TEXT,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersTaken" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

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
    "returnInProgress" BOOLEAN NOT NULL DEFAULT false,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "lastSyncedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DeferredOrder" ("balanceDueMinor", "category", "createdAt", "currency", "customerId", "customerName", "dueAt", "dueOnFulfillment", "id", "lastSyncedAt", "mandateId", "orderId", "orderName", "paymentScheduleId", "paymentTermsId", "paymentTermsType", "presentmentCurrency", "receivedMinor", "shop", "shopCurrency", "shopifyUpdatedAt", "status", "totalMinor", "updatedAt") SELECT "balanceDueMinor", "category", "createdAt", "currency", "customerId", "customerName", "dueAt", "dueOnFulfillment", "id", "lastSyncedAt", "mandateId", "orderId", "orderName", "paymentScheduleId", "paymentTermsId", "paymentTermsType", "presentmentCurrency", "receivedMinor", "shop", "shopCurrency", "shopifyUpdatedAt", "status", "totalMinor", "updatedAt" FROM "DeferredOrder";
DROP TABLE "DeferredOrder";
ALTER TABLE "new_DeferredOrder" RENAME TO "DeferredOrder";
CREATE INDEX "DeferredOrder_shop_paymentScheduleId_idx" ON "DeferredOrder"("shop", "paymentScheduleId");
CREATE INDEX "DeferredOrder_shop_status_dueAt_idx" ON "DeferredOrder"("shop", "status", "dueAt");
CREATE UNIQUE INDEX "DeferredOrder_shop_orderId_key" ON "DeferredOrder"("shop", "orderId");
CREATE UNIQUE INDEX "DeferredOrder_shop_paymentTermsId_key" ON "DeferredOrder"("shop", "paymentTermsId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DueDateChange_shop_orderId_createdAt_idx" ON "DueDateChange"("shop", "orderId", "createdAt");

-- CreateIndex
CREATE INDEX "BackfillRun_shop_createdAt_idx" ON "BackfillRun"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "BackfillRun_status_leaseUntil_idx" ON "BackfillRun"("status", "leaseUntil");

