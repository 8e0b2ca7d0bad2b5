// The running totals behind the ledger's totals ("GiftLedgerTotals", kept by a trigger on
// "Gift") must always equal sums over the gifts themselves, whatever happens to the gifts.
import { describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { parseLedgerFilter, type LedgerFilter } from './ledger-filter.ts'

const { ledgerConditions, ledgerTotals, ledgerTotalsFromRunningTotals, totalsConditions } =
  await import('./ledger.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createDonor, createGift } = await import('#tests/support/factories.ts')

setupTestDatabase()

function filterOf(query: string): LedgerFilter {
  const parsed = parseLedgerFilter(new URLSearchParams(query))
  if (!parsed.ok) throw new Error(`bad filter ${query}: ${JSON.stringify(parsed.fieldErrors)}`)
  return parsed.filter
}

async function runningRows() {
  return prisma.$queryRaw<Array<Record<string, unknown>>>`
    SELECT * FROM "GiftLedgerTotals" WHERE "giftCount" <> 0
    ORDER BY "day", "campaignId", "status", "frequency", "currency", "settlementCurrency",
      "paymentMethod", "source", "refunded"`
}

describe('running ledger totals', () => {
  test('equal the sums over the gifts after inserts, refunds, settlement, moves and deletes', async () => {
    const usd = await createCampaign({ currency: 'USD', fund: 'RESCUE' })
    const krw = await createCampaign({ currency: 'KRW', fund: 'SHELTER' })
    const donors = [await createDonor(), await createDonor(), await createDonor()]
    const gifts = []
    for (let i = 0; i < 40; i++) {
      const korean = i % 3 === 0
      gifts.push(
        await createGift({
          campaignId: korean ? krw.id : usd.id,
          donorId: donors[i % 3]!.id,
          currency: korean ? 'KRW' : 'USD',
          amountMinor: korean ? 10_000 + i * 1000 : 500 + i * 100,
          frequency: i % 4 === 0 ? 'MONTHLY' : 'ONE_TIME',
          paymentMethod: i % 5 === 0 ? 'sepa_debit' : 'card',
          // Around UTC midnight, so that day boundaries are exercised.
          receivedAt: new Date(Date.UTC(2026, 10, 10 + (i % 4), i % 2 ? 23 : 0, 59, 59, 999)),
        }),
      )
    }
    // Balance transactions arrive (KRW settles in USD), refunds and a lost dispute happen,
    // one gift is moved to another day, one is deleted.
    for (const [i, gift] of gifts.entries()) {
      if (i % 2 === 0) {
        const korean = gift.currency === 'KRW'
        const settled = korean ? Math.round(gift.amountMinor * 0.00075) : gift.amountMinor
        await prisma.gift.update({
          where: { id: gift.id },
          data: {
            settlementCurrency: 'USD',
            settlementAmountMinor: settled,
            exchangeRate: korean ? '0.00075' : null,
            stripeFeeMinor: Math.round(settled * 0.029) + 30,
            netMinor: settled - (Math.round(settled * 0.029) + 30),
          },
        })
      }
      if (i % 7 === 0)
        await prisma.gift.update({
          where: { id: gift.id },
          data: { refundedMinor: Math.floor(gift.amountMinor / 2), status: 'PARTIALLY_REFUNDED' },
        })
    }
    await prisma.gift.update({
      where: { id: gifts[9]!.id },
      data: { disputeLostMinor: gifts[9]!.amountMinor, status: 'DISPUTE_LOST' },
    })
    await prisma.gift.update({
      where: { id: gifts[11]!.id },
      data: { receivedAt: new Date(Date.UTC(2026, 11, 1, 12)) },
    })
    await prisma.gift.update({ where: { id: gifts[13]!.id }, data: { commitmentId: null } })
    await prisma.refund.deleteMany({ where: { giftId: gifts[38]!.id } })
    await prisma.gift.delete({ where: { id: gifts[38]!.id } })

    const queries = [
      '',
      'from=2026-11-11&to=2026-11-12',
      'from=2026-11-13',
      'to=2026-11-10',
      'currency=KRW',
      'currency=USD&status=PARTIALLY_REFUNDED',
      'refunded=1',
      'frequency=MONTHLY&method=sepa_debit',
      `campaign=${krw.id}`,
      'fund=RESCUE&from=2026-11-10&to=2026-11-10',
      'status=DISPUTE_LOST',
      'source=OFFLINE',
    ]
    for (const query of queries) {
      const filter = filterOf(query)
      const running = totalsConditions(filter)
      expect(running, query).not.toBeNull()
      const fromGifts = await ledgerTotals(ledgerConditions(filter))
      expect(await ledgerTotalsFromRunningTotals(running!), query).toEqual(fromGifts)
    }
    const all = await ledgerTotals([])
    expect(all.count).toBe(39)
    expect(all.settlement).toEqual([expect.objectContaining({ currency: 'USD' })])

    // Rebuilding from scratch gives exactly what the trigger kept.
    const kept = await runningRows()
    await prisma.$executeRaw`SELECT "rebuild_gift_ledger_totals"()`
    expect(await runningRows()).toEqual(kept)
  })

  test('searches and the dispute filter are summed from the gifts', () => {
    expect(totalsConditions(filterOf('q=someone@example.org'))).toBeNull()
    expect(totalsConditions(filterOf('disputed=1'))).toBeNull()
  })

  test('concurrent gifts and refunds on the same rows keep exact totals', async () => {
    const campaign = await createCampaign({ currency: 'USD' })
    const receivedAt = new Date(Date.UTC(2026, 10, 21, 9))
    const gifts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createGift({ campaignId: campaign.id, amountMinor: 1000 + i, receivedAt }),
      ),
    )
    await Promise.all(
      gifts.map((gift, i) =>
        prisma.gift.update({
          where: { id: gift.id },
          data:
            i % 2
              ? { refundedMinor: 100, status: 'PARTIALLY_REFUNDED' }
              : { stripeFeeMinor: 59, netMinor: gift.amountMinor - 59, settlementCurrency: 'USD' },
        }),
      ),
    )
    const filter = filterOf(`campaign=${campaign.id}`)
    expect(await ledgerTotalsFromRunningTotals(totalsConditions(filter)!)).toEqual(
      await ledgerTotals(ledgerConditions(filter)),
    )
  })
})
