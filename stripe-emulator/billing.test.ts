import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from './test-support.ts'

let t: TestEmulator

beforeAll(async () => {
  t = await startTestEmulator()
})
afterAll(() => t.emulator.close())
beforeEach(() => t.control('reset', {}))

const DAY = 24 * 60 * 60

/** A monthly gift of 10.00 EUR, paid with 4242 on the hosted page. */
async function startMonthlyGift(): Promise<Stripe.Subscription> {
  const session = await t.stripe.checkout.sessions.create({
    mode: 'subscription',
    submit_type: 'donate',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'eur',
          unit_amount: 1000,
          recurring: { interval: 'month' },
          product_data: { name: 'Monthly gift' },
        },
      },
    ],
    subscription_data: { metadata: { recurring_gift_id: 'rg_1' } },
    success_url: 'https://lantern.test/thanks?session_id={CHECKOUT_SESSION_ID}',
  })
  const page = await t.payByCard(session, '4242424242424242')
  expect(page.status).toBe(303)
  const completed = await t.stripe.checkout.sessions.retrieve(session.id, {
    expand: ['subscription', 'invoice'],
  })
  expect(completed).toMatchObject({
    status: 'complete',
    payment_status: 'paid',
    payment_intent: null,
  })
  expect((completed.invoice as Stripe.Invoice).id).toBe(
    (completed.subscription as Stripe.Subscription).latest_invoice,
  )
  return completed.subscription as Stripe.Subscription
}

async function invoicesOf(subscription: Stripe.Subscription) {
  return (
    await t.stripe.invoices.list({ subscription: subscription.id, expand: ['data.payments'] })
  ).data
}

describe('recurring gifts', () => {
  it('starts an active subscription with a paid first invoice', async () => {
    const subscription = await startMonthlyGift()
    expect(subscription).toMatchObject({
      status: 'active',
      metadata: { recurring_gift_id: 'rg_1' },
      cancel_at_period_end: false,
    })
    const [item] = subscription.items.data
    const periodLength = (item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)
    expect(periodLength).toBeGreaterThanOrEqual(28 * DAY)
    expect(periodLength).toBeLessThanOrEqual(31 * DAY)
    expect(item?.price).toMatchObject({
      unit_amount: 1000,
      recurring: { interval: 'month', interval_count: 1 },
    })

    const [invoice] = await invoicesOf(subscription)
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_paid: 1000,
      parent: {
        type: 'subscription_details',
        subscription_details: {
          subscription: subscription.id,
          metadata: { recurring_gift_id: 'rg_1' },
        },
      },
    })
    const payment = invoice?.payments?.data[0]
    expect(payment).toMatchObject({
      status: 'paid',
      amount_paid: 1000,
      payment: { type: 'payment_intent' },
    })
    const intent = await t.stripe.paymentIntents.retrieve(String(payment?.payment.payment_intent))
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 1000,
      customer: subscription.customer,
    })

    const types = (await t.stripe.events.list({ limit: 100 })).data.map((event) => event.type)
    expect(types).toEqual(
      expect.arrayContaining([
        'customer.created',
        'checkout.session.completed',
        'customer.subscription.created',
        'invoice.created',
        'invoice.finalized',
        'invoice.paid',
        'invoice.payment_succeeded',
        'invoice_payment.paid',
        'payment_intent.succeeded',
        'charge.succeeded',
        'customer.subscription.updated',
      ]),
    )
  })

  it('renews when the clock passes the period end: a second paid invoice', async () => {
    const subscription = await startMonthlyGift()
    const firstEnd = subscription.items.data[0]?.current_period_end ?? 0
    await t.control('clock/advance', { seconds: 32 * DAY })

    const invoices = await invoicesOf(subscription)
    expect(
      invoices.map((invoice) => [invoice.billing_reason, invoice.status, invoice.amount_paid]),
    ).toEqual([
      ['subscription_cycle', 'paid', 1000],
      ['subscription_create', 'paid', 1000],
    ])
    expect(invoices[0]?.created).toBe(firstEnd)
    const renewed = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd)
    expect(renewed.latest_invoice).toBe(invoices[0]?.id)

    const renewalEvents = (await t.stripe.events.list({ limit: 100, created: { gte: firstEnd } }))
      .data
    expect(renewalEvents.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'invoice.created',
        'invoice.finalized',
        'invoice.paid',
        'invoice.payment_succeeded',
        'payment_intent.succeeded',
        'charge.succeeded',
      ]),
    )
    expect(renewalEvents.every((event) => event.request?.id === null)).toBe(true)
  })

  it('fails the next renewal on request, then recovers on the retry', async () => {
    const subscription = await startMonthlyGift()
    await t.control('renewals/fail', { subscription: subscription.id })
    await t.control('clock/advance', { seconds: 31 * DAY })

    const [renewal] = await invoicesOf(subscription)
    expect(renewal).toMatchObject({
      status: 'open',
      attempt_count: 1,
      billing_reason: 'subscription_cycle',
    })
    expect(renewal?.next_payment_attempt).toBeGreaterThan(renewal?.created ?? 0)
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due')
    const failed = (await t.stripe.events.list({ type: 'invoice.payment_failed' })).data
    expect(failed).toHaveLength(1)

    await t.control('clock/advance', { seconds: 3 * DAY })
    const [retried] = await invoicesOf(subscription)
    expect(retried).toMatchObject({ id: renewal?.id, status: 'paid', attempt_count: 2 })
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
  })

  it('cancels at period end, then ends the gift when the period is over', async () => {
    const subscription = await startMonthlyGift()
    const end = subscription.items.data[0]?.current_period_end ?? 0
    const updated = await t.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
    })
    expect(updated).toMatchObject({ cancel_at_period_end: true, cancel_at: end, status: 'active' })
    const [event] = (
      await t.stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })
    ).data
    expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false })

    await t.control('clock/advance', { seconds: 40 * DAY })
    const ended = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(ended).toMatchObject({
      status: 'canceled',
      ended_at: end,
      cancellation_details: { reason: 'cancellation_requested' },
    })
    expect(await invoicesOf(subscription)).toHaveLength(1)
    expect((await t.stripe.subscriptions.list()).data).toEqual([])
    expect((await t.stripe.subscriptions.list({ status: 'canceled' })).data).toHaveLength(1)
  })

  it('cancels immediately with DELETE', async () => {
    const subscription = await startMonthlyGift()
    const canceled = await t.stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: { comment: 'Moving abroad', feedback: 'other' },
    })
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_details: { comment: 'Moving abroad', feedback: 'other' },
    })
    expect(
      (await t.stripe.events.list({ type: 'customer.subscription.deleted' })).data,
    ).toHaveLength(1)
  })

  it('opens a billing portal where the donor can cancel', async () => {
    const subscription = await startMonthlyGift()
    const portal = await t.stripe.billingPortal.sessions.create({
      customer: String(subscription.customer),
      return_url: 'https://lantern.test/account',
    })
    expect(portal).toMatchObject({
      object: 'billing_portal.session',
      customer: subscription.customer,
    })
    expect(portal.id).toMatch(/^bps_/)
    const page = await (await fetch(portal.url)).text()
    expect(page).toContain('€10.00 per month')
    expect(page).toContain('href="https://lantern.test/account"')

    const response = await t.post(portal.url, {
      subscription: subscription.id,
      action: 'cancel_at_period_end',
    })
    expect(response.status).toBe(303)
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true)
  })
})

describe('deleting a customer', () => {
  it('cancels their subscriptions at once, answers a stub, and keeps the stub retrievable', async () => {
    const subscription = await startMonthlyGift()
    const customerId = String(subscription.customer)
    const deleted = await t.stripe.customers.del(customerId)
    expect(deleted).toEqual({ id: customerId, object: 'customer', deleted: true })

    const ended = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(ended).toMatchObject({ status: 'canceled' })
    expect(ended.ended_at).not.toBeNull()
    const types = (await t.stripe.events.list({ limit: 10 })).data.map((event) => event.type)
    expect(types.slice(0, 2)).toEqual(['customer.deleted', 'customer.subscription.deleted'])

    expect(await t.stripe.customers.retrieve(customerId)).toEqual({
      id: customerId,
      object: 'customer',
      deleted: true,
    })
  })

  it('refuses an unknown or already deleted customer with 404 resource_missing', async () => {
    const unknown = await t.stripe.customers.del('cus_unknown').catch((error: unknown) => error)
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' })

    const customer = await t.stripe.customers.create({ email: 'gone@example.org' })
    await t.stripe.customers.del(customer.id)
    const again = await t.stripe.customers.del(customer.id).catch((error: unknown) => error)
    expect(again).toMatchObject({ statusCode: 404, code: 'resource_missing' })
    const update = await t.stripe.customers
      .update(customer.id, { name: 'Back' })
      .catch((error: unknown) => error)
    expect(update).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})
