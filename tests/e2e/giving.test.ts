// Giving in the browser, through the emulator's hosted Checkout page, with receipts over SMTP.
import { CARDS, fillDonateForm, payByCard, progressOf } from './donor.ts'
import { SEEDED, emulatorControl, expect, test, uniqueEmail, waitForMail } from './fixtures.ts'

test('a one-time card gift: thank-you page, totals up by exactly the gift, receipt by email', async ({
  page,
}) => {
  await page.goto(`/campaigns/${SEEDED.featured}`)
  const before = await progressOf(page)
  const email = uniqueEmail('once')
  await fillDonateForm(page, { amountLabel: /\$45/, email })
  await payByCard(page, CARDS.ok)

  await expect(page).toHaveURL(/\/donate\/thanks\?session_id=cs_test_/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
  await expect(page.getByText('$45.00')).toBeVisible()
  expect(await progressOf(page)).toEqual({ raised: before.raised + 45, donors: before.donors + 1 })

  const receipt = await waitForMail(email)
  expect(receipt.subject).toMatch(/^Your gift receipt LAN-\d{4}-\d{6}$/)
  expect(receipt.text).toContain('$45.00')
})

test('a declined card shows the error and the donor can pay with another card', async ({
  page,
}) => {
  await page.goto(`/campaigns/${SEEDED.gbp}`)
  await fillDonateForm(page, { email: uniqueEmail('declined') })
  await payByCard(page, CARDS.declined)
  await expect(page.getByText('Your card was declined.')).toBeVisible()
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
})

test('3-D Secure: a failed check keeps the session open; a completed one pays', async ({
  page,
}) => {
  // Two card payments through the hosted Checkout page in one scenario: twice the work of the
  // other giving tests, which missed the default budget once on a loaded 2-core machine.
  test.slow()
  await page.goto(`/campaigns/${SEEDED.featured}`)
  await fillDonateForm(page, { email: uniqueEmail('3ds') })
  await payByCard(page, CARDS.threeDS)
  await page.getByRole('button', { name: 'Fail' }).click()
  await expect(page.getByText(/unable to authenticate/i)).toBeVisible()
  await payByCard(page, CARDS.threeDS)
  await page.getByRole('button', { name: 'Complete' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
})

test('a KRW gift of ₩50,000 is shown, charged and receipted as 50000 won', async ({ page }) => {
  await page.goto(`/campaigns/${SEEDED.krw}`)
  const before = await progressOf(page)
  const email = uniqueEmail('krw')
  await fillDonateForm(page, { amountLabel: /₩50,000/, email })
  await expect(page.getByText('₩50,000').first()).toBeVisible()
  await payByCard(page, CARDS.ok)
  await expect(page.getByText('₩50,000', { exact: true })).toBeVisible()
  expect((await progressOf(page)).raised).toBe(before.raised + 50_000)
  const receipt = await waitForMail(email)
  expect(receipt.text).toContain('₩50,000')
})

test('SEPA Direct Debit: processing first, then paid; a failing debit takes nothing', async ({
  page,
}) => {
  const euro = 'safe-houses-on-the-way'
  for (const [iban, outcome] of [
    ['DE89370400440532013000', 'Thank you for your gift'],
    ['DE62370400440532013001', 'Your payment did not go through'],
  ] as const) {
    await page.goto(`/campaigns/${euro}`)
    await fillDonateForm(page, { email: uniqueEmail('sepa') })
    await page.getByRole('radio', { name: /SEPA/ }).check()
    await page.getByLabel('IBAN').fill(iban)
    await page.getByRole('button', { name: /^Donate/ }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Thank you: your payment is on its way',
    )
    const thanksUrl = page.url()
    await emulatorControl('payments/settle')
    await expect
      .poll(async () => {
        await page.goto(thanksUrl)
        return page.getByRole('heading', { level: 1 }).textContent()
      })
      .toBe(outcome)
  }
})

test.describe('bad input', () => {
  for (const [label, input, message] of [
    ['zero', '0', 'Enter an amount above zero'],
    ['negative', '-5', 'Enter an amount above zero'],
    ['letters', 'lots', 'Enter the amount in numbers only'],
    ['decimals in won', '1.5', 'South Korean won amounts have no decimal places'],
    ['over the maximum', '80,000,000', 'The largest gift online is ₩70,000,000'],
  ] as const) {
    test(`${label}: a field error in the browser and 400 from the server, nothing created`, async ({
      page,
      request,
    }) => {
      await page.goto(`/campaigns/${SEEDED.krw}`)
      await page.getByRole('radio', { name: 'Other amount' }).check()
      await page.getByLabel('Other amount in KRW').fill(input)
      await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('bad'))
      await page.getByRole('button', { name: /^Donate/ }).click()
      await expect(page.getByText(message)).toBeVisible()
      await expect(page).toHaveURL(new RegExp(`/campaigns/${SEEDED.krw}`))

      const response = await request.post(`/campaigns/${SEEDED.krw}`, {
        form: {
          amount: 'other',
          otherAmount: input,
          frequency: 'ONE_TIME',
          email: uniqueEmail('bad'),
        },
        maxRedirects: 0,
      })
      expect(response.status()).toBe(400)
    })
  }
})

test('too many attempts from one email: 429 with a friendly message', async ({ request }) => {
  const email = uniqueEmail('limit')
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) {
    const response = await request.post(`/campaigns/${SEEDED.featured}`, {
      form: { amount: '4500', frequency: 'ONE_TIME', email },
      maxRedirects: 0,
    })
    statuses.push(response.status())
    if (response.status() === 429) {
      expect(response.headers()['retry-after']).toMatch(/^\d+$/)
      expect(await response.text()).toContain('protect donors from card fraud')
    }
  }
  expect(statuses).toEqual([303, 303, 303, 429])
})
