/**
 * Amount messages in the reader's language: what a donor typed, parsed by the money module in a
 * currency, and checked against that currency's gift limits (the same limits as
 * `checkGiftAmount`). Shared by the donate form and the donor's recurring-gift page.
 */
import type { IntlShape, MessageDescriptor } from 'react-intl'
import {
  formatMoney,
  getCurrency,
  parseAmount,
  type ParseErrorCode,
} from '#app/modules/ledger/money.ts'

/** What the schema needs of react-intl: the browser's `useIntl()` or the server's `serverIntl`. */
export type FormIntl = Pick<IntlShape, 'formatMessage' | 'formatDisplayName' | 'locale'>

/** A catalog message id (typed from en.json). */
export type MessageId = NonNullable<MessageDescriptor['id']>
const PARSE_ERRORS: Record<ParseErrorCode, MessageId> = {
  empty: 'donate.error.amountEmpty',
  negative: 'donate.error.amountAboveZero',
  'not-numeric': 'donate.error.amountNumbers',
  'no-decimals': 'donate.error.amountNoDecimals',
  'too-many-decimals': 'donate.error.amountDecimals',
  'bad-format': 'donate.error.amountFormat',
  'too-large': 'donate.error.amountTooLarge',
}

/**
 * The gift amount checked against the currency's limits, in the form's language; null when it
 * is within them (the same limits as `checkGiftAmount`).
 */
export function giftAmountError(amountMinor: number, currency: string, intl: FormIntl) {
  const info = getCurrency(currency)
  const money = (minor: number) =>
    formatMoney(minor, currency, { locale: intl.locale, trimWholeUnits: true })
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    return intl.formatMessage({ id: 'donate.error.amountAboveZero' })
  if (amountMinor < info.minMinor)
    return intl.formatMessage(
      { id: 'donate.error.amountMinimum' },
      { amount: money(info.minMinor) },
    )
  if (amountMinor > info.maxMinor)
    return intl.formatMessage(
      { id: 'donate.error.amountMaximum' },
      { amount: money(info.maxMinor) },
    )
  return null
}

/** What a donor typed, in minor units, or the reason it is not an amount, in their language. */
export function parseGiftAmount(
  input: string,
  currency: string,
  intl: FormIntl,
): { ok: true; amountMinor: number } | { ok: false; error: string } {
  const parsed = parseAmount(input, currency)
  if (parsed.ok) return parsed
  const { exponent } = getCurrency(currency)
  const currencyName = intl.formatDisplayName(currency, { type: 'currency' }) ?? currency
  return {
    ok: false,
    error: intl.formatMessage(
      { id: PARSE_ERRORS[parsed.code] },
      { currency: currencyName, places: exponent },
    ),
  }
}
