// The public pages in Korean: /ko is the Korean site, links keep a Korean reader on /ko, the
// language switch keeps the appeal (and its query string), and a browser that prefers Korean is
// offered the Korean page on an English one, never redirected.
import { CARDS, fillDonateForm, payByCard } from './donor.ts'
import { SEEDED, expect, expectNoSeriousA11yViolations, test, uniqueEmail } from './fixtures.ts'

const APPEAL = `/campaigns/${SEEDED.featured}`

test('a visitor opening /ko sees the Korean home page, linking to Korean appeals', async ({
  page,
}) => {
  const response = await page.goto('/ko')
  expect(response?.status()).toBe(200)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page).toHaveTitle('Lantern: 북한 난민에게 안전하게 기부하세요')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('안전으로 가는 길을 밝혀 주세요')

  const featured = page.getByRole('region', { name: /Safe passage/i })
  await expect(featured.getByText('주요 캠페인 · 구출')).toBeVisible()
  await expect(featured.getByText(/^목표 US\$150,000 중 US\$[\d,.]+ 모금$/)).toBeVisible()
  await expect(featured.getByText(/^\d+일 남음$/)).toBeVisible()
  await expect(featured.getByRole('link', { name: /기부하기$/ })).toHaveAttribute(
    'href',
    `/ko${APPEAL}#give`,
  )
  for (const fund of ['영양 지원', '의료 지원', '쉼터', '인신매매 피해 여성 지원', '정착 지원'])
    await expect(page.getByRole('heading', { level: 2, name: fund })).toBeVisible()
  for (const card of await page.getByRole('article').all()) {
    await expect(card.getByText(/^기부자 [\d,]+명$/)).toBeVisible()
    await expect(card.getByRole('link')).toHaveAttribute('href', /^\/ko\/campaigns\//)
  }
  await expect(page.getByText(/raised of|donors?\b|days left/)).toHaveCount(0)
})

test('a Korean appeal page: Korean chrome, Korean lang, canonical and hreflang links', async ({
  page,
}) => {
  const response = await page.goto(`/ko${APPEAL}?utm_source=kakao`)
  expect(response?.status()).toBe(200)
  const origin = new URL(page.url()).origin
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page.getByRole('heading', { level: 2, name: '이 캠페인에 기부하기' })).toBeVisible()
  await expect(page.getByRole('progressbar')).toHaveAccessibleName(/: 목표의 \d+%$/)
  await expect(page.getByText(/^\d+% 달성$/)).toBeVisible()

  // The canonical address drops the query string; every language and x-default are listed.
  const head = page.locator('head')
  await expect(head.locator('link[rel="canonical"]')).toHaveAttribute(
    'href',
    `${origin}/ko${APPEAL}`,
  )
  await expect(head.locator('link[rel="alternate"][hreflang="ko"]')).toHaveAttribute(
    'href',
    `${origin}/ko${APPEAL}`,
  )
  await expect(head.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute(
    'href',
    `${origin}${APPEAL}`,
  )
  await expect(head.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
    'href',
    `${origin}${APPEAL}`,
  )
  // The donate form posts to the Korean page, so its answer (errors, Checkout) stays Korean.
  await expect(page.locator('form.donate-form')).toHaveAttribute(
    'action',
    new RegExp(`^/ko${APPEAL}(\\?|$)`),
  )
  // Header links keep the reader on Korean pages.
  const nav = page.getByRole('navigation', { name: '주 메뉴' })
  await expect(nav.getByRole('link', { name: '소개' })).toHaveAttribute('href', '/ko/about')
})

test('the language switch leads to the same appeal in English, query string kept', async ({
  page,
}) => {
  await page.goto(`/ko${APPEAL}?utm_source=kakao&utm_medium=chat`)
  const title = await page.getByRole('heading', { level: 1 }).textContent()
  await page
    .getByRole('navigation', { name: '언어' })
    .getByRole('link', { name: 'English' })
    .click()
  await expect(page).toHaveURL(new RegExp(`${APPEAL}\\?utm_source=kakao&utm_medium=chat$`))
  expect(new URL(page.url()).pathname).toBe(APPEAL)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title ?? '')
  await expect(page.getByRole('heading', { level: 2, name: 'Give to this appeal' })).toBeVisible()
})

test('a page missing under /ko is the Korean 404 page', async ({ page }) => {
  const response = await page.goto('/ko/campaigns/no-such-appeal')
  expect(response?.status()).toBe(404)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page).toHaveTitle('페이지를 찾을 수 없습니다 · Lantern')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다')
  await expect(page.getByRole('link', { name: '진행 중인 캠페인 보기' })).toHaveAttribute(
    'href',
    '/ko',
  )
})

test('a Korean donor’s thank-you page is Korean, with the amount in Korean format', async ({
  page,
  newAppeal,
}) => {
  test.slow(true, 'a Checkout payment on a busy machine')
  const appeal = await newAppeal({
    label: 'Korean thanks',
    currency: 'KRW',
    amountsMinor: [30_000],
  })
  // The donate form's own language is tested with it; here the gift only has to arrive.
  await page.goto(`/campaigns/${appeal.slug}`)
  await fillDonateForm(page, { amountLabel: /₩30,000/, email: uniqueEmail('korean-thanks') })
  await payByCard(page, CARDS.ok)
  await expect(page).toHaveURL(/\/donate\/thanks\?session_id=cs_test_/)
  // The thank-you page under /ko, where a Korean donor's Checkout returns them.
  const session = new URL(page.url()).searchParams.get('session_id') ?? ''
  await page.goto(`/ko/donate/thanks?session_id=${session}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('기부해 주셔서 감사합니다')
  await expect(page.locator('.lede')).toHaveText(
    `${appeal.title}에 보내 주신 ₩30,000 기부가 잘 도착했습니다. 영수증은 이메일로 보내 드리고 있습니다.`,
  )
  await expect(page.locator('.lede').getByRole('link')).toHaveAttribute(
    'href',
    `/ko/campaigns/${appeal.slug}`,
  )
  await expect(page.getByRole('textbox', { name: '이 캠페인의 링크' })).toHaveValue(
    new RegExp(`/ko/campaigns/${appeal.slug}$`),
  )
  await expect(page.getByText('기부자 1명')).toBeVisible()
})

test.describe('accessibility of Korean pages (axe, WCAG 2.2 AA)', () => {
  for (const path of ['/ko', `/ko${APPEAL}`]) {
    test(path, async ({ page }) => {
      await page.goto(path)
      await expectNoSeriousA11yViolations(page)
    })
  }
})

test.describe('a first visit from a browser that prefers Korean', () => {
  test.use({ locale: 'ko-KR' })

  test('is offered the Korean page, and never redirected', async ({ page, request }) => {
    const response = await page.goto(`${APPEAL}?utm_source=kakao`)
    expect(response?.status()).toBe(200)
    expect(response?.request().redirectedFrom()).toBeNull()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    const offer = page.getByRole('complementary').filter({ hasText: '한국어로도 볼 수 있습니다' })
    await expect(offer).toBeVisible()
    await expect(offer.getByRole('link', { name: '한국어로 보기' })).toHaveAttribute(
      'href',
      `/ko${APPEAL}?utm_source=kakao`,
    )
    // A crawler sending the same Accept-Language gets the English page itself.
    const crawled = await request.get(APPEAL, {
      headers: { 'Accept-Language': 'ko-KR,ko;q=0.9' },
      maxRedirects: 0,
    })
    expect(crawled.status()).toBe(200)
    expect(await crawled.text()).toContain('<html lang="en">')
  })
})

test.describe('a first visit from a browser that prefers English', () => {
  test.use({ locale: 'en-US' })

  test('is not offered Korean on an English page', async ({ page }) => {
    // Positive control: in this browser the offer works (a Korean page offers English)...
    await page.goto('/ko/about')
    await expect(page.getByRole('complementary')).toContainText('This page is also in English.')
    // ...but an English page offers nothing, also after a client-side navigation re-checks it.
    await page.goto(APPEAL)
    await page.waitForFunction(() => '__remixRouter' in window)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'About' })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'About us' })).toBeVisible()
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    )
    await expect(page.locator('.language-suggestion')).toHaveCount(0)
  })
})
