/**
 * Converting an amount between currencies, exactly: minor units in, minor units out, the rate
 * a decimal string ("0.000745", Stripe's `balance_transaction.exchange_rate` convention: an
 * amount in major units of `from` times the rate is the amount in major units of `to`).
 * Rounded half to even to the target's minor unit; no floating-point number is involved.
 */
import { getCurrency } from './money.ts'

const RATE = /^(\d+)(?:\.(\d+))?$/

/** "1.2345" → { digits: 12345n, scale: 4 } */
export function parseRate(rate: string): { digits: bigint; scale: number } {
  const match = RATE.exec(rate.trim())
  if (!match) throw new RangeError(`Not an exchange rate: ${rate}`)
  const fraction = match[2] ?? ''
  const digits = BigInt((match[1] as string) + fraction)
  if (digits === 0n) throw new RangeError('An exchange rate must be above zero')
  return { digits, scale: fraction.length }
}

/** numerator / denominator rounded half to even (denominator > 0). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n
  const n = negative ? -numerator : numerator
  let quotient = n / denominator
  const remainder = n % denominator
  const twice = remainder * 2n
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n
  return negative ? -quotient : quotient
}

/** `amountMinor` of `from` in minor units of `to` at `rate`, rounded half to even. */
export function convertMinor(amountMinor: number, from: string, to: string, rate: string): number {
  const source = getCurrency(from)
  const target = getCurrency(to)
  if (source.code === target.code) return amountMinor
  const { digits, scale } = parseRate(rate)
  // amount / 10^expFrom × digits / 10^scale × 10^expTo
  const numerator = BigInt(amountMinor) * digits * 10n ** BigInt(target.exponent)
  const denominator = 10n ** BigInt(source.exponent + scale)
  const result = divideHalfEven(numerator, denominator)
  // Beyond 2^53 a number would silently round: refuse rather than count a wrong amount.
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${amountMinor} ${from} at ${rate} is too large in ${to}`)
  }
  return Number(result)
}
