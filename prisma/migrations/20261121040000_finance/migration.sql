-- CreateEnum
CREATE TYPE "GiftSource" AS ENUM ('STRIPE', 'OFFLINE');

-- CreateEnum
CREATE TYPE "ReceiptStatus" AS ENUM ('ISSUED', 'VOID');

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('PENDING', 'EXCEPTIONS', 'RECONCILED');

-- CreateEnum
CREATE TYPE "MatchStatus" AS ENUM ('MATCHED', 'OVERHEAD', 'MANUAL', 'UNMATCHED', 'MISMATCHED');

-- CreateEnum
CREATE TYPE "ExceptionStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "CommitmentStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- DropIndex
DROP INDEX "Gift_campaignId_receivedAt_idx";

-- DropIndex
DROP INDEX "Receipt_giftId_key";

-- AlterTable
ALTER TABLE "Dispute" ADD COLUMN     "feeCurrency" CHAR(3),
ADD COLUMN     "feeMinor" INTEGER,
ADD COLUMN     "withdrawnMinor" INTEGER;

-- AlterTable
ALTER TABLE "Gift" ADD COLUMN     "commitmentId" TEXT,
ADD COLUMN     "disputeFeeMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "exchangeRate" DECIMAL(24,12),
ADD COLUMN     "offlineReference" TEXT,
ADD COLUMN     "recordedById" TEXT,
ADD COLUMN     "settlementAmountMinor" INTEGER,
ADD COLUMN     "settlementCurrency" CHAR(3),
ADD COLUMN     "source" "GiftSource" NOT NULL DEFAULT 'STRIPE',
ALTER COLUMN "stripePaymentIntentId" DROP NOT NULL;

-- AlterTable (receipts issued before this migration get their amount and donor filled in below)
ALTER TABLE "Receipt" ADD COLUMN     "amountMinor" INTEGER,
ADD COLUMN     "currency" CHAR(3),
ADD COLUMN     "donorEmail" TEXT,
ADD COLUMN     "donorName" TEXT,
ADD COLUMN     "emailMessageId" TEXT,
ADD COLUMN     "emailSubject" TEXT,
ADD COLUMN     "emailText" TEXT,
ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "replacesId" TEXT,
ADD COLUMN     "status" "ReceiptStatus" NOT NULL DEFAULT 'ISSUED',
ADD COLUMN     "voidReason" TEXT,
ADD COLUMN     "voidedAt" TIMESTAMP(3);

UPDATE "Receipt" r SET "amountMinor" = g."amountMinor" - g."refundedMinor",
  "currency" = g."currency", "donorEmail" = d."email", "donorName" = d."name"
FROM "Gift" g JOIN "Donor" d ON d."id" = g."donorId" WHERE g."id" = r."giftId";
ALTER TABLE "Receipt" ALTER COLUMN "amountMinor" SET NOT NULL,
  ALTER COLUMN "currency" SET NOT NULL, ALTER COLUMN "donorEmail" SET NOT NULL;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "requestedByEmail" TEXT,
ADD COLUMN     "requestedById" TEXT,
ADD COLUMN     "stripeBalanceTransactionId" TEXT;

-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "arrivalDate" TIMESTAMP(3) NOT NULL,
    "automatic" BOOLEAN NOT NULL,
    "method" TEXT,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "stripeBalanceTransactionId" TEXT,
    "stripeCreatedAt" TIMESTAMP(3) NOT NULL,
    "chargesMinor" INTEGER NOT NULL DEFAULT 0,
    "feesMinor" INTEGER NOT NULL DEFAULT 0,
    "refundsMinor" INTEGER NOT NULL DEFAULT 0,
    "disputesMinor" INTEGER NOT NULL DEFAULT 0,
    "otherMinor" INTEGER NOT NULL DEFAULT 0,
    "reconciliation" "ReconciliationStatus" NOT NULL DEFAULT 'PENDING',
    "reconciledAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BalanceTransaction" (
    "id" TEXT NOT NULL,
    "payoutId" TEXT,
    "type" TEXT NOT NULL,
    "reportingCategory" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "feeMinor" INTEGER NOT NULL,
    "netMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "exchangeRate" DECIMAL(24,12),
    "sourceId" TEXT,
    "description" TEXT,
    "status" TEXT NOT NULL,
    "availableOn" TIMESTAMP(3) NOT NULL,
    "stripeCreatedAt" TIMESTAMP(3) NOT NULL,
    "match" "MatchStatus" NOT NULL DEFAULT 'UNMATCHED',
    "giftId" TEXT,
    "refundId" TEXT,
    "disputeId" TEXT,

    CONSTRAINT "BalanceTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationException" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "balanceTransactionId" TEXT,
    "reason" TEXT NOT NULL,
    "status" "ExceptionStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "note" TEXT,
    "resolvedById" TEXT,
    "resolvedByEmail" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeCommitment" (
    "id" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "instalmentCount" INTEGER NOT NULL,
    "intervalMonths" INTEGER NOT NULL DEFAULT 1,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "status" "CommitmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PledgeCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnualStatement" (
    "id" TEXT NOT NULL,
    "donorId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "totals" JSONB NOT NULL,
    "giftCount" INTEGER NOT NULL,
    "pdf" BYTEA NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "jobId" TEXT,

    CONSTRAINT "AnnualStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "result" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Payout_stripeCreatedAt_idx" ON "Payout"("stripeCreatedAt");

-- CreateIndex
CREATE INDEX "Payout_reconciliation_idx" ON "Payout"("reconciliation");

-- CreateIndex
CREATE INDEX "BalanceTransaction_payoutId_idx" ON "BalanceTransaction"("payoutId");

-- CreateIndex
CREATE INDEX "BalanceTransaction_sourceId_idx" ON "BalanceTransaction"("sourceId");

-- CreateIndex
CREATE INDEX "BalanceTransaction_giftId_idx" ON "BalanceTransaction"("giftId");

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationException_key_key" ON "ReconciliationException"("key");

-- CreateIndex
CREATE INDEX "ReconciliationException_status_createdAt_idx" ON "ReconciliationException"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ReconciliationException_payoutId_idx" ON "ReconciliationException"("payoutId");

-- CreateIndex
CREATE INDEX "PledgeCommitment_donorId_idx" ON "PledgeCommitment"("donorId");

-- CreateIndex
CREATE INDEX "PledgeCommitment_campaignId_idx" ON "PledgeCommitment"("campaignId");

-- CreateIndex
CREATE INDEX "AnnualStatement_year_idx" ON "AnnualStatement"("year");

-- CreateIndex
CREATE UNIQUE INDEX "AnnualStatement_donorId_year_key" ON "AnnualStatement"("donorId", "year");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Job_kind_createdAt_idx" ON "Job"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Dispute_giftId_idx" ON "Dispute"("giftId");

-- CreateIndex
CREATE INDEX "Dispute_status_evidenceDueBy_idx" ON "Dispute"("status", "evidenceDueBy");

-- CreateIndex
CREATE INDEX "Gift_campaignId_receivedAt_id_idx" ON "Gift"("campaignId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Gift_receivedAt_id_idx" ON "Gift"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "Gift_status_receivedAt_id_idx" ON "Gift"("status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Gift_currency_receivedAt_id_idx" ON "Gift"("currency", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Gift_source_receivedAt_id_idx" ON "Gift"("source", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Gift_commitmentId_idx" ON "Gift"("commitmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_replacesId_key" ON "Receipt"("replacesId");

-- CreateIndex
CREATE INDEX "Receipt_giftId_idx" ON "Receipt"("giftId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Refund_giftId_idx" ON "Refund"("giftId");

-- CreateIndex
CREATE INDEX "Refund_createdAt_idx" ON "Refund"("createdAt");

-- AddForeignKey
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "PledgeCommitment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "Receipt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceTransaction" ADD CONSTRAINT "BalanceTransaction_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceTransaction" ADD CONSTRAINT "BalanceTransaction_giftId_fkey" FOREIGN KEY ("giftId") REFERENCES "Gift"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceTransaction" ADD CONSTRAINT "BalanceTransaction_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BalanceTransaction" ADD CONSTRAINT "BalanceTransaction_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationException" ADD CONSTRAINT "ReconciliationException_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationException" ADD CONSTRAINT "ReconciliationException_balanceTransactionId_fkey" FOREIGN KEY ("balanceTransactionId") REFERENCES "BalanceTransaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeCommitment" ADD CONSTRAINT "PledgeCommitment_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeCommitment" ADD CONSTRAINT "PledgeCommitment_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnualStatement" ADD CONSTRAINT "AnnualStatement_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ─── Invariants Prisma cannot express ───────────────────────────────────────────────────────

-- A Stripe gift has a PaymentIntent; an offline gift has none and says how it was paid.
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_source_check" CHECK (
  ("source" = 'STRIPE' AND "stripePaymentIntentId" IS NOT NULL)
  OR ("source" = 'OFFLINE' AND "stripePaymentIntentId" IS NULL
      AND "paymentMethod" IN ('cheque', 'bank_transfer', 'cash')));
ALTER TABLE "Gift" ADD CONSTRAINT "Gift_settlement_check" CHECK (
  ("settlementCurrency" IS NULL OR "settlementCurrency" ~ '^[A-Z]{3}$')
  AND "disputeFeeMinor" >= 0 AND ("exchangeRate" IS NULL OR "exchangeRate" > 0));

ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_money_check" CHECK (
  "amountMinor" >= 0 AND "currency" ~ '^[A-Z]{3}$'
  AND (("status" = 'VOID') = ("voidedAt" IS NOT NULL)));
-- At most one valid receipt per gift; voided ones stay, linked from their replacement.
CREATE UNIQUE INDEX "Receipt_one_issued_per_gift" ON "Receipt"("giftId") WHERE "status" = 'ISSUED';

-- Receipts are immutable records: never deleted; an update may only void an issued receipt,
-- or fill in its PDF and the email it was sent in, once each.
CREATE FUNCTION "receipt_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Receipts are never deleted (receipt %)', OLD."number";
  END IF;
  IF NEW."id" IS DISTINCT FROM OLD."id" OR NEW."number" IS DISTINCT FROM OLD."number"
    OR NEW."year" IS DISTINCT FROM OLD."year" OR NEW."sequence" IS DISTINCT FROM OLD."sequence"
    OR NEW."giftId" IS DISTINCT FROM OLD."giftId" OR NEW."amountMinor" IS DISTINCT FROM OLD."amountMinor"
    OR NEW."currency" IS DISTINCT FROM OLD."currency" OR NEW."donorName" IS DISTINCT FROM OLD."donorName"
    OR NEW."donorEmail" IS DISTINCT FROM OLD."donorEmail" OR NEW."replacesId" IS DISTINCT FROM OLD."replacesId"
    OR NEW."issuedAt" IS DISTINCT FROM OLD."issuedAt" THEN
    RAISE EXCEPTION 'Receipt % is immutable: issue a corrected receipt instead', OLD."number";
  END IF;
  IF OLD."status" = 'VOID' AND NEW."status" <> 'VOID' THEN
    RAISE EXCEPTION 'Receipt % is void and stays void', OLD."number";
  END IF;
  IF OLD."status" = 'VOID' AND (NEW."voidedAt" IS DISTINCT FROM OLD."voidedAt"
    OR NEW."voidReason" IS DISTINCT FROM OLD."voidReason") THEN
    RAISE EXCEPTION 'Receipt % was already voided', OLD."number";
  END IF;
  IF OLD."pdf" IS NOT NULL AND NEW."pdf" IS DISTINCT FROM OLD."pdf" THEN
    RAISE EXCEPTION 'Receipt % already has its PDF', OLD."number";
  END IF;
  IF OLD."emailedAt" IS NOT NULL AND (NEW."emailedAt" IS DISTINCT FROM OLD."emailedAt"
    OR NEW."emailMessageId" IS DISTINCT FROM OLD."emailMessageId"
    OR NEW."emailSubject" IS DISTINCT FROM OLD."emailSubject"
    OR NEW."emailText" IS DISTINCT FROM OLD."emailText") THEN
    RAISE EXCEPTION 'Receipt % was already emailed', OLD."number";
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Receipt_immutable" BEFORE UPDATE OR DELETE ON "Receipt"
  FOR EACH ROW EXECUTE FUNCTION "receipt_immutable"();

ALTER TABLE "Payout" ADD CONSTRAINT "Payout_money_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "BalanceTransaction" ADD CONSTRAINT "BalanceTransaction_money_check" CHECK (
  "currency" ~ '^[A-Z]{3}$' AND "netMinor" = "amountMinor" - "feeMinor");
ALTER TABLE "PledgeCommitment" ADD CONSTRAINT "PledgeCommitment_money_check" CHECK (
  "currency" ~ '^[A-Z]{3}$' AND "totalMinor" > 0 AND "instalmentCount" BETWEEN 1 AND 120
  AND "intervalMonths" BETWEEN 1 AND 12 AND "totalMinor" >= "instalmentCount");
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_note_check" CHECK ("note" IS NULL OR length(trim("note")) > 0);
