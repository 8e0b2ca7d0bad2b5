import { expect, test } from 'vitest'
import { CURRENCIES, CURRENCY_CODES } from '#app/modules/ledger/money.ts'
import { niceStepMinor, proposeAmounts, roundNice } from './nice-amounts.ts'

test('steps grow with the amount: KRW 1,000/5,000/10,000, JPY 100/500/1,000, USD 1/5/10', () => {
  expect([9_999, 10_000, 99_999, 100_000].map((a) => niceStepMinor(a, 'KRW'))).toEqual([
    1_000, 5_000, 5_000, 10_000,
  ])
  expect([999, 1_000, 9_999, 10_000].map((a) => niceStepMinor(a, 'JPY'))).toEqual([
    100, 500, 500, 1_000,
  ])
  expect([999, 1_000, 9_999, 10_000].map((a) => niceStepMinor(a, 'USD'))).toEqual([
    100, 500, 500, 1_000,
  ])
})

test("a USD appeal's amounts become round won and yen", () => {
  // $5, $25, $50, $100 at ₩1,350 = 6,750 / 33,750 / 67,500 / 135,000 won.
  expect(proposeAmounts([500, 2_500, 5_000, 10_000], 'USD', 'KRW', '1350')).toEqual([
    7_000, 35_000, 70_000, 140_000,
  ])
  // At ¥150: 750 / 3,750 / 7,500 / 15,000 yen.
  expect(proposeAmounts([500, 2_500, 5_000, 10_000], 'USD', 'JPY', '150')).toEqual([
    800, 4_000, 7_500, 15_000,
  ])
})

test('won and yen become whole pounds, dollars and euros', () => {
  // ₩10,000 / ₩30,000 / ₩100,000 at 0.00074 = $7.40 / $22.20 / $74.00.
  expect(proposeAmounts([10_000, 30_000, 100_000], 'KRW', 'USD', '0.00074')).toEqual([
    700, 2_000, 7_500,
  ])
  expect(proposeAmounts([2_500, 25_000], 'USD', 'GBP', '0.79')).toEqual([2_000, 20_000])
})

test('never below the minimum gift, never above the maximum', () => {
  // $3 is ₩4,050: below ₩7,000, so the minimum.
  expect(proposeAmounts([300], 'USD', 'KRW', '1350')).toEqual([7_000])
  // $2 is ¥300: below ¥750, so the minimum rounded up to its step (¥800).
  expect(proposeAmounts([200], 'USD', 'JPY', '150')).toEqual([800])
  expect(roundNice(80_000_000, 'KRW')).toBe(70_000_000)
  for (const code of CURRENCY_CODES) {
    const { minMinor, maxMinor } = CURRENCIES[code]
    expect(roundNice(1, code)).toBeGreaterThanOrEqual(minMinor)
    expect(roundNice(Number.MAX_SAFE_INTEGER, code)).toBeLessThanOrEqual(maxMinor)
  }
})

test('amounts that round alike stay distinct and in order', () => {
  // $10 and $11 are ₩13,500 and ₩14,850: both round to ₩15,000; the second moves up a step.
  expect(proposeAmounts([1_000, 1_100], 'USD', 'KRW', '1350')).toEqual([15_000, 20_000])
})
