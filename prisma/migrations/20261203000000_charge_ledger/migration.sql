-- CreateTable
CREATE TABLE "BalanceCharge" (
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
    "collectedMinor" BIGINT NOT NULL DEFAULT 0,
    "collectedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChargeAttempt" (
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
    "startedBy" TEXT NOT NULL,
    "staffMemberId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ChargeAttempt_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "BalanceCharge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChargeEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "attempt" INTEGER,
    "type" TEXT NOT NULL,
    "status" TEXT,
    "message" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ChargeEvent_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "BalanceCharge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BalanceCharge_shop_status_dueAt_idx" ON "BalanceCharge"("shop", "status", "dueAt");

-- CreateIndex
CREATE INDEX "BalanceCharge_shop_orderId_idx" ON "BalanceCharge"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "BalanceCharge_shop_paymentScheduleId_key" ON "BalanceCharge"("shop", "paymentScheduleId");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_shop_idempotencyKey_key" ON "ChargeAttempt"("shop", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_chargeId_number_key" ON "ChargeAttempt"("chargeId", "number");

-- CreateIndex
CREATE INDEX "ChargeEvent_chargeId_at_idx" ON "ChargeEvent"("chargeId", "at");

