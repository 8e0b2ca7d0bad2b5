// The gifts ledger on real PostgreSQL: filters, search, keyset pages and totals.
import { describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { parseLedgerFilter, type LedgerFilter } from './ledger-filter.ts'

const { listGifts, LEDGER_PAGE_SIZE } = await import('./ledger.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createDonor, createGift, createPledge } =
  await import('#tests/support/factories.ts')

setupTestDatabase()

function filterOf(query: string): LedgerFilter {
  const parsed = parseLedgerFilter(new URLSearchParams(query))
  if (!parsed.ok) throw new Error(`bad filter ${query}: ${JSON.stringify(parsed.fieldErrors)}`)
  return parsed.filter
}

async function idsOf(query: string) {
  const page = await listGifts(filterOf(query))
  return page.rows.map((row) => row.id).sort()
}

describe('keyset pagination', () => {
  test('pages forward and back cover every gift once, newest first, ties broken by id', async () => {
    const campaign = await createCampaign()
    const donor = await createDonor()
    const base = Date.parse('2026-10-01T00:00:00Z')
    // 130 gifts; every three share a timestamp, so the id must break ties.
    const gifts = []
    for (let i = 0; i < 130; i++)
      gifts.push(
        await createGift({
          campaignId: campaign.id,
          donorId: donor.id,
          receivedAt: new Date(base + Math.floor(i / 3) * 60_000),
        }),
      )
    const expected = [...gifts]
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((gift) => gift.id)

    const pages: string[][] = []
    let query = ''
    for (;;) {
      const page = await listGifts(filterOf(query))
      pages.push(page.rows.map((row) => row.id))
      expect(page.totals.count).toBe(130)
      if (pages.length === 1) expect(page.prevCursor).toBeNull()
      else expect(page.prevCursor).not.toBeNull()
      if (!page.nextCursor) break
      query = `after=${page.nextCursor}`
    }
    expect(pages.map((ids) => ids.length)).toEqual([LEDGER_PAGE_SIZE, LEDGER_PAGE_SIZE, 30])
    expect(pages.flat()).toEqual(expected)

    // Back from the last page with the "newer" links: the same pages in reverse.
    const last = await listGifts(filterOf(query))
    let back = `before=${last.prevCursor}`
    const backPages: string[][] = []
    for (;;) {
      const page = await listGifts(filterOf(back))
      backPages.push(page.rows.map((row) => row.id))
      expect(page.nextCursor).not.toBeNull()
      if (!page.prevCursor) break
      back = `before=${page.prevCursor}`
    }
    expect(backPages).toEqual([pages[1], pages[0]])
  })

  test('a gift arriving while someone pages is neither repeated nor skipped on later pages', async () => {
    const campaign = await createCampaign()
    for (let i = 0; i < 60; i++)
      await createGift({
        campaignId: campaign.id,
        receivedAt: new Date(Date.parse('2026-09-01T00:00:00Z') + i * 1000),
      })
    const first = await listGifts(filterOf(''))
    await createGift({ campaignId: campaign.id, receivedAt: new Date('2026-12-01T00:00:00Z') })
    const second = await listGifts(filterOf(`after=${first.nextCursor}`))
    expect(second.rows).toHaveLength(10)
    const seen = new Set([...first.rows, ...second.rows].map((row) => row.id))
    expect(seen.size).toBe(60)
  })
})

describe('filters and search', () => {
  test('each filter narrows to the right gifts', async () => {
    const rescue = await createCampaign({ fund: 'RESCUE' })
    const medical = await createCampaign({ fund: 'MEDICAL', currency: 'KRW' })
    const card = await createGift({
      campaignId: rescue.id,
      paymentMethod: 'card',
      receivedAt: new Date('2026-11-02T10:00:00Z'),
    })
    const monthly = await createGift({
      campaignId: rescue.id,
      frequency: 'MONTHLY',
      paymentMethod: 'card',
      receivedAt: new Date('2026-11-03T23:59:59Z'),
    })
    const refunded = await createGift({
      campaignId: rescue.id,
      paymentMethod: 'sepa_debit',
      refundedMinor: 1_000,
      status: 'PARTIALLY_REFUNDED',
      receivedAt: new Date('2026-11-04T00:00:00Z'),
    })
    const won = await createGift({
      campaignId: medical.id,
      currency: 'KRW',
      amountMinor: 50_000,
      receivedAt: new Date('2026-11-05T00:00:00Z'),
    })
    await prisma.dispute.create({
      data: {
        giftId: won.id,
        stripeDisputeId: 'du_won',
        amountMinor: 50_000,
        currency: 'KRW',
        status: 'won',
      },
    })
    const cheque = await createGift({
      campaignId: medical.id,
      currency: 'KRW',
      amountMinor: 100_000,
      source: 'OFFLINE',
      paymentMethod: 'cheque',
      stripePaymentIntentId: null,
      offlineReference: 'CHQ-1',
      receivedAt: new Date('2026-10-31T12:00:00Z'),
    })

    expect(await idsOf('status=PARTIALLY_REFUNDED')).toEqual([refunded.id])
    expect(await idsOf('refunded=1')).toEqual([refunded.id])
    expect(await idsOf('disputed=1')).toEqual([won.id])
    expect(await idsOf('source=OFFLINE')).toEqual([cheque.id])
    expect(await idsOf('source=STRIPE')).toEqual([card.id, monthly.id, refunded.id, won.id].sort())
    expect(await idsOf('currency=KRW')).toEqual([won.id, cheque.id].sort())
    expect(await idsOf('fund=MEDICAL')).toEqual([won.id, cheque.id].sort())
    expect(await idsOf(`campaign=${rescue.id}`)).toEqual([card.id, monthly.id, refunded.id].sort())
    expect(await idsOf('frequency=MONTHLY')).toEqual([monthly.id])
    expect(await idsOf('method=card')).toEqual([card.id, monthly.id].sort())
    // Both ends inclusive, in UTC days.
    expect(await idsOf('from=2026-11-02&to=2026-11-03')).toEqual([card.id, monthly.id].sort())
    expect(await idsOf('to=2026-10-31')).toEqual([cheque.id])
    // Filters combine.
    expect(await idsOf(`campaign=${rescue.id}&method=card&frequency=ONE_TIME`)).toEqual([card.id])
    expect(await idsOf('currency=KRW&source=STRIPE&status=SUCCEEDED')).toEqual([won.id])
    expect(await idsOf('currency=GBP')).toEqual([])
  })

  test('search finds a gift by donor email (any case), receipt number and each Stripe id', async () => {
    const donor = await createDonor({ email: 'ada@example.org' })
    const pledge = await createPledge({
      donorId: donor.id,
      frequency: 'MONTHLY',
      stripeCheckoutSessionId: 'cs_test_monthly',
      stripeSubscriptionId: 'sub_test_1',
    })
    const first = await createGift({
      pledgeId: pledge.id,
      stripePaymentIntentId: 'pi_test_first',
      stripeChargeId: 'ch_test_first',
      stripeInvoiceId: 'in_test_first',
      stripeSubscriptionId: 'sub_test_1',
    })
    const second = await createGift({
      pledgeId: pledge.id,
      stripeInvoiceId: 'in_test_second',
      stripeSubscriptionId: 'sub_test_1',
    })
    const oneOff = await createGift({ donorId: donor.id, stripeCheckoutSessionId: 'cs_test_once' })
    const other = await createGift()
    await prisma.receipt.create({
      data: {
        number: 'LAN-2026-000042',
        year: 2026,
        sequence: 42,
        giftId: other.id,
        amountMinor: other.amountMinor,
        currency: 'USD',
        donorEmail: 'someone@example.org',
      },
    })

    expect(await idsOf('q=ADA@Example.org')).toEqual([first.id, second.id, oneOff.id].sort())
    expect(await idsOf('q=lan-2026-000042')).toEqual([other.id])
    expect(await idsOf('q=pi_test_first')).toEqual([first.id])
    expect(await idsOf('q=ch_test_first')).toEqual([first.id])
    expect(await idsOf('q=in_test_second')).toEqual([second.id])
    expect(await idsOf('q=sub_test_1')).toEqual([first.id, second.id].sort())
    expect(await idsOf('q=cs_test_monthly')).toEqual([first.id, second.id].sort())
    expect(await idsOf('q=cs_test_once')).toEqual([oneOff.id])
    expect(await idsOf('q=nobody@example.org')).toEqual([])
    // The row shows the receipt number.
    const page = await listGifts(filterOf('q=LAN-2026-000042'))
    expect(page.rows[0]?.receiptNumber).toBe('LAN-2026-000042')
  })
})

describe('totals', () => {
  test('gross per currency; fees and net per settlement currency; for the filtered set only', async () => {
    const usd = await createCampaign({ currency: 'USD' })
    const krw = await createCampaign({ currency: 'KRW' })
    const settled = { stripeBalanceTransactionId: 'txn_x' }
    await createGift({
      campaignId: usd.id,
      amountMinor: 4_500,
      stripeFeeMinor: 161,
      netMinor: 4_339,
      settlementCurrency: 'USD',
      settlementAmountMinor: 4_500,
      ...settled,
    })
    await createGift({
      campaignId: usd.id,
      amountMinor: 2_500,
      refundedMinor: 500,
      status: 'PARTIALLY_REFUNDED',
      stripeFeeMinor: 103,
      netMinor: 2_397,
      settlementCurrency: 'USD',
      settlementAmountMinor: 2_500,
      ...settled,
    })
    // 50,000 KRW settled in USD at 0.00075: 3750 USD cents, fee 139, net 3611.
    await createGift({
      campaignId: krw.id,
      currency: 'KRW',
      amountMinor: 50_000,
      stripeFeeMinor: 139,
      netMinor: 3_611,
      settlementCurrency: 'USD',
      settlementAmountMinor: 3_750,
      exchangeRate: '0.00075',
      ...settled,
    })
    // Not settled yet: counts in gross, not in fees and net.
    await createGift({ campaignId: krw.id, currency: 'KRW', amountMinor: 7_000 })

    const all = await listGifts(filterOf(''))
    expect(all.totals).toEqual({
      count: 4,
      gross: [
        { currency: 'KRW', amountMinor: 57_000, refundedMinor: 0, lostMinor: 0 },
        { currency: 'USD', amountMinor: 7_000, refundedMinor: 500, lostMinor: 0 },
      ],
      settlement: [{ currency: 'USD', feeMinor: 161 + 103 + 139, netMinor: 4_339 + 2_397 + 3_611 }],
    })
    const krwOnly = await listGifts(filterOf('currency=KRW'))
    expect(krwOnly.totals).toEqual({
      count: 2,
      gross: [{ currency: 'KRW', amountMinor: 57_000, refundedMinor: 0, lostMinor: 0 }],
      settlement: [{ currency: 'USD', feeMinor: 139, netMinor: 3_611 }],
    })
    const row = krwOnly.rows.find((r) => r.amountMinor === 50_000)
    expect(row).toMatchObject({ currency: 'KRW', settlementCurrency: 'USD', netMinor: 3_611 })
  })
})

describe('parseLedgerFilter', () => {
  const errorsOf = (query: string) => {
    const parsed = parseLedgerFilter(new URLSearchParams(query))
    return parsed.ok ? {} : parsed.fieldErrors
  }

  test('bad values are field errors at their parameter', () => {
    expect(errorsOf('from=2026-11-10&to=2026-11-01')).toEqual({
      to: ['The end date must be on or after the start date'],
    })
    expect(Object.keys(errorsOf('from=2026-02-30'))).toEqual(['from'])
    expect(Object.keys(errorsOf('status=PAID'))).toEqual(['status'])
    expect(Object.keys(errorsOf('currency=XYZ'))).toEqual(['currency'])
    expect(Object.keys(errorsOf('frequency=WEEKLY'))).toEqual(['frequency'])
    expect(Object.keys(errorsOf('source=PAYPAL'))).toEqual(['source'])
    expect(Object.keys(errorsOf('refunded=maybe'))).toEqual(['refunded'])
    expect(Object.keys(errorsOf('q=hello'))).toEqual(['q'])
    expect(Object.keys(errorsOf('after=not-a-cursor'))).toEqual(['after'])
  })

  test('empty values mean any; the same day twice is one day', () => {
    const parsed = parseLedgerFilter(
      new URLSearchParams('from=2026-11-01&to=2026-11-01&status=&fund=&q=&refunded='),
    )
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(parsed.filter).toMatchObject({ refunded: false, status: undefined })
  })
})
