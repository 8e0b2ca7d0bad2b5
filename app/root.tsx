import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { LanguageSuggestion } from '#app/components/language-switch.tsx'
import { SiteFooter } from '#app/components/site-footer.tsx'
import { SiteHeader } from '#app/components/site-header.tsx'
import { TestModeBanner } from '#app/components/test-mode-banner.tsx'
import { messagesFor, serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, I18nProvider, useIntl } from '#app/i18n/i18n.tsx'
import {
  LOCALES,
  DEFAULT_LOCALE,
  isLocalizedPath,
  localizePath,
  splitLocalePath,
} from '#app/i18n/locale.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
import { isPaymentTestMode } from '#app/utils/env.server.ts'
import { PUBLIC_PAGE_CACHE_CONTROL } from '#app/utils/http.ts'
import { useNonce } from '#app/utils/nonce-provider.tsx'
import stylesheet from './styles/app.css'
import fontsStylesheet from './styles/fonts.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: fontsStylesheet },
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** The site's name; on an error page, what went wrong first, in the page's language. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const site = data?.siteTitle ?? 'Lantern'
  if (!error) return [{ title: site }]
  const id = isRouteErrorResponse(error) && error.status === 404 ? 'notFoundTitle' : 'failedTitle'
  const what = data?.messages[`error.${id}`]
  return [{ title: what ? `${what} · Lantern` : site }]
}

export function loader({ request }: LoaderFunctionArgs) {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  const offers = LOCALES.filter((other) => other.code !== locale).map((other) => {
    const intl = serverIntl(other.code)
    const values = { language: other.name }
    return {
      code: other.code,
      text: intl.formatMessage({ id: 'language.suggest' }, values),
      link: intl.formatMessage({ id: 'language.suggestLink' }, values),
      dismiss: intl.formatMessage({ id: 'language.dismiss' }),
    }
  })
  return {
    testMode: isPaymentTestMode(),
    locale,
    messages: messagesFor(locale),
    siteTitle: serverIntl(locale).formatMessage({ id: 'site.title' }),
    origin: appUrl(),
    offers,
  }
}

/** The catalog travels once per language: the root loader reruns only when the language changes. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) =>
  splitLocalePath(currentUrl.pathname).locale !== splitLocalePath(nextUrl.pathname).locale

/** Pages without their own `headers` inherit these; an error page is never cached. */
export const headers: HeadersFunction = ({ errorHeaders }) => ({
  'Cache-Control': errorHeaders ? 'no-store' : PUBLIC_PAGE_CACHE_CONTROL,
})

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const data = useRouteLoaderData<typeof loader>('root')
  const matches = useMatches()
  const { pathname } = useLocation()
  const { locale, path } = splitLocalePath(pathname)
  // The embeddable widget (handle.embed) is shown inside other sites: no site chrome.
  const embed = matches.some((match) => (match.handle as { embed?: boolean } | undefined)?.embed)
  // Pages that may carry a token or a donor's details (handle.noReferrer) send no Referer at
  // all; the meta tag would otherwise override the header those routes send.
  const noReferrer = matches.some(
    (match) => (match.handle as { noReferrer?: boolean } | undefined)?.noReferrer,
  )
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="referrer"
          content={noReferrer ? 'no-referrer' : 'strict-origin-when-cross-origin'}
        />
        <Meta />
        <Links />
        {data && isLocalizedPath(path) ? (
          <LanguageLinks origin={data.origin} locale={locale} path={path} />
        ) : null}
      </head>
      <body className={embed ? 'embed' : undefined}>
        <I18nProvider>
          {embed ? null : (
            <a className="skip-link" href="#main">
              <FormattedMessage id="site.skipToContent" />
            </a>
          )}
          {data?.testMode ? <TestModeBanner /> : null}
          {embed ? null : <LanguageSuggestion offers={data?.offers ?? []} />}
          {embed ? null : <SiteHeader />}
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          {embed ? null : <SiteFooter />}
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

/** The canonical address of this page and its other languages (hreflang), query string dropped. */
function LanguageLinks({ origin, locale, path }: { origin: string; locale: string; path: string }) {
  return (
    <>
      <link rel="canonical" href={origin + localizePath(path, locale)} />
      {LOCALES.map((other) => (
        <link
          key={other.code}
          rel="alternate"
          hrefLang={other.code}
          href={origin + localizePath(path, other.code)}
        />
      ))}
      <link
        rel="alternate"
        hrefLang="x-default"
        href={origin + localizePath(path, DEFAULT_LOCALE.code)}
      />
    </>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const intl = useIntl()
  const { pathname } = useLocation()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  const home = localizePath('/', splitLocalePath(pathname).locale)
  return (
    <section className="page error-page" aria-labelledby="error-title">
      <p className="eyebrow">
        {intl.formatMessage({ id: notFound ? 'error.notFoundEyebrow' : 'error.failedEyebrow' })}
      </p>
      <h1 id="error-title">
        {intl.formatMessage({ id: notFound ? 'error.notFoundTitle' : 'error.failedTitle' })}
      </h1>
      <p>{intl.formatMessage({ id: notFound ? 'error.notFoundBody' : 'error.failedBody' })}</p>
      <p>
        <a className="button" href={home}>
          {intl.formatMessage({ id: 'error.seeAppeals' })}
        </a>
      </p>
    </section>
  )
}
