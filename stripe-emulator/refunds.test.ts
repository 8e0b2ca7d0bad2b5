import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from './test-support.ts'

let t: TestEmulator

beforeAll(async () => {
  t = await startTestEmulator()
})
afterAll(() => t.emulator.close())
beforeEach(() => t.control('reset', {}))

/** A paid 25.00 USD gift; returns its PaymentIntent id. */
async function paidGift(): Promise<string> {
  const session = await t.donationSession()
  await t.payByCard(session, '4242424242424242')
  const paid = await t.stripe.checkout.sessions.retrieve(session.id)
  return String(paid.payment_intent)
}

describe('refunds', () => {
  it('refunds partially twice, then refuses an over-refund', async () => {
    const intentId = await paidGift()
    const first = await t.stripe.refunds.create(
      { payment_intent: intentId, amount: 1000, reason: 'requested_by_customer' },
      { idempotencyKey: 'refund:1' },
    )
    expect(first).toMatchObject({
      object: 'refund',
      amount: 1000,
      status: 'succeeded',
      payment_intent: intentId,
      currency: 'usd',
    })
    expect(first.id).toMatch(/^re_/)
    const second = await t.stripe.refunds.create({ charge: String(first.charge), amount: 1000 })

    const charge = await t.stripe.charges.retrieve(String(first.charge), { expand: ['refunds'] })
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: false })
    expect(charge.refunds?.data.map((refund) => refund.id)).toEqual([second.id, first.id])

    const over = await t.stripe.refunds
      .create({ payment_intent: intentId, amount: 600 })
      .catch((error: Stripe.errors.StripeError) => error)
    expect(over).toMatchObject({
      statusCode: 400,
      rawType: 'invalid_request_error',
      param: 'amount',
    })
    expect((over as Stripe.errors.StripeError).message).toBe(
      'Refund amount ($6.00) is greater than unrefunded amount on charge ($5.00)',
    )

    const rest = await t.stripe.refunds.create({ payment_intent: intentId })
    expect(rest.amount).toBe(500)
    expect(await t.stripe.charges.retrieve(String(first.charge))).toMatchObject({
      amount_refunded: 2500,
      refunded: true,
    })
    const again = await t.stripe.refunds
      .create({ payment_intent: intentId })
      .catch((error: Stripe.errors.StripeError) => error)
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' })
  })

  it('records refund balance transactions and events', async () => {
    const intentId = await paidGift()
    const refund = await t.stripe.refunds.create({
      payment_intent: intentId,
      expand: ['balance_transaction'],
    })
    expect(refund.balance_transaction).toMatchObject({
      type: 'refund',
      amount: -2500,
      fee: 0,
      net: -2500,
      reporting_category: 'refund',
      source: refund.id,
    })
    const refunded = (await t.stripe.events.list({ type: 'charge.refunded' })).data[0]
    expect(refunded?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false })
    expect((await t.stripe.events.list({ type: 'refund.created' })).data).toHaveLength(1)
    const listed = await t.stripe.refunds.list({ payment_intent: intentId })
    expect(listed.data.map((item) => item.id)).toEqual([refund.id])
    const transactions = await t.stripe.balanceTransactions.list({ expand: ['data.source'] })
    expect(
      transactions.data.map((txn) => [txn.type, (txn.source as { object: string }).object]),
    ).toEqual([
      ['refund', 'refund'],
      ['charge', 'charge'],
    ])
  })

  it('names the missing parameter and unknown charges', async () => {
    const missing = await t.stripe.refunds
      .create({})
      .catch((error: Stripe.errors.StripeError) => error)
    expect(missing).toMatchObject({ statusCode: 400, param: 'charge' })
    const unknown = await t.stripe.refunds
      .create({ charge: 'ch_missing' })
      .catch((error: Stripe.errors.StripeError) => error)
    expect(unknown).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'charge' })
  })
})
