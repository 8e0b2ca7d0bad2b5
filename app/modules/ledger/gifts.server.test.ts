// The gift ledger on real PostgreSQL: recording a Stripe payment as a gift, and bringing its
// refunds and disputes in line with Stripe, each exactly once however often it is repeated.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import type {
  RecordGiftInput,
  StripeDisputeSnapshot,
  StripeRefundSnapshot,
} from './gifts.server.ts'

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

async function pledge(overrides: { campaignId?: string; donorId?: string } = {}) {
  return mod.factories.createPledge({
    status: 'PENDING',
    completedAt: null,
    amountMinor: 5_000,
    ...overrides,
  })
}

/** A paid Stripe payment of the pledge's total, with ids of its own. */
function payment(forPledge: { id: string; totalMinor: number }): RecordGiftInput {
  const suffix = randomUUID().slice(0, 12)
  return {
    pledgeId: forPledge.id,
    currency: 'USD',
    amountMinor: forPledge.totalMinor,
    stripePaymentIntentId: `pi_${suffix}`,
    stripeChargeId: `ch_${suffix}`,
    stripeCheckoutSessionId: `cs_${suffix}`,
    paymentMethod: 'card',
    receivedAt: new Date('2026-11-02T10:00:00Z'),
  }
}

async function totalsOf(campaignId: string) {
  const totals = await mod.prisma.campaignTotals.findUnique({ where: { campaignId } })
  return {
    raised: Number(totals?.raisedMinor ?? 0),
    gifts: totals?.giftCount ?? 0,
    donors: totals?.donorCount ?? 0,
  }
}

function refund(id: string, amountMinor: number, status = 'succeeded'): StripeRefundSnapshot {
  return { id, amountMinor, currency: 'usd', status, reason: 'requested_by_customer' }
}

function dispute(id: string, status: string): StripeDisputeSnapshot {
  return {
    id,
    amountMinor: 5_000,
    currency: 'usd',
    status,
    reason: 'fraudulent',
    evidenceDueBy: new Date('2026-12-01T00:00:00Z'),
  }
}

describe('recordGift', () => {
  test('a payment recorded again, and five times at once, is one gift and moves totals once', async () => {
    const promised = await pledge()
    const paid = payment(promised)

    await mod.gifts.recordGift(paid)
    await Promise.all(Array.from({ length: 5 }, () => mod.gifts.recordGift(paid)))

    const gifts = await mod.prisma.gift.findMany({ where: { pledgeId: promised.id } })
    expect(gifts).toHaveLength(1)
    expect(gifts[0]).toMatchObject({
      amountMinor: 5_000,
      currency: 'USD',
      campaignId: promised.campaignId,
      donorId: promised.donorId,
      stripePaymentIntentId: paid.stripePaymentIntentId,
      status: 'SUCCEEDED',
    })
    expect(await totalsOf(promised.campaignId)).toEqual({ raised: 5_000, gifts: 1, donors: 1 })
  })

  test('a second gift from the same donor adds to raised and gifts, not to donors', async () => {
    const first = await pledge()
    const second = await pledge({ campaignId: first.campaignId, donorId: first.donorId })

    await mod.gifts.recordGift(payment(first))
    await mod.gifts.recordGift(payment(second))

    expect(await totalsOf(first.campaignId)).toEqual({ raised: 10_000, gifts: 2, donors: 1 })
  })

  test('a payment in another currency than its pledge is refused and records nothing', async () => {
    const promised = await pledge()

    await expect(mod.gifts.recordGift({ ...payment(promised), currency: 'EUR' })).rejects.toThrow(
      /currency/,
    )

    expect(await mod.prisma.gift.count()).toBe(0)
    expect(await totalsOf(promised.campaignId)).toEqual({ raised: 0, gifts: 0, donors: 0 })
  })
})

describe('syncGiftReversals', () => {
  async function recordedGift() {
    const promised = await pledge()
    const paid = payment(promised)
    await mod.gifts.recordGift(paid)
    const gift = await mod.prisma.gift.findUniqueOrThrow({
      where: { stripePaymentIntentId: paid.stripePaymentIntentId },
    })
    return { gift, chargeId: paid.stripeChargeId as string }
  }

  test('a partial refund is its own row linked to the gift, and lowers raised once', async () => {
    const { gift, chargeId } = await recordedGift()

    await mod.gifts.syncGiftReversals(chargeId, [refund('re_1', 1_500)], [])
    await mod.gifts.syncGiftReversals(chargeId, [refund('re_1', 1_500)], [])

    const refunds = await mod.prisma.refund.findMany({ where: { giftId: gift.id } })
    expect(refunds).toEqual([
      expect.objectContaining({ stripeRefundId: 're_1', amountMinor: 1_500, currency: 'USD' }),
    ])
    const stored = await mod.prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })
    expect(stored).toMatchObject({
      amountMinor: 5_000,
      refundedMinor: 1_500,
      status: 'PARTIALLY_REFUNDED',
    })
    expect(await totalsOf(gift.campaignId)).toEqual({ raised: 3_500, gifts: 1, donors: 1 })
  })

  test('refunded in full, the gift stops counting toward the campaign', async () => {
    const { gift, chargeId } = await recordedGift()

    await mod.gifts.syncGiftReversals(
      chargeId,
      [refund('re_1', 1_500), refund('re_2', 3_500), refund('re_3', 900, 'failed')],
      [],
    )

    const stored = await mod.prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })
    expect(stored).toMatchObject({ refundedMinor: 5_000, status: 'REFUNDED' })
    expect(await mod.prisma.refund.count({ where: { giftId: gift.id } })).toBe(3)
    expect(await totalsOf(gift.campaignId)).toEqual({ raised: 0, gifts: 0, donors: 0 })
  })

  test('a dispute is linked to the gift; lost, it stops counting; repeats change nothing', async () => {
    const { gift, chargeId } = await recordedGift()

    await mod.gifts.syncGiftReversals(chargeId, [], [dispute('du_1', 'needs_response')])
    expect(await mod.prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      status: 'DISPUTED',
      disputeLostMinor: 0,
    })
    expect(await totalsOf(gift.campaignId)).toEqual({ raised: 5_000, gifts: 1, donors: 1 })

    await mod.gifts.syncGiftReversals(chargeId, [], [dispute('du_1', 'lost')])
    await mod.gifts.syncGiftReversals(chargeId, [], [dispute('du_1', 'lost')])

    const disputes = await mod.prisma.dispute.findMany({ where: { giftId: gift.id } })
    expect(disputes).toEqual([
      expect.objectContaining({ stripeDisputeId: 'du_1', status: 'lost', amountMinor: 5_000 }),
    ])
    expect(await mod.prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      status: 'DISPUTE_LOST',
      disputeLostMinor: 5_000,
    })
    expect(await totalsOf(gift.campaignId)).toEqual({ raised: 0, gifts: 0, donors: 0 })
  })

  test('a charge Lantern has no gift for is reported as not found and stores nothing', async () => {
    const result = await mod.gifts.syncGiftReversals('ch_unknown', [refund('re_9', 100)], [])

    expect(result).toEqual({ found: false })
    expect(await mod.prisma.refund.count()).toBe(0)
  })
})
