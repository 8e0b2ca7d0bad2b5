// Refunds from the gift page against the Stripe emulator and real PostgreSQL: the two steps,
// every refusal (with nothing sent to Stripe), idempotent confirmation and the per-gift lock.
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { formData } from '#tests/support/forms.ts'
import { startTestEmulator } from '../../../stripe-emulator/test-support.ts'

const t = await startTestEmulator()
await pointAppAtEmulator(t.emulator.url)
const { syncChargeReversals } = await import('#app/modules/payments/fulfilment.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createGift } = await import('#tests/support/factories.ts')
const { confirmRefund, reviewRefund } = await import('./refunds.server.ts')

const ctx = {
  actor: { id: 'staff_finance', email: 'finance@lantern.test' },
  ipAddress: '203.0.113.5',
}

afterAll(() => t.emulator.close())
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

/** A paid one-time gift of `amount` (major units) through Checkout on the emulator. */
async function paidGift(amount = '45') {
  const { giftId } = await payThroughCheckout(t, {
    campaign: await createCampaign(),
    fields: { amount: 'other', otherAmount: amount, email: 'ada@example.org' },
    payer: { email: 'ada@example.org', name: 'Ada Donor' },
  })
  return prisma.gift.findUniqueOrThrow({ where: { id: giftId } })
}

async function stripeRefunds() {
  return (await t.stripe.refunds.list({ limit: 100 })).data
}

async function raised(campaignId: string) {
  const totals = await prisma.campaignTotals.findUniqueOrThrow({ where: { campaignId } })
  return Number(totals.raisedMinor)
}

/** Review then confirm, as the two forms do. */
async function refund(giftId: string, amount: string, note = 'Donor asked by phone') {
  const review = await reviewRefund(giftId, formData({ intent: 'review', amount, note }))
  if (review.kind !== 'review') throw new Error(`review refused: ${JSON.stringify(review)}`)
  return confirmRefund(
    giftId,
    formData({
      intent: 'confirm',
      amount: review.review.amount,
      note,
      requestId: review.review.requestId,
    }),
    ctx,
    syncChargeReversals,
  )
}

function fieldErrors(outcome: Awaited<ReturnType<typeof reviewRefund>>) {
  if (outcome.kind !== 'invalid') throw new Error(`expected a refusal, got ${outcome.kind}`)
  return outcome.result.error ?? {}
}

describe('refunding a gift', () => {
  test('partial, then the rest: Stripe refunds, rows with the staff note, status, totals, audit', async () => {
    const gift = await paidGift('45')
    expect(await raised(gift.campaignId)).toBe(4_500)

    const review = await reviewRefund(
      gift.id,
      formData({ intent: 'review', amount: '10.00', note: 'Donor gave twice by mistake' }),
    )
    expect(review).toMatchObject({
      kind: 'review',
      review: {
        amountMinor: 1_000,
        amount: '10.00',
        currency: 'USD',
        remainingBeforeMinor: 4_500,
        remainingAfterMinor: 3_500,
      },
    })
    // Reviewing changes nothing.
    expect(await stripeRefunds()).toHaveLength(0)
    if (review.kind !== 'review') return
    const done = await confirmRefund(
      gift.id,
      formData({
        intent: 'confirm',
        amount: review.review.amount,
        note: 'Donor gave twice by mistake',
        requestId: review.review.requestId,
      }),
      ctx,
      syncChargeReversals,
    )
    expect(done).toMatchObject({
      kind: 'done',
      amountMinor: 1_000,
      currency: 'USD',
      replayed: false,
    })

    const [atStripe] = await stripeRefunds()
    expect(atStripe).toMatchObject({
      amount: 1_000,
      payment_intent: gift.stripePaymentIntentId,
      reason: 'requested_by_customer',
      metadata: { gift_id: gift.id, requested_by: 'finance@lantern.test' },
    })
    const row = await prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: atStripe!.id } })
    expect(row).toMatchObject({
      giftId: gift.id,
      amountMinor: 1_000,
      status: 'succeeded',
      note: 'Donor gave twice by mistake',
      requestedById: 'staff_finance',
      requestedByEmail: 'finance@lantern.test',
      idempotencyKey: `refund:${review.review.requestId}`,
    })
    expect(row.stripeBalanceTransactionId).toMatch(/^txn_/)
    expect(await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      refundedMinor: 1_000,
      status: 'PARTIALLY_REFUNDED',
    })
    expect(await raised(gift.campaignId)).toBe(3_500)
    const audit = await prisma.auditLog.findMany({
      where: { entityType: 'Gift', entityId: gift.id },
    })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'gift.refund',
      actorEmail: 'finance@lantern.test',
      ipAddress: '203.0.113.5',
      before: { status: 'SUCCEEDED', refundedMinor: 0 },
      after: { amountMinor: 1_000, currency: 'USD', note: 'Donor gave twice by mistake' },
    })

    // The webhook's re-sync later keeps the staff fields.
    await syncChargeReversals(gift.stripeChargeId as string)
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      note: 'Donor gave twice by mistake',
      requestedByEmail: 'finance@lantern.test',
      idempotencyKey: `refund:${review.review.requestId}`,
    })

    // The rest: exactly what is left is allowed, and leaves nothing.
    const rest = await reviewRefund(
      gift.id,
      formData({ intent: 'review', amount: '35', note: 'Cancelled' }),
    )
    expect(rest).toMatchObject({
      kind: 'review',
      review: { amountMinor: 3_500, remainingAfterMinor: 0 },
    })
    expect(await refund(gift.id, '35', 'Cancelled')).toMatchObject({
      kind: 'done',
      amountMinor: 3_500,
    })
    expect(await stripeRefunds()).toHaveLength(2)
    expect(await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      refundedMinor: 4_500,
      status: 'REFUNDED',
    })
    expect(await raised(gift.campaignId)).toBe(0)
  })

  test('KRW amounts are whole won', async () => {
    const campaign = await createCampaign({ currency: 'KRW', goalMinor: 10_000_000n })
    const { giftId } = await payThroughCheckout(t, {
      campaign,
      fields: { amount: 'other', otherAmount: '50,000', email: 'k@example.org' },
      payer: { email: 'k@example.org', name: 'K' },
    })
    expect(
      fieldErrors(
        await reviewRefund(giftId, formData({ intent: 'review', amount: '1.5', note: 'Typo' })),
      ),
    ).toEqual({
      amount: ['South Korean won amounts have no decimal places'],
    })
    expect(await refund(giftId, '₩20,000')).toMatchObject({
      kind: 'done',
      amountMinor: 20_000,
      currency: 'KRW',
    })
    expect((await stripeRefunds())[0]).toMatchObject({ amount: 20_000, currency: 'krw' })
  })
})

describe('refusals send nothing to Stripe', () => {
  test('above what is left, zero, negative, and without a reason', async () => {
    const gift = await paidGift('45')
    expect(await refund(gift.id, '40')).toMatchObject({ kind: 'done' })
    const tooMuch = fieldErrors(
      await reviewRefund(gift.id, formData({ intent: 'review', amount: '5.01', note: 'Too much' })),
    )
    expect(tooMuch.amount?.[0]).toMatch(/You can refund at most \$5\.00/)
    // A confirm posted by hand with an amount above what is left is refused too.
    const forged = await confirmRefund(
      gift.id,
      formData({ intent: 'confirm', amount: '45', note: 'Forged', requestId: crypto.randomUUID() }),
      ctx,
      syncChargeReversals,
    )
    expect(forged.kind).toBe('invalid')
    expect(
      fieldErrors(
        await reviewRefund(gift.id, formData({ intent: 'review', amount: '0', note: 'Zero' })),
      ),
    ).toEqual({
      amount: ['Enter an amount above zero'],
    })
    expect(
      fieldErrors(
        await reviewRefund(gift.id, formData({ intent: 'review', amount: '-1', note: 'Negative' })),
      ),
    ).toEqual({
      amount: ['Enter an amount above zero'],
    })
    expect(
      fieldErrors(await reviewRefund(gift.id, formData({ intent: 'review', amount: '1' }))),
    ).toEqual({
      note: ['Give the reason for this refund'],
    })
    expect(
      fieldErrors(
        await reviewRefund(gift.id, formData({ intent: 'review', amount: '1', note: ' a ' })),
      ),
    ).toEqual({
      note: ['Give the reason in at least 3 characters'],
    })
    const noReason = await confirmRefund(
      gift.id,
      formData({ intent: 'confirm', amount: '1', note: '', requestId: crypto.randomUUID() }),
      ctx,
      syncChargeReversals,
    )
    expect(noReason.kind).toBe('invalid')
    expect(await stripeRefunds()).toHaveLength(1)
    expect(await prisma.refund.count()).toBe(1)
  })

  test('a gift with an open dispute, and an offline gift', async () => {
    const gift = await paidGift('45')
    await t.control('disputes', { payment_intent: gift.stripePaymentIntentId })
    await syncChargeReversals(gift.stripeChargeId as string)
    expect((await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).status).toBe(
      'DISPUTED',
    )
    expect(
      fieldErrors(
        await reviewRefund(gift.id, formData({ intent: 'review', amount: '5', note: 'Try' })),
      ),
    ).toEqual({
      amount: [expect.stringMatching(/open or lost dispute/)],
    })
    const confirm = await confirmRefund(
      gift.id,
      formData({ intent: 'confirm', amount: '5', note: 'Try', requestId: crypto.randomUUID() }),
      ctx,
      syncChargeReversals,
    )
    expect(confirm.kind).toBe('invalid')

    const offline = await createGift({
      source: 'OFFLINE',
      paymentMethod: 'cheque',
      stripePaymentIntentId: null,
      offlineReference: 'CHQ 0042',
    })
    expect(
      fieldErrors(
        await reviewRefund(offline.id, formData({ intent: 'review', amount: '5', note: 'Try' })),
      ),
    ).toEqual({
      amount: [expect.stringMatching(/offline gift/)],
    })
    expect(
      (
        await confirmRefund(
          offline.id,
          formData({ intent: 'confirm', amount: '5', note: 'Try', requestId: crypto.randomUUID() }),
          ctx,
          syncChargeReversals,
        )
      ).kind,
    ).toBe('invalid')
    expect(await stripeRefunds()).toHaveLength(0)
    expect(await prisma.refund.count()).toBe(0)
  })
})

describe('one refund per request, and no over-refund by two officers at once', () => {
  test('the same confirmation submitted twice at once makes one refund', async () => {
    const gift = await paidGift('45')
    const review = await reviewRefund(
      gift.id,
      formData({ intent: 'review', amount: '45', note: 'Duplicate' }),
    )
    if (review.kind !== 'review') throw new Error(review.kind)
    const fields = {
      intent: 'confirm',
      amount: review.review.amount,
      note: 'Duplicate',
      requestId: review.review.requestId,
    }
    const outcomes = await Promise.all([
      confirmRefund(gift.id, formData(fields), ctx, syncChargeReversals),
      confirmRefund(gift.id, formData(fields), ctx, syncChargeReversals),
    ])
    expect(outcomes.map((o) => o.kind)).toEqual(['done', 'done'])
    expect(outcomes.map((o) => (o.kind === 'done' ? o.replayed : null)).sort()).toEqual([
      false,
      true,
    ])
    // And once more, later (a browser's back button and resubmit).
    expect(await confirmRefund(gift.id, formData(fields), ctx, syncChargeReversals)).toMatchObject({
      kind: 'done',
      replayed: true,
    })
    expect(await stripeRefunds()).toHaveLength(1)
    expect(await prisma.refund.count()).toBe(1)
    expect(await prisma.auditLog.count({ where: { action: 'gift.refund' } })).toBe(1)
  })

  test('two officers refunding most of the same gift at once: one succeeds, one is refused', async () => {
    const gift = await paidGift('45')
    const reviews = await Promise.all(
      ['Officer one', 'Officer two'].map((note) =>
        reviewRefund(gift.id, formData({ intent: 'review', amount: '30', note })),
      ),
    )
    const outcomes = await Promise.all(
      reviews.map((review) => {
        if (review.kind !== 'review') throw new Error(review.kind)
        return confirmRefund(
          gift.id,
          formData({
            intent: 'confirm',
            amount: '30',
            note: review.review.note,
            requestId: review.review.requestId,
          }),
          ctx,
          syncChargeReversals,
        )
      }),
    )
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['done', 'invalid'])
    // Refused by our check under the lock (seeing the other refund), not by Stripe afterwards.
    const refused = outcomes.find((o) => o.kind === 'invalid')
    expect(refused?.kind === 'invalid' && refused.result.error).toEqual({
      amount: [expect.stringMatching(/You can refund at most \$15\.00/)],
    })
    expect(await stripeRefunds()).toHaveLength(1)
    expect((await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).refundedMinor).toBe(
      3_000,
    )
  })
})
