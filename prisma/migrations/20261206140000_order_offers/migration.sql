-- DropIndex
DROP INDEX "DeferredOrderLine_deferredOrderId_offerId_idx";

-- CreateTable
CREATE TABLE "DeferredOrderOffer" (
    "deferredOrderId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,

    PRIMARY KEY ("deferredOrderId", "offerId"),
    CONSTRAINT "DeferredOrderOffer_deferredOrderId_fkey" FOREIGN KEY ("deferredOrderId") REFERENCES "DeferredOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DeferredOrderOffer_shop_offerId_deferredOrderId_idx" ON "DeferredOrderOffer"("shop", "offerId", "deferredOrderId");


-- Backfill: the offers of the orders stored so far, from their lines
INSERT INTO "DeferredOrderOffer" ("deferredOrderId", "shop", "offerId")
SELECT DISTINCT l."deferredOrderId", o."shop", l."offerId"
FROM "DeferredOrderLine" l JOIN "DeferredOrder" o ON o."id" = l."deferredOrderId"
WHERE l."offerId" IS NOT NULL;

