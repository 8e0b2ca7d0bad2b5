/**
 * Finance exports as streamed CSV: rows are read in keyset batches and written as they come, so
 * memory stays flat however many rows there are (bench/README.md measures a million gifts).
 * Personal data is limited to what finance needs: donor email and name, the dedication (it is
 * printed on receipts) and UTM source; never donor messages, public display names or IPs.
 * Amounts are exact decimals in the row's currency (toMajorString), never floats.
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { toMajorString } from '#app/modules/ledger/money.ts'
import { prisma } from '#app/utils/db.server.ts'
import { csvDate, csvHeader, csvLine, csvNumber, csvText } from './csv.ts'
import { exportInterval, type ExportFilter, type ExportKind } from './export-filter.ts'

const BATCH_SIZE = 5_000

type Batch = { lines: string; done: boolean }
type BatchReader = () => Promise<Batch>

function money(amountMinor: number | bigint | null, currency: string | null): string {
  if (amountMinor === null || currency === null) return ''
  return csvNumber(toMajorString(amountMinor, currency))
}

function range(column: Prisma.Sql, filter: ExportFilter): Prisma.Sql {
  const { start, end } = exportInterval(filter)
  return Prisma.sql`${start ? Prisma.sql`${column} >= ${start}` : Prisma.sql`TRUE`}
    AND ${end ? Prisma.sql`${column} < ${end}` : Prisma.sql`TRUE`}`
}

// ─── Gifts ──────────────────────────────────────────────────────────────────────────────────

export const GIFT_COLUMNS = [
  'Gift id',
  'Received at (UTC)',
  'Receipt number',
  'Campaign',
  'Campaign title',
  'Fund',
  'Donor email',
  'Donor name',
  'Frequency',
  'Source',
  'Method',
  'Offline reference',
  'Currency',
  'Gross',
  'Fee cover included',
  'Refunded',
  'Dispute lost',
  'Status',
  'Settlement currency',
  'Settled gross',
  'Exchange rate',
  'Stripe fee',
  'Net',
  'Dispute fees',
  'Dedication',
  'Dedication name',
  'UTM source',
  'UTM medium',
  'UTM campaign',
  'Stripe Checkout Session',
  'Stripe PaymentIntent',
  'Stripe charge',
  'Stripe invoice',
  'Stripe subscription',
  'Scheduled pledge',
] as const

type GiftRow = {
  id: string
  receivedAt: Date
  receiptNumber: string | null
  slug: string
  title: string
  fund: string
  email: string
  name: string | null
  frequency: string
  source: string
  paymentMethod: string | null
  offlineReference: string | null
  currency: string
  amountMinor: number
  feeCoverMinor: number
  refundedMinor: number
  disputeLostMinor: number
  status: string
  settlementCurrency: string | null
  settlementAmountMinor: number | null
  exchangeRate: string | null
  stripeFeeMinor: number | null
  netMinor: number | null
  disputeFeeMinor: number
  dedication: string
  dedicationName: string | null
  utmSource: string | null
  utmMedium: string | null
  utmCampaign: string | null
  stripeCheckoutSessionId: string | null
  stripePaymentIntentId: string | null
  stripeChargeId: string | null
  stripeInvoiceId: string | null
  stripeSubscriptionId: string | null
  commitmentId: string | null
}

function giftLine(row: GiftRow): string {
  const settlement = row.settlementCurrency ?? row.currency
  return csvLine([
    csvText(row.id),
    csvDate(row.receivedAt),
    csvText(row.receiptNumber),
    csvText(row.slug),
    csvText(row.title),
    csvText(row.fund),
    csvText(row.email),
    csvText(row.name),
    csvText(row.frequency),
    csvText(row.source),
    csvText(row.paymentMethod),
    csvText(row.offlineReference),
    csvText(row.currency),
    money(row.amountMinor, row.currency),
    money(row.feeCoverMinor, row.currency),
    money(row.refundedMinor, row.currency),
    money(row.disputeLostMinor, row.currency),
    csvText(row.status),
    csvText(row.settlementCurrency),
    money(row.settlementAmountMinor, row.settlementCurrency),
    row.exchangeRate === null ? '' : csvNumber(row.exchangeRate),
    money(row.stripeFeeMinor, settlement),
    money(row.netMinor, settlement),
    money(row.disputeFeeMinor, settlement),
    csvText(row.dedication === 'NONE' ? null : row.dedication),
    csvText(row.dedicationName),
    csvText(row.utmSource),
    csvText(row.utmMedium),
    csvText(row.utmCampaign),
    csvText(row.stripeCheckoutSessionId),
    csvText(row.stripePaymentIntentId),
    csvText(row.stripeChargeId),
    csvText(row.stripeInvoiceId),
    csvText(row.stripeSubscriptionId),
    csvText(row.commitmentId),
  ])
}

function giftReader(filter: ExportFilter): BatchReader {
  let after: { at: Date; id: string } | null = null
  return async () => {
    const rows = await prisma.$queryRaw<GiftRow[]>`
      SELECT g."id", g."receivedAt", r."number" AS "receiptNumber", c."slug", c."title",
        c."fund"::text AS "fund", d."email", d."name", g."frequency"::text AS "frequency",
        g."source"::text AS "source", g."paymentMethod", g."offlineReference", g."currency",
        g."amountMinor", g."feeCoverMinor", g."refundedMinor", g."disputeLostMinor",
        g."status"::text AS "status", g."settlementCurrency", g."settlementAmountMinor",
        trim_scale(g."exchangeRate")::text AS "exchangeRate", g."stripeFeeMinor", g."netMinor",
        g."disputeFeeMinor", p."dedication"::text AS "dedication", p."dedicationName",
        p."utmSource", p."utmMedium", p."utmCampaign", g."stripeCheckoutSessionId",
        g."stripePaymentIntentId", g."stripeChargeId", g."stripeInvoiceId",
        g."stripeSubscriptionId", g."commitmentId"
      FROM "Gift" g
      JOIN "Campaign" c ON c."id" = g."campaignId"
      JOIN "Donor" d ON d."id" = g."donorId"
      JOIN "Pledge" p ON p."id" = g."pledgeId"
      LEFT JOIN "Receipt" r ON r."giftId" = g."id" AND r."status" = 'ISSUED'
      WHERE ${range(Prisma.sql`g."receivedAt"`, filter)}
        AND ${after ? Prisma.sql`(g."receivedAt", g."id") > (${after.at}, ${after.id})` : Prisma.sql`TRUE`}
      ORDER BY g."receivedAt", g."id"
      LIMIT ${BATCH_SIZE}`
    const last = rows.at(-1)
    if (last) after = { at: last.receivedAt, id: last.id }
    return { lines: rows.map(giftLine).join(''), done: rows.length < BATCH_SIZE }
  }
}

// ─── Donors (one row per donor and currency) ───────────────────────────────────────────────

export const DONOR_COLUMNS = [
  'Donor id',
  'Email',
  'Name',
  'Currency',
  'Gifts',
  'Gross',
  'Refunded or disputed',
  'Net given',
  'First gift (UTC)',
  'Last gift (UTC)',
] as const

const DONOR_BATCH = 1_000

function donorReader(filter: ExportFilter): BatchReader {
  let after = ''
  return async () => {
    const ids = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT d."id" FROM "Donor" d
      WHERE d."id" > ${after}
        AND EXISTS (SELECT 1 FROM "Gift" g WHERE g."donorId" = d."id"
          AND ${range(Prisma.sql`g."receivedAt"`, filter)})
      ORDER BY d."id" LIMIT ${DONOR_BATCH}`
    if (ids.length === 0) return { lines: '', done: true }
    after = ids.at(-1)!.id
    const rows = await prisma.$queryRaw<
      Array<{
        id: string
        email: string
        name: string | null
        currency: string
        gifts: number
        gross: bigint
        reversed: bigint
        first: Date
        last: Date
      }>
    >`
      SELECT d."id", d."email", d."name", g."currency", count(*)::int AS "gifts",
        sum(g."amountMinor")::bigint AS "gross",
        sum(g."refundedMinor" + g."disputeLostMinor")::bigint AS "reversed",
        min(g."receivedAt") AS "first", max(g."receivedAt") AS "last"
      FROM "Donor" d JOIN "Gift" g ON g."donorId" = d."id"
      WHERE d."id" IN (${Prisma.join(ids.map((row) => row.id))})
        AND ${range(Prisma.sql`g."receivedAt"`, filter)}
      GROUP BY d."id", g."currency"
      ORDER BY d."id", g."currency"`
    const lines = rows
      .map((row) =>
        csvLine([
          csvText(row.id),
          csvText(row.email),
          csvText(row.name),
          csvText(row.currency),
          csvNumber(row.gifts),
          money(row.gross, row.currency),
          money(row.reversed, row.currency),
          money(row.gross - row.reversed, row.currency),
          csvDate(row.first),
          csvDate(row.last),
        ]),
      )
      .join('')
    return { lines, done: ids.length < DONOR_BATCH }
  }
}

// ─── Refunds ────────────────────────────────────────────────────────────────────────────────

export const REFUND_COLUMNS = [
  'Refund id',
  'Stripe refund',
  'Created at (UTC)',
  'Gift id',
  'Receipt number',
  'Campaign',
  'Fund',
  'Donor email',
  'Currency',
  'Amount',
  'Status',
  'Stripe reason',
  'Reason given by staff',
  'Requested by',
  'Failure reason',
] as const

function refundReader(filter: ExportFilter): BatchReader {
  let after: { at: Date; id: string } | null = null
  return async () => {
    const rows = await prisma.$queryRaw<
      Array<{
        id: string
        stripeRefundId: string
        createdAt: Date
        giftId: string
        receiptNumber: string | null
        slug: string
        fund: string
        email: string
        currency: string
        amountMinor: number
        status: string
        reason: string | null
        note: string | null
        requestedByEmail: string | null
        failureReason: string | null
      }>
    >`
      SELECT f."id", f."stripeRefundId", f."createdAt", f."giftId", r."number" AS "receiptNumber",
        c."slug", c."fund"::text AS "fund", d."email", f."currency", f."amountMinor", f."status",
        f."reason", f."note", f."requestedByEmail", f."failureReason"
      FROM "Refund" f
      JOIN "Gift" g ON g."id" = f."giftId"
      JOIN "Campaign" c ON c."id" = g."campaignId"
      JOIN "Donor" d ON d."id" = g."donorId"
      LEFT JOIN "Receipt" r ON r."giftId" = g."id" AND r."status" = 'ISSUED'
      WHERE ${range(Prisma.sql`f."createdAt"`, filter)}
        AND ${after ? Prisma.sql`(f."createdAt", f."id") > (${after.at}, ${after.id})` : Prisma.sql`TRUE`}
      ORDER BY f."createdAt", f."id"
      LIMIT ${BATCH_SIZE}`
    const last = rows.at(-1)
    if (last) after = { at: last.createdAt, id: last.id }
    const lines = rows
      .map((row) =>
        csvLine([
          csvText(row.id),
          csvText(row.stripeRefundId),
          csvDate(row.createdAt),
          csvText(row.giftId),
          csvText(row.receiptNumber),
          csvText(row.slug),
          csvText(row.fund),
          csvText(row.email),
          csvText(row.currency),
          money(row.amountMinor, row.currency),
          csvText(row.status),
          csvText(row.reason),
          csvText(row.note),
          csvText(row.requestedByEmail),
          csvText(row.failureReason),
        ]),
      )
      .join('')
    return { lines, done: rows.length < BATCH_SIZE }
  }
}

// ─── Payouts with their balance transactions ────────────────────────────────────────────────

export const PAYOUT_COLUMNS = [
  'Payout',
  'Payout created (UTC)',
  'Arrival date (UTC)',
  'Payout status',
  'Reconciliation',
  'Payout currency',
  'Payout amount',
  'Balance transaction',
  'Type',
  'Reporting category',
  'Currency',
  'Amount',
  'Fee',
  'Net',
  'Exchange rate',
  'Source',
  'Match',
  'Gift id',
  'Refund id',
  'Dispute id',
  'Description',
] as const

const PAYOUT_BATCH = 50

function payoutReader(filter: ExportFilter): BatchReader {
  let after: { at: Date; id: string } | null = null
  return async () => {
    const payouts = await prisma.$queryRaw<Array<{ id: string; stripeCreatedAt: Date }>>`
      SELECT "id", "stripeCreatedAt" FROM "Payout"
      WHERE ${range(Prisma.sql`"stripeCreatedAt"`, filter)}
        AND ${after ? Prisma.sql`("stripeCreatedAt", "id") > (${after.at}, ${after.id})` : Prisma.sql`TRUE`}
      ORDER BY "stripeCreatedAt", "id" LIMIT ${PAYOUT_BATCH}`
    const last = payouts.at(-1)
    if (!last) return { lines: '', done: true }
    after = { at: last.stripeCreatedAt, id: last.id }
    const rows = await prisma.$queryRaw<
      Array<{
        id: string
        stripeCreatedAt: Date
        arrivalDate: Date
        status: string
        reconciliation: string
        payoutCurrency: string
        payoutAmountMinor: number
        txnId: string | null
        type: string | null
        reportingCategory: string | null
        currency: string | null
        amountMinor: number | null
        feeMinor: number | null
        netMinor: number | null
        exchangeRate: string | null
        sourceId: string | null
        match: string | null
        giftId: string | null
        refundId: string | null
        disputeId: string | null
        description: string | null
      }>
    >`
      SELECT p."id", p."stripeCreatedAt", p."arrivalDate", p."status",
        p."reconciliation"::text AS "reconciliation", p."currency" AS "payoutCurrency",
        p."amountMinor" AS "payoutAmountMinor", t."id" AS "txnId", t."type",
        t."reportingCategory", t."currency", t."amountMinor", t."feeMinor", t."netMinor",
        trim_scale(t."exchangeRate")::text AS "exchangeRate", t."sourceId", t."match"::text AS "match",
        t."giftId", t."refundId", t."disputeId", t."description"
      FROM "Payout" p LEFT JOIN "BalanceTransaction" t ON t."payoutId" = p."id"
      WHERE p."id" IN (${Prisma.join(payouts.map((payout) => payout.id))})
      ORDER BY p."stripeCreatedAt", p."id", t."stripeCreatedAt", t."id"`
    const lines = rows
      .map((row) =>
        csvLine([
          csvText(row.id),
          csvDate(row.stripeCreatedAt),
          csvDate(row.arrivalDate),
          csvText(row.status),
          csvText(row.reconciliation),
          csvText(row.payoutCurrency),
          money(row.payoutAmountMinor, row.payoutCurrency),
          csvText(row.txnId),
          csvText(row.type),
          csvText(row.reportingCategory),
          csvText(row.currency),
          money(row.amountMinor, row.currency),
          money(row.feeMinor, row.currency),
          money(row.netMinor, row.currency),
          row.exchangeRate === null ? '' : csvNumber(row.exchangeRate),
          csvText(row.sourceId),
          csvText(row.match),
          csvText(row.giftId),
          csvText(row.refundId),
          csvText(row.disputeId),
          csvText(row.description),
        ]),
      )
      .join('')
    return { lines, done: payouts.length < PAYOUT_BATCH }
  }
}

// ─── Streaming ──────────────────────────────────────────────────────────────────────────────

const EXPORTS: Record<
  ExportKind,
  { columns: readonly string[]; reader: (filter: ExportFilter) => BatchReader }
> = {
  gifts: { columns: GIFT_COLUMNS, reader: giftReader },
  donors: { columns: DONOR_COLUMNS, reader: donorReader },
  refunds: { columns: REFUND_COLUMNS, reader: refundReader },
  payouts: { columns: PAYOUT_COLUMNS, reader: payoutReader },
}

/**
 * The export as a byte stream: the header, then one batch per pull. A batch is read only when
 * the client has taken the previous one (backpressure), so a slow download holds one batch.
 */
export function exportStream(filter: ExportFilter): ReadableStream<Uint8Array> {
  const { columns, reader } = EXPORTS[filter.kind]
  const read = reader(filter)
  const encoder = new TextEncoder()
  let started = false
  let finished = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true
          // A byte order mark, so that spreadsheet programs read the file as UTF-8.
          controller.enqueue(encoder.encode('\uFEFF' + csvHeader(columns)))
          return
        }
        if (finished) {
          controller.close()
          return
        }
        const batch = await read()
        finished = batch.done
        if (batch.lines) controller.enqueue(encoder.encode(batch.lines))
        if (finished) controller.close()
      },
    },
    { highWaterMark: 1 },
  )
}
