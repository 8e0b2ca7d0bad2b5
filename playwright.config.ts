import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'
import {
  E2E_DATA_DIR,
  E2E_EMULATOR_PORT,
  E2E_MAIL_DIR,
  E2E_PORT,
  E2E_SMTP_PORT,
} from './tests/support/e2e-env.ts'

const PORT = E2E_PORT

// Playwright cannot download its own browser on our machines: use Debian's Chromium
// (installed by .ci/run) unless CHROMIUM_PATH names another (docs/decisions/0004).
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
      ],
    },
  },
  projects: [
    // Each demo account signs in through the real pages once; other tests reuse its session.
    { name: 'staff sessions', testMatch: '**/staff.setup.ts' },
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'] },
      testIgnore: ['**/mobile.test.ts', '**/clock.test.ts', '**/recurring-renewals.test.ts'],
      dependencies: ['staff sessions'],
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'] },
      testMatch: ['**/mobile.test.ts', '**/other-amount.test.ts'],
    },
    // The emulator's delivery chaos reaches every test's webhooks: run it after the others, alone.
    {
      name: 'clock',
      use: { ...devices['Desktop Chrome'] },
      testMatch: '**/clock.test.ts',
      dependencies: ['desktop', 'phone'],
    },
    // Moving the emulator's clock a month expires every open Checkout Session and makes it
    // refuse new ones (their expiry, set from the real clock, lies in its past): last, alone.
    {
      name: 'renewals',
      use: { ...devices['Desktop Chrome'] },
      testMatch: '**/recurring-renewals.test.ts',
      dependencies: ['clock'],
    },
  ],
  webServer: [
    // A real SMTP receiver: receipts travel over SMTP and land as .eml files the tests read.
    {
      command: `rm -rf ${E2E_MAIL_DIR} && tsx tests/support/smtp-sink-cli.ts`,
      port: E2E_SMTP_PORT,
      reuseExistingServer: false,
      env: { SMTP_SINK_PORT: String(E2E_SMTP_PORT), SMTP_SINK_DIR: E2E_MAIL_DIR },
    },
    // The production build on a fresh embedded database with the Stripe emulator: exactly what
    // a newcomer's `npm start` runs, plus mail to the receiver above.
    {
      command: `rm -rf ${E2E_DATA_DIR} && node build/server.js`,
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: String(PORT),
        NODE_ENV: 'test',
        LANTERN_DATA_DIR: E2E_DATA_DIR,
        LOG_LEVEL: 'warn',
        APP_URL: `http://127.0.0.1:${PORT}`,
        STRIPE_EMULATOR_PORT: String(E2E_EMULATOR_PORT),
        SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
        CHECKOUT_LIMIT_IP_PER_MINUTE: '1000',
        CHECKOUT_LIMIT_IP_PER_HOUR: '1000',
        CHECKOUT_LIMIT_EMAIL_PER_HOUR: '3',
        // Parallel tests start many Checkout Sessions (and a few declines) on shared appeals:
        // the card-testing alarms stay out of their way; card-testing.test.ts raises risk on
        // an appeal of its own directly.
        GIVING_SITE_CHALLENGE_PER_MINUTE: '1000',
        GIVING_SITE_PAUSE_PER_MINUTE: '2000',
        GIVING_APPEAL_CHALLENGE_PER_MINUTE: '1000',
        GIVING_APPEAL_PAUSE_PER_MINUTE: '2000',
        GIVING_SITE_CHALLENGE_DECLINES: '1000',
        GIVING_SITE_PAUSE_DECLINES: '2000',
        GIVING_APPEAL_CHALLENGE_DECLINES: '1000',
        GIVING_APPEAL_PAUSE_DECLINES: '2000',
      },
    },
  ],
})
