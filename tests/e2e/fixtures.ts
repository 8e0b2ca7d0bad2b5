/**
 * Shared Playwright fixtures: every page under test fails on a CSP violation or an uncaught
 * error, and `expectNoSeriousA11yViolations` runs axe-core for WCAG 2.2 AA.
 */
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'

export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
          problems.push(`CSP: ${message.text()}`)
        }
      })
      await use(problems)
      expect(problems, 'the page logged CSP violations or errors').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/**
 * axe-core walks every element of the page against some 90 rules in the page's one thread: on
 * a busy 2-core machine a single scan took up to 25 s. Each scan brings its own budget, so a
 * test pays for the scans it runs rather than sharing the default 30 s with them.
 */
const A11Y_SCAN_BUDGET_MS = 30_000

export async function expectNoSeriousA11yViolations(page: Page) {
  test.info().setTimeout(test.info().timeout + A11Y_SCAN_BUDGET_MS)
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length} nodes)`)
  expect(serious).toEqual([])
}

export const SEEDED = {
  featured: 'safe-passage-rescue',
  krw: 'food-for-the-journey',
  gbp: 'medicine-without-papers',
  draft: 'winter-shelter-draft',
  archived: 'emergency-appeal-archived',
}

/** Receipts the app sent over SMTP to the test receiver, addressed to `to`. */
export async function waitForMail(
  to: string,
  timeoutMs = 20_000,
  match: (message: { subject: string; text: string | null }) => boolean = () => true,
) {
  const { readdir, readFile } = await import('node:fs/promises')
  const { parseMessage } = await import('#app/modules/email/mime.ts')
  const { E2E_MAIL_DIR } = await import('#tests/support/e2e-env.ts')
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const files = await readdir(E2E_MAIL_DIR).catch(() => [] as string[])
    for (const file of files.filter((name) => name.endsWith('.eml'))) {
      const message = parseMessage(await readFile(`${E2E_MAIL_DIR}/${file}`))
      if (message.to.toLowerCase().includes(to.toLowerCase()) && match(message)) return message
    }
    if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Calls the Stripe emulator's test-only control API. */
export async function emulatorControl(path: string, body: object = {}) {
  const { E2E_EMULATOR_URL } = await import('#tests/support/e2e-env.ts')
  const response = await fetch(`${E2E_EMULATOR_URL}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`)
  return response.json() as Promise<Record<string, unknown>>
}

export const uniqueEmail = (label: string) =>
  `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`
