/** The app's configuration for integration tests that talk to a Stripe emulator. */
import { WEBHOOK_SECRET } from '../../stripe-emulator/test-support.ts'

export function emulatorAppEnv(emulatorUrl: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_lantern',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: emulatorUrl,
    SESSION_SECRET: 's'.repeat(40),
    APP_URL: 'http://lantern.test',
    CHECKOUT_LIMIT_IP_PER_MINUTE: '1000',
    CHECKOUT_LIMIT_IP_PER_HOUR: '1000',
    CHECKOUT_LIMIT_EMAIL_PER_HOUR: '1000',
  }
}

/** Points the app at the emulator: sets the configuration, reloads it and the Stripe client. */
export async function pointAppAtEmulator(emulatorUrl: string): Promise<void> {
  Object.assign(process.env, emulatorAppEnv(emulatorUrl))
  const [{ reloadEnv }, { resetStripeClient }] = await Promise.all([
    import('#app/utils/env.server.ts'),
    import('#app/utils/stripe.server.ts'),
  ])
  reloadEnv()
  resetStripeClient()
}
