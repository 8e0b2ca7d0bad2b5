// Renewals of monthly gifts, which need the emulator clock to move: the `renewals` project runs
// this file alone, after every other browser test (playwright.config.ts).
//
// Why serial, with the gifts given first: the emulator's clock is one for everything, and once it
// has moved a month it refuses every new Checkout Session (the app sets `expires_at` from the
// real clock, which now lies in the emulator's past). So every gift this file needs is given
// before its first test moves the clock, and the tests then run one after another, each
// measuring time from its own gift's next payment (earlier tests' months renew it too).
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { CurrencyCode } from '#app/modules/ledger/money.ts'
import { linkTo } from './donor-account.ts'
import { CARDS, payByCard } from './donor.ts'
import { emulatorControl, expect, test, uniqueEmail, waitForMail, type Appeal } from './fixtures.ts'
import {
  advanceClockTo,
  giftAmountsOf,
  settledGiftAmountsOf,
  giveMonthly,
  invoicesOf,
  monthlyPledgeOf,
  openRecurringGift,
  SAVES_THEN_DECLINES,
  updateCard,
} from './recurring.ts'

test.describe.configure({ mode: 'serial' })
// Payments, renewals and the emails they cause on a busy 2-core machine.
test.setTimeout(120_000)

type Donor = { appeal: Appeal; email: string }
const donors = {} as Record<'amount' | 'pause' | 'failing', Donor>
const appealIds: string[] = []

test.beforeAll(async ({ browser, e2eDatabase }, testInfo) => {
  testInfo.setTimeout(240_000)
  const specs = {
    amount: { label: 'Amount', currency: 'USD' },
    pause: { label: 'Pause', currency: 'GBP' },
    failing: { label: 'Failing', currency: 'EUR' },
  } satisfies Record<keyof typeof donors, { label: string; currency: CurrencyCode }>
  for (const [key, spec] of Object.entries(specs) as [keyof typeof donors, typeof specs.amount][]) {
    // Like the `newAppeal` fixture, which a hook cannot use: an appeal of this gift alone.
    const suffix = randomUUID().slice(0, 8)
    const campaign = await e2eDatabase.createCampaign({
      slug: `${spec.label.toLowerCase()}-${suffix}`,
      title: `${spec.label} ${suffix}`,
      fund: 'RESCUE',
      currency: spec.currency,
      goalMinor: 1_000_000n,
      suggestedAmounts: {
        create: [
          {
            currency: spec.currency,
            amountMinor: 2_500,
            impact: 'Gift 1 of this appeal',
            position: 0,
          },
        ],
      },
    })
    appealIds.push(campaign.id)
    const donor = {
      appeal: {
        id: campaign.id,
        slug: campaign.slug,
        title: campaign.title,
        currency: spec.currency,
      },
      email: uniqueEmail(key),
    }
    const context = await browser.newContext()
    const page = await context.newPage()
    await giveMonthly(page, { slug: donor.appeal.slug, email: donor.email, amountLabel: /25/ })
    await monthlyPledgeOf(e2eDatabase.prisma, donor.email)
    await context.close()
    donors[key] = donor
  }
})

test.afterAll(async ({ e2eDatabase }) => {
  await e2eDatabase.prisma.campaign.updateMany({
    where: { id: { in: appealIds } },
    data: { status: 'ARCHIVED' },
  })
})

/** Signs in through the link in the donor's receipt and opens their monthly gift's page. */
async function openGiftFromReceipt(page: Page, email: string) {
  const receipt = await waitForMail(email, 30_000, (mail) =>
    /\/account\/link\?token=/.test(mail.text ?? ''),
  )
  await page.goto(linkTo(receipt.text, '/account/link'))
  await openRecurringGift(page)
}

// First: it gives in its own test, before anything here moves the clock.
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

test('a new amount is charged at the next renewal', async ({ page, e2eDatabase }) => {
  const { email, appeal } = donors.amount
  const { prisma } = e2eDatabase
  const pledge = await monthlyPledgeOf(prisma, email)
  const before = await settledGiftAmountsOf(prisma, pledge)
  expect(before.every((amount) => amount === 2_500)).toBe(true)

  await openGiftFromReceipt(page, email)
  await page.getByLabel('New amount each month (USD)').fill('40')
  await page.getByRole('button', { name: 'Change the amount' }).click()
  await expect(page.getByRole('status')).toContainText('your gift is $40.00')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `$40.00 each month to ${appeal.title}`,
  )
  // Nothing is charged for the change itself.
  expect(await giftAmountsOf(prisma, pledge.id)).toEqual(before)

  const { currentPeriodEnd } = await monthlyPledgeOf(prisma, email)
  await advanceClockTo(currentPeriodEnd)
  await expect
    .poll(() => giftAmountsOf(prisma, pledge.id), { timeout: 30_000 })
    .toEqual([...before, 4_000])
  await page.goto('/account')
  await expect(page.locator('.account-table tbody tr', { hasText: '$40.00' })).toHaveCount(1)
  await expect(page.locator('.account-list li', { hasText: 'each month' })).toContainText(
    '$40.00 each month',
  )
})

test('a one-month pause: the renewal due in it is voided, then the gift continues', async ({
  page,
  e2eDatabase,
}) => {
  const { email } = donors.pause
  const { prisma } = e2eDatabase
  const pledge = await monthlyPledgeOf(prisma, email)
  const before = await settledGiftAmountsOf(prisma, pledge)

  await openGiftFromReceipt(page, email)
  await page.getByLabel('Pause for').selectOption('1')
  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Done: your gift is paused until')
  await expect(page.getByRole('button', { name: 'Continue my gift now' })).toBeVisible()
  const paused = await prisma.pledge.findUniqueOrThrow({
    where: { id: pledge.id },
    select: { pausedUntil: true, currentPeriodEnd: true },
  })
  expect(paused.pausedUntil).not.toBeNull()

  // The renewal due in the pause: an invoice that Stripe voids, and no gift.
  await advanceClockTo(paused.currentPeriodEnd as Date)
  await expect
    .poll(async () => (await invoicesOf(pledge.subscriptionId)).at(-1)?.status)
    .toBe('void')
  const voided = (await invoicesOf(pledge.subscriptionId)).at(-1)!.id
  const eventsOfVoided = () =>
    prisma.stripeEvent.findMany({ where: { objectId: voided }, select: { processedAt: true } })
  // Every event about the voided invoice handled by the app: only then could a gift appear.
  await expect
    .poll(
      async () => {
        const events = await eventsOfVoided()
        return events.length > 0 && events.every((event) => event.processedAt !== null)
      },
      { timeout: 30_000 },
    )
    .toBe(true)
  expect(await giftAmountsOf(prisma, pledge.id)).toEqual(before)

  // The pause ends by itself a day after the skipped renewal; the next month is paid again.
  await advanceClockTo(paused.pausedUntil as Date)
  const resumed = () =>
    prisma.pledge.findUniqueOrThrow({
      where: { id: pledge.id },
      select: { pausedUntil: true, currentPeriodEnd: true },
    })
  await expect.poll(async () => (await resumed()).pausedUntil, { timeout: 30_000 }).toBeNull()
  await page.reload()
  await expect(page.getByText(/^Next payment: /)).toBeVisible()
  await advanceClockTo((await resumed()).currentPeriodEnd as Date)
  await expect
    .poll(() => giftAmountsOf(prisma, pledge.id), { timeout: 30_000 })
    .toEqual([...before, 2_500])
})

test('a declined renewal emails the donor; with a new card the retry records the gift', async ({
  page,
  e2eDatabase,
}) => {
  const { email } = donors.failing
  const { prisma } = e2eDatabase
  const pledge = await monthlyPledgeOf(prisma, email)
  const before = await settledGiftAmountsOf(prisma, pledge)

  // A card that saves but declines every charge, so the next renewal fails.
  await openGiftFromReceipt(page, email)
  await updateCard(page, SAVES_THEN_DECLINES)
  const { currentPeriodEnd } = await monthlyPledgeOf(prisma, email)
  await advanceClockTo(currentPeriodEnd)

  const failed = await waitForMail(
    email,
    30_000,
    (mail) => mail.subject === 'Your recurring gift payment did not go through',
  )
  expect(failed.text).toContain('€25.00')
  const giftPath = `/account/monthly/${pledge.id}`
  expect(failed.text).toContain(giftPath)
  const failing = () =>
    prisma.pledge.findUniqueOrThrow({
      where: { id: pledge.id },
      select: { subscriptionStatus: true, nextPaymentAttemptAt: true },
    })
  await expect.poll(async () => (await failing()).subscriptionStatus).toBe('past_due')
  const retryAt = (await failing()).nextPaymentAttemptAt
  expect(retryAt).not.toBeNull()
  expect(await giftAmountsOf(prisma, pledge.id)).toEqual(before)

  await page.goto(giftPath)
  await expect(
    page.getByText(/The last payment did not go through; please update your card/),
  ).toBeVisible()
  await updateCard(page, CARDS.ok)
  await advanceClockTo(retryAt as Date)
  await expect
    .poll(() => giftAmountsOf(prisma, pledge.id), { timeout: 30_000 })
    .toEqual([...before, 2_500])
  await expect
    .poll(
      async () =>
        (await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).subscriptionStatus,
    )
    .toBe('active')
  await page.reload()
  await expect(page.getByText(/did not go through/)).toHaveCount(0)
})
