// Disputes: the list's urgency order, and what the reversal sync records from Stripe's
// dispute balance transactions (withdrawn amount, dispute fee) on real PostgreSQL.
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { startTestEmulator } from '../../../stripe-emulator/test-support.ts'

const t = await startTestEmulator()
await pointAppAtEmulator(t.emulator.url)
const { syncChargeReversals } = await import('#app/modules/payments/fulfilment.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createGift } = await import('#tests/support/factories.ts')
const { listDisputes } = await import('./disputes.server.ts')
const { listGifts } = await import('#app/modules/ledger/ledger.server.ts')
const { parseLedgerFilter } = await import('#app/modules/ledger/ledger-filter.ts')

afterAll(() => t.emulator.close())
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

async function paidGift() {
  const { giftId } = await payThroughCheckout(t, {
    campaign: await createCampaign(),
    fields: { amount: '4500', email: 'disputer@example.org' },
    payer: { email: 'disputer@example.org', name: 'D' },
  })
  return prisma.gift.findUniqueOrThrow({ where: { id: giftId } })
}

async function dispute(gift: { stripePaymentIntentId: string | null }, outcome?: 'won' | 'lost') {
  const opened = await t.control<{ id: string }>('disputes', {
    payment_intent: gift.stripePaymentIntentId,
  })
  if (outcome) await t.control(`disputes/${opened.id}/resolve`, { outcome })
  return opened.id
}

describe('dispute money from Stripe', () => {
  test('lost: withdrawn amount and fee on the dispute, fee on the gift, shown in the ledger', async () => {
    const gift = await paidGift()
    const id = await dispute(gift)
    await syncChargeReversals(gift.stripeChargeId!)
    expect(
      await prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: id } }),
    ).toMatchObject({
      status: 'needs_response',
      withdrawnMinor: 4_500,
      feeMinor: 1_500,
      feeCurrency: 'USD',
    })
    await t.control(`disputes/${id}/resolve`, { outcome: 'lost' })
    await syncChargeReversals(gift.stripeChargeId!)
    expect(
      await prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: id } }),
    ).toMatchObject({ status: 'lost', withdrawnMinor: 4_500, feeMinor: 1_500, feeCurrency: 'USD' })
    expect(await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      status: 'DISPUTE_LOST',
      disputeLostMinor: 4_500,
      disputeFeeMinor: 1_500,
    })
    const parsed = parseLedgerFilter(new URLSearchParams('disputed=1'))
    if (!parsed.ok) throw new Error('filter')
    const page = await listGifts(parsed.filter)
    expect(page.rows).toHaveLength(1)
    expect(page.rows[0]).toMatchObject({
      status: 'DISPUTE_LOST',
      disputeLostMinor: 4_500,
      disputeFeeMinor: 1_500,
    })
    expect(page.totals.gross).toEqual([
      { currency: 'USD', amountMinor: 4_500, refundedMinor: 0, lostMinor: 4_500 },
    ])
  })

  test('won: the money comes back (nothing withdrawn) but Stripe keeps the fee', async () => {
    const gift = await paidGift()
    const id = await dispute(gift, 'won')
    await syncChargeReversals(gift.stripeChargeId!)
    expect(
      await prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: id } }),
    ).toMatchObject({ status: 'won', withdrawnMinor: 0, feeMinor: 1_500 })
    expect(await prisma.gift.findUniqueOrThrow({ where: { id: gift.id } })).toMatchObject({
      status: 'SUCCEEDED',
      disputeLostMinor: 0,
      disputeFeeMinor: 1_500,
    })
  })
})

describe('listDisputes', () => {
  test('needing a response first by due date, then under review, then closed newest first', async () => {
    const gift = await createGift()
    const at = (iso: string) => new Date(iso)
    const rows = [
      ['du_closed_old', 'won', null, '2026-01-01'],
      ['du_review', 'under_review', '2026-11-25', '2026-11-01'],
      ['du_needs_late', 'needs_response', '2026-12-10', '2026-11-20'],
      ['du_closed_new', 'lost', null, '2026-06-01'],
      ['du_needs_soon', 'needs_response', '2026-11-28', '2026-11-09'],
      ['du_warning', 'warning_needs_response', '2026-12-01', '2026-11-10'],
    ] as const
    for (const [stripeDisputeId, status, due, created] of rows)
      await prisma.dispute.create({
        data: {
          giftId: gift.id,
          stripeDisputeId,
          status,
          amountMinor: 1_000,
          currency: 'USD',
          reason: 'fraudulent',
          evidenceDueBy: due ? at(`${due}T23:59:59Z`) : null,
          createdAt: at(`${created}T00:00:00Z`),
        },
      })
    const list = await listDisputes()
    expect(list.map((d) => d.stripeDisputeId)).toEqual([
      'du_needs_soon',
      'du_warning',
      'du_needs_late',
      'du_review',
      'du_closed_new',
      'du_closed_old',
    ])
    expect(list.map((d) => d.urgency)).toEqual([
      'needs-response',
      'needs-response',
      'needs-response',
      'under-review',
      'closed',
      'closed',
    ])
  })
})
