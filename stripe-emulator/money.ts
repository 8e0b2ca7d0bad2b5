/**
 * Currencies the emulator accepts, with their minor-unit exponent and Stripe's minimum charge
 * (docs.stripe.com/currencies, "Minimum and maximum charge amounts"; see reference/stripe.md §1.2).
 * Only currencies listed here are accepted; anything else is rejected like an unsupported currency.
 */
interface CurrencyRule {
  exponent: 0 | 2
  minimumMinor: number
}

const CURRENCIES: Record<string, CurrencyRule> = {
  usd: { exponent: 2, minimumMinor: 50 },
  eur: { exponent: 2, minimumMinor: 50 },
  gbp: { exponent: 2, minimumMinor: 30 },
  cad: { exponent: 2, minimumMinor: 50 },
  aud: { exponent: 2, minimumMinor: 50 },
  nzd: { exponent: 2, minimumMinor: 50 },
  sgd: { exponent: 2, minimumMinor: 50 },
  chf: { exponent: 2, minimumMinor: 50 },
  hkd: { exponent: 2, minimumMinor: 400 },
  mxn: { exponent: 2, minimumMinor: 1000 },
  myr: { exponent: 2, minimumMinor: 200 },
  thb: { exponent: 2, minimumMinor: 1000 },
  dkk: { exponent: 2, minimumMinor: 250 },
  nok: { exponent: 2, minimumMinor: 300 },
  sek: { exponent: 2, minimumMinor: 300 },
  pln: { exponent: 2, minimumMinor: 200 },
  czk: { exponent: 2, minimumMinor: 1500 },
  huf: { exponent: 2, minimumMinor: 17500 },
  aed: { exponent: 2, minimumMinor: 200 },
  jpy: { exponent: 0, minimumMinor: 50 },
  krw: { exponent: 0, minimumMinor: 50 },
}

/** Stripe's general limit: amounts may have at most 8 digits. */
export const MAXIMUM_AMOUNT_MINOR = 99_999_999

export function isSupportedCurrency(currency: string): boolean {
  return Object.hasOwn(CURRENCIES, currency)
}

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCIES)

function rule(currency: string): CurrencyRule {
  const found = CURRENCIES[currency]
  if (!found) throw new Error(`Unsupported currency ${currency}`)
  return found
}

export function minimumChargeMinor(currency: string): number {
  return rule(currency).minimumMinor
}

/** Formats minor units for people, e.g. (5000, 'krw') → "₩5,000", (1050, 'usd') → "$10.50". */
export function formatMinor(amountMinor: number, currency: string, locale = 'en-US'): string {
  const { exponent } = rule(currency)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(amountMinor / 10 ** exponent)
}

/**
 * The emulator's processing fee, in the charge's minor units:
 * - two-decimal currencies: 2.9 % of the amount, rounded half up, plus 30 minor units
 *   (Stripe's standard US card price, 2.9 % + 30¢);
 * - zero-decimal currencies (JPY, KRW): 3.6 % of the amount, rounded half up, no fixed part
 *   (Stripe Japan's card price; a 30-unit fixed fee would be meaningless in yen or won).
 * Real fees depend on the account's pricing; the app must always read `fee` from the balance
 * transaction and never compute it.
 */
export function processingFeeMinor(amountMinor: number, currency: string): number {
  if (rule(currency).exponent === 0) return Math.round(amountMinor * 0.036)
  return Math.round(amountMinor * 0.029) + 30
}

/** Minor-unit exponent: 2 for cents, 0 for JPY and KRW. */
export function currencyExponent(currency: string): number {
  return rule(currency).exponent
}

/**
 * Fixed test exchange rates: the value of one major unit in USD. Real rates move; these never
 * do, so tests can predict converted amounts. The first four are the documented ones
 * (1 KRW = 0.00075 USD, 1 EUR = 1.08 USD, 1 GBP = 1.27 USD, 1 JPY = 0.0067 USD); the rest are
 * round plausible values so that every supported currency can be converted. Cross rates (e.g.
 * KRW → EUR) go through USD.
 */
export const USD_PER_UNIT: Record<string, string> = {
  usd: '1',
  eur: '1.08',
  gbp: '1.27',
  jpy: '0.0067',
  krw: '0.00075',
  cad: '0.73',
  aud: '0.66',
  nzd: '0.6',
  sgd: '0.74',
  chf: '1.13',
  hkd: '0.128',
  mxn: '0.055',
  myr: '0.21',
  thb: '0.028',
  dkk: '0.145',
  nok: '0.094',
  sek: '0.095',
  pln: '0.25',
  czk: '0.043',
  huf: '0.0027',
  aed: '0.2723',
}

interface Ratio {
  numerator: bigint
  denominator: bigint
}

function decimalRatio(decimal: string): Ratio {
  const [whole = '0', fraction = ''] = decimal.split('.')
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) }
}

/** Exact rate from one currency's major unit to another's, as a fraction. */
function crossRate(from: string, to: string, usdPerUnit: Record<string, string>): Ratio {
  const fromUsd = usdPerUnit[from]
  const toUsd = usdPerUnit[to]
  if (fromUsd === undefined || toUsd === undefined)
    throw new Error(`No test rate for ${from} → ${to}`)
  const a = decimalRatio(fromUsd)
  const b = decimalRatio(toUsd)
  return { numerator: a.numerator * b.denominator, denominator: a.denominator * b.numerator }
}

/** `numerator / denominator` rounded half away from zero (half up for positive amounts). */
function divideRounded(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n
  const magnitude = negative ? -numerator : numerator
  const rounded = (2n * magnitude + denominator) / (2n * denominator)
  return Number(negative ? -rounded : rounded)
}

export interface Conversion {
  /** The amount in `to`'s minor units, rounded half up to the minor unit. */
  amountMinor: number
  /** Stripe's `exchange_rate`: `from` major units × rate = `to` major units. */
  exchangeRate: number
}

/** A test rate as `USD_PER_UNIT` holds it: a positive decimal, at most 12 places. */
export function isTestRate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,12}(\.\d{1,12})?$/.test(value) && /[1-9]/.test(value)
}

/**
 * Converts minor units of `from` into minor units of `to` at the test rates (the fixed table,
 * or the emulator's own as the control API set it), exactly (no floating point) and rounding
 * half up, e.g. 50 000 KRW → 3 750 USD cents at 0.00075.
 */
export function convertMinor(
  amountMinor: number,
  from: string,
  to: string,
  usdPerUnit: Record<string, string> = USD_PER_UNIT,
): Conversion {
  const rate = crossRate(from, to, usdPerUnit)
  const scale = 10n ** BigInt(currencyExponent(to))
  const unscale = 10n ** BigInt(currencyExponent(from))
  return {
    amountMinor: divideRounded(
      BigInt(amountMinor) * rate.numerator * scale,
      rate.denominator * unscale,
    ),
    exchangeRate: Number((Number(rate.numerator) / Number(rate.denominator)).toPrecision(10)),
  }
}

/**
 * The dispute fee Stripe withdraws with a disputed amount, in the balance transaction's
 * currency: 15.00 (1500 minor units) in two-decimal currencies, 2 000 JPY and 20 000 KRW
 * (round local equivalents; Stripe's real local fees vary by country).
 */
export function disputeFeeMinor(currency: string): number {
  if (currency === 'jpy') return 2000
  if (currency === 'krw') return 20000
  return 1500
}
