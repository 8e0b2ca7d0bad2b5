/**
 * An Intl object for a route's `meta` function, which has no React context: it reads the root
 * loader's catalog from `matches`, so titles and descriptions follow the page's language even
 * when the route's own loader failed (a 404 has no data of its own).
 */
import { createIntl, createIntlCache, type IntlShape } from 'react-intl'
import type english from './catalogs/en.json'
import { localeConfig } from './locale.ts'

type RootData = { locale?: string; messages?: Record<string, string> } | undefined

const cache = createIntlCache()
// Keyed by the catalog object the root loader sent: one Intl per language per page load.
const intls = new WeakMap<object, IntlShape>()
const NO_MESSAGES = {}

export function metaIntl(matches: ReadonlyArray<{ id: string; data?: unknown }>): IntlShape {
  const root = matches.find((match) => match.id === 'root')?.data as RootData
  const messages = root?.messages ?? NO_MESSAGES
  let intl = intls.get(messages)
  if (!intl) {
    intl = createIntl(
      {
        locale: localeConfig(root?.locale).tag,
        defaultLocale: 'en-US',
        messages: messages as Record<keyof typeof english, string>,
        // Without the root's catalog (its loader failed) a title shows its id; nothing to log.
        onError: () => undefined,
      },
      cache,
    )
    intls.set(messages, intl)
  }
  return intl
}
