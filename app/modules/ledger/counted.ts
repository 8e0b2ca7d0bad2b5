/**
 * The one rule for what a gift is still worth: its amount less refunds and lost disputes,
 * never below zero. Campaign totals, receipts, pledge schedules, refund limits and statements
 * all use it. SQL that must sum it in the database (the finance exports, the campaign
 * dashboard) writes the same expression and points here.
 */

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
