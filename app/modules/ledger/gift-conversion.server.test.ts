// A gift in another currency than its appeal's, on real PostgreSQL: counted at the staff rate
// when recorded, replaced by Stripe's settled figure exactly once however the balance
// transaction arrives, and reduced in converted terms by refunds.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import type { BalanceFigures, RecordGiftInput } from './gifts.server.ts'

let mod: Awaited<ReturnType<typeof loadModules>>

async function loadModules() {
  const [gifts, db, factories] = await Promise.all([
    import('./gifts.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { gifts, prisma: db.prisma, factories }
}

beforeAll(async () => {
  mod = await loadModules()
})

setupTestDatabase()

const RECEIVED_AT = new Date('2026-11-02T10:00:00Z')

/** ₩30,000 pledged to a USD appeal. */
async function wonPledge(campaignId?: string) {
  const campaign = campaignId ?? (await mod.factories.createCampaign({ currency: 'USD' })).id
  return mod.factories.createPledge({
    campaignId: campaign,
    currency: 'KRW',
    status: 'PENDING',
    completedAt: null,
    amountMinor: 30_000,
  })
}

function payment(pledge: { id: string; totalMinor: number }): RecordGiftInput {
  const suffix = randomUUID().slice(0, 12)
  return {
    pledgeId: pledge.id,
    currency: 'KRW',
    amountMinor: pledge.totalMinor,
    stripePaymentIntentId: `pi_${suffix}`,
    stripeChargeId: `ch_${suffix}`,
    paymentMethod: 'card',
    receivedAt: RECEIVED_AT,
  }
}

/** Stripe's balance transaction for ₩30,000 settled in USD at 0.000745: $22.35. */
function settledInUsd(): BalanceFigures {
  return {
    stripeBalanceTransactionId: `txn_${randomUUID().slice(0, 12)}`,
    stripeFeeMinor: 95,
    netMinor: 2_140,
    settlementCurrency: 'USD',
    settlementAmountMinor: 2_235,
    exchangeRate: '0.000745',
  }
}

async function staffRate(base: string, quote: string, rate: string, effectiveAt = RECEIVED_AT) {
  return mod.prisma.exchangeRate.create({ data: { base, quote, rate, effectiveAt } })
}

async function totalsOf(campaignId: string) {
  const totals = await mod.prisma.campaignTotals.findUnique({ where: { campaignId } })
  return {
    raised: Number(totals?.raisedMinor ?? 0),
    gifts: totals?.giftCount ?? 0,
    estimated: totals?.estimatedGiftCount ?? 0,
  }
}

function giftOf(paid: RecordGiftInput) {
  return mod.prisma.gift.findUniqueOrThrow({
    where: { stripePaymentIntentId: paid.stripePaymentIntentId },
  })
}

describe('a KRW gift to a USD appeal', () => {
  test('counts at the staff rate in effect at its time, marked estimated', async () => {
    await staffRate('USD', 'KRW', '1300', new Date('2026-10-01T00:00:00Z'))
    const rate = await staffRate('KRW', 'USD', '0.00075')
    await staffRate('KRW', 'USD', '0.0009', new Date('2026-11-03T00:00:00Z'))
    const pledge = await wonPledge()
    const paid = payment(pledge)

    await mod.gifts.recordGift(paid)

    const gift = await giftOf(paid)
    expect(gift).toMatchObject({
      currency: 'KRW',
      amountMinor: 30_000,
      convertedCurrency: 'USD',
      convertedAmountMinor: 2_250,
      conversionSource: 'ESTIMATED',
      conversionRateId: rate.id,
    })
    expect(gift.conversionRate?.toString()).toBe('0.00075')
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 2_250, gifts: 1, estimated: 1 })
  })

  test('a rate stored the other way round is inverted', async () => {
    await staffRate('USD', 'KRW', '1250')
    const pledge = await wonPledge()
    const paid = payment(pledge)

    await mod.gifts.recordGift(paid)

    // ₩30,000 / 1250 = $24.00
    expect(await giftOf(paid)).toMatchObject({ convertedAmountMinor: 2_400 })
  })

  test('the settled figure replaces the estimate once, however often and in whatever order', async () => {
    await staffRate('KRW', 'USD', '0.00075')
    const pledge = await wonPledge()
    const paid = payment(pledge)
    await mod.gifts.recordGift(paid)
    const figures = settledInUsd()

    // charge.updated delivered twice at once, then once more, then the thank-you page's
    // fulfilment fetching the same payment with its balance transaction.
    await Promise.all([
      mod.gifts.recordBalanceFigures(paid.stripeChargeId as string, figures),
      mod.gifts.recordBalanceFigures(paid.stripeChargeId as string, figures),
    ])
    await mod.gifts.recordBalanceFigures(paid.stripeChargeId as string, figures)
    await mod.gifts.recordGift({ ...paid, balance: figures })

    const gift = await giftOf(paid)
    expect(gift).toMatchObject({
      convertedAmountMinor: 2_235,
      conversionSource: 'SETTLED',
      conversionRateId: null,
      settlementAmountMinor: 2_235,
      stripeBalanceTransactionId: figures.stripeBalanceTransactionId,
    })
    expect(gift.conversionRate?.toString()).toBe('0.000745')
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 2_235, gifts: 1, estimated: 0 })
  })

  test('a balance transaction known when the gift is recorded is used at once', async () => {
    await staffRate('KRW', 'USD', '0.00075')
    const pledge = await wonPledge()
    const paid = payment(pledge)

    await mod.gifts.recordGift({ ...paid, balance: settledInUsd() })
    await mod.gifts.recordBalanceFigures(paid.stripeChargeId as string, settledInUsd())

    expect(await giftOf(paid)).toMatchObject({
      convertedAmountMinor: 2_235,
      conversionSource: 'SETTLED',
    })
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 2_235, gifts: 1, estimated: 0 })
  })

  test('settled in its own currency, the estimate stays (Stripe gave no USD figure)', async () => {
    await staffRate('KRW', 'USD', '0.00075')
    const pledge = await wonPledge()
    const paid = payment(pledge)
    await mod.gifts.recordGift(paid)

    await mod.gifts.recordBalanceFigures(paid.stripeChargeId as string, {
      ...settledInUsd(),
      settlementCurrency: 'KRW',
      settlementAmountMinor: 30_000,
      exchangeRate: null,
    })

    expect(await giftOf(paid)).toMatchObject({
      convertedAmountMinor: 2_250,
      conversionSource: 'ESTIMATED',
      settlementCurrency: 'KRW',
    })
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 2_250, gifts: 1, estimated: 1 })
  })

  test('a refund takes its share of the converted value', async () => {
    const pledge = await wonPledge()
    const paid = payment(pledge)
    await mod.gifts.recordGift({ ...paid, balance: settledInUsd() })

    const refund = (id: string, amountMinor: number) => ({
      id,
      amountMinor,
      currency: 'krw',
      status: 'succeeded',
      reason: null,
    })
    // ₩10,000 of ₩30,000: a third of $22.35 goes, $14.90 stays.
    await mod.gifts.syncGiftReversals(paid.stripeChargeId as string, [refund('re_1', 10_000)], [])
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 1_490, gifts: 1, estimated: 0 })

    await mod.gifts.syncGiftReversals(
      paid.stripeChargeId as string,
      [refund('re_1', 10_000), refund('re_2', 20_000)],
      [],
    )
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 0, gifts: 0, estimated: 0 })
  })

  test('with no rate for the pair it waits at zero; a staff rate then counts it', async () => {
    const pledge = await wonPledge()
    const paid = payment(pledge)
    await mod.gifts.recordGift(paid)

    expect(await giftOf(paid)).toMatchObject({
      convertedAmountMinor: 0,
      conversionSource: 'MISSING',
    })
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 0, gifts: 1, estimated: 1 })

    // Entered after the gift's date: the earliest rate of the pair is the estimate.
    const rate = await staffRate('USD', 'KRW', '1200', new Date('2026-11-20T00:00:00Z'))
    const counted = await mod.prisma.$transaction((tx) =>
      mod.gifts.estimateWaitingGifts(tx, 'USD', 'KRW'),
    )

    expect(counted).toBe(1)
    expect(await giftOf(paid)).toMatchObject({
      convertedAmountMinor: 2_500,
      conversionSource: 'ESTIMATED',
      conversionRateId: rate.id,
    })
    expect(await totalsOf(pledge.campaignId)).toEqual({ raised: 2_500, gifts: 1, estimated: 1 })
  })

  test('a gift in the appeal’s currency counts as itself', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    const pledge = await mod.factories.createPledge({
      campaignId: campaign.id,
      status: 'PENDING',
      completedAt: null,
      amountMinor: 5_000,
    })
    const paid = { ...payment(pledge), currency: 'USD' }

    await mod.gifts.recordGift(paid)

    expect(await giftOf(paid)).toMatchObject({
      convertedCurrency: 'USD',
      convertedAmountMinor: 5_000,
      conversionSource: 'SAME',
      conversionRate: null,
    })
    expect(await totalsOf(campaign.id)).toEqual({ raised: 5_000, gifts: 1, estimated: 0 })
  })
})
