-- The language a donor gave in, kept for every email to them afterwards.
ALTER TABLE "Donor" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Pledge" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';

-- Staff-kept exchange rates, for gifts in a currency other than their appeal's.
CREATE TABLE "ExchangeRate" (
    "id" TEXT NOT NULL,
    "base" CHAR(3) NOT NULL,
    "quote" CHAR(3) NOT NULL,
    "rate" DECIMAL(24,12) NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "ExchangeRate_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ExchangeRate_base_quote_effectiveAt_idx" ON "ExchangeRate"("base", "quote", "effectiveAt");
