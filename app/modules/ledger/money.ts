/**
 * Money is an integer number of minor units plus an ISO 4217 code, everywhere
 * (docs/decisions/0001-money-in-minor-units.md). This module is the one place that knows each
 * currency's exponent and limits, turns donor input into minor units and minor units into text.
 * No floating-point number ever holds an amount: conversions work on digit strings.
 */

export type CurrencyCode = 'USD' | 'EUR' | 'GBP' | 'KRW' | 'JPY'

export type CurrencyInfo = {
  code: CurrencyCode
  /** Digits after the decimal point: 2 for USD (cents), 0 for KRW and JPY (no minor unit). */
  exponent: 0 | 2
  /** Smallest online gift Lantern accepts, in minor units: about 5 USD, to blunt card testing
   * and stay far above Stripe's own minimum charge (0.50 USD, 0.30 GBP, ¥50, ₩50 …). */
  minMinor: number
  /** Largest single online gift, in minor units; Stripe's own cap is 8 digits. */
  maxMinor: number
  name: string
}

export const CURRENCIES: Readonly<Record<CurrencyCode, CurrencyInfo>> = {
  USD: { code: 'USD', exponent: 2, minMinor: 500, maxMinor: 5_000_000, name: 'US dollar' },
  EUR: { code: 'EUR', exponent: 2, minMinor: 500, maxMinor: 5_000_000, name: 'Euro' },
  GBP: { code: 'GBP', exponent: 2, minMinor: 400, maxMinor: 4_000_000, name: 'Pound sterling' },
  KRW: {
    code: 'KRW',
    exponent: 0,
    minMinor: 7_000,
    maxMinor: 70_000_000,
    name: 'South Korean won',
  },
  JPY: { code: 'JPY', exponent: 0, minMinor: 750, maxMinor: 7_500_000, name: 'Japanese yen' },
}

export const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[]

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.hasOwn(CURRENCIES, value)
}

export function getCurrency(code: string): CurrencyInfo {
  if (!isCurrencyCode(code)) throw new RangeError(`Unsupported currency: ${code}`)
  return CURRENCIES[code]
}

/** "4500" USD → "45.00"; "50000" KRW → "50000". Exact: works on digits, never on floats. */
export function toMajorString(amountMinor: number | bigint, currency: string): string {
  const { exponent } = getCurrency(currency)
  const value = BigInt(amountMinor)
  const sign = value < 0n ? '-' : ''
  const digits = (value < 0n ? -value : value).toString()
  if (exponent === 0) return sign + digits
  const padded = digits.padStart(exponent + 1, '0')
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`
}

export type FormatOptions = {
  locale?: string
  /** Drop ".00" from whole amounts ("$45" rather than "$45.00"), for amount buttons. */
  trimWholeUnits?: boolean
}

const formatters = new Map<string, Intl.NumberFormat>()

function formatterFor(locale: string, currency: CurrencyCode, fractionDigits: number) {
  const key = `${locale}|${currency}|${fractionDigits}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    })
    formatters.set(key, formatter)
  }
  return formatter
}

/** 4500 USD → "$45.00"; 50000 KRW → "₩50,000". */
export function formatMoney(
  amountMinor: number | bigint,
  currency: string,
  { locale = 'en-US', trimWholeUnits = false }: FormatOptions = {},
): string {
  const info = getCurrency(currency)
  const major = toMajorString(amountMinor, info.code)
  const whole = info.exponent === 0 || /\.0+$/.test(major)
  const fractionDigits = trimWholeUnits && whole ? 0 : info.exponent
  // Intl formats a decimal string exactly (no float rounding).
  return formatterFor(locale, info.code, fractionDigits).format(
    major as unknown as Intl.StringNumericLiteral,
  )
}

/** Why an amount could not be read: `error` is English, `code` lets a form say it in any language. */
export type ParseErrorCode =
  | 'empty'
  | 'negative'
  | 'not-numeric'
  | 'no-decimals'
  | 'too-many-decimals'
  | 'bad-format'
  | 'too-large'
export type ParseResult =
  { ok: true; amountMinor: number } | { ok: false; error: string; code: ParseErrorCode }

const GROUPING = /[\s\u00a0\u202f']/g
const SYMBOLS = /^[$€£₩¥]|^(USD|EUR|GBP|KRW|JPY)/i

/**
 * Parses what a donor typed into minor units. Rules:
 * - currency symbols and codes, spaces and apostrophes are ignored;
 * - KRW and JPY have no minor unit: "," groups thousands and any decimal point is an error;
 * - for 2-decimal currencies, when both "." and "," appear the later one is the decimal mark;
 *   a lone "," followed by 1 or 2 digits is a decimal comma ("10,50" = 10.50 EUR), followed by
 *   3 digits it groups thousands ("5,000" = 5000.00);
 * - thousands groups must have exactly three digits; at most `exponent` decimals.
 * Limits (minimum, maximum) are checked separately by `checkGiftAmount`.
 */
export function parseAmount(input: string, currency: string): ParseResult {
  const info = getCurrency(currency)
  const text = input.trim().replace(SYMBOLS, '').replace(GROUPING, '')
  if (text === '') return { ok: false, error: 'Enter an amount', code: 'empty' }
  if (text.startsWith('-'))
    return { ok: false, error: 'Enter an amount above zero', code: 'negative' }
  if (!/^[0-9.,]+$/.test(text))
    return { ok: false, error: 'Enter the amount in numbers only', code: 'not-numeric' }

  const lastDot = text.lastIndexOf('.')
  const lastComma = text.lastIndexOf(',')
  let decimalMark: '.' | ',' | null = null
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? '.' : ','
  else if (lastDot >= 0) decimalMark = '.'
  else if (lastComma >= 0 && info.exponent > 0 && /,\d{1,2}$/.test(text)) decimalMark = ','

  const decimalIndex = decimalMark ? text.lastIndexOf(decimalMark) : -1
  const wholePart = decimalIndex >= 0 ? text.slice(0, decimalIndex) : text
  const fractionPart = decimalIndex >= 0 ? text.slice(decimalIndex + 1) : ''
  const groupMark = decimalMark === ',' ? '.' : ','

  if (decimalIndex >= 0 && info.exponent === 0) {
    return { ok: false, error: `${info.name} amounts have no decimal places`, code: 'no-decimals' }
  }
  if (!/^\d*$/.test(fractionPart) || fractionPart.length > info.exponent) {
    return {
      ok: false,
      error: `Use at most ${info.exponent} decimal places`,
      code: 'too-many-decimals',
    }
  }
  const groups = wholePart.split(groupMark)
  const groupsValid =
    groups.every((group) => /^\d+$/.test(group)) &&
    groups.slice(1).every((group) => group.length === 3) &&
    (groups[0] ?? '').length <= (groups.length > 1 ? 3 : Infinity)
  if (!groupsValid)
    return { ok: false, error: 'Enter a valid amount, like 25 or 1,000', code: 'bad-format' }

  const digits = groups.join('') + fractionPart.padEnd(info.exponent, '0')
  const trimmed = digits.replace(/^0+(?=\d)/, '')
  if (trimmed.length > 15)
    return { ok: false, error: 'That amount is too large', code: 'too-large' }
  return { ok: true, amountMinor: Number(trimmed) }
}

/** Checks a gift amount against the currency's limits; returns a message or null. */
export function checkGiftAmount(amountMinor: number, currency: string): string | null {
  const info = getCurrency(currency)
  if (!Number.isSafeInteger(amountMinor)) return 'Enter a whole amount'
  if (amountMinor <= 0) return 'Enter an amount above zero'
  if (amountMinor < info.minMinor) {
    return `The smallest gift online is ${formatMoney(info.minMinor, currency, { trimWholeUnits: true })}`
  }
  if (amountMinor > info.maxMinor) {
    return `The largest gift online is ${formatMoney(info.maxMinor, currency, { trimWholeUnits: true })}; please contact us for larger gifts`
  }
  return null
}

/** Whole percentage of progress toward a goal, floored, 0–100 (for progress bars). */
export function progressPercent(raisedMinor: number | bigint, goalMinor: number | bigint): number {
  const goal = BigInt(goalMinor)
  if (goal <= 0n) return 0
  const percent = (BigInt(raisedMinor) * 100n) / goal
  return Number(percent > 100n ? 100n : percent < 0n ? 0n : percent)
}
