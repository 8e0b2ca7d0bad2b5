// A donor reading Korean manages their giving in Korean: the account, a monthly gift's page, its
// field errors and confirmations, the card update on Checkout, and the email preferences.
import { linkTo } from './donor-account.ts'
import { CARDS, payByCard } from './donor.ts'
import {
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from './fixtures.ts'
import { cardLast4Of, monthlyPledgeOf, stripeObject } from './recurring.ts'

// A Checkout payment, a setup session and the emails they cause, on a busy 2-core machine.
test.setTimeout(120_000)

test('a Korean donor manages a monthly gift in Korean, card update included', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({
    label: 'Won monthly',
    currency: 'KRW',
    amountsMinor: [10_000, 30_000],
  })
  const koreanTitle = `매월 구출 ${appeal.slug.slice(-8)}`
  await e2eDatabase.prisma.campaignTranslation.create({
    data: { campaignId: appeal.id, locale: 'ko', title: koreanTitle, summary: '요약', story: '' },
  })

  // A monthly gift given in Korean.
  const email = uniqueEmail('seoul-monthly')
  await page.goto(`/ko/campaigns/${appeal.slug}`)
  await page.getByRole('radio', { name: /₩30,000/ }).check()
  await page.getByRole('radio', { name: '매월', exact: true }).check()
  await page.getByLabel('이메일 (영수증을 보내 드립니다)').fill(email)
  await page.getByRole('button', { name: '매월 ₩30,000 후원하기' }).click()
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/)
  await payByCard(page, CARDS.ok)
  await expect(page).toHaveURL(/\/ko\/donate\/thanks\?session_id=cs_test_/)
  const pledge = await monthlyPledgeOf(e2eDatabase.prisma, email)

  // The receipt's link signs in to the Korean account.
  const receipt = await waitForMail(email, 60_000, (mail) =>
    /\/ko\/account\/link\?token=/.test(mail.text ?? ''),
  )
  await page.goto(linkTo(receipt.text, '/ko/account/link'))
  await expect(page).toHaveURL(/\/ko\/account$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('나의 후원')
  await expect(page).toHaveTitle('나의 후원 · Lantern')
  const row = page.locator('.account-table tbody tr')
  await expect(async () => {
    await page.reload()
    await expect(row).toHaveCount(1, { timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expect(row).toContainText('₩30,000')
  await expect(row).toContainText('결제 완료')
  await expect(row.getByRole('link', { name: koreanTitle })).toHaveAttribute(
    'href',
    `/ko/campaigns/${appeal.slug}`,
  )
  const monthly = page.locator('.account-list li', { hasText: '매월 ₩30,000' })
  await expect(monthly).toContainText(koreanTitle)
  await expect(monthly).toContainText('다음 결제일:')
  await expectNoSeriousA11yViolations(page)

  // The gift's own page: Korean headings, a Korean field error, a Korean confirmation.
  await monthly.getByRole('link', { name: '이 후원 관리하기' }).click()
  await expect(page).toHaveURL(new RegExp(`/ko/account/monthly/${pledge.id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${koreanTitle}에 매월 ₩30,000`)
  await page.getByLabel('매월 새 금액 (KRW)').fill('삼만')
  await page.getByRole('button', { name: '금액 변경하기' }).click()
  await expect(page.locator('#amount-error')).toHaveText('금액은 숫자로만 입력해 주세요')
  await page.getByLabel('매월 새 금액 (KRW)').fill('20000')
  await page.getByRole('button', { name: '금액 변경하기' }).click()
  await expect(page.getByRole('status')).toContainText('후원 금액은 ₩20,000입니다.')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${koreanTitle}에 매월 ₩20,000`)
  await expectNoSeriousA11yViolations(page)

  // The card update opens Checkout in Korean and comes back to the Korean page.
  await page.getByRole('button', { name: '카드 업데이트하기' }).click()
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/)
  const setupSession = /\/c\/pay\/(cs_test_\w+)/.exec(page.url())?.[1]
  expect(await stripeObject(`checkout/sessions/${setupSession}`)).toMatchObject({
    mode: 'setup',
    locale: 'ko',
    success_url: expect.stringContaining(`/ko/account/monthly/${pledge.id}?card_session=`),
  })
  await page.getByLabel('Card number').fill('5555 5555 5555 4444')
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^Save card/ }).click()
  await expect(page).toHaveURL(new RegExp(`/ko/account/monthly/${pledge.id}\\?card_session=cs_`))
  await expect(page.getByRole('status')).toHaveText('새 카드가 이 후원에 저장되었습니다.')
  expect(await cardLast4Of(pledge.subscriptionId)).toBe('4444')

  // Email preferences in Korean.
  await page.goto('/ko/account/preferences')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('이메일 설정')
  await page.getByRole('radio', { name: '캠페인 소식을 받지 않겠습니다' }).check()
  await page.getByRole('button', { name: '저장' }).click()
  await expect(page.getByRole('status')).toHaveText('저장되었습니다.')
  await page.goto('/ko/account')
  await expect(page.getByText('캠페인 소식을 받지 않습니다.')).toBeVisible()

  // Signing out from the Korean page ends on the Korean sign-in page.
  await page.getByRole('button', { name: '로그아웃', exact: true }).click()
  await expect(page).toHaveURL(/\/ko\/account\/sign-in\?notice=signed-out$/)
})
