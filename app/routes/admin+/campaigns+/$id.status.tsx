import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AdminCampaignNav } from '#app/components/admin-campaign-nav.tsx'
import { AdminNamingFindings } from '#app/components/admin-naming-findings.tsx'
import { AdminStatusPanels } from '#app/components/admin-status-panels.tsx'
import { changeCampaignStatus } from '#app/modules/campaigns/campaign-status.server.ts'
import { getCampaignForEditing, staffStatus } from '#app/modules/campaigns/campaign-admin.server.ts'
import { toUtcDateTimeInput } from '#app/modules/campaigns/campaign-form.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  adminMeta(data ? `Publish ${data.title}` : 'Campaign not found')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const campaign = await getCampaignForEditing(params.id ?? '')
  if (!campaign) throw notFound()
  return {
    id: campaign.id,
    title: campaign.title,
    state: campaign.status,
    status: staffStatus(campaign, new Date()),
    startsAt: toUtcDateTimeInput(campaign.startsAt),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const id = params.id ?? ''
  const outcome = await changeCampaignStatus(
    id,
    await request.formData(),
    staffContext(staff, context.clientIp),
  )
  switch (outcome.kind) {
    case 'done':
      return redirect(`/admin/campaigns/${outcome.campaignId}${outcome.next}`)
    case 'refused':
      return data({ message: outcome.message, findings: null, intent: null }, { status: 400 })
    case 'needs-confirmation':
      return data(
        { message: null, findings: outcome.findings, intent: outcome.intent },
        { status: 400 },
      )
  }
}

const DONE: Record<string, string> = {
  publish: 'Published.',
  schedule: 'Scheduled: the appeal goes public at its start date.',
  close: 'Closed: the page stays up but takes no more gifts.',
  archive: 'Archived: the appeal is no longer public.',
  duplicate: 'This is the copy, saved as a draft.',
}

export default function CampaignStatus() {
  const campaign = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const done = DONE[search.get('done') ?? '']
  return (
    <section className="admin-campaign">
      <AdminCampaignNav id={campaign.id} title={campaign.title} status={campaign.status} />
      {done && !actionData ? (
        <p className="admin-notice" role="status">
          {done}
        </p>
      ) : null}
      {actionData?.message ? (
        <p className="form-alert" role="alert">
          {actionData.message}
        </p>
      ) : null}
      {actionData?.findings ? <AdminNamingFindings findings={actionData.findings} /> : null}

      <AdminStatusPanels
        state={campaign.state}
        scheduled={campaign.status === 'Scheduled'}
        startsAt={campaign.startsAt}
        confirming={actionData?.findings ? actionData.intent : null}
      />
    </section>
  )
}
