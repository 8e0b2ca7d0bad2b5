import { FormattedMessage } from '#app/i18n/i18n.tsx'
import { formatMoney, progressPercent } from '#app/modules/ledger/money.ts'

type Props = {
  currency: string
  goalMinor: number
  raisedMinor: number
  donorCount: number
  daysLeft: number | null
  closed: boolean
  /** The total counts gifts converted at an estimated rate: shown as "about". */
  estimated?: boolean
  /** Distinguishes several progress bars on one page for assistive technology. */
  label: string
}

export function daysLeftText(daysLeft: number | null, closed: boolean): string | null {
  if (closed) return 'Closed'
  if (daysLeft === null) return null
  if (daysLeft === 0) return 'Last day'
  return daysLeft === 1 ? '1 day left' : `${daysLeft} days left`
}

export function CampaignProgress(props: Props) {
  const percent = progressPercent(props.raisedMinor, props.goalMinor)
  const raised = formatMoney(props.raisedMinor, props.currency, { trimWholeUnits: true })
  const goal = formatMoney(props.goalMinor, props.currency, { trimWholeUnits: true })
  const deadline = daysLeftText(props.daysLeft, props.closed)
  return (
    <div className="progress">
      <p className="progress__amounts">
        <strong className="progress__raised">
          {props.estimated ? (
            <FormattedMessage id="fx.aboutAmount" values={{ amount: raised }} />
          ) : (
            raised
          )}
        </strong>{' '}
        raised of {goal} goal
      </p>
      <progress
        className="progress__bar"
        max={100}
        value={percent}
        aria-label={`${props.label}: ${percent}% of goal`}
      >
        {percent}%
      </progress>
      <ul className="progress__facts">
        <li>{percent}% funded</li>
        <li>
          {props.donorCount.toLocaleString('en-US')} {props.donorCount === 1 ? 'donor' : 'donors'}
        </li>
        {deadline ? <li>{deadline}</li> : null}
      </ul>
      {props.estimated ? (
        <p className="progress__note">
          <FormattedMessage id="fx.aboutNote" />
        </p>
      ) : null}
    </div>
  )
}
