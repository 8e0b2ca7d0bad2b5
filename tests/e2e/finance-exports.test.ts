// Finance exports in the browser: a streamed CSV download, and a bad date range refused.
import { readFile } from 'node:fs/promises'
import { giveOnce } from './donor.ts'
import { expect, expectNoSeriousA11yViolations, test, uniqueEmail } from './fixtures.ts'
import { signIn } from './staff.ts'

// A gift through the hosted Checkout page, then the staff pages: ten and more page loads, which
// took 35-60 s on a busy 2-core machine (load ~20).
test.setTimeout(90_000)

test('finance downloads the gifts CSV with the gift a donor just made', async ({
  page,
  newAppeal,
}) => {
  const appeal = await newAppeal({ label: 'Export', currency: 'USD', amountsMinor: [2_500, 4_500] })
  const email = uniqueEmail('export')
  await giveOnce(page, { slug: appeal.slug, email, amountLabel: /\$45/ })

  await signIn(page, 'FINANCE')
  await page.goto('/admin/finance/exports')
  await expectNoSeriousA11yViolations(page)
  const today = new Date().toISOString().slice(0, 10)
  await page.getByLabel('Gifts', { exact: false }).first().check()
  await page.getByLabel('From (UTC, optional)').fill(today)
  await page.getByLabel('To (UTC, optional, included)').fill(today)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`lantern-gifts-${today}_to_${today}.csv`)
  const csv = (await readFile((await download.path()) as string, 'utf8')).replace(/^\uFEFF/, '')
  const [header, ...rows] = csv.trim().split('\r\n')
  expect(header).toMatch(/^Gift id,Received at \(UTC\),Receipt number,Campaign,/)
  const mine = rows.filter((row) => row.includes(`,${appeal.slug},`))
  expect(mine).toHaveLength(1)
  expect(mine[0]).toContain(email)
  expect(mine[0]).toContain(',USD,45.00,')
})

test('an export whose end date is before its start date is refused at the field', async ({
  page,
}) => {
  await signIn(page, 'FINANCE')
  const response = await page.goto(
    '/admin/finance/exports?kind=refunds&from=2026-11-20&to=2026-11-01',
  )
  expect(response?.status()).toBe(400)
  const to = page.getByLabel('To (UTC, optional, included)')
  await expect(to).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('The end date is before the start date')).toBeVisible()
  await expect(page.getByLabel(/^Refunds/)).toBeChecked()
  await expectNoSeriousA11yViolations(page)
})
