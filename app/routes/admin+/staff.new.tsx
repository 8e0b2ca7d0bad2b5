import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { FormAlert, StaffField } from '#app/components/staff-form.tsx'
import { RoleChoices } from '#app/components/staff-roles.tsx'
import { createStaffAccount } from '#app/modules/staff/accounts.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { createStaffSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('New staff account')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['ADMIN'])
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['ADMIN'])
  const submission = parseForm(await request.formData(), createStaffSchema)
  if (submission.status !== 'success')
    return data({ result: submission.reply(), created: null }, { status: 400 })
  const outcome = await createStaffAccount(submission.value, {
    actor: staff,
    ipAddress: context.clientIp,
  })
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }),
        created: null,
      },
      { status: 400 },
    )
  }
  return {
    result: submission.reply({ resetForm: true }),
    created: { id: outcome.user.id, email: outcome.user.email, password: outcome.password },
  }
}

export default function NewStaffPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'new-staff',
    lastResult: actionData?.result ?? null,
    constraint: getZodConstraint(createStaffSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, createStaffSchema),
  })
  const created = actionData?.created
  return (
    <>
      <h1>New staff account</h1>
      {created ? (
        <div className="admin-notice" role="status">
          <p>
            Created <Link to={`/admin/staff/${created.id}`}>{created.email}</Link>. Give them this
            temporary password in person or by phone (never in the same email as their address). It
            is shown only now; they should change it after signing in.
          </p>
          <p className="totp-secret">
            Temporary password: <code data-testid="temporary-password">{created.password}</code>
          </p>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <StaffField meta={fields.name} label="Name" autoComplete="off" />
        <StaffField meta={fields.email} label="Email" type="email" autoComplete="off" />
        <RoleChoices meta={fields.roles} />
        <button type="submit" className="button button--primary">
          Create account
        </button>
      </Form>
    </>
  )
}
