-- Suggested amounts per currency: existing rows are in their appeal's own currency.
ALTER TABLE "SuggestedAmount" ADD COLUMN "currency" CHAR(3);
UPDATE "SuggestedAmount" AS s SET "currency" = c."currency" FROM "Campaign" AS c WHERE c."id" = s."campaignId";
ALTER TABLE "SuggestedAmount" ALTER COLUMN "currency" SET NOT NULL;

DROP INDEX "SuggestedAmount_campaignId_position_key";
CREATE UNIQUE INDEX "SuggestedAmount_campaignId_currency_position_key" ON "SuggestedAmount"("campaignId", "currency", "position");
