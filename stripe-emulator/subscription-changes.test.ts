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

/** A monthly gift of 10.00 EUR, paid with `card` on the hosted page. */
async function startMonthlyGift(card = '4242424242424242'): Promise<Stripe.Subscription> {
  const session = await t.stripe.checkout.sessions.create({
    mode: 'subscription',
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
    success_url: 'https://lantern.test/thanks',
  })
  expect((await t.payByCard(session, card)).status).toBe(303)
  const completed = await t.stripe.checkout.sessions.retrieve(session.id, {
    expand: ['subscription'],
  })
  return completed.subscription as Stripe.Subscription
}

async function invoicesOf(subscription: Stripe.Subscription) {
  return (await t.stripe.invoices.list({ subscription: subscription.id })).data
}

function itemOf(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data[0]
  if (!item) throw new Error('no item')
  return item
}

async function stripeError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught as { statusCode: number; param?: string; message: string },
  )
  if (!error) throw new Error('expected the request to be refused')
  return error
}

describe('changing the amount', () => {
  it('charges the new price from the next renewal, nothing now', async () => {
    const subscription = await startMonthlyGift()
    const item = itemOf(subscription)
    const updated = await t.stripe.subscriptions.update(subscription.id, {
      items: [
        {
          id: item.id,
          price_data: {
            currency: 'eur',
            product: String(item.price.product),
            unit_amount: 2500,
            recurring: { interval: 'month' },
          },
        },
      ],
      proration_behavior: 'none',
    })
    expect(itemOf(updated).price.unit_amount).toBe(2500)
    expect(itemOf(updated).current_period_end).toBe(item.current_period_end)
    expect(await invoicesOf(subscription)).toHaveLength(1)
    const [event] = (await t.stripe.events.list({ type: 'customer.subscription.updated' })).data
    expect(event?.data.previous_attributes).toHaveProperty('items')

    await t.control('clock/advance', { seconds: 31 * DAY })
    const [renewal] = await invoicesOf(subscription)
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 2500 })
  })

  it('refuses prorations it does not model, another currency, and a foreign item', async () => {
    const subscription = await startMonthlyGift()
    const item = itemOf(subscription)
    const priceData = {
      currency: 'eur',
      product: String(item.price.product),
      unit_amount: 2500,
      recurring: { interval: 'month' as const },
    }
    const proration = await stripeError(
      t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: item.id, price_data: priceData }],
      }),
    )
    expect(proration).toMatchObject({ statusCode: 400, param: 'proration_behavior' })
    const currency = await stripeError(
      t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: item.id, price_data: { ...priceData, currency: 'usd' } }],
        proration_behavior: 'none',
      }),
    )
    expect(currency.param).toBe('items[0][price_data]')
    const foreign = await stripeError(
      t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: 'si_other', price_data: priceData }],
        proration_behavior: 'none',
      }),
    )
    expect(foreign.param).toBe('items[0][id]')
    expect(itemOf(await t.stripe.subscriptions.retrieve(subscription.id)).price.unit_amount).toBe(
      1000,
    )
  })

  it('refuses a billing_cycle_anchor timestamp on an existing subscription', async () => {
    const subscription = await startMonthlyGift()
    const error = await stripeError(
      // The SDK's types allow only `now`/`unchanged` here; send what a caller might try.
      t.stripe.subscriptions.update(subscription.id, {
        billing_cycle_anchor: String(subscription.start_date + 10 * DAY),
      } as unknown as Stripe.SubscriptionUpdateParams),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'billing_cycle_anchor' })
  })
})

describe('switching to a yearly interval', () => {
  it('with a trial to the current period end: no charge now, the year is billed then', async () => {
    const subscription = await startMonthlyGift()
    const item = itemOf(subscription)
    const updated = await t.stripe.subscriptions.update(subscription.id, {
      items: [
        {
          id: item.id,
          price_data: {
            currency: 'eur',
            product: String(item.price.product),
            unit_amount: 12000,
            recurring: { interval: 'year' },
          },
        },
      ],
      trial_end: item.current_period_end,
      proration_behavior: 'none',
    })
    expect(updated).toMatchObject({ status: 'trialing', trial_end: item.current_period_end })
    expect(await invoicesOf(subscription)).toHaveLength(1)

    await t.control('clock/advance', { seconds: 31 * DAY })
    const renewed = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(renewed.status).toBe('active')
    const [yearly] = await invoicesOf(subscription)
    expect(yearly).toMatchObject({ amount_paid: 12000, status: 'paid' })
    const period = itemOf(renewed).current_period_end - itemOf(renewed).current_period_start
    expect(period).toBeGreaterThanOrEqual(365 * DAY)
  })

  it('without a trial: the cycle restarts now and the year is invoiced at once', async () => {
    const subscription = await startMonthlyGift()
    const item = itemOf(subscription)
    await t.stripe.subscriptions.update(subscription.id, {
      items: [
        {
          id: item.id,
          price_data: {
            currency: 'eur',
            product: String(item.price.product),
            unit_amount: 12000,
            recurring: { interval: 'year' },
          },
        },
      ],
      proration_behavior: 'none',
    })
    const [now] = await invoicesOf(subscription)
    expect(now).toMatchObject({
      billing_reason: 'subscription_update',
      status: 'paid',
      amount_paid: 12000,
    })
  })
})

describe('moving the charge date', () => {
  it('trial_end pushes the next charge to that date', async () => {
    const subscription = await startMonthlyGift()
    const newDate = itemOf(subscription).current_period_end + 10 * DAY
    await t.stripe.subscriptions.update(subscription.id, {
      trial_end: newDate,
      proration_behavior: 'none',
    })
    await t.control('clock/advance', { seconds: 32 * DAY })
    expect(await invoicesOf(subscription)).toHaveLength(1)
    await t.control('clock/advance', { seconds: 10 * DAY })
    const [charged] = await invoicesOf(subscription)
    expect(charged).toMatchObject({ created: newDate, amount_paid: 1000, status: 'paid' })
    const renewed = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(renewed).toMatchObject({ status: 'active', billing_cycle_anchor: newDate })
  })

  it('refuses a date in the past or more than two years ahead', async () => {
    const subscription = await startMonthlyGift()
    for (const trialEnd of [subscription.start_date - DAY, subscription.start_date + 800 * DAY]) {
      const error = await stripeError(
        t.stripe.subscriptions.update(subscription.id, {
          trial_end: trialEnd,
          proration_behavior: 'none',
        }),
      )
      expect(error).toMatchObject({ statusCode: 400, param: 'trial_end' })
    }
  })
})

describe('pausing collection', () => {
  it('voids the renewals during the pause and charges again after resumes_at', async () => {
    const subscription = await startMonthlyGift()
    const end = itemOf(subscription).current_period_end
    const paused = await t.stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: 'void', resumes_at: end + DAY },
    })
    expect(paused).toMatchObject({
      status: 'active',
      pause_collection: { behavior: 'void', resumes_at: end + DAY },
    })
    await t.control('clock/advance', { seconds: 33 * DAY })
    const [skipped] = await invoicesOf(subscription)
    expect(skipped).toMatchObject({ status: 'void', amount_paid: 0, attempt_count: 0 })
    expect((await t.stripe.events.list({ type: 'invoice.voided' })).data).toHaveLength(1)
    expect((await t.stripe.events.list({ type: 'invoice.paid' })).data).toHaveLength(1)
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).pause_collection).toBeNull()

    await t.control('clock/advance', { seconds: 31 * DAY })
    const [resumed] = await invoicesOf(subscription)
    expect(resumed).toMatchObject({ status: 'paid', amount_paid: 1000 })
  })

  it('marks renewals uncollectible or keeps them as drafts, as asked', async () => {
    const subscription = await startMonthlyGift()
    await t.stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: 'mark_uncollectible' },
    })
    await t.control('clock/advance', { seconds: 31 * DAY })
    expect((await invoicesOf(subscription))[0]?.status).toBe('uncollectible')
    await t.stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: 'keep_as_draft' },
    })
    await t.control('clock/advance', { seconds: 31 * DAY })
    expect((await invoicesOf(subscription))[0]?.status).toBe('draft')
  })

  it('resumes when pause_collection is unset, and refuses a bad behavior', async () => {
    const subscription = await startMonthlyGift()
    await t.stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: 'void' } })
    const resumed = await t.stripe.subscriptions.update(subscription.id, { pause_collection: '' })
    expect(resumed.pause_collection).toBeNull()
    const error = await stripeError(
      t.stripe.subscriptions.update(subscription.id, {
        pause_collection: { behavior: 'stop' as 'void' },
      }),
    )
    expect(error.param).toBe('pause_collection[behavior]')
    await t.control('clock/advance', { seconds: 31 * DAY })
    expect((await invoicesOf(subscription))[0]).toMatchObject({ status: 'paid', amount_paid: 1000 })
  })
})

describe('a new card through Checkout in setup mode', () => {
  async function saveCard(customer: string, card: string) {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'eur',
      customer,
      setup_intent_data: { metadata: { pledge_id: 'pl_1' } },
      success_url: 'https://lantern.test/account?session_id={CHECKOUT_SESSION_ID}',
    })
    expect(session).toMatchObject({ mode: 'setup', amount_total: null, status: 'open' })
    const page = await t.payByCard(session, card)
    return { session, page }
  }

  it('saves the card; it becomes the default that renewals charge', async () => {
    const subscription = await startMonthlyGift()
    const customer = String(subscription.customer)
    const { session, page } = await saveCard(customer, '5555555555554444')
    expect(page.status).toBe(303)
    const completed = await t.stripe.checkout.sessions.retrieve(session.id)
    expect(completed).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      customer,
    })
    const intent = await t.stripe.setupIntents.retrieve(String(completed.setup_intent))
    expect(intent).toMatchObject({
      status: 'succeeded',
      customer,
      metadata: { pledge_id: 'pl_1' },
    })
    const method = await t.stripe.paymentMethods.retrieve(String(intent.payment_method))
    expect(method).toMatchObject({ customer, card: { brand: 'mastercard', last4: '4444' } })
    const types = (await t.stripe.events.list({ limit: 100 })).data.map((event) => event.type)
    expect(types).toEqual(
      expect.arrayContaining(['setup_intent.succeeded', 'payment_method.attached']),
    )

    const updated = await t.stripe.subscriptions.update(subscription.id, {
      default_payment_method: method.id,
    })
    expect(updated.default_payment_method).toBe(method.id)
    await t.control('clock/advance', { seconds: 31 * DAY })
    const charge = (await t.stripe.charges.list({ limit: 1 })).data[0]
    expect(charge?.payment_method_details?.card?.last4).toBe('4444')
  })

  it('refuses a declined card on the page and a payment method of another customer', async () => {
    const subscription = await startMonthlyGift()
    const { session, page } = await saveCard(String(subscription.customer), '4000000000000002')
    expect(page.status).toBe(200)
    expect(page.html).toContain('Your card was declined.')
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')

    const other = await t.stripe.customers.create({ email: 'other@example.org' })
    const { session: otherSession } = await saveCard(other.id, '4242424242424242')
    const otherIntent = await t.stripe.setupIntents.retrieve(
      String((await t.stripe.checkout.sessions.retrieve(otherSession.id)).setup_intent),
    )
    const error = await stripeError(
      t.stripe.subscriptions.update(subscription.id, {
        default_payment_method: String(otherIntent.payment_method),
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'default_payment_method' })
  })

  it('refuses line items and a missing currency in setup mode', async () => {
    const missing = await stripeError(
      t.stripe.checkout.sessions.create({ mode: 'setup', success_url: 'https://lantern.test/' }),
    )
    expect(missing.param).toBe('currency')
    const items = await stripeError(
      t.stripe.checkout.sessions.create({
        mode: 'setup',
        currency: 'eur',
        line_items: [{ price: 'price_x', quantity: 1 }],
        success_url: 'https://lantern.test/',
      }),
    )
    expect(items.param).toBe('line_items')
  })
})

describe('failed renewals', () => {
  it('past_due, retried every three days, and ended after the fourth failure', async () => {
    // 4000 0000 0000 0341 attaches but declines every charge; start on a good card, then
    // switch the default to it through setup mode.
    const subscription = await startMonthlyGift()
    const session = await t.stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'eur',
      customer: String(subscription.customer),
      success_url: 'https://lantern.test/',
    })
    expect((await t.payByCard(session, '4000000000000341')).status).toBe(303)
    const intent = await t.stripe.setupIntents.retrieve(
      String((await t.stripe.checkout.sessions.retrieve(session.id)).setup_intent),
    )
    await t.stripe.customers.update(String(subscription.customer), {
      invoice_settings: { default_payment_method: String(intent.payment_method) },
    })
    // The subscription's own default wins over the customer's; clear it by using the
    // customer's card for the subscription too.
    await t.stripe.subscriptions.update(subscription.id, {
      default_payment_method: String(intent.payment_method),
    })

    await t.control('clock/advance', { seconds: 31 * DAY })
    const [renewal] = await invoicesOf(subscription)
    expect(renewal).toMatchObject({ status: 'open', attempt_count: 1 })
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due')
    for (const attempts of [2, 3]) {
      await t.control('clock/advance', { seconds: 3 * DAY })
      expect((await invoicesOf(subscription))[0]?.attempt_count).toBe(attempts)
    }
    await t.control('clock/advance', { seconds: 3 * DAY })
    const ended = await t.stripe.subscriptions.retrieve(subscription.id)
    expect(ended).toMatchObject({
      status: 'canceled',
      cancellation_details: { reason: 'payment_failed' },
    })
    const failures = (await t.stripe.events.list({ type: 'invoice.payment_failed' })).data
    expect(failures.map((event) => (event.data.object as Stripe.Invoice).attempt_count)).toEqual([
      4, 3, 2, 1,
    ])
  })
})
