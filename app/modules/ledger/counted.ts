/**
 * The one rule for what a gift is still worth: its amount less refunds and lost disputes,
 * never below zero. Campaign totals, receipts, pledge schedules, refund limits and statements
 * all use it. SQL that must sum it in the database (the finance exports, the campaign
 * dashboard) writes the same expression and points here.
 */

import { divideHalfEven } from './conversion.ts'

/** Refund statuses that take money from a gift: pending ones too (Stripe has deducted them). */
export const COUNTED_REFUND_STATUSES: ReadonlySet<string> = new Set([
  'pending',
  'succeeded',
  'requires_action',
])

export type CountableGift = {
  amountMinor: number
  refundedMinor: number
  disputeLostMinor: number
}

/** What a gift still counts, in its currency's minor units: amount − refunded − dispute lost. */
export function countedMinor(gift: CountableGift): number {
  return Math.max(0, gift.amountMinor - gift.refundedMinor - gift.disputeLostMinor)
}

/** The refunded amount of a gift from its refund rows: the sum of those that count. */
export function refundedMinorOf(refunds: ReadonlyArray<{ amountMinor: number; status: string }>) {
  return refunds
    .filter((refund) => COUNTED_REFUND_STATUSES.has(refund.status))
    .reduce((sum, refund) => sum + refund.amountMinor, 0)
}

/**
 * What a gift still counts toward its appeal, in the appeal's currency: the counted share of
 * the original amount times the converted amount, rounded half to even (docs/decisions/0021).
 * A refund of a third takes a third of the converted value, whatever rate the refund itself
 * settled at, so the appeal total never depends on a later rate.
 */
export function countedConvertedMinor(
  gift: CountableGift & { convertedAmountMinor: number },
): number {
  const counted = countedMinor(gift)
  if (counted === gift.amountMinor || gift.amountMinor <= 0) return gift.convertedAmountMinor
  return Number(
    divideHalfEven(BigInt(gift.convertedAmountMinor) * BigInt(counted), BigInt(gift.amountMinor)),
  )
}
