-- What each gift counts toward its appeal, in the appeal's currency (docs/decisions/0021).

CREATE TYPE "ConversionSource" AS ENUM ('SAME', 'SETTLED', 'ESTIMATED', 'MISSING');

ALTER TABLE "Gift"
  ADD COLUMN "convertedCurrency" CHAR(3),
  ADD COLUMN "convertedAmountMinor" INTEGER,
  ADD COLUMN "conversionRate" DECIMAL(24,12),
  ADD COLUMN "conversionSource" "ConversionSource",
  ADD COLUMN "conversionRateId" TEXT;

-- Backfill. Until now every appeal counted gifts in its own currency, so existing gifts are
-- SAME. A gift in another currency that settled in the appeal's currency takes Stripe's figure;
-- any other waits for a staff rate (counted at zero), and its appeal's total is corrected below.
UPDATE "Gift" g SET
  "convertedCurrency" = c."currency",
  "convertedAmountMinor" = CASE
    WHEN g."currency" = c."currency" THEN g."amountMinor"
    WHEN g."settlementCurrency" = c."currency" THEN g."settlementAmountMinor"
    ELSE 0 END,
  "conversionRate" = CASE
    WHEN g."currency" <> c."currency" AND g."settlementCurrency" = c."currency"
    THEN g."exchangeRate" END,
  "conversionSource" = (CASE
    WHEN g."currency" = c."currency" THEN 'SAME'
    WHEN g."settlementCurrency" = c."currency" AND g."settlementAmountMinor" IS NOT NULL
    THEN 'SETTLED'
    ELSE 'MISSING' END)::"ConversionSource"
FROM "Campaign" c WHERE c."id" = g."campaignId";

-- Totals had counted such gifts at their own amount; move them to the converted one (the
-- counted share after refunds and lost disputes; SQL rounds halves up, a one-off for history),
-- and flag the waiting ones.
WITH moved AS (
  SELECT g."campaignId",
    sum(GREATEST(0, g."amountMinor" - g."refundedMinor" - g."disputeLostMinor")) AS "before",
    sum(CASE WHEN g."amountMinor" = 0 THEN 0 ELSE round(
      g."convertedAmountMinor"::numeric
        * GREATEST(0, g."amountMinor" - g."refundedMinor" - g."disputeLostMinor")
        / g."amountMinor") END) AS "after"
  FROM "Gift" g WHERE g."conversionSource" <> 'SAME'
  GROUP BY g."campaignId"
)
UPDATE "CampaignTotals" t SET
  "raisedMinor" = GREATEST(0, t."raisedMinor" - moved."before" + moved."after"),
  "updatedAt" = now()
FROM moved WHERE t."campaignId" = moved."campaignId";

ALTER TABLE "Gift"
  ALTER COLUMN "convertedCurrency" SET NOT NULL,
  ALTER COLUMN "convertedAmountMinor" SET NOT NULL,
  ALTER COLUMN "conversionSource" SET NOT NULL;

ALTER TABLE "Gift" ADD CONSTRAINT "Gift_conversionRateId_fkey" FOREIGN KEY ("conversionRateId")
  REFERENCES "ExchangeRate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "CampaignTotals" ADD COLUMN "estimatedGiftCount" INTEGER NOT NULL DEFAULT 0;

UPDATE "CampaignTotals" t SET "estimatedGiftCount" = w."waiting"
FROM (
  SELECT "campaignId", count(*)::int AS "waiting" FROM "Gift"
  WHERE "conversionSource" = 'MISSING'
    AND "amountMinor" - "refundedMinor" - "disputeLostMinor" > 0
  GROUP BY "campaignId"
) w WHERE t."campaignId" = w."campaignId";
