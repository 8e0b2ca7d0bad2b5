/**
 * How often a gift repeats. Monthly and annual gifts are both Stripe subscriptions and are
 * treated alike everywhere except in the interval Stripe bills them at and the words shown.
 */
export const FREQUENCIES = ['ONE_TIME', 'MONTHLY', 'ANNUAL'] as const
export type GiftFrequency = (typeof FREQUENCIES)[number]
export type RecurringFrequency = Exclude<GiftFrequency, 'ONE_TIME'>

/** Stripe's `recurring.interval` for each repeating frequency. */
export const STRIPE_INTERVAL = { MONTHLY: 'month', ANNUAL: 'year' } as const

export function isRecurring(frequency: string): frequency is RecurringFrequency {
  return frequency === 'MONTHLY' || frequency === 'ANNUAL'
}

/** "monthly gift", "annual gift" or "gift", for sentences. */
export function giftNoun(frequency: string): string {
  if (frequency === 'MONTHLY') return 'monthly gift'
  if (frequency === 'ANNUAL') return 'annual gift'
  return 'gift'
}
