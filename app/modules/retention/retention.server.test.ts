import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createDonor, createGift, createPledge } from '#tests/support/factories.ts'
import { createStaffUser } from '#tests/support/staff.ts'
import { runRetention } from './retention.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

setupTestDatabase()

const DAY = 24 * 60 * 60 * 1000
const NOW = new Date('2026-06-30T12:00:00Z')
const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY - extraMs)

function checkoutEvent(id: string) {
  return {
    id,
    object: 'event',
    type: 'checkout.session.completed',
    created: 1_780_000_000,
    livemode: false,
    api_version: '2025-10-29.clover',
    data: {
      object: {
        id: `cs_${id}`,
        object: 'checkout.session',
        amount_total: 4_500,
        currency: 'usd',
        payment_intent: `pi_${id}`,
        customer: 'cus_123',
        customer_details: {
          email: 'min-jung@example.org',
          name: 'Kim Min-jung',
          address: { line1: '12 Hidden Lane', city: 'Seoul', country: 'KR' },
        },
        customer_email: 'min-jung@example.org',
        metadata: { pledgeId: 'p_1', note: 'for my sister in Hyesan' },
        payment_status: 'paid',
        status: 'complete',
      },
    },
  }
}

async function storeEvent(id: string, processedAt: Date | null) {
  await prisma.stripeEvent.create({
    data: {
      id,
      type: 'checkout.session.completed',
      livemode: false,
      payload: JSON.parse(JSON.stringify(checkoutEvent(id))),
      receivedAt: processedAt ?? NOW,
      processedAt,
    },
  })
}

describe('runRetention', () => {
  test('strips personal data from processed events older than 30 days, keeps the money facts', async () => {
    await storeEvent('evt_old', daysAgo(30, 1000))
    await storeEvent('evt_recent', daysAgo(30, -1000))
    await storeEvent('evt_unprocessed', null)
    const result = await runRetention(NOW)
    expect(result.stripeEventsRedacted).toBe(1)

    const old = await prisma.stripeEvent.findUniqueOrThrow({ where: { id: 'evt_old' } })
    const text = JSON.stringify(old.payload)
    for (const personal of ['min-jung', 'Kim', 'Hidden Lane', 'Seoul', 'Hyesan', 'pledgeId']) {
      expect(text).not.toContain(personal)
    }
    expect(old.payload).toEqual({
      id: 'evt_old',
      object: 'event',
      type: 'checkout.session.completed',
      created: 1_780_000_000,
      livemode: false,
      api_version: '2025-10-29.clover',
      data: {
        object: {
          id: 'cs_evt_old',
          object: 'checkout.session',
          amount_total: 4_500,
          currency: 'usd',
          payment_intent: 'pi_evt_old',
          customer: 'cus_123',
          payment_status: 'paid',
          status: 'complete',
        },
      },
    })
    expect(old.redactedAt).not.toBeNull()
    for (const id of ['evt_recent', 'evt_unprocessed']) {
      const kept = await prisma.stripeEvent.findUniqueOrThrow({ where: { id } })
      expect(JSON.stringify(kept.payload)).toContain('min-jung@example.org')
      expect(kept.redactedAt).toBeNull()
    }
    // Idempotent: nothing left to do.
    expect((await runRetention(NOW)).stripeEventsRedacted).toBe(0)
  })

  test('deletes never-paid pledges past 30 days and their donors with nothing else; money stays', async () => {
    const lonely = await createDonor({ createdAt: daysAgo(40) })
    const oldUnpaid = await createPledge({
      donorId: lonely.id,
      status: 'ABANDONED',
      completedAt: null,
      createdAt: daysAgo(30, 1000),
    })
    await prisma.donorMessage.create({
      data: { pledgeId: oldUnpaid.id, campaignId: oldUnpaid.campaignId, body: 'Stay safe' },
    })
    const recentUnpaid = await createPledge({
      status: 'PENDING',
      completedAt: null,
      createdAt: daysAgo(30, -1000),
    })
    // A donor who gave once keeps their gift and record; only the unpaid pledge goes.
    const gift = await createGift({ amountMinor: 2_500 })
    const giverPledgeUnpaid = await createPledge({
      donorId: gift.donorId,
      status: 'FAILED',
      completedAt: null,
      createdAt: daysAgo(60),
    })
    const oldPaidPledge = await prisma.pledge.update({
      where: { id: gift.pledgeId },
      data: { createdAt: daysAgo(90) },
    })

    const result = await runRetention(NOW)
    expect(result).toMatchObject({ pledgesDeleted: 2, donorsDeleted: 1 })
    expect(await prisma.pledge.findUnique({ where: { id: oldUnpaid.id } })).toBeNull()
    expect(await prisma.donorMessage.count({ where: { pledgeId: oldUnpaid.id } })).toBe(0)
    expect(await prisma.donor.findUnique({ where: { id: lonely.id } })).toBeNull()
    expect(await prisma.pledge.findUnique({ where: { id: giverPledgeUnpaid.id } })).toBeNull()
    expect(await prisma.pledge.findUnique({ where: { id: recentUnpaid.id } })).not.toBeNull()
    expect(await prisma.donor.findUnique({ where: { id: recentUnpaid.donorId } })).not.toBeNull()
    expect(await prisma.pledge.findUnique({ where: { id: oldPaidPledge.id } })).not.toBeNull()
    expect(await prisma.donor.findUnique({ where: { id: gift.donorId } })).not.toBeNull()
    const kept = await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })
    expect([kept.amountMinor, kept.currency]).toEqual([2_500, 'USD'])

    expect(await runRetention(NOW)).toMatchObject({ pledgesDeleted: 0, donorsDeleted: 0 })
  })

  test('deletes expired sessions, tokens and rate-limit rows; live ones stay', async () => {
    const { user: staff } = await createStaffUser({ roles: ['ADMIN'] })
    const donor = await createDonor()
    const before = new Date(NOW.getTime() - 1000)
    const after = new Date(NOW.getTime() + 1000)
    for (const [label, expiresAt] of [
      ['gone', before],
      ['live', after],
    ] as const) {
      await prisma.staffSession.create({ data: { id: `s-${label}`, userId: staff.id, expiresAt } })
      await prisma.donorSession.create({ data: { id: `d-${label}`, donorId: donor.id, expiresAt } })
      await prisma.donorSignInToken.create({
        data: { donorId: donor.id, tokenHash: `t-${label}-${randomUUID()}`, expiresAt },
      })
      await prisma.passwordResetToken.create({
        data: { userId: staff.id, tokenHash: `r-${label}-${randomUUID()}`, expiresAt },
      })
      await prisma.rateLimitCounter.create({
        data: { key: `ip:${label}`, windowStart: daysAgo(1), count: 1, expiresAt },
      })
    }
    expect(await runRetention(NOW)).toMatchObject({
      staffSessionsDeleted: 1,
      donorSessionsDeleted: 1,
      donorSignInTokensDeleted: 1,
      passwordResetTokensDeleted: 1,
      rateLimitCountersDeleted: 1,
    })
    expect(await prisma.staffSession.findMany({ select: { id: true } })).toEqual([{ id: 's-live' }])
    expect(await prisma.donorSession.findMany({ select: { id: true } })).toEqual([{ id: 'd-live' }])
    expect(await prisma.donorSignInToken.count({ where: { expiresAt: after } })).toBe(1)
    expect(await prisma.donorSignInToken.count()).toBe(1)
    expect(await prisma.passwordResetToken.count()).toBe(1)
    expect(await prisma.rateLimitCounter.findMany({ select: { key: true } })).toEqual([
      { key: 'ip:live' },
    ])
  })

  test('works through more rows than one batch', async () => {
    const { user: staff } = await createStaffUser({ roles: ['ADMIN'] })
    await prisma.staffSession.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({
        id: `old-${i}`,
        userId: staff.id,
        expiresAt: daysAgo(1),
      })),
    })
    expect((await runRetention(NOW)).staffSessionsDeleted).toBe(450)
    expect(await prisma.staffSession.count()).toBe(0)
  })
})
