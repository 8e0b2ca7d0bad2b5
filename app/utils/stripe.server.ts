/**
 * The one Stripe client. It talks to whatever STRIPE_API_URL names (Stripe itself, or the
 * emulator in development and tests) through the SDK's host/port/protocol options; nothing
 * else in the app knows which. Webhook signatures are verified with the same SDK.
 */
import Stripe from 'stripe'
import { getEnv } from '#app/utils/env.server.ts'

export type { Stripe }

declare global {
  var __lanternStripe: Stripe | undefined
}

const REQUEST_TIMEOUT_MS = 20_000

export function createStripeClient(secretKey: string, apiUrl: string): Stripe {
  const url = new URL(apiUrl)
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return new Stripe(secretKey, {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
    maxNetworkRetries: 2,
    timeout: REQUEST_TIMEOUT_MS,
    telemetry: false,
  })
}

export function getStripe(): Stripe {
  if (!globalThis.__lanternStripe) {
    const env = getEnv()
    if (!env.STRIPE_SECRET_KEY)
      throw new Error('STRIPE_SECRET_KEY is not set: the server resolves it at boot')
    globalThis.__lanternStripe = createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL)
  }
  return globalThis.__lanternStripe
}

/** Forgets the client, so the next getStripe() reads the configuration again (tests). */
export function resetStripeClient(): void {
  globalThis.__lanternStripe = undefined
}

/** Origins the donate form may redirect to (CSP form-action): Stripe Checkout's host. */
export function checkoutOrigins(apiUrl: string): string[] {
  return apiUrl === 'https://api.stripe.com'
    ? ['https://checkout.stripe.com']
    : [new URL(apiUrl).origin]
}

/** The Stripe id inside a field that may be an id, an expanded object or null. */
export function stripeId(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null
  return typeof value === 'string' ? value : value.id
}
