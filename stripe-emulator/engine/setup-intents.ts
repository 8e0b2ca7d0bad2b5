import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { newId } from '../ids.ts'
import type { SavedPaymentMethod } from '../store.ts'
import type { Decline } from './test-cards.ts'

/**
 * Checkout in setup mode saves a card for later without charging it: a SetupIntent that
 * succeeds with the new PaymentMethod attached to the session's Customer
 * (docs.stripe.com/payments/save-and-reuse?platform=checkout, docs.stripe.com/api/setup_intents).
 */

export function createSetupIntent(
  emu: Emulator,
  input: {
    customer: string | null
    description: string | null
    metadata: Record<string, string>
  },
): Stripe.SetupIntent {
  const id = newId('seti')
  const intent = emu.store.setupIntents.add({
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    attach_to_self: false,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${newId('s').slice(2)}`,
    created: emu.now(),
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
  })
  emit(emu, 'setup_intent.created', intent)
  return intent
}

/** The card is saved: attached to the customer (`payment_method.attached`), intent succeeded. */
export function succeedSetup(
  emu: Emulator,
  intent: Stripe.SetupIntent,
  method: SavedPaymentMethod,
): void {
  intent.payment_method = method.id
  intent.last_setup_error = null
  intent.status = 'succeeded'
  if (typeof intent.customer === 'string') {
    method.customer = intent.customer
    emit(emu, 'payment_method.attached', paymentMethodObject(emu, method))
  }
  emit(emu, 'setup_intent.succeeded', intent)
}

/** The card was refused while being saved (`setup_intent.setup_failed`); the donor may retry. */
export function failSetup(emu: Emulator, intent: Stripe.SetupIntent, decline: Decline): void {
  intent.status = 'requires_payment_method'
  intent.last_setup_error = {
    type: 'card_error',
    code: decline.code as Stripe.SetupIntent.LastSetupError.Code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    message: decline.message,
    payment_method_type: 'card',
  }
  emit(emu, 'setup_intent.setup_failed', intent)
}

/** The public PaymentMethod view of a saved card or debit (docs.stripe.com/api/payment_methods). */
export function paymentMethodObject(
  emu: Emulator,
  method: SavedPaymentMethod,
): Stripe.PaymentMethod {
  const base = {
    id: method.id,
    object: 'payment_method' as const,
    allow_redisplay: 'unspecified' as const,
    billing_details: {
      address: null,
      email: method.donor.email,
      name: method.donor.name,
      phone: null,
      tax_id: null,
    },
    created: emu.now(),
    customer: method.customer ?? null,
    customer_account: null,
    livemode: false,
    metadata: {},
  }
  if (method.type === 'sepa_debit') {
    return {
      ...base,
      type: 'sepa_debit',
      sepa_debit: {
        bank_code: method.iban.slice(4, 12),
        branch_code: '',
        country: method.iban.slice(0, 2),
        fingerprint: null,
        generated_from: null,
        last4: method.iban.slice(-4),
      },
    } as Stripe.PaymentMethod
  }
  return {
    ...base,
    type: 'card',
    card: {
      brand: method.test.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: method.test.country,
      display_brand: method.test.brand,
      exp_month: method.card.expMonth,
      exp_year: method.card.expYear,
      fingerprint: null,
      funding: method.test.funding,
      generated_from: null,
      last4: method.card.number.slice(-4),
      networks: { available: [method.test.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
  } as Stripe.PaymentMethod
}
