import { describe, expect, test } from 'vitest'
import { estimateStripeFee, feeCoverFor } from './fees.ts'

describe('feeCoverFor', () => {
  test('USD: $45 needs $1.65 so that $45.00 arrives', () => {
    expect(feeCoverFor(4500, 'USD')).toBe(165)
    expect(4665 - estimateStripeFee(4665, 'USD')).toBeGreaterThanOrEqual(4500)
  })

  test('KRW: ₩50,000 needs ₩1,867 (3.6%, no fixed fee, whole won)', () => {
    expect(feeCoverFor(50_000, 'KRW')).toBe(1_867)
    expect(51_867 - estimateStripeFee(51_867, 'KRW')).toBeGreaterThanOrEqual(50_000)
  })

  test('never leaves the campaign short, and is the smallest cover that does', () => {
    for (const currency of ['USD', 'GBP', 'EUR', 'KRW', 'JPY']) {
      for (let gift = 400; gift <= 2_000_000; gift += 997) {
        const total = gift + feeCoverFor(gift, currency)
        expect(
          total - estimateStripeFee(total, currency),
          `${currency} ${gift}`,
        ).toBeGreaterThanOrEqual(gift)
        const smaller = total - 1
        expect(smaller - estimateStripeFee(smaller, currency), `${currency} ${gift}`).toBeLessThan(
          gift,
        )
      }
    }
  })

  test('refuses non-integer or non-positive gifts', () => {
    expect(() => feeCoverFor(10.5, 'USD')).toThrow(RangeError)
    expect(() => feeCoverFor(0, 'USD')).toThrow(RangeError)
  })
})
