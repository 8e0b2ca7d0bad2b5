import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { newId } from '../ids.ts'
import type { SavedPaymentMethod } from '../store.ts'
import { createCharge, settleIntoBalance } from './charges.ts'
import { openDispute } from './disputes.ts'
import { AUTHENTICATION_FAILURE_MESSAGE, SEPA_FAILURE, type Decline } from './test-cards.ts'

export interface PaymentIntentInput {
  amount: number
  currency: string
  customer: string | null
  description: string | null
  metadata: Record<string, string>
  receiptEmail: string | null
  setupFutureUsage: Stripe.PaymentIntent.SetupFutureUsage | null
  statementDescriptor: string | null
  statementDescriptorSuffix: string | null
  paymentMethodTypes: string[]
}

/** A PaymentIntent as Checkout or an invoice creates it, before any payment attempt. */
export function createPaymentIntent(
  emu: Emulator,
  input: PaymentIntentInput,
): Stripe.PaymentIntent {
  const id = newId('pi')
  const intent = emu.store.paymentIntents.add({
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${newId('s').slice(2)}`,
    confirmation_method: 'automatic',
    created: emu.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: input.paymentMethodTypes,
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: 'requires_payment_method',
    transfer_group: null,
  })
  emit(emu, 'payment_intent.created', intent)
  return intent
}

/** Remembers how the donor paid, so renewals can charge it again. */
export function savePaymentMethod<M extends DistributiveOmit<SavedPaymentMethod, 'id'>>(
  emu: Emulator,
  method: M,
): M & { id: string } {
  const saved = { ...method, id: newId('pm') }
  emu.store.paymentMethods.set(saved.id, saved as SavedPaymentMethod)
  return saved
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function attach(intent: Stripe.PaymentIntent, method: SavedPaymentMethod): void {
  intent.payment_method = method.id
  intent.last_payment_error = null
  intent.next_action = null
  if (method.type === 'sepa_debit') intent.payment_method_types = ['sepa_debit']
}

function markSucceeded(emu: Emulator, intent: Stripe.PaymentIntent, charge: Stripe.Charge): void {
  intent.status = 'succeeded'
  intent.amount_received = intent.amount
  intent.latest_charge = charge.id
  intent.processing = null
  emit(emu, 'payment_intent.succeeded', intent)
}

function markFailed(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  error: Stripe.PaymentIntent.LastPaymentError,
): void {
  intent.status = 'requires_payment_method'
  intent.payment_method = null
  intent.processing = null
  intent.next_action = null
  intent.last_payment_error = error
  emit(emu, 'payment_intent.payment_failed', intent)
}

function declineError(
  decline: Decline,
  charge: Stripe.Charge,
  type: string,
): Stripe.PaymentIntent.LastPaymentError {
  return {
    type: 'card_error',
    charge: charge.id,
    code: decline.code as Stripe.PaymentIntent.LastPaymentError.Code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    message: decline.message,
    payment_method_type: type,
  }
}

export type AttemptResult =
  { status: 'succeeded'; charge: Stripe.Charge } | { status: 'declined'; message: string }

/** Charges a card that needs no authentication step: it succeeds or declines now. */
export function payByCard(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  method: Extract<SavedPaymentMethod, { type: 'card' }>,
  options: { authenticated?: boolean; decline?: Decline } = {},
): AttemptResult {
  attach(intent, method)
  const behaviour = method.test.behaviour
  const decline = options.decline ?? (behaviour.kind === 'declines' ? behaviour.decline : null)
  if (decline) {
    const charge = createCharge(emu, intent, method, { status: 'failed', decline })
    intent.latest_charge = charge.id
    markFailed(emu, intent, declineError(decline, charge, 'card'))
    return { status: 'declined', message: decline.message }
  }
  if (behaviour.kind === 'authenticates' && !options.authenticated) {
    throw new Error('Cards that require authentication go through requireAuthentication first')
  }
  const charge = createCharge(emu, intent, method, { status: 'succeeded' })
  markSucceeded(emu, intent, charge)
  settleIntoBalance(emu, charge)
  // Dispute test cards: the cardholder disputes the payment once it has gone through.
  if (behaviour.kind === 'succeeds' && behaviour.dispute)
    openDispute(emu, charge, { reason: behaviour.dispute })
  return { status: 'succeeded', charge }
}

/** A 3-D Secure card: the intent waits for the cardholder's challenge. */
export function requireAuthentication(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  method: SavedPaymentMethod,
): void {
  attach(intent, method)
  intent.status = 'requires_action'
  intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} }
  emit(emu, 'payment_intent.requires_action', intent)
}

/** The cardholder failed (or abandoned) the challenge: no charge is made. */
export function failAuthentication(emu: Emulator, intent: Stripe.PaymentIntent): void {
  markFailed(emu, intent, {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    message: AUTHENTICATION_FAILURE_MESSAGE,
    payment_method_type: 'card',
  })
}

/** A SEPA Direct Debit: the intent stays `processing` until the debit settles. */
export function startDebit(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  method: Extract<SavedPaymentMethod, { type: 'sepa_debit' }>,
): void {
  attach(intent, method)
  intent.status = 'processing'
  emit(emu, 'payment_intent.processing', intent)
  const charge = createCharge(emu, intent, method, { status: 'pending' })
  intent.latest_charge = charge.id
}

/** The bank's answer for a pending debit. */
export function settleDebit(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  outcome: 'succeeds' | 'fails',
): void {
  const charge = emu.store.charges.require(String(intent.latest_charge))
  if (outcome === 'succeeds') {
    charge.status = 'succeeded'
    charge.paid = true
    charge.captured = true
    charge.amount_captured = charge.amount
    emit(emu, 'charge.succeeded', charge)
    markSucceeded(emu, intent, charge)
    settleIntoBalance(emu, charge)
    return
  }
  charge.status = 'failed'
  charge.failure_code = SEPA_FAILURE.code
  charge.failure_message = SEPA_FAILURE.message
  emit(emu, 'charge.failed', charge)
  markFailed(emu, intent, {
    type: 'card_error',
    charge: charge.id,
    code: SEPA_FAILURE.code as Stripe.PaymentIntent.LastPaymentError.Code,
    message: SEPA_FAILURE.message,
    payment_method_type: 'sepa_debit',
  })
}
