/**
 * Page weight (bench phase "pages"): what Chromium downloads for a first visit to English and
 * Korean pages, by kind (HTML, CSS, JS, fonts), in bytes on the wire, and how much the Korean
 * web font adds (decision 0019). Then, on a throttled connection, whether preloading the
 * common Korean face would make the Korean text appear sooner: the same page with and without
 * `<link rel=preload>` tags put into its HTML by the browser's request interception.
 * Chromium has no CJK font installed here, like the devices the web font is for.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from '@playwright/test'
import webFont from '#app/i18n/web-font.json'
import type { BenchServer } from './server.ts'

const PAGES = ['/', '/campaigns/safe-passage-rescue', '/ko', '/ko/campaigns/safe-passage-rescue']
const KINDS = ['document', 'stylesheet', 'script', 'font', 'other'] as const
type Kind = (typeof KINDS)[number]

export type PageWeight = {
  path: string
  bytes: Record<Kind, number>
  fonts: string[]
  /** Font bytes ÷ HTML + CSS + JS bytes. */
  fontRatio: number
}

export type PreloadTiming = { preload: boolean; runs: number; medianFontsReadyMs: number }

export type PageWeightResults = { pages: PageWeight[]; preload: PreloadTiming[] }

/** A slow mobile connection (Chrome DevTools' "Slow 4G"): 150 ms, ~1.6 Mbit/s down. */
const THROTTLE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
}
const PRELOAD_RUNS = 5

async function launch(): Promise<Browser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
  return chromium.launch({ executablePath, args: ['--disable-gpu'] })
}

async function weigh(browser: Browser, url: string, path: string): Promise<PageWeight> {
  const context = await browser.newContext() // an empty cache: a first visit
  const page = await context.newPage()
  const finished: Array<Promise<{ kind: Kind; bytes: number; url: string }>> = []
  page.on('requestfinished', (request) => {
    const type = request.resourceType()
    const kind = (KINDS as readonly string[]).includes(type) ? (type as Kind) : 'other'
    finished.push(
      request.sizes().then((sizes) => ({
        kind,
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        url: request.url(),
      })),
    )
  })
  const response = await page.goto(url + path, { waitUntil: 'load' })
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`)
  await settle(page)
  const requests = await Promise.all(finished)
  await context.close()
  const bytes = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>
  for (const request of requests) bytes[request.kind] += request.bytes
  const base = bytes.document + bytes.stylesheet + bytes.script
  return {
    path,
    bytes,
    fonts: requests
      .filter((request) => request.kind === 'font')
      .map((request) => new URL(request.url).pathname.replace('/fonts/lantern-korean-', '')),
    fontRatio: Math.round((bytes.font / base) * 1000) / 1000,
  }
}

async function settle(page: Page) {
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  await page.waitForLoadState('networkidle')
}

/** Milliseconds from navigation to the last font the page needs, throttled, cold cache. */
async function fontsReadyMs(browser: Browser, url: string, preload: boolean): Promise<number> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', THROTTLE)
  if (preload) {
    const links = webFont.faces
      .filter((face) => face.subset === 'common')
      .map(
        (face) =>
          `<link rel="preload" as="font" type="font/woff2" crossorigin href="${face.href}">`,
      )
      .join('')
    await page.route(url, async (route) => {
      const response = await route.fetch()
      const html = (await response.text()).replace('<head>', `<head>${links}`)
      await route.fulfill({ response, body: html })
    })
  }
  await page.goto(url, { waitUntil: 'load' })
  await settle(page)
  const ms = await page.evaluate(() =>
    Math.max(
      ...performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/fonts/'))
        .map((entry) => (entry as PerformanceResourceTiming).responseEnd),
    ),
  )
  await context.close()
  return Math.round(ms)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

export async function pageWeightPhase(
  server: BenchServer,
  write: (line: string) => void,
): Promise<PageWeightResults> {
  const browser = await launch()
  try {
    const pages: PageWeight[] = []
    for (const path of PAGES) {
      write(`   weighing ${path}`)
      // One unmeasured visit first, so that the server has rendered each page once.
      await weigh(browser, server.url, path)
      pages.push(await weigh(browser, server.url, path))
    }
    const preload: PreloadTiming[] = []
    const url = `${server.url}/ko/campaigns/safe-passage-rescue`
    for (const withPreload of [false, true]) {
      write(`   ${PRELOAD_RUNS} throttled visits ${withPreload ? 'with' : 'without'} preload`)
      const runs: number[] = []
      // Alternated runs would be fairer on a busy host; five of each keeps it short.
      for (let run = 0; run < PRELOAD_RUNS; run++) {
        runs.push(await fontsReadyMs(browser, url, withPreload))
      }
      preload.push({ preload: withPreload, runs: PRELOAD_RUNS, medianFontsReadyMs: median(runs) })
    }
    return { pages, preload }
  } finally {
    await browser.close()
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

export function printPageWeight(results: PageWeightResults, write: (line: string) => void) {
  write('F. Page weight, first visit, bytes on the wire (headers + compressed body)')
  for (const page of results.pages) {
    const { document, stylesheet, script, font, other } = page.bytes
    write(
      `${page.path.padEnd(36)} HTML ${kb(document)}, CSS ${kb(stylesheet)}, JS ${kb(script)}, other ${kb(other)}; fonts ${kb(font)} (${(page.fontRatio * 100).toFixed(1)} % of HTML+CSS+JS)${page.fonts.length ? `: ${page.fonts.join(', ')}` : ''}`,
    )
  }
  for (const timing of results.preload) {
    write(
      `Korean appeal, Slow 4G, ${timing.preload ? 'with' : 'without'} preload of the common face: fonts in after ${timing.medianFontsReadyMs} ms (median of ${timing.runs})`,
    )
  }
}
