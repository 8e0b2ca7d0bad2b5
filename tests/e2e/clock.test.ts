// Runs after every other browser test (see playwright.config.ts): these tests change the
// emulator globally (its clock, its delivery chaos), so nothing may run beside them. Each gives
// to an appeal of its own, whose total moves only with its own gifts.
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import { CARDS, fillDonateForm, payByCard, progressOf } from './donor.ts'
import { emulatorControl, expect, test, uniqueEmail, waitForMail } from './fixtures.ts'

test.describe.configure({ mode: 'serial' })
// A payment through Checkout, then waiting for webhooks to be processed (chaos) or for a renewal
// (clock): more than the default 30 s on a busy 2-core machine.
test.setTimeout(90_000)

test('with duplicated, reordered and early webhooks, a gift still counts exactly once', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Chaos', currency: 'GBP', amountsMinor: [1_000, 2_500] })
  await emulatorControl('chaos', {
    duplicateDeliveries: 3,
    reorder: true,
    deliverBeforeRedirect: true,
  })
  try {
    await page.goto(`/campaigns/${appeal.slug}`)
    await fillDonateForm(page, { amountLabel: /£25/, email: uniqueEmail('chaos') })
    await payByCard(page, CARDS.ok)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
    expect(await progressOf(page)).toEqual({ raised: 25, donors: 1 })

    // Every delivery, duplicates included, answered; then every event about this payment
    // processed: only then is a second count possible, and the page must still show one gift.
    await emulatorControl('webhooks/flush')
    const sessionId = new URL(page.url()).searchParams.get('session_id') ?? ''
    const session = (await (
      await fetch(`${E2E_EMULATOR_URL}/v1/checkout/sessions/${sessionId}?expand[]=payment_intent`, {
        headers: { Authorization: 'Bearer sk_test_e2e' },
      })
    ).json()) as { payment_intent: { id: string; latest_charge: string } }
    const objectIds = [sessionId, session.payment_intent.id, session.payment_intent.latest_charge]
    const events = { objectId: { in: objectIds } }
    expect(await e2eDatabase.prisma.stripeEvent.count({ where: events })).toBeGreaterThan(0)
    const unprocessed = () =>
      e2eDatabase.prisma.stripeEvent.findMany({
        where: { ...events, processedAt: null },
        select: { type: true, attempts: true, lastError: true },
      })
    await expect.poll(unprocessed, { timeout: 30_000 }).toEqual([])
    await page.reload()
    expect(await progressOf(page)).toEqual({ raised: 25, donors: 1 })
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
  newAppeal,
}) => {
  const appeal = await newAppeal({
    label: 'Monthly',
    currency: 'JPY',
    fund: 'RESETTLEMENT',
    amountsMinor: [3_000, 5_000],
  })
  const email = uniqueEmail('monthly')
  await page.goto(`/campaigns/${appeal.slug}`)
  await page.getByRole('radio', { name: /^¥3,000 / }).check()
  await page.getByRole('radio', { name: 'Monthly' }).check()
  await page.getByLabel('Email (for your receipt)').fill(email)
  await expect(page.getByRole('button', { name: 'Donate ¥3,000 a month' })).toBeVisible()
  await page.getByRole('button', { name: /^Donate/ }).click()
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
  await expect(page.getByText(/Your monthly gift of ¥3,000/)).toBeVisible()

  const thanksUrl = page.url()
  const raisedOn = async () => {
    const html = await (await request.get(thanksUrl)).text()
    return Number(/class="progress__raised">([^<]+)</.exec(html)?.[1]?.replace(/[^\d]/g, ''))
  }
  // The first month counts once its webhooks are processed, perhaps after the page showed.
  await expect.poll(raisedOn, { timeout: 20_000 }).toBe(3_000)
  await emulatorControl('clock/advance', { seconds: 32 * 24 * 60 * 60 })
  await expect.poll(raisedOn, { timeout: 20_000 }).toBe(6_000)

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
