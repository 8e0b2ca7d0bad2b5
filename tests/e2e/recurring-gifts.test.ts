// A donor manages a monthly gift from their giving account, without moving the emulator clock
// (renewals are in recurring-renewals.test.ts, which runs in the `clock` project).
import { linkTo } from './donor-account.ts'
import { giveOnce } from './donor.ts'
import { expect, test, uniqueEmail, waitForMail } from './fixtures.ts'
import {
  cardLast4Of,
  giveMonthly,
  monthlyPledgeOf,
  openRecurringGift,
  stripeObject,
  updateCard,
} from './recurring.ts'

// Two Checkout payments and the emails they cause: more than 30 s on a busy 2-core machine.
test.setTimeout(90_000)

test('a donor gives once and monthly, signs in from the receipt, and stops the monthly gift', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Stop', currency: 'USD', amountsMinor: [2_500, 5_000] })
  const email = uniqueEmail('stop')
  await giveOnce(page, { slug: appeal.slug, email, amountLabel: /\$25/ })
  await giveMonthly(page, { slug: appeal.slug, email, amountLabel: /\$50/ })
  const pledge = await monthlyPledgeOf(e2eDatabase.prisma, email)

  const receipt = await waitForMail(email, 30_000, (mail) =>
    /\/account\/link\?token=/.test(mail.text ?? ''),
  )
  await page.goto(linkTo(receipt.text, '/account/link'))
  await expect(page).toHaveURL(/\/account$/)
  // Both gifts once the second receipt's webhooks are in, and the monthly one to manage.
  const rows = page.locator('.account-table tbody tr')
  await expect(async () => {
    await page.reload()
    await expect(rows).toHaveCount(2, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expect(rows.filter({ hasText: '$25.00' })).toHaveCount(1)
  await expect(rows.filter({ hasText: '$50.00' })).toHaveCount(1)
  await expect(page.locator('.account-list li', { hasText: '$50.00 each month' })).toContainText(
    appeal.title,
  )

  await openRecurringGift(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `$50.00 each month to ${appeal.title}`,
  )
  await page.getByText('I want to stop my gift').click()
  await expect(
    page.getByText(/you can lower the amount or take a break above instead/),
  ).toBeVisible()
  await page.getByLabel('Why are you stopping? (optional)').selectOption('too_expensive')
  await page.getByLabel('Anything you would like to tell us (optional)').fill('Money is tight')
  await page.getByRole('button', { name: 'Stop my gift' }).click()
  await expect(page.getByRole('status')).toHaveText(
    'Your gift has stopped. Thank you for everything you gave.',
  )
  await expect(page.getByRole('button', { name: 'Stop my gift' })).toHaveCount(0)

  // Stripe holds the reason; the donor gets the confirmation.
  expect(await stripeObject(`subscriptions/${pledge.subscriptionId}`)).toMatchObject({
    status: 'canceled',
    cancellation_details: { feedback: 'too_expensive', comment: 'Money is tight' },
  })
  const confirmation = await waitForMail(
    email,
    30_000,
    (mail) => mail.subject === 'Your recurring gift has stopped',
  )
  expect(confirmation.text).toContain(appeal.title)
  await page.goto('/account')
  await expect(page.locator('.account-list li', { hasText: '$50.00 each month' })).toContainText(
    'No further payments.',
  )
})

test('a donor updates the card of a monthly gift on the hosted setup page', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'New card', currency: 'EUR', amountsMinor: [1_500] })
  const email = uniqueEmail('card')
  await giveMonthly(page, { slug: appeal.slug, email, amountLabel: /€15/ })
  const pledge = await monthlyPledgeOf(e2eDatabase.prisma, email)
  expect(await cardLast4Of(pledge.subscriptionId)).toBe('4242')

  const receipt = await waitForMail(email, 30_000, (mail) =>
    /\/account\/link\?token=/.test(mail.text ?? ''),
  )
  await page.goto(linkTo(receipt.text, '/account/link'))
  await openRecurringGift(page)
  await updateCard(page, { number: '5555 5555 5555 4444' })

  expect(await cardLast4Of(pledge.subscriptionId)).toBe('4444')
  const confirmation = await waitForMail(
    email,
    30_000,
    (mail) => mail.subject === 'Your card for your recurring gift has been updated',
  )
  expect(confirmation.text).toContain('4444')
  // Nothing was charged for saving the card.
  const gifts = await e2eDatabase.prisma.gift.count({ where: { pledgeId: pledge.id } })
  expect(gifts).toBe(1)
})
