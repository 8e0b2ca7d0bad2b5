import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import { changeOwnPassword } from '#app/modules/staff/accounts.server.ts'
import { requireStaffSession, safeRedirectTo } from '#app/modules/staff/auth.server.ts'
import { changePasswordSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Choose your password')

/** Reached only while the password is temporary (set by an administrator); else onwards. */
async function requireTemporaryPassword(request: Request) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get('redirectTo'))
  const session = await requireStaffSession(request, undefined, { passwordChange: true })
  if (!session.mustChangePassword) throw redirect(redirectTo)
  return { ...session, redirectTo }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { staff } = await requireTemporaryPassword(request)
  return { email: staff.email }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, sessionId, redirectTo } = await requireTemporaryPassword(request)
  const submission = parseForm(await request.formData(), changePasswordSchema)
  const hidden = { hideFields: ['currentPassword', 'newPassword', 'confirm'] }
  if (submission.status !== 'success') return data(submission.reply(hidden), { status: 400 })
  const outcome = await changeOwnPassword(
    { userId: staff.id, sessionId, ...submission.value },
    { actor: staff, ipAddress: context.clientIp },
  )
  if (!outcome.ok) {
    const fieldErrors = { [outcome.field]: [outcome.message] }
    return data(submission.reply({ ...hidden, fieldErrors }), { status: 400 })
  }
  return redirect(redirectTo, { headers: { 'Set-Cookie': outcome.setCookie } })
}

export default function ChangePasswordPage() {
  const { email } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'change-password',
    lastResult,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, changePasswordSchema),
  })
  return (
    <section className="admin-narrow" aria-labelledby="change-password-title">
      <h1 id="change-password-title">Choose your password</h1>
      <p>
        An administrator set the password of {email}. Choose your own before you continue: nobody
        else should know it.
      </p>
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="change-password" />
        <StaffField
          meta={fields.currentPassword}
          label="Temporary password"
          type="password"
          autoComplete="current-password"
        />
        <StaffField
          meta={fields.newPassword}
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
        />
        <StaffField
          meta={fields.confirm}
          label="New password again"
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="button button--primary">
          Save and continue
        </button>
      </Form>
      <Form method="post" action="/admin/logout">
        <button type="submit" className="admin-link-button">
          Cancel and sign out
        </button>
      </Form>
    </section>
  )
}
