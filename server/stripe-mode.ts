/**
 * Development and tests without Stripe keys: start the built-in Stripe emulator and point the
 * configuration at it (a test-mode key, its webhook secret, its URL). The app itself cannot
 * tell it apart from Stripe. Production never gets here: configuration refuses to start
 * without a key, and the emulator refuses NODE_ENV=production.
 */
import type { Logger } from '#app/utils/logger.server.ts'
import type { StripeEmulator } from '../stripe-emulator/server.ts'
import { readOrCreateSecret } from './dev-secrets.ts'

export type EmbeddedStripe = StripeEmulator & {
  /** Delivers webhooks to the app once it listens (its port may be chosen at random). */
  deliverTo(appPort: number): void
}

export async function startEmulatorIfNeeded(options: {
  secretKey: string | undefined
  port: number
  dataDir: string
  logger: Logger
}): Promise<EmbeddedStripe | null> {
  if (options.secretKey) return null
  // Imported only here, and built as its own file (scripts/build.js): a server with a Stripe
  // key never loads the emulator, and the production bundle does not contain it.
  const { startStripeEmulator } = await import('../stripe-emulator/server.ts')
  const webhookSecret = `whsec_${await readOrCreateSecret(options.dataDir, 'stripe-emulator-webhook-secret')}`
  const emulator = await startStripeEmulator({
    port: options.port,
    logger: options.logger.child({ component: 'stripe-emulator' }),
  })
  process.env.STRIPE_SECRET_KEY = 'sk_test_lantern_emulator'
  process.env.STRIPE_WEBHOOK_SECRET = webhookSecret
  process.env.STRIPE_API_URL = emulator.url
  options.logger.info(
    { url: emulator.url },
    'Stripe emulator started (test mode: no real money moves)',
  )
  return {
    ...emulator,
    deliverTo: (appPort) =>
      emulator.addWebhookEndpoint(`http://127.0.0.1:${appPort}/webhooks/stripe`, webhookSecret),
  }
}
