import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from './test-support.ts'

let t: TestEmulator

beforeAll(async () => {
  t = await startTestEmulator()
})
afterAll(() => t.emulator.close())
beforeEach(() => t.control('reset', {}))

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(Stripe.errors.StripeError)
  return error as Stripe.errors.StripeError
}

describe('checkout sessions', () => {
  it('creates an open session and retrieves it with expansions', async () => {
    const created = await t.donationSession({ client_reference_id: 'pledge_42' })
    expect(created).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      mode: 'payment',
      amount_total: 2500,
      currency: 'usd',
      submit_type: 'donate',
      client_reference_id: 'pledge_42',
      metadata: { donation_id: 'don_1' },
      livemode: false,
      payment_intent: null,
      payment_method_types: ['card'],
    })
    expect(created.id).toMatch(/^cs_test_/)
    expect(created.url).toBe(`${t.emulator.url}/c/pay/${created.id}`)
    expect(created.expires_at - created.created).toBe(24 * 60 * 60)
    expect(created.line_items).toBeUndefined()

    const retrieved = await t.stripe.checkout.sessions.retrieve(created.id, {
      expand: ['line_items', 'customer'],
    })
    expect(retrieved.customer).toBeNull()
    const [item] = retrieved.line_items?.data ?? []
    expect(item).toMatchObject({
      object: 'item',
      amount_total: 2500,
      quantity: 1,
      description: 'Donation to the winter appeal',
    })
    expect(item?.price?.id).toMatch(/^price_/)
    expect(String(item?.price?.unit_amount_decimal)).toBe('2500')
    expect(item?.price?.product).toMatch(/^prod_/)

    const listed = await t.stripe.checkout.sessions.listLineItems(created.id)
    expect(listed.data.map((line) => line.id)).toEqual([item?.id])
    expect(listed.url).toBe(`/v1/checkout/sessions/${created.id}/line_items`)
  })

  it('expires an open session once, with a checkout.session.expired event', async () => {
    const session = await t.donationSession()
    const expired = await t.stripe.checkout.sessions.expire(session.id)
    expect(expired).toMatchObject({ status: 'expired', url: null })
    const again = await rejection(t.stripe.checkout.sessions.expire(session.id))
    expect(again.statusCode).toBe(400)
    const events = await t.stripe.events.list({ type: 'checkout.session.*' })
    expect(
      events.data.map((event) => [event.type, (event.data.object as { id: string }).id]),
    ).toEqual([['checkout.session.expired', session.id]])
    expect(events.data[0]?.request?.id).toMatch(/^req_/)
  })

  it('expires sessions whose expires_at passes when the clock advances', async () => {
    const now = Math.floor(Date.now() / 1000)
    const session = await t.donationSession({ expires_at: now + 45 * 60 })
    await t.control('clock/advance', { seconds: 44 * 60 })
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    await t.control('clock/advance', { seconds: 2 * 60 })
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired')
  })

  it("takes a Checkout language and a currency other than the account's", async () => {
    const session = await t.donationSession({
      locale: 'ko',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'krw', unit_amount: 30_000, product_data: { name: 'Gift' } },
        },
      ],
    })
    expect(session).toMatchObject({ locale: 'ko', currency: 'krw', amount_total: 30_000 })
  })

  it('refuses a language Checkout does not have, as Stripe does', async () => {
    const error = await rejection(
      t.donationSession({ locale: 'kr' as Stripe.Checkout.SessionCreateParams.Locale }),
    )
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'locale',
    })
    expect(error.message).toMatch(/^Invalid locale: must be one of auto, bg, /)
    expect(await t.stripe.checkout.sessions.list()).toMatchObject({ data: [] })
  })

  it('lists sessions with a status filter', async () => {
    const first = await t.donationSession()
    const second = await t.donationSession()
    await t.stripe.checkout.sessions.expire(first.id)
    const open = await t.stripe.checkout.sessions.list({ status: 'open' })
    expect(open.data.map((session) => session.id)).toEqual([second.id])
  })
})

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const params = { email: 'replay@example.org', name: 'Replay' }
    const a = await t.stripe.customers.create(params, { idempotencyKey: 'customer-1' })
    const b = await t.stripe.customers.create(params, { idempotencyKey: 'customer-1' })
    expect(b.id).toBe(a.id)
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(a.lastResponse.headers['idempotent-replayed']).toBeUndefined()
    expect((await t.stripe.customers.list()).data).toHaveLength(1)
  })

  it('refuses the same key with different parameters', async () => {
    await t.stripe.customers.create({ email: 'a@example.org' }, { idempotencyKey: 'customer-2' })
    const error = await rejection(
      t.stripe.customers.create({ email: 'b@example.org' }, { idempotencyKey: 'customer-2' }),
    )
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(error.rawType).toBe('idempotency_error')
    expect(error.statusCode).toBe(400)
  })
})

describe('errors', () => {
  it('names a missing parameter', async () => {
    const error = await rejection(
      t.stripe.checkout.sessions.create({
        line_items: [],
      } as unknown as Stripe.Checkout.SessionCreateParams),
    )
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({
      statusCode: 400,
      rawType: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'mode',
    })
  })

  it('answers 404 resource_missing for an unknown id', async () => {
    const error = await rejection(t.stripe.checkout.sessions.retrieve('cs_test_nope'))
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'session' })
    expect(error.message).toBe("No such checkout.session: 'cs_test_nope'")
    expect(error.requestId).toMatch(/^req_/)
  })

  it('rejects unknown and removed parameters', async () => {
    const error = await rejection(
      t.donationSession({
        payment_method_types: ['card'],
      } as Partial<Stripe.Checkout.SessionCreateParams>),
    )
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'payment_method_types',
    })
  })

  it('validates amounts and expiry like Stripe', async () => {
    const tooSmall = await rejection(
      t.donationSession({
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'usd', unit_amount: 49, product_data: { name: 'Gift' } },
          },
        ],
      }),
    )
    expect(tooSmall).toMatchObject({ statusCode: 400, code: 'amount_too_small' })
    const fractional = await rejection(
      t.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'usd', unit_amount: 10.5, product_data: { name: 'Gift' } },
          },
        ],
      }),
    )
    expect(fractional).toMatchObject({ param: 'line_items[0][price_data][unit_amount]' })
    const soon = await rejection(
      t.donationSession({ expires_at: Math.floor(Date.now() / 1000) + 10 * 60 }),
    )
    expect(soon).toMatchObject({ statusCode: 400, param: 'expires_at' })
    const recurringInPayment = await rejection(
      t.donationSession({
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'usd',
              unit_amount: 1000,
              recurring: { interval: 'month' },
              product_data: { name: 'Monthly' },
            },
          },
        ],
      }),
    )
    expect(recurringInPayment.param).toBe('line_items[0][price_data]')
    const krw = await t.donationSession({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'krw', unit_amount: 5000, product_data: { name: 'Gift' } },
        },
      ],
    })
    expect(krw).toMatchObject({ amount_total: 5000, currency: 'krw' })
  })

  it('requires a test secret key', async () => {
    const live = new Stripe('sk_live_abcdefghijklmnop', {
      host: '127.0.0.1',
      port: t.emulator.port,
      protocol: 'http',
    })
    const error = await rejection(live.customers.list())
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    const anonymous = await fetch(`${t.emulator.url}/v1/customers`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
  })
})

describe('lists', () => {
  it('paginates newest first with starting_after, ending_before and auto-pagination', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++)
      ids.push((await t.stripe.customers.create({ email: `donor${i}@example.org` })).id)
    const newestFirst = [...ids].reverse()

    const first = await t.stripe.customers.list({ limit: 2 })
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' })
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2))

    const second = await t.stripe.customers.list({ limit: 2, starting_after: newestFirst[1] })
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4))
    const last = await t.stripe.customers.list({ limit: 2, starting_after: newestFirst[3] })
    expect(last).toMatchObject({ has_more: false })
    expect(last.data.map((c) => c.id)).toEqual(newestFirst.slice(4))

    const before = await t.stripe.customers.list({ limit: 2, ending_before: newestFirst[3] })
    expect(before.data.map((c) => c.id)).toEqual(newestFirst.slice(1, 3))
    expect(before.has_more).toBe(true)

    const all = await t.stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 100 })
    expect(all.map((c) => c.id)).toEqual(newestFirst)

    const filtered = await t.stripe.customers.list({ email: 'donor3@example.org' })
    expect(filtered.data.map((c) => c.id)).toEqual([ids[3]])
  })

  it('rejects a limit outside 1–100', async () => {
    const error = await rejection(t.stripe.customers.list({ limit: 101 }))
    expect(error).toMatchObject({ statusCode: 400, param: 'limit' })
  })
})

describe('customers', () => {
  it('updates fields and metadata and records customer.updated', async () => {
    const customer = await t.stripe.customers.create({
      email: 'old@example.org',
      metadata: { a: '1', b: '2' },
    })
    const updated = await t.stripe.customers.update(customer.id, {
      email: 'new@example.org',
      metadata: { a: '', c: '3' },
    })
    expect(updated).toMatchObject({ email: 'new@example.org', metadata: { b: '2', c: '3' } })
    const [event] = (await t.stripe.events.list({ type: 'customer.updated' })).data
    expect(event?.data.previous_attributes).toMatchObject({
      email: 'old@example.org',
      metadata: { a: '1', b: '2' },
    })
  })
})
