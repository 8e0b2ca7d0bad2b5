import { SEEDED, expect, expectNoSeriousA11yViolations, test } from './fixtures.ts'

test.describe('home page', () => {
  test('features one appeal and lists every fund with progress', async ({ page }) => {
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)
    // A CDN may keep it a second at most; a browser revalidates every time (totals stay fresh).
    expect(response?.headers()['cache-control']).toBe('public, max-age=0, s-maxage=1')

    const featured = page.getByRole('region', { name: /Safe passage/i })
    await expect(featured.getByText('Featured appeal')).toBeVisible()
    await expect(featured.getByRole('progressbar')).toBeVisible()
    await expect(featured.getByText(/raised of \$150,000 goal/)).toBeVisible()
    await expect(featured.getByText(/\d+ days left/)).toBeVisible()

    for (const fund of [
      'Nutrition',
      'Medical care',
      'Shelter',
      'Survivors of trafficking',
      'Resettlement',
    ]) {
      await expect(page.getByRole('heading', { level: 2, name: fund })).toBeVisible()
    }
    // Five seeded appeals besides the featured one (a manager test may publish one more meanwhile).
    const cards = page.getByRole('article')
    expect(await cards.count()).toBeGreaterThanOrEqual(5)
    for (const card of await cards.all()) {
      await expect(card.getByRole('progressbar')).toBeVisible()
      await expect(card.getByText(/\d+ donors?/)).toBeVisible()
    }
    // Drafts and archived appeals are not listed.
    await expect(page.getByText(/winter shelter/i)).toHaveCount(0)
  })

  test('the Donate button leads to the featured appeal', async ({ page }) => {
    await page.goto('/')
    await page
      .getByRole('link', { name: /^Donate/ })
      .first()
      .click()
    await expect(page).toHaveURL(new RegExp(`/campaigns/${SEEDED.featured}#give$`))
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Safe passage')
  })
})

test.describe('campaign page', () => {
  test('shows the story, progress and impact-tiered amounts', async ({ page }) => {
    const response = await page.goto(`/campaigns/${SEEDED.featured}`)
    expect(response?.status()).toBe(200)
    await expect(page.getByRole('progressbar')).toHaveAttribute('value', /^\d+$/)
    await expect(page.getByText(/raised of \$150,000 goal/)).toBeVisible()
    const amounts = page.getByRole('group', { name: 'Amount (USD)' }).getByRole('radio')
    await expect(amounts).toHaveCount(5)
    await expect(page.locator('.choice__impact')).toHaveCount(4)
    await expect(page.getByRole('radio', { name: /^\$\d+ / }).first()).toBeVisible()
    await expect(page.getByRole('button', { name: /^Donate \$\d+$/ })).toBeVisible()
    await expect(
      page.getByRole('heading', { level: 2, name: 'What a rescue involves' }),
    ).toBeVisible()
    const storyLink = page.locator('.prose a[href="/about"]')
    await expect(storyLink).toHaveAttribute('rel', 'noopener nofollow')
  })

  test('a KRW appeal shows whole won with no decimals', async ({ page }) => {
    await page.goto(`/campaigns/${SEEDED.krw}`)
    await expect(page.getByText(/raised of ₩30,000,000 goal/)).toBeVisible()
    const amounts = await page.locator('.choice__amount').filter({ hasText: '₩' }).allTextContents()
    expect(amounts.length).toBeGreaterThanOrEqual(3)
    for (const amount of amounts) expect(amount).toMatch(/^₩\d{1,3}(,\d{3})*$/)
  })

  for (const [kind, slug] of [
    ['unknown', 'no-such-appeal'],
    ['draft', SEEDED.draft],
    ['archived', SEEDED.archived],
  ] as const) {
    test(`an ${kind} slug is the site's 404 page`, async ({ page }) => {
      const response = await page.goto(`/campaigns/${slug}`)
      expect(response?.status()).toBe(404)
      expect(response?.headers()['cache-control']).toBe('no-store')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'We could not find that page',
      )
      await expect(page).toHaveTitle('We could not find that page · Lantern')
      await expect(page.getByRole('link', { name: 'Lantern home' })).toBeVisible()
    })
  }
})

test('malformed query strings never cause a server error', async ({ request }) => {
  for (const query of [
    '?%E0%A4%A',
    '?a[b][c][d]=1&a=2',
    '?page=-1&sort[$ne]=x',
    '?' + 'x='.repeat(2000),
  ]) {
    for (const path of ['/', `/campaigns/${SEEDED.featured}`, '/about']) {
      const response = await request.get(path + query)
      expect(response.status(), path + query).toBeLessThan(500)
    }
  }
})

test('client-side navigation works under the enforced CSP', async ({ page }) => {
  const response = await page.goto('/')
  const csp = response?.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("script-src 'self' 'nonce-")
  expect(response?.headers()['content-security-policy-report-only']).toBeUndefined()
  // The router exists only once the client bundle has run, i.e. the nonce'd scripts executed.
  await page.waitForFunction(() => '__remixRouter' in window)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'About' }).click()
  await expect(page).toHaveURL(/\/about$/)
  await expect(page.getByRole('heading', { level: 1, name: 'About us' })).toBeVisible()
})

test.describe('accessibility (axe, WCAG 2.2 AA): no serious or critical violations', () => {
  for (const path of [
    '/',
    `/campaigns/${SEEDED.featured}`,
    `/campaigns/${SEEDED.krw}`,
    `/campaigns/${SEEDED.gbp}`,
    '/about',
    '/privacy',
    '/campaigns/no-such-appeal',
  ]) {
    test(path, async ({ page }) => {
      await page.goto(path)
      await expectNoSeriousA11yViolations(page)
    })
  }
})
