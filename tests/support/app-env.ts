/** The app's configuration for integration tests that talk to a Stripe emulator. */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import {
  WEBHOOK_SECRET,
  startTestEmulator,
  type TestEmulator,
} from '../../stripe-emulator/test-support.ts'
import { setupTestDatabase } from './test-database.ts'

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

/**
 * The set-up of a test file of app code that talks to Stripe: its own emulator with the app
 * pointed at it (closed after the file), the file's database, the emulator reset before each
 * test, and the modules under test imported once the app points at the emulator (they read its
 * configuration on load). `t` and `mod` are there from the first test on.
 */
export function withAppEmulator<Modules>(loadModules: () => Promise<Modules>): {
  readonly t: TestEmulator
  readonly mod: Modules
} {
  let state: { t: TestEmulator; mod: Modules } | null = null
  const ready = () => {
    if (!state) throw new Error('withAppEmulator: the emulator is not started yet')
    return state
  }
  beforeAll(async () => {
    const t = await startTestEmulator()
    await pointAppAtEmulator(t.emulator.url)
    state = { t, mod: await loadModules() }
  })
  afterAll(async () => {
    await state?.t.emulator.close()
  })
  setupTestDatabase()
  beforeEach(() => ready().t.control('reset', {}))
  return {
    get t() {
      return ready().t
    },
    get mod() {
      return ready().mod
    },
  }
}
