// Giving in the browser, through the emulator's hosted Checkout page, with receipts over SMTP.
// Tests that check a total give to an appeal of their own; the others may use the seeded ones.
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import { CARDS, fillDonateForm, payByCard, progressOf } from './donor.ts'
import { SEEDED, emulatorControl, expect, test, uniqueEmail, waitForMail } from './fixtures.ts'

// A card payment through the hosted Checkout page, then the receipt over SMTP: up to 32 s on a
// busy 2-core machine (load ~20), against the default 30 s.
const GIVE_AND_RECEIPT = 'a Checkout payment and its emailed receipt'

test('a one-time card gift: thank-you page, totals up by exactly the gift, receipt by email', async ({
  page,
  newAppeal,
}) => {
  test.slow(true, GIVE_AND_RECEIPT)
  const appeal = await newAppeal({
    label: 'Once',
    currency: 'USD',
    amountsMinor: [2_500, 4_500, 10_000],
  })
  await page.goto(`/campaigns/${appeal.slug}`)
  expect(await progressOf(page)).toEqual({ raised: 0, donors: 0 })
  const email = uniqueEmail('once')
  await fillDonateForm(page, { amountLabel: /\$45/, email })
  await payByCard(page, CARDS.ok)

  await expect(page).toHaveURL(/\/donate\/thanks\?session_id=cs_test_/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
  await expect(page.getByText('$45.00')).toBeVisible()
  expect(await progressOf(page)).toEqual({ raised: 45, donors: 1 })

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

test('a KRW gift of ₩50,000 is shown, charged and receipted as 50000 won', async ({
  page,
  newAppeal,
}) => {
  test.slow(true, GIVE_AND_RECEIPT)
  const appeal = await newAppeal({
    label: 'Won',
    currency: 'KRW',
    fund: 'NUTRITION',
    amountsMinor: [10_000, 50_000, 100_000],
  })
  await page.goto(`/campaigns/${appeal.slug}`)
  const email = uniqueEmail('krw')
  await fillDonateForm(page, { amountLabel: /₩50,000/, email })
  await expect(page.getByText('₩50,000').first()).toBeVisible()
  await payByCard(page, CARDS.ok)
  await expect(page.getByText(/^Your gift of ₩50,000 to/)).toBeVisible()
  expect((await progressOf(page)).raised).toBe(50_000)
  const receipt = await waitForMail(email)
  expect(receipt.text).toContain('₩50,000')
})

// One debit per test: both in one test missed the 30 s budget on a loaded 2-core machine.
for (const [outcomeText, iban, heading] of [
  ['then paid', 'DE89370400440532013000', 'Thank you for your gift'],
  ['a failing debit takes nothing', 'DE62370400440532013001', 'Your payment did not go through'],
] as const) {
  test(`SEPA Direct Debit: processing first, ${outcomeText}`, async ({ page }) => {
    test.slow(true, 'a debit through Checkout, then waiting for its webhooks to be processed')
    await page.goto('/campaigns/safe-houses-on-the-way')
    await fillDonateForm(page, { email: uniqueEmail('sepa') })
    await page.getByRole('radio', { name: /SEPA/ }).check()
    await page.getByLabel('IBAN').fill(iban)
    await page.getByRole('button', { name: /^Donate/ }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Thank you: your payment is on its way',
    )
    const thanksUrl = page.url()
    // Settles this test's debit only: the other SEPA test may be waiting on its own.
    const sessionId = new URL(thanksUrl).searchParams.get('session_id')
    const session = (await (
      await fetch(`${E2E_EMULATOR_URL}/v1/checkout/sessions/${sessionId}`, {
        headers: { Authorization: 'Bearer sk_test_e2e' },
      })
    ).json()) as { payment_intent: string }
    await emulatorControl('payments/settle', { payment_intent: session.payment_intent })
    await expect
      .poll(async () => {
        await page.goto(thanksUrl)
        return page.getByRole('heading', { level: 1 }).textContent()
      })
      .toBe(heading)
  })
}

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
