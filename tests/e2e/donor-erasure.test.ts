// A donor erases their own details from the giving account, through the real app, worker,
// emulator and SMTP receiver, in English and in Korean. Each test gives to its own appeal with its
// own address, so parallel tests never see each other's gifts or mail.
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import { linkTo } from './donor-account.ts'
import { CARDS, fillDonateForm, payByCard } from './donor.ts'
import { giveMonthly, monthlyPledgeOf } from './recurring.ts'
import {
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from './fixtures.ts'

// Two card payments and mail from the worker on a busy 2-core machine.
test.beforeEach(() => test.slow())

test('a donor erases their details: the copy says what stays, the monthly gift stops, the email confirms', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Erase', currency: 'USD', amountsMinor: [2_500, 4_500] })
  const email = uniqueEmail('erase-en')
  await page.goto(`/campaigns/${appeal.slug}`)
  await fillDonateForm(page, { amountLabel: /\$45/, email })
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
  await giveMonthly(page, { slug: appeal.slug, email, amountLabel: /\$25/ })
  const monthly = await monthlyPledgeOf(e2eDatabase.prisma, email)
  const { donorId } = await e2eDatabase.prisma.pledge.findUniqueOrThrow({
    where: { id: monthly.id },
    select: { donorId: true },
  })

  const receipt = await waitForMail(email, 60_000, (m) => m.subject.startsWith('Your gift receipt'))
  await page.goto(linkTo(receipt.text, '/account/link'))
  await expect(page).toHaveURL(/\/account$/)
  await page.getByRole('link', { name: 'Erase my details' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erase my details')
  await expect(page.getByRole('heading', { name: 'What we keep, and why' })).toBeVisible()
  await expect(page.getByText(/each receipt's number/)).toBeVisible()
  await expect(page.getByText(/Any monthly or annual gift stops first/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  // Anything but the word is refused at the field, and nothing happens.
  await page.getByLabel('To confirm, type ERASE').fill('yes')
  await page.getByRole('button', { name: 'Erase my details' }).click()
  await expect(
    page.getByText('Type ERASE to confirm, or go back to keep your details'),
  ).toBeVisible()
  await expect(page.getByLabel('To confirm, type ERASE')).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('To confirm, type ERASE').fill('ERASE')
  await page.getByRole('button', { name: 'Erase my details' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your details are being erased')
  await expectNoSeriousA11yViolations(page)

  const told = await waitForMail(
    email,
    60_000,
    (m) => m.subject === 'Your details are being erased',
  )
  expect(told.text).toContain('each month to')
  // The worker finishes: the address is gone, the gifts and their amounts stay.
  await expect
    .poll(
      async () => (await e2eDatabase.prisma.donor.findUnique({ where: { id: donorId } }))?.erasedAt,
      { timeout: 60_000 },
    )
    .toBeTruthy()
  const donor = await e2eDatabase.prisma.donor.findUniqueOrThrow({ where: { id: donorId } })
  expect(donor).toMatchObject({ email: `erased-${donor.id}@erased.invalid`, name: null })
  const gifts = await e2eDatabase.prisma.gift.findMany({ where: { campaignId: appeal.id } })
  expect(gifts.map((gift) => gift.amountMinor).sort()).toEqual([2_500, 4_500])
  const subscription = await fetch(
    `${E2E_EMULATOR_URL}/v1/subscriptions/${monthly.subscriptionId}`,
    { headers: { Authorization: 'Bearer sk_test_e2e' } },
  )
  expect(await subscription.json()).toMatchObject({ status: 'canceled' })

  // Signed out, and the receipt's link no longer opens anything.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/account\/sign-in/)
  await page.goto(linkTo(receipt.text, '/account/link'))
  await expect(page).toHaveURL(/\/account\/sign-in\?notice=/)
})

test('the erasure page and its email speak Korean', async ({ page, newAppeal, e2eDatabase }) => {
  const appeal = await newAppeal({ label: 'Erase ko', currency: 'USD', amountsMinor: [2_500] })
  const email = uniqueEmail('erase-ko')
  await page.goto(`/campaigns/${appeal.slug}`)
  await fillDonateForm(page, { amountLabel: /\$25/, email })
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')

  const receipt = await waitForMail(email, 60_000, (m) => m.subject.startsWith('Your gift receipt'))
  await page.goto(linkTo(receipt.text, '/account/link'))
  await expect(page).toHaveURL(/\/account$/)
  await page.goto('/ko/account/erase')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('내 정보 삭제')
  await expect(page.getByRole('heading', { name: '보관하는 정보와 그 이유' })).toBeVisible()
  await expect(page.getByText(/영수증 번호는 보관합니다/)).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByLabel('확인을 위해 삭제를 입력하세요').fill('삭제')
  await page.getByRole('button', { name: '내 정보 삭제하기' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    '회원님의 정보를 삭제하고 있습니다',
  )

  const told = await waitForMail(
    email,
    60_000,
    (m) => m.subject === '회원님의 정보를 삭제하고 있습니다',
  )
  expect(told.text).toContain('영수증 번호')
  await expect
    .poll(
      async () =>
        (
          await e2eDatabase.prisma.donor.findFirst({
            where: { gifts: { some: { campaignId: appeal.id } } },
          })
        )?.erasedAt,
      { timeout: 60_000 },
    )
    .toBeTruthy()
})
