/**
 * The languages Lantern speaks (locales.json: one line per language, the first is the default
 * and has no URL prefix) and the URL rules: `/ko/campaigns/x` is Korean, `/campaigns/x` English.
 * Shared by the server and the browser. docs/decisions/0018-i18n-react-intl.md.
 */
import { CURRENCY_CODES, type CurrencyCode } from '#app/modules/ledger/money.ts'
import configured from './locales.json'

export type LocaleConfig = {
  /** The URL prefix and catalog file name (`ko` → app/i18n/catalogs/ko.json). */
  code: string
  /** The BCP 47 tag for Intl (numbers, money, dates) and `<html lang>`. */
  tag: string
  /** The language's own name, for the language switch. */
  name: string
  /** The currency a donor reading this language starts with. */
  currency: CurrencyCode
  /** Stripe Checkout's `locale` for this language. */
  checkout: string
}

export const LOCALES: readonly LocaleConfig[] = (configured as LocaleConfig[]).map((locale) => {
  if (!CURRENCY_CODES.includes(locale.currency))
    throw new Error(`locales.json: ${locale.code} has an unknown currency ${locale.currency}`)
  return locale
})
export const DEFAULT_LOCALE: LocaleConfig = LOCALES[0] as LocaleConfig
export type Locale = string

export function localeConfig(code: string | null | undefined): LocaleConfig {
  return LOCALES.find((locale) => locale.code === code) ?? DEFAULT_LOCALE
}

export function isLocale(code: unknown): code is Locale {
  return typeof code === 'string' && LOCALES.some((locale) => locale.code === code)
}

/** The locale a path is in, and the path without its prefix (`/ko/about` → ko, `/about`). */
export function splitLocalePath(pathname: string): { locale: Locale; path: string } {
  const match = /^\/([a-z]{2,3}(?:-[a-zA-Z0-9]+)?)(?=\/|$)(.*)$/.exec(pathname)
  if (match && match[1] !== DEFAULT_LOCALE.code && isLocale(match[1]))
    return { locale: match[1], path: match[2] || '/' }
  return { locale: DEFAULT_LOCALE.code, path: pathname || '/' }
}

/** Paths that exist in every language; staff and development pages are English only. */
export function isLocalizedPath(path: string): boolean {
  return !/^\/(admin|dev|uploads|webhooks|healthz)(\/|$)/.test(path)
}

/** `/campaigns/x` in `locale` (`/ko/campaigns/x`; English keeps it). Query and hash kept. */
export function localizePath(path: string, locale: Locale): string {
  if (!path.startsWith('/')) return path
  const prefix = locale === DEFAULT_LOCALE.code || !isLocale(locale) ? '' : `/${locale}`
  if (!prefix) return path
  return path === '/'
    ? prefix
    : /^\/[?#]/.test(path)
      ? `${prefix}${path.slice(1)}`
      : `${prefix}${path}`
}

/** The same page in another language: `/ko/campaigns/x?a=1` → `/campaigns/x?a=1`. */
export function switchLocalePath(pathWithSearch: string, to: Locale): string {
  const [pathname = '/', ...rest] = pathWithSearch.split(/(?=[?#])/)
  return localizePath(splitLocalePath(pathname).path, to) + rest.join('')
}

/**
 * The best of our languages for an Accept-Language header (or navigator.languages), or null
 * when the visitor prefers none of them over the default. Used only to suggest, never redirect.
 */
export function preferredLocale(languages: readonly string[]): Locale | null {
  for (const language of languages) {
    const base = language.trim().toLowerCase().split('-')[0]
    const found = LOCALES.find((locale) => locale.code === base)
    if (found) return found.code
  }
  return null
}

/** Accept-Language's languages in order of preference (q-values honoured). */
export function parseAcceptLanguage(header: string | null): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag)
}
