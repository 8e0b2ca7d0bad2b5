import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import { emulatorWithReceiver, waitFor, WEBHOOK_SECRET } from './test-support.ts'

const { t, receiver } = await emulatorWithReceiver()
afterEach(() => {
  receiver.received.length = 0
})

/** A paid one-off gift; returns its charge. */
async function paidGift(
  amount = 2500,
  currency = 'usd',
  card = '4242424242424242',
): Promise<Stripe.Charge> {
  const session = await t.donationSession({
    line_items: [
      {
        quantity: 1,
        price_data: { currency, unit_amount: amount, product_data: { name: 'Gift' } },
      },
    ],
  })
  await t.payByCard(session, card)
  const paid = await t.stripe.checkout.sessions.retrieve(session.id, {
    expand: ['payment_intent.latest_charge'],
  })
  return (paid.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge
}

function openDispute(body: Record<string, unknown>) {
  return t.control<Stripe.Dispute>('disputes', body)
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(Stripe.errors.StripeError)
  return error as Stripe.errors.StripeError
}

/** Signature-verified deliveries of `types`, in the order received. */
async function verifiedDeliveries(types: string[]): Promise<Stripe.Event[]> {
  await waitFor(() => types.every((type) => receiver.types().includes(type)))
  return receiver.received
    .filter((delivery) => types.includes(delivery.event.type))
    .map((delivery) =>
      t.stripe.webhooks.constructEvent(delivery.body, delivery.signature, WEBHOOK_SECRET),
    )
}

describe('dispute lifecycle', () => {
  it('opens, stages and submits evidence, and is won: balance and signed events', async () => {
    const charge = await paidGift()
    const opened = await openDispute({ charge: charge.id })
    expect(opened.id).toMatch(/^du_/)

    const dispute = await t.stripe.disputes.retrieve(opened.id)
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 2500,
      currency: 'usd',
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      network_reason_code: '10.4',
      evidence_details: {
        has_evidence: false,
        past_due: false,
        submission_count: 0,
        submission_method: 'not_submitted',
      },
      payment_method_details: { type: 'card', card: { brand: 'visa', case_type: 'chargeback' } },
    })
    expect(dispute.evidence.uncategorized_text).toBeNull()
    expect(dispute.evidence_details.due_by).toBeGreaterThan(dispute.created + 18 * 86400)
    expect(dispute.balance_transactions).toHaveLength(1)
    expect(dispute.balance_transactions[0]).toMatchObject({
      object: 'balance_transaction',
      type: 'adjustment',
      reporting_category: 'dispute',
      amount: -2500,
      fee: 1500,
      net: -4000,
      currency: 'usd',
      source: dispute.id,
      status: 'available',
      exchange_rate: null,
      fee_details: [{ amount: 1500, currency: 'usd', description: 'Dispute fee' }],
    })
    expect((await t.stripe.charges.retrieve(charge.id)).disputed).toBe(true)

    const [created, withdrawn] = await verifiedDeliveries([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
    ])
    expect(created?.data.object).toMatchObject({ id: dispute.id, status: 'needs_response' })
    expect(created?.request).toEqual({ id: null, idempotency_key: null })
    expect((withdrawn?.data.object as Stripe.Dispute).balance_transactions).toHaveLength(1)

    // Staged evidence (submit: false) keeps the dispute waiting for a response.
    const staged = await t.stripe.disputes.update(dispute.id, {
      evidence: { customer_name: 'Ada Donor', product_description: 'Donation' },
      metadata: { case: 'c-1' },
      submit: false,
    })
    expect(staged).toMatchObject({
      status: 'needs_response',
      metadata: { case: 'c-1' },
      evidence: { customer_name: 'Ada Donor', product_description: 'Donation' },
      evidence_details: { has_evidence: true, submission_count: 0 },
    })
    const submitted = await t.stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'The donor confirmed the gift by email.' },
    })
    expect(submitted).toMatchObject({
      status: 'under_review',
      evidence: { customer_name: 'Ada Donor' },
      evidence_details: {
        has_evidence: true,
        submission_count: 1,
        past_due: false,
        submission_method: 'manual',
      },
    })
    await waitFor(
      () => receiver.types().filter((type) => type === 'charge.dispute.updated').length === 2,
    )
    const updates = await verifiedDeliveries(['charge.dispute.updated'])
    // Staged: evidence and metadata changed; submitted: the status moved on too.
    expect(
      updates.map((event) => Object.keys(event.data.previous_attributes ?? {}).sort()),
    ).toEqual([
      ['evidence', 'evidence_details', 'metadata'],
      ['evidence', 'evidence_details', 'status'],
    ])
    expect(updates.map((event) => event.data.previous_attributes)).toEqual([
      expect.objectContaining({ metadata: {} }),
      expect.objectContaining({ status: 'needs_response' }),
    ])
    expect(updates[0]?.request?.id).toMatch(/^req_/)

    const won = await t.control<Stripe.Dispute>(`disputes/${dispute.id}/resolve`, {
      outcome: 'won',
    })
    expect(won.status).toBe('won')
    const after = await t.stripe.disputes.retrieve(dispute.id)
    expect(
      after.balance_transactions.map((txn) => [
        txn.reporting_category,
        txn.amount,
        txn.fee,
        txn.net,
      ]),
    ).toEqual([
      ['dispute', -2500, 1500, -4000],
      ['dispute_reversal', 2500, 0, 2500],
    ])
    const [closed, reinstated] = await verifiedDeliveries([
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    ])
    expect(closed?.data.object).toMatchObject({ status: 'won' })
    expect(reinstated?.data.object).toMatchObject({ status: 'won' })

    // Won: the amount is back, the 15.00 dispute fee is not. 2397 − 4000 + 2500 = 897.
    const transactions = await t.stripe.balanceTransactions.list()
    expect(transactions.data.reduce((sum, txn) => sum + txn.net, 0)).toBe(897)
    const again = await rejection(t.stripe.disputes.close(dispute.id))
    expect(again.statusCode).toBe(400)
  })

  it('refuses to refund a disputed charge with charge_disputed', async () => {
    const charge = await paidGift()
    await openDispute({ charge: charge.id })
    const refused = await rejection(t.stripe.refunds.create({ charge: charge.id }))
    expect(refused).toMatchObject({
      statusCode: 400,
      rawType: 'invalid_request_error',
      code: 'charge_disputed',
    })
    const byIntent = await rejection(
      t.stripe.refunds.create({ payment_intent: String(charge.payment_intent), amount: 100 }),
    )
    expect(byIntent.code).toBe('charge_disputed')
    expect((await t.stripe.refunds.list()).data).toHaveLength(0)
  })

  it('close accepts the loss: no reinstatement, and the balance keeps the withdrawal', async () => {
    const charge = await paidGift()
    const dispute = await openDispute({ charge: charge.id, reason: 'product_not_received' })
    const closed = await t.stripe.disputes.close(dispute.id)
    expect(closed).toMatchObject({ status: 'lost', reason: 'product_not_received' })
    expect(closed.balance_transactions).toHaveLength(1)
    const types = (await t.stripe.events.list({ type: 'charge.dispute.*' })).data.map(
      (event) => event.type,
    )
    expect(types).toEqual([
      'charge.dispute.closed',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.created',
    ])
    const balance = await t.stripe.balance.retrieve()
    expect(balance).toMatchObject({
      object: 'balance',
      livemode: false,
      available: [{ amount: -4000, currency: 'usd' }],
      pending: [{ amount: 2397, currency: 'usd' }],
    })
    const refused = await rejection(t.stripe.refunds.create({ charge: charge.id }))
    expect(refused.code).toBe('charge_disputed')
    const lateEvidence = await rejection(
      t.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'too late' } }),
    )
    expect(lateEvidence.statusCode).toBe(400)
  })

  it('closes at once on the test evidence winning_evidence / losing_evidence', async () => {
    const first = await openDispute({ charge: (await paidGift()).id })
    const won = await t.stripe.disputes.update(first.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
    })
    expect(won.status).toBe('won')
    expect(won.balance_transactions).toHaveLength(2)
    const second = await openDispute({ charge: (await paidGift()).id })
    const lost = await t.stripe.disputes.update(second.id, {
      evidence: { uncategorized_text: 'losing_evidence' },
    })
    expect(lost.status).toBe('lost')
    expect(lost.balance_transactions).toHaveLength(1)
    const types = (await t.stripe.events.list({ type: 'charge.dispute.*' })).data
      .map((event) => event.type)
      .reverse()
    expect(types).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.closed',
    ])
  })

  it('loses an unanswered dispute when its evidence window closes', async () => {
    const dispute = await openDispute({ charge: (await paidGift()).id })
    await t.control('clock/advance', { seconds: 18 * 86400 })
    expect((await t.stripe.disputes.retrieve(dispute.id)).status).toBe('needs_response')
    await t.control('clock/advance', { seconds: 3 * 86400 })
    expect((await t.stripe.disputes.retrieve(dispute.id)).status).toBe('lost')
    const [closed] = (await t.stripe.events.list({ type: 'charge.dispute.closed' })).data
    expect(closed?.request).toEqual({ id: null, idempotency_key: null })
  })

  it('opens a fraudulent dispute for test card 4000 0000 0000 0259', async () => {
    const charge = await paidGift(2500, 'usd', '4000000000000259')
    const { data } = await t.stripe.disputes.list({ charge: charge.id })
    expect(data).toHaveLength(1)
    expect(data[0]).toMatchObject({ reason: 'fraudulent', status: 'needs_response' })
    const other = await paidGift(2500, 'usd', '4000000000002685')
    const [notReceived] = (await t.stripe.disputes.list({ charge: other.id })).data
    expect(notReceived?.reason).toBe('product_not_received')
  })

  it('withdraws a round local dispute fee in zero-decimal currencies', async () => {
    const krw = await paidGift(50000, 'krw')
    const dispute = await openDispute({ payment_intent: krw.payment_intent, amount: 30000 })
    expect(dispute.balance_transactions[0]).toMatchObject({
      amount: -30000,
      fee: 20000,
      net: -50000,
      currency: 'krw',
    })
    const jpy = await paidGift(5000, 'jpy')
    const yen = await openDispute({ charge: jpy.id })
    expect(yen.balance_transactions[0]).toMatchObject({ amount: -5000, fee: 2000, currency: 'jpy' })
  })
})

describe('dispute API', () => {
  it('lists with charge, payment_intent and created filters and paginates', async () => {
    const charges = [await paidGift(), await paidGift(), await paidGift()]
    const disputes = []
    for (const charge of charges) disputes.push(await openDispute({ charge: charge.id }))
    const all = await t.stripe.disputes.list()
    expect(all.data.map((item) => item.id)).toEqual(disputes.map((item) => item.id).reverse())
    const page = await t.stripe.disputes.list({ limit: 2 })
    expect(page.has_more).toBe(true)
    const next = await t.stripe.disputes.list({ limit: 2, starting_after: page.data[1]?.id })
    expect(next.data.map((item) => item.id)).toEqual([disputes[0]?.id])
    const byIntent = await t.stripe.disputes.list({
      payment_intent: String(charges[1]?.payment_intent),
    })
    expect(byIntent.data.map((item) => item.id)).toEqual([disputes[1]?.id])
    const created = await t.stripe.disputes.list({ created: { lt: 1 } })
    expect(created.data).toHaveLength(0)
    const expanded = await t.stripe.disputes.retrieve(String(disputes[0]?.id), {
      expand: ['charge', 'payment_intent'],
    })
    expect((expanded.charge as Stripe.Charge).object).toBe('charge')
    expect((expanded.payment_intent as Stripe.PaymentIntent).object).toBe('payment_intent')
  })

  it('answers Stripe errors for unknown disputes and parameters', async () => {
    const missing = await rejection(t.stripe.disputes.retrieve('du_missing'))
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' })
    const dispute = await openDispute({ charge: (await paidGift()).id })
    const unknown = await rejection(
      t.stripe.disputes.update(dispute.id, {
        evidence: { enhanced_evidence: { visa_compliance: { fee_acknowledged: true } } },
      }),
    )
    expect(unknown).toMatchObject({
      code: 'parameter_unknown',
      param: 'evidence[enhanced_evidence]',
    })
    const metadataOnly = await t.stripe.disputes.update(dispute.id, { metadata: { a: 'b' } })
    expect(metadataOnly).toMatchObject({ status: 'needs_response', metadata: { a: 'b' } })
  })

  it('refuses to open disputes the control API cannot make', async () => {
    const charge = await paidGift()
    const post = (body: object) =>
      fetch(`${t.emulator.url}/_emulator/disputes`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    expect((await post({ charge: 'ch_missing' })).status).toBe(400)
    expect((await post({ charge: charge.id, amount: 2501 })).status).toBe(400)
    expect((await post({ charge: charge.id, reason: 'bored' })).status).toBe(400)
    expect((await post({ charge: charge.id })).status).toBe(200)
    const second = await post({ charge: charge.id })
    expect(second.status).toBe(400)
    expect(await second.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
    const refunded = await paidGift()
    await t.stripe.refunds.create({ charge: refunded.id })
    expect((await post({ charge: refunded.id })).status).toBe(400)
    const resolve = await fetch(`${t.emulator.url}/_emulator/disputes/du_missing/resolve`, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'won' }),
    })
    expect(resolve.status).toBe(400)
  })
})
