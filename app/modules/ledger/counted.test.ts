import { describe, expect, test } from 'vitest'
import { countedMinor, refundedMinorOf } from './counted.ts'

describe('countedMinor', () => {
  test('is the amount less refunds and lost disputes', () => {
    expect(countedMinor({ amountMinor: 5_000, refundedMinor: 0, disputeLostMinor: 0 })).toBe(5_000)
    expect(countedMinor({ amountMinor: 5_000, refundedMinor: 1_250, disputeLostMinor: 0 })).toBe(
      3_750,
    )
    expect(
      countedMinor({ amountMinor: 5_000, refundedMinor: 1_000, disputeLostMinor: 4_000 }),
    ).toBe(0)
    expect(countedMinor({ amountMinor: 50_000, refundedMinor: 0, disputeLostMinor: 20_000 })).toBe(
      30_000,
    )
  })

  test('never goes below zero when reversals exceed the amount', () => {
    expect(
      countedMinor({ amountMinor: 5_000, refundedMinor: 5_000, disputeLostMinor: 5_000 }),
    ).toBe(0)
    expect(countedMinor({ amountMinor: 100, refundedMinor: 101, disputeLostMinor: 0 })).toBe(0)
  })
})

describe('refundedMinorOf', () => {
  test('sums pending, succeeded and requires_action refunds, not failed or canceled ones', () => {
    expect(
      refundedMinorOf([
        { amountMinor: 100, status: 'succeeded' },
        { amountMinor: 200, status: 'pending' },
        { amountMinor: 400, status: 'requires_action' },
        { amountMinor: 800, status: 'failed' },
        { amountMinor: 1_600, status: 'canceled' },
      ]),
    ).toBe(700)
    expect(refundedMinorOf([])).toBe(0)
  })
})
