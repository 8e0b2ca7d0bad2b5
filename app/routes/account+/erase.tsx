// /account/erase: the signed-in donor asks for their details to be erased (typed confirmation).
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { requestDonorErasure } from '#app/modules/donors/erasure.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Erase my details · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const localeOf = (request: Request) => splitLocalePath(new URL(request.url).pathname).locale

/** `?done=1`: where the request lands once made; the donor is signed out by then. */
export async function loader({ request }: LoaderFunctionArgs) {
  const done = new URL(request.url).searchParams.get('done') === '1'
  if (!done) await requireDonor(request)
  return data(
    { title: serverIntl(localeOf(request)).formatMessage({ id: 'account.erase.title' }), done },
    { headers: DONOR_PAGE_HEADERS },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const donor = await requireDonor(request)
  const intl = serverIntl(localeOf(request))
  const word = intl.formatMessage({ id: 'account.erase.confirmWord' })
  const typed = (await request.formData().catch(() => new FormData())).get('confirm')
  const answer = typeof typed === 'string' ? typed.normalize('NFC').trim() : ''
  // The page's own word, or the English one whatever the language.
  const confirmed =
    answer.length > 0 && [word, 'ERASE'].some((w) => w.toLowerCase() === answer.toLowerCase())
  if (!confirmed) {
    return data(
      {
        fieldError: intl.formatMessage({ id: 'account.erase.errorConfirm' }, { word }),
      },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  }
  await requestDonorErasure(donor.id, { kind: 'donor' })
  throw redirect(localizePath('/account/erase?done=1', localeOf(request)), {
    headers: DONOR_PAGE_HEADERS,
  })
}

export default function EraseMyDetails() {
  const { done } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const intl = useIntl()
  const locale = useLocale()
  const word = intl.formatMessage({ id: 'account.erase.confirmWord' })
  if (done) {
    return (
      <section className="page account" aria-labelledby="erase-title">
        <h1 id="erase-title">
          <FormattedMessage id="account.erase.doneHeading" />
        </h1>
        <p className="notice" role="status">
          <FormattedMessage id="account.erase.doneBody" />
        </p>
      </section>
    )
  }
  return (
    <section className="page account" aria-labelledby="erase-title">
      <h1 id="erase-title">
        <FormattedMessage id="account.erase.heading" />
      </h1>
      <p className="lede">
        <FormattedMessage id="account.erase.lede" />
      </p>
      <h2>
        <FormattedMessage id="account.erase.removedHeading" />
      </h2>
      <p>
        <FormattedMessage id="account.erase.removed" />
      </p>
      <h2>
        <FormattedMessage id="account.erase.stopsHeading" />
      </h2>
      <p>
        <FormattedMessage id="account.erase.stops" />
      </p>
      <h2>
        <FormattedMessage id="account.erase.keptHeading" />
      </h2>
      <p>
        <FormattedMessage id="account.erase.kept" />
      </p>
      <Form method="post" className="account-form" noValidate>
        <div className="field">
          <label htmlFor="confirm">
            <FormattedMessage id="account.erase.confirmLabel" values={{ word }} />
          </label>
          <input
            id="confirm"
            name="confirm"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            aria-invalid={result?.fieldError ? true : undefined}
            aria-describedby={result?.fieldError ? 'confirm-error' : undefined}
          />
          <FieldError id="confirm-error" errors={result?.fieldError} />
        </div>
        <div className="account-actions">
          <button type="submit" className="button" disabled={busy}>
            <FormattedMessage id="account.erase.submit" />
          </button>
          <Link to={locale.localize('/account')}>
            <FormattedMessage id="account.erase.cancel" />
          </Link>
        </div>
      </Form>
    </section>
  )
}
