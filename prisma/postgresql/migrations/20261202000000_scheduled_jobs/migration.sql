-- DropIndex
DROP INDEX "WebhookEvent_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "BackfillRun_status_leaseUntil_idx";

-- AlterTable
ALTER TABLE "BackfillRun" DROP COLUMN "leaseUntil";

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScheduledJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduledJob_status_dueAt_idx" ON "ScheduledJob"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ScheduledJob_status_leaseUntil_idx" ON "ScheduledJob"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledJob_shop_kind_subject_key" ON "ScheduledJob"("shop", "kind", "subject");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_receivedAt_idx" ON "WebhookEvent"("shop", "receivedAt");


-- Deliveries and backfill runs still waiting become scheduled work (their retry times are kept).
INSERT INTO "ScheduledJob" ("id", "shop", "kind", "subject", "status", "dueAt", "attempts", "failures", "createdAt", "updatedAt")
SELECT 'mig' || md5(random()::text || "id"), "shop", 'WEBHOOK', "id", 'SCHEDULED', COALESCE("nextAttemptAt", "receivedAt"),
       "attempts", "attempts", "receivedAt", "receivedAt"
FROM "WebhookEvent" WHERE "status" IN ('RECEIVED', 'FAILED', 'PROCESSING');
UPDATE "WebhookEvent" SET "status" = 'FAILED' WHERE "status" = 'PROCESSING';
INSERT INTO "ScheduledJob" ("id", "shop", "kind", "subject", "status", "dueAt", "attempts", "failures", "createdAt", "updatedAt")
SELECT 'mig' || md5(random()::text || "id"), "shop", 'BACKFILL', "id", 'SCHEDULED', "updatedAt", "attempts", 0,
       "createdAt", "updatedAt"
FROM "BackfillRun" WHERE "status" IN ('QUEUED', 'RUNNING');
UPDATE "BackfillRun" SET "status" = 'QUEUED' WHERE "status" = 'RUNNING';
