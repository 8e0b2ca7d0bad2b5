-- Card-testing defences (docs/decisions/0024-card-testing-defences.md).
CREATE TABLE "GivingGuard" (
    "scope" TEXT NOT NULL,
    "pausedByStaff" BOOLEAN NOT NULL DEFAULT false,
    "autoPausedUntil" TIMESTAMP(3),
    "challengeUntil" TIMESTAMP(3),
    "challengeAlways" BOOLEAN NOT NULL DEFAULT false,
    "lastAlarm" TEXT,
    "lastAlarmAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GivingGuard_pkey" PRIMARY KEY ("scope")
);

CREATE TABLE "SpentChallenge" (
    "signature" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpentChallenge_pkey" PRIMARY KEY ("signature")
);

CREATE INDEX "SpentChallenge_expiresAt_idx" ON "SpentChallenge"("expiresAt");

-- The alarm email's queue (app/modules/jobs/queue.server.ts), so that sends work before a worker starts.
SELECT pgboss.create_queue('giving-alarm-email', '{"policy":"standard"}');
