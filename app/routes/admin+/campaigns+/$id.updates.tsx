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
import { AdminUpdateForm, AdminUpdateList } from '#app/components/admin-campaign-updates.tsx'
import { getCampaignForEditing, staffStatus } from '#app/modules/campaigns/campaign-admin.server.ts'
import {
  emailCampaignUpdate,
  findUpdateRecipients,
} from '#app/modules/campaigns/campaign-update-email.server.ts'
import {
  listCampaignUpdates,
  publishCampaignUpdate,
  saveCampaignUpdate,
} from '#app/modules/campaigns/campaign-updates.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Campaign updates')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const campaign = await getCampaignForEditing(params.id ?? '')
  if (!campaign) throw notFound()
  return {
    id: campaign.id,
    title: campaign.title,
    status: staffStatus(campaign, new Date()),
    updates: await listCampaignUpdates(campaign.id),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const id = params.id ?? ''
  const formData = await request.formData()
  const ctx = staffContext(staff, context.clientIp)
  if (formData.get('intent') === 'email') {
    const sent = await emailCampaignUpdate(
      id,
      String(formData.get('updateId') ?? ''),
      ctx,
      findUpdateRecipients,
    )
    if (sent.kind === 'refused') {
      const fieldErrors: Record<string, string[]> = { '': [sent.message] }
      return data({ fieldErrors, findings: null, updateId: null }, { status: 409 })
    }
    return redirect(`/admin/campaigns/${id}/updates?done=email&recipients=${sent.recipients}`)
  }
  const outcome =
    formData.get('intent') === 'publish'
      ? await publishCampaignUpdate(id, String(formData.get('updateId') ?? ''), ctx, {
          namingConfirmed: formData.get('namingConfirmed') === 'on',
        })
      : await saveCampaignUpdate(id, formData, ctx)
  switch (outcome.kind) {
    case 'done':
      return redirect(
        `/admin/campaigns/${id}/updates?done=${String(formData.get('intent') ?? 'save')}`,
      )
    case 'invalid':
      return data(
        { fieldErrors: outcome.fieldErrors, findings: null, updateId: null },
        { status: outcome.status },
      )
    case 'needs-confirmation':
      return data(
        { fieldErrors: null, findings: outcome.findings, updateId: outcome.updateId },
        { status: 400 },
      )
  }
}

export default function CampaignUpdates() {
  const campaign = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const editing = campaign.updates.find((update) => update.id === search.get('edit'))
  const errors = actionData?.fieldErrors
  const done = search.get('done')
  return (
    <section className="admin-campaign">
      <AdminCampaignNav id={campaign.id} title={campaign.title} status={campaign.status} />
      {done && !actionData ? (
        <p className="admin-notice" role="status">
          {done === 'publish'
            ? 'Published on the appeal page.'
            : done === 'email'
              ? `Being emailed to ${search.get('recipients') ?? 0} donor(s) who asked for updates.`
              : 'Saved as a draft.'}
        </p>
      ) : null}
      {errors?.[''] ? (
        <p className="form-alert" role="alert">
          {errors[''].join(' ')}
        </p>
      ) : null}
      <AdminUpdateForm
        key={editing?.id ?? 'new'}
        campaignId={campaign.id}
        editing={editing ?? null}
        errors={errors ?? null}
      />
      <AdminUpdateList
        updates={campaign.updates}
        findings={actionData?.findings ?? null}
        findingsFor={actionData?.updateId ?? null}
      />
    </section>
  )
}
