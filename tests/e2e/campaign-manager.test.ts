import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { expect, expectNoSeriousA11yViolations, test, uniqueEmail } from './fixtures.ts'
import { signIn } from './staff.ts'

/** A JPEG with GPS tags, like a phone photo. */
function photo() {
  return sharp({ create: { width: 1200, height: 700, channels: 3, background: '#4a6b8a' } })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 53/1 0/1' } })
    .jpeg()
    .toBuffer()
}

type Appeal = { title: string; slug: string; suffix: string }

/** A draft appeal of its own for this test, through the staff pages, with one amount. */
async function draftAppeal(page: Page, label: string): Promise<Appeal> {
  const suffix = `${Date.now()}${Math.floor(Math.random() * 1e3)}`.slice(-8)
  const appeal = {
    title: `${label} ${suffix}`,
    slug: `${label.toLowerCase().replace(/\W+/g, '-')}-${suffix}`,
    suffix,
  }
  await signIn(page, 'CAMPAIGN_MANAGER', '/admin/campaigns/new')
  await page.getByLabel('Title', { exact: true }).fill(appeal.title)
  await page.getByLabel('Web address').fill(appeal.slug)
  await page.getByLabel('Summary', { exact: true }).fill('Winter coats for families on the move.')
  await page
    .getByLabel('Story (Markdown)')
    .fill('## Why coats\n\nYour gift keeps a family warm through the winter.')
  await page.getByLabel('Fund').selectOption('SHELTER')
  await page.getByLabel('Goal').fill('12,000')
  await page.getByLabel('Amount 1', { exact: true }).fill('75')
  await page.getByLabel('What amount 1 pays for', { exact: true }).fill('A winter coat')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('status')).toContainText('Saved')
  await expect(page.getByRole('heading', { level: 1, name: appeal.title })).toBeVisible()
  return appeal
}

async function openAppeal(page: Page, appeal: Appeal, tab: string) {
  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: appeal.title, exact: true }).click()
  await page.getByRole('link', { name: tab }).click()
}

async function publish(page: Page, appeal: Appeal) {
  await openAppeal(page, appeal, 'Publish and status')
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('Published.')
}

/** Archived again, so that the home page other tests read keeps to the seeded appeals. */
async function archive(page: Page, appeal: Appeal) {
  await openAppeal(page, appeal, 'Publish and status')
  await page.getByRole('button', { name: 'Archive' }).click()
  await expect(page.getByRole('status')).toContainText('Archived')
  expect((await page.goto(`/campaigns/${appeal.slug}?archived=1`))?.status()).toBe(404)
}

test('a campaign manager drafts an appeal with a live preview, impact amounts and a naming check', async ({
  page,
}) => {
  const suffix = `${Date.now()}`.slice(-6)
  const title = `Warm coats ${suffix}`
  await signIn(page, 'CAMPAIGN_MANAGER', '/admin/campaigns')
  await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'New campaign' }).click()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Web address').fill(`warm-coats-${suffix}`)
  await page.getByLabel('Summary', { exact: true }).fill('Winter coats for families on the move.')
  await page
    .getByLabel('Story (Markdown)')
    .fill(
      '## Why coats\n\nA mother and her two children crossed in deep snow. Your gift keeps a family warm.',
    )
  // The live preview renders the Markdown as it is typed.
  const live = page.getByRole('region', { name: 'Live preview' })
  await expect(live.getByRole('heading', { level: 2, name: 'Why coats' })).toBeVisible()
  await page.getByLabel('Fund').selectOption('SHELTER')
  await page.getByLabel('Goal').fill('12,000')
  await page.getByLabel('Amount 1', { exact: true }).fill('30')
  await page.getByLabel('What amount 1 pays for', { exact: true }).fill('A warm hat and gloves')
  for (const [index, amount, impact] of [
    [2, '75', 'A winter coat'],
    [3, '150', 'Coats for a family'],
  ] as const) {
    await page.getByRole('button', { name: 'Add an amount' }).click()
    await page.getByLabel(`Amount ${index}`, { exact: true }).fill(amount)
    await page.getByLabel(`What amount ${index} pays for`, { exact: true }).fill(impact)
  }
  await page.getByRole('button', { name: 'Preview story and check names' }).click()
  await expect(page.getByRole('heading', { name: 'Story preview' })).toBeVisible()
  await expect(page.getByText('The naming check found no names, places or dates.')).toBeVisible()
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('status')).toContainText('Saved')
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'Preview', exact: true }).click()
  await expect(page.getByRole('note').filter({ hasText: 'Preview' })).toBeVisible()
  await expect(page.locator('.choice__impact')).toHaveText([
    'A warm hat and gloves',
    'A winter coat',
    'Coats for a family',
  ])
})

test('a hero image loses its location details and the published appeal serves it as WebP', async ({
  page,
}) => {
  const appeal = await draftAppeal(page, 'Hero coats')
  await page.getByRole('link', { name: 'Hero image' }).click()
  await page.getByLabel('Image', { exact: true }).setInputFiles({
    name: 'coats.jpg',
    mimeType: 'image/jpeg',
    buffer: await photo(),
  })
  await page.getByLabel('Alt text (what the image shows)').fill('A pile of folded winter coats')
  await page.getByRole('button', { name: 'Save image' }).click()
  await expect(page.getByRole('status')).toContainText('Location and camera details were removed')
  await page.getByRole('link', { name: 'Preview', exact: true }).click()
  await expect(page.getByRole('img', { name: 'A pile of folded winter coats' })).toBeVisible()

  await publish(page, appeal)
  await page.goto('/')
  await page.getByRole('link', { name: appeal.title }).click()
  await expect(page).toHaveURL(new RegExp(`/campaigns/${appeal.slug}$`))
  const hero = page.getByRole('img', { name: 'A pile of folded winter coats' })
  await expect(hero).toBeVisible()
  const image = await page.request.get((await hero.getAttribute('src')) ?? '')
  expect(image.headers()['content-type']).toBe('image/webp')
  expect(image.headers()['cache-control']).toBe('public, max-age=3600, s-maxage=86400')
  expect(image.headers()['surrogate-key']).toMatch(/^campaign-\S+$/)
  await archive(page, appeal)
})

test('an update written in the staff pages appears on the appeal page once published', async ({
  page,
}) => {
  const appeal = await draftAppeal(page, 'Update coats')
  await publish(page, appeal)
  await openAppeal(page, appeal, 'Updates')
  await expect(page.getByRole('heading', { name: 'Write an update' })).toBeVisible()
  await page.getByLabel('Title', { exact: true }).fill('The first coats arrived')
  await page
    .getByLabel('Update (Markdown)')
    .fill('Forty coats reached the shelter this week. Thank you.')
  await page.getByRole('button', { name: 'Save draft update' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved as a draft.')
  await page.getByRole('button', { name: 'Publish The first coats arrived' }).click()
  await expect(page.getByRole('status')).toHaveText('Published on the appeal page.')
  await page.goto(`/campaigns/${appeal.slug}`)
  await expect(
    page.getByRole('heading', { level: 3, name: 'The first coats arrived' }),
  ).toBeVisible()
  await archive(page, appeal)
})

test("a donor's message waits for moderation, the dashboard counts the gift, approval shows it", async ({
  page,
}) => {
  const appeal = await draftAppeal(page, 'Message coats')
  const name = `Rosa${appeal.suffix}`
  await publish(page, appeal)

  await page.goto(`/campaigns/${appeal.slug}`)
  await page.getByRole('radio', { name: /\$75/ }).check()
  await page.getByText('Add a message, a dedication or your name on this page').click()
  await page.getByLabel('Show my name with my gift on this page').check()
  await page.getByLabel('Name to show (first name is enough)').fill(name)
  await page.getByLabel(/^Message to the appeal/).fill('Stay warm, friends.')
  await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('coats'))
  await page.getByRole('button', { name: /^Donate/ }).click()
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^(Donate|Pay)/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')

  // The appeal is this test's own, so its figures are exactly this one gift.
  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: `Dashboard of ${appeal.title}` }).click()
  await expect(page.getByRole('img', { name: /Raised per day in USD/ })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Key figures' })).toContainText('1 gifts')
  await expect(page.getByRole('table', { name: 'Currency split' })).toContainText('USD')
  await expect(page.getByRole('table', { name: 'One-time and monthly gifts' })).toContainText(
    '(USD)',
  )
  await expectNoSeriousA11yViolations(page)

  await page.goto('/admin/moderation')
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: `Approve the message from ${name}` }).click()
  await expect(page.getByRole('button', { name: `Approve the message from ${name}` })).toHaveCount(
    0,
  )
  // A fresh URL: the browser may keep the public page for its max-age (60 s).
  await page.goto(`/campaigns/${appeal.slug}?moderated=1`)
  const messages = page.getByRole('region', { name: 'Words from donors' })
  await expect(messages.getByText('Stay warm, friends.')).toBeVisible()
  await expect(messages.getByText(new RegExp(name))).toBeVisible()
  await archive(page, appeal)
})

test('a finance user cannot reach campaign editing', async ({ page }) => {
  await signIn(page, 'FINANCE')
  const response = await page.goto('/admin/campaigns/new')
  expect(response?.status()).toBe(403)
})
