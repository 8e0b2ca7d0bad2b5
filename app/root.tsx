import type { HeadersFunction, LinksFunction, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { SiteFooter } from '#app/components/site-footer.tsx'
import { SiteHeader } from '#app/components/site-header.tsx'
import { TestModeBanner } from '#app/components/test-mode-banner.tsx'
import { isPaymentTestMode } from '#app/utils/env.server.ts'
import { PUBLIC_PAGE_CACHE_CONTROL } from '#app/utils/http.ts'
import { useNonce } from '#app/utils/nonce-provider.tsx'
import stylesheet from './styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Lantern: give safely to North Korean refugees' }]

export function loader() {
  return { testMode: isPaymentTestMode() }
}

/** Pages without their own `headers` inherit these; an error page is never cached. */
export const headers: HeadersFunction = ({ errorHeaders }) => ({
  'Cache-Control': errorHeaders ? 'no-store' : PUBLIC_PAGE_CACHE_CONTROL,
})

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const data = useRouteLoaderData<typeof loader>('root')
  const matches = useMatches()
  // The embeddable widget (handle.embed) is shown inside other sites: no site chrome.
  const embed = matches.some((match) => (match.handle as { embed?: boolean } | undefined)?.embed)
  // Pages that may carry a token or a donor's details (handle.noReferrer) send no Referer at
  // all; the meta tag would otherwise override the header those routes send.
  const noReferrer = matches.some(
    (match) => (match.handle as { noReferrer?: boolean } | undefined)?.noReferrer,
  )
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="referrer"
          content={noReferrer ? 'no-referrer' : 'strict-origin-when-cross-origin'}
        />
        <Meta />
        <Links />
      </head>
      <body className={embed ? 'embed' : undefined}>
        {embed ? null : (
          <a className="skip-link" href="#main">
            Skip to content
          </a>
        )}
        {data?.testMode ? <TestModeBanner /> : null}
        {embed ? null : <SiteHeader />}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {embed ? null : <SiteFooter />}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <section className="page error-page" aria-labelledby="error-title">
      <p className="eyebrow">{notFound ? 'Error 404' : 'Something went wrong'}</p>
      <h1 id="error-title">
        {notFound ? 'We could not find that page' : 'This page failed to load'}
      </h1>
      <p>
        {notFound
          ? 'The link may be old, or the appeal may have closed and been archived.'
          : 'Nothing you did caused this, and no payment was affected. Please try again in a minute.'}
      </p>
      <p>
        <a className="button" href="/">
          See current appeals
        </a>
      </p>
    </section>
  )
}
