-- Donors manage their own recurring gifts (change, annual, pause, card, cancel), failed
-- renewals are tracked, and every confirmation or failure email is owed exactly once.

-- IF NOT EXISTS: annual giving may already have added this value from the donate form's side.
ALTER TYPE "Frequency" ADD VALUE IF NOT EXISTS 'ANNUAL';

-- AlterTable
ALTER TABLE "Pledge" ADD COLUMN     "endedReason" TEXT,
ADD COLUMN     "failedAttemptCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failingInvoiceId" TEXT,
ADD COLUMN     "nextPaymentAttemptAt" TIMESTAMP(3),
ADD COLUMN     "pausedUntil" TIMESTAMP(3),
ADD COLUMN     "paymentFailedAt" TIMESTAMP(3),
ADD COLUMN     "subscriptionAmountMinor" INTEGER,
ADD COLUMN     "subscriptionInterval" TEXT;

-- CreateTable
CREATE TABLE "MonthlyGiftNotice" (
    "id" TEXT NOT NULL,
    "pledgeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "causeKey" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyGiftNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyGiftNotice_causeKey_key" ON "MonthlyGiftNotice"("causeKey");

-- CreateIndex
CREATE INDEX "MonthlyGiftNotice_pledgeId_createdAt_idx" ON "MonthlyGiftNotice"("pledgeId", "createdAt");

-- CreateIndex
CREATE INDEX "Pledge_subscriptionStatus_idx" ON "Pledge"("subscriptionStatus");

-- AddForeignKey
ALTER TABLE "MonthlyGiftNotice" ADD CONSTRAINT "MonthlyGiftNotice_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The queue for these emails (pg-boss; app/modules/jobs/queue.server.ts).
SELECT pgboss.create_queue('monthly-gift-notice', '{"policy":"standard"}');
