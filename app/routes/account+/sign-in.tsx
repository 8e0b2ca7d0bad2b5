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
import { getDonor } from '#app/modules/donors/donor-session.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import { requestSignInLink } from '#app/modules/donors/sign-in.server.ts'
import { safeRedirectTo } from '#app/modules/staff/auth.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Manage my giving · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

const NOTICES: Record<string, string> = {
  used: 'That sign-in link was already used. Enter your email and we will send a new one.',
  expired: 'That sign-in link has expired. Enter your email and we will send a new one.',
  revoked: 'That link no longer works. Enter your email and we will send a new one.',
  invalid: 'That link is not valid. Enter your email and we will send a new one.',
  'signed-out': 'You are signed out.',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams
  if (await getDonor(request))
    throw redirect(safeRedirectTo(search.get('redirectTo'), '/account'), {
      headers: DONOR_PAGE_HEADERS,
    })
  return { notice: NOTICES[search.get('notice') ?? ''] ?? null }
}

const schema = z.object({
  email: z
    .string({ required_error: 'Enter the email address you gave with' })
    .trim()
    .max(254, 'That email address is too long')
    .email('Enter an email address like name@example.org'),
})

const SENT_MESSAGE =
  'If that address has given to Lantern, a sign-in link is on its way. It works once, for 30 minutes.'

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData())
  const parsed = schema.safeParse({ email: form.get('email') ?? undefined })
  if (!parsed.success) {
    return data(
      { sent: null, fieldError: parsed.error.issues[0]?.message ?? 'Check the email address' },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  }
  const outcome = await requestSignInLink({ email: parsed.data.email, ipAddress: context.clientIp })
  if (outcome.kind === 'rate-limited') {
    return data(
      {
        sent: null,
        fieldError: 'Too many links were asked for. Please try again in a few minutes.',
      },
      {
        status: 429,
        headers: { ...DONOR_PAGE_HEADERS, 'Retry-After': String(outcome.retryAfterSeconds) },
      },
    )
  }
  return data({ sent: SENT_MESSAGE, fieldError: null }, { headers: DONOR_PAGE_HEADERS })
}

export default function DonorSignIn() {
  const { notice } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="page account" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Manage my giving</h1>
      <p className="lede">
        See your gifts and receipts, download your statements and change a monthly gift. There is no
        password: we email you a link.
      </p>
      {notice && !result ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {result?.sent ? (
        <p className="notice" role="status">
          {result.sent}
        </p>
      ) : null}
      <Form method="post" className="account-form" noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={result?.fieldError ? true : undefined}
            aria-describedby={result?.fieldError ? 'email-error' : undefined}
          />
          {result?.fieldError ? (
            <p id="email-error" className="field-error">
              {result.fieldError}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          Email me a sign-in link
        </button>
      </Form>
    </section>
  )
}
