-- Lawful erasure of a donor (docs/decisions/0026-donor-erasure.md).

-- AlterTable
ALTER TABLE "Donor" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "erasureNoticeSentAt" TIMESTAMP(3),
ADD COLUMN     "erasureRequestedAt" TIMESTAMP(3),
ADD COLUMN     "erasureRequestedBy" TEXT;

-- The pseudonym an erased donor's address becomes; receipts and audit entries may be rewritten
-- only to it. `.invalid` is reserved (RFC 2606): no mail can ever be delivered there.
CREATE FUNCTION "erased_donor_email"(donor_id text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'erased-' || donor_id || '@erased.invalid'
$$;

-- The donor being erased in this transaction (set with set_config(..., true) by the erasure,
-- app/modules/donors/erasure.server.ts), if they asked or were asked to be erased; else null.
CREATE FUNCTION "donor_being_erased"() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT d."id" FROM "Donor" d
  WHERE d."id" = nullif(current_setting('lantern.erasing_donor', true), '')
    AND d."erasureRequestedAt" IS NOT NULL
$$;

-- Receipts stay immutable, with one exception: erasing their donor. Then, and only then, the
-- printed name becomes null, the address becomes the donor's pseudonym, and the stored email
-- text and PDF are dropped (the PDF is drawn again from the row on the next download). Number,
-- amount, currency, gift, dates and status cannot change; each redaction is audit-logged by
-- receipt number and the donor's opaque id only.
CREATE OR REPLACE FUNCTION "receipt_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  erasing text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Receipts are never deleted (receipt %)', OLD."number";
  END IF;
  erasing := "donor_being_erased"();
  IF erasing IS NOT NULL
    AND EXISTS (SELECT 1 FROM "Gift" g WHERE g."id" = OLD."giftId" AND g."donorId" = erasing)
    AND (NEW."donorName" IS DISTINCT FROM OLD."donorName"
      OR NEW."donorEmail" IS DISTINCT FROM OLD."donorEmail"
      OR NEW."emailText" IS DISTINCT FROM OLD."emailText"
      OR NEW."emailSubject" IS DISTINCT FROM OLD."emailSubject"
      OR NEW."pdf" IS DISTINCT FROM OLD."pdf") THEN
    IF NEW."donorName" IS NOT NULL OR NEW."donorEmail" <> "erased_donor_email"(erasing)
      OR NEW."emailText" IS NOT NULL OR NEW."emailSubject" IS NOT NULL OR NEW."pdf" IS NOT NULL
      OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."number" IS DISTINCT FROM OLD."number"
      OR NEW."year" IS DISTINCT FROM OLD."year" OR NEW."sequence" IS DISTINCT FROM OLD."sequence"
      OR NEW."giftId" IS DISTINCT FROM OLD."giftId" OR NEW."status" IS DISTINCT FROM OLD."status"
      OR NEW."amountMinor" IS DISTINCT FROM OLD."amountMinor"
      OR NEW."currency" IS DISTINCT FROM OLD."currency"
      OR NEW."replacesId" IS DISTINCT FROM OLD."replacesId"
      OR NEW."voidedAt" IS DISTINCT FROM OLD."voidedAt"
      OR NEW."voidReason" IS DISTINCT FROM OLD."voidReason"
      OR NEW."emailMessageId" IS DISTINCT FROM OLD."emailMessageId"
      OR NEW."issuedAt" IS DISTINCT FROM OLD."issuedAt"
      OR NEW."emailedAt" IS DISTINCT FROM OLD."emailedAt"
      OR NEW."emailClaimedAt" IS DISTINCT FROM OLD."emailClaimedAt" THEN
      RAISE EXCEPTION 'Receipt %: erasure may only blank the donor''s details', OLD."number";
    END IF;
    INSERT INTO "AuditLog" ("id", "actorEmail", "action", "entityType", "entityId", "after")
    VALUES (gen_random_uuid()::text, 'erasure', 'receipt.donor_erased', 'Receipt', OLD."id",
      jsonb_build_object('number', OLD."number", 'donorId', erasing));
    RETURN NEW;
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

-- The audit log stays append-only, with the same one exception: while a donor is being erased,
-- the entries about them may lose what identifies them (the address they acted as becomes the
-- pseudonym, their IP address goes, and personal values inside before/after are blanked by the
-- erasure). Who acted (actorId), what, on which entity and when cannot change; nothing is deleted.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  erasing text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    erasing := "donor_being_erased"();
    IF erasing IS NOT NULL
      AND NEW."id" = OLD."id" AND NEW."at" = OLD."at"
      AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId"
      AND NEW."action" = OLD."action" AND NEW."entityType" = OLD."entityType"
      AND NEW."entityId" IS NOT DISTINCT FROM OLD."entityId"
      AND (NEW."actorEmail" = OLD."actorEmail"
        OR (OLD."actorId" = erasing AND NEW."actorEmail" = "erased_donor_email"(erasing)))
      AND (NEW."ipAddress" IS NOT DISTINCT FROM OLD."ipAddress"
        OR (OLD."actorId" = erasing AND NEW."ipAddress" IS NULL)) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only (% refused)', TG_OP;
END;
$$;

-- The queue of the erasure job (app/modules/jobs/queue.server.ts).
SELECT pgboss.create_queue('donor-erasure', '{"policy":"standard"}');

-- Erased donors, for the check every processed Stripe event makes (redactEventIfDonorErased).
CREATE INDEX "Donor_erased_idx" ON "Donor"("erasedAt") WHERE "erasedAt" IS NOT NULL;
