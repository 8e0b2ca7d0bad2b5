import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { FormAlert, Notice, StaffField } from '#app/components/staff-form.tsx'
import { forgotPasswordSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { requestPasswordReset } from '#app/modules/staff/password-reset.server.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Forgot password')

// Public, like the sign-in page: nothing to authorize before the form.
export function loader() {
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), forgotPasswordSchema)
  if (submission.status !== 'success')
    return data({ result: submission.reply(), sent: false }, { status: 400 })
  await requestPasswordReset(submission.value.email, context.clientIp)
  // The same answer whether or not the address has an account.
  return { result: submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'forgot-password',
    lastResult: actionData?.result ?? null,
    constraint: getZodConstraint(forgotPasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, forgotPasswordSchema),
  })
  return (
    <section className="admin-narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {actionData?.sent ? (
        <Notice>
          If that address belongs to a staff account, we have sent it a link to choose a new
          password. The link works once, for 30 minutes.
        </Notice>
      ) : (
        <p>
          Enter the email address of your staff account. We will email you a link to choose a new
          password.
        </p>
      )}
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <StaffField meta={fields.email} label="Email" type="email" autoComplete="username" />
        <button type="submit" className="button button--primary">
          Email me a link
        </button>
      </Form>
      <p>
        <Link to="/admin/login">Back to sign-in</Link>
      </p>
    </section>
  )
}
