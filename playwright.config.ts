import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3100)

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
    { name: 'desktop', use: { ...devices['Desktop Chrome'] }, testIgnore: '**/mobile.test.ts' },
    { name: 'phone', use: { ...devices['Pixel 7'] }, testMatch: '**/mobile.test.ts' },
  ],
  // The production build on a fresh embedded database: exactly what a newcomer's `npm start` runs.
  webServer: {
    command: 'rm -rf .data/e2e && node build/server.js',
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(PORT), NODE_ENV: 'test', LANTERN_DATA_DIR: '.data/e2e', LOG_LEVEL: 'warn' },
  },
})
