-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "presaleClosedAt" TIMESTAMP(3),
ADD COLUMN     "selection" TEXT;

-- CreateTable
CREATE TABLE "OfferSale" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferSale_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OfferSale_shop_offerId_idx" ON "OfferSale"("shop", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferSale_shop_orderId_offerId_key" ON "OfferSale"("shop", "orderId", "offerId");

