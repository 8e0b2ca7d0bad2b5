import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { newId } from '../ids.ts'
import { wireDecimal } from './catalog.ts'
import { createPaymentIntent, payByCard } from './payments.ts'
import type { Decline } from './test-cards.ts'

/** Failed renewals are retried this many times in all, three days apart, then the gift ends. */
export const MAX_PAYMENT_ATTEMPTS = 4
export const RETRY_DELAY_SECONDS = 3 * 24 * 60 * 60

export interface InvoiceLineInput {
  price: Stripe.Price
  quantity: number
  description: string
  /** The subscription item billed, or null for a one-time item on the first invoice. */
  subscriptionItem: string | null
  period: { start: number; end: number }
}

function invoiceLine(
  invoiceId: string,
  subscription: string,
  input: InvoiceLineInput,
): Stripe.InvoiceLineItem {
  const amount = (input.price.unit_amount ?? 0) * input.quantity
  const details = { proration: false, proration_details: { credited_items: null }, subscription }
  return {
    id: newId('il'),
    object: 'line_item',
    amount,
    currency: input.price.currency,
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: input.subscriptionItem
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            ...details,
            invoice_item: null,
            subscription_item: input.subscriptionItem,
          },
        }
      : {
          type: 'invoice_item_details',
          invoice_item_details: { ...details, invoice_item: newId('ii') },
          subscription_item_details: null,
        },
    period: input.period,
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: input.price.id, product: String(input.price.product) },
      unit_amount_decimal: input.price.unit_amount_decimal,
    },
    quantity: input.quantity,
    quantity_decimal: wireDecimal(input.quantity),
    subscription,
    subtotal: amount,
    taxes: [],
  }
}

/** A draft invoice for a subscription (`invoice.created`). */
export function createInvoice(
  emu: Emulator,
  subscription: Stripe.Subscription,
  billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update',
  lines: InvoiceLineInput[],
  /** Stripe reports the period just ended on cycle invoices; creation invoices have none. */
  period?: { start: number; end: number },
): Stripe.Invoice {
  const customer = emu.store.customers.require(String(subscription.customer), 'customer')
  const id = newId('in')
  const now = emu.now()
  const total = lines.reduce((sum, line) => sum + (line.price.unit_amount ?? 0) * line.quantity, 0)
  const data = lines.map((line) => invoiceLine(id, subscription.id, line))
  const invoice = emu.store.invoices.add({
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Lantern (Stripe emulator)',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: {
      disabled_reason: null,
      enabled: false,
      liability: null,
      provider: null,
      status: null,
    },
    automatically_finalizes_at: null,
    billing_reason: billingReason,
    collection_method: 'charge_automatically',
    created: now,
    currency: subscription.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: emu.url(`/i/${id}`),
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: {
        metadata: { ...subscription.metadata },
        subscription: subscription.id,
      },
    },
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: null,
    },
    period_end: period?.end ?? now,
    period_start: period?.start ?? now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  })
  emit(emu, 'invoice.created', invoice)
  return invoice
}

/** Draft → open, with the customer's next invoice number (`invoice.finalized`). */
export function finalizeInvoice(emu: Emulator, invoice: Stripe.Invoice): void {
  const customer = emu.store.customers.require(String(invoice.customer), 'customer')
  const sequence = customer.next_invoice_sequence ?? 1
  customer.next_invoice_sequence = sequence + 1
  invoice.number = `${customer.invoice_prefix}-${String(sequence).padStart(4, '0')}`
  invoice.status = 'open'
  invoice.status_transitions.finalized_at = emu.now()
  invoice.effective_at = emu.now()
  emit(emu, 'invoice.finalized', invoice)
}

function invoicePaymentFor(
  emu: Emulator,
  invoice: Stripe.Invoice,
  customer: string | null,
): Stripe.InvoicePayment {
  const existing = emu.store.invoicePayments
    .list()
    .find((payment) => payment.invoice === invoice.id)
  if (existing) return existing
  const intent = createPaymentIntent(emu, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    customer,
    description:
      invoice.billing_reason === 'subscription_create'
        ? 'Subscription creation'
        : 'Subscription update',
    metadata: {},
    receiptEmail: null,
    setupFutureUsage: null,
    statementDescriptor: null,
    statementDescriptorSuffix: null,
    paymentMethodTypes: ['card'],
  })
  return emu.store.invoicePayments.add({
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: emu.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: intent.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  })
}

/**
 * Charges the subscription's saved card for an open invoice. `decline` forces a failure (the
 * control API's "fail the next renewal"). Returns whether the invoice is now paid.
 */
export function attemptInvoicePayment(
  emu: Emulator,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription,
  decline?: Decline,
): boolean {
  // The subscription's own default, else the customer's invoice default, as Stripe charges.
  const customer = emu.store.customers.get(String(subscription.customer))
  const methodId =
    subscription.default_payment_method ?? customer?.invoice_settings.default_payment_method
  const method = emu.store.paymentMethods.get(String(methodId))
  if (method?.type !== 'card') throw new Error(`${subscription.id} has no saved card`)
  const payment = invoicePaymentFor(emu, invoice, invoice.customer as string)
  const intent = emu.store.paymentIntents.require(String(payment.payment.payment_intent))
  // Off-session renewals are charged without a 3-D Secure challenge in the emulator.
  const result = payByCard(emu, intent, method, { authenticated: true, decline })
  const now = emu.now()
  invoice.attempted = true
  invoice.attempt_count += 1
  if (result.status === 'declined') {
    invoice.next_payment_attempt =
      invoice.attempt_count < MAX_PAYMENT_ATTEMPTS ? now + RETRY_DELAY_SECONDS : null
    emit(emu, 'invoice.payment_failed', invoice)
    return false
  }
  payment.status = 'paid'
  payment.amount_paid = invoice.amount_due
  payment.status_transitions.paid_at = now
  emit(emu, 'invoice_payment.paid', payment)
  invoice.status = 'paid'
  invoice.amount_paid = invoice.amount_due
  invoice.amount_remaining = 0
  invoice.next_payment_attempt = null
  invoice.status_transitions.paid_at = now
  emit(emu, 'invoice.paid', invoice)
  emit(emu, 'invoice.payment_succeeded', invoice)
  return true
}
