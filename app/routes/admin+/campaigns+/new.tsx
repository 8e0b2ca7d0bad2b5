import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { AdminCampaignForm } from '#app/components/admin-campaign-form.tsx'
import { createCampaign, previewStory } from '#app/modules/campaigns/campaign-admin.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('New campaign')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const formData = await request.formData()
  const outcome = await createCampaign(formData, staffContext(staff, context.clientIp))
  if (outcome.kind === 'saved') return redirect(`/admin/campaigns/${outcome.campaignId}?saved=1`)
  const storyPreview = formData.get('intent') === 'preview' ? previewStory(formData) : null
  return data(
    { result: outcome.result, storyPreview },
    { status: outcome.kind === 'invalid' ? outcome.status : 200 },
  )
}

export default function NewCampaign() {
  const actionData = useActionData<typeof action>()
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">New campaign</h1>
      <p>It is saved as a draft; nothing is public until you publish it.</p>
      <AdminCampaignForm
        defaultValue={null}
        lastResult={actionData?.result ?? null}
        storyPreview={actionData?.storyPreview ?? null}
        moneyLocked={false}
        submitLabel="Save draft"
      />
    </section>
  )
}
