import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CampaignProgress } from '#app/components/campaign-progress.tsx'
import { PUBLIC_DATE } from '#app/components/public-text.ts'
import { strong } from '#app/components/rich-text.tsx'
import { ShareAppeal } from '#app/components/share-appeal.tsx'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { metaIntl } from '#app/i18n/meta-intl.ts'
import { CHECKOUT_SESSION_ID, getThankYou } from '#app/modules/donations/thanks.server.ts'
import { isRecurring } from '#app/modules/ledger/frequency.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction = ({ matches }) => [
  { title: metaIntl(matches).formatMessage({ id: 'meta.thanksTitle' }) },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const sessionId = url.searchParams.get('session_id') ?? ''
  if (!CHECKOUT_SESSION_ID.test(sessionId)) throw notFound()
  const thanks = await getThankYou(sessionId)
  if (!thanks) throw notFound()
  const { locale } = splitLocalePath(url.pathname)
  return { ...thanks, shareUrl: appUrl(localizePath(`/campaigns/${thanks.campaign.slug}`, locale)) }
}

const HEADINGS = {
  FULFILLED: 'thanks.heading.fulfilled',
  AWAITING_PAYMENT: 'thanks.heading.awaitingPayment',
  PENDING: 'thanks.heading.pending',
  FAILED: 'thanks.heading.failed',
  ABANDONED: 'thanks.heading.abandoned',
} as const

export default function ThankYou() {
  const view = useLoaderData<typeof loader>()
  const intl = useIntl()
  const { localize, money } = useLocale()
  const amount = money(view.amountMinor, view.currency)
  const appeal = localize(`/campaigns/${view.campaign.slug}`)
  return (
    <section className="page thanks" aria-labelledby="thanks-title">
      <h1 id="thanks-title">
        <FormattedMessage id={HEADINGS[view.status]} />
      </h1>
      {view.status === 'FULFILLED' ? (
        <p className="lede">
          <FormattedMessage
            id="thanks.arrived"
            values={{
              frequency: view.frequency,
              amount,
              title: view.campaign.title,
              strong,
              link: (chunks) => <Link to={appeal}>{chunks}</Link>,
            }}
          />
        </p>
      ) : view.status === 'AWAITING_PAYMENT' || view.status === 'PENDING' ? (
        <p className="lede">
          <FormattedMessage id="thanks.processing" values={{ amount, strong }} />
        </p>
      ) : (
        <p className="lede">
          <FormattedMessage
            id="thanks.failed"
            values={{ link: (chunks) => <Link to={`${appeal}#give`}>{chunks}</Link> }}
          />
        </p>
      )}
      {view.status === 'FULFILLED' && isRecurring(view.frequency) ? (
        <p>
          {view.nextChargeAt ? (
            <>
              <FormattedMessage
                id="thanks.nextCharge"
                values={{ date: intl.formatDate(view.nextChargeAt, PUBLIC_DATE) }}
              />{' '}
            </>
          ) : null}
          <Link to={localize('/account')}>
            <FormattedMessage id="thanks.manage" />
          </Link>
          : <FormattedMessage id="thanks.manageNote" />
        </p>
      ) : null}
      {view.messageNotShown ? (
        <p className="form-alert">
          <FormattedMessage id="thanks.messageNotShown" values={{ reason: view.messageNotShown }} />
        </p>
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
