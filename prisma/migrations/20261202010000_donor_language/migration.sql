-- The language a donor gave in, kept for every email to them afterwards.
ALTER TABLE "Donor" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Pledge" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';
