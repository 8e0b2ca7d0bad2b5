-- CreateEnum
CREATE TYPE "Fund" AS ENUM ('RESCUE', 'NUTRITION', 'MEDICAL', 'SHELTER', 'SURVIVORS', 'RESETTLEMENT');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CLOSED', 'ARCHIVED');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "story" TEXT NOT NULL,
    "fund" "Fund" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "goalMinor" BIGINT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuggestedAmount" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "impact" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "SuggestedAmount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTotals" (
    "campaignId" TEXT NOT NULL,
    "raisedMinor" BIGINT NOT NULL DEFAULT 0,
    "giftCount" INTEGER NOT NULL DEFAULT 0,
    "donorCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTotals_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");

-- CreateIndex
CREATE INDEX "Campaign_status_featured_idx" ON "Campaign"("status", "featured");

-- CreateIndex
CREATE INDEX "Campaign_fund_status_idx" ON "Campaign"("fund", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SuggestedAmount_campaignId_position_key" ON "SuggestedAmount"("campaignId", "position");

-- AddForeignKey
ALTER TABLE "SuggestedAmount" ADD CONSTRAINT "SuggestedAmount_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTotals" ADD CONSTRAINT "CampaignTotals_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Money invariants, enforced by the database as well as the application
-- (docs/decisions/0001-money-in-minor-units.md).
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_goalMinor_check" CHECK ("goalMinor" > 0);
ALTER TABLE "SuggestedAmount" ADD CONSTRAINT "SuggestedAmount_amountMinor_check" CHECK ("amountMinor" > 0);
ALTER TABLE "CampaignTotals" ADD CONSTRAINT "CampaignTotals_counts_check"
  CHECK ("raisedMinor" >= 0 AND "giftCount" >= 0 AND "donorCount" >= 0 AND "donorCount" <= "giftCount");
