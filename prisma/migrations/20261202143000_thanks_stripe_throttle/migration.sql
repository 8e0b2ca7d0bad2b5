-- The thank-you page asks Stripe about a Checkout Session at most once per interval.
ALTER TABLE "Pledge" ADD COLUMN "stripeSessionCheckedAt" TIMESTAMP(3);
