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
