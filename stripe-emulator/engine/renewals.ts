import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { attemptInvoicePayment, createInvoice, finalizeInvoice } from './invoices.ts'
import { currentPeriodEnd, periodEndAfter } from './periods.ts'
import { settlePausedInvoice } from './subscription-changes.ts'
import { billedLines, endSubscription } from './subscriptions.ts'

/** What happens when a recurring gift's period ends: renewal, retries, or the end. */

/** Consumes one "fail the next renewal" order from the control API, if any applies. */
function takeRenewalFailure(emu: Emulator, subscriptionId: string): boolean {
  for (const key of [subscriptionId, '*']) {
    const left = emu.store.renewalFailures.get(key) ?? 0
    if (left > 0) {
      if (left === 1) emu.store.renewalFailures.delete(key)
      else emu.store.renewalFailures.set(key, left - 1)
      return true
    }
  }
  return false
}

const RENEWAL_DECLINE = {
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
  outcome: 'issuer_declined',
} as const

/** Pays an open renewal invoice; `past_due` ↔ `active`, and the end after the last retry. */
export function chargeRenewal(
  emu: Emulator,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription,
): void {
  const decline = takeRenewalFailure(emu, subscription.id) ? RENEWAL_DECLINE : undefined
  const paid = attemptInvoicePayment(emu, invoice, subscription, decline)
  const status = paid ? 'active' : 'past_due'
  if (subscription.status !== status) {
    const previous = previousValues(subscription, ['status'])
    subscription.status = status
    emit(emu, 'customer.subscription.updated', subscription, previous)
  }
  if (!paid && invoice.next_payment_attempt === null)
    endSubscription(emu, subscription, { reason: 'payment_failed' })
}

/** The period ended: cancel if asked to, otherwise start the next period and bill it. */
export function renewSubscription(emu: Emulator, subscription: Stripe.Subscription): void {
  const end = currentPeriodEnd(subscription)
  if (
    subscription.cancel_at_period_end ||
    (subscription.cancel_at !== null && subscription.cancel_at <= end)
  ) {
    endSubscription(emu, subscription, { reason: 'cancellation_requested' })
    return
  }
  const previous = previousValues(subscription, ['items', 'latest_invoice'])
  const previousStart = subscription.items.data[0]?.current_period_start ?? end
  const nextEnd = periodEndAfter(subscription, end)
  for (const item of subscription.items.data) {
    item.current_period_start = end
    item.current_period_end = nextEnd
  }
  // A trial that ends becomes a paying subscription (its first full invoice is charged now).
  if (subscription.status === 'trialing') {
    previous.status = 'trialing'
    subscription.status = 'active'
  }
  const invoice = createInvoice(
    emu,
    subscription,
    'subscription_cycle',
    billedLines(emu, subscription),
    {
      start: previousStart,
      end,
    },
  )
  subscription.latest_invoice = invoice.id
  emit(emu, 'customer.subscription.updated', subscription, previous)
  const paused = subscription.pause_collection
  if (paused) {
    settlePausedInvoice(emu, invoice, paused.behavior)
    return
  }
  finalizeInvoice(emu, invoice)
  chargeRenewal(emu, invoice, subscription)
}

/** Smart-retry stand-in: an open renewal invoice is charged again at `next_payment_attempt`. */
export function retryInvoice(emu: Emulator, invoice: Stripe.Invoice): void {
  const subscriptionId = invoice.parent?.subscription_details?.subscription
  const subscription = emu.store.subscriptions.require(String(subscriptionId))
  if (subscription.status === 'canceled') {
    invoice.next_payment_attempt = null
    return
  }
  chargeRenewal(emu, invoice, subscription)
}
