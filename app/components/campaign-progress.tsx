import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { progressPercent } from '#app/modules/ledger/money.ts'
import type { ReactNode } from 'react'

type Props = {
  currency: string
  goalMinor: number
  raisedMinor: number
  donorCount: number
  /** Shown when given: monthly donors make more gifts than there are donors. */
  giftCount?: number
  daysLeft: number | null
  closed: boolean
  /** The total counts gifts converted at an estimated rate: shown as "about". */
  estimated?: boolean
  /** Distinguishes several progress bars on one page for assistive technology. */
  label: string
}

export function CampaignProgress(props: Props) {
  const intl = useIntl()
  const { money } = useLocale()
  const percent = progressPercent(props.raisedMinor, props.goalMinor)
  const raised = money(props.raisedMinor, props.currency, true)
  const goal = money(props.goalMinor, props.currency, true)
  return (
    <div className="progress">
      <p className="progress__amounts">
        <FormattedMessage
          id="appeal.raised"
          values={{
            raised: props.estimated
              ? intl.formatMessage({ id: 'fx.aboutAmount' }, { amount: raised })
              : raised,
            goal,
            strong: raisedFigure,
          }}
        />
      </p>
      <progress
        className="progress__bar"
        max={100}
        value={percent}
        aria-label={intl.formatMessage(
          { id: 'appeal.progressLabel' },
          { label: props.label, percent },
        )}
      >
        {percent}%
      </progress>
      <ul className="progress__facts">
        <li>
          <FormattedMessage id="appeal.funded" values={{ percent }} />
        </li>
        <li>
          <FormattedMessage id="appeal.donors" values={{ count: props.donorCount }} />
        </li>
        {props.giftCount !== undefined && props.giftCount !== props.donorCount ? (
          <li>
            <FormattedMessage id="appeal.gifts" values={{ count: props.giftCount }} />
          </li>
        ) : null}
        <Deadline daysLeft={props.daysLeft} closed={props.closed} />
      </ul>
      {props.estimated ? (
        <p className="progress__note">
          <FormattedMessage id="fx.aboutNote" />
        </p>
      ) : null}
    </div>
  )
}

// The raised figure keeps its class in every language: the stylesheet and tests find it by it.
const raisedFigure = (chunks: ReactNode) => <strong className="progress__raised">{chunks}</strong>

function Deadline({ daysLeft, closed }: { daysLeft: number | null; closed: boolean }) {
  if (closed)
    return (
      <li>
        <FormattedMessage id="appeal.closed" />
      </li>
    )
  if (daysLeft === null) return null
  return (
    <li>
      {daysLeft === 0 ? (
        <FormattedMessage id="appeal.lastDay" />
      ) : (
        <FormattedMessage id="appeal.daysLeft" values={{ days: daysLeft }} />
      )}
    </li>
  )
}
