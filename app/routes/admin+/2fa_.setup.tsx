import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import { getSignInState, safeRedirectTo } from '#app/modules/staff/auth.server.ts'
import { codeSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { otpauthQrDataUrl } from '#app/modules/staff/totp-qr.server.ts'
import { confirmEnrolment, startEnrolment } from '#app/modules/staff/two-factor.server.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Set up two-factor sign-in')

/**
 * Enrolment belongs to a session that passed the password and has no authenticator yet. Once
 * confirmed, the loader answers "done" instead of redirecting, so that the page that shows the
 * recovery codes (the action's answer) survives the revalidation that follows it.
 */
async function enrolmentState(request: Request) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get('redirectTo'))
  const state = await getSignInState(request)
  if (state.kind === 'signed-out') throw redirect('/admin/login')
  if (state.kind === 'signed-in') return { redirectTo, session: null }
  if (state.enrolled) throw redirect(`/admin/2fa?redirectTo=${encodeURIComponent(redirectTo)}`)
  return { redirectTo, session: state.session }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { redirectTo, session } = await enrolmentState(request)
  if (!session) return { redirectTo, enrolment: null }
  const enrolment = await startEnrolment(session.user)
  return { redirectTo, enrolment: { ...enrolment, qr: await otpauthQrDataUrl(enrolment.uri) } }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session } = await enrolmentState(request)
  if (!session) throw redirect('/admin')
  const submission = parseForm(await request.formData(), codeSchema)
  if (submission.status !== 'success')
    return data({ result: submission.reply(), recoveryCodes: null }, { status: 400 })
  const outcome = await confirmEnrolment(session, submission.value.code, context.clientIp)
  if (outcome.ok) {
    return data(
      { result: null, recoveryCodes: outcome.recoveryCodes },
      { headers: { 'Set-Cookie': outcome.setCookie } },
    )
  }
  const message =
    outcome.reason === 'rate-limited'
      ? 'Too many wrong codes: try again later.'
      : 'That code does not match. Check the time on your phone and enter the newest code.'
  return data(
    {
      result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ['code'] }),
      recoveryCodes: null,
    },
    { status: outcome.reason === 'rate-limited' ? 429 : 400 },
  )
}

export default function TwoFactorSetupPage() {
  const { redirectTo, enrolment } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'enrol',
    lastResult: actionData?.result ?? null,
    constraint: getZodConstraint(codeSchema),
    onValidate: ({ formData }) => parseForm(formData, codeSchema),
  })

  if (actionData?.recoveryCodes) {
    return (
      <section className="admin-narrow" aria-labelledby="codes-title">
        <h1 id="codes-title">Save your recovery codes</h1>
        <p>
          Two-factor sign-in is on. If you lose your phone, each of these codes lets you sign in
          once. Store them somewhere safe, such as a password manager. They are shown only now.
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {actionData.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <Link to={redirectTo} className="button button--primary">
            I have saved them: continue
          </Link>
        </p>
      </section>
    )
  }
  if (!enrolment) {
    return (
      <section className="admin-narrow" aria-labelledby="setup-title">
        <h1 id="setup-title">Two-factor sign-in is set up</h1>
        <p>
          <Link to={redirectTo}>Continue</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="admin-narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up two-factor sign-in</h1>
      <p>
        Every staff account needs a second step at sign-in. Add Lantern to an authenticator app (for
        example a password manager or an app such as Aegis, Raivo or Google Authenticator):
      </p>
      <ol>
        <li>
          Scan this code with the app:
          <p>
            <img
              src={enrolment.qr}
              alt="QR code of the setup key shown below"
              width={200}
              height={200}
              className="totp-qr"
              data-testid="totp-qr"
            />
          </p>
          Or choose “enter a setup key” and type this key:
          <p className="totp-secret" data-testid="totp-secret">
            <code>{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <details>
            <summary>Or copy the setup link</summary>
            <p className="totp-uri">
              <code>{enrolment.uri}</code>
            </p>
          </details>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <StaffField
          meta={fields.code}
          label="Code from the app"
          autoComplete="one-time-code"
          inputMode="numeric"
        />
        <button type="submit" className="button button--primary">
          Turn on two-factor sign-in
        </button>
      </Form>
    </section>
  )
}
