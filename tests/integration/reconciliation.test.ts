// Payout reconciliation below the browser: gifts paid on the emulator's hosted page and recorded
// by the real fulfilment code, refunds and disputes through the SDK and the control API, payouts
// swept by the emulator, then syncPayout/reconcilePayout on real PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { startTestEmulator, type TestEmulator } from '../../stripe-emulator/test-support.ts'
import type Stripe from 'stripe'

let t: TestEmulator
let mod: Awaited<ReturnType<typeof loadModules>>

async function loadModules() {
  const [
    env,
    stripe,
    inbox,
    checkout,
    fulfilment,
    db,
    factories,
    staff,
    payouts,
    reconcile,
    exceptions,
    exceptionForm,
    jobs,
    worker,
  ] = await Promise.all([
    import('#app/utils/env.server.ts'),
    import('#app/utils/stripe.server.ts'),
    import('#app/modules/payments/stripe-inbox.server.ts'),
    import('#app/modules/donations/checkout.server.ts'),
    import('#app/modules/payments/fulfilment.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
    import('#tests/support/staff.ts'),
    import('#app/modules/finance/payouts.server.ts'),
    import('#app/modules/finance/reconcile.server.ts'),
    import('#app/modules/finance/exceptions.server.ts'),
    import('#app/modules/finance/exception-form.ts'),
    import('#app/modules/jobs/queue.server.ts'),
    import('#server/worker.ts'),
  ])
  return {
    env,
    stripe,
    inbox,
    checkout,
    fulfilment,
    prisma: db.prisma,
    factories,
    staff,
    payouts,
    reconcile,
    exceptions,
    exceptionForm,
    jobs,
    worker,
  }
}

beforeAll(async () => {
  t = await startTestEmulator()
  await pointAppAtEmulator(t.emulator.url)
  mod = await loadModules()
})

afterAll(async () => {
  await t.emulator.close()
})

setupTestDatabase()
beforeEach(() => t.control('reset', {}))

/** A one-off gift paid by card on the hosted page and recorded by the fulfilment code. */
async function give(campaign: { id: string }, otherAmount: string) {
  const row = await mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  const { giftId, paid } = await payThroughCheckout(t, {
    campaign: row,
    fields: { amount: 'other', otherAmount, email: `d${Math.random()}@example.org` },
  })
  expect(paid.status).toBe(303)
  return mod.prisma.gift.findUniqueOrThrow({ where: { id: giftId } })
}

async function payout(body: Record<string, unknown>): Promise<Stripe.Payout> {
  return t.control<Stripe.Payout>('payouts', body)
}

async function linesOf(payoutId: string) {
  return mod.prisma.balanceTransaction.findMany({
    where: { payoutId },
    orderBy: { id: 'asc' },
  })
}

async function staffContext() {
  const { user } = await mod.staff.createStaffUser({ roles: ['FINANCE'] })
  return { actor: { id: user.id, email: user.email }, ipAddress: '203.0.113.20' }
}

describe('reconciliation arithmetic', () => {
  test('a USD payout with gifts, a partial refund and a lost dispute balances to the cent', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    const first = await give(campaign, '45.00')
    const refunded = await give(campaign, '100.00')
    const disputed = await give(campaign, '25.00')

    await t.stripe.refunds.create({ charge: String(refunded.stripeChargeId), amount: 3_000 })
    await mod.fulfilment.syncChargeReversals(String(refunded.stripeChargeId))
    const dispute = await t.control<Stripe.Dispute>('disputes', {
      charge: disputed.stripeChargeId,
    })
    await t.control(`disputes/${dispute.id}/resolve`, { outcome: 'lost' })
    await mod.fulfilment.syncChargeReversals(String(disputed.stripeChargeId))

    const po = await payout({ currency: 'usd' })
    const result = await mod.payouts.syncPayout(po.id)

    const gifts = await mod.prisma.gift.findMany({ where: { campaignId: campaign.id } })
    const giftFees = gifts.reduce((sum, gift) => sum + (gift.stripeFeeMinor ?? 0), 0)
    expect(giftFees).toBeGreaterThan(0)
    const DISPUTE_FEE = 1_500
    expect(result).toMatchObject({
      reconciliation: 'RECONCILED',
      chargesMinor: 17_000,
      feesMinor: giftFees + DISPUTE_FEE,
      refundsMinor: 3_000,
      disputesMinor: 2_500,
      otherMinor: 0,
      differenceMinor: 0,
      openExceptions: 0,
      complete: true,
    })
    // gross − fees − refunds − disputes = the payout amount, to the cent
    expect(po.amount).toBe(17_000 - giftFees - DISPUTE_FEE - 3_000 - 2_500)
    const stored = await mod.prisma.payout.findUniqueOrThrow({ where: { id: po.id } })
    expect(stored).toMatchObject({
      amountMinor: po.amount,
      currency: 'USD',
      status: 'paid',
      reconciliation: 'RECONCILED',
      chargesMinor: 17_000,
      feesMinor: giftFees + DISPUTE_FEE,
      refundsMinor: 3_000,
      disputesMinor: 2_500,
    })
    expect(stored.reconciledAt).toBeInstanceOf(Date)

    const lines = await linesOf(po.id)
    const byCategory = (category: string) => lines.filter((l) => l.reportingCategory === category)
    expect(
      byCategory('charge')
        .map((l) => [l.giftId, l.match])
        .sort(),
    ).toEqual([first.id, refunded.id, disputed.id].map((id) => [id, 'MATCHED']).sort())
    const refundRow = await mod.prisma.refund.findFirstOrThrow({ where: { giftId: refunded.id } })
    expect(byCategory('refund')).toMatchObject([
      { match: 'MATCHED', refundId: refundRow.id, giftId: refunded.id, amountMinor: -3_000 },
    ])
    const disputeRow = await mod.prisma.dispute.findFirstOrThrow({ where: { giftId: disputed.id } })
    expect(byCategory('dispute')).toMatchObject([
      {
        match: 'MATCHED',
        disputeId: disputeRow.id,
        giftId: disputed.id,
        amountMinor: -2_500,
        feeMinor: DISPUTE_FEE,
      },
    ])
    expect(byCategory('payout')).toMatchObject([
      { match: 'OVERHEAD', amountMinor: -po.amount, sourceId: po.id },
    ])
  })

  test('a KRW payout (no minor unit) reconciles in whole won', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'KRW', goalMinor: 10_000_000n })
    const a = await give(campaign, '50,000')
    const b = await give(campaign, '30000')
    await t.stripe.refunds.create({ charge: String(b.stripeChargeId), amount: 10_000 })
    await mod.fulfilment.syncChargeReversals(String(b.stripeChargeId))

    const po = await payout({ currency: 'krw' })
    const result = await mod.payouts.syncPayout(po.id)
    // 3.6 % of 50,000 = 1,800 and of 30,000 = 1,080 (emulator's KRW pricing)
    expect([a.stripeFeeMinor, b.stripeFeeMinor]).toEqual([1_800, 1_080])
    expect(result).toMatchObject({
      currency: 'KRW',
      reconciliation: 'RECONCILED',
      chargesMinor: 80_000,
      feesMinor: 2_880,
      refundsMinor: 10_000,
      disputesMinor: 0,
      differenceMinor: 0,
    })
    expect(po.amount).toBe(80_000 - 2_880 - 10_000)
    const lines = await linesOf(po.id)
    expect(lines.every((l) => l.currency === 'KRW' && l.exchangeRate === null)).toBe(true)
  })

  test('KRW, EUR and GBP gifts settling in USD reconcile with the exchange rate of each line', async () => {
    await t.control('account', { settlementCurrency: 'usd' })
    const krw = await give(
      await mod.factories.createCampaign({ currency: 'KRW', goalMinor: 10_000_000n }),
      '50,000',
    )
    const eur = await give(await mod.factories.createCampaign({ currency: 'EUR' }), '20.00')
    const gbp = await give(await mod.factories.createCampaign({ currency: 'GBP' }), '15.00')

    const po = await payout({ currency: 'usd' })
    expect(po.currency).toBe('usd')
    const result = await mod.payouts.syncPayout(po.id)
    expect(result).toMatchObject({ reconciliation: 'RECONCILED', differenceMinor: 0 })

    const lines = await linesOf(po.id)
    const chargeOf = (giftId: string) => lines.find((l) => l.giftId === giftId)
    // Fixed emulator rates: KRW 0.00075, EUR 1.08, GBP 1.27 USD per unit
    expect(chargeOf(krw.id)).toMatchObject({
      currency: 'USD',
      amountMinor: 3_750,
      match: 'MATCHED',
    })
    expect(chargeOf(krw.id)?.exchangeRate?.toString()).toBe('0.00075')
    expect(chargeOf(eur.id)).toMatchObject({
      currency: 'USD',
      amountMinor: 2_160,
      match: 'MATCHED',
    })
    expect(chargeOf(eur.id)?.exchangeRate?.toString()).toBe('1.08')
    expect(chargeOf(gbp.id)).toMatchObject({
      currency: 'USD',
      amountMinor: 1_905,
      match: 'MATCHED',
    })
    expect(chargeOf(gbp.id)?.exchangeRate?.toString()).toBe('1.27')
    expect(result.chargesMinor).toBe(3_750 + 2_160 + 1_905)
    expect(result.chargesMinor - result.feesMinor).toBe(po.amount)

    // The payout page shows both what the donor gave and what settled, with the rate.
    const detail = await mod.payouts.getPayoutDetail(po.id)
    expect(detail?.lines.find((l) => l.giftId === krw.id)).toMatchObject({
      gift: { amountMinor: 50_000, currency: 'KRW' },
      amountMinor: 3_750,
      currency: 'USD',
      exchangeRate: '0.00075',
    })
    expect(detail).toMatchObject({ differenceMinor: 0, lineCount: 4 })

    // The ledger disagreeing with Stripe's settled amount is a mismatch with a reason…
    await mod.prisma.gift.update({ where: { id: krw.id }, data: { settlementAmountMinor: 3_700 } })
    const broken = await mod.reconcile.reconcilePayout(po.id)
    expect(broken).toMatchObject({ reconciliation: 'EXCEPTIONS', openExceptions: 1 })
    const [exception] = await mod.prisma.reconciliationException.findMany({
      where: { payoutId: po.id },
    })
    expect(exception).toMatchObject({
      key: `${po.id}:${chargeOf(krw.id)?.id}:mismatched`,
      status: 'OPEN',
    })
    expect(exception?.reason).toContain('Stripe settled $37.50 but the ledger records $37.00')
    expect((await linesOf(po.id)).find((l) => l.giftId === krw.id)?.match).toBe('MISMATCHED')

    // …which resolves itself (never deleted) once the ledger is right again.
    await mod.prisma.gift.update({ where: { id: krw.id }, data: { settlementAmountMinor: 3_750 } })
    const fixed = await mod.reconcile.reconcilePayout(po.id)
    expect(fixed).toMatchObject({ reconciliation: 'RECONCILED', openExceptions: 0 })
    expect(
      await mod.prisma.reconciliationException.findMany({ where: { payoutId: po.id } }),
    ).toMatchObject([{ status: 'RESOLVED', resolution: 'auto' }])
  })
})

describe('sync', () => {
  test('payout webhooks, the schedule and a second sync leave identical rows and one exception', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    await give(campaign, '45.00')
    await give(campaign, '12.34')
    const po = await payout({ currency: 'usd', unmatched: true })

    // Every payout.* event the emulator sent, handled as the worker does.
    const events: Stripe.Event[] = []
    for await (const event of t.stripe.events.list({ limit: 100, type: 'payout.*' }))
      events.push(event)
    expect(events.map((e) => e.type).sort()).toEqual(
      ['payout.created', 'payout.paid', 'payout.reconciliation_completed', 'payout.updated'].sort(),
    )
    for (const event of events.reverse()) await mod.inbox.handleStripeEvent(event)

    const snapshot = async () => ({
      payout: await mod.prisma.payout.findUniqueOrThrow({
        where: { id: po.id },
        omit: { updatedAt: true, syncedAt: true },
      }),
      lines: await linesOf(po.id),
      exceptions: await mod.prisma.reconciliationException.findMany({ orderBy: { key: 'asc' } }),
    })
    const first = await snapshot()
    expect(first.payout.reconciliation).toBe('EXCEPTIONS')
    expect(first.lines).toHaveLength(4) // two gifts, the adjustment, the payout's own line
    expect(first.exceptions).toHaveLength(1)

    await mod.payouts.syncPayout(po.id)
    await mod.jobs.sendJob('payouts-sync', { days: 30 })
    expect(await mod.worker.runQueuedJobs('payouts-sync')).toBe(1)
    const [job] = await mod.jobs.recentJobs('payouts-sync')
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { synced: 1, reconciled: 0 } })
    expect(await snapshot()).toEqual(first)
  })
  test('"Sync payouts now" queues the sync job and is audited', async () => {
    const ctx = await staffContext()
    const { jobId } = await mod.payouts.requestPayoutSync(ctx)
    const [job] = await mod.jobs.recentJobs('payouts-sync')
    expect(job).toMatchObject({
      id: jobId,
      status: 'QUEUED',
      data: { days: 30, requestedById: ctx.actor.id },
    })
    expect(await mod.prisma.auditLog.findFirstOrThrow()).toMatchObject({
      action: 'payouts.sync',
      entityType: 'Job',
      entityId: jobId,
      actorEmail: ctx.actor.email,
    })
  })
})

describe('exceptions', () => {
  test('an unmatched item opens an exception; resolving it with a note reconciles the payout', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    const gift = await give(campaign, '45.00')
    const po = await payout({ currency: 'usd', unmatched: true })
    const synced = await mod.payouts.syncPayout(po.id)
    expect(synced).toMatchObject({
      reconciliation: 'EXCEPTIONS',
      otherMinor: -250,
      differenceMinor: 0,
      openExceptions: 1,
    })
    expect(synced.chargesMinor - synced.feesMinor + synced.otherMinor).toBe(po.amount)
    const adjustment = (await linesOf(po.id)).find(
      (l) => l.reportingCategory === 'other_adjustment',
    )
    expect(adjustment).toMatchObject({ match: 'UNMATCHED', sourceId: null, amountMinor: -250 })
    const exception = await mod.prisma.reconciliationException.findUniqueOrThrow({
      where: { key: `${po.id}:${adjustment?.id}:unmatched` },
    })
    expect(exception.reason).toContain('-$2.50')
    const ctx = await staffContext()

    // Refused without a change: a blank note, an unknown gift, a gift in another currency.
    expect(
      mod.exceptionForm.resolveExceptionSchema.safeParse({
        intent: 'note',
        exceptionId: exception.id,
        note: '   ',
      }).success,
    ).toBe(false)
    expect(
      await mod.exceptions.resolveException(
        { intent: 'link', exceptionId: exception.id, reference: 'ch_nothing' },
        ctx,
      ),
    ).toMatchObject({ ok: false, field: 'reference' })
    const krwGift = await mod.factories.createGift({
      currency: 'KRW',
      amountMinor: 10_000,
      stripeChargeId: 'ch_krw_elsewhere',
    })
    expect(
      await mod.exceptions.resolveException(
        { intent: 'link', exceptionId: exception.id, reference: krwGift.stripeChargeId as string },
        ctx,
      ),
    ).toMatchObject({ ok: false, field: 'reference', message: expect.stringContaining('KRW') })
    expect(
      await mod.prisma.reconciliationException.findUniqueOrThrow({ where: { id: exception.id } }),
    ).toMatchObject({ status: 'OPEN' })
    expect(await mod.prisma.auditLog.count()).toBe(0)

    const outcome = await mod.exceptions.resolveException(
      { intent: 'note', exceptionId: exception.id, note: 'Bank charge agreed with Stripe support' },
      ctx,
    )
    expect(outcome).toEqual({ ok: true, payoutId: po.id })
    expect(
      await mod.prisma.reconciliationException.findUniqueOrThrow({ where: { id: exception.id } }),
    ).toMatchObject({
      status: 'RESOLVED',
      resolution: 'note',
      note: 'Bank charge agreed with Stripe support',
      resolvedByEmail: ctx.actor.email,
    })
    const stored = await mod.prisma.payout.findUniqueOrThrow({ where: { id: po.id } })
    expect(stored.reconciliation).toBe('RECONCILED')
    expect(stored.reconciledAt).toBeInstanceOf(Date)
    const audit = await mod.prisma.auditLog.findFirstOrThrow()
    expect(audit).toMatchObject({
      action: 'reconciliation.exception.resolve',
      entityType: 'ReconciliationException',
      entityId: exception.id,
      actorEmail: ctx.actor.email,
    })

    // A second resolution is refused; a re-sync keeps finance's decision and stays reconciled.
    expect(
      await mod.exceptions.resolveException(
        { intent: 'note', exceptionId: exception.id, note: 'again' },
        ctx,
      ),
    ).toMatchObject({ ok: false })
    expect(await mod.payouts.syncPayout(po.id)).toMatchObject({ reconciliation: 'RECONCILED' })
    expect(await mod.prisma.reconciliationException.count()).toBe(1)
    expect((await linesOf(po.id)).find((l) => l.id === adjustment?.id)?.match).toBe('MANUAL')
    expect((await linesOf(po.id)).find((l) => l.reportingCategory === 'charge')?.giftId).toBe(
      gift.id,
    )
  })

  test('an unknown charge is resolved by linking it to the gift by payment intent id', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    const gift = await give(campaign, '45.00')
    // The ledger lost the charge id: the charge line cannot be matched automatically.
    await mod.prisma.gift.update({ where: { id: gift.id }, data: { stripeChargeId: null } })
    const po = await payout({ currency: 'usd' })
    expect(await mod.payouts.syncPayout(po.id)).toMatchObject({ reconciliation: 'EXCEPTIONS' })
    const exception = await mod.prisma.reconciliationException.findFirstOrThrow()
    expect(exception.reason).toContain(String(gift.stripeChargeId))

    const ctx = await staffContext()
    const outcome = await mod.exceptions.resolveException(
      {
        intent: 'link',
        exceptionId: exception.id,
        reference: String(gift.stripePaymentIntentId),
      },
      ctx,
    )
    expect(outcome).toEqual({ ok: true, payoutId: po.id })
    const line = await mod.prisma.balanceTransaction.findUniqueOrThrow({
      where: { id: String(exception.balanceTransactionId) },
    })
    expect(line).toMatchObject({ match: 'MANUAL', giftId: gift.id })
    expect(await mod.prisma.payout.findUniqueOrThrow({ where: { id: po.id } })).toMatchObject({
      reconciliation: 'RECONCILED',
    })
  })
})

describe('failed payouts', () => {
  test('a failed payout is not reconciled; its returned money reconciles in the next payout', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'USD' })
    await give(campaign, '45.00')
    const failed = await payout({ currency: 'usd', fail: true })
    const result = await mod.payouts.syncPayout(failed.id)
    expect(result).toMatchObject({ reconciliation: 'PENDING', reconciledAt: null })
    expect(await mod.prisma.payout.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: 'failed',
      failureCode: 'account_closed',
      reconciliation: 'PENDING',
      reconciledAt: null,
    })
    const exception = await mod.prisma.reconciliationException.findUniqueOrThrow({
      where: { key: `${failed.id}:failed` },
    })
    expect(exception).toMatchObject({ status: 'OPEN' })
    expect(exception.reason).toContain('account_closed')

    // Acknowledging the failure does not make the failed payout reconciled.
    await mod.exceptions.resolveException(
      { intent: 'note', exceptionId: exception.id, note: 'New bank details sent to Stripe' },
      await staffContext(),
    )
    expect(await mod.prisma.payout.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      reconciliation: 'PENDING',
      reconciledAt: null,
    })

    const retry = await payout({ currency: 'usd' })
    expect(retry.amount).toBe(failed.amount)
    expect(await mod.payouts.syncPayout(retry.id)).toMatchObject({
      reconciliation: 'RECONCILED',
      otherMinor: failed.amount,
    })
    const lines = await linesOf(retry.id)
    expect(lines.find((l) => l.reportingCategory === 'payout_reversal')).toMatchObject({
      match: 'OVERHEAD',
      sourceId: failed.id,
    })
  })
})
