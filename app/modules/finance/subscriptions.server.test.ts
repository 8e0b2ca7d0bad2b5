// Stopping a monthly gift from the gift page, against the Stripe emulator and real PostgreSQL.
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { formData } from '#tests/support/forms.ts'
import { startTestEmulator } from '../../../stripe-emulator/test-support.ts'

const t = await startTestEmulator()
await pointAppAtEmulator(t.emulator.url)
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createGift } = await import('#tests/support/factories.ts')
const { syncSubscription } = await import('#app/modules/payments/fulfilment.server.ts')
const { stopMonthlyGift } = await import('./subscriptions.server.ts')

const ctx = { actor: { id: 'staff_finance', email: 'finance@lantern.test' }, ipAddress: null }

afterAll(() => t.emulator.close())
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

async function monthlyGift() {
  const { giftId } = await payThroughCheckout(t, {
    campaign: await createCampaign(),
    fields: { amount: '2500', frequency: 'MONTHLY', email: 'monthly@example.org' },
    payer: { email: 'monthly@example.org', name: 'Mo' },
  })
  const gift = await prisma.gift.findUniqueOrThrow({
    where: { id: giftId },
    include: { pledge: true },
  })
  expect(gift.pledge.subscriptionStatus).toBe('active')
  return gift
}

describe('stopping a monthly gift', () => {
  test('at period end: Stripe keeps it until then, the pledge says so, audited, nothing refunded', async () => {
    const gift = await monthlyGift()
    const subscriptionId = gift.pledge.stripeSubscriptionId!
    const outcome = await stopMonthlyGift(
      gift.id,
      formData({ intent: 'stop-monthly', mode: 'period_end', reason: 'Donor lost their job' }),
      ctx,
      syncSubscription,
    )
    expect(outcome).toEqual({ kind: 'done', mode: 'period_end', subscriptionId })
    const atStripe = await t.stripe.subscriptions.retrieve(subscriptionId)
    expect(atStripe).toMatchObject({
      status: 'active',
      cancel_at_period_end: true,
      cancellation_details: { comment: 'Donor lost their job' },
    })
    expect(await prisma.pledge.findUniqueOrThrow({ where: { id: gift.pledgeId } })).toMatchObject({
      subscriptionStatus: 'active',
      cancelAtPeriodEnd: true,
    })
    const [audit] = await prisma.auditLog.findMany({ where: { entityId: gift.id } })
    expect(audit).toMatchObject({
      action: 'gift.subscription.cancel',
      entityType: 'Gift',
      before: { cancelAtPeriodEnd: false, subscriptionStatus: 'active' },
      after: { mode: 'period_end', reason: 'Donor lost their job', cancelAtPeriodEnd: true },
    })
    expect((await t.stripe.refunds.list()).data).toHaveLength(0)
    // Asking again is refused: it already stops at period end.
    const again = await stopMonthlyGift(
      gift.id,
      formData({ intent: 'stop-monthly', mode: 'period_end', reason: 'Again' }),
      ctx,
      syncSubscription,
    )
    expect(again.kind).toBe('invalid')
  })

  test('now: the subscription is cancelled at once; a stopped gift cannot be stopped again', async () => {
    const gift = await monthlyGift()
    const subscriptionId = gift.pledge.stripeSubscriptionId!
    expect(
      await stopMonthlyGift(
        gift.id,
        formData({ intent: 'stop-monthly', mode: 'now', reason: 'Donor asked by email' }),
        ctx,
        syncSubscription,
      ),
    ).toMatchObject({ kind: 'done', mode: 'now' })
    expect(await t.stripe.subscriptions.retrieve(subscriptionId)).toMatchObject({
      status: 'canceled',
      cancellation_details: { comment: 'Donor asked by email' },
    })
    expect(
      (await prisma.pledge.findUniqueOrThrow({ where: { id: gift.pledgeId } })).subscriptionStatus,
    ).toBe('canceled')
    expect((await t.stripe.refunds.list()).data).toHaveLength(0)
    const again = await stopMonthlyGift(
      gift.id,
      formData({ intent: 'stop-monthly', mode: 'now', reason: 'Again' }),
      ctx,
      syncSubscription,
    )
    expect(again.kind === 'invalid' && again.result.error).toEqual({
      mode: ['This monthly gift has already stopped.'],
    })
    expect(await prisma.auditLog.count({ where: { action: 'gift.subscription.cancel' } })).toBe(1)
  })

  test('refused without a reason or mode, and for a one-time gift; Stripe untouched', async () => {
    const gift = await monthlyGift()
    const noReason = await stopMonthlyGift(
      gift.id,
      formData({ intent: 'stop-monthly', mode: 'now', reason: '' }),
      ctx,
      syncSubscription,
    )
    expect(noReason.kind === 'invalid' && noReason.result.error).toEqual({
      reason: ['Give the reason for stopping this monthly gift'],
    })
    const noMode = await stopMonthlyGift(
      gift.id,
      formData({ intent: 'stop-monthly', reason: 'Because' }),
      ctx,
      syncSubscription,
    )
    expect(noMode.kind === 'invalid' && Object.keys(noMode.result.error ?? {})).toEqual(['mode'])
    const oneTime = await createGift()
    const refused = await stopMonthlyGift(
      oneTime.id,
      formData({ intent: 'stop-monthly', mode: 'now', reason: 'Because' }),
      ctx,
      syncSubscription,
    )
    expect(refused.kind === 'invalid' && refused.result.error).toEqual({
      mode: ['This gift is not part of a monthly subscription.'],
    })
    const atStripe = await t.stripe.subscriptions.retrieve(gift.pledge.stripeSubscriptionId!)
    expect(atStripe).toMatchObject({ status: 'active', cancel_at_period_end: false })
    expect(await prisma.auditLog.count()).toBe(0)
  })
})
