/**
 * React side of the i18n layer (react-intl, docs/decisions/0018-i18n-react-intl.md): the
 * provider fed by the root loader's catalog, and hooks for the current language.
 */
import { useLocation, useRouteLoaderData } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { IntlProvider, useIntl } from 'react-intl'
import { formatMoney } from '#app/modules/ledger/money.ts'
import type english from './catalogs/en.json'
import { localeConfig, localizePath, splitLocalePath, type LocaleConfig } from './locale.ts'

// Message ids are the keys of the English catalog: a typo is a type error.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: keyof typeof english
    }
  }
}

type RootI18nData = { locale: string; messages: Record<string, string> }

export function I18nProvider({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData('root') as RootI18nData | undefined
  const { pathname } = useLocation()
  // Without root data (its loader failed) the URL still says which language to speak.
  const config = localeConfig(data?.locale ?? splitLocalePath(pathname).locale)
  return (
    <IntlProvider
      locale={config.tag}
      defaultLocale="en-US"
      messages={data?.messages ?? {}}
      onError={onIntlError}
    >
      {children}
    </IntlProvider>
  )
}

function onIntlError(error: { code?: string; message?: string }) {
  // A missing message renders its id; the catalog test keeps that from shipping.
  if (error.code === 'MISSING_TRANSLATION') return
  // A malformed message is a bug the catalog test also catches; say so, do not break the page.
  // eslint-disable-next-line no-console
  console.error(`i18n: ${error.message ?? error.code}`)
}

export type CurrentLocale = LocaleConfig & {
  /** An app path in this language (`/campaigns/x` → `/ko/campaigns/x`). */
  localize: (path: string) => string
  /** Money in this language's number format. */
  money: (amountMinor: number | bigint, currency: string, trimWholeUnits?: boolean) => string
}

export function useLocale(): CurrentLocale {
  const intl = useIntl()
  const { pathname } = useLocation()
  const code = splitLocalePath(pathname).locale
  return useMemo(() => {
    const config = localeConfig(code)
    return {
      ...config,
      tag: intl.locale,
      localize: (path: string) => localizePath(path, config.code),
      money: (amountMinor, currency, trimWholeUnits = false) =>
        formatMoney(amountMinor, currency, { locale: intl.locale, trimWholeUnits }),
    }
  }, [code, intl.locale])
}

export { FormattedMessage, useIntl } from 'react-intl'
