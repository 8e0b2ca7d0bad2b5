import {
  MaxPartSizeExceededError,
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AdminCampaignNav } from '#app/components/admin-campaign-nav.tsx'
import { AdminHeroImageForm } from '#app/components/admin-hero-image-form.tsx'
import { getCampaignForEditing, staffStatus } from '#app/modules/campaigns/campaign-admin.server.ts'
import {
  tooBigMessage,
  updateHeroImage,
  type HeroImageOutcome,
} from '#app/modules/campaigns/hero-image.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { normaliseText } from '#app/utils/text.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Hero image')

type HeroImageFieldErrors = Extract<HeroImageOutcome, { kind: 'invalid' }>['fieldErrors']

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const campaign = await getCampaignForEditing(params.id ?? '')
  if (!campaign) throw notFound()
  return {
    id: campaign.id,
    title: campaign.title,
    status: staffStatus(campaign, new Date()),
    heroImage: campaign.heroImageKey
      ? { key: campaign.heroImageKey, alt: campaign.heroImageAlt ?? '' }
      : null,
    maxMegabytes: Math.floor(getEnv().MAX_UPLOAD_BYTES / (1024 * 1024)),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const id = params.id ?? ''
  if (!request.headers.get('Content-Type')?.startsWith('multipart/form-data')) {
    const fieldErrors: HeroImageFieldErrors = { form: ['Send the image with the upload form.'] }
    return data({ fieldErrors }, { status: 400 })
  }
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: getEnv().MAX_UPLOAD_BYTES }),
    )
  } catch (error) {
    // A malformed multipart body is the sender's fault too: a 400 at the form, not a 500.
    const fieldErrors: HeroImageFieldErrors =
      error instanceof MaxPartSizeExceededError
        ? { image: [tooBigMessage()] }
        : { form: ['The upload could not be read; choose the file and send it again.'] }
    return data({ fieldErrors }, { status: 400 })
  }
  const file = formData.get('image')
  const outcome = await updateHeroImage(
    id,
    {
      file: file instanceof File ? file : null,
      alt: normaliseText(String(formData.get('alt') ?? '')),
      remove: formData.get('intent') === 'remove',
    },
    staffContext(staff, context.clientIp),
  )
  if (outcome.kind === 'saved') return redirect(`/admin/campaigns/${id}/image?saved=1`)
  return data({ fieldErrors: outcome.fieldErrors }, { status: 400 })
}

export default function HeroImage() {
  const campaign = useLoaderData<typeof loader>()
  const errors = useActionData<typeof action>()?.fieldErrors
  const [search] = useSearchParams()
  return (
    <section className="admin-campaign">
      <AdminCampaignNav id={campaign.id} title={campaign.title} status={campaign.status} />
      {search.get('saved') && !errors ? (
        <p className="admin-notice" role="status">
          Saved. Location and camera details were removed from the image.
        </p>
      ) : null}
      {errors?.form ? (
        <p className="form-alert" role="alert">
          {errors.form.join(' ')}
        </p>
      ) : null}
      <AdminHeroImageForm
        heroImage={campaign.heroImage}
        maxMegabytes={campaign.maxMegabytes}
        errors={errors ?? null}
      />
    </section>
  )
}
