// A third language is a catalog file and one line in locales.json, no code: proved with a
// pseudo-locale ("xa", English with accents in brackets), so any text that skips the catalog
// shows up as plain English next to it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRemixStub } from '@remix-run/testing'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import { readCatalog } from './catalogs.server.ts'

// The one line of configuration: the pseudo-locale added to locales.json.
vi.mock('./locales.json', async (importOriginal) => {
  const original = (await importOriginal()) as { default: object[] }
  return {
    default: [
      ...original.default,
      { code: 'xa', tag: 'en-XA', name: 'Pseudo', currency: 'EUR', checkout: 'auto' },
    ],
  }
})

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É' }
/** English with accented vowels in brackets; placeholders and tags left as they are. */
function pseudo(message: string): string {
  let depth = 0
  let inTag = false
  let out = ''
  for (const char of message) {
    if (char === '{') depth++
    if (char === '}') depth--
    if (char === '<') inTag = true
    const plain = depth === 0 && !inTag
    out += plain ? (ACCENTS[char] ?? char) : char
    if (char === '>') inTag = false
  }
  return `[${out}]`
}

// The catalog file: written where the app reads catalogs, next to copies of the real ones.
const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-catalogs-'))
for (const code of ['en', 'ko'])
  writeFileSync(path.join(dir, `${code}.json`), JSON.stringify(readCatalog(code)))
writeFileSync(
  path.join(dir, 'xa.json'),
  JSON.stringify(
    Object.fromEntries(
      Object.entries(readCatalog('en')).map(([key, value]) => [key, pseudo(value)]),
    ),
  ),
)
process.env.LANTERN_CATALOGS_DIR = dir

const { LOCALES, splitLocalePath, switchLocalePath, localizePath } = await import('./locale.ts')
const { serverIntl } = await import('./catalogs.server.ts')
const { withLocaleRoutes } = await import('./locale-routes.js')

describe('a pseudo-locale added by configuration only', () => {
  test('is a language with its own URL prefix', () => {
    expect(LOCALES.map((locale) => locale.code)).toEqual(['en', 'ko', 'xa'])
    expect(splitLocalePath('/xa/campaigns/safe-passage-rescue')).toEqual({
      locale: 'xa',
      path: '/campaigns/safe-passage-rescue',
    })
    expect(localizePath('/about', 'xa')).toBe('/xa/about')
    expect(switchLocalePath('/xa/campaigns/x?utm_source=tv', 'ko')).toBe(
      '/ko/campaigns/x?utm_source=tv',
    )
  })

  test('gets every donor route under its prefix, and no staff route', () => {
    const manifest = withLocaleRoutes(
      {
        'routes/campaigns+/$slug': {
          id: 'routes/campaigns+/$slug',
          parentId: 'root',
          path: 'campaigns/:slug',
          file: 'routes/campaigns+/$slug.tsx',
        },
        'routes/_index': {
          id: 'routes/_index',
          parentId: 'root',
          index: true,
          file: 'routes/_index.tsx',
        },
        'routes/admin+/login': {
          id: 'routes/admin+/login',
          parentId: 'root',
          path: 'admin/login',
          file: 'routes/admin+/login.tsx',
        },
      },
      LOCALES,
    )
    const paths = Object.values(manifest).map((route) => route.path ?? '(index)')
    expect(paths).toEqual(
      expect.arrayContaining(['xa/campaigns/:slug', 'xa', 'ko/campaigns/:slug', 'ko']),
    )
    expect(paths.filter((p) => p.includes('admin'))).toEqual(['admin/login'])
  })

  test('server-side text (emails, PDFs) comes from its catalog, with its number format', () => {
    const intl = serverIntl('xa')
    expect(intl.formatMessage({ id: 'header.appeals' })).toBe('[Áppéáls]')
    expect(intl.locale).toBe('en-XA')
  })

  test('the site header and footer render entirely from its catalog', async () => {
    const { SiteHeader } = await import('#app/components/site-header.tsx')
    const { SiteFooter } = await import('#app/components/site-footer.tsx')
    const { I18nProvider } = await import('./i18n.tsx')
    const { messagesFor } = await import('./catalogs.server.ts')
    const Stub = createRemixStub([
      {
        id: 'root',
        path: '/',
        loader: () => ({ locale: 'xa', messages: messagesFor('xa') }),
        Component: () =>
          createElement(I18nProvider, null, createElement(SiteHeader), createElement(SiteFooter)),
        children: [{ path: 'xa/about', Component: () => null }],
      },
    ])
    // React Router's links use layout effects, which warn (harmlessly) when rendered on a server.
    const consoleError = console.error
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('useLayoutEffect does nothing on the server'))
        consoleError(...args)
    })
    const rootData = { locale: 'xa', messages: messagesFor('xa') }
    const html = renderToString(
      createElement(Stub, {
        initialEntries: ['/xa/about'],
        hydrationData: { loaderData: { root: rootData } },
      }),
    )
    const text = html
      .replace(/<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, '\n')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && line !== '·')
    // Every visible string is pseudo (bracketed), except the brand and other languages' names.
    const untranslated = text.filter(
      (line) => !line.startsWith('[') && !['Lantern', 'English', '한국어'].includes(line),
    )
    expect(text.length).toBeGreaterThan(5)
    expect(untranslated).toEqual([])
    expect(html).toContain('href="/xa/about"')
    expect(html).toContain('aria-label="[Lántérn hómé]"')
  })
})
