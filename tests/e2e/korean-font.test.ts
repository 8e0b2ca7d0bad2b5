// Korean pages fetch Lantern's own Korean face from our origin; English pages fetch at most the
// tiny face for the language switch's "한국어" (decision 0019). The test browser has no CJK
// font installed, like the devices this is for.
import type { Page, Response } from '@playwright/test'
import { SEEDED, expect, test } from './fixtures.ts'

type FontFetch = { url: URL; status: number; headers: Record<string, string> }

/** Opens `path` and returns every font the page fetched once its fonts have loaded. */
async function fontsFetchedBy(page: Page, path: string): Promise<FontFetch[]> {
  const fonts: Response[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'font') fonts.push(response)
  })
  const response = await page.goto(path)
  expect(response?.status()).toBe(200)
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  return fonts.map((font) => ({
    url: new URL(font.url()),
    status: font.status(),
    headers: font.headers(),
  }))
}

/**
 * The fonts Chromium drew an element's text with, and how many glyphs each: a fetched font
 * that the font stack never reaches would still leave boxes on the screen.
 */
async function fontsDrawing(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  const { root } = await cdp.send('DOM.getDocument')
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts
}

const hangulIn = (text: string) =>
  [...text].filter((char) => /\p{Script=Hangul}/u.test(char)).length

// Each test waits for ~350 KB of fonts on a machine that may be busy.
test.describe.configure({ timeout: 90_000 })

const faceOf = (fetch: FontFetch) =>
  /\/fonts\/lantern-korean-(\w+-\d+)\.[0-9a-f]{10}\.woff2$/.exec(fetch.url.pathname)?.[1]

test('a Korean page fetches the common Korean face, both weights, from our own origin', async ({
  page,
  baseURL,
}) => {
  const fonts = await fontsFetchedBy(page, `/ko/campaigns/${SEEDED.featured}`)
  // The header is Korean on every Korean page, whatever the appeal's own text.
  const about = page
    .getByRole('navigation', { name: '주 메뉴' })
    .getByRole('link', { name: '소개' })
  await expect(about).toBeVisible()
  const drawn = (await fontsDrawing(page, '.nav-list a[href="/ko/about"]')).filter(
    (font) => font.isCustomFont,
  )
  expect(drawn.map((font) => font.familyName)).toEqual(['Noto Sans KR'])
  expect(drawn[0]?.glyphCount).toBe(hangulIn(await about.innerText()))

  const faces = fonts.map(faceOf)
  expect(faces).toEqual(expect.arrayContaining(['common-400', 'common-700']))
  expect(faces).not.toContain('rare-400')
  expect(faces).not.toContain('rare-700')
  for (const font of fonts) {
    expect(font.url.origin).toBe(new URL(baseURL ?? '').origin)
    expect(font.status).toBe(200)
    expect(font.headers['content-type']).toBe('font/woff2')
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  }
  const loaded = await page.evaluate(() =>
    [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.display),
  )
  expect(loaded.length).toBeGreaterThanOrEqual(2)
  expect(new Set(loaded)).toEqual(new Set(['swap']))
})

test('an English page fetches no Korean face but the switch label one', async ({ page }) => {
  const fonts = await fontsFetchedBy(page, `/campaigns/${SEEDED.featured}`)
  await expect(page.getByRole('link', { name: '한국어' })).toBeVisible()
  expect(fonts.map(faceOf)).toEqual(['labels-400'])
  expect(fonts[0]?.headers['content-length']).toMatch(/^\d{3,4}$/)
})

test('a syllable outside the common set makes the page fetch the rare face', async ({
  page,
  newAppeal,
}) => {
  // 똠 is one of the syllables KS X 1001 lacks, as a manager's text or a donor's name may use.
  const appeal = await newAppeal({ label: 'Rescue 똠', currency: 'USD', amountsMinor: [2500] })
  const fonts = await fontsFetchedBy(page, `/ko/campaigns/${appeal.slug}`)
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toContainText('똠')
  const rare = fonts.find((font) => faceOf(font) === 'rare-700')
  expect(rare?.status).toBe(200)
  // Every syllable is drawn by our faces, none left to a box.
  const drawn = (await fontsDrawing(page, 'main h1')).filter((font) => font.isCustomFont)
  const glyphs = drawn.reduce((sum, font) => sum + font.glyphCount, 0)
  expect(glyphs).toBe(hangulIn(await heading.innerText()))
})
