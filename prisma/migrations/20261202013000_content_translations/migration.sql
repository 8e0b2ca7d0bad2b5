-- Campaign texts in languages other than the default (English stays on the rows themselves):
-- one row per language, so a new language in app/i18n/locales.json needs no new column.
CREATE TABLE "CampaignTranslation" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "story" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CampaignTranslation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CampaignTranslation_campaignId_locale_key" ON "CampaignTranslation"("campaignId", "locale");
ALTER TABLE "CampaignTranslation" ADD CONSTRAINT "CampaignTranslation_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "SuggestedAmountTranslation" (
    "id" TEXT NOT NULL,
    "suggestedAmountId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "impact" TEXT NOT NULL,
    CONSTRAINT "SuggestedAmountTranslation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SuggestedAmountTranslation_suggestedAmountId_locale_key" ON "SuggestedAmountTranslation"("suggestedAmountId", "locale");
ALTER TABLE "SuggestedAmountTranslation" ADD CONSTRAINT "SuggestedAmountTranslation_suggestedAmountId_fkey" FOREIGN KEY ("suggestedAmountId") REFERENCES "SuggestedAmount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "CampaignUpdateTranslation" (
    "id" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CampaignUpdateTranslation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CampaignUpdateTranslation_updateId_locale_key" ON "CampaignUpdateTranslation"("updateId", "locale");
ALTER TABLE "CampaignUpdateTranslation" ADD CONSTRAINT "CampaignUpdateTranslation_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "CampaignUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
