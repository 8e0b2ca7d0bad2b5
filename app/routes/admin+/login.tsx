import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormAlert, Notice, StaffField } from '#app/components/staff-form.tsx'
import { getStaff, safeRedirectTo, signIn } from '#app/modules/staff/auth.server.ts'
import { loginSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Sign in')

const GENERIC_FAILURE = 'That email and password do not match an active staff account.'

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams
  const redirectTo = safeRedirectTo(search.get('redirectTo'))
  if (await getStaff(request)) throw redirect(redirectTo)
  return {
    redirectTo,
    reset: search.get('reset') === '1',
    signedOut: search.get('signedOut') === '1',
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), loginSchema)
  if (submission.status !== 'success') {
    return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const outcome = await signIn({
    email,
    password,
    ipAddress: context.clientIp,
    userAgent: request.headers.get('User-Agent'),
  })
  if (outcome.kind === 'rate-limited') {
    return data(
      submission.reply({
        formErrors: [`${GENERIC_FAILURE} Too many attempts: try again later.`],
        hideFields: ['password'],
      }),
      { status: 429, headers: { 'Retry-After': String(outcome.retryAfterSeconds) } },
    )
  }
  if (outcome.kind === 'invalid') {
    return data(submission.reply({ formErrors: [GENERIC_FAILURE], hideFields: ['password'] }), {
      status: 400,
    })
  }
  const target = safeRedirectTo(redirectTo)
  const next =
    outcome.next === 'done'
      ? target
      : `/admin/${outcome.next === '2fa' ? '2fa' : '2fa/setup'}?redirectTo=${encodeURIComponent(target)}`
  return redirect(next, { headers: { 'Set-Cookie': outcome.setCookie } })
}

export default function LoginPage() {
  const { redirectTo, reset, signedOut } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, loginSchema),
  })
  return (
    <section className="admin-narrow" aria-labelledby="login-title">
      <h1 id="login-title">Staff sign-in</h1>
      {reset ? <Notice>Your password was changed. Sign in with the new one.</Notice> : null}
      {signedOut ? <Notice>You are signed out.</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <StaffField meta={fields.email} label="Email" type="email" autoComplete="username" />
        <StaffField
          meta={fields.password}
          label="Password"
          type="password"
          autoComplete="current-password"
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Sign in
        </button>
      </Form>
      <p>
        <Link to="/admin/forgot-password">Forgot your password?</Link>
      </p>
    </section>
  )
}
