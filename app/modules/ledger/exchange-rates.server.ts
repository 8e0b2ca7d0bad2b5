/**
 * The staff-kept rate table (ExchangeRate): the rate to estimate a gift's value in its
 * appeal's currency before Stripe settles it. A pair may be stored either way round; the
 * inverse is exact to 12 decimal places.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { divideHalfEven, parseRate } from './conversion.ts'

export type KnownRate = { rate: string; rateId: string; effectiveAt: Date }

type Db = Prisma.TransactionClient | typeof prisma

function pair(from: string, to: string): Prisma.ExchangeRateWhereInput {
  return {
    OR: [
      { base: from, quote: to },
      { base: to, quote: from },
    ],
  }
}

function known(
  found: { id: string; base: string; rate: Prisma.Decimal; effectiveAt: Date },
  from: string,
): KnownRate {
  const stored = found.rate.toString()
  return {
    rate: found.base === from ? stored : invertRate(stored),
    rateId: found.id,
    effectiveAt: found.effectiveAt,
  }
}

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
  db: Db = prisma,
): Promise<KnownRate | null> {
  if (from === to) return null
  const found = await db.exchangeRate.findFirst({
    where: { effectiveAt: { lte: at }, ...pair(from, to) },
    orderBy: [{ effectiveAt: 'desc' }, { createdAt: 'desc' }],
  })
  return found ? known(found, from) : null
}

/**
 * The staff rate a gift received at `at` is estimated at: the one in effect then, else (a
 * rate entered only after the gift's date) the earliest the pair has; null when the pair has
 * none at all (docs/decisions/0021).
 */
export async function rateForGift(
  from: string,
  to: string,
  at: Date,
  db: Db = prisma,
): Promise<KnownRate | null> {
  const inEffect = await estimatedRate(from, to, at, db)
  if (inEffect || from === to) return inEffect
  const earliest = await db.exchangeRate.findFirst({
    where: pair(from, to),
    orderBy: [{ effectiveAt: 'asc' }, { createdAt: 'asc' }],
  })
  return earliest ? known(earliest, from) : null
}
