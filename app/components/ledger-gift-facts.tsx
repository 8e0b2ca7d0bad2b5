/** A gift's facts for finance: money (both currencies), donor, pledge and Stripe ids. */
import { Link } from '@remix-run/react'
import { Fragment, type ReactNode } from 'react'
import { FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'
import type { GiftDetail } from '#app/modules/ledger/ledger.server.ts'
import { isRecurring } from '#app/modules/ledger/frequency.ts'
import {
  FREQUENCY_LABELS,
  METHOD_LABELS,
  SOURCE_LABELS,
  When,
  money,
  words,
} from './ledger-format.tsx'

type Gift = GiftDetail['gift']

function Facts({
  title,
  rows,
  wide = false,
}: {
  title: string
  rows: Array<[string, ReactNode]>
  wide?: boolean
}) {
  const id = `facts-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`
  return (
    <section aria-labelledby={id} className={wide ? 'ledger-facts__wide' : undefined}>
      <h2 id={id}>{title}</h2>
      <dl>
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value ?? '—'}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  )
}

const code = (value: string | null) => (value ? <code>{value}</code> : '—')

export function LedgerGiftFacts({ gift }: { gift: Gift }) {
  const settlement = gift.settlementCurrency ?? gift.currency
  const converted = gift.settlementCurrency !== null && gift.settlementCurrency !== gift.currency
  const pledge = gift.pledge
  const money_: Array<[string, ReactNode]> = [
    ['Gross', money(gift.amountMinor, gift.currency)],
    ['Of which fee cover', money(gift.feeCoverMinor, gift.currency)],
  ]
  if (converted) {
    money_.push(
      ['Settled as', `${money(gift.settlementAmountMinor, settlement)} ${settlement}`],
      [
        'Exchange rate',
        gift.exchangeRate ? `1 ${gift.currency} = ${gift.exchangeRate} ${settlement}` : '—',
      ],
    )
  }
  money_.push(
    [
      'Stripe fee',
      gift.source === 'OFFLINE' ? 'None (offline)' : money(gift.stripeFeeMinor, settlement),
    ],
    [
      'Net',
      gift.source === 'OFFLINE'
        ? money(gift.amountMinor, gift.currency)
        : money(gift.netMinor, settlement),
    ],
    ['Refunded', money(gift.refundedMinor, gift.currency)],
    ['Lost to disputes', money(gift.disputeLostMinor, gift.currency)],
    ['Dispute fees', money(gift.disputeFeeMinor, settlement)],
  )
  return (
    <div className="ledger-facts">
      <Facts title="Money" rows={money_} />
      <Facts
        title="Gift"
        rows={[
          ['Received', <When key="r" at={gift.receivedAt} />],
          [
            'Campaign',
            <Link key="c" to={`/admin/campaigns/${gift.campaign.id}`}>
              {gift.campaign.title}
            </Link>,
          ],
          ['Fund', FUND_DETAILS[gift.campaign.fund as FundCode]?.label ?? gift.campaign.fund],
          ['Frequency', FREQUENCY_LABELS[gift.frequency] ?? gift.frequency],
          ['Method', METHOD_LABELS[gift.paymentMethod ?? ''] ?? words(gift.paymentMethod)],
          ['Source', SOURCE_LABELS[gift.source] ?? gift.source],
          ...(gift.offlineReference
            ? [['Reference', gift.offlineReference] as [string, ReactNode]]
            : []),
          [
            'Scheduled pledge',
            gift.commitmentId ? (
              <Link key="p" to={`/admin/finance/commitments/${gift.commitmentId}`}>
                Open the pledge schedule
              </Link>
            ) : (
              'None'
            ),
          ],
        ]}
      />
      <Facts
        title="Donor"
        rows={[
          ['Email', gift.donor.email],
          ['Name', gift.donor.name ?? '—'],
        ]}
      />
      <Facts
        title="Pledge"
        rows={[
          ['Frequency', FREQUENCY_LABELS[pledge.frequency] ?? pledge.frequency],
          ['Amount', money(pledge.amountMinor, pledge.currency.trim())],
          ['Fee cover', money(pledge.feeCoverMinor, pledge.currency.trim())],
          ['Charged', money(pledge.totalMinor, pledge.currency.trim())],
          ['Anonymous', pledge.anonymous ? 'Yes' : 'No'],
          [
            'Dedication',
            pledge.dedication === 'NONE'
              ? 'None'
              : `${pledge.dedication === 'IN_MEMORY' ? 'In memory of' : 'In honour of'} ${pledge.dedicationName ?? ''}`,
          ],
          [
            'UTM',
            [pledge.utmSource, pledge.utmMedium, pledge.utmCampaign].some(Boolean)
              ? `source ${pledge.utmSource ?? '—'}, medium ${pledge.utmMedium ?? '—'}, campaign ${pledge.utmCampaign ?? '—'}`
              : 'None',
          ],
          ...(isRecurring(pledge.frequency)
            ? ([
                ['Subscription', words(pledge.subscriptionStatus)],
                ['Stops at period end', pledge.cancelAtPeriodEnd ? 'Yes' : 'No'],
                ['Current period ends', <When key="e" at={pledge.currentPeriodEnd} />],
              ] as Array<[string, ReactNode]>)
            : []),
        ]}
      />
      <Facts
        title="Stripe"
        wide
        rows={[
          [
            'Checkout Session',
            code(gift.stripeCheckoutSessionId ?? pledge.stripeCheckoutSessionId),
          ],
          ['Payment intent', code(gift.stripePaymentIntentId)],
          ['Charge', code(gift.stripeChargeId)],
          ['Invoice', code(gift.stripeInvoiceId)],
          ['Subscription', code(gift.stripeSubscriptionId ?? pledge.stripeSubscriptionId)],
          ['Balance transaction', code(gift.stripeBalanceTransactionId)],
        ]}
      />
    </div>
  )
}
