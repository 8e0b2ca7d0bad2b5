/**
 * Fee cover: what to add to a gift so that, after Stripe's fee on the whole charge, the
 * campaign receives at least the gift. Computed in minor units, never floats.
 *
 * Rule (written down because donors see the number before they pay, and the same number is
 * charged, recorded and receipted): with Stripe's standard card pricing of `rate` (parts per
 * 10,000) plus a fixed fee, total = ceil((gift + fixed) × 10,000 / (10,000 − rate)), rounded UP
 * to the next minor unit so that the campaign never ends up short; cover = total − gift.
 * Rates are Stripe's published standard card pricing: 2.9% + 30 minor units for two-decimal
 * currencies, 3.6% with no fixed fee for KRW and JPY. Cards priced differently (international,
 * currency conversion) can cost more; the cover is an estimate and finance records the real fee.
 */
import { getCurrency } from '#app/modules/ledger/money.ts'

export type FeeSchedule = { rateBasisPoints: number; fixedMinor: number }

export function feeScheduleFor(currency: string): FeeSchedule {
  return getCurrency(currency).exponent === 0
    ? { rateBasisPoints: 360, fixedMinor: 0 }
    : { rateBasisPoints: 290, fixedMinor: 30 }
}

/** Stripe's fee on a charge, rounded half up (as Stripe rounds). */
export function estimateStripeFee(chargeMinor: number, currency: string): number {
  const { rateBasisPoints, fixedMinor } = feeScheduleFor(currency)
  return Math.floor((chargeMinor * rateBasisPoints + 5_000) / 10_000) + fixedMinor
}

export function feeCoverFor(giftMinor: number, currency: string): number {
  if (!Number.isSafeInteger(giftMinor) || giftMinor <= 0)
    throw new RangeError('gift must be a positive integer')
  const { rateBasisPoints, fixedMinor } = feeScheduleFor(currency)
  const numerator = (giftMinor + fixedMinor) * 10_000
  const denominator = 10_000 - rateBasisPoints
  let total = Math.ceil(numerator / denominator)
  // Stripe rounds its fee half up, so the formula can be a unit off either way: settle on the
  // smallest total whose net after the estimated fee is not below the gift.
  const nets = (charge: number) => charge - estimateStripeFee(charge, currency) >= giftMinor
  while (!nets(total)) total += 1
  while (nets(total - 1)) total -= 1
  return total - giftMinor
}
