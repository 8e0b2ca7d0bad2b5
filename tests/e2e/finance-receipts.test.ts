import { readdir, readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { E2E_MAIL_DIR } from '#tests/support/e2e-env.ts'
import {
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
  type Appeal,
} from './fixtures.ts'
import { signIn } from './staff.ts'

// Several staff forms and pages per test, and jobs of the worker (receipts, statements): 35-70 s
// on a busy 2-core machine (load ~20), where recording a gift once took more than 5 s.
test.setTimeout(90_000)
const RECORDED = { timeout: 15_000 }

/** The raw .eml file of the first message to `to` (waitForMail has already seen it arrive). */
async function rawMailTo(to: string): Promise<string> {
  for (const file of await readdir(E2E_MAIL_DIR)) {
    const raw = await readFile(`${E2E_MAIL_DIR}/${file}`, 'latin1')
    if (raw.toLowerCase().includes(`to: ${to.toLowerCase()}`)) return raw
  }
  throw new Error(`no raw message to ${to}`)
}

/** Chooses the test's own appeal in the form's campaign list. */
async function chooseCampaign(page: Page, appeal: Appeal) {
  await page.getByLabel('Campaign').selectOption({ label: `${appeal.title} (${appeal.currency})` })
}

test('finance records an offline cheque gift; its receipt PDF downloads and is emailed', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({ label: 'Cheque', currency: 'USD', amountsMinor: [5_000] })
  await signIn(page, 'FINANCE', '/admin/finance/offline/new')
  await page.goto('/admin/finance/offline/new')
  await expect(page.getByRole('heading', { name: 'Record an offline gift' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // Bad input is refused at the field, and nothing is recorded.
  const donor = uniqueEmail('cheque')
  await chooseCampaign(page, appeal)
  await page.getByLabel('Amount').fill('0')
  await page.getByLabel('Donor email').fill(donor)
  await page.getByRole('button', { name: 'Record gift and send receipt' }).click()
  await expect(page.getByText('Enter an amount above zero')).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByLabel('Amount').fill('1,250.50')
  await page.getByLabel('Cheque').check()
  await page.getByLabel('Reference (optional)').fill('CHQ 004512')
  await page.getByLabel('Donor name (optional)').fill('Hana Lee')
  await page.getByRole('button', { name: 'Record gift and send receipt' }).click()
  await expect(page).toHaveURL(/\/admin\/finance\/gifts\/[^/?]+\?recorded=1$/, RECORDED)

  // The offline page lists it; its receipt is issued and emailed by the worker moments later.
  const row = page.getByRole('row').filter({ hasText: donor })
  await expect(async () => {
    await page.goto('/admin/finance/offline/new')
    await expect(row).toContainText(/LAN-\d{4}-\d{6} \(PDF\) emailed/, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expect(row).toContainText('$1,250.50')
  await expect(row).toContainText('Cheque CHQ 004512')
  const link = row.getByRole('link', { name: /^LAN-\d{4}-\d{6} \(PDF\)$/ })
  const receiptNumber = ((await link.textContent()) ?? '').replace(' (PDF)', '')

  const response = await page.request.get((await link.getAttribute('href')) as string)
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('application/pdf')
  expect(response.headers()['content-disposition']).toBe(
    `attachment; filename="${receiptNumber}.pdf"`,
  )
  expect(response.headers()['cache-control']).toBe('no-store')
  const pdf = await response.body()
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(pdf.toString('latin1')).toContain(`(Receipt ${receiptNumber})`)

  const download = page.waitForEvent('download')
  await link.click()
  expect((await download).suggestedFilename()).toBe(`${receiptNumber}.pdf`)

  const mail = await waitForMail(donor)
  expect(mail.subject).toBe(`Your gift receipt ${receiptNumber}`)
  expect(mail.text).toContain('Amount: $1,250.50')
  const raw = await rawMailTo(donor)
  expect(raw).toContain(`Content-Type: application/pdf; name=${receiptNumber}.pdf`)
  expect(raw).toContain('Content-Disposition: attachment')
})

test('finance creates a scheduled pledge that shows fulfilled, outstanding and overdue instalments', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({
    label: 'Pledge',
    currency: 'KRW',
    fund: 'NUTRITION',
    amountsMinor: [100_000],
  })
  await signIn(page, 'FINANCE', '/admin/finance/commitments/new')
  await page.goto('/admin/finance/commitments/new')
  await expectNoSeriousA11yViolations(page)
  const donor = uniqueEmail('pledge')
  const start = new Date()
  start.setUTCMonth(start.getUTCMonth() - 2)
  await page.getByLabel('Donor email').fill(donor)
  await chooseCampaign(page, appeal)
  await page.getByLabel('Total promised').fill('1,200,000')
  await page.getByLabel('Number of instalments').fill('12')
  await page.getByLabel('Months between instalments').fill('1')
  await page.getByLabel('First instalment due').fill(start.toISOString().slice(0, 10))
  await page.getByRole('button', { name: 'Save scheduled pledge' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Scheduled pledge: ₩1,200,000 from ${donor}`,
  )
  await expect(page.getByText('Scheduled pledge saved.')).toBeVisible()
  const schedule = page.getByRole('table', { name: 'Instalments and the gifts that cover them' })
  await expect(schedule.getByRole('row')).toHaveCount(13)
  await expect(schedule.getByRole('row').nth(1)).toContainText('₩100,000')
  // Two months in, the first two instalments are overdue (the third is due today).
  await expect(schedule.getByText('Overdue')).toHaveCount(2)
  await expect(schedule.getByText('Outstanding')).toHaveCount(10)
  await expectNoSeriousA11yViolations(page)

  // A bank transfer from the donor, linked to the pledge when it is recorded.
  await page.goto('/admin/finance/offline/new')
  await chooseCampaign(page, appeal)
  await page.getByLabel('Amount').fill('150,000')
  await page.getByLabel('Bank transfer').check()
  await page.getByLabel('Donor email').fill(donor)
  await page.getByLabel('Scheduled pledge (optional)').selectOption({
    label: `${donor}: ₩1,200,000 to ${appeal.title}`,
  })
  await page.getByRole('button', { name: 'Record gift and send receipt' }).click()
  await expect(page).toHaveURL(/\/admin\/finance\/gifts\//, RECORDED)

  await page.goto('/admin/finance/commitments')
  const row = page.getByRole('row').filter({ hasText: donor })
  await expect(row).toContainText('₩150,000')
  await expect(row).toContainText('₩1,050,000')
  await expect(row).toContainText('1 of 12 fulfilled, 1 overdue')
  await expectNoSeriousA11yViolations(page)

  await row.getByRole('link', { name: donor }).click()
  await expect(page.getByText('Fulfilled', { exact: true })).toHaveCount(1)
  await page.getByRole('button', { name: /^Unlink the gift of / }).click()
  await expect(page.getByText('Gift unlinked.')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Link the gift of / })).toBeVisible()
})

test('finance starts an annual statement batch and downloads a statement', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({ label: 'Statement', currency: 'USD', amountsMinor: [4_000] })
  await signIn(page, 'FINANCE', '/admin/finance/offline/new')
  // A gift received today, so this year has at least one statement.
  const donor = uniqueEmail('statement')
  await page.goto('/admin/finance/offline/new')
  await chooseCampaign(page, appeal)
  await page.getByLabel('Amount').fill('40.00')
  await page.getByLabel('Cash').check()
  await page.getByLabel('Donor email').fill(donor)
  await page.getByRole('button', { name: 'Record gift and send receipt' }).click()
  await expect(page).toHaveURL(/\/admin\/finance\/gifts\//, RECORDED)

  const year = new Date().getUTCFullYear()
  await page.goto(`/admin/finance/statements?year=${year}`)
  await page.getByLabel('Year', { exact: true }).fill('1999')
  await page.getByRole('button', { name: 'Generate statements' }).click()
  await expect(page.getByText(`Enter a year from 2000 to ${year}`)).toBeVisible()

  await page.getByLabel('Year', { exact: true }).fill(String(year))
  await page.getByRole('button', { name: 'Generate statements' }).click()
  await expect(page.getByText(`Statements for ${year} are being generated.`)).toBeVisible()
  // Another test's batch for the same year may finish first: wait for this donor's statement.
  const link = page.getByRole('link', { name: `Download statement of ${donor}` })
  await expect(async () => {
    await page.goto(`/admin/finance/statements?year=${year}`)
    await expect(page.getByRole('cell', { name: 'succeeded' }).first()).toBeVisible()
    await expect(link).toBeVisible()
  }).toPass({ timeout: 30_000 })
  await expectNoSeriousA11yViolations(page)
  const response = await page.request.get((await link.getAttribute('href')) as string)
  expect(response.headers()['content-type']).toBe('application/pdf')
  expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
})
