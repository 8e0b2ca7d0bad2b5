import { expect, test } from 'vitest'
import { convertMinor, divideHalfEven } from './conversion.ts'
import { invertRate } from './exchange-rates.server.ts'

test('converts between exponents exactly, half to even', () => {
  expect(convertMinor(30_000, 'KRW', 'USD', '0.00075')).toBe(2_250)
  expect(convertMinor(1_000, 'EUR', 'USD', '1.234')).toBe(1_234)
  expect(convertMinor(2_250, 'USD', 'KRW', '1333.333333')).toBe(30_000)
  // 0.5 of a cent goes to the even neighbour.
  expect(convertMinor(1, 'USD', 'GBP', '0.5')).toBe(0)
  expect(convertMinor(3, 'USD', 'GBP', '0.5')).toBe(2)
  expect(divideHalfEven(-5n, 2n)).toBe(-2n)
})

test('inverts a rate to 12 places', () => {
  expect(invertRate('0.00075')).toBe('1333.333333333333')
  expect(invertRate('2')).toBe('0.5')
})
