-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "presaleClosedAt" DATETIME;
ALTER TABLE "Offer" ADD COLUMN "selection" TEXT;

-- CreateTable
CREATE TABLE "OfferSale" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "OfferSale_shop_offerId_idx" ON "OfferSale"("shop", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferSale_shop_orderId_offerId_key" ON "OfferSale"("shop", "orderId", "offerId");

