import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { getPublicCampaign } from '#app/modules/campaigns/campaigns.server.ts'
import { FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.campaign.title} · Lantern` },
        { name: 'description', content: data.campaign.summary },
      ]
    : [{ title: 'Appeal not found · Lantern' }]

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await getPublicCampaign(params.slug ?? '')
  if (!campaign) throw notFound()
  return { campaign }
}

export default function CampaignPage() {
  const { campaign } = useLoaderData<typeof loader>()
  return (
    <article className="page campaign">
      <header className="campaign__header">
        <p className="eyebrow">{FUND_DETAILS[campaign.fund].label}</p>
        <h1>{campaign.title}</h1>
        <p className="lede">{campaign.summary}</p>
      </header>

      <div className="campaign__layout">
        <aside className="campaign__give" aria-labelledby="give-title">
          <CampaignProgress {...campaign} label={campaign.title} />
          <h2 id="give-title" className="give__title">
            {campaign.closed ? 'This appeal has closed' : 'What your gift does'}
          </h2>
          <ul className="impact-list" id="give">
            {campaign.suggestedAmounts.map((amount) => (
              <li key={amount.amountMinor}>
                <span className="impact-list__amount">
                  {formatMoney(amount.amountMinor, campaign.currency, { trimWholeUnits: true })}
                </span>
                <span className="impact-list__impact">{amount.impact}</span>
              </li>
            ))}
          </ul>
          {campaign.closed ? (
            <p>Thank you to everyone who gave. Other appeals are still open.</p>
          ) : (
            <p>
              <a className="button button--primary button--block" href="#give">
                Donate
              </a>
            </p>
          )}
        </aside>

        <div
          className="campaign__story prose"
          dangerouslySetInnerHTML={{ __html: campaign.storyHtml }}
        />
      </div>
    </article>
  )
}
