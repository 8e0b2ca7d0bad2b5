import { describe, expect, test } from 'vitest'
import {
  CURRENCIES,
  CURRENCY_CODES,
  checkGiftAmount,
  formatMoney,
  parseAmount,
  progressPercent,
  toMajorString,
} from './money.ts'

const parsed = (input: string, currency: string) => {
  const result = parseAmount(input, currency)
  return result.ok ? result.amountMinor : `error: ${result.error}`
}

describe('the currency table', () => {
  test('knows the exponent of every donor currency', () => {
    expect(CURRENCIES.USD.exponent).toBe(2)
    expect(CURRENCIES.EUR.exponent).toBe(2)
    expect(CURRENCIES.GBP.exponent).toBe(2)
    expect(CURRENCIES.KRW.exponent).toBe(0)
    expect(CURRENCIES.JPY.exponent).toBe(0)
  })

  test('agrees with ISO 4217 as Intl knows it', () => {
    for (const code of CURRENCY_CODES) {
      const iso = new Intl.NumberFormat('en', {
        style: 'currency',
        currency: code,
      }).resolvedOptions()
      expect(iso.maximumFractionDigits, code).toBe(CURRENCIES[code].exponent)
    }
  })

  test('limits are integers, minimum at least Stripe minimum charge, maximum within 8 digits', () => {
    const stripeMinimum = { USD: 50, EUR: 50, GBP: 30, KRW: 50, JPY: 50 }
    for (const code of CURRENCY_CODES) {
      const { minMinor, maxMinor } = CURRENCIES[code]
      expect(Number.isInteger(minMinor) && Number.isInteger(maxMinor)).toBe(true)
      expect(minMinor).toBeGreaterThanOrEqual(stripeMinimum[code])
      expect(maxMinor).toBeLessThanOrEqual(99_999_999)
    }
  })
})

describe('parseAmount', () => {
  test('USD: whole, decimal and grouped input', () => {
    expect(parsed('45', 'USD')).toBe(4500)
    expect(parsed('45.5', 'USD')).toBe(4550)
    expect(parsed('45.50', 'USD')).toBe(4550)
    expect(parsed('$1,234.56', 'USD')).toBe(123456)
    expect(parsed(' 5,000 ', 'USD')).toBe(500000)
    expect(parsed('0.07', 'USD')).toBe(7)
  })

  test('GBP and EUR accept a decimal comma', () => {
    expect(parsed('£25', 'GBP')).toBe(2500)
    expect(parsed('10,50', 'EUR')).toBe(1050)
    expect(parsed('1.234,56', 'EUR')).toBe(123456)
    expect(parsed('€ 2 500', 'EUR')).toBe(250000)
  })

  test('KRW: no minor unit, commas group thousands', () => {
    expect(parsed('50000', 'KRW')).toBe(50000)
    expect(parsed('5,000', 'KRW')).toBe(5000)
    expect(parsed('₩1,000,000', 'KRW')).toBe(1_000_000)
    expect(parsed('1.5', 'KRW')).toBe('error: South Korean won amounts have no decimal places')
    expect(parsed('5,0', 'KRW')).toMatch(/^error/)
  })

  test('JPY: no minor unit', () => {
    expect(parsed('¥3,000', 'JPY')).toBe(3000)
    expect(parsed('3000', 'JPY')).toBe(3000)
    expect(parsed('3000.00', 'JPY')).toMatch(/no decimal places/)
  })

  test('rejects what is not an amount', () => {
    expect(parsed('', 'USD')).toBe('error: Enter an amount')
    expect(parsed('-5', 'USD')).toBe('error: Enter an amount above zero')
    expect(parsed('ten', 'USD')).toBe('error: Enter the amount in numbers only')
    expect(parsed('1e3', 'USD')).toBe('error: Enter the amount in numbers only')
    expect(parsed('1.234', 'USD')).toBe('error: Use at most 2 decimal places')
    expect(parsed('1,23,456', 'USD')).toMatch(/^error/)
    expect(parsed('1..5', 'USD')).toMatch(/^error/)
    expect(parsed('99999999999999999', 'USD')).toBe('error: That amount is too large')
  })
})

describe('formatMoney', () => {
  test('formats each currency with its own minor unit', () => {
    expect(formatMoney(4500, 'USD')).toBe('$45.00')
    expect(formatMoney(4500, 'USD', { trimWholeUnits: true })).toBe('$45')
    expect(formatMoney(4550, 'USD', { trimWholeUnits: true })).toBe('$45.50')
    expect(formatMoney(123456, 'GBP')).toBe('£1,234.56')
    expect(formatMoney(50000, 'KRW')).toBe('₩50,000')
    expect(formatMoney(3000, 'JPY')).toBe('¥3,000')
    expect(formatMoney(123456, 'EUR', { locale: 'de-DE' })).toBe('1.234,56\u00a0€')
  })

  test('is exact for amounts past the float-safe range', () => {
    expect(formatMoney(9_007_199_254_740_993n, 'USD')).toBe('$90,071,992,547,409.93')
    expect(toMajorString(9_007_199_254_740_993n, 'KRW')).toBe('9007199254740993')
  })

  test('toMajorString keeps every digit', () => {
    expect(toMajorString(5, 'USD')).toBe('0.05')
    expect(toMajorString(-1050, 'EUR')).toBe('-10.50')
    expect(toMajorString(50000, 'KRW')).toBe('50000')
  })

  test('toMajorString is exact for every exponent, sign and size (the exports use it for sums)', () => {
    const cases: Array<[number | bigint, string, string]> = [
      [0, 'USD', '0.00'],
      [1, 'GBP', '0.01'],
      [-1, 'USD', '-0.01'],
      [-99, 'EUR', '-0.99'],
      [-100, 'EUR', '-1.00'],
      [123_456_789, 'USD', '1234567.89'],
      [0, 'KRW', '0'],
      [-50_000, 'KRW', '-50000'],
      [-7, 'JPY', '-7'],
      // bigint sums past 2^53 keep every digit
      [123_456_789_012_345_678_901n, 'USD', '1234567890123456789.01'],
      [-123_456_789_012_345_678_901n, 'JPY', '-123456789012345678901'],
    ]
    for (const [minor, currency, expected] of cases) {
      expect(toMajorString(minor, currency), `${minor} ${currency}`).toBe(expected)
    }
  })
})

describe('round trip: parse(format(x)) = x', () => {
  const samples = [1, 7, 99, 100, 4500, 4550, 123456, 50000, 1_000_000, 99_999_999]
  for (const code of ['USD', 'GBP', 'EUR', 'KRW', 'JPY']) {
    test(code, () => {
      for (const amount of samples) {
        expect(parsed(formatMoney(amount, code), code)).toBe(amount)
        expect(parsed(toMajorString(amount, code), code)).toBe(amount)
      }
    })
  }
})

describe('checkGiftAmount', () => {
  test('applies the per-currency minimum and maximum', () => {
    expect(checkGiftAmount(500, 'USD')).toBeNull()
    expect(checkGiftAmount(499, 'USD')).toBe('The smallest gift online is $5')
    expect(checkGiftAmount(6_999, 'KRW')).toBe('The smallest gift online is ₩7,000')
    expect(checkGiftAmount(50_000, 'KRW')).toBeNull()
    expect(checkGiftAmount(70_000_001, 'KRW')).toMatch(/^The largest gift online is ₩70,000,000/)
    expect(checkGiftAmount(0, 'JPY')).toBe('Enter an amount above zero')
    expect(checkGiftAmount(1.5, 'JPY')).toBe('Enter a whole amount')
  })
})

test('progressPercent floors and clamps', () => {
  expect(progressPercent(4_999, 10_000)).toBe(49)
  expect(progressPercent(25_000n, 10_000n)).toBe(100)
  expect(progressPercent(0, 10_000)).toBe(0)
})
