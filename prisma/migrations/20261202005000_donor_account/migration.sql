-- The donor's giving account (no password): sessions, single-use sign-in links, revocable
-- receipt links and a donor-level unsubscribe from appeal updates.

-- AlterTable
ALTER TABLE "Donor" ADD COLUMN     "linkGeneration" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updatesOptOutAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DonorSession" (
    "id" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "DonorSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DonorSignInToken" (
    "id" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "DonorSignInToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DonorSession_donorId_idx" ON "DonorSession"("donorId");

-- CreateIndex
CREATE INDEX "DonorSession_expiresAt_idx" ON "DonorSession"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DonorSignInToken_tokenHash_key" ON "DonorSignInToken"("tokenHash");

-- CreateIndex
CREATE INDEX "DonorSignInToken_donorId_idx" ON "DonorSignInToken"("donorId");

-- CreateIndex
CREATE INDEX "DonorSignInToken_expiresAt_idx" ON "DonorSignInToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "DonorSession" ADD CONSTRAINT "DonorSession_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonorSignInToken" ADD CONSTRAINT "DonorSignInToken_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The queue of sign-in emails (app/modules/jobs/queue.server.ts).
SELECT pgboss.create_queue('donor-sign-in-email', '{"policy":"standard"}');
