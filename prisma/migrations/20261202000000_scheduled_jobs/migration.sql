-- DropIndex
DROP INDEX "WebhookEvent_status_nextAttemptAt_idx";

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "dueAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BackfillRun" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_BackfillRun" ("attempts", "createdAt", "cursor", "finishedAt", "id", "lastError", "ordersRead", "ordersTaken", "pages", "shop", "startedAt", "status", "trigger", "updatedAt") SELECT "attempts", "createdAt", "cursor", "finishedAt", "id", "lastError", "ordersRead", "ordersTaken", "pages", "shop", "startedAt", "status", "trigger", "updatedAt" FROM "BackfillRun";
DROP TABLE "BackfillRun";
ALTER TABLE "new_BackfillRun" RENAME TO "BackfillRun";
CREATE INDEX "BackfillRun_shop_createdAt_idx" ON "BackfillRun"("shop", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
SELECT 'mig' || lower(hex(randomblob(12))), "shop", 'WEBHOOK', "id", 'SCHEDULED', COALESCE("nextAttemptAt", "receivedAt"),
       "attempts", "attempts", "receivedAt", "receivedAt"
FROM "WebhookEvent" WHERE "status" IN ('RECEIVED', 'FAILED', 'PROCESSING');
UPDATE "WebhookEvent" SET "status" = 'FAILED' WHERE "status" = 'PROCESSING';
INSERT INTO "ScheduledJob" ("id", "shop", "kind", "subject", "status", "dueAt", "attempts", "failures", "createdAt", "updatedAt")
SELECT 'mig' || lower(hex(randomblob(12))), "shop", 'BACKFILL', "id", 'SCHEDULED', "updatedAt", "attempts", 0,
       "createdAt", "updatedAt"
FROM "BackfillRun" WHERE "status" IN ('QUEUED', 'RUNNING');
UPDATE "BackfillRun" SET "status" = 'QUEUED' WHERE "status" = 'RUNNING';
