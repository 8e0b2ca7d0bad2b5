-- Running totals of gifts for the finance ledger (docs/decisions/0010): one row per UTC day and
-- per combination of the gift columns the ledger filters on, kept exact by a trigger on "Gift"
-- in the same transaction as every gift change.

-- CreateTable
CREATE TABLE "GiftLedgerTotals" (
    "day" DATE NOT NULL,
    "campaignId" TEXT NOT NULL,
    "status" "GiftStatus" NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "settlementCurrency" TEXT NOT NULL DEFAULT '',
    "paymentMethod" TEXT NOT NULL DEFAULT '',
    "source" "GiftSource" NOT NULL,
    "refunded" BOOLEAN NOT NULL,
    "giftCount" BIGINT NOT NULL DEFAULT 0,
    "amountMinor" BIGINT NOT NULL DEFAULT 0,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "lostMinor" BIGINT NOT NULL DEFAULT 0,
    "settledCount" BIGINT NOT NULL DEFAULT 0,
    "feeMinor" BIGINT NOT NULL DEFAULT 0,
    "netMinor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "GiftLedgerTotals_pkey" PRIMARY KEY ("day","campaignId","status","frequency","currency","settlementCurrency","paymentMethod","source","refunded")
);

-- Adds (sign = 1) or removes (sign = -1) one gift's contribution.
CREATE FUNCTION "gift_ledger_totals_apply"(g "Gift", sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "GiftLedgerTotals" AS t ("day", "campaignId", "status", "frequency", "currency",
    "settlementCurrency", "paymentMethod", "source", "refunded", "giftCount", "amountMinor",
    "refundedMinor", "lostMinor", "settledCount", "feeMinor", "netMinor")
  VALUES (g."receivedAt"::date, g."campaignId", g."status", g."frequency", g."currency",
    COALESCE(g."settlementCurrency"::text, ''), COALESCE(g."paymentMethod", ''), g."source",
    g."refundedMinor" > 0, sign, sign * g."amountMinor", sign * g."refundedMinor",
    sign * g."disputeLostMinor",
    CASE WHEN g."stripeFeeMinor" IS NOT NULL OR g."netMinor" IS NOT NULL THEN sign ELSE 0 END,
    sign * COALESCE(g."stripeFeeMinor", 0), sign * COALESCE(g."netMinor", 0))
  ON CONFLICT ("day", "campaignId", "status", "frequency", "currency", "settlementCurrency",
    "paymentMethod", "source", "refunded") DO UPDATE SET
    "giftCount" = t."giftCount" + EXCLUDED."giftCount",
    "amountMinor" = t."amountMinor" + EXCLUDED."amountMinor",
    "refundedMinor" = t."refundedMinor" + EXCLUDED."refundedMinor",
    "lostMinor" = t."lostMinor" + EXCLUDED."lostMinor",
    "settledCount" = t."settledCount" + EXCLUDED."settledCount",
    "feeMinor" = t."feeMinor" + EXCLUDED."feeMinor",
    "netMinor" = t."netMinor" + EXCLUDED."netMinor";
END;
$$;

CREATE FUNCTION "gift_ledger_totals_key"(g "Gift") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', g."receivedAt"::date, g."campaignId", g."status", g."frequency",
    g."currency", g."settlementCurrency", g."paymentMethod", g."source", g."refundedMinor" > 0)
$$;

CREATE FUNCTION "gift_ledger_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "gift_ledger_totals_apply"(NEW, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "gift_ledger_totals_apply"(OLD, -1);
  ELSIF (OLD."receivedAt", OLD."campaignId", OLD."status", OLD."frequency", OLD."currency",
         OLD."settlementCurrency", OLD."paymentMethod", OLD."source", OLD."amountMinor",
         OLD."refundedMinor", OLD."disputeLostMinor", OLD."stripeFeeMinor", OLD."netMinor")
    IS DISTINCT FROM
        (NEW."receivedAt", NEW."campaignId", NEW."status", NEW."frequency", NEW."currency",
         NEW."settlementCurrency", NEW."paymentMethod", NEW."source", NEW."amountMinor",
         NEW."refundedMinor", NEW."disputeLostMinor", NEW."stripeFeeMinor", NEW."netMinor") THEN
    -- Touch the two rows in one global order, so concurrent changes cannot deadlock on them.
    IF "gift_ledger_totals_key"(OLD) <= "gift_ledger_totals_key"(NEW) THEN
      PERFORM "gift_ledger_totals_apply"(OLD, -1);
      PERFORM "gift_ledger_totals_apply"(NEW, 1);
    ELSE
      PERFORM "gift_ledger_totals_apply"(NEW, 1);
      PERFORM "gift_ledger_totals_apply"(OLD, -1);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Gift_ledger_totals" AFTER INSERT OR UPDATE OR DELETE ON "Gift"
  FOR EACH ROW EXECUTE FUNCTION "gift_ledger_totals"();

-- Recomputes every row from the gifts (after a bulk load with the trigger disabled, or to check).
CREATE FUNCTION "rebuild_gift_ledger_totals"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "GiftLedgerTotals";
  INSERT INTO "GiftLedgerTotals" ("day", "campaignId", "status", "frequency", "currency",
    "settlementCurrency", "paymentMethod", "source", "refunded", "giftCount", "amountMinor",
    "refundedMinor", "lostMinor", "settledCount", "feeMinor", "netMinor")
  SELECT g."receivedAt"::date, g."campaignId", g."status", g."frequency", g."currency",
    COALESCE(g."settlementCurrency"::text, ''), COALESCE(g."paymentMethod", ''), g."source",
    g."refundedMinor" > 0, count(*), sum(g."amountMinor"), sum(g."refundedMinor"),
    sum(g."disputeLostMinor"),
    count(*) FILTER (WHERE g."stripeFeeMinor" IS NOT NULL OR g."netMinor" IS NOT NULL),
    COALESCE(sum(g."stripeFeeMinor"), 0), COALESCE(sum(g."netMinor"), 0)
  FROM "Gift" g
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
$$;

SELECT "rebuild_gift_ledger_totals"();
