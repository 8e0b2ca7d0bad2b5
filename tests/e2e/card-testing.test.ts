// The card-testing defences in the browser: the proof-of-work check runs in the page under our
// CSP (the fixtures fail a test on any violation), a donor without JavaScript is told calmly why
// the check needs it, and a paused appeal says so in both languages.
import { expect, test, uniqueEmail, type E2eDatabase } from './fixtures.ts'

const FIFTEEN_MINUTES_MS = 15 * 60_000

function raiseRisk(db: E2eDatabase, campaignId: string) {
  return db.prisma.givingGuard.create({
    data: {
      scope: `appeal:${campaignId}`,
      challengeUntil: new Date(Date.now() + FIFTEEN_MINUTES_MS),
    },
  })
}

test('when risk is raised, the page solves the check itself and the gift goes to Checkout', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Check', currency: 'USD', amountsMinor: [2500, 4500] })
  await raiseRisk(e2eDatabase, appeal.id)
  const spentBefore = await e2eDatabase.prisma.spentChallenge.count()
  await page.goto(`/campaigns/${appeal.slug}`)
  await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('check'))
  const challenge = page.waitForResponse((r) => r.url().includes('/donate/challenge'))
  await page.getByRole('button', { name: /^Donate/ }).click()
  expect((await challenge).headers()['cache-control']).toBe('no-store')
  // The browser solves the puzzle (up to GIVING_CHALLENGE_MAX_NUMBER hashes), then posts and is
  // sent to Checkout: seconds on a busy 2-core machine, so more than the default 5 s wait.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Donate', { timeout: 30_000 })
  await expect(page.getByText('$45.00', { exact: true })).toBeVisible()
  expect(await e2eDatabase.prisma.spentChallenge.count()).toBeGreaterThan(spentBefore)
})

for (const { path, email, expected } of [
  { path: '', email: 'Email (for your receipt)', expected: /needs JavaScript/ },
  { path: '/ko', email: /이메일/, expected: /자바스크립트가 필요/ },
]) {
  test(`without JavaScript${path ? ` (${path})` : ''}: gives when risk is normal, is told why when it is raised`, async ({
    browser,
    newAppeal,
    e2eDatabase,
  }) => {
    const appeal = await newAppeal({
      label: 'NoScript',
      currency: 'USD',
      amountsMinor: [2500, 4500],
    })
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const give = async () => {
      await page.goto(`${path}/campaigns/${appeal.slug}`)
      await page.getByLabel(email).first().fill(uniqueEmail('noscript'))
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: /^Donate|후원/ }).click(),
      ])
      return response
    }
    expect((await give()).status()).toBe(303)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Donate|후원/)

    await raiseRisk(e2eDatabase, appeal.id)
    expect((await give()).status()).toBe(400)
    await expect(page.getByRole('alert')).toContainText(expected)
    await context.close()
  })
}

test('a paused appeal says so calmly, in English and Korean, and shows no donate form', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Paused', currency: 'USD', amountsMinor: [2500] })
  await e2eDatabase.prisma.givingGuard.create({
    data: { scope: `appeal:${appeal.id}`, pausedByStaff: true },
  })
  await page.goto(`/campaigns/${appeal.slug}`)
  await expect(page.getByRole('status')).toContainText('Giving is paused for a little while')
  await expect(page.getByRole('button', { name: /^Donate/ })).toHaveCount(0)
  await page.goto(`/ko/campaigns/${appeal.slug}`)
  await expect(page.getByRole('status')).toContainText('잠시 후원을 멈추었습니다')
})
