import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { newId } from '../ids.ts'
import type { SavedPaymentMethod } from '../store.ts'
import { planOf } from './catalog.ts'
import { addInterval, currentPeriodEnd } from './periods.ts'
import {
  attemptInvoicePayment,
  createInvoice,
  finalizeInvoice,
  type InvoiceLineInput,
} from './invoices.ts'

/** Invoice lines for a subscription's items over their current period. */
export function billedLines(emu: Emulator, subscription: Stripe.Subscription): InvoiceLineInput[] {
  return subscription.items.data.map((item) => ({
    price: item.price,
    quantity: item.quantity ?? 1,
    description: `${item.quantity ?? 1} × ${emu.store.products.get(String(item.price.product))?.name ?? 'Recurring gift'}`,
    subscriptionItem: item.id,
    period: { start: item.current_period_start, end: item.current_period_end },
  }))
}

/**
 * The subscription Checkout creates in subscription mode, with its first invoice paid by the
 * donor's card: `customer.subscription.created` (incomplete), the invoice events, then
 * `customer.subscription.updated` (incomplete → active).
 */
export function startSubscription(
  emu: Emulator,
  input: {
    customer: Stripe.Customer
    lineItems: Stripe.LineItem[]
    metadata: Record<string, string>
    description: string | null
    method: SavedPaymentMethod
  },
): { subscription: Stripe.Subscription; invoice: Stripe.Invoice } {
  const now = emu.now()
  const id = newId('sub')
  const recurringItems = input.lineItems.filter((item) => item.price?.recurring)
  const first = recurringItems[0]?.price
  if (!first?.recurring) throw new Error('Subscription mode needs a recurring price')
  const end = addInterval(now, first.recurring.interval, first.recurring.interval_count)
  const items: Stripe.SubscriptionItem[] = recurringItems.map((item) => {
    const price = item.price as Stripe.Price
    return {
      id: newId('si'),
      object: 'subscription_item',
      billing_thresholds: null,
      created: now,
      current_period_end: end,
      current_trial: null,
      current_period_start: now,
      discounts: [],
      metadata: {},
      plan: planOf(price),
      price,
      quantity: item.quantity ?? 1,
      subscription: id,
      tax_rates: [],
    }
  })
  const subscription = emu.store.subscriptions.add({
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { type: 'flexible', flexible: null, updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first.currency,
    customer: input.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.method.id,
    default_source: null,
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: {
      object: 'list',
      data: items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' },
    },
    trial_start: null,
  })
  emit(emu, 'customer.subscription.created', subscription)

  const oneTime = input.lineItems
    .filter((item) => item.price && !item.price.recurring)
    .map((item) => ({
      price: item.price as Stripe.Price,
      quantity: item.quantity ?? 1,
      description: item.description ?? '',
      subscriptionItem: null,
      period: { start: now, end: now },
    }))
  const invoice = createInvoice(emu, subscription, 'subscription_create', [
    ...billedLines(emu, subscription),
    ...oneTime,
  ])
  subscription.latest_invoice = invoice.id
  finalizeInvoice(emu, invoice)
  if (!attemptInvoicePayment(emu, invoice, subscription)) {
    throw new Error('The first invoice is only charged to cards that succeed')
  }
  subscription.status = 'active'
  emit(emu, 'customer.subscription.updated', subscription, { status: 'incomplete' })
  return { subscription, invoice }
}

/** Ends a subscription now (`customer.subscription.deleted`). */
export function endSubscription(
  emu: Emulator,
  subscription: Stripe.Subscription,
  details: {
    reason: Stripe.Subscription.CancellationDetails.Reason
    comment?: string | null
    feedback?: Stripe.Subscription.CancellationDetails.Feedback | null
  },
): void {
  const now = emu.now()
  subscription.status = 'canceled'
  subscription.canceled_at ??= now
  subscription.ended_at = now
  subscription.cancel_at_period_end = false
  subscription.cancellation_details = {
    comment: details.comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason: details.reason,
  }
  emit(emu, 'customer.subscription.deleted', subscription)
}

/** Sets or clears `cancel_at_period_end`; returns the previous attributes for the event. */
export function setCancelAtPeriodEnd(
  emu: Emulator,
  subscription: Stripe.Subscription,
  value: boolean,
) {
  const previous = previousValues(subscription, [
    'cancel_at_period_end',
    'cancel_at',
    'canceled_at',
    'cancellation_details',
  ])
  subscription.cancel_at_period_end = value
  subscription.cancel_at = value ? currentPeriodEnd(subscription) : null
  subscription.canceled_at = value ? emu.now() : null
  subscription.cancellation_details = {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: value ? 'cancellation_requested' : null,
  }
  return previous
}
