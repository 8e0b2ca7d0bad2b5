import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from './test-support.ts'

let t: TestEmulator

beforeAll(async () => {
  t = await startTestEmulator()
})
afterAll(() => t.emulator.close())
beforeEach(() => t.control('reset', {}))

async function eventTypes(): Promise<string[]> {
  const events = await t.stripe.events.list({ limit: 100 })
  return events.data.map((event) => event.type).reverse()
}

async function retrievePaid(id: string) {
  return t.stripe.checkout.sessions.retrieve(id, {
    expand: ['payment_intent.latest_charge.balance_transaction', 'customer'],
  })
}

describe('hosted checkout page', () => {
  it('shows an accessible form with the formatted amount and a cancel link', async () => {
    const session = await t.donationSession({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'krw', unit_amount: 5000, product_data: { name: 'Gift' } },
        },
      ],
    })
    const html = await (await fetch(String(session.url))).text()
    expect(html).toContain('₩5,000')
    expect(html).toContain('<label for="email">Email</label>')
    expect(html).toContain('<label for="card_number">Card number</label>')
    expect(html).toContain('<label for="card_expiry">')
    expect(html).toContain('<label for="card_cvc">')
    expect(html).toContain('Donate ₩5,000')
    expect(html).toContain('<a href="https://lantern.test/donate">Cancel</a>')
  })

  it('pays with 4242: 303 to success_url with the session id, and records the money', async () => {
    const session = await t.donationSession()
    const response = await t.payByCard(session, '4242 4242 4242 4242')
    expect(response.status).toBe(303)
    expect(response.location).toBe(`https://lantern.test/donate/thanks?session_id=${session.id}`)

    const paid = await retrievePaid(session.id)
    expect(paid).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      url: null,
      amount_total: 2500,
      customer_details: { email: 'donor@example.org', name: 'Ada Donor' },
    })
    const customer = paid.customer as Stripe.Customer
    expect(customer).toMatchObject({ object: 'customer', email: 'donor@example.org' })
    const intent = paid.payment_intent as Stripe.PaymentIntent
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount_received: 2500,
      metadata: { donation_id: 'don_1' },
      customer: customer.id,
    })
    const charge = intent.latest_charge as Stripe.Charge
    expect(charge).toMatchObject({
      status: 'succeeded',
      paid: true,
      amount: 2500,
      payment_intent: intent.id,
    })
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' })
    // 2.9 % of 2500 = 72.5 → 73, plus 30.
    expect(charge.balance_transaction).toMatchObject({
      amount: 2500,
      fee: 103,
      net: 2397,
      type: 'charge',
      source: charge.id,
    })

    expect(await eventTypes()).toEqual([
      'customer.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.updated',
      'checkout.session.completed',
    ])
    const again = await t.payByCard(session, '4242424242424242')
    expect(again.status).toBe(200)
    expect(again.html).toContain('complete')
  })

  it('charges zero-decimal currencies 3.6 % with no fixed fee', async () => {
    const session = await t.donationSession({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'jpy', unit_amount: 5000, product_data: { name: 'Gift' } },
        },
      ],
    })
    await t.payByCard(session, '4242424242424242')
    const [transaction] = (await t.stripe.balanceTransactions.list()).data
    expect(transaction).toMatchObject({ amount: 5000, currency: 'jpy', fee: 180, net: 4820 })
    expect(transaction?.fee_details).toEqual([
      {
        amount: 180,
        application: null,
        currency: 'jpy',
        description: 'Stripe processing fees',
        type: 'stripe_fee',
      },
    ])
  })

  it('declines 0002 on the page, keeps the session open, and lets the donor retry', async () => {
    const session = await t.donationSession()
    const declined = await t.payByCard(session, '4000 0000 0000 0002')
    expect(declined.status).toBe(200)
    expect(declined.html).toContain('Your card was declined.')
    expect(declined.html).toContain('role="alert"')
    expect(declined.html).toContain('value="donor@example.org"')

    const open = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    })
    expect(open).toMatchObject({ status: 'open', payment_status: 'unpaid' })
    const intent = open.payment_intent as Stripe.PaymentIntent
    expect(intent.status).toBe('requires_payment_method')
    expect(intent.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    })
    expect(await eventTypes()).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
    ])

    const retried = await t.payByCard(session, '4242424242424242')
    expect(retried.status).toBe(303)
    const paid = await retrievePaid(session.id)
    expect((paid.payment_intent as Stripe.PaymentIntent).id).toBe(intent.id)
    expect(
      (await t.stripe.charges.list({ payment_intent: intent.id })).data.map((c) => c.status),
    ).toEqual(['succeeded', 'failed'])
  })

  it('rejects an invalid card number without charging', async () => {
    const session = await t.donationSession()
    const response = await t.payByCard(session, '4242 4242 4242 4241')
    expect(response.html).toContain('Your card number is invalid.')
    expect(await eventTypes()).toEqual([])
  })

  it('completes a 3-D Secure challenge', async () => {
    const session = await t.donationSession()
    const challenge = await t.payByCard(session, '4000 0027 6000 3184')
    expect(challenge.status).toBe(200)
    expect(challenge.html).toContain('value="complete"')
    expect(challenge.html).toContain('value="fail"')
    const waiting = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    })
    expect((waiting.payment_intent as Stripe.PaymentIntent).status).toBe('requires_action')

    const done = await t.post(`${session.url}/3ds`, { action: 'complete' })
    expect(done.status).toBe(303)
    expect(done.location).toContain(session.id)
    expect((await retrievePaid(session.id)).payment_status).toBe('paid')
  })

  it('returns to the form with an error when 3-D Secure fails', async () => {
    const session = await t.donationSession()
    await t.payByCard(session, '4000002760003184')
    const failed = await t.post(`${session.url}/3ds`, { action: 'fail' })
    expect(failed.status).toBe(200)
    expect(failed.html).toContain('We are unable to authenticate your payment method.')
    const open = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    })
    expect(open.status).toBe('open')
    expect((open.payment_intent as Stripe.PaymentIntent).last_payment_error?.code).toBe(
      'payment_intent_authentication_failure',
    )
    expect((await t.stripe.charges.list()).data).toEqual([])
  })
})

describe('SEPA Direct Debit', () => {
  function euroSession() {
    return t.donationSession({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'eur', unit_amount: 5000, product_data: { name: 'Gift' } },
        },
      ],
    })
  }

  function payByIban(session: Stripe.Checkout.Session, iban: string) {
    return t.post(String(session.url), {
      email: 'sepa@example.org',
      name: 'Sepa Donor',
      payment_method: 'sepa_debit',
      iban,
    })
  }

  it('completes unpaid, then succeeds when the clock passes the settlement delay', async () => {
    const session = await euroSession()
    expect(session.payment_method_types).toEqual(['card', 'sepa_debit'])
    expect(await (await fetch(String(session.url))).text()).toContain(
      '<label for="iban">IBAN</label>',
    )
    const response = await payByIban(session, 'DE89 3704 0044 0532 0130 00')
    expect(response.status).toBe(303)
    const pending = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    })
    expect(pending).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    expect((pending.payment_intent as Stripe.PaymentIntent).status).toBe('processing')

    await t.control('clock/advance', { seconds: 60 })
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('unpaid')
    await t.control('clock/advance', { seconds: 180 })
    const paid = await retrievePaid(session.id)
    expect(paid.payment_status).toBe('paid')
    const charge = (paid.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge
    expect(charge).toMatchObject({
      status: 'succeeded',
      payment_method_details: { type: 'sepa_debit', sepa_debit: { last4: '3000' } },
    })
    expect(charge.balance_transaction).toMatchObject({ amount: 5000, fee: 175 })
    const types = await eventTypes()
    expect(types).toEqual(
      expect.arrayContaining([
        'payment_intent.processing',
        'charge.pending',
        'checkout.session.async_payment_succeeded',
      ]),
    )
    expect(types.indexOf('checkout.session.completed')).toBeLessThan(
      types.indexOf('checkout.session.async_payment_succeeded'),
    )
  })

  it('fails later for the failing IBAN', async () => {
    const session = await euroSession()
    await payByIban(session, 'DE62370400440532013001')
    const { settled } = await t.control<{ settled: number }>('payments/settle', {})
    expect(settled).toBe(1)
    const failed = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent.latest_charge'],
    })
    expect(failed).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    const intent = failed.payment_intent as Stripe.PaymentIntent
    expect(intent.status).toBe('requires_payment_method')
    expect(intent.latest_charge).toMatchObject({
      status: 'failed',
      failure_code: 'insufficient_funds',
    })
    expect(await eventTypes()).toEqual(
      expect.arrayContaining([
        'checkout.session.async_payment_failed',
        'payment_intent.payment_failed',
        'charge.failed',
      ]),
    )
  })
})
