/**
 * Message catalogs (app/i18n/catalogs/<code>.json: flat keys → ICU messages), read from disk
 * once per process, and Intl objects for server-rendered text: emails, PDFs, Checkout.
 * A key missing in a catalog falls back to English (the catalog test keeps that from shipping).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type english from './catalogs/en.json'
import { createIntl, createIntlCache, type IntlShape } from 'react-intl'
import { DEFAULT_LOCALE, LOCALES, localeConfig, type Locale } from './locale.ts'

export type Catalog = Record<string, string>
type MessageId = keyof typeof english

/**
 * The catalogs folder: LANTERN_CATALOGS_DIR when set (a test's pseudo-locale), else found
 * upward from this module (the source in app/i18n, or the build in build/remix).
 */
function catalogsDir(): string {
  if (process.env.LANTERN_CATALOGS_DIR) return process.env.LANTERN_CATALOGS_DIR
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'app/i18n/catalogs')
    if (existsSync(candidate)) return candidate
    if (path.basename(dir) === 'i18n' && existsSync(path.join(dir, 'catalogs')))
      return path.join(dir, 'catalogs')
    dir = path.dirname(dir)
  }
  throw new Error('app/i18n/catalogs was not found next to the app')
}

const catalogs = new Map<Locale, Catalog>()

/** The catalog file of one language as written (no fallback). */
export function readCatalog(code: Locale, dir = catalogsDir()): Catalog {
  return JSON.parse(readFileSync(path.join(dir, `${code}.json`), 'utf8')) as Catalog
}

/** Every message of a language, English filling any gap. */
export function messagesFor(locale: Locale): Catalog {
  const code = localeConfig(locale).code
  let catalog = catalogs.get(code)
  if (!catalog) {
    const own = readCatalog(code)
    catalog = code === DEFAULT_LOCALE.code ? own : { ...messagesFor(DEFAULT_LOCALE.code), ...own }
    catalogs.set(code, catalog)
  }
  return catalog
}

const cache = createIntlCache()
const intls = new Map<Locale, IntlShape>()

/** An Intl object for server-side text in `locale` (unknown codes get the default). */
export function serverIntl(locale: Locale | null | undefined): IntlShape {
  const config = localeConfig(locale)
  let intl = intls.get(config.code)
  if (!intl) {
    intl = createIntl(
      {
        locale: config.tag,
        defaultLocale: DEFAULT_LOCALE.tag,
        messages: messagesFor(config.code) as Record<MessageId, string>,
      },
      cache,
    )
    intls.set(config.code, intl)
  }
  return intl
}

/** Every configured language's catalog is present (checked at boot and by the catalog test). */
export function configuredCatalogs(): Locale[] {
  return LOCALES.map((locale) => locale.code)
}
