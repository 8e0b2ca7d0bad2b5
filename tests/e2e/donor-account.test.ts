// The donor's giving account through the real app, emulator and SMTP receiver. Gifts go to an
// appeal no other browser test gives to (its totals are checked by nobody), one donor email per
// test, so tests running in parallel cannot see each other's mail.
import type { Page } from '@playwright/test'
import { signInDonorByEmail, linkTo } from './donor-account.ts'
import { CARDS, payByCard } from './donor.ts'
import {
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  waitForMail,
} from './fixtures.ts'
import { signIn } from './staff.ts'

const APPEAL = 'new-start-in-south-korea'
const APPEAL_TITLE = 'A new start in South Korea: learning, work and belonging'

// Each test pays through Checkout at least once and waits for mail sent by the worker: on a busy
// 2-core machine that alone took most of the default 30 s.
test.beforeEach(() => test.slow())

async function give(page: Page, email: string, options: { updates?: boolean } = {}) {
  await page.goto(`/campaigns/${APPEAL}`)
  await page.getByRole('radio', { name: /¥5,000/ }).check()
  if (options.updates) await page.getByLabel('Email me updates about this appeal').check()
  await page.getByLabel('Email (for your receipt)').fill(email)
  await page.getByRole('button', { name: /^Donate/ }).click()
  await payByCard(page, CARDS.ok)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
}

function receiptOf(email: string) {
  return waitForMail(email, 30_000, (m) => m.subject.startsWith('Your gift receipt'))
}

test('a donor gives once, signs in from the receipt link, sees the gift and downloads the receipt', async ({
  page,
}) => {
  const email = uniqueEmail('account')
  await give(page, email)
  const receipt = await receiptOf(email)
  const link = linkTo(receipt.text, '/account/link')

  await page.goto(link)
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: APPEAL_TITLE })
  await expect(row).toContainText('¥5,000')
  await expect(row).toContainText('Paid')
  await expectNoSeriousA11yViolations(page)

  const download = page.waitForEvent('download')
  await row.getByRole('link', { name: /Receipt .* \(PDF\)/ }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^LAN-\d{4}-\d{6}\.pdf$/)
  const { readFile } = await import('node:fs/promises')
  const bytes = await readFile((await file.path()) as string)
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
})

test('a donor signs in by email link; the link works once; sign-out ends the session', async ({
  page,
}) => {
  const email = uniqueEmail('email-link')
  await give(page, email)
  await page.context().clearCookies()
  const link = await signInDonorByEmail(page, email)

  const response = await page.request.get('/account')
  expect(response.headers()['cache-control']).toContain('no-store')
  expect(response.headers()['referrer-policy']).toBe('no-referrer')

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('You are signed out.')
  await page.goto('/account')
  await expect(page).toHaveURL(/\/account\/sign-in\?redirectTo=%2Faccount$/)

  // The same link again: refused, with a clear message, and no session.
  await page.goto(link)
  await expect(page.getByRole('status')).toContainText('That sign-in link was already used.')
  await expect(page).toHaveURL(/\/account\/sign-in\?notice=used$/)
})

test("another donor's receipt id gives 404", async ({ page, browser }) => {
  const mine = uniqueEmail('mine')
  const theirs = uniqueEmail('theirs')
  await give(page, theirs)
  await page.goto(linkTo((await receiptOf(theirs)).text, '/account/link'))
  const theirReceipt = await page
    .getByRole('link', { name: /Receipt .* \(PDF\)/ })
    .getAttribute('href')
  expect(theirReceipt).toMatch(/^\/account\/receipts\/.+\.pdf$/)

  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await give(otherPage, mine)
  await otherPage.goto(linkTo((await receiptOf(mine)).text, '/account/link'))
  await expect(otherPage.getByText(`Signed in as ${mine}`)).toBeVisible()
  const response = await otherPage.request.get(theirReceipt as string)
  expect(response.status()).toBe(404)
  await other.close()
})

test('one-click unsubscribe stops update emails', async ({ page, browser, request }) => {
  const leaving = uniqueEmail('leaving')
  const staying = uniqueEmail('staying')
  const donors = await browser.newContext()
  const donorPage = await donors.newPage()
  await give(donorPage, leaving, { updates: true })
  await give(donorPage, staying, { updates: true })
  await donors.close()

  /** Writes, publishes and emails an update; answers how many donors it was queued for. */
  const emailUpdate = async (title: string) => {
    await signIn(page, 'CAMPAIGN_MANAGER', '/admin/campaigns')
    await page.getByRole('link', { name: APPEAL_TITLE, exact: true }).click()
    await page.getByRole('link', { name: 'Updates' }).click()
    // The appeal's own form also has a "Title": wait for the update form before typing.
    await expect(page.getByRole('heading', { name: 'Write an update' })).toBeVisible()
    await page.getByLabel('Title', { exact: true }).fill(title)
    await page.getByLabel('Update (Markdown)').fill('The evening classes started this week.')
    await page.getByRole('button', { name: 'Save draft update' }).click()
    await expect(page.getByRole('status')).toHaveText('Saved as a draft.')
    await page.getByRole('button', { name: `Publish ${title}` }).click()
    await expect(page.getByRole('status')).toHaveText('Published on the appeal page.')
    await page
      .getByRole('button', { name: `Email to donors who asked for updates (${title})` })
      .click()
    await expect(page).toHaveURL(/done=email/)
    return new URL(page.url()).searchParams.get('recipients')
  }

  const first = `Classes ${Date.now()}`
  expect(await emailUpdate(first)).toBe('2')
  const update = await waitForMail(leaving, 30_000, (m) => m.subject.startsWith(first))
  expect(update.headers.get('list-unsubscribe-post')?.[0]).toBe('List-Unsubscribe=One-Click')
  const url = /^<([^>]+)>$/.exec(update.headers.get('list-unsubscribe')?.[0] ?? '')?.[1] ?? ''
  expect(url).toMatch(/\/email\/unsubscribe\?token=/)

  // What a mail client sends (RFC 8058): a POST with this body, no cookie, no Origin.
  const response = await request.post(url, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: 'List-Unsubscribe=One-Click',
  })
  expect(response.status()).toBe(200)

  const second = `Jobs ${Date.now()}`
  expect(await emailUpdate(second)).toBe('1')
  await waitForMail(staying, 30_000, (m) => m.subject.startsWith(second))
  // The job's one loop has sent the update to everyone by now: one look, no waiting.
  await expect(waitForMail(leaving, 0, (m) => m.subject.startsWith(second))).rejects.toThrow(
    /no email/,
  )
})
