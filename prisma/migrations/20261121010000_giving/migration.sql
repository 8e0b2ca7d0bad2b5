-- CreateEnum
CREATE TYPE "Frequency" AS ENUM ('ONE_TIME', 'MONTHLY');

-- CreateEnum
CREATE TYPE "PledgeStatus" AS ENUM ('PENDING', 'AWAITING_PAYMENT', 'FULFILLED', 'FAILED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "Dedication" AS ENUM ('NONE', 'IN_HONOUR', 'IN_MEMORY');

-- CreateEnum
CREATE TYPE "GiftStatus" AS ENUM ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'DISPUTED', 'DISPUTE_LOST');

-- CreateEnum
CREATE TYPE "ModerationStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'SPAM');

-- CreateTable
CREATE TABLE "Donor" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "stripeCustomerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Donor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "feeCoverMinor" INTEGER NOT NULL DEFAULT 0,
    "totalMinor" INTEGER NOT NULL,
    "status" "PledgeStatus" NOT NULL DEFAULT 'PENDING',
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "displayName" TEXT,
    "showName" BOOLEAN NOT NULL DEFAULT false,
    "dedication" "Dedication" NOT NULL DEFAULT 'NONE',
    "dedicationName" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "stripeCheckoutSessionId" TEXT,
    "stripeSubscriptionId" TEXT,
    "subscriptionStatus" TEXT,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "currentPeriodEnd" TIMESTAMP(3),
    "checkoutExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Gift" (
    "id" TEXT NOT NULL,
    "pledgeId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "feeCoverMinor" INTEGER NOT NULL DEFAULT 0,
    "stripeFeeMinor" INTEGER,
    "netMinor" INTEGER,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "disputeLostMinor" INTEGER NOT NULL DEFAULT 0,
    "status" "GiftStatus" NOT NULL DEFAULT 'SUCCEEDED',
    "paymentMethod" TEXT,
    "stripeCheckoutSessionId" TEXT,
    "stripeInvoiceId" TEXT,
    "stripePaymentIntentId" TEXT NOT NULL,
    "stripeChargeId" TEXT,
    "stripeBalanceTransactionId" TEXT,
    "stripeSubscriptionId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Gift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "giftId" TEXT NOT NULL,
    "stripeRefundId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "giftId" TEXT NOT NULL,
    "stripeDisputeId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "evidenceDueBy" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignDonor" (
    "campaignId" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "activeGifts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CampaignDonor_pkey" PRIMARY KEY ("campaignId","donorId")
);

-- CreateTable
CREATE TABLE "DonorMessage" (
    "id" TEXT NOT NULL,
    "pledgeId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "displayName" TEXT,
    "body" TEXT,
    "status" "ModerationStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "moderatedAt" TIMESTAMP(3),

    CONSTRAINT "DonorMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Receipt" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "giftId" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailedAt" TIMESTAMP(3),

    CONSTRAINT "Receipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceiptSequence" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReceiptSequence_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "objectId" TEXT,
    "livemode" BOOLEAN NOT NULL,
    "apiVersion" TEXT,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "Donor_email_key" ON "Donor"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Donor_stripeCustomerId_key" ON "Donor"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_stripeCheckoutSessionId_key" ON "Pledge"("stripeCheckoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_stripeSubscriptionId_key" ON "Pledge"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "Pledge_status_checkoutExpiresAt_idx" ON "Pledge"("status", "checkoutExpiresAt");

-- CreateIndex
CREATE INDEX "Pledge_campaignId_createdAt_idx" ON "Pledge"("campaignId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Gift_stripeCheckoutSessionId_key" ON "Gift"("stripeCheckoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Gift_stripeInvoiceId_key" ON "Gift"("stripeInvoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Gift_stripePaymentIntentId_key" ON "Gift"("stripePaymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "Gift_stripeChargeId_key" ON "Gift"("stripeChargeId");

-- CreateIndex
CREATE INDEX "Gift_campaignId_receivedAt_idx" ON "Gift"("campaignId", "receivedAt");

-- CreateIndex
CREATE INDEX "Gift_donorId_idx" ON "Gift"("donorId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_stripeRefundId_key" ON "Refund"("stripeRefundId");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_stripeDisputeId_key" ON "Dispute"("stripeDisputeId");

-- CreateIndex
CREATE UNIQUE INDEX "DonorMessage_pledgeId_key" ON "DonorMessage"("pledgeId");

-- CreateIndex
CREATE INDEX "DonorMessage_campaignId_status_createdAt_idx" ON "DonorMessage"("campaignId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_number_key" ON "Receipt"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_giftId_key" ON "Receipt"("giftId");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_year_sequence_key" ON "Receipt"("year", "sequence");

-- CreateIndex
CREATE INDEX "StripeEvent_processedAt_nextAttemptAt_idx" ON "StripeEvent"("processedAt", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_giftId_fkey" FOREIGN KEY ("giftId") REFERENCES "Gift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_giftId_fkey" FOREIGN KEY ("giftId") REFERENCES "Gift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDonor" ADD CONSTRAINT "CampaignDonor_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDonor" ADD CONSTRAINT "CampaignDonor_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonorMessage" ADD CONSTRAINT "DonorMessage_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonorMessage" ADD CONSTRAINT "DonorMessage_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_giftId_fkey" FOREIGN KEY ("giftId") REFERENCES "Gift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Money invariants (docs/decisions/0001-money-in-minor-units.md).
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_money_check" CHECK (
  "currency" ~ '^[A-Z]{3}$' AND "amountMinor" > 0 AND "feeCoverMinor" >= 0
  AND "totalMinor" = "amountMinor" + "feeCoverMinor");
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_money_check" CHECK (
  "currency" ~ '^[A-Z]{3}$' AND "amountMinor" > 0 AND "feeCoverMinor" >= 0
  AND "refundedMinor" >= 0 AND "disputeLostMinor" >= 0
  AND "refundedMinor" + "disputeLostMinor" <= "amountMinor");
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_money_check" CHECK ("amountMinor" > 0 AND "currency" ~ '^[A-Z]{3}$');
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_money_check" CHECK ("amountMinor" > 0 AND "currency" ~ '^[A-Z]{3}$');
ALTER TABLE "CampaignDonor" ADD CONSTRAINT "CampaignDonor_activeGifts_check" CHECK ("activeGifts" >= 0);
ALTER TABLE "ReceiptSequence" ADD CONSTRAINT "ReceiptSequence_last_check" CHECK ("last" >= 0);
