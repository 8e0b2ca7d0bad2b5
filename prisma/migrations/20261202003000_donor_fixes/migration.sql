-- Annual giving: a yearly Stripe subscription, handled like a monthly one.
ALTER TYPE "Frequency" ADD VALUE 'ANNUAL';

-- The name typed on the donate form stays on the pledge until it is paid.
ALTER TABLE "Pledge" ADD COLUMN "donorName" TEXT;

-- One Stripe Customer per donor: the customer of every pledge and payment is kept, so the
-- billing portal opens on the customer that holds the subscription.
ALTER TABLE "Pledge" ADD COLUMN "stripeCustomerId" TEXT;
ALTER TABLE "Gift" ADD COLUMN "stripeCustomerId" TEXT;

-- Dedications may notify someone, once, after the gift is paid.
ALTER TABLE "Pledge" ADD COLUMN "dedicationNotifyName" TEXT,
ADD COLUMN "dedicationNotifyEmail" TEXT,
ADD COLUMN "dedicationNotifyMessage" TEXT,
ADD COLUMN "dedicationNotifiedAt" TIMESTAMP(3),
ADD COLUMN "dedicationClaimedAt" TIMESTAMP(3);

-- Their queues (app/modules/jobs/queue.server.ts), so that sends work before a worker starts.
SELECT pgboss.create_queue('stripe-customers-repair', '{"policy":"short"}');
SELECT pgboss.create_queue('dedication-email', '{"policy":"short"}');
