import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { emulatorWithReceiver, startTestEmulator, waitFor, WEBHOOK_SECRET } from './test-support.ts'

const { t, receiver } = await emulatorWithReceiver()

async function paidGift(amount: number, currency = 'usd'): Promise<Stripe.Charge> {
  const session = await t.donationSession({
    line_items: [
      {
        quantity: 1,
        price_data: { currency, unit_amount: amount, product_data: { name: 'Gift' } },
      },
    ],
  })
  await t.payByCard(session, '4242424242424242')
  const paid = await t.stripe.checkout.sessions.retrieve(session.id, {
    expand: ['payment_intent.latest_charge'],
  })
  return (paid.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge
}

function runPayout(body: Record<string, unknown> = {}) {
  return t.control<Stripe.Payout>('payouts', body)
}

/** Every balance transaction of a payout, auto-paginated, as the reconciliation job reads them. */
async function payoutLines(payout: string, expand: string[] = []) {
  const lines: Stripe.BalanceTransaction[] = []
  for await (const line of t.stripe.balanceTransactions.list({ payout, limit: 2, expand }))
    lines.push(line)
  return lines
}

const sumNet = (lines: Stripe.BalanceTransaction[]) =>
  lines.reduce((sum, line) => sum + line.net, 0)

describe('payouts', () => {
  it('sweeps gifts, fees, refunds and disputes into a paid payout whose lines sum to it', async () => {
    const small = await paidGift(2500) // fee 103
    const medium = await paidGift(5000) // fee 175
    const large = await paidGift(10000) // fee 320
    const refund = await t.stripe.refunds.create({ charge: medium.id, amount: 1000 })
    const dispute = await t.control<Stripe.Dispute>('disputes', { charge: large.id })
    await t.stripe.disputes.close(dispute.id)

    const before = await t.stripe.balance.retrieve()
    expect(before.pending).toEqual([
      { amount: 17500 - 598, currency: 'usd', source_types: { card: 16902 } },
    ])
    expect(before.available[0]?.amount).toBe(-1000 - 11500)

    const payout = await runPayout({ currency: 'usd' })
    // gross 17 500 − fees 598 − refund 1 000 − dispute 10 000 − dispute fee 1 500 = 4 402
    expect(payout).toMatchObject({
      object: 'payout',
      amount: 4402,
      currency: 'usd',
      status: 'paid',
      automatic: true,
      method: 'standard',
      type: 'bank_account',
      reconciliation_status: 'completed',
      failure_code: null,
      livemode: false,
    })
    expect(payout.id).toMatch(/^po_/)
    expect(payout.arrival_date).toBeGreaterThan(payout.created)
    expect(await t.stripe.payouts.retrieve(payout.id)).toEqual(payout)

    const lines = await payoutLines(payout.id, ['data.source', 'data.source.payment_intent'])
    expect(lines).toHaveLength(6)
    const payoutLine = lines.find((line) => line.type === 'payout')
    expect(payoutLine).toMatchObject({
      amount: -4402,
      fee: 0,
      net: -4402,
      reporting_category: 'payout',
      id: payout.balance_transaction,
    })
    expect((payoutLine?.source as Stripe.Payout).id).toBe(payout.id)
    expect(sumNet(lines.filter((line) => line.type !== 'payout'))).toBe(payout.amount)
    expect(sumNet(lines)).toBe(0)
    expect(lines.every((line) => line.status === 'available')).toBe(true)
    const categories = lines.map((line) => line.reporting_category).sort()
    expect(categories).toEqual(['charge', 'charge', 'charge', 'dispute', 'payout', 'refund'])
    const bySource = (id: string) =>
      lines.find((line) => (line.source as { id?: string } | null)?.id === id)
    const gift = bySource(small.id)?.source as Stripe.Charge
    expect((gift.payment_intent as Stripe.PaymentIntent).metadata).toEqual({
      donation_id: 'don_1',
    })
    expect((bySource(refund.id)?.source as Stripe.Refund).charge).toBe(medium.id)
    expect((bySource(dispute.id)?.source as Stripe.Dispute).charge).toBe(large.id)

    const types = (await t.stripe.events.list({ type: 'payout.*' })).data.map((e) => e.type)
    expect(types.reverse()).toEqual([
      'payout.created',
      'payout.updated',
      'payout.paid',
      'payout.reconciliation_completed',
    ])
    await waitFor(() => receiver.types().includes('payout.reconciliation_completed'))
    const created = receiver.received.find((delivery) => delivery.event.type === 'payout.created')
    const event = t.stripe.webhooks.constructEvent(
      String(created?.body),
      String(created?.signature),
      WEBHOOK_SECRET,
    )
    expect(event.data.object).toMatchObject({ id: payout.id, status: 'in_transit' })
    const [updated] = (await t.stripe.events.list({ type: 'payout.updated' })).data
    expect(updated?.data.previous_attributes).toMatchObject({
      status: 'in_transit',
      reconciliation_status: 'in_progress',
    })

    const after = await t.stripe.balance.retrieve()
    expect(after.available).toEqual([{ amount: 0, currency: 'usd', source_types: { card: 0 } }])
    expect(after.pending[0]?.amount).toBe(0)
    const empty = await fetch(`${t.emulator.url}/_emulator/payouts`, {
      method: 'POST',
      body: '{}',
    })
    expect(empty.status).toBe(400)

    const listed = await t.stripe.payouts.list({ status: 'paid' })
    expect(listed.data.map((item) => item.id)).toEqual([payout.id])
    expect((await t.stripe.payouts.list({ status: 'failed' })).data).toHaveLength(0)
    expect(
      (await t.stripe.payouts.list({ arrival_date: { gte: payout.arrival_date } })).data,
    ).toHaveLength(1)
  })

  it('fails a payout, returns the funds, and sweeps them into the next payout', async () => {
    await paidGift(2500)
    const failed = await runPayout({ fail: true })
    expect(failed).toMatchObject({
      status: 'failed',
      amount: 2397,
      failure_code: 'account_closed',
      failure_message: 'The bank account has been closed.',
    })
    const failure = await t.stripe.balanceTransactions.retrieve(
      String(failed.failure_balance_transaction),
    )
    expect(failure).toMatchObject({
      type: 'payout_failure',
      reporting_category: 'payout_reversal',
      amount: 2397,
      net: 2397,
      source: failed.id,
    })
    const failedLines = await payoutLines(failed.id)
    expect(failedLines.map((line) => line.type).sort()).toEqual(['charge', 'payout'])
    expect(sumNet(failedLines)).toBe(0)
    const types = (await t.stripe.events.list({ type: 'payout.*' })).data.map((e) => e.type)
    expect(types.reverse()).toEqual(['payout.created', 'payout.updated', 'payout.failed'])
    expect((await t.stripe.balance.retrieve()).available[0]?.amount).toBe(2397)

    await paidGift(5000)
    const next = await runPayout({ failure_code: 'no_account' })
    expect(next).toMatchObject({
      status: 'failed',
      failure_code: 'no_account',
      amount: 2397 + 4825,
    })
    const retried = await runPayout({})
    expect(retried).toMatchObject({ status: 'paid', amount: 2397 + 4825 })
    const lines = await payoutLines(retried.id)
    expect(lines.map((line) => line.type)).toEqual(['payout', 'payout_failure'])
    expect(sumNet(lines)).toBe(0)
  })

  it('adds an unmatched adjustment line with unmatched: true', async () => {
    await paidGift(2500)
    const payout = await runPayout({ unmatched: true })
    expect(payout.amount).toBe(2397 - 250)
    const lines = await payoutLines(payout.id, ['data.source'])
    const adjustment = lines.find((line) => line.type === 'adjustment')
    expect(adjustment).toMatchObject({
      amount: -250,
      fee: 0,
      net: -250,
      reporting_category: 'other_adjustment',
      source: null,
      currency: 'usd',
    })
    expect(sumNet(lines.filter((line) => line.type !== 'payout'))).toBe(payout.amount)
  })

  it('keeps a payout in transit until the clock reaches its arrival date', async () => {
    await paidGift(2500)
    const payout = await runPayout({ inTransit: true })
    expect(payout.status).toBe('in_transit')
    expect((await t.stripe.events.list({ type: 'payout.*' })).data).toHaveLength(1)
    await t.control('clock/advance', { seconds: 3 * 86400 })
    expect(await t.stripe.payouts.retrieve(payout.id)).toMatchObject({
      status: 'paid',
      reconciliation_status: 'completed',
    })
    const [paid] = (await t.stripe.events.list({ type: 'payout.paid' })).data
    expect(paid?.created).toBe(payout.arrival_date)
  })

  it('pays out each currency separately', async () => {
    await paidGift(2500)
    await paidGift(5000, 'eur')
    const eur = await runPayout({ currency: 'eur' })
    expect(eur).toMatchObject({ currency: 'eur', amount: 4825 })
    expect((await payoutLines(eur.id)).every((line) => line.currency === 'eur')).toBe(true)
    const balance = await t.stripe.balance.retrieve()
    expect(balance.pending.map((part) => [part.currency, part.amount])).toEqual([
      ['eur', 0],
      ['usd', 2397],
    ])
  })
})

describe('balance transactions', () => {
  it('filters by type and payout, and refuses an unknown payout', async () => {
    const charge = await paidGift(2500)
    await t.stripe.refunds.create({ charge: charge.id, amount: 500 })
    const refunds = await t.stripe.balanceTransactions.list({ type: 'refund' })
    expect(refunds.data.map((line) => [line.type, line.amount])).toEqual([['refund', -500]])
    const charges = await t.stripe.balanceTransactions.list({
      type: 'charge',
      expand: ['data.source.payment_intent'],
    })
    const source = charges.data[0]?.source as Stripe.Charge
    expect((source.payment_intent as Stripe.PaymentIntent).id).toBe(charge.payment_intent)
    const unknown = await t.stripe.balanceTransactions
      .list({ payout: 'po_missing' })
      .catch((error: Stripe.errors.StripeError) => error)
    expect(unknown).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payout' })
  })
})

describe('multi-currency settlement', () => {
  it('settles a KRW gift in USD with exchange_rate, and refunds and disputes likewise', async () => {
    await t.control('account', { settlementCurrency: 'usd' })
    const krw = await paidGift(50000, 'krw')
    const charge = await t.stripe.charges.retrieve(krw.id, { expand: ['balance_transaction'] })
    expect(charge).toMatchObject({ amount: 50000, currency: 'krw' })
    // 50 000 KRW × 0.00075 = 37.50 USD; fee 2.9 % × 3750 = 108.75 → 109, + 30 = 139.
    expect(charge.balance_transaction).toMatchObject({
      amount: 3750,
      currency: 'usd',
      exchange_rate: 0.00075,
      fee: 139,
      net: 3611,
      fee_details: [expect.objectContaining({ amount: 139, currency: 'usd' })],
    })
    const refund = await t.stripe.refunds.create({
      charge: krw.id,
      amount: 10001,
      expand: ['balance_transaction'],
    })
    // 10 001 KRW × 0.00075 = 7.50075 USD → 750 cents (half up).
    expect(refund.balance_transaction).toMatchObject({
      amount: -750,
      currency: 'usd',
      exchange_rate: 0.00075,
    })
    const eur = await paidGift(5000, 'eur')
    const eurLine = await t.stripe.balanceTransactions.retrieve(String(eur.balance_transaction))
    expect(eurLine).toMatchObject({ amount: 5400, currency: 'usd', exchange_rate: 1.08, fee: 187 })
    const usd = await paidGift(2500)
    const usdLine = await t.stripe.balanceTransactions.retrieve(String(usd.balance_transaction))
    expect(usdLine).toMatchObject({ amount: 2500, currency: 'usd', exchange_rate: null, fee: 103 })

    const dispute = await t.control<Stripe.Dispute>('disputes', { charge: eur.id })
    expect(dispute).toMatchObject({ amount: 5000, currency: 'eur' })
    expect(dispute.balance_transactions[0]).toMatchObject({
      amount: -5400,
      currency: 'usd',
      exchange_rate: 1.08,
      fee: 1500,
    })

    const payout = await runPayout()
    expect(payout.currency).toBe('usd')
    const lines = await payoutLines(payout.id)
    expect(sumNet(lines.filter((line) => line.type !== 'payout'))).toBe(payout.amount)
    expect(payout.amount).toBe(3611 - 750 + (5400 - 187) + 2397 - 5400 - 1500)
  })

  it('settles each currency as itself by default, and after reset', async () => {
    await t.control('account', { settlementCurrency: 'usd' })
    expect(await t.control('account')).toEqual({ settlementCurrency: 'usd' })
    await t.control('reset', {})
    expect(await t.control('account')).toEqual({ settlementCurrency: null })
    const krw = await paidGift(50000, 'krw')
    const line = await t.stripe.balanceTransactions.retrieve(String(krw.balance_transaction))
    expect(line).toMatchObject({ amount: 50000, currency: 'krw', exchange_rate: null, fee: 1800 })
  })

  it('converts at rates set through the control API until reset, and refuses bad ones', async () => {
    await t.control('account', { settlementCurrency: 'usd' })
    expect(await t.control('rates', { usdPerUnit: { KRW: '0.000745' } })).toMatchObject({
      usdPerUnit: { krw: '0.000745', eur: '1.08' },
    })
    const krw = await paidGift(30000, 'krw')
    const line = await t.stripe.balanceTransactions.retrieve(String(krw.balance_transaction))
    // 30 000 KRW × 0.000745 = 22.35 USD.
    expect(line).toMatchObject({ amount: 2235, currency: 'usd', exchange_rate: 0.000745 })

    for (const usdPerUnit of [{ krw: '0' }, { krw: 0.0007 }, { xyz: '1' }, { usd: '2' }]) {
      await expect(t.control('rates', { usdPerUnit })).rejects.toThrow(/400/)
    }
    await t.control('reset', {})
    expect(await t.control<{ usdPerUnit: Record<string, string> }>('rates')).toMatchObject({
      usdPerUnit: { krw: '0.00075' },
    })
  })

  it('takes the settlement currency from the start-up option', async () => {
    const other = await startTestEmulator({ settlementCurrency: 'eur' })
    try {
      const session = await other.donationSession({
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'gbp', unit_amount: 1000, product_data: { name: 'Gift' } },
          },
        ],
      })
      await other.payByCard(session, '4242424242424242')
      const [line] = (await other.stripe.balanceTransactions.list()).data
      // 10.00 GBP × 1.27 / 1.08 = 11.759259… EUR → 1176 cents.
      expect(line).toMatchObject({ amount: 1176, currency: 'eur', exchange_rate: 1.175925926 })
    } finally {
      await other.emulator.close()
    }
  })
})
