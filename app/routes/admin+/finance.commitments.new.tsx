import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { CommitmentForm } from '#app/components/commitment-form.tsx'
import { campaignChoices, createCommitment } from '#app/modules/finance/commitments.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-receipts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('New scheduled pledge')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  return {
    campaigns: await campaignChoices(),
    today: new Date().toISOString().slice(0, 10),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const outcome = await createCommitment(await request.formData(), {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  if (outcome.kind === 'invalid') return data({ result: outcome.result }, { status: 400 })
  return redirect(`/admin/finance/commitments/${outcome.commitmentId}?created=1`)
}

export default function NewCommitment() {
  const { campaigns, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <h1>New scheduled pledge</h1>
      <p className="admin-muted">
        A promise to give a total over a schedule. Link the donor&apos;s gifts to it as they arrive.
      </p>
      <CommitmentForm lastResult={actionData?.result ?? null} campaigns={campaigns} today={today} />
    </>
  )
}
