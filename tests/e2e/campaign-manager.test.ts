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

test('a campaign manager creates, previews and publishes an appeal, posts an update and approves a donor message', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const suffix = `${Date.now()}`.slice(-6)
  const title = `Warm coats ${suffix}`
  const slug = `warm-coats-${suffix}`
  await signIn(page, 'CAMPAIGN_MANAGER', '/admin/campaigns')
  await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.getByRole('link', { name: 'New campaign' }).click()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Web address').fill(slug)
  await page.getByLabel('Summary').fill('Winter coats for families on the move.')
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
  await page.getByLabel('What amount 1 pays for').fill('A warm hat and gloves')
  for (const [index, amount, impact] of [
    [2, '75', 'A winter coat'],
    [3, '150', 'Coats for a family'],
  ] as const) {
    await page.getByRole('button', { name: 'Add an amount' }).click()
    await page.getByLabel(`Amount ${index}`, { exact: true }).fill(amount)
    await page.getByLabel(`What amount ${index} pays for`).fill(impact)
  }
  await page.getByRole('button', { name: 'Preview story and check names' }).click()
  await expect(page.getByRole('heading', { name: 'Story preview' })).toBeVisible()
  await expect(page.getByText('The naming check found no names, places or dates.')).toBeVisible()
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('status')).toContainText('Saved')
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

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
  await expect(page.getByRole('note').filter({ hasText: 'Preview' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('img', { name: 'A pile of folded winter coats' })).toBeVisible()
  await expect(page.locator('.choice__impact')).toHaveText([
    'A warm hat and gloves',
    'A winter coat',
    'Coats for a family',
  ])

  await page.getByRole('link', { name: 'Publish and status' }).click()
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('Published.')

  await page.goto('/')
  await page.getByRole('link', { name: title }).click()
  await expect(page).toHaveURL(new RegExp(`/campaigns/${slug}$`))
  const hero = page.getByRole('img', { name: 'A pile of folded winter coats' })
  await expect(hero).toBeVisible()
  const image = await page.request.get((await hero.getAttribute('src')) ?? '')
  expect(image.headers()['content-type']).toBe('image/webp')
  expect(image.headers()['cache-control']).toBe('public, max-age=31536000, immutable')

  // An update, written and published from the staff pages.
  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: title, exact: true }).click()
  await page.getByRole('link', { name: 'Updates' }).click()
  await expect(page.getByRole('heading', { name: 'Write an update' })).toBeVisible()
  await page.getByLabel('Title').fill('The first coats arrived')
  await page
    .getByLabel('Update (Markdown)')
    .fill('Forty coats reached the shelter this week. Thank you.')
  await page.getByRole('button', { name: 'Save draft update' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved as a draft.')
  await page.getByRole('button', { name: 'Publish The first coats arrived' }).click()
  await expect(page.getByRole('status')).toHaveText('Published on the appeal page.')

  // A donor gives with a message; it waits for moderation.
  await page.goto(`/campaigns/${slug}`)
  await expect(
    page.getByRole('heading', { level: 3, name: 'The first coats arrived' }),
  ).toBeVisible()
  await page.getByRole('radio', { name: /\$75/ }).check()
  await page.getByText('Add a message, a dedication or your name on this page').click()
  await page.getByLabel('Show my name with my gift on this page').check()
  await page.getByLabel('Name to show (first name is enough)').fill(`Rosa${suffix}`)
  await page
    .getByLabel('Message to the appeal (shown after we review it)')
    .fill('Stay warm, friends.')
  await page.getByLabel('Email (for your receipt)').fill(uniqueEmail('coats'))
  await page.getByRole('button', { name: /^Donate/ }).click()
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByLabel('Expiry date (MM / YY)').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: /^(Donate|Pay)/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')

  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: `Dashboard of ${title}` }).click()
  await expect(page.getByRole('img', { name: /Raised per day in USD/ })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Key figures' })).toContainText('1 gifts')
  await expect(page.getByRole('table', { name: 'Currency split' })).toContainText('USD')
  await expect(page.getByRole('table', { name: 'One-time and monthly gifts' })).toContainText(
    '(USD)',
  )
  await expectNoSeriousA11yViolations(page)

  await page.goto('/admin/moderation')
  await expectNoSeriousA11yViolations(page)
  await page.getByRole('button', { name: `Approve the message from Rosa${suffix}` }).click()
  await expect(
    page.getByRole('button', { name: `Approve the message from Rosa${suffix}` }),
  ).toHaveCount(0)
  // A fresh URL: the browser may keep the public page for its max-age (60 s).
  await page.goto(`/campaigns/${slug}?moderated=1`)
  const messages = page.getByRole('region', { name: 'Words from donors' })
  await expect(messages.getByText('Stay warm, friends.')).toBeVisible()
  await expect(messages.getByText(new RegExp(`Rosa${suffix}`))).toBeVisible()

  // Archived again, so other tests see the seeded home page.
  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: title, exact: true }).click()
  await page.getByRole('link', { name: 'Publish and status' }).click()
  await page.getByRole('button', { name: 'Archive' }).click()
  await expect(page.getByRole('status')).toContainText('Archived')
  expect((await page.goto(`/campaigns/${slug}?archived=1`))?.status()).toBe(404)
})

test('a finance user cannot reach campaign editing', async ({ page }) => {
  await signIn(page, 'FINANCE')
  const response = await page.goto('/admin/campaigns/new')
  expect(response?.status()).toBe(403)
})
