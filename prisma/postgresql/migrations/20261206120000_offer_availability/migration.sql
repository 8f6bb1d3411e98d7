-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "salesEndsAt" TIMESTAMP(3),
ADD COLUMN     "salesStartsAt" TIMESTAMP(3);

