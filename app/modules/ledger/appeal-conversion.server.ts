/**
 * A gift's value in its appeal's currency, decided once when the gift is recorded and replaced
 * at most once, by Stripe's settled figure (docs/decisions/0021): the appeal's currency →
 * SAME; a balance transaction in the appeal's currency → SETTLED (its amount, exact); else the
 * staff rate at the gift's time → ESTIMATED; no rate for the pair → MISSING, counted at zero.
 */
import type { ConversionSource, Prisma } from '#app/generated/prisma/client.ts'
import { convertMinor } from './conversion.ts'
import { rateForGift } from './exchange-rates.server.ts'

export type Conversion = {
  convertedCurrency: string
  convertedAmountMinor: number
  conversionRate: string | null
  conversionSource: ConversionSource
  conversionRateId: string | null
}

/** The charge's balance transaction as the ledger stores it (settlement currency). */
export type SettlementFigures = {
  settlementCurrency: string
  settlementAmountMinor: number
  exchangeRate: string | null
}

/** Sources that are estimates: the appeal page says "about" while it counts one. */
export function isEstimate(source: ConversionSource): boolean {
  return source === 'ESTIMATED' || source === 'MISSING'
}

export function sameCurrency(currency: string, amountMinor: number): Conversion {
  return {
    convertedCurrency: currency,
    convertedAmountMinor: amountMinor,
    conversionRate: null,
    conversionSource: 'SAME',
    conversionRateId: null,
  }
}

/**
 * Stripe's own figure, when the charge settled in the appeal's currency. `amount` of the
 * balance transaction is what Stripe credited, already rounded by Stripe; recomputing it from
 * `exchange_rate` (a rounded float) could differ from it by a minor unit, so it is used as is.
 */
export function settledConversion(
  currency: string,
  appealCurrency: string,
  figures: SettlementFigures | null | undefined,
): Conversion | null {
  if (!figures || currency === appealCurrency) return null
  if (figures.settlementCurrency !== appealCurrency) return null
  return {
    convertedCurrency: appealCurrency,
    convertedAmountMinor: figures.settlementAmountMinor,
    conversionRate: figures.exchangeRate,
    conversionSource: 'SETTLED',
    conversionRateId: null,
  }
}

/** The staff-table estimate, or MISSING (zero) when the pair has no rate at all. */
export async function estimatedConversion(
  tx: Prisma.TransactionClient,
  gift: { currency: string; amountMinor: number; receivedAt: Date },
  appealCurrency: string,
): Promise<Conversion> {
  const rate = await rateForGift(gift.currency, appealCurrency, gift.receivedAt, tx)
  if (!rate) {
    return {
      convertedCurrency: appealCurrency,
      convertedAmountMinor: 0,
      conversionRate: null,
      conversionSource: 'MISSING',
      conversionRateId: null,
    }
  }
  return {
    convertedCurrency: appealCurrency,
    convertedAmountMinor: convertMinor(gift.amountMinor, gift.currency, appealCurrency, rate.rate),
    conversionRate: rate.rate,
    conversionSource: 'ESTIMATED',
    conversionRateId: rate.rateId,
  }
}

/** The conversion of a gift being recorded (see the module comment for the order). */
export async function conversionWhenRecorded(
  tx: Prisma.TransactionClient,
  gift: { currency: string; amountMinor: number; receivedAt: Date },
  appealCurrency: string,
  figures: SettlementFigures | null | undefined,
): Promise<Conversion> {
  if (gift.currency === appealCurrency) return sameCurrency(gift.currency, gift.amountMinor)
  return (
    settledConversion(gift.currency, appealCurrency, figures) ??
    estimatedConversion(tx, gift, appealCurrency)
  )
}
