// Properties of converting gifts between the five donor currencies: every result is the exact
// value rounded half to even to the target's minor unit (KRW and JPY have none), checked
// against the definition rather than a second copy of the arithmetic.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { convertMinor } from './conversion.ts'
import { countedConvertedMinor } from './counted.ts'
import { getCurrency, type CurrencyCode } from './money.ts'

const CODES: CurrencyCode[] = ['USD', 'GBP', 'EUR', 'KRW', 'JPY']
const PAIRS = CODES.flatMap((from) => CODES.map((to) => [from, to] as const))

/** A rate as Stripe or staff would write it: up to 12 decimal places, above zero. */
const rate = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 16n }), fc.integer({ min: 0, max: 12 }))
  .map(([digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0')
    return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`
  })

/** Rates between these five currencies lie far inside 10^-6 … 10^4. */
const realisticRate = fc
  .tuple(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: 6, max: 12 }))
  .map(([digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0')
    return `${text.slice(0, -scale)}.${text.slice(-scale)}`
  })

const amount = fc.integer({ min: 0, max: 99_999_999 })

/** The exact converted value as a fraction: amount × rate × 10^exp(to) / 10^exp(from). */
function exact(amountMinor: number, from: string, to: string, rateText: string) {
  const [whole, fraction = ''] = rateText.split('.')
  const numerator =
    BigInt(amountMinor) * BigInt(`${whole}${fraction}`) * 10n ** BigInt(getCurrency(to).exponent)
  const denominator = 10n ** BigInt(getCurrency(from).exponent + fraction.length)
  return { numerator, denominator }
}

/** `result` is `numerator / denominator` rounded to the nearest integer, ties to even. */
function isHalfEvenRounding(result: number, numerator: bigint, denominator: bigint): boolean {
  const twiceError = 2n * (numerator - BigInt(result) * denominator)
  const distance = twiceError < 0n ? -twiceError : twiceError
  if (distance < denominator) return true
  return distance === denominator && result % 2 === 0
}

describe.each(PAIRS)('%s → %s', (from, to) => {
  test('rounds the exact value half to even to the minor unit', () => {
    fc.assert(
      fc.property(amount, rate, (amountMinor, rateText) => {
        if (from === to) return convertMinor(amountMinor, from, to, rateText) === amountMinor
        const { numerator, denominator } = exact(amountMinor, from, to, rateText)
        // A result past 2^53 cannot be an exact number: refused, never rounded silently.
        if (numerator / denominator >= BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(() => convertMinor(amountMinor, from, to, rateText)).toThrow(RangeError)
          return true
        }
        const result = convertMinor(amountMinor, from, to, rateText)
        return Number.isSafeInteger(result) && isHalfEvenRounding(result, numerator, denominator)
      }),
    )
  })

  test('a larger gift never converts to less', () => {
    fc.assert(
      fc.property(amount, amount, realisticRate, (a, b, rateText) => {
        const [small, large] = a <= b ? [a, b] : [b, a]
        return convertMinor(small, from, to, rateText) <= convertMinor(large, from, to, rateText)
      }),
    )
  })
})

test('zero-decimal currencies convert in whole units', () => {
  // ₩30,000 at 0.00075 USD per won is $22.50; ¥5,000 at 9.4 won per yen is ₩47,000.
  expect(convertMinor(30_000, 'KRW', 'USD', '0.00075')).toBe(2_250)
  expect(convertMinor(5_000, 'JPY', 'KRW', '9.4')).toBe(47_000)
  // $10.05 at 1,000 won per dollar is ₩10,050; half a won rounds to the even won.
  expect(convertMinor(1_005, 'USD', 'KRW', '1000')).toBe(10_050)
  expect(convertMinor(1, 'USD', 'KRW', '50')).toBe(0)
  expect(convertMinor(3, 'USD', 'KRW', '50')).toBe(2)
  expect(convertMinor(1, 'JPY', 'KRW', '2.5')).toBe(2)
  expect(convertMinor(3, 'JPY', 'KRW', '2.5')).toBe(8)
})

describe('countedConvertedMinor', () => {
  const gift = fc
    .record({
      amountMinor: fc.integer({ min: 1, max: 99_999_999 }),
      convertedAmountMinor: fc.integer({ min: 0, max: 99_999_999 }),
    })
    .chain((base) =>
      fc.record({
        amountMinor: fc.constant(base.amountMinor),
        convertedAmountMinor: fc.constant(base.convertedAmountMinor),
        refundedMinor: fc.integer({ min: 0, max: base.amountMinor }),
        disputeLostMinor: fc.constant(0),
      }),
    )

  test('is the refunded-away share of the converted value, half to even', () => {
    fc.assert(
      fc.property(gift, (g) => {
        const result = countedConvertedMinor(g)
        const numerator = BigInt(g.convertedAmountMinor) * BigInt(g.amountMinor - g.refundedMinor)
        return (
          result >= 0 &&
          result <= g.convertedAmountMinor &&
          isHalfEvenRounding(result, numerator, BigInt(g.amountMinor))
        )
      }),
    )
  })

  test('counts all of it unrefunded and none of it refunded in full', () => {
    fc.assert(
      fc.property(gift, (g) => {
        const whole = countedConvertedMinor({ ...g, refundedMinor: 0 })
        const none = countedConvertedMinor({ ...g, refundedMinor: g.amountMinor })
        return whole === g.convertedAmountMinor && none === 0
      }),
    )
  })

  test('a third refunded takes a third of the converted value', () => {
    // ₩30,000 counted as $22.50; ₩10,000 refunded leaves two thirds: $15.00.
    const krw = { amountMinor: 30_000, convertedAmountMinor: 2_250, disputeLostMinor: 0 }
    expect(countedConvertedMinor({ ...krw, refundedMinor: 10_000 })).toBe(1_500)
    // 1/8 of 1 cent left is 0.125 → 0; 3/8 of 3 cents is 1.125 → 1; 1/2 of 3 is 1.5 → 2.
    expect(
      countedConvertedMinor({
        amountMinor: 8,
        convertedAmountMinor: 1,
        refundedMinor: 7,
        disputeLostMinor: 0,
      }),
    ).toBe(0)
    expect(
      countedConvertedMinor({
        amountMinor: 2,
        convertedAmountMinor: 3,
        refundedMinor: 1,
        disputeLostMinor: 0,
      }),
    ).toBe(2)
    expect(
      countedConvertedMinor({
        amountMinor: 2,
        convertedAmountMinor: 5,
        refundedMinor: 1,
        disputeLostMinor: 0,
      }),
    ).toBe(2)
  })
})
