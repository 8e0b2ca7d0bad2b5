import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { planOf } from './catalog.ts'
import { createInvoice, finalizeInvoice } from './invoices.ts'
import { addInterval } from './periods.ts'
import { billedLines } from './subscriptions.ts'

/**
 * Changes to a running subscription, as `POST /v1/subscriptions/:id` makes them
 * (docs.stripe.com/api/subscriptions/update):
 *
 * - a new price on an item with `proration_behavior: none`: nothing is charged now and the next
 *   invoice bills the new price (docs.stripe.com/billing/subscriptions/prorations#disable-prorations);
 * - a new billing interval resets the billing cycle to now and invoices at once, unless a trial
 *   starts in the same request (docs.stripe.com/billing/subscriptions/change-price#changing);
 * - `trial_end` with `proration_behavior: none` moves the next charge to that date, Stripe's
 *   documented way to change an existing subscription's billing date
 *   (docs.stripe.com/billing/subscriptions/billing-cycle#changing);
 * - `pause_collection`: renewals still make invoices, but they are voided, marked uncollectible
 *   or kept as drafts, and the status stays `active` (docs.stripe.com/billing/subscriptions/pause-payment).
 */

/** Puts `price` on `item`; the caller has checked that currency and item belong together. */
export function setItemPrice(item: Stripe.SubscriptionItem, price: Stripe.Price): void {
  item.price = price
  item.plan = planOf(price)
}

/** A trial until `trialEnd`: the current period ends now, uncharged, and billing resumes then. */
export function startTrial(emu: Emulator, subscription: Stripe.Subscription, trialEnd: number) {
  const now = emu.now()
  subscription.trial_start = now
  subscription.trial_end = trialEnd
  subscription.billing_cycle_anchor = trialEnd
  subscription.status = 'trialing'
  for (const item of subscription.items.data) {
    item.current_period_start = now
    item.current_period_end = trialEnd
  }
}

/**
 * A new interval without a trial: the cycle restarts now and the new price is invoiced at once
 * (`billing_reason: subscription_update`). Returns the open invoice for the caller to charge.
 */
export function restartCycle(emu: Emulator, subscription: Stripe.Subscription): Stripe.Invoice {
  const now = emu.now()
  const recurring = subscription.items.data[0]?.price.recurring
  if (!recurring) throw new Error(`${subscription.id} has no recurring item`)
  subscription.billing_cycle_anchor = now
  const end = addInterval(now, recurring.interval, recurring.interval_count)
  for (const item of subscription.items.data) {
    item.current_period_start = now
    item.current_period_end = end
  }
  const invoice = createInvoice(
    emu,
    subscription,
    'subscription_update',
    billedLines(emu, subscription),
  )
  subscription.latest_invoice = invoice.id
  finalizeInvoice(emu, invoice)
  return invoice
}

/**
 * A renewal invoice while collection is paused: finalized and voided (`void`), finalized and
 * marked uncollectible (`mark_uncollectible`), or left a draft (`keep_as_draft`). No payment
 * is attempted in any case.
 */
export function settlePausedInvoice(
  emu: Emulator,
  invoice: Stripe.Invoice,
  behavior: Stripe.Subscription.PauseCollection.Behavior,
): void {
  if (behavior === 'keep_as_draft') {
    invoice.auto_advance = false
    return
  }
  finalizeInvoice(emu, invoice)
  const now = emu.now()
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  if (behavior === 'void') {
    invoice.status = 'void'
    invoice.status_transitions.voided_at = now
    emit(emu, 'invoice.voided', invoice)
  } else {
    invoice.status = 'uncollectible'
    invoice.status_transitions.marked_uncollectible_at = now
    emit(emu, 'invoice.marked_uncollectible', invoice)
  }
}

/** `resumes_at` has passed: collection resumes (`customer.subscription.updated`). */
export function resumeCollection(emu: Emulator, subscription: Stripe.Subscription): void {
  const previous = { pause_collection: structuredClone(subscription.pause_collection) }
  subscription.pause_collection = null
  emit(emu, 'customer.subscription.updated', subscription, previous)
}
