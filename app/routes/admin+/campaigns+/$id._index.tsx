import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AdminCampaignForm } from '#app/components/admin-campaign-form.tsx'
import { AdminCampaignNav } from '#app/components/admin-campaign-nav.tsx'
import {
  ARCHIVED_MESSAGE,
  campaignHasGifts,
  getCampaignForEditing,
  previewStory,
  staffStatus,
  updateCampaign,
} from '#app/modules/campaigns/campaign-admin.server.ts'
import { toFormDefaults } from '#app/modules/campaigns/campaign-form.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  adminMeta(data ? `Edit ${data.title}` : 'Campaign not found')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const campaign = await getCampaignForEditing(params.id ?? '')
  if (!campaign) throw notFound()
  return {
    id: campaign.id,
    title: campaign.title,
    slug: campaign.slug,
    status: staffStatus(campaign, new Date()),
    archived: campaign.status === 'ARCHIVED',
    moneyLocked: await campaignHasGifts(campaign.id),
    defaults: toFormDefaults(campaign),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const id = params.id ?? ''
  const formData = await request.formData()
  const outcome = await updateCampaign(id, formData, staffContext(staff, context.clientIp))
  if (outcome.kind === 'saved') return redirect(`/admin/campaigns/${id}?saved=1`)
  const storyPreview = formData.get('intent') === 'preview' ? previewStory(formData) : null
  return data(
    { result: outcome.result, storyPreview },
    { status: outcome.kind === 'invalid' ? outcome.status : 200 },
  )
}

export default function EditCampaign() {
  const campaign = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  return (
    <section className="admin-campaign">
      <AdminCampaignNav id={campaign.id} title={campaign.title} status={campaign.status} />
      {search.get('saved') && !actionData ? (
        <p className="admin-notice" role="status">
          Saved. {campaign.status === 'Draft' ? 'It stays a draft until you publish it.' : null}
        </p>
      ) : null}
      <p>
        Public address: <Link to={`/campaigns/${campaign.slug}`}>/campaigns/{campaign.slug}</Link>
      </p>
      {campaign.archived ? (
        <p className="form-alert" role="alert">
          {ARCHIVED_MESSAGE}
        </p>
      ) : (
        <AdminCampaignForm
          defaultValue={campaign.defaults}
          lastResult={actionData?.result ?? null}
          storyPreview={actionData?.storyPreview ?? null}
          moneyLocked={campaign.moneyLocked}
          submitLabel="Save changes"
          previewAction={`/admin/campaigns/${campaign.id}/preview`}
        />
      )}
    </section>
  )
}
