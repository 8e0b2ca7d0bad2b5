// Payout sync on real PostgreSQL against the Stripe emulator: gifts paid on the emulator and
// fulfilled, a refund, a payout the emulator sweeps, then syncPayout links each of the payout's
// balance transactions to the gift or refund that moved the money.
import { describe, expect, test } from 'vitest'
import { withAppEmulator } from '#tests/support/app-env.ts'
import type Stripe from 'stripe'

async function loadModules() {
  const [payouts, fulfilment, db, factories] = await Promise.all([
    import('./payouts.server.ts'),
    import('#app/modules/payments/fulfilment.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { payouts, fulfilment, prisma: db.prisma, factories }
}

const ctx = withAppEmulator(loadModules)

/** A one-off gift of `amountMinor` cents, paid by card on the emulator and fulfilled. */
async function give(amountMinor: number) {
  const pledge = await ctx.mod.factories.createPledge({
    status: 'PENDING',
    completedAt: null,
    amountMinor,
  })
  const session = await ctx.t.stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: pledge.id,
    customer_creation: 'always',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: amountMinor,
          product_data: { name: 'Gift to a test appeal' },
        },
      },
    ],
    success_url: 'http://lantern.test/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://lantern.test/',
  })
  expect((await ctx.t.payByCard(session, '4242424242424242')).status).toBe(303)
  await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
  return ctx.mod.prisma.gift.findUniqueOrThrow({ where: { stripeCheckoutSessionId: session.id } })
}

function linesOf(payoutId: string) {
  return ctx.mod.prisma.balanceTransaction.findMany({ where: { payoutId }, orderBy: { id: 'asc' } })
}

describe('syncPayout', () => {
  test('each balance transaction of the payout is stored and linked to its gift or refund', async () => {
    const first = await give(10_000)
    const second = await give(2_500)
    await ctx.t.stripe.refunds.create({ charge: first.stripeChargeId!, amount: 4_000 })
    await ctx.mod.fulfilment.syncChargeReversals(first.stripeChargeId!)
    const refund = await ctx.mod.prisma.refund.findFirstOrThrow({ where: { giftId: first.id } })
    const payout = await ctx.t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    await ctx.mod.payouts.syncPayout(payout.id)

    const lines = await linesOf(payout.id)
    const charges = lines.filter((line) => line.type === 'charge')
    expect(charges.map((line) => line.giftId).sort()).toEqual([first.id, second.id].sort())
    expect(charges.map((line) => line.sourceId).sort()).toEqual(
      [first.stripeChargeId, second.stripeChargeId].sort(),
    )
    const refunds = lines.filter((line) => line.type === 'refund')
    expect(refunds).toEqual([expect.objectContaining({ refundId: refund.id, amountMinor: -4_000 })])
    expect(lines.every((line) => line.match !== 'UNMATCHED' || line.type === 'payout')).toBe(true)
    // The lines add up to what the payout paid out, to the cent.
    const net = lines
      .filter((line) => line.type !== 'payout')
      .reduce((sum, line) => sum + line.netMinor, 0)
    expect(net).toBe(payout.amount)
    const stored = await ctx.mod.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } })
    expect(stored).toMatchObject({ amountMinor: payout.amount, currency: 'USD' })
    expect(stored.syncedAt).not.toBeNull()
  })

  test('syncing the same payout again, or twice at once, keeps one row per transaction', async () => {
    await give(4_000)
    await give(6_000)
    const payout = await ctx.t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    await ctx.mod.payouts.syncPayout(payout.id)
    const once = await linesOf(payout.id)
    await Promise.all([
      ctx.mod.payouts.syncPayout(payout.id),
      ctx.mod.payouts.syncPayout(payout.id),
    ])

    const again = await linesOf(payout.id)
    expect(again.map((line) => [line.id, line.giftId])).toEqual(
      once.map((line) => [line.id, line.giftId]),
    )
    expect(await ctx.mod.prisma.payout.count()).toBe(1)
  })

  test('the scheduled catch-up syncs every recent payout', async () => {
    await give(3_000)
    const firstPayout = await ctx.t.control<Stripe.Payout>('payouts', { currency: 'usd' })
    await give(7_000)
    const secondPayout = await ctx.t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    const result = await ctx.mod.payouts.syncRecentPayouts({ days: 30 })

    expect(result.synced).toBe(2)
    const stored = await ctx.mod.prisma.payout.findMany({ orderBy: { id: 'asc' } })
    expect(stored.map((payout) => payout.id)).toEqual([firstPayout.id, secondPayout.id].sort())
    expect(
      await ctx.mod.prisma.balanceTransaction.count({ where: { giftId: { not: null } } }),
    ).toBe(2)
  })
})
