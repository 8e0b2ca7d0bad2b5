/**
 * Shared Playwright fixtures: every page under test fails on a CSP violation or an uncaught
 * error, `expectNoSeriousA11yViolations` runs axe-core for WCAG 2.2 AA, and `newAppeal` gives a
 * test a published appeal of its own.
 */
import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import type { Fund } from '#app/generated/prisma/enums.ts'
import type { CurrencyCode } from '#app/modules/ledger/money.ts'
import type { Database } from '#app/utils/db.server.ts'
import type { createCampaign } from '#tests/support/factories.ts'
import { E2E_DATA_DIR } from '#tests/support/e2e-env.ts'

export type AppealSpec = {
  /** A word or two for its title and web address, e.g. 'Refund'. */
  label: string
  currency: CurrencyCode
  /** The suggested amounts the donate form offers, in minor units. */
  amountsMinor: number[]
  fund?: Fund
}

export type Appeal = { id: string; slug: string; title: string; currency: CurrencyCode }

/** The web server's database, reached the way the server itself does (e2e-database.ts). */
export type E2eDatabase = { prisma: Database; createCampaign: typeof createCampaign }

export const test = base.extend<
  {
    pageProblems: string[]
    /**
     * A published appeal for this test alone, so that totals, counts and ledger figures move
     * only with this test's gifts however many tests run beside it. Archived after the test.
     */
    newAppeal: (spec: AppealSpec) => Promise<Appeal>
    /**
     * Runs `work` while no other test of this run does work under the same name: for what the
     * whole emulator shares, such as a currency's balance, which a payout sweeps whole (and
     * `--repeat-each` runs copies of a test side by side). Time spent waiting is added to the
     * test's budget.
     */
    exclusively: <T>(name: string, work: () => Promise<T>) => Promise<T>
  },
  { e2eDatabase: E2eDatabase }
>({
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
  e2eDatabase: [
    async ({}, use) => {
      const { e2eDatabaseUrl } = await import('#tests/support/e2e-database.ts')
      // The app's database client and the factories read DATABASE_URL when first imported.
      process.env.DATABASE_URL = await e2eDatabaseUrl()
      const [db, factories] = await Promise.all([
        import('#app/utils/db.server.ts'),
        import('#tests/support/factories.ts'),
      ])
      await use({ prisma: db.prisma, createCampaign: factories.createCampaign })
      await db.disconnectDatabase()
    },
    { scope: 'worker' },
  ],
  newAppeal: async ({ e2eDatabase }, provide) => {
    const created: string[] = []
    await provide(async (spec) => {
      const suffix = randomUUID().slice(0, 8)
      const campaign = await e2eDatabase.createCampaign({
        slug: `${spec.label.toLowerCase().replace(/\W+/g, '-')}-${suffix}`,
        title: `${spec.label} ${suffix}`,
        fund: spec.fund ?? 'RESCUE',
        currency: spec.currency,
        goalMinor: BigInt(100 * Math.max(...spec.amountsMinor)),
        suggestedAmounts: {
          create: spec.amountsMinor.map((amountMinor, position) => ({
            currency: spec.currency,
            amountMinor,
            impact: `Gift ${position + 1} of this appeal`,
            position,
          })),
        },
      })
      created.push(campaign.id)
      return {
        id: campaign.id,
        slug: campaign.slug,
        title: campaign.title,
        currency: spec.currency,
      }
    })
    // Like the campaign manager's appeals: the home page other tests read keeps to the seeded ones.
    await e2eDatabase.prisma.campaign.updateMany({
      where: { id: { in: created } },
      data: { status: 'ARCHIVED' },
    })
  },
  exclusively: async ({}, provide, testInfo) => {
    // An exclusive file per name in the e2e data folder, which every server start wipes.
    const dir = path.resolve(E2E_DATA_DIR, 'locks')
    mkdirSync(dir, { recursive: true })
    const held = new Set<string>()
    await provide(async (name, work) => {
      const file = path.join(dir, name)
      const waitingSince = Date.now()
      while (!tryCreate(file)) await new Promise((resolve) => setTimeout(resolve, 250))
      testInfo.setTimeout(testInfo.timeout + (Date.now() - waitingSince))
      held.add(file)
      try {
        return await work()
      } finally {
        rmSync(file, { force: true })
        held.delete(file)
      }
    })
    // A test that timed out inside `work` never reached its `finally`.
    for (const file of held) rmSync(file, { force: true })
  },
})

function tryCreate(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx'))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

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
