-- AlterTable
ALTER TABLE "DeferredOrder" ADD COLUMN     "returnInProgress" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "DueDateChange" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "paymentTermsId" TEXT NOT NULL,
    "fromDueAt" TIMESTAMP(3),
    "toDueAt" TIMESTAMP(3) NOT NULL,
    "earlier" BOOLEAN NOT NULL,
    "confirmedEarlier" BOOLEAN NOT NULL DEFAULT false,
    "staffUserId" TEXT,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DueDateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackfillRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "cursor" TEXT,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersTaken" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackfillRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DueDateChange_shop_orderId_createdAt_idx" ON "DueDateChange"("shop", "orderId", "createdAt");

-- CreateIndex
CREATE INDEX "BackfillRun_shop_createdAt_idx" ON "BackfillRun"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "BackfillRun_status_leaseUntil_idx" ON "BackfillRun"("status", "leaseUntil");

