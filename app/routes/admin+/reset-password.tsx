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
import { resetPasswordSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { isResetTokenUsable, resetPassword } from '#app/modules/staff/password-reset.server.ts'
import { clearSessionCookie } from '#app/modules/staff/session.server.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Choose a new password')

// Public: the emailed token is the authorization.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return { token, usable: token ? await isResetTokenUsable(token) : false }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), resetPasswordSchema)
  if (submission.status !== 'success') {
    return data(submission.reply({ hideFields: ['password', 'confirm'] }), { status: 400 })
  }
  const { token, password } = submission.value
  const outcome = await resetPassword(token, password, context.clientIp)
  if (outcome.ok) {
    return redirect('/admin/login?reset=1', {
      headers: { 'Set-Cookie': await clearSessionCookie() },
    })
  }
  const reply =
    outcome.reason === 'weak-password'
      ? submission.reply({
          fieldErrors: { password: [outcome.message] },
          hideFields: ['password', 'confirm'],
        })
      : submission.reply({
          formErrors: ['This link has expired or was already used. Ask for a new one.'],
          hideFields: ['password', 'confirm'],
        })
  return data(reply, { status: 400 })
}

export default function ResetPasswordPage() {
  const { token, usable } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'reset-password',
    lastResult,
    constraint: getZodConstraint(resetPasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, resetPasswordSchema),
  })
  if (!usable) {
    return (
      <section className="admin-narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">This link no longer works</h1>
        <p>Reset links work once, for 30 minutes.</p>
        <p>
          <Link to="/admin/forgot-password">Ask for a new link</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="admin-narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <StaffField
          meta={fields.password}
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. A short sentence is easy to remember and hard to guess."
        />
        <StaffField
          meta={fields.confirm}
          label="New password again"
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="button button--primary">
          Set new password
        </button>
      </Form>
    </section>
  )
}
