// "Other amount" on phone and desktop: what the donor types is what Checkout charges, whatever
// preset was chosen before; without JavaScript a preset with a typed amount is a field error.
import { SEEDED, expect, test, uniqueEmail } from './fixtures.ts'

test('typing an other amount chooses it, and Checkout charges the typed amount', async ({
  page,
}) => {
  await page.goto(`/campaigns/${SEEDED.featured}`)
  await page.getByRole('radio', { name: /\$45/ }).check()
  await page.getByLabel('Other amount in USD').fill('60')
  await expect(page.getByRole('radio', { name: 'Other amount' })).toBeChecked()
  await expect(page.getByRole('button', { name: /^Donate/ })).toHaveText('Donate $60')

  await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('other'))
  await page.getByRole('button', { name: /^Donate/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Donate')
  await expect(page.getByText('$60.00', { exact: true })).toBeVisible()
  await expect(page.getByText('$45.00')).toHaveCount(0)
})

test('without JavaScript, a preset with a typed amount is a field error and nothing is charged', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto(`/campaigns/${SEEDED.featured}`)
  await page.getByRole('radio', { name: /\$45/ }).check()
  await page.getByLabel('Other amount in USD').fill('60')
  await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('nojs'))
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: /^Donate/ }).click(),
  ])
  expect(response.status()).toBe(400)
  await expect(page.getByText(/You chose an amount and also typed one/)).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/campaigns/${SEEDED.featured}`))
  await context.close()
})
