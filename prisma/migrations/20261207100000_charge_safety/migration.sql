-- AlterTable
ALTER TABLE "ScheduledJob" ADD COLUMN "wakeAt" DATETIME;

-- CreateTable
CREATE TABLE "ChargeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "staffMemberId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "outcome" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "settledAt" DATETIME,
    CONSTRAINT "ChargeRequest_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "BalanceCharge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BalanceCharge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "paymentScheduleId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "expectedMinor" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "dueAt" DATETIME,
    "offerId" TEXT,
    "policy" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedBy" TEXT,
    "closedReason" TEXT,
    "needsAttention" BOOLEAN NOT NULL DEFAULT false,
    "attention" TEXT,
    "attentionMessage" TEXT,
    "collectedMinor" BIGINT NOT NULL DEFAULT 0,
    "collectedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_BalanceCharge" ("closedReason", "collectedAt", "collectedMinor", "createdAt", "currency", "dueAt", "expectedMinor", "id", "needsAttention", "offerId", "orderId", "orderName", "paymentScheduleId", "policy", "requestedBy", "shop", "status", "trigger", "updatedAt") SELECT "closedReason", "collectedAt", "collectedMinor", "createdAt", "currency", "dueAt", "expectedMinor", "id", "needsAttention", "offerId", "orderId", "orderName", "paymentScheduleId", "policy", "requestedBy", "shop", "status", "trigger", "updatedAt" FROM "BalanceCharge";
DROP TABLE "BalanceCharge";
ALTER TABLE "new_BalanceCharge" RENAME TO "BalanceCharge";
CREATE INDEX "BalanceCharge_shop_status_dueAt_idx" ON "BalanceCharge"("shop", "status", "dueAt");
CREATE INDEX "BalanceCharge_shop_orderId_idx" ON "BalanceCharge"("shop", "orderId");
CREATE INDEX "BalanceCharge_shop_status_collectedAt_currency_collectedMinor_idx" ON "BalanceCharge"("shop", "status", "collectedAt", "currency", "collectedMinor");
CREATE UNIQUE INDEX "BalanceCharge_shop_paymentScheduleId_key" ON "BalanceCharge"("shop", "paymentScheduleId");
CREATE TABLE "new_ChargeAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountSent" BOOLEAN NOT NULL DEFAULT false,
    "mandateId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'CREATED',
    "paymentReferenceId" TEXT,
    "paymentStatus" TEXT,
    "errorMessage" TEXT,
    "sends" INTEGER NOT NULL DEFAULT 0,
    "polls" INTEGER NOT NULL DEFAULT 0,
    "unclearSince" DATETIME,
    "collectedMinor" BIGINT NOT NULL DEFAULT 0,
    "transactionIds" TEXT NOT NULL DEFAULT '[]',
    "startedBy" TEXT NOT NULL,
    "staffMemberId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ChargeAttempt_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "BalanceCharge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChargeAttempt" ("amountMinor", "amountSent", "chargeId", "createdAt", "currency", "errorMessage", "finishedAt", "id", "idempotencyKey", "mandateId", "number", "paymentReferenceId", "paymentStatus", "polls", "sends", "shop", "staffMemberId", "startedBy", "status") SELECT "amountMinor", "amountSent", "chargeId", "createdAt", "currency", "errorMessage", "finishedAt", "id", "idempotencyKey", "mandateId", "number", "paymentReferenceId", "paymentStatus", "polls", "sends", "shop", "staffMemberId", "startedBy", "status" FROM "ChargeAttempt";
DROP TABLE "ChargeAttempt";
ALTER TABLE "new_ChargeAttempt" RENAME TO "ChargeAttempt";
CREATE INDEX "ChargeAttempt_shop_number_status_idx" ON "ChargeAttempt"("shop", "number", "status");
CREATE UNIQUE INDEX "ChargeAttempt_shop_idempotencyKey_key" ON "ChargeAttempt"("shop", "idempotencyKey");
CREATE UNIQUE INDEX "ChargeAttempt_chargeId_number_key" ON "ChargeAttempt"("chargeId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ChargeRequest_shop_chargeId_status_idx" ON "ChargeRequest"("shop", "chargeId", "status");


-- Attempts that succeeded before the ledger read Shopify's transactions: what they asked is what they collected
UPDATE "ChargeAttempt" SET "collectedMinor" = "amountMinor" WHERE "status" = 'SUCCEEDED';
