import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  startReceiver,
  startTestEmulator,
  waitFor,
  WEBHOOK_SECRET,
  type Receiver,
  type TestEmulator,
} from './test-support.ts'
import type { DeliveryAttempt } from './webhooks.ts'

let t: TestEmulator
let receiver: Receiver
let answer: (type: string) => number

beforeAll(async () => {
  receiver = await startReceiver((delivery) => answer(delivery.event.type))
  t = await startTestEmulator({ webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }] })
})
afterAll(async () => {
  await t.emulator.close()
  await receiver.close()
})
beforeEach(async () => {
  answer = () => 200
  await t.control('reset', {})
})
afterEach(() => {
  receiver.received.length = 0
})

async function deliveries(query = ''): Promise<DeliveryAttempt[]> {
  return (await t.control<{ data: DeliveryAttempt[] }>(`deliveries${query}`)).data
}

describe('webhook delivery', () => {
  it('signs deliveries so the SDK verifies them, and sends Stripe-shaped events', async () => {
    const session = await t.donationSession()
    await t.payByCard(session, '4242424242424242')
    await waitFor(() => receiver.types().includes('checkout.session.completed'))
    await t.control('webhooks/flush', {})

    for (const delivery of receiver.received) {
      const event = t.stripe.webhooks.constructEvent(
        delivery.body,
        delivery.signature,
        WEBHOOK_SECRET,
      )
      expect(event).toMatchObject({
        object: 'event',
        livemode: false,
        api_version: '2026-10-28.endive',
      })
      expect(event.id).toMatch(/^evt_/)
      expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/)
    }
    expect(receiver.types()[0]).toBe('checkout.session.completed')
    const completed = receiver.received.find(
      (delivery) => delivery.event.type === 'checkout.session.completed',
    )
    expect(completed?.event.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
    })
    const chargeSucceeded = receiver.received.find(
      (delivery) => delivery.event.type === 'charge.succeeded',
    )
    expect(chargeSucceeded?.event.data.object).toMatchObject({ balance_transaction: null })
    const chargeUpdated = receiver.received.find(
      (delivery) => delivery.event.type === 'charge.updated',
    )
    expect(String(chargeUpdated?.event.data.object.balance_transaction)).toMatch(/^txn_/)

    const tampered =
      receiver.received[0]?.body.replace('"livemode": false', '"livemode": true') ?? ''
    expect(() =>
      t.stripe.webhooks.constructEvent(
        tampered,
        receiver.received[0]?.signature ?? '',
        WEBHOOK_SECRET,
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError)
    expect(() =>
      t.stripe.webhooks.constructEvent(
        receiver.received[0]?.body ?? '',
        receiver.received[0]?.signature ?? '',
        'whsec_wrong',
      ),
    ).toThrow()

    const logged = await deliveries()
    expect(logged.every((attempt) => attempt.status === 200 && attempt.succeeded)).toBe(true)
    const stored = await t.stripe.events.retrieve(String(completed?.event.id))
    expect(stored.pending_webhooks).toBe(0)
  })

  it('retries a delivery the receiver answered with 500, with a fresh signature', async () => {
    let failures = 2
    answer = (type) => (type === 'customer.created' && failures-- > 0 ? 500 : 200)
    await t.stripe.customers.create({ email: 'retry@example.org' })
    await waitFor(
      () =>
        receiver.received.filter((delivery) => delivery.event.type === 'customer.created')
          .length === 3,
    )
    const logged = await deliveries('?type=customer.created')
    expect(logged.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ])
    const ids = new Set(receiver.received.map((delivery) => delivery.event.id))
    expect(ids.size).toBe(1)
    for (const delivery of receiver.received) {
      expect(() =>
        t.stripe.webhooks.constructEvent(delivery.body, delivery.signature, WEBHOOK_SECRET),
      ).not.toThrow()
    }
  })

  it('gives up after the configured number of attempts', async () => {
    answer = () => 503
    await t.stripe.customers.create({ email: 'down@example.org' })
    await waitFor(() => receiver.received.length === 4)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(receiver.received).toHaveLength(4)
    const [event] = (await t.stripe.events.list()).data
    expect(event?.pending_webhooks).toBe(1)
  })
})

describe('chaos switches', () => {
  it('delivers every event again with duplicateDeliveries', async () => {
    await t.control('chaos', { duplicateDeliveries: 2 })
    const customer = await t.stripe.customers.create({ email: 'dup@example.org' })
    await waitFor(() => receiver.received.length === 3)
    await t.control('webhooks/flush', {})
    expect(receiver.received.map((delivery) => delivery.event.data.object.id)).toEqual([
      customer.id,
      customer.id,
      customer.id,
    ])
    expect(new Set(receiver.received.map((delivery) => delivery.event.id)).size).toBe(1)
    expect((await deliveries()).filter((attempt) => attempt.duplicate)).toHaveLength(2)
  })

  it('signs with a stale timestamp that the SDK rejects', async () => {
    await t.control('chaos', { staleTimestamps: true })
    await t.stripe.customers.create({ email: 'stale@example.org' })
    const delivery = await waitFor(() => receiver.received[0])
    expect(() =>
      t.stripe.webhooks.constructEvent(delivery.body, delivery.signature, WEBHOOK_SECRET),
    ).toThrow(/Timestamp outside the tolerance zone/)
  })

  it('can deliver webhooks before the hosted page redirects', async () => {
    await t.control('chaos', { deliverBeforeRedirect: true })
    const session = await t.donationSession()
    const response = await t.payByCard(session, '4242424242424242')
    expect(response.status).toBe(303)
    expect(receiver.types()).toContain('checkout.session.completed')
  })

  it('shuffles batches with reorder and still delivers everything', async () => {
    await t.control('chaos', { reorder: true })
    const session = await t.donationSession()
    await t.payByCard(session, '4242424242424242')
    await waitFor(() => receiver.received.length === 6)
    expect([...receiver.types()].sort()).toEqual([
      'charge.succeeded',
      'charge.updated',
      'checkout.session.completed',
      'customer.created',
      'payment_intent.created',
      'payment_intent.succeeded',
    ])
  })
})
