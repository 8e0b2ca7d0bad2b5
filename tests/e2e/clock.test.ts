// Runs after every other browser test (see playwright.config.ts): these tests change the
// emulator globally (its clock, its delivery chaos), so nothing may run beside them.
import { SEEDED, emulatorControl, expect, test, uniqueEmail, waitForMail } from './fixtures.ts'

test.describe.configure({ mode: 'serial' })

test('with duplicated, reordered and early webhooks, a gift still counts exactly once', async ({
  page,
}) => {
  await emulatorControl('chaos', {
    duplicateDeliveries: 3,
    reorder: true,
    deliverBeforeRedirect: true,
  })
  try {
    await page.goto(`/campaigns/${SEEDED.gbp}`)
    const raisedText = async () =>
      Number(
        ((await page.locator('.progress__raised').first().textContent()) ?? '').replace(
          /[^\d]/g,
          '',
        ),
      )
    const before = await raisedText()
    const amount = page.getByRole('radio', { name: /^£\d+ / }).first()
    const amountValue = Number((await amount.getAttribute('value')) ?? '0') / 100
    await amount.check()
    await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('chaos'))
    await page.getByRole('button', { name: /^Donate/ }).click()
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
    await page.getByLabel('Security code (CVC)').fill('123')
    await page.getByRole('button', { name: /^Donate/ }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
    expect(await raisedText()).toBe(before + amountValue)
    // Let every duplicate arrive and be processed, then look again.
    await page.waitForTimeout(3_000)
    await page.reload()
    expect(await raisedText()).toBe(before + amountValue)
  } finally {
    await emulatorControl('chaos', {
      duplicateDeliveries: 0,
      reorder: false,
      deliverBeforeRedirect: false,
    })
  }
})

// Last: after the clock moves a month, the emulator refuses new sessions whose expiry (set from
// the real clock) lies in its past.
test('a monthly gift: the first month on the thank-you page, a renewal a month later', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('monthly')
  // An appeal no other test gives to: its total moves only with this donor's gifts.
  await page.goto('/campaigns/new-start-in-south-korea')
  await page.getByRole('radio', { name: /^¥3,000 / }).check()
  await page.getByRole('radio', { name: 'Monthly' }).check()
  await page.getByLabel('Email (for your receipt)').fill(email)
  await expect(page.getByRole('button', { name: 'Donate ¥3,000 a month' })).toBeVisible()
  await page.getByRole('button', { name: /^Donate/ }).click()
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^Subscribe/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
  await expect(page.getByText(/Your monthly gift of ¥3,000/)).toBeVisible()

  const thanksUrl = page.url()
  const raisedOn = async () => {
    const html = await (await request.get(thanksUrl)).text()
    return Number(/class="progress__raised">([^<]+)</.exec(html)?.[1]?.replace(/[^\d]/g, ''))
  }
  const before = await raisedOn()
  await emulatorControl('clock/advance', { seconds: 32 * 24 * 60 * 60 })
  await expect.poll(raisedOn, { timeout: 20_000 }).toBe(before + 3000)

  // The receipt's signed link signs this donor in to their giving account.
  const receipt = await waitForMail(email)
  const manage = /https?:\/\/[^\s"<>]+\/account\/link\?token=[^\s"<>]+/.exec(
    receipt.text ?? '',
  )?.[0]
  expect(manage).toBeDefined()
  const signedIn = await request.get(manage as string, { maxRedirects: 0 })
  expect(signedIn.status()).toBe(303)
  expect(signedIn.headers()['location']).toBe('/account')
  const forged = await request.get(`${manage as string}x`, { maxRedirects: 0 })
  expect(forged.headers()['location']).toBe('/account/sign-in?notice=invalid')
})
