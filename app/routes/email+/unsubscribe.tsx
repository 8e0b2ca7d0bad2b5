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
import {
  unsubscribeFromUpdates,
  verifyPreferencesToken,
} from '#app/modules/donors/email-preferences.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'

export const meta: MetaFunction = () => [
  { title: 'Unsubscribe · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const INVALID = 'This unsubscribe link is not valid. Sign in to change your email preferences.'

function tokenOf(request: Request): string {
  return new URL(request.url).searchParams.get('token') ?? ''
}

export function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request)
  if (!verifyPreferencesToken(token))
    throw new Response(INVALID, { status: 400, headers: DONOR_PAGE_HEADERS })
  return { token }
}

export async function action({ request }: ActionFunctionArgs) {
  const donorId = verifyPreferencesToken(tokenOf(request))
  if (!donorId)
    return data({ done: false, error: INVALID }, { status: 400, headers: DONOR_PAGE_HEADERS })
  await unsubscribeFromUpdates(donorId)
  return data({ done: true, error: null }, { headers: DONOR_PAGE_HEADERS })
}

export default function Unsubscribe() {
  const { token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const preferences = `/account/preferences?token=${encodeURIComponent(token)}`
  return (
    <section className="page account" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">
        {result?.done ? 'You are unsubscribed' : 'Unsubscribe from appeal updates'}
      </h1>
      {result?.done ? (
        <p className="lede">
          We will send you no more appeal updates, whatever you choose on later gifts. Receipts for
          gifts still arrive. You can <Link to={preferences}>change this</Link> at any time.
        </p>
      ) : (
        <>
          <p className="lede">
            Stop all appeal updates from Lantern? Receipts for your gifts still arrive.
          </p>
          {result?.error ? <p className="form-alert">{result.error}</p> : null}
          <Form method="post" action={`/email/unsubscribe?token=${encodeURIComponent(token)}`}>
            <button type="submit" className="button button--primary">
              Unsubscribe
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
