// Finance in the browser: a donor gives through the emulator's hosted page; finance finds the
// gift in the ledger, refunds part of it through the confirmation step, and the ledger, the
// public campaign total and the gift page all show it. Disputes opened at Stripe are listed.
import type { Page } from '@playwright/test'
import {
  emulatorControl,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from './fixtures.ts'
import { giveOnce } from './donor.ts'
import { signIn } from './staff.ts'

// A gift through the hosted Checkout page, then the staff pages: ten and more page loads, which
// took 35-60 s on a busy 2-core machine (load ~20).
test.setTimeout(90_000)

/** The raised total on a campaign's public page, fetched past the browser's HTTP cache (the
 * page is cacheable for a minute). */
async function raisedOn(page: Page, slug: string) {
  const html = await (await page.request.get(`/campaigns/${slug}`)).text()
  const raised = /class="progress__raised">([^<]+)</.exec(html)?.[1] ?? ''
  return Number(raised.replace(/[^\d]/g, ''))
}

/** Finds the donor's gift in the ledger by email and returns the ledger row. */
async function findInLedger(page: Page, email: string) {
  await page.goto('/admin/finance/gifts')
  await page.getByLabel('Search').fill(email)
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/q=/)
  const row = page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) })
  await expect(row).toHaveCount(1)
  return row
}

test('finance refunds part of a gift: ledger, campaign total and gift page show it', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({
    label: 'Refund',
    currency: 'USD',
    fund: 'SURVIVORS',
    amountsMinor: [2_500, 7_500],
  })
  const email = uniqueEmail('refund')
  await giveOnce(page, { slug: appeal.slug, email, amountLabel: /\$75/ })
  expect(await raisedOn(page, appeal.slug)).toBe(75)

  await signIn(page, 'FINANCE', '/admin/finance/gifts')
  let row = await findInLedger(page, email)
  await expect(row).toContainText('$75.00')
  await expect(row).toContainText('Succeeded')
  await expect(page.getByRole('heading', { name: /Totals of the 1 gift/ })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await row.getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Gift of $75.00 from ${email}`)
  await expectNoSeriousA11yViolations(page)

  // A refund without a reason is refused at the field; nothing is sent.
  await page.getByLabel(/Amount to refund/).fill('10')
  await page.getByRole('button', { name: 'Review refund' }).click()
  await expect(page.getByText('Give the reason for this refund')).toBeVisible()

  await page.getByLabel(/Amount to refund/).fill('10')
  await page.getByLabel(/Reason/).fill('Donor meant to give $65')
  await page.getByRole('button', { name: 'Review refund' }).click()
  const confirm = page.getByRole('region', { name: 'Confirm the refund' })
  await expect(confirm.getByTestId('refund-amount')).toHaveText('$10.00')
  await expect(confirm.getByTestId('refund-remaining')).toHaveText('$65.00')
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: 'Confirm refund of $10.00' }).click()

  await expect(page.getByRole('status')).toContainText('Refund sent to Stripe and recorded')
  const refunds = page.getByRole('region', { name: 'Refunds', exact: true })
  await expect(refunds.getByRole('row')).toHaveCount(2)
  await expect(refunds).toContainText('$10.00')
  await expect(refunds).toContainText('Donor meant to give $65')
  await expect(refunds).toContainText('finance@lantern.test')
  await expect(page.getByText('Partially refunded').first()).toBeVisible()
  await expect(page.getByRole('row', { name: /gift\.refund/ })).toHaveCount(1)

  row = await findInLedger(page, email)
  await expect(row).toContainText('Partially refunded')
  await expect(row.getByRole('cell', { name: '$10.00', exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Older gifts' })).toHaveCount(0)

  expect(await raisedOn(page, appeal.slug)).toBe(75 - 10)

  // The receipt is corrected once Stripe's refund webhooks are processed: the first receipt is
  // void (never edited), a new one for $65.00 replaces it, and the donor gets it by email.
  const first = await waitForMail(email, 20_000, (mail) =>
    mail.subject.startsWith('Your gift receipt'),
  )
  const firstNumber = /LAN-\d{4}-\d{6}/.exec(first.subject)?.[0]
  expect(firstNumber).toBeTruthy()
  const corrected = await waitForMail(email, 30_000, (mail) =>
    mail.subject.startsWith('Your corrected'),
  )
  expect(corrected.text).toContain(`This receipt replaces ${firstNumber}, which is now void.`)
  expect(corrected.text).toContain('$65.00')
  await row.getByRole('link').click()
  const receipts = page.getByRole('region', { name: 'Receipts', exact: true })
  await expect(receipts.getByRole('row', { name: new RegExp(`${firstNumber}.*Void`) })).toHaveCount(
    1,
  )
  await expect(
    receipts.getByRole('row', { name: new RegExp(`Issued.*\\$65\\.00.*Replaces ${firstNumber}`) }),
  ).toHaveCount(1)
})

test('a bad ledger filter is a field error with status 400', async ({ page }) => {
  await signIn(page, 'FINANCE', '/admin/finance/gifts')
  const response = await page.goto('/admin/finance/gifts?from=2026-11-10&to=2026-11-01')
  expect(response?.status()).toBe(400)
  await expect(page.getByText('The end date must be on or after the start date')).toBeVisible()
  await expect(page.getByLabel('To (UTC)')).toHaveAttribute('aria-invalid', 'true')
  await expectNoSeriousA11yViolations(page)
})

test('the disputes page lists a dispute opened at Stripe', async ({ page, newAppeal }) => {
  const appeal = await newAppeal({ label: 'Dispute', currency: 'GBP', amountsMinor: [2_000] })
  const email = uniqueEmail('dispute')
  await giveOnce(page, { slug: appeal.slug, email, amountLabel: /£20/ })
  await signIn(page, 'FINANCE', '/admin/finance/gifts')
  const row = await findInLedger(page, email)
  await row.getByRole('link').click()
  const paymentIntent = await page
    .getByRole('region', { name: 'Stripe', exact: true })
    .locator('dd code')
    .filter({ hasText: /^pi_/ })
    .textContent()
  expect(paymentIntent).toMatch(/^pi_/)
  await emulatorControl('disputes', { payment_intent: paymentIntent, reason: 'fraudulent' })

  await expect
    .poll(
      async () => {
        await page.goto('/admin/finance/disputes')
        return page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) }).count()
      },
      { timeout: 15_000 },
    )
    .toBe(1)
  const disputeRow = page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) })
  await expect(disputeRow).toContainText('Needs our evidence')
  await expect(disputeRow).toContainText('Fraudulent')
  await expect(disputeRow).toContainText('£')
  await expectNoSeriousA11yViolations(page)

  await disputeRow.getByRole('link').click()
  await expect(page.getByText('open or lost dispute')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Review refund' })).toHaveCount(0)
})
