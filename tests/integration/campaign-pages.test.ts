// Public campaign pages as staff content reaches them, through the production build's request
// handler (run `npm run build` first): script in a story, an update or a donor message stays
// inert; renamed appeals answer 301; the widget and hero images answer with the right headers;
// Korean pages (/ko) speak Korean around the content and keep their links in Korean.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { reloadEnv } from '#app/utils/env.server.ts'
import { storeHeroImage } from '#app/modules/campaigns/hero-image.server.ts'
import { createCampaign, createPledge } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const BUILD = path.resolve('build/remix/index.js')
const ORIGIN = 'http://lantern.test'
const XSS = [
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '"><svg onload=alert(1)>',
]

let handle: ReturnType<typeof createRequestHandler>
let uploads: string

beforeAll(async () => {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  uploads = await mkdtemp(path.join(tmpdir(), 'lantern-pages-'))
  process.env.UPLOADS_DIR = uploads
  reloadEnv()
  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  handle = createRequestHandler(build, 'test')
})
afterAll(async () => {
  await rm(uploads, { recursive: true, force: true })
  delete process.env.UPLOADS_DIR
  reloadEnv()
})

setupTestDatabase()

const get = (url: string) =>
  handle(new Request(`${ORIGIN}${url}`, { headers: { Accept: 'text/html' } }), {
    clientIp: '203.0.113.9',
    cspNonce: 'test-nonce',
  })

function expectInert(html: string) {
  expect(html).not.toMatch(/<script>alert|<img src=x|<svg onload|href="javascript:/i)
  // No element carries an event handler (escaped text may still show the letters).
  // Attributes are walked one by one, so text inside a quoted value does not count.
  expect(html).not.toMatch(/<[a-z][a-z0-9]*(?:\s+[a-z:-]+(?:="[^"]*")?)*\s+on[a-z]+=/i)
}

test('script in a story, an update, a summary or a donor message renders inert', async () => {
  const campaign = await createCampaign({
    slug: 'xss-appeal',
    title: `Title ${XSS[3]}`,
    summary: `Summary ${XSS[0]}`,
    story: XSS.join('\n\n'),
  })
  await prisma.campaignUpdate.create({
    data: {
      campaignId: campaign.id,
      title: XSS[1] ?? '',
      body: XSS.join('\n\n'),
      publishedAt: new Date(),
    },
  })
  const pledge = await createPledge({ campaignId: campaign.id })
  await prisma.donorMessage.create({
    data: {
      pledgeId: pledge.id,
      campaignId: campaign.id,
      displayName: XSS[3],
      body: XSS.join(' '),
      status: 'APPROVED',
    },
  })
  const response = await get('/campaigns/xss-appeal')
  expect(response.status).toBe(200)
  const html = await response.text()
  expectInert(html)
  expect(html).toContain('&lt;script&gt;alert(')
  expect(html).toContain('Words from donors')
  expect(html).toContain('Updates')
})

test('an old slug answers 301 to the current one, keeping the query', async () => {
  const campaign = await createCampaign({ slug: 'new-name' })
  await prisma.campaignSlugRedirect.create({
    data: { fromSlug: 'old-name', campaignId: campaign.id },
  })
  const response = await get('/campaigns/old-name?utm_source=newsletter')
  expect(response.status).toBe(301)
  expect(response.headers.get('Location')).toBe('/campaigns/new-name?utm_source=newsletter')
  expect((await get('/campaigns/never-existed')).status).toBe(404)
  // A draft's old slug does not reveal the draft.
  const draft = await createCampaign({ slug: 'secret-draft', status: 'DRAFT' })
  await prisma.campaignSlugRedirect.create({
    data: { fromSlug: 'old-draft', campaignId: draft.id },
  })
  expect((await get('/campaigns/old-draft')).status).toBe(404)
})

test('the embed widget shows progress and a Donate link that opens a new tab', async () => {
  await createCampaign({ slug: 'widget-appeal', title: 'Widget appeal' })
  const response = await get('/embed/campaigns/widget-appeal')
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toContain('Widget appeal')
  expect(html).toContain('<progress')
  expect(html).toMatch(
    /<a[^>]+href="\/campaigns\/widget-appeal#give"[^>]+target="_blank"[^>]+rel="noopener"/,
  )
  expect((await get('/embed/campaigns/nope')).status).toBe(404)
})

test('hero images are served as WebP while an appeal shows them, tagged with it; others are 404', async () => {
  const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#456' } })
    .jpeg()
    .toBuffer()
  const stored = await storeHeroImage(jpeg)
  if (!('key' in stored)) throw new Error(stored.error)
  const url = `/uploads/campaigns/${stored.key}-800.webp`
  // Stored, but no appeal shows it yet.
  expect((await get(url)).status).toBe(404)
  const campaign = await createCampaign({ slug: 'image-appeal', heroImageKey: stored.key })
  const response = await get(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('image/webp')
  expect(response.headers.get('Cache-Control')).toBe('public, max-age=3600, s-maxage=86400')
  expect(response.headers.get('Surrogate-Key')).toBe(`campaign-${campaign.id}`)
  expect(response.headers.get('Cache-Tag')).toBe(`campaign-${campaign.id}`)
  expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(800)
  // Removed from the appeal: gone at once.
  await prisma.campaign.update({ where: { id: campaign.id }, data: { heroImageKey: null } })
  expect((await get(url)).status).toBe(404)
  expect((await get(`/uploads/campaigns/${'0'.repeat(32)}-800.webp`)).status).toBe(404)
  expect((await get('/uploads/campaigns/..%2F..%2Fpackage.json')).status).toBe(404)
})

test('a Korean appeal page speaks Korean around the content, in Korean number and date formats', async () => {
  const campaign = await createCampaign({
    slug: 'korean-chrome',
    title: 'Korean chrome',
    currency: 'KRW',
    goalMinor: 30_000_000n,
  })
  await prisma.campaignUpdate.create({
    data: {
      campaignId: campaign.id,
      title: 'Arrived',
      body: 'Safe.',
      publishedAt: new Date('2026-11-05T10:00:00Z'),
    },
  })
  const response = await get('/ko/campaigns/korean-chrome')
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toContain('<html lang="ko">')
  expect(html).toContain('<title>Korean chrome · Lantern</title>')
  expect(html).toContain('목표 ₩30,000,000 중')
  expect(html).toContain('기부자 0명')
  expect(html).toContain('새 소식')
  expect(html).toContain('2026년 11월 5일')
  expect(html).not.toContain('raised of')
})

test('a renamed appeal under /ko answers 301 to its Korean page', async () => {
  const campaign = await createCampaign({ slug: 'new-korean-name' })
  await prisma.campaignSlugRedirect.create({
    data: { fromSlug: 'old-korean-name', campaignId: campaign.id },
  })
  const response = await get('/ko/campaigns/old-korean-name?utm_source=kakao')
  expect(response.status).toBe(301)
  expect(response.headers.get('Location')).toBe('/ko/campaigns/new-korean-name?utm_source=kakao')
})

test('the Korean embed widget links to the Korean appeal page', async () => {
  await createCampaign({ slug: 'korean-widget', title: 'Korean widget' })
  const html = await (await get('/ko/embed/campaigns/korean-widget')).text()
  expect(html).toContain('href="/ko/campaigns/korean-widget#give"')
  expect(html).toContain('기부하기')
  expect(html).toContain('(새 탭에서 열림)')
})

test('About and Privacy under /ko are the Korean versions', async () => {
  const about = await (await get('/ko/about')).text()
  expect(about).toContain('<h1 id="page-title">단체 소개</h1>')
  expect(about).toContain('저희가 돕는 사람들')
  expect(about).toContain('<title>단체 소개 · Lantern</title>')
  const privacy = await (await get('/ko/privacy')).text()
  expect(privacy).toContain('수집하는 정보')
  expect(privacy).not.toContain('What we collect')
  expect(await (await get('/privacy')).text()).toContain('What we collect')
})
