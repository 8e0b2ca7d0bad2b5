// /account/sign-in: a donor asks for a sign-in link by email (no password).
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { FormattedMessage } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { getDonor } from '#app/modules/donors/donor-session.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import { requestSignInLink } from '#app/modules/donors/sign-in.server.ts'
import { safeRedirectTo } from '#app/modules/staff/auth.server.ts'
import { FieldError } from '#app/components/field-error.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? 'Manage my giving · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const NOTICES = {
  used: 'account.signIn.notice.used',
  expired: 'account.signIn.notice.expired',
  revoked: 'account.signIn.notice.revoked',
  invalid: 'account.signIn.notice.invalid',
  'signed-out': 'account.signIn.notice.signedOut',
} as const

const localeOf = (request: Request) => splitLocalePath(new URL(request.url).pathname).locale

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams
  const locale = localeOf(request)
  if (await getDonor(request))
    throw redirect(safeRedirectTo(search.get('redirectTo'), localizePath('/account', locale)), {
      headers: DONOR_PAGE_HEADERS,
    })
  const notice = search.get('notice') ?? ''
  return {
    title: serverIntl(locale).formatMessage({ id: 'account.title' }),
    notice: Object.hasOwn(NOTICES, notice) ? NOTICES[notice as keyof typeof NOTICES] : null,
  }
}

// Messages are catalog ids, turned into the page's language in the action.
const schema = z.object({
  email: z
    .string({ required_error: 'account.signIn.errorRequired' })
    .trim()
    .max(254, 'account.signIn.errorTooLong')
    .email('account.signIn.errorInvalid'),
})
const FIELD_ERRORS = [
  'account.signIn.errorRequired',
  'account.signIn.errorTooLong',
  'account.signIn.errorInvalid',
] as const

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = localeOf(request)
  const intl = serverIntl(locale)
  const form = await request.formData().catch(() => new FormData())
  const parsed = schema.safeParse({ email: form.get('email') ?? undefined })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message
    const id = FIELD_ERRORS.find((known) => known === issue) ?? 'account.signIn.errorInvalid'
    return data(
      { sent: null, fieldError: intl.formatMessage({ id }) },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  }
  const outcome = await requestSignInLink({
    email: parsed.data.email,
    ipAddress: context.clientIp,
    locale,
  })
  if (outcome.kind === 'rate-limited') {
    return data(
      {
        sent: null,
        fieldError: intl.formatMessage({ id: 'account.signIn.errorRateLimited' }),
      },
      {
        status: 429,
        headers: { ...DONOR_PAGE_HEADERS, 'Retry-After': String(outcome.retryAfterSeconds) },
      },
    )
  }
  return data(
    { sent: intl.formatMessage({ id: 'account.signIn.sent' }), fieldError: null },
    { headers: DONOR_PAGE_HEADERS },
  )
}

export default function DonorSignIn() {
  const { notice } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="page account" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">
        <FormattedMessage id="account.signIn.heading" />
      </h1>
      <p className="lede">
        <FormattedMessage id="account.signIn.lede" />
      </p>
      {notice && !result ? (
        <p className="notice" role="status">
          <FormattedMessage id={notice} />
        </p>
      ) : null}
      {result?.sent ? (
        <p className="notice" role="status">
          {result.sent}
        </p>
      ) : null}
      <Form method="post" className="account-form" noValidate>
        <div className="field">
          <label htmlFor="email">
            <FormattedMessage id="account.signIn.email" />
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={result?.fieldError ? true : undefined}
            aria-describedby={result?.fieldError ? 'email-error' : undefined}
          />
          <FieldError id="email-error" errors={result?.fieldError} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          <FormattedMessage id="account.signIn.submit" />
        </button>
      </Form>
    </section>
  )
}
