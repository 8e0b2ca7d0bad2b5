import type Stripe from 'stripe'
import { expect, test } from 'vitest'
import { SessionExpiryQueue } from './expiry-queue.ts'

function session(id: number, expiresAt: number): Stripe.Checkout.Session {
  return { id: `cs_test_${id}`, expires_at: expiresAt, status: 'open' } as Stripe.Checkout.Session
}

test('gives the open sessions in order of expiry, skipping those no longer open', () => {
  const queue = new SessionExpiryQueue()
  // A fixed pseudo-random order with repeated times, so ties and reordering are both exercised.
  const sessions = Array.from({ length: 500 }, (_, i) => session(i, 1_000 + ((i * 7919) % 97)))
  for (const each of sessions) queue.add(each)
  for (const [index, each] of sessions.entries()) if (index % 3 === 0) each.status = 'complete'

  const expected = sessions
    .filter((each) => each.status === 'open')
    .map((each) => each.expires_at)
    .sort((a, b) => a - b)
  const seen: number[] = []
  for (let next = queue.earliestOpen(); next; next = queue.earliestOpen()) {
    seen.push(next.expires_at)
    next.status = 'expired'
  }
  expect(seen).toEqual(expected)
  expect(queue.earliestOpen()).toBeUndefined()
})

test('a session added later that expires sooner comes first', () => {
  const queue = new SessionExpiryQueue()
  queue.add(session(1, 5_000))
  queue.add(session(2, 9_000))
  expect(queue.earliestOpen()?.id).toBe('cs_test_1')
  queue.add(session(3, 2_000))
  expect(queue.earliestOpen()?.id).toBe('cs_test_3')
})
