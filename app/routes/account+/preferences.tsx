// /account/preferences: whether the donor gets appeal updates. Open when signed in, or from the
// signed link in every update email (no sign-in needed to say "stop").
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDonor, requireDonor } from '#app/modules/donors/donor-session.server.ts'
import {
  setUpdatesWanted,
  updatesWanted,
  verifyPreferencesToken,
} from '#app/modules/donors/email-preferences.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction = () => [
  { title: 'Email preferences · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

/** The donor this request may act for: the signed link's, else the signed-in one. */
async function whoseRequest(request: Request): Promise<{ donorId: string; token: string | null }> {
  const token = new URL(request.url).searchParams.get('token')
  if (token) {
    const donorId = verifyPreferencesToken(token)
    if (!donorId) {
      const signedIn = await getDonor(request)
      if (signedIn) return { donorId: signedIn.id, token: null }
      throw new Response('This preferences link is not valid. Sign in to change your emails.', {
        status: 400,
        headers: DONOR_PAGE_HEADERS,
      })
    }
    return { donorId, token }
  }
  return { donorId: (await requireDonor(request)).id, token: null }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { donorId, token } = await whoseRequest(request)
  const wanted = await updatesWanted(donorId)
  if (wanted === null) throw notFound()
  return { wanted, token }
}

export async function action({ request }: ActionFunctionArgs) {
  const { donorId } = await whoseRequest(request)
  const choice = (await request.formData().catch(() => new FormData())).get('updates')
  if (choice !== 'yes' && choice !== 'no') {
    return data(
      { saved: false, error: 'Choose whether you want appeal updates.' },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  }
  await setUpdatesWanted(donorId, choice === 'yes')
  return data({ saved: true, error: null }, { headers: DONOR_PAGE_HEADERS })
}

export default function Preferences() {
  const { wanted, token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const formAction = token
    ? `/account/preferences?token=${encodeURIComponent(token)}`
    : '/account/preferences'
  return (
    <section className="page account" aria-labelledby="preferences-title">
      <h1 id="preferences-title">Email preferences</h1>
      <p className="lede">
        Receipts and sign-in links are always sent. Appeal updates are news from the appeals you
        gave to, sent only when you asked for them on your gift.
      </p>
      {result?.saved ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" action={formAction} className="account-form">
        <fieldset
          className="choice-group"
          aria-describedby={result?.error ? 'updates-error' : undefined}
        >
          <legend>Appeal updates</legend>
          <label className="choice">
            <input type="radio" name="updates" value="yes" defaultChecked={wanted} />
            Send me updates from appeals where I asked for them
          </label>
          <label className="choice">
            <input type="radio" name="updates" value="no" defaultChecked={!wanted} />
            Send me no appeal updates
          </label>
          {result?.error ? (
            <p id="updates-error" className="field-error">
              {result.error}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button button--primary">
          Save
        </button>
      </Form>
      {token ? null : (
        <p>
          <Link to="/account">Back to my giving</Link>
        </p>
      )}
    </section>
  )
}
