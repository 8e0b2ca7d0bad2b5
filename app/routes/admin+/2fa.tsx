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
import { getSignInState, safeRedirectTo } from '#app/modules/staff/auth.server.ts'
import { codeSchema } from '#app/modules/staff/forms.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { verifySecondFactor } from '#app/modules/staff/two-factor.server.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => adminMeta('Two-factor sign-in')

/** Only a session that passed the password and owes a code may be here. */
async function requireCodeStep(request: Request) {
  const search = new URL(request.url).searchParams
  const redirectTo = safeRedirectTo(search.get('redirectTo'))
  const state = await getSignInState(request)
  if (state.kind === 'signed-out') throw redirect('/admin/login')
  if (state.kind === 'signed-in') throw redirect(redirectTo)
  if (!state.enrolled)
    throw redirect(`/admin/2fa/setup?redirectTo=${encodeURIComponent(redirectTo)}`)
  return { session: state.session, redirectTo }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await requireCodeStep(request)
  return { email: session.user.email }
}

export async function action({ request }: ActionFunctionArgs) {
  const { session, redirectTo } = await requireCodeStep(request)
  const submission = parseForm(await request.formData(), codeSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await verifySecondFactor(session, submission.value.code)
  if (result.ok) return redirect(redirectTo, { headers: { 'Set-Cookie': result.setCookie } })
  if (result.reason === 'rate-limited') {
    return data(
      submission.reply({
        formErrors: ['Too many wrong codes: try again later.'],
        hideFields: ['code'],
      }),
      { status: 429 },
    )
  }
  return data(
    submission.reply({
      fieldErrors: {
        code: [
          'That code is not right, or it was already used. Wait for the next code and try again.',
        ],
      },
      hideFields: ['code'],
    }),
    { status: 400 },
  )
}

export default function TwoFactorPage() {
  const { email } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'second-factor',
    lastResult,
    constraint: getZodConstraint(codeSchema),
    onValidate: ({ formData }) => parseForm(formData, codeSchema),
  })
  return (
    <section className="admin-narrow" aria-labelledby="twofa-title">
      <h1 id="twofa-title">Enter your code</h1>
      <p>
        Open the authenticator app where you added Lantern ({email}) and enter the 6-digit code. No
        phone? Enter one of your recovery codes instead.
      </p>
      <Form method="post" {...getFormProps(form)} className="admin-form">
        <FormAlert id={form.errorId} errors={form.errors} />
        <StaffField meta={fields.code} label="Code or recovery code" autoComplete="one-time-code" />
        <button type="submit" className="button button--primary">
          Continue
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
