import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormAlert, Notice, StaffField } from '#app/components/staff-form.tsx'
import { changeOwnPassword, getStaffUser } from '#app/modules/staff/accounts.server.ts'
import { requireStaffSession } from '#app/modules/staff/auth.server.ts'
import { changePasswordSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { regenerateRecoveryCodes } from '#app/modules/staff/two-factor.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction = () => adminMeta('Account security')

export async function loader({ request }: LoaderFunctionArgs) {
  const { staff } = await requireStaffSession(request)
  const user = await getStaffUser(staff.id)
  if (!user) throw notFound()
  return {
    email: user.email,
    totpEnabled: !!user.totpEnabledAt,
    unusedRecoveryCodes: user._count.recoveryCodes,
    sessions: user._count.sessions,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, sessionId } = await requireStaffSession(request)
  const formData = await request.formData()
  const audit = { actor: staff, ipAddress: context.clientIp }
  if (formData.get('intent') === 'regenerate-codes') {
    const user = await getStaffUser(staff.id)
    if (!user?.totpEnabledAt)
      return data({ result: null, recoveryCodes: null, notice: null }, { status: 400 })
    const recoveryCodes = await regenerateRecoveryCodes(staff, context.clientIp)
    return { result: null, recoveryCodes, notice: null }
  }
  const submission = parseForm(formData, changePasswordSchema)
  const hidden = { hideFields: ['currentPassword', 'newPassword', 'confirm'] }
  if (submission.status !== 'success') {
    return data(
      { result: submission.reply(hidden), recoveryCodes: null, notice: null },
      { status: 400 },
    )
  }
  const outcome = await changeOwnPassword(
    { userId: staff.id, sessionId, ...submission.value },
    audit,
  )
  if (!outcome.ok) {
    const result = submission.reply({
      ...hidden,
      fieldErrors: { [outcome.field]: [outcome.message] },
    })
    return data({ result, recoveryCodes: null, notice: null }, { status: 400 })
  }
  return data(
    {
      result: submission.reply({ resetForm: true }),
      recoveryCodes: null,
      notice: 'Your password was changed. Your other sessions were signed out.',
    },
    { headers: { 'Set-Cookie': outcome.setCookie } },
  )
}

export default function AccountPage() {
  const account = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'change-password',
    lastResult: actionData?.result ?? null,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, changePasswordSchema),
  })
  return (
    <>
      <h1>Account security</h1>
      <p className="admin-muted">{account.email}</p>
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}

      <section className="admin-section" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <Form method="post" {...getFormProps(form)} className="admin-form">
          <FormAlert id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="change-password" />
          <StaffField
            meta={fields.currentPassword}
            label="Current password"
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
            Change password
          </button>
        </Form>
      </section>

      <section className="admin-section" aria-labelledby="twofa-title">
        <h2 id="twofa-title">Two-factor sign-in</h2>
        {account.totpEnabled ? (
          <>
            <p>
              On. You have {account.unusedRecoveryCodes} unused recovery code
              {account.unusedRecoveryCodes === 1 ? '' : 's'}.
            </p>
            {actionData?.recoveryCodes ? (
              <>
                <p>
                  Your new recovery codes (the old ones no longer work). They are shown only now:
                </p>
                <ul className="recovery-codes" aria-label="Recovery codes">
                  {actionData.recoveryCodes.map((code) => (
                    <li key={code}>
                      <code>{code}</code>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="regenerate-codes" />
                <button type="submit" className="button">
                  Make new recovery codes
                </button>
              </Form>
            )}
          </>
        ) : (
          <p>Not set up yet.</p>
        )}
      </section>

      <section className="admin-section" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <p>
          You are signed in on {account.sessions} device{account.sessions === 1 ? '' : 's'} or
          browser
          {account.sessions === 1 ? '' : 's'}. Lost a device? Sign out everywhere, then sign in
          again here.
        </p>
        <Form method="post" action="/admin/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </>
  )
}
