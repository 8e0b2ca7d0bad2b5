/** Browser and emulator helpers for a donor's recurring gift: give monthly, manage, move time. */
import type { Page } from '@playwright/test'
import type { Database } from '#app/utils/db.server.ts'
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import { type Card, CARDS, fillDonateForm, payByCard } from './donor.ts'
import { emulatorControl, expect } from './fixtures.ts'

/** Saves, then declines every charge (stripe-emulator/README.md, test cards). */
export const SAVES_THEN_DECLINES: Card = { number: '4000 0000 0000 0341' }

const HOUR_S = 60 * 60

/** A monthly card gift from the appeal page to the thank-you page. */
export async function giveMonthly(
  page: Page,
  options: { slug: string; email: string; amountLabel: RegExp },
) {
  await page.goto(`/campaigns/${options.slug}`)
  await fillDonateForm(page, {
    amountLabel: options.amountLabel,
    email: options.email,
    monthly: true,
  })
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
}

/**
 * The donor's monthly pledge once its first month is recorded (webhooks or the thank-you page
 * may get there first): the subscription and its first gift.
 */
export async function monthlyPledgeOf(prisma: Database, email: string) {
  const find = () =>
    prisma.pledge.findFirst({
      where: {
        donor: { email: email.toLowerCase() },
        frequency: 'MONTHLY',
        stripeSubscriptionId: { not: null },
        currentPeriodEnd: { not: null },
        gifts: { some: {} },
      },
      select: { id: true, stripeSubscriptionId: true, currentPeriodEnd: true },
    })
  await expect.poll(find, { timeout: 30_000 }).not.toBeNull()
  const pledge = (await find())!
  return {
    id: pledge.id,
    subscriptionId: pledge.stripeSubscriptionId as string,
    currentPeriodEnd: pledge.currentPeriodEnd as Date,
  }
}

/** The amounts of a pledge's recorded gifts, oldest first. */
export async function giftAmountsOf(prisma: Database, pledgeId: string) {
  const gifts = await prisma.gift.findMany({
    where: { pledgeId },
    orderBy: { receivedAt: 'asc' },
    select: { amountMinor: true },
  })
  return gifts.map((gift) => gift.amountMinor)
}

/**
 * The amounts of a pledge's gifts once every paid invoice of its subscription is recorded: other
 * tests' clock moves renew it too, and their webhooks may still be on their way.
 */
export async function settledGiftAmountsOf(
  prisma: Database,
  pledge: { id: string; subscriptionId: string },
) {
  const paid = async () =>
    (await invoicesOf(pledge.subscriptionId)).filter((invoice) => invoice.status === 'paid').length
  await expect
    .poll(async () => (await giftAmountsOf(prisma, pledge.id)).length === (await paid()), {
      timeout: 30_000,
    })
    .toBe(true)
  return giftAmountsOf(prisma, pledge.id)
}

/** From /account to the page of the donor's only recurring gift. */
export async function openRecurringGift(page: Page) {
  await page.goto('/account')
  await page.getByRole('link', { name: 'Manage this gift' }).click()
  await expect(page).toHaveURL(/\/account\/monthly\/[^/]+$/)
}

/** "Update my card" on the gift's page, then the emulator's hosted page in setup mode. */
export async function updateCard(page: Page, card: Card) {
  await page.getByRole('button', { name: 'Update my card' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Save card')
  await expect(page.locator('.total')).toHaveText(/^Nothing is charged now/)
  await page.getByLabel('Card number').fill(card.number)
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^Save card/ }).click()
  await expect(page).toHaveURL(/\/account\/monthly\/[^/?]+\?card_session=cs_/)
  await expect(page.getByRole('status')).toHaveText('Your new card is saved for this gift.')
}

/** A Stripe object as the emulator holds it (the app's own key). */
export async function stripeObject<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await fetch(`${E2E_EMULATOR_URL}/v1/${path}`, {
    headers: { Authorization: 'Bearer sk_test_e2e' },
  })
  expect(response.status, `GET /v1/${path}`).toBe(200)
  return (await response.json()) as T
}

/** The last four digits of the card a subscription now charges. */
export async function cardLast4Of(subscriptionId: string) {
  const subscription = await stripeObject<{ default_payment_method: string | null }>(
    `subscriptions/${subscriptionId}`,
  )
  expect(subscription.default_payment_method).toMatch(/^pm_/)
  const method = await stripeObject<{ card: { last4: string } }>(
    `payment_methods/${subscription.default_payment_method}`,
  )
  return method.card.last4
}

/** A subscription's invoices, oldest first. */
export async function invoicesOf(subscriptionId: string) {
  const list = await stripeObject<{ data: { id: string; status: string; created: number }[] }>(
    `invoices?subscription=${subscriptionId}&limit=100`,
  )
  return list.data.sort((a, b) => a.created - b.created)
}

/**
 * Moves the emulator clock to `hoursAfter` hours past `moment`. The clock is shared by every
 * test, and other tests may have moved it already, so the distance is taken from its own now.
 */
export async function advanceClockTo(moment: Date, hoursAfter = 1) {
  const clock = (await (await fetch(`${E2E_EMULATOR_URL}/_emulator/clock`)).json()) as {
    now: number
  }
  const target = Math.floor(moment.getTime() / 1000) + hoursAfter * HOUR_S
  expect(target, 'the moment lies ahead of the emulator clock').toBeGreaterThan(clock.now)
  await emulatorControl('clock/advance', { seconds: target - clock.now })
  // Renewals made while the clock moved reach the app before the test looks at them.
  await emulatorControl('webhooks/flush')
}
