// /account/preferences: whether the donor gets appeal updates. Open when signed in, or from the
// signed link in every update email (no sign-in needed to say "stop").
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
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
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Email preferences · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const localeOf = (request: Request) => splitLocalePath(new URL(request.url).pathname).locale

/** The donor this request may act for: the signed link's, else the signed-in one. */
async function whoseRequest(request: Request): Promise<{ donorId: string; token: string | null }> {
  const token = new URL(request.url).searchParams.get('token')
  if (token) {
    const donorId = verifyPreferencesToken(token)
    if (!donorId) {
      const signedIn = await getDonor(request)
      if (signedIn) return { donorId: signedIn.id, token: null }
      const message = serverIntl(localeOf(request)).formatMessage({ id: 'preferences.badLink' })
      throw new Response(message, {
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
  const title = serverIntl(localeOf(request)).formatMessage({ id: 'preferences.title' })
  return { wanted, token, title }
}

export async function action({ request }: ActionFunctionArgs) {
  const { donorId } = await whoseRequest(request)
  const choice = (await request.formData().catch(() => new FormData())).get('updates')
  if (choice !== 'yes' && choice !== 'no') {
    return data(
      {
        saved: false,
        error: serverIntl(localeOf(request)).formatMessage({ id: 'preferences.error' }),
      },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  }
  await setUpdatesWanted(donorId, choice === 'yes')
  return data({ saved: true, error: null }, { headers: DONOR_PAGE_HEADERS })
}

export default function Preferences() {
  const { wanted, token } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { code: locale } = useLocale()
  const page = localizePath('/account/preferences', locale)
  const formAction = token ? `${page}?token=${encodeURIComponent(token)}` : page
  return (
    <section className="page account" aria-labelledby="preferences-title">
      <h1 id="preferences-title">
        <FormattedMessage id="preferences.heading" />
      </h1>
      <p className="lede">
        <FormattedMessage id="preferences.lede" />
      </p>
      {result?.saved ? (
        <p className="notice" role="status">
          <FormattedMessage id="preferences.saved" />
        </p>
      ) : null}
      <Form method="post" action={formAction} className="account-form">
        <fieldset
          className="choice-group"
          aria-describedby={result?.error ? 'updates-error' : undefined}
        >
          <legend>
            <FormattedMessage id="preferences.legend" />
          </legend>
          <label className="choice">
            <input type="radio" name="updates" value="yes" defaultChecked={wanted} />
            <FormattedMessage id="preferences.yes" />
          </label>
          <label className="choice">
            <input type="radio" name="updates" value="no" defaultChecked={!wanted} />
            <FormattedMessage id="preferences.no" />
          </label>
          <FieldError id="updates-error" errors={result?.error} />
        </fieldset>
        <button type="submit" className="button button--primary">
          <FormattedMessage id="preferences.save" />
        </button>
      </Form>
      {token ? null : (
        <p>
          <Link to={localizePath('/account', locale)}>
            <FormattedMessage id="preferences.back" />
          </Link>
        </p>
      )}
    </section>
  )
}
