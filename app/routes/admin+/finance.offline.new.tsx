import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { OfflineGiftForm } from '#app/components/offline-gift-form.tsx'
import { OfflineGiftsTable } from '#app/components/offline-gifts-table.tsx'
import {
  createOfflineGift,
  offlineGiftChoices,
  recentOfflineGifts,
} from '#app/modules/finance/offline-gifts.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-receipts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Record an offline gift')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const [choices, recent] = await Promise.all([offlineGiftChoices(), recentOfflineGifts()])
  return { ...choices, recent, today: new Date().toISOString().slice(0, 10) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const outcome = await createOfflineGift(await request.formData(), {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  if (outcome.kind === 'invalid') return data({ result: outcome.result }, { status: 400 })
  return redirect(`/admin/finance/gifts/${outcome.giftId}?recorded=1`)
}

export default function NewOfflineGift() {
  const { campaigns, commitments, recent, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <h1>Record an offline gift</h1>
      <p className="admin-muted">
        Cheques, bank transfers and cash. The donor gets a numbered receipt by email, with its PDF.
      </p>
      <OfflineGiftForm
        lastResult={actionData?.result ?? null}
        campaigns={campaigns}
        commitments={commitments}
        today={today}
      />
      <section className="admin-section" aria-labelledby="recent-offline">
        <h2 id="recent-offline">Recently recorded</h2>
        <OfflineGiftsTable gifts={recent} />
      </section>
    </>
  )
}
