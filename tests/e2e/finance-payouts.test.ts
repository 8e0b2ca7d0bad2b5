// Payouts in the browser: a gift through the hosted page, a payout swept by the emulator's
// control API, delivered to the app as payout.* webhooks, then reconciled on the finance pages.
// A payout sweeps the whole balance of its currency. In US dollars other tests' gifts may land in
// the same payout, so those assertions are about this test's gift and the payout balancing,
// never about exact payout totals; the unmatched-item test pays out yen, which no test running
// beside it gives in, one such test at a time.
import type { Page } from '@playwright/test'
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import {
  emulatorControl,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  type Appeal,
} from './fixtures.ts'
import { giveOnce } from './donor.ts'
import { signIn } from './staff.ts'

// Signing in may wait for a fresh TOTP step, and a payout may need one sync after its webhooks.
test.setTimeout(120_000)

async function stripeGet<T>(path: string): Promise<T> {
  const response = await fetch(`${E2E_EMULATOR_URL}/v1/${path}`, {
    headers: { Authorization: 'Bearer sk_test_e2e' },
  })
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
  return (await response.json()) as T
}

/** A gift of the `amountLabel` amount to the appeal; answers its Stripe charge id. */
async function give(page: Page, appeal: Appeal, amountLabel: RegExp): Promise<string> {
  await giveOnce(page, { slug: appeal.slug, email: uniqueEmail('payout'), amountLabel })
  const sessionId = new URL(page.url()).searchParams.get('session_id')
  const session = await stripeGet<{ payment_intent: { latest_charge: string } }>(
    `checkout/sessions/${sessionId}?expand[]=payment_intent`,
  )
  return session.payment_intent.latest_charge
}

/** The charge's balance transaction's payout: this test's payout, or one that swept it first. */
async function payoutOf(chargeId: string, options: { currency: string; unmatched?: boolean }) {
  const created = await emulatorControl('payouts', options).catch(() => null)
  const { balance_transaction: txn } = await stripeGet<{ balance_transaction: string }>(
    `charges/${chargeId}`,
  )
  const payouts = await stripeGet<{ data: Array<{ id: string }> }>('payouts?limit=20')
  for (const payout of payouts.data) {
    const lines = await stripeGet<{ data: Array<{ id: string }> }>(
      `balance_transactions?payout=${payout.id}&limit=100`,
    )
    if (lines.data.some((line) => line.id === txn)) return { payoutId: payout.id, created }
  }
  throw new Error(`no payout holds charge ${chargeId}`)
}

/**
 * Opens the payout page until it shows `status`. Webhooks normally get there first; when a
 * gift of a parallel test was still being recorded, "Sync payouts now" re-checks the payout.
 */
async function expectPayoutStatus(page: Page, payoutId: string, status: RegExp) {
  const tag = page.locator(`tr[data-payout-id="${payoutId}"]`).getByTestId('payout-reconciliation')
  await expect(async () => {
    await page.goto('/admin/finance/payouts')
    if ((await tag.count()) === 0 || !status.test((await tag.textContent()) ?? '')) {
      await page.getByRole('button', { name: 'Sync payouts now' }).click()
      await expect(page.getByText('Sync started')).toBeVisible()
      await page.goto('/admin/finance/payouts')
    }
    await expect(tag).toHaveText(status, { timeout: 2_000 })
  }).toPass({ timeout: 40_000, intervals: [500, 1_000, 2_000] })
}

test('a payout from the emulator appears, balances to the cent and is marked reconciled', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({ label: 'Payout', currency: 'USD', amountsMinor: [2_500, 4_500] })
  const chargeId = await give(page, appeal, /\$45/)
  const { payoutId } = await payoutOf(chargeId, { currency: 'usd' })

  await signIn(page, 'FINANCE', '/admin/finance/payouts')
  await expectPayoutStatus(page, payoutId, /^Reconciled$/)
  await expectNoSeriousA11yViolations(page)

  await page.locator(`tr[data-payout-id="${payoutId}"]`).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(payoutId)
  await expect(page.getByTestId('statement-difference')).toHaveText('$0.00 (balances to the cent)')
  await expect(page.getByTestId('statement-lines-total')).toHaveText(
    (await page.getByTestId('statement-payout-amount').textContent()) ?? 'missing',
  )
  // This test's gift is a matched line, linked to its gift page.
  const line = page.locator('[data-testid="payout-lines"] tr', { hasText: chargeId })
  await expect(line).toContainText('Matched')
  await expect(line.getByRole('link', { name: '$45.00' })).toHaveAttribute(
    'href',
    /^\/admin\/finance\/gifts\/.+/,
  )
  await expect(page.getByRole('link', { name: /Journal for Xero/ })).toHaveAttribute(
    'href',
    `/admin/finance/exports/journal/${payoutId}.csv?format=xero`,
  )
  await expectNoSeriousA11yViolations(page)
})

test('an unmatched item shows in exceptions; resolving it with a note reconciles the payout', async ({
  page,
  newAppeal,
  exclusively,
}) => {
  const appeal = await newAppeal({ label: 'Unmatched', currency: 'JPY', amountsMinor: [5_000] })
  const { payoutId, created } = await exclusively('jpy-payouts', async () => {
    const chargeId = await give(page, appeal, /¥5,000/)
    return payoutOf(chargeId, { currency: 'jpy', unmatched: true })
  })
  expect(created?.id, 'this test made the payout that holds its gift').toBe(payoutId)

  await signIn(page, 'FINANCE', '/admin/finance/payouts')
  await expectPayoutStatus(page, payoutId, /^Exceptions$/)

  await page.goto('/admin/finance/exceptions')
  const item = page.locator('[data-testid="exceptions-list"] > li', { hasText: payoutId })
  await expect(item).toHaveCount(1)
  await expect(item).toContainText('belongs to no gift, refund or dispute')
  await expect(item).toContainText('-¥250')
  await expectNoSeriousA11yViolations(page)

  // No note: refused at the field, nothing resolved.
  await item.getByRole('button', { name: 'Resolve with this note' }).click()
  await expect(item.getByText('Write why this is in order', { exact: true })).toBeVisible()
  // An unknown gift: refused at the field by the server.
  await item.getByLabel('Gift id, Stripe charge id or payment intent id').fill('ch_not_ours')
  await item.getByRole('button', { name: 'Link to this gift' }).click()
  await expect(
    item.getByText('No gift has that id, Stripe charge id or payment intent id.'),
  ).toBeVisible()

  await item
    .getByLabel('Why this is in order (required)')
    .fill('Stripe balance adjustment, confirmed with Stripe support')
  await item.getByRole('button', { name: 'Resolve with this note' }).click()
  await expect(page.getByTestId('resolved-payout-status')).toHaveText('reconciled')

  await page.goto(`/admin/finance/payouts/${payoutId}`)
  await expect(page.getByTestId('payout-reconciliation').first()).toHaveText('Reconciled')
  await expect(page.getByTestId('payout-exceptions')).toContainText(
    'Stripe balance adjustment, confirmed with Stripe support',
  )
  await expect(page.getByTestId('statement-difference')).toHaveText('¥0 (balances to the cent)')
  await expectNoSeriousA11yViolations(page)
})
