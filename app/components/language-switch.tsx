import { useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useIntl, useLocale } from '#app/i18n/i18n.tsx'
import {
  LOCALES,
  isLocalizedPath,
  preferredLocale,
  splitLocalePath,
  switchLocalePath,
} from '#app/i18n/locale.ts'

/** Links to the same page in every other language (query string kept: same appeal, same form). */
export function LanguageSwitch() {
  const intl = useIntl()
  const locale = useLocale()
  const { pathname, search } = useLocation()
  if (!isLocalizedPath(splitLocalePath(pathname).path)) return null
  return (
    <nav
      className="language-switch"
      aria-label={intl.formatMessage({ id: 'language.switchLabel' })}
    >
      <ul>
        {LOCALES.filter((other) => other.code !== locale.code).map((other) => (
          <li key={other.code}>
            <a
              href={switchLocalePath(pathname + search, other.code)}
              hrefLang={other.code}
              lang={other.code}
            >
              {other.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

const DISMISSED_KEY = 'lantern.languageSuggestion'

/** An offer of another language, written in that language (the root loader formats it). */
export type LanguageOffer = { code: string; text: string; link: string; dismiss: string }

/**
 * On a first visit whose browser prefers another of our languages, offers it, in that
 * language. Only a suggestion, in the browser: crawlers and shared links are never
 * redirected, and the page a server renders is the same for everyone (so it can be cached).
 */
export function LanguageSuggestion({ offers }: { offers: readonly LanguageOffer[] }) {
  const locale = useLocale()
  const { pathname, search } = useLocation()
  const [suggested, setSuggested] = useState<LanguageOffer | null>(null)
  useEffect(() => {
    if (!isLocalizedPath(splitLocalePath(pathname).path)) return
    try {
      if (window.localStorage.getItem(DISMISSED_KEY)) return
    } catch {
      // Storage blocked: still suggest.
    }
    const preferred = preferredLocale(navigator.languages ?? [navigator.language])
    setSuggested(
      preferred && preferred !== locale.code
        ? (offers.find((offer) => offer.code === preferred) ?? null)
        : null,
    )
  }, [locale.code, pathname, offers])
  if (!suggested) return null
  const dismiss = () => {
    try {
      window.localStorage.setItem(DISMISSED_KEY, '1')
    } catch {
      // Storage blocked: hide for this page only.
    }
    setSuggested(null)
  }
  return (
    <aside className="language-suggestion" lang={suggested.code}>
      <p>
        {suggested.text}{' '}
        <a
          href={switchLocalePath(pathname + search, suggested.code)}
          hrefLang={suggested.code}
          onClick={dismiss}
        >
          {suggested.link}
        </a>{' '}
        <button type="button" className="link-button" onClick={dismiss}>
          {suggested.dismiss}
        </button>
      </p>
    </aside>
  )
}
