/** Small shared pieces of the finance ledger pages: money, dates and status labels. */
import { formatMoney, isCurrencyCode } from '#app/modules/ledger/money.ts'

/** Money with its currency; a code Lantern does not know is shown as digits and code. */
export function money(amountMinor: number | null | undefined, currency: string | null | undefined) {
  if (amountMinor === null || amountMinor === undefined || !currency) return '—'
  return isCurrencyCode(currency)
    ? formatMoney(amountMinor, currency)
    : `${amountMinor} ${currency}`
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

/** A UTC date and time in a <time> element. */
export function When({ at, dateOnly = false }: { at: Date | string | null; dateOnly?: boolean }) {
  if (!at) return <>—</>
  const date = new Date(at)
  return (
    <time dateTime={date.toISOString()}>
      {(dateOnly ? dateFormat : dateTimeFormat).format(date)}
    </time>
  )
}

export const STATUS_LABELS: Record<string, string> = {
  SUCCEEDED: 'Succeeded',
  PARTIALLY_REFUNDED: 'Partially refunded',
  REFUNDED: 'Refunded',
  DISPUTED: 'Disputed',
  DISPUTE_LOST: 'Dispute lost',
}

export const FREQUENCY_LABELS: Record<string, string> = {
  ONE_TIME: 'One-time',
  MONTHLY: 'Monthly',
  ANNUAL: 'Annual',
}

export const SOURCE_LABELS: Record<string, string> = { STRIPE: 'Online', OFFLINE: 'Offline' }

export const METHOD_LABELS: Record<string, string> = {
  card: 'Card',
  sepa_debit: 'SEPA Direct Debit',
  cheque: 'Cheque',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
}

/** Stripe's snake_case codes (needs_response, requested_by_customer) as words. */
export function words(code: string | null | undefined): string {
  if (!code) return '—'
  const text = code.replace(/_/g, ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A gift status as a badge that keeps its text (colour is never the only signal). */
export function GiftStatusBadge({ status }: { status: string }) {
  return (
    <span className={`ledger-status ledger-status--${status.toLowerCase()}`}>
      {STATUS_LABELS[status] ?? words(status)}
    </span>
  )
}
