import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { exportFilterSchema, type ExportFilter } from './export-filter.ts'
import { GIFT_COLUMNS, exportStream } from './exports.server.ts'

setupTestDatabase()

async function download(filter: ExportFilter): Promise<string> {
  return new Response(exportStream(filter)).text()
}

/** A small RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += char
  }
  expect(field).toBe('')
  expect(row).toEqual([])
  return rows
}

function column(rows: string[][], name: string): string[] {
  const index = rows[0]!.indexOf(name)
  expect(index, name).toBeGreaterThanOrEqual(0)
  return rows.slice(1).map((row) => row[index]!)
}

describe('gift export', () => {
  test('every gift in the range, oldest first, with exact amounts and custom fields', async () => {
    const campaign = await createCampaign({
      fund: 'SHELTER',
      // A won gift to a dollar appeal: its own currency and the appeal's are both exported.
      currency: 'USD',
      slug: 'winter-shelter',
    })
    const donor = await createDonor({ email: 'minji@example.org', name: 'Kim, "Min-ji"' })
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12))
    const krw = await createGift({
      campaignId: campaign.id,
      donorId: donor.id,
      currency: 'KRW',
      amountMinor: 50_000,
      receivedAt: at(10),
      paymentMethod: 'card',
      refundedMinor: 10_000,
      status: 'PARTIALLY_REFUNDED',
      settlementCurrency: 'USD',
      settlementAmountMinor: 3750,
      exchangeRate: '0.00075',
      stripeFeeMinor: 139,
      netMinor: 3611,
      convertedCurrency: 'USD',
      convertedAmountMinor: 3750,
      conversionRate: '0.00075',
      conversionSource: 'SETTLED',
    })
    await prisma.pledge.update({
      where: { id: krw.pledgeId },
      data: { dedication: 'IN_MEMORY', dedicationName: '=cmd|calc', utmSource: 'newsletter' },
    })
    const usd = await createGift({ amountMinor: 4500, receivedAt: at(20) })
    await createGift({ amountMinor: 700, receivedAt: at(21) }) // after the range

    const rows = parseCsv(await download({ kind: 'gifts', from: '2026-11-10', to: '2026-11-20' }))
    expect(rows[0]).toEqual([...GIFT_COLUMNS])
    expect(column(rows, 'Gift id')).toEqual([krw.id, usd.id])
    const first = Object.fromEntries(rows[0]!.map((name, i) => [name, rows[1]![i]]))
    expect(first).toMatchObject({
      'Received at (UTC)': '2026-11-10T12:00:00.000Z',
      Campaign: 'winter-shelter',
      Fund: 'SHELTER',
      'Donor email': 'minji@example.org',
      'Donor name': 'Kim, "Min-ji"',
      Currency: 'KRW',
      Gross: '50000',
      Refunded: '10000',
      Status: 'PARTIALLY_REFUNDED',
      'Settlement currency': 'USD',
      'Settled gross': '37.50',
      'Exchange rate': '0.00075',
      'Stripe fee': '1.39',
      Net: '36.11',
      'Appeal currency': 'USD',
      'Counted for appeal': '37.50',
      'Conversion rate': '0.00075',
      'Conversion source': 'SETTLED',
      Dedication: 'IN_MEMORY',
      // A spreadsheet must not run it as a formula.
      'Dedication name': "'=cmd|calc",
      'UTM source': 'newsletter',
    })
    expect(column(rows, 'Gross')[1]).toBe('45.00')
  })

  test('a range that ends before it starts is refused at the end date', () => {
    const result = exportFilterSchema.safeParse({
      kind: 'gifts',
      from: '2026-11-20',
      to: '2026-11-01',
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['to'], message: 'The end date is before the start date' }),
    ])
    const impossible = exportFilterSchema.safeParse({ kind: 'gifts', from: '2026-02-30' })
    expect(impossible.error?.issues[0]).toMatchObject({
      path: ['from'],
      message: 'That date does not exist',
    })
  })

  test('more rows than one batch arrive complete and in order, in several chunks', async () => {
    const campaign = await createCampaign()
    const donor = await createDonor()
    const pledge = await prisma.pledge.create({
      data: {
        campaignId: campaign.id,
        donorId: donor.id,
        frequency: 'ONE_TIME',
        currency: 'USD',
        amountMinor: 500,
        totalMinor: 500,
        status: 'FULFILLED',
      },
    })
    const base = Date.UTC(2026, 0, 1)
    // 12,001 gifts: two full batches of 5,000 and a partial one; some share a timestamp.
    await prisma.$executeRaw`
      INSERT INTO "Gift" ("id", "pledgeId", "campaignId", "donorId", "frequency", "currency",
        "amountMinor", "stripePaymentIntentId", "receivedAt", "convertedCurrency",
        "convertedAmountMinor", "conversionSource")
      SELECT 'gift_' || lpad(n::text, 6, '0'), ${pledge.id}, ${campaign.id}, ${donor.id},
        'ONE_TIME', 'USD', 500 + n, 'pi_bulk_' || n, ${new Date(base)}::timestamp + (n / 3) * interval '1 second',
        'USD', 500 + n, 'SAME'
      FROM generate_series(1, 12001) AS n`
    const stream = exportStream({ kind: 'gifts' })
    const reader = stream.getReader()
    const chunks: string[] = []
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(decoder.decode(value, { stream: true }))
    }
    expect(chunks.length).toBeGreaterThanOrEqual(4) // header + three batches
    const rows = parseCsv(chunks.join(''))
    const ids = column(rows, 'Gift id')
    expect(ids).toHaveLength(12001)
    expect(new Set(ids).size).toBe(12001)
    expect(ids).toEqual([...ids].sort())
    const total = column(rows, 'Gross').reduce(
      (sum, gross) => sum + Math.round(Number(gross) * 100),
      0,
    )
    expect(total).toBe(12001 * 500 + (12001 * 12002) / 2)
  })
})

test('the cursor opens on the first read, and a cancelled download closes it', async () => {
  const gift = await createGift({ amountMinor: 4500 })
  // More than one batch, so that the cursor is still open after the first one.
  await prisma.$executeRaw`
    INSERT INTO "Gift" ("id", "pledgeId", "campaignId", "donorId", "frequency", "currency",
      "amountMinor", "stripePaymentIntentId", "receivedAt", "convertedCurrency",
      "convertedAmountMinor", "conversionSource")
    SELECT 'gift_c_' || n, ${gift.pledgeId}, ${gift.campaignId}, ${gift.donorId}, 'ONE_TIME',
      'USD', 500, 'pi_cancel_' || n, now(), 'USD', 500, 'SAME' FROM generate_series(1, 6000) AS n`
  const openExports = async () => {
    const [row] = await prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%export_rows%'`
    return row?.n ?? 0
  }
  const unread = exportStream({ kind: 'gifts' })
  const reader = exportStream({ kind: 'gifts' }).getReader()
  await reader.read() // the header
  await new Promise((r) => setTimeout(r, 50))
  expect(await openExports()).toBe(0) // nothing read past the header: no connection
  await reader.read() // the first rows: the cursor is open, the next batch on its way
  expect(await openExports()).toBe(1)
  await reader.cancel()
  for (let i = 0; i < 50 && (await openExports()) > 0; i++)
    await new Promise((r) => setTimeout(r, 20))
  expect(await openExports()).toBe(0)
  await unread.cancel()
})

describe('donor, refund and payout exports', () => {
  test('donors: one row per donor and currency, refunds netted', async () => {
    const donor = await createDonor({ email: 'jae@example.org' })
    const usdCampaign = await createCampaign({ currency: 'USD' })
    const eurCampaign = await createCampaign({ currency: 'EUR' })
    await createGift({
      donorId: donor.id,
      campaignId: usdCampaign.id,
      currency: 'USD',
      amountMinor: 4500,
    })
    await createGift({
      donorId: donor.id,
      campaignId: usdCampaign.id,
      currency: 'USD',
      amountMinor: 2000,
      refundedMinor: 500,
      status: 'PARTIALLY_REFUNDED',
    })
    await createGift({
      donorId: donor.id,
      campaignId: eurCampaign.id,
      currency: 'EUR',
      amountMinor: 1000,
    })
    const rows = parseCsv(await download({ kind: 'donors' }))
    const mine = rows.filter((row) => row[1] === 'jae@example.org')
    expect(mine.map((row) => row.slice(3, 8))).toEqual([
      ['EUR', '1', '10.00', '0.00', '10.00'],
      ['USD', '2', '65.00', '5.00', '60.00'],
    ])
  })

  test('refunds carry the staff reason and who asked; payouts list every line', async () => {
    const gift = await createGift({ amountMinor: 4500, stripeChargeId: 'ch_export_1' })
    await prisma.refund.create({
      data: {
        giftId: gift.id,
        stripeRefundId: 're_export_1',
        amountMinor: 1500,
        currency: 'USD',
        status: 'succeeded',
        reason: 'requested_by_customer',
        note: 'Donor gave twice by mistake',
        requestedByEmail: 'finance@lantern.test',
      },
    })
    const refunds = parseCsv(await download({ kind: 'refunds' }))
    expect(refunds).toHaveLength(2)
    expect(refunds[1]).toEqual(
      expect.arrayContaining([
        're_export_1',
        '15.00',
        'Donor gave twice by mistake',
        'finance@lantern.test',
      ]),
    )

    await prisma.payout.create({
      data: {
        id: 'po_export_1',
        amountMinor: 4194,
        currency: 'USD',
        status: 'paid',
        arrivalDate: new Date(Date.UTC(2026, 10, 23)),
        automatic: true,
        stripeCreatedAt: new Date(Date.UTC(2026, 10, 21)),
        transactions: {
          create: [
            {
              id: 'txn_charge',
              type: 'charge',
              reportingCategory: 'charge',
              amountMinor: 4500,
              feeMinor: 161,
              netMinor: 4339,
              currency: 'USD',
              sourceId: 'ch_export_1',
              status: 'available',
              availableOn: new Date(),
              stripeCreatedAt: new Date(Date.UTC(2026, 10, 19)),
              match: 'MATCHED',
              giftId: gift.id,
            },
            {
              id: 'txn_other',
              type: 'adjustment',
              reportingCategory: 'other_adjustment',
              amountMinor: -145,
              feeMinor: 0,
              netMinor: -145,
              currency: 'USD',
              status: 'available',
              availableOn: new Date(),
              stripeCreatedAt: new Date(Date.UTC(2026, 10, 20)),
            },
          ],
        },
      },
    })
    const payouts = parseCsv(
      await download({ kind: 'payouts', from: '2026-11-21', to: '2026-11-21' }),
    )
    expect(column(payouts, 'Balance transaction')).toEqual(['txn_charge', 'txn_other'])
    expect(column(payouts, 'Net')).toEqual(['43.39', '-1.45'])
    expect(column(payouts, 'Payout amount')).toEqual(['41.94', '41.94'])
    expect(column(payouts, 'Match')).toEqual(['MATCHED', 'UNMATCHED'])
    expect(parseCsv(await download({ kind: 'payouts', from: '2026-11-22' }))).toHaveLength(1)
  })
})
