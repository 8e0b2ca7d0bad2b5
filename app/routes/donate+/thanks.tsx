import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { ShareAppeal } from '#app/components/share-appeal.tsx'
import { CHECKOUT_SESSION_ID, getThankYou } from '#app/modules/donations/thanks.server.ts'
import { giftNoun, isRecurring } from '#app/modules/ledger/frequency.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
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
  return { ...thanks, shareUrl: appUrl(`/campaigns/${thanks.campaign.slug}`) }
}

/** The page's words, in one place so that they can move into a translation catalogue. */
const COPY = {
  nextCharge: (date: string) => `Your next gift will be taken on ${date}.`,
  manage: 'Manage my giving',
  manageNote: 'Change the amount, pause or stop it at any time.',
  messageNotShown: (reason: string) =>
    `Your message will not be shown on the appeal page because it ${reason}. Your gift is not affected.`,
} as const

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

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
      {view.status === 'FULFILLED' && isRecurring(view.frequency) ? (
        <p>
          {view.nextChargeAt ? `${COPY.nextCharge(DATE.format(new Date(view.nextChargeAt)))} ` : ''}
          <Link to="/account">{COPY.manage}</Link>: {COPY.manageNote}
        </p>
      ) : null}
      {view.messageNotShown ? (
        <p className="form-alert">{COPY.messageNotShown(view.messageNotShown)}</p>
      ) : null}
      <CampaignProgress
        {...view.campaign}
        daysLeft={null}
        closed={false}
        label={view.campaign.title}
      />
      <ShareAppeal url={view.shareUrl} title={view.campaign.title} />
    </section>
  )
}
