// /email/unsubscribe?token=…: the List-Unsubscribe URL of appeal updates. A POST (RFC 8058
// one-click, from the mail client, with no cookie; or the button below) unsubscribes at once;
// a GET only asks, since link scanners fetch every URL of an email.
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import {
  unsubscribeFromUpdates,
  verifyPreferencesToken,
} from '#app/modules/donors/email-preferences.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Unsubscribe · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

function invalid(request: Request): string {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  return serverIntl(locale).formatMessage({ id: 'unsubscribe.invalid' })
}

function tokenOf(request: Request): string {
  return new URL(request.url).searchParams.get('token') ?? ''
}

export function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request)
  if (!verifyPreferencesToken(token))
    throw new Response(invalid(request), { status: 400, headers: DONOR_PAGE_HEADERS })
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  return { token, title: serverIntl(locale).formatMessage({ id: 'unsubscribe.title' }) }
}

export async function action({ request }: ActionFunctionArgs) {
  const donorId = verifyPreferencesToken(tokenOf(request))
  if (!donorId)
    return data(
      { done: false, error: invalid(request) },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  await unsubscribeFromUpdates(donorId)
  return data({ done: true, error: null }, { headers: DONOR_PAGE_HEADERS })
}

export default function Unsubscribe() {
  const { token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { localize } = useLocale()
  const query = `?token=${encodeURIComponent(token)}`
  const preferences = localize(`/account/preferences${query}`)
  return (
    <section className="page account" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">
        <FormattedMessage id={result?.done ? 'unsubscribe.doneHeading' : 'unsubscribe.heading'} />
      </h1>
      {result?.done ? (
        <p className="lede">
          <FormattedMessage
            id="unsubscribe.done"
            values={{ link: (chunks) => <Link to={preferences}>{chunks}</Link> }}
          />
        </p>
      ) : (
        <>
          <p className="lede">
            <FormattedMessage id="unsubscribe.ask" />
          </p>
          {result?.error ? <p className="form-alert">{result.error}</p> : null}
          <Form method="post" action={localize(`/email/unsubscribe${query}`)}>
            <button type="submit" className="button button--primary">
              <FormattedMessage id="unsubscribe.submit" />
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
