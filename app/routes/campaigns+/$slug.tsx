import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { CampaignMessages } from '#app/components/campaign-messages.tsx'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { DonateForm } from '#app/components/donate-form.tsx'
import { getCampaignForGiving, getPublicCampaign } from '#app/modules/campaigns/campaigns.server.ts'
import { FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import { startDonation } from '#app/modules/donations/checkout.server.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.campaign.title} · Lantern` },
        { name: 'description', content: data.campaign.summary },
      ]
    : [{ title: 'Appeal not found · Lantern' }]

/** The page is public and cacheable; the answer to a donate POST is personal and never cached. */
export const headers: HeadersFunction = ({ parentHeaders, actionHeaders }) => {
  const headers = new Headers(parentHeaders)
  if (actionHeaders.has('X-Donate-Result')) {
    headers.set('Cache-Control', 'no-store')
    const retryAfter = actionHeaders.get('Retry-After')
    if (retryAfter) headers.set('Retry-After', retryAfter)
  }
  return headers
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const campaign = await getPublicCampaign(params.slug ?? '')
  if (!campaign) throw notFound()
  const search = new URL(request.url).searchParams
  const utm = {
    source: search.get('utm_source'),
    medium: search.get('utm_medium'),
    campaign: search.get('utm_campaign'),
  }
  return { campaign, utm }
}

const NO_STORE = { 'X-Donate-Result': '1', 'Cache-Control': 'no-store' }

export async function action({ params, request, context }: ActionFunctionArgs) {
  const campaign = await getCampaignForGiving(params.slug ?? '')
  if (!campaign || campaign.status === 'DRAFT' || campaign.status === 'ARCHIVED') throw notFound()
  const outcome = await startDonation({
    campaign,
    formData: await request.formData(),
    clientIp: context.clientIp,
  })
  switch (outcome.kind) {
    case 'redirect':
      return redirect(outcome.url, 303)
    case 'invalid':
      return data({ result: outcome.result, notice: null }, { status: 400, headers: NO_STORE })
    case 'rate-limited':
      return data(
        {
          result: null,
          notice: `You have started several gifts in a short time, so we paused new ones to protect donors from card fraud. Please try again in ${Math.ceil(outcome.retryAfterSeconds / 60)} minute(s).`,
        },
        { status: 429, headers: { ...NO_STORE, 'Retry-After': String(outcome.retryAfterSeconds) } },
      )
    case 'unavailable':
      return data({ result: null, notice: outcome.message }, { status: 503, headers: NO_STORE })
  }
}

export default function CampaignPage() {
  const { campaign, utm } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <article className="page campaign">
      <header className="campaign__header">
        <p className="eyebrow">{FUND_DETAILS[campaign.fund].label}</p>
        <h1>{campaign.title}</h1>
        <p className="lede">{campaign.summary}</p>
      </header>

      <div className="campaign__layout">
        <section className="campaign__give" aria-labelledby="give-title" id="give">
          <CampaignProgress {...campaign} label={campaign.title} />
          <h2 id="give-title" className="give__title">
            {campaign.closed ? 'This appeal has closed' : 'Give to this appeal'}
          </h2>
          {actionData?.notice ? (
            <div className="form-alert" role="alert">
              {actionData.notice}
            </div>
          ) : null}
          {campaign.closed ? (
            <p>Thank you to everyone who gave. Other appeals are still open.</p>
          ) : (
            <DonateForm
              currency={campaign.currency}
              suggestedAmounts={campaign.suggestedAmounts}
              utm={utm}
              lastResult={actionData?.result ?? null}
            />
          )}
        </section>

        <div className="campaign__main">
          <div
            className="campaign__story prose"
            dangerouslySetInnerHTML={{ __html: campaign.storyHtml }}
          />
          <CampaignMessages messages={campaign.messages} />
        </div>
      </div>
    </article>
  )
}
