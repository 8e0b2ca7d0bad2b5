/**
 * Stripe `checkout.session.completed` deliveries as Stripe sends them: the event JSON and a
 * `Stripe-Signature` header `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with
 * the whole `whsec_…` secret (https://docs.stripe.com/webhooks#verify-manually).
 */
import { createHmac } from 'node:crypto'
import type { HttpRequest } from './load.ts'

export const API_VERSION = '2026-10-28.endive'

/** Event ids share `prefix`, so the database check counts only this run's events. */
export function checkoutCompletedEvent(prefix: string, index: number, createdAt: number): string {
  const suffix = `${prefix}${String(index).padStart(7, '0')}`
  return JSON.stringify({
    id: `evt_${suffix}`,
    object: 'event',
    api_version: API_VERSION,
    created: createdAt,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${suffix}`,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: 'paid',
        status: 'complete',
        amount_total: 4500,
        currency: 'usd',
        client_reference_id: null,
        metadata: {},
      },
    },
  })
}

export function stripeSignature(secret: string, body: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${v1}`
}

/** A signed delivery of event `index`, timestamped now. */
export function signedDelivery(secret: string, prefix: string, index: number): HttpRequest {
  const now = Math.floor(Date.now() / 1000)
  const body = checkoutCompletedEvent(prefix, index, now)
  return {
    method: 'POST',
    path: '/webhooks/stripe',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Stripe-Signature': stripeSignature(secret, body, now),
    },
    body,
  }
}
