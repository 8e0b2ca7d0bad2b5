import type Stripe from 'stripe'

/** Billing periods: Stripe anchors them on `billing_cycle_anchor`. */

const DAY_SECONDS = 24 * 60 * 60

/** `time` moved on by `count` intervals; months keep the anchor's day, clamped to short months. */
export function addInterval(
  time: number,
  interval: Stripe.Price.Recurring.Interval,
  count: number,
): number {
  if (interval === 'day') return time + count * DAY_SECONDS
  if (interval === 'week') return time + count * 7 * DAY_SECONDS
  const months = interval === 'year' ? 12 * count : count
  const start = new Date(time * 1000)
  const target = new Date(start)
  target.setUTCDate(1)
  target.setUTCMonth(target.getUTCMonth() + months)
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate()
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay))
  return Math.floor(target.getTime() / 1000)
}

function recurringOf(subscription: Stripe.Subscription): Stripe.Price.Recurring {
  const recurring = subscription.items.data[0]?.price.recurring
  if (!recurring) throw new Error(`${subscription.id} has no recurring item`)
  return recurring
}

/** The end of the billing period that starts at `start`, counted from the cycle anchor. */
export function periodEndAfter(subscription: Stripe.Subscription, start: number): number {
  const { interval, interval_count: count } = recurringOf(subscription)
  let periods = 1
  while (addInterval(subscription.billing_cycle_anchor, interval, periods * count) <= start)
    periods++
  return addInterval(subscription.billing_cycle_anchor, interval, periods * count)
}

export function currentPeriodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]?.current_period_end ?? subscription.start_date
}
