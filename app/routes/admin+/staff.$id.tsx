import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormAlert, Notice, StaffField } from '#app/components/staff-form.tsx'
import { RoleChoices } from '#app/components/staff-roles.tsx'
import {
  getStaffUser,
  resetTwoFactor,
  setStaffDisabled,
  updateStaffAccount,
} from '#app/modules/staff/accounts.server.ts'
import { requireStaff, revokeAllSessions } from '#app/modules/staff/auth.server.ts'
import { updateStaffSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { parseForm } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  adminMeta(data?.user.name ?? 'Staff account')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, ['ADMIN'])
  const user = await getStaffUser(params.id ?? '')
  if (!user) throw notFound()
  return { user, isSelf: user.id === staff.id }
}

const NOTICES: Record<string, string> = {
  disable: 'The account is disabled and its sessions were ended.',
  enable: 'The account is active again.',
  'reset-2fa': 'Two-factor sign-in was reset: they will set it up again at their next sign-in.',
  'revoke-sessions': 'All their sessions were ended.',
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['ADMIN'])
  const id = params.id ?? ''
  if (!(await getStaffUser(id))) throw notFound()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const audit = { actor: staff, ipAddress: context.clientIp }
  if (intent === 'update') {
    const submission = parseForm(formData, updateStaffSchema)
    if (submission.status !== 'success')
      return data({ result: submission.reply(), notice: null }, { status: 400 })
    const outcome = await updateStaffAccount(id, submission.value, audit)
    if (!outcome.ok) {
      return data(
        { result: submission.reply({ formErrors: [outcome.message] }), notice: null },
        { status: 400 },
      )
    }
    return {
      result: submission.reply(),
      notice: 'Saved. If the roles changed, their sessions were ended.',
    }
  }
  const outcome =
    intent === 'disable' || intent === 'enable'
      ? await setStaffDisabled(id, intent === 'disable', audit)
      : intent === 'reset-2fa'
        ? await resetTwoFactor(id, audit)
        : intent === 'revoke-sessions'
          ? (await revokeAllSessions(id, { ...audit, reason: 'ended by an administrator' }),
            { ok: true as const })
          : { ok: false as const, message: 'Unknown action.' }
  if (!outcome.ok) return data({ result: null, notice: outcome.message }, { status: 400 })
  return { result: null, notice: NOTICES[intent] ?? null }
}

export default function StaffAccountPage() {
  const { user, isSelf } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: `staff-${user.id}`,
    lastResult: actionData?.result ?? null,
    constraint: getZodConstraint(updateStaffSchema),
    defaultValue: { name: user.name, roles: user.roles },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseForm(formData, updateStaffSchema),
  })
  return (
    <>
      <p>
        <Link to="/admin/staff">All staff accounts</Link>
      </p>
      <h1>{user.name}</h1>
      <p className="admin-muted">
        {user.email} · {user.disabledAt ? 'Disabled' : 'Active'} · two-factor{' '}
        {user.totpEnabledAt ? 'on' : 'off'} · {user._count.sessions} open session
        {user._count.sessions === 1 ? '' : 's'}
      </p>
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}

      <section className="admin-section" aria-labelledby="details-title">
        <h2 id="details-title">Name and roles</h2>
        <Form method="post" {...getFormProps(form)} className="admin-form">
          <FormAlert id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="update" />
          <StaffField meta={fields.name} label="Name" autoComplete="off" />
          <RoleChoices meta={fields.roles} />
          <button type="submit" className="button button--primary">
            Save
          </button>
        </Form>
      </section>

      <section className="admin-section" aria-labelledby="access-title">
        <h2 id="access-title">Access</h2>
        <div className="admin-actions">
          {isSelf ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value={user.disabledAt ? 'enable' : 'disable'} />
              <button type="submit" className="button">
                {user.disabledAt ? 'Enable account' : 'Disable account'}
              </button>
            </Form>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-sessions" />
            <button type="submit" className="button">
              End all their sessions
            </button>
          </Form>
          {user.totpEnabledAt ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reset-2fa" />
              <button type="submit" className="button">
                Reset two-factor sign-in
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </>
  )
}
