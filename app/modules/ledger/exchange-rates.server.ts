/**
 * The staff-kept rate table (ExchangeRate): the rate to estimate a gift's value in its
 * appeal's currency before Stripe settles it. A pair may be stored either way round; the
 * inverse is exact to 12 decimal places.
 */
import { prisma } from '#app/utils/db.server.ts'
import { divideHalfEven, parseRate } from './conversion.ts'

export type KnownRate = { rate: string; rateId: string; effectiveAt: Date }

const INVERSE_SCALE = 12

/** 1 / rate, as a decimal string with 12 places, rounded half to even. */
export function invertRate(rate: string): string {
  const { digits, scale } = parseRate(rate)
  const scaled = divideHalfEven(10n ** BigInt(scale + INVERSE_SCALE), digits)
  const text = scaled.toString().padStart(INVERSE_SCALE + 1, '0')
  const result = `${text.slice(0, -INVERSE_SCALE)}.${text.slice(-INVERSE_SCALE)}`
  return result.replace(/\.?0+$/, '') || '0'
}

/** The latest rate from `from` to `to` in effect at `at`, or null when staff have none. */
export async function estimatedRate(
  from: string,
  to: string,
  at = new Date(),
): Promise<KnownRate | null> {
  if (from === to) return null
  const found = await prisma.exchangeRate.findFirst({
    where: {
      effectiveAt: { lte: at },
      OR: [
        { base: from, quote: to },
        { base: to, quote: from },
      ],
    },
    orderBy: [{ effectiveAt: 'desc' }, { createdAt: 'desc' }],
  })
  if (!found) return null
  const stored = found.rate.toString()
  return {
    rate: found.base === from ? stored : invertRate(stored),
    rateId: found.id,
    effectiveAt: found.effectiveAt,
  }
}
