import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { CHECKOUT_SESSION_ID, getThankYou } from '#app/modules/donations/thanks.server.ts'
import { giftNoun } from '#app/modules/ledger/frequency.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction = () => [
  { title: 'Thank you · Lantern' },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionId = new URL(request.url).searchParams.get('session_id') ?? ''
  if (!CHECKOUT_SESSION_ID.test(sessionId)) throw notFound()
  const thanks = await getThankYou(sessionId)
  if (!thanks) throw notFound()
  const appUrl = getEnv().APP_URL ?? ''
  return { ...thanks, shareUrl: `${appUrl}/campaigns/${thanks.campaign.slug}` }
}

const HEADINGS = {
  FULFILLED: 'Thank you for your gift',
  AWAITING_PAYMENT: 'Thank you: your payment is on its way',
  PENDING: 'We are confirming your payment',
  FAILED: 'Your payment did not go through',
  ABANDONED: 'This payment was not completed',
} as const

export default function ThankYou() {
  const view = useLoaderData<typeof loader>()
  const amount = formatMoney(view.amountMinor, view.currency)
  return (
    <section className="page thanks" aria-labelledby="thanks-title">
      <h1 id="thanks-title">{HEADINGS[view.status]}</h1>
      {view.status === 'FULFILLED' ? (
        <p className="lede">
          Your {giftNoun(view.frequency)} of <strong>{amount}</strong> to{' '}
          <Link to={`/campaigns/${view.campaign.slug}`}>{view.campaign.title}</Link> has arrived. A
          receipt is on its way to your inbox.
        </p>
      ) : view.status === 'AWAITING_PAYMENT' || view.status === 'PENDING' ? (
        <p className="lede">
          Your gift of <strong>{amount}</strong> is being processed. We will email your receipt as
          soon as it clears; bank debits can take a few days.
        </p>
      ) : (
        <p className="lede">
          No money was taken. You can{' '}
          <Link to={`/campaigns/${view.campaign.slug}#give`}>try again</Link>.
        </p>
      )}
      <CampaignProgress
        {...view.campaign}
        currency={view.currency}
        daysLeft={null}
        closed={false}
        label={view.campaign.title}
      />
      <h2>Share this appeal</h2>
      <p>Sharing the link helps more than you might think. It carries no tracking.</p>
      <p>
        <input
          className="share-link"
          readOnly
          value={view.shareUrl}
          aria-label="Link to this appeal"
        />
      </p>
    </section>
  )
}
