-- AlterTable
ALTER TABLE "ScheduledJob" ADD COLUMN     "wakeAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "BalanceCharge" ADD COLUMN     "attention" TEXT,
ADD COLUMN     "attentionMessage" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ChargeAttempt" ADD COLUMN     "collectedMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "transactionIds" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "unclearSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChargeRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "staffMemberId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "outcome" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "ChargeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChargeRequest_shop_chargeId_status_idx" ON "ChargeRequest"("shop", "chargeId", "status");

-- AddForeignKey
ALTER TABLE "ChargeRequest" ADD CONSTRAINT "ChargeRequest_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "BalanceCharge"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Attempts that succeeded before the ledger read Shopify's transactions: what they asked is what they collected
UPDATE "ChargeAttempt" SET "collectedMinor" = "amountMinor" WHERE "status" = 'SUCCEEDED';
