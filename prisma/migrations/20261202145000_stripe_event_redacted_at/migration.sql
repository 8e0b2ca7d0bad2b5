ALTER TABLE "StripeEvent" ADD COLUMN "redactedAt" TIMESTAMP(3);
