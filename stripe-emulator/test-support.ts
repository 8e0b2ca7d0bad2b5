import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeEach } from 'vitest'
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './server.ts'

/** Shared set-up for the emulator's own tests: an emulator, an SDK client, and helpers. */

export const WEBHOOK_SECRET = 'whsec_test_emulator_secret'

export interface ReceivedWebhook {
  body: string
  signature: string
  event: { id: string; type: string; data: { object: Record<string, unknown> } }
}

/** A tiny webhook endpoint that records raw bodies and answers `status()`. */
export async function startReceiver(status: (delivery: ReceivedWebhook) => number = () => 200) {
  const received: ReceivedWebhook[] = []
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = ''
    for await (const chunk of request) body += String(chunk)
    const delivery = {
      body,
      signature: String(request.headers['stripe-signature']),
      event: JSON.parse(body),
    }
    received.push(delivery)
    response.writeHead(status(delivery)).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    types: () => received.map((delivery) => delivery.event.type),
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve))
      server.closeAllConnections()
      await closed
    },
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function startTestEmulator(options: StripeEmulatorOptions = {}) {
  const emulator: StripeEmulator = await startStripeEmulator({
    webhookRetry: { initialDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 },
    ...options,
  })
  const stripe = new Stripe('sk_test_emulator', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  })

  async function control<T = Record<string, unknown>>(path: string, body?: object): Promise<T> {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  /** Submits the hosted checkout form (or any emulator page form) like a browser without JS. */
  async function post(url: string, fields: Record<string, string>) {
    const response = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams(fields),
      redirect: 'manual',
    })
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    }
  }

  /** A one-off gift of `amount` minor units, as the app creates it. */
  function donationSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
    return stripe.checkout.sessions.create({
      mode: 'payment',
      submit_type: 'donate',
      customer_creation: 'always',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: 2500,
            product_data: { name: 'Donation to the winter appeal' },
          },
        },
      ],
      success_url: 'https://lantern.test/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://lantern.test/donate',
      metadata: { donation_id: 'don_1' },
      payment_intent_data: { metadata: { donation_id: 'don_1' } },
      ...overrides,
    })
  }

  /** Pays a session's hosted page with a card number. */
  function payByCard(
    session: Stripe.Checkout.Session,
    cardNumber: string,
    email = 'donor@example.org',
  ) {
    return post(String(session.url), {
      email,
      name: 'Ada Donor',
      payment_method: 'card',
      card_number: cardNumber,
      card_expiry: '12 / 34',
      card_cvc: '123',
    })
  }

  return { emulator, stripe, control, post, donationSession, payByCard }
}

export type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>

/**
 * For one test file: an emulator that delivers its webhooks to a receiver, both closed after the
 * file, the emulator reset and the receiver emptied before each test.
 */
export async function emulatorWithReceiver(): Promise<{ t: TestEmulator; receiver: Receiver }> {
  const receiver = await startReceiver()
  const t = await startTestEmulator({
    webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }],
  })
  afterAll(async () => {
    await t.emulator.close()
    await receiver.close()
  })
  beforeEach(async () => {
    await t.control('reset', {})
    await t.control('webhooks/flush', {})
    receiver.received.length = 0
  })
  return { t, receiver }
}
