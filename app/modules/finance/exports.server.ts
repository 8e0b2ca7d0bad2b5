/**
 * Finance exports as streamed CSV. Each export is one query read through a PostgreSQL cursor on a
 * connection of its own, in a read-only REPEATABLE READ transaction (so the file is one consistent
 * snapshot), FETCHing a batch only when the client has taken the previous one: memory stays
 * flat however many rows there are (bench/README.md, benchmark D, measures a million gifts).
 * Rows come back as arrays of text and numbers (no Prisma objects, no Date objects).
 * Personal data is limited to what finance needs: donor email and name, the dedication (it is
 * printed on receipts) and UTM source; never donor messages, public display names or IPs.
 * Amounts are exact decimals in the row's currency (toMajorString), never floats.
 */
import pg from 'pg'
import { Prisma } from '#app/generated/prisma/client.ts'
import { getCurrency } from '#app/modules/ledger/money.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { csvHeader, csvLine, csvNumber, csvText } from './csv.ts'
import { exportInterval, type ExportFilter, type ExportKind } from './export-filter.ts'

const BATCH_SIZE = 5_000
/** Rows per chunk written to the client (about 300 bytes a row). */
const CHUNK_ROWS = 1_000

type Cell = string | number | boolean | null
type Row = Cell[]

/** Timestamps as ISO 8601 UTC text, formatted by PostgreSQL (the columns hold UTC). */
function iso(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

const exponents = new Map<string, number>()

/** Minor units as an exact decimal in the currency's major unit: 4500 USD → "45.00". */
export function major(amountMinor: Cell | undefined, currency: Cell | undefined): string {
  if (amountMinor == null || currency == null || currency === '') return ''
  const code = String(currency).trim()
  let exponent = exponents.get(code)
  if (exponent === undefined) {
    exponent = getCurrency(code).exponent
    exponents.set(code, exponent)
  }
  // Sums arrive as text (bigint); single amounts as numbers. Both are exact integers.
  const text = String(amountMinor)
  if (!/^-?\d+$/.test(text)) throw new Error(`not an amount in minor units: ${text}`)
  if (exponent === 0) return text
  const negative = text.startsWith('-')
  const digits = (negative ? text.slice(1) : text).padStart(exponent + 1, '0')
  const whole = digits.slice(0, -exponent)
  return `${negative ? '-' : ''}${whole}.${digits.slice(-exponent)}`
}

const str = (cell: Cell | undefined) => (cell == null ? null : String(cell))

function range(column: Prisma.Sql, filter: ExportFilter): Prisma.Sql {
  const { start, end } = exportInterval(filter)
  return Prisma.sql`${start ? Prisma.sql`${column} >= ${start}` : Prisma.sql`TRUE`}
    AND ${end ? Prisma.sql`${column} < ${end}` : Prisma.sql`TRUE`}`
}

type ExportSpec = {
  columns: readonly string[]
  query: (filter: ExportFilter) => Prisma.Sql
  line: (row: Row) => string
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

const gifts: ExportSpec = {
  columns: GIFT_COLUMNS,
  query: (filter) => Prisma.sql`
    SELECT g."id", ${iso(Prisma.sql`g."receivedAt"`)}, r."number", c."slug", c."title",
      c."fund"::text, d."email", d."name", g."frequency"::text, g."source"::text,
      g."paymentMethod", g."offlineReference", g."currency"::text, g."amountMinor",
      g."feeCoverMinor", g."refundedMinor", g."disputeLostMinor", g."status"::text,
      g."settlementCurrency"::text, g."settlementAmountMinor",
      trim_scale(g."exchangeRate")::text, g."stripeFeeMinor", g."netMinor",
      g."disputeFeeMinor", p."dedication"::text, p."dedicationName", p."utmSource",
      p."utmMedium", p."utmCampaign", g."stripeCheckoutSessionId", g."stripePaymentIntentId",
      g."stripeChargeId", g."stripeInvoiceId", g."stripeSubscriptionId", g."commitmentId"
    FROM "Gift" g
    JOIN "Campaign" c ON c."id" = g."campaignId"
    JOIN "Donor" d ON d."id" = g."donorId"
    JOIN "Pledge" p ON p."id" = g."pledgeId"
    LEFT JOIN "Receipt" r ON r."giftId" = g."id" AND r."status" = 'ISSUED'
    WHERE ${range(Prisma.sql`g."receivedAt"`, filter)}
    ORDER BY g."receivedAt", g."id"`,
  line: (row) => {
    const currency = row[12]
    const settlement = row[18] ?? currency
    return csvLine([
      csvText(str(row[0])),
      str(row[1]) ?? '',
      csvText(str(row[2])),
      csvText(str(row[3])),
      csvText(str(row[4])),
      csvText(str(row[5])),
      csvText(str(row[6])),
      csvText(str(row[7])),
      csvText(str(row[8])),
      csvText(str(row[9])),
      csvText(str(row[10])),
      csvText(str(row[11])),
      csvText(str(currency)),
      major(row[13], currency),
      major(row[14], currency),
      major(row[15], currency),
      major(row[16], currency),
      csvText(str(row[17])),
      csvText(str(row[18])),
      major(row[19], row[18]),
      row[20] == null ? '' : csvNumber(String(row[20])),
      major(row[21], settlement),
      major(row[22], settlement),
      major(row[23], settlement),
      csvText(row[24] === 'NONE' ? null : str(row[24])),
      csvText(str(row[25])),
      csvText(str(row[26])),
      csvText(str(row[27])),
      csvText(str(row[28])),
      csvText(str(row[29])),
      csvText(str(row[30])),
      csvText(str(row[31])),
      csvText(str(row[32])),
      csvText(str(row[33])),
      csvText(str(row[34])),
    ])
  },
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

const donors: ExportSpec = {
  columns: DONOR_COLUMNS,
  query: (filter) => Prisma.sql`
    SELECT d."id", d."email", d."name", g."currency"::text, count(*)::int,
      sum(g."amountMinor")::text, sum(g."refundedMinor" + g."disputeLostMinor")::text,
      sum(g."amountMinor" - g."refundedMinor" - g."disputeLostMinor")::text,
      ${iso(Prisma.sql`min(g."receivedAt")`)}, ${iso(Prisma.sql`max(g."receivedAt")`)}
    FROM "Gift" g JOIN "Donor" d ON d."id" = g."donorId"
    WHERE ${range(Prisma.sql`g."receivedAt"`, filter)}
    GROUP BY d."id", g."currency"
    ORDER BY d."id", g."currency"`,
  line: (row) =>
    csvLine([
      csvText(str(row[0])),
      csvText(str(row[1])),
      csvText(str(row[2])),
      csvText(str(row[3])),
      csvNumber(String(row[4])),
      major(row[5], row[3]),
      major(row[6], row[3]),
      major(row[7], row[3]),
      str(row[8]) ?? '',
      str(row[9]) ?? '',
    ]),
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

const refunds: ExportSpec = {
  columns: REFUND_COLUMNS,
  query: (filter) => Prisma.sql`
    SELECT f."id", f."stripeRefundId", ${iso(Prisma.sql`f."createdAt"`)}, f."giftId",
      r."number", c."slug", c."fund"::text, d."email", f."currency"::text, f."amountMinor",
      f."status", f."reason", f."note", f."requestedByEmail", f."failureReason"
    FROM "Refund" f
    JOIN "Gift" g ON g."id" = f."giftId"
    JOIN "Campaign" c ON c."id" = g."campaignId"
    JOIN "Donor" d ON d."id" = g."donorId"
    LEFT JOIN "Receipt" r ON r."giftId" = g."id" AND r."status" = 'ISSUED'
    WHERE ${range(Prisma.sql`f."createdAt"`, filter)}
    ORDER BY f."createdAt", f."id"`,
  line: (row) =>
    csvLine([
      csvText(str(row[0])),
      csvText(str(row[1])),
      str(row[2]) ?? '',
      csvText(str(row[3])),
      csvText(str(row[4])),
      csvText(str(row[5])),
      csvText(str(row[6])),
      csvText(str(row[7])),
      csvText(str(row[8])),
      major(row[9], row[8]),
      csvText(str(row[10])),
      csvText(str(row[11])),
      csvText(str(row[12])),
      csvText(str(row[13])),
      csvText(str(row[14])),
    ]),
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

const payouts: ExportSpec = {
  columns: PAYOUT_COLUMNS,
  query: (filter) => Prisma.sql`
    SELECT p."id", ${iso(Prisma.sql`p."stripeCreatedAt"`)}, ${iso(Prisma.sql`p."arrivalDate"`)},
      p."status", p."reconciliation"::text, p."currency"::text, p."amountMinor", t."id",
      t."type", t."reportingCategory", t."currency"::text, t."amountMinor", t."feeMinor",
      t."netMinor", trim_scale(t."exchangeRate")::text, t."sourceId", t."match"::text,
      t."giftId", t."refundId", t."disputeId", t."description"
    FROM "Payout" p LEFT JOIN "BalanceTransaction" t ON t."payoutId" = p."id"
    WHERE ${range(Prisma.sql`p."stripeCreatedAt"`, filter)}
    ORDER BY p."stripeCreatedAt", p."id", t."stripeCreatedAt", t."id"`,
  line: (row) =>
    csvLine([
      csvText(str(row[0])),
      str(row[1]) ?? '',
      str(row[2]) ?? '',
      csvText(str(row[3])),
      csvText(str(row[4])),
      csvText(str(row[5])),
      major(row[6], row[5]),
      csvText(str(row[7])),
      csvText(str(row[8])),
      csvText(str(row[9])),
      csvText(str(row[10])),
      major(row[11], row[10]),
      major(row[12], row[10]),
      major(row[13], row[10]),
      row[14] == null ? '' : csvNumber(String(row[14])),
      csvText(str(row[15])),
      csvText(str(row[16])),
      csvText(str(row[17])),
      csvText(str(row[18])),
      csvText(str(row[19])),
      csvText(str(row[20])),
    ]),
}

// ─── Streaming ──────────────────────────────────────────────────────────────────────────────

const EXPORTS: Record<ExportKind, ExportSpec> = { gifts, donors, refunds, payouts }

/** A connection of the export's own: a cursor lives in a transaction for the whole download. */
async function openCursor(query: Prisma.Sql): Promise<{
  fetch(): Promise<Row[]>
  close(): Promise<void>
}> {
  const url = getEnv().DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await client.query('ROLLBACK').catch(() => undefined)
    await client.end().catch(() => undefined)
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    // Timestamps are stored in UTC; parameters must be read as UTC too.
    await client.query(`SET LOCAL TIME ZONE 'UTC'`)
    // A download abandoned without a cancel (a crashed client) must not hold its connection
    // and locks for ever; a live one is never idle that long (it reads or waits on the socket).
    await client.query(`SET LOCAL idle_in_transaction_session_timeout = '10min'`)
    await client.query({
      text: `DECLARE export_rows NO SCROLL CURSOR FOR ${query.text}`,
      values: query.values,
    })
  } catch (error) {
    await close()
    throw error
  }
  // One FETCH is always in flight: PostgreSQL reads the next batch while we format this one.
  const fetchBatch = () =>
    client
      .query<Row>({ text: `FETCH ${BATCH_SIZE} FROM export_rows`, rowMode: 'array' })
      .then((result) => result.rows)
  let next: Promise<Row[]> | null = fetchBatch()
  return {
    fetch: async () => {
      const rows = await (next ?? Promise.resolve([]))
      next = rows.length === BATCH_SIZE ? fetchBatch() : null
      // Keep an unawaited failure from being reported before the next pull awaits it.
      next?.catch(() => undefined)
      return rows
    },
    close,
  }
}

/**
 * The export as a byte stream: the header, then one batch per pull. A batch is read only when
 * the client has taken the previous one (backpressure), so a slow download holds one batch; a
 * download that is cancelled closes the cursor and its connection.
 */
export function exportStream(filter: ExportFilter): ReadableStream<Uint8Array> {
  const spec = EXPORTS[filter.kind]
  const encoder = new TextEncoder()
  let cursor: Awaited<ReturnType<typeof openCursor>> | null = null
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // A byte order mark, so that spreadsheet programs read the file as UTF-8.
        controller.enqueue(encoder.encode('\uFEFF' + csvHeader(spec.columns)))
      },
      // The cursor opens on the first read after the header: a response nobody reads (a
      // HEAD request, a client gone before the first byte) never holds a connection.
      async pull(controller) {
        try {
          cursor ??= await openCursor(spec.query(filter))
          const rows = await cursor.fetch()
          // Chunks of about 300 KB: fewer make the socket wait, more cost a round trip each
          // (1,000 rows measured fastest, bench/README.md).
          for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
            let text = ''
            for (const row of rows.slice(start, start + CHUNK_ROWS)) text += spec.line(row)
            controller.enqueue(encoder.encode(text))
          }
          if (rows.length < BATCH_SIZE) {
            await cursor.close()
            controller.close()
          }
        } catch (error) {
          await cursor?.close()
          controller.error(error)
        }
      },
      async cancel() {
        await cursor?.close()
      },
    },
    { highWaterMark: 0 },
  )
}
