/**
 * A finance office's year, fast: N gifts with their donors, pledges and receipts written by
 * PostgreSQL itself (generate_series), spread over three years and the seeded appeals, with the
 * mix finance sees: monthly and one-time, some refunded or disputed, a few offline cheques, KRW
 * gifts settled in USD. Deterministic (no random()), so every run measures the same rows.
 */
import type pg from 'pg'

export type SeedFigures = { gifts: number; donors: number; seconds: number }

export async function seedGifts(client: pg.Client, gifts: number): Promise<SeedFigures> {
  const started = performance.now()
  const donors = Math.max(1, Math.floor(gifts / 5))
  await client.query(`SET maintenance_work_mem = '256MB'`)
  await client.query(`SET synchronous_commit = off`)
  // Bulk loads are far faster into unindexed tables: drop the secondary indexes of the tables
  // we fill, load, then build them again from their own definitions (pg_indexes), unchanged.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('Gift', 'Pledge', 'Donor', 'Receipt')
       AND i.indexname NOT LIKE '%_pkey'`,
  )
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`)
  const { rows: campaigns } = await client.query<{ id: string; currency: string }>(
    `SELECT "id", "currency" FROM "Campaign" WHERE "status" = 'PUBLISHED' ORDER BY "slug"`,
  )
  if (campaigns.length === 0) throw new Error('no published campaigns to give to')
  await client.query(`CREATE TEMP TABLE bench_campaign (k int PRIMARY KEY, id text, currency text)`)
  for (const [index, campaign] of campaigns.entries()) {
    await client.query(`INSERT INTO bench_campaign VALUES ($1, $2, $3)`, [
      index,
      campaign.id,
      campaign.currency,
    ])
  }
  await client.query(
    `INSERT INTO "Donor" ("id", "email", "name", "createdAt")
     SELECT 'bench_donor_' || n, 'donor' || n || '@bench.example.org', 'Bench Donor ' || n,
       timestamp '2024-01-01' + (n % 1000) * interval '1 day'
     FROM generate_series(1, $1::int) AS n`,
    [donors],
  )
  // One pledge per gift (a one-time gift's Checkout, or the month of a monthly one).
  await client.query(
    `INSERT INTO "Pledge" ("id", "campaignId", "donorId", "frequency", "currency", "amountMinor",
       "feeCoverMinor", "totalMinor", "status", "dedication", "utmSource", "createdAt", "updatedAt")
     SELECT 'bench_pledge_' || n, c.id, 'bench_donor_' || (1 + n % $2::int),
       CASE WHEN n % 10 < 3 THEN 'MONTHLY' ELSE 'ONE_TIME' END::"Frequency", c.currency,
       CASE WHEN c.currency IN ('KRW', 'JPY') THEN 10000 + (n % 50) * 1000 ELSE 500 + (n % 200) * 100 END,
       0,
       CASE WHEN c.currency IN ('KRW', 'JPY') THEN 10000 + (n % 50) * 1000 ELSE 500 + (n % 200) * 100 END,
       'FULFILLED', CASE WHEN n % 50 = 0 THEN 'IN_MEMORY' ELSE 'NONE' END::"Dedication",
       CASE WHEN n % 4 = 0 THEN 'newsletter' END,
       timestamp '2024-01-01' + n * (interval '3 years' / $1::int), now()
     FROM generate_series(1, $1::int) AS n
     JOIN bench_campaign c ON c.k = n % ${campaigns.length}`,
    [gifts, donors],
  )
  // Gifts and their receipts land in one transaction: the server's worker, which receipts any
  // gift that has none, must never see these gifts without theirs.
  await client.query('BEGIN')
  // The running ledger totals are rebuilt once after the load instead of a trigger per row.
  await client.query(`ALTER TABLE "Gift" DISABLE TRIGGER "Gift_ledger_totals"`)
  await client.query(
    `INSERT INTO "Gift" ("id", "pledgeId", "campaignId", "donorId", "frequency", "currency",
       "amountMinor", "stripeFeeMinor", "netMinor", "refundedMinor", "status", "source",
       "paymentMethod", "stripePaymentIntentId", "stripeChargeId", "settlementCurrency",
       "settlementAmountMinor", "exchangeRate", "receivedAt", "createdAt", "convertedCurrency",
       "convertedAmountMinor", "conversionSource")
     SELECT 'bench_gift_' || lpad(n::text, 8, '0'), p.id, p."campaignId", p."donorId", p.frequency,
       p.currency, p."totalMinor",
       CASE WHEN n % 100 = 0 THEN NULL
            WHEN p.currency = 'KRW' THEN round(p."totalMinor" * 0.00075 * 0.029)::int + 30
            ELSE round(p."totalMinor" * 0.029)::int + 30 END,
       CASE WHEN n % 100 = 0 THEN NULL
            WHEN p.currency = 'KRW' THEN round(p."totalMinor" * 0.00075)::int - (round(p."totalMinor" * 0.00075 * 0.029)::int + 30)
            ELSE p."totalMinor" - (round(p."totalMinor" * 0.029)::int + 30) END,
       CASE WHEN n % 97 = 0 THEN p."totalMinor" WHEN n % 41 = 0 THEN p."totalMinor" / 4 ELSE 0 END,
       CASE WHEN n % 97 = 0 THEN 'REFUNDED' WHEN n % 41 = 0 THEN 'PARTIALLY_REFUNDED'
            WHEN n % 499 = 0 THEN 'DISPUTED' ELSE 'SUCCEEDED' END::"GiftStatus",
       CASE WHEN n % 100 = 0 THEN 'OFFLINE' ELSE 'STRIPE' END::"GiftSource",
       CASE WHEN n % 100 = 0 THEN 'cheque' WHEN n % 20 = 0 THEN 'sepa_debit' ELSE 'card' END,
       CASE WHEN n % 100 = 0 THEN NULL ELSE 'pi_bench_' || n END,
       CASE WHEN n % 100 = 0 THEN NULL ELSE 'ch_bench_' || n END,
       CASE WHEN n % 100 = 0 THEN NULL WHEN p.currency = 'KRW' THEN 'USD' ELSE p.currency END,
       CASE WHEN n % 100 = 0 THEN NULL WHEN p.currency = 'KRW' THEN round(p."totalMinor" * 0.00075)::int ELSE p."totalMinor" END,
       CASE WHEN p.currency = 'KRW' AND n % 100 <> 0 THEN 0.00075 END,
       p."createdAt" + interval '2 minutes', p."createdAt" + interval '2 minutes',
       -- Each pledge is in its campaign's currency, so each gift counts as itself.
       p.currency, p."totalMinor", 'SAME'::"ConversionSource"
     FROM generate_series(1, $1::int) AS n
     JOIN "Pledge" p ON p.id = 'bench_pledge_' || n`,
    [gifts],
  )
  await client.query(`ALTER TABLE "Gift" ENABLE TRIGGER "Gift_ledger_totals"`)
  await client.query(`SELECT "rebuild_gift_ledger_totals"()`)
  // Every gift has its receipt (numbered per year, in order), emailed a minute after the gift, as
  // in a year of real giving. Unsent receipts would have the worker's maintenance sweep draw and
  // email 100 PDFs a minute in the server under test while the ledger is measured.
  await client.query(
    `INSERT INTO "Receipt" ("id", "number", "year", "sequence", "giftId", "amountMinor", "currency",
       "donorEmail", "issuedAt", "emailedAt")
     SELECT 'bench_receipt_' || g.id, 'LAN-' || y || '-' || lpad(s::text, 6, '0'), y, s, g.id,
       g."amountMinor" - g."refundedMinor", g.currency, 'donor@bench.example.org', g."receivedAt",
       g."receivedAt" + interval '1 minute'
     FROM (
       SELECT g.*, extract(year FROM g."receivedAt")::int AS y,
         row_number() OVER (PARTITION BY extract(year FROM g."receivedAt") ORDER BY g."receivedAt", g.id) AS s
       FROM "Gift" g WHERE g.id LIKE 'bench_gift_%') g`,
  )
  await client.query(
    `INSERT INTO "ReceiptSequence" ("year", "last")
     SELECT "year", max("sequence") FROM "Receipt" GROUP BY "year"
     ON CONFLICT ("year") DO UPDATE SET "last" = GREATEST("ReceiptSequence"."last", EXCLUDED."last")`,
  )
  await client.query('COMMIT')
  for (const index of indexes) await client.query(index.definition)
  await client.query(`VACUUM ANALYZE`)
  return { gifts, donors, seconds: (performance.now() - started) / 1000 }
}

export const BENCH_PAYOUT_ID = 'po_bench_10k'

/**
 * A paid USD payout of `lines` balance transactions, as Stripe lists them: charges of seeded
 * gifts (their settled amount and fee), refunds of refunded gifts (with their Refund rows), and
 * the payout's own line; its amount is the sum of the lines' net, so it balances to the cent.
 */
export async function seedPayout(
  client: pg.Client,
  lines: number,
): Promise<{ amountMinor: number }> {
  const refunds = Math.max(1, Math.floor(lines * 0.03))
  const charges = lines - refunds - 1
  await client.query(
    `INSERT INTO "Payout" ("id", "amountMinor", "currency", "status", "arrivalDate", "automatic",
       "stripeBalanceTransactionId", "stripeCreatedAt", "updatedAt")
     VALUES ($1, 0, 'USD', 'paid', now(), true, 'txn_bench_payout', now(), now())`,
    [BENCH_PAYOUT_ID],
  )
  const { rowCount: chargeRows } = await client.query(
    `INSERT INTO "BalanceTransaction" ("id", "payoutId", "type", "reportingCategory", "amountMinor",
       "feeMinor", "netMinor", "currency", "sourceId", "status", "availableOn", "stripeCreatedAt")
     SELECT 'txn_bench_' || g.id, $1, 'charge', 'charge', g."settlementAmountMinor", g."stripeFeeMinor",
       g."settlementAmountMinor" - g."stripeFeeMinor", 'USD', g."stripeChargeId", 'available',
       g."receivedAt" + interval '2 days', g."receivedAt"
     FROM (SELECT * FROM "Gift" WHERE "currency" = 'USD' AND "source" = 'STRIPE'
       AND "stripeFeeMinor" IS NOT NULL AND "refundedMinor" = 0 ORDER BY "id" LIMIT $2) g`,
    [BENCH_PAYOUT_ID, charges],
  )
  await client.query(
    `INSERT INTO "Refund" ("id", "giftId", "stripeRefundId", "amountMinor", "currency", "status",
       "reason", "updatedAt")
     SELECT 'bench_refund_' || g.id, g.id, 're_bench_' || g.id, g."refundedMinor", 'USD',
       'succeeded', 'requested_by_customer', now()
     FROM (SELECT * FROM "Gift" WHERE "currency" = 'USD' AND "source" = 'STRIPE'
       AND "refundedMinor" > 0 ORDER BY "id" LIMIT $1) g`,
    [refunds],
  )
  const { rowCount: refundRows } = await client.query(
    `INSERT INTO "BalanceTransaction" ("id", "payoutId", "type", "reportingCategory", "amountMinor",
       "feeMinor", "netMinor", "currency", "sourceId", "status", "availableOn", "stripeCreatedAt")
     SELECT 'txn_bench_' || r.id, $1, 'refund', 'refund', -r."amountMinor", 0, -r."amountMinor",
       'USD', r."stripeRefundId", 'available', now(), now()
     FROM "Refund" r WHERE r."id" LIKE 'bench_refund_%'`,
    [BENCH_PAYOUT_ID],
  )
  if (chargeRows !== charges || refundRows !== refunds) {
    throw new Error(
      `seeded ${chargeRows} charges and ${refundRows} refunds, wanted ${charges} and ${refunds}`,
    )
  }
  const { rows } = await client.query<{ amount: number }>(
    `UPDATE "Payout" SET "amountMinor" = (SELECT sum("netMinor") FROM "BalanceTransaction"
       WHERE "payoutId" = $1) WHERE "id" = $1 RETURNING "amountMinor" AS amount`,
    [BENCH_PAYOUT_ID],
  )
  const amountMinor = rows[0]!.amount
  await client.query(
    `INSERT INTO "BalanceTransaction" ("id", "payoutId", "type", "reportingCategory", "amountMinor",
       "feeMinor", "netMinor", "currency", "sourceId", "status", "availableOn", "stripeCreatedAt")
     VALUES ('txn_bench_payout', $1, 'payout', 'payout', $2, 0, $2, 'USD', $1, 'available', now(), now())`,
    [BENCH_PAYOUT_ID, -amountMinor],
  )
  return { amountMinor }
}
