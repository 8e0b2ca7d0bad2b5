import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { newId } from '../ids.ts'
import type { Donor, SessionState } from '../store.ts'

export interface SessionInput {
  mode: 'payment' | 'subscription' | 'setup'
  currency: string
  amountTotal: number
  submitType: Stripe.Checkout.Session.SubmitType | null
  clientReferenceId: string | null
  customer: string | null
  customerEmail: string | null
  customerCreation: Stripe.Checkout.Session.CustomerCreation | null
  metadata: Record<string, string>
  successUrl: string | null
  cancelUrl: string | null
  expiresAt: number
  paymentMethodTypes: string[]
  allowedPaymentMethodTypes: string[] | null
  locale: Stripe.Checkout.Session.Locale | null
  billingAddressCollection: Stripe.Checkout.Session.BillingAddressCollection | null
  state: Omit<SessionState, 'pendingAuthentication'>
}

/** An open session whose `url` is the emulator's hosted payment page. */
export function createSession(emu: Emulator, input: SessionInput): Stripe.Checkout.Session {
  const id = newId('cs_test')
  emu.store.sessionState.set(id, { ...input.state, pendingAuthentication: null })
  const session = emu.store.sessions.add({
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    amount_subtotal: input.mode === 'setup' ? null : input.amountTotal,
    amount_total: input.mode === 'setup' ? null : input.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: emu.now(),
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customerCreation,
    customer_details: input.customerEmail
      ? {
          address: null,
          business_name: null,
          email: input.customerEmail,
          individual_name: null,
          name: null,
          phone: null,
          tax_exempt: 'none',
          tax_ids: null,
        }
      : null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: input.locale,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === 'subscription' ? 'always' : null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: input.submitType,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: emu.url(`/c/pay/${id}`),
    wallet_options: null,
  })
  emu.store.sessionExpiries.add(session)
  return session
}

/** Marks a paid (or debit-pending) session complete: `checkout.session.completed`. */
export function completeSession(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  outcome: {
    donor: Donor
    customer: Stripe.Customer | null
    paymentStatus: 'paid' | 'unpaid' | 'no_payment_required'
    paymentIntent?: string
    setupIntent?: string
    subscription?: string
    invoice?: string
  },
): void {
  session.status = 'complete'
  session.payment_status = outcome.paymentStatus
  session.url = null
  session.customer = outcome.customer?.id ?? null
  session.customer_details = {
    address: null,
    business_name: null,
    email: outcome.donor.email,
    individual_name: null,
    name: outcome.donor.name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  session.payment_intent = outcome.paymentIntent ?? null
  session.setup_intent = outcome.setupIntent ?? null
  session.subscription = outcome.subscription ?? null
  session.invoice = outcome.invoice ?? null
  emit(emu, 'checkout.session.completed', session)
}

/**
 * Expires an open session (`checkout.session.expired`), whether by `POST …/expire` or because
 * `expires_at` passed. A PaymentIntent left over from a declined attempt is canceled.
 */
export function expireSession(emu: Emulator, session: Stripe.Checkout.Session): void {
  session.status = 'expired'
  session.url = null
  if (typeof session.payment_intent === 'string') {
    const intent = emu.store.paymentIntents.require(session.payment_intent)
    if (intent.status === 'requires_payment_method' || intent.status === 'requires_action') {
      intent.status = 'canceled'
      intent.canceled_at = emu.now()
      intent.cancellation_reason = 'abandoned'
      emit(emu, 'payment_intent.canceled', intent)
    }
  }
  emu.store.sessionStateOf(session.id).pendingAuthentication = null
  emit(emu, 'checkout.session.expired', session)
}
