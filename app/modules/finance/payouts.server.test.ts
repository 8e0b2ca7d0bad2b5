// Payout sync on real PostgreSQL against the Stripe emulator: gifts paid on the emulator and
// fulfilled, a refund, a payout the emulator sweeps, then syncPayout links each of the payout's
// balance transactions to the gift or refund that moved the money.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { startTestEmulator, type TestEmulator } from '../../../stripe-emulator/test-support.ts'
import type Stripe from 'stripe'

let t: TestEmulator
let mod: Awaited<ReturnType<typeof loadModules>>

async function loadModules() {
  const [payouts, fulfilment, db, factories] = await Promise.all([
    import('./payouts.server.ts'),
    import('#app/modules/payments/fulfilment.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { payouts, fulfilment, prisma: db.prisma, factories }
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

/** A one-off gift of `amountMinor` cents, paid by card on the emulator and fulfilled. */
async function give(amountMinor: number) {
  const pledge = await mod.factories.createPledge({
    status: 'PENDING',
    completedAt: null,
    amountMinor,
  })
  const session = await t.stripe.checkout.sessions.create({
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
  expect((await t.payByCard(session, '4242424242424242')).status).toBe(303)
  await mod.fulfilment.fulfilCheckoutSession(session.id)
  return mod.prisma.gift.findUniqueOrThrow({ where: { stripeCheckoutSessionId: session.id } })
}

function linesOf(payoutId: string) {
  return mod.prisma.balanceTransaction.findMany({ where: { payoutId }, orderBy: { id: 'asc' } })
}

describe('syncPayout', () => {
  test('each balance transaction of the payout is stored and linked to its gift or refund', async () => {
    const first = await give(10_000)
    const second = await give(2_500)
    await t.stripe.refunds.create({ charge: first.stripeChargeId!, amount: 4_000 })
    await mod.fulfilment.syncChargeReversals(first.stripeChargeId!)
    const refund = await mod.prisma.refund.findFirstOrThrow({ where: { giftId: first.id } })
    const payout = await t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    await mod.payouts.syncPayout(payout.id)

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
    const stored = await mod.prisma.payout.findUniqueOrThrow({ where: { id: payout.id } })
    expect(stored).toMatchObject({ amountMinor: payout.amount, currency: 'USD' })
    expect(stored.syncedAt).not.toBeNull()
  })

  test('syncing the same payout again, or twice at once, keeps one row per transaction', async () => {
    await give(4_000)
    await give(6_000)
    const payout = await t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    await mod.payouts.syncPayout(payout.id)
    const once = await linesOf(payout.id)
    await Promise.all([mod.payouts.syncPayout(payout.id), mod.payouts.syncPayout(payout.id)])

    const again = await linesOf(payout.id)
    expect(again.map((line) => [line.id, line.giftId])).toEqual(
      once.map((line) => [line.id, line.giftId]),
    )
    expect(await mod.prisma.payout.count()).toBe(1)
  })

  test('the scheduled catch-up syncs every recent payout', async () => {
    await give(3_000)
    const firstPayout = await t.control<Stripe.Payout>('payouts', { currency: 'usd' })
    await give(7_000)
    const secondPayout = await t.control<Stripe.Payout>('payouts', { currency: 'usd' })

    const result = await mod.payouts.syncRecentPayouts({ days: 30 })

    expect(result.synced).toBe(2)
    const stored = await mod.prisma.payout.findMany({ orderBy: { id: 'asc' } })
    expect(stored.map((payout) => payout.id)).toEqual([firstPayout.id, secondPayout.id].sort())
    expect(await mod.prisma.balanceTransaction.count({ where: { giftId: { not: null } } })).toBe(2)
  })
})
