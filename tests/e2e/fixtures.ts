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

export async function expectNoSeriousA11yViolations(page: Page) {
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
