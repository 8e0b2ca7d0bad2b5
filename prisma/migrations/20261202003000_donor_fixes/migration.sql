-- Annual giving: a yearly Stripe subscription, handled like a monthly one.
ALTER TYPE "Frequency" ADD VALUE 'ANNUAL';
