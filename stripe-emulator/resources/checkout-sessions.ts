import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { createSession, expireSession } from '../engine/checkout-sessions.ts'
import { isSupportedCurrency } from '../money.ts'
import { isEmail, mergeMetadata, type Params } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
import type { SessionState } from '../store.ts'
import { invalidRequest, paginate } from '../wire.ts'
import { lineItemsFrom } from './checkout-line-items.ts'
import { listOf, render, retrieve } from './common.ts'

const THIRTY_MINUTES = 30 * 60
const TWENTY_FOUR_HOURS = 24 * 60 * 60

const CREATE_PARAMS = [
  'mode',
  'line_items',
  'submit_type',
  'client_reference_id',
  'customer',
  'customer_email',
  'customer_creation',
  'metadata',
  'payment_intent_data',
  'subscription_data',
  'setup_intent_data',
  'currency',
  'success_url',
  'cancel_url',
  'expires_at',
  'allowed_payment_method_types',
  'excluded_payment_method_types',
  'locale',
  'ui_mode',
  'billing_address_collection',
  'expand',
]

/** Checkout's languages (stripe-node 23 `Checkout.SessionCreateParams.Locale`); Stripe refuses others. */
const CHECKOUT_LOCALES = [
  'auto',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-GB',
  'es',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'hi-IN',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
] as const satisfies readonly Stripe.Checkout.SessionCreateParams.Locale[]

const REMOVED_PARAM_HINTS = {
  payment_method_types:
    '. Since API version 2026-10-28.endive (stripe-node 23) Checkout Sessions take `allowed_payment_method_types` instead.',
}

function url(params: Params, key: string): string | null {
  const value = params.string(key)
  if (value === undefined) return null
  try {
    const parsed = new URL(value.replace('{CHECKOUT_SESSION_ID}', 'placeholder'))
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return value
  } catch {
    // falls through to Stripe's error
  }
  throw invalidRequest('Not a valid URL', key, 'url_invalid')
}

/** Card everywhere; SEPA Direct Debit for one-off EUR gifts (the emulator's delayed method). */
function paymentMethodTypes(params: Params, mode: string, currency: string) {
  const available = ['card', ...(currency === 'eur' && mode === 'payment' ? ['sepa_debit'] : [])]
  const allowed = params.strings('allowed_payment_method_types') ?? null
  const excluded = params.strings('excluded_payment_method_types') ?? []
  const unavailable = allowed?.find((type) => !available.includes(type))
  if (unavailable) {
    throw invalidRequest(
      `The payment method type \`${unavailable}\` is not available for this Checkout Session in the Stripe emulator (available: ${available.join(', ')}).`,
      'allowed_payment_method_types',
    )
  }
  const types = (allowed ?? available).filter((type) => !excluded.includes(type))
  if (types.length === 0) {
    throw invalidRequest(
      'No payment method types are left for this Checkout Session.',
      'excluded_payment_method_types',
    )
  }
  return { types, allowed }
}

function expiresAt(params: Params, now: number): number {
  const value = params.integer('expires_at')
  if (value === undefined) return now + TWENTY_FOUR_HOURS
  if (value < now + THIRTY_MINUTES) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    )
  }
  if (value > now + TWENTY_FOUR_HOURS) {
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    )
  }
  return value
}

function onlyInMode(
  params: Params,
  key: string,
  mode: string,
  allowedMode: string,
): Params | undefined {
  const value = params.object(key)
  if (value && mode !== allowedMode)
    throw invalidRequest(`You can not pass \`${key}\` in \`${mode}\` mode.`, key)
  return value
}

function sessionState(
  params: Params,
  mode: string,
): Omit<SessionState, 'pendingAuthentication' | 'lineItems'> {
  const intentData = onlyInMode(params, 'payment_intent_data', mode, 'payment')?.allowOnly([
    'metadata',
    'description',
    'receipt_email',
    'statement_descriptor',
    'statement_descriptor_suffix',
    'setup_future_usage',
    'capture_method',
  ])
  intentData?.string('capture_method', { oneOf: ['automatic', 'automatic_async'] })
  const subscriptionData = onlyInMode(params, 'subscription_data', mode, 'subscription')?.allowOnly(
    ['metadata', 'description'],
  )
  const setupData = onlyInMode(params, 'setup_intent_data', mode, 'setup')?.allowOnly([
    'metadata',
    'description',
    'on_behalf_of',
  ])
  return {
    paymentIntentData: {
      metadata: intentData?.newMetadata() ?? {},
      description: intentData?.string('description') ?? null,
      receipt_email: intentData?.string('receipt_email') ?? null,
      statement_descriptor: intentData?.string('statement_descriptor', { maxLength: 22 }) ?? null,
      statement_descriptor_suffix:
        intentData?.string('statement_descriptor_suffix', { maxLength: 22 }) ?? null,
      setup_future_usage:
        intentData?.string('setup_future_usage', { oneOf: ['on_session', 'off_session'] }) ?? null,
    },
    subscriptionData: {
      metadata: subscriptionData?.newMetadata() ?? {},
      description: subscriptionData?.string('description', { maxLength: 500 }) ?? null,
    },
    setupIntentData: {
      metadata: setupData?.newMetadata() ?? {},
      description: setupData?.string('description', { maxLength: 1000 }) ?? null,
    },
  }
}

/**
 * Setup mode saves a payment method and charges nothing: no line items, and, since Sessions no
 * longer take `payment_method_types`, a `currency` that picks the methods to offer
 * (docs.stripe.com/api/checkout/sessions/create#create_checkout_session-currency;
 * docs.stripe.com/payments/save-and-reuse?platform=checkout).
 */
function setupModeItems(params: Params) {
  if (params.has('line_items'))
    throw invalidRequest('You can not pass `line_items` in `setup` mode.', 'line_items')
  const currency = params.string('currency')?.toLowerCase()
  if (currency === undefined) {
    throw invalidRequest(
      '`currency` is required in `setup` mode when `payment_method_types` is not set.',
      'currency',
    )
  }
  if (!isSupportedCurrency(currency))
    throw invalidRequest(`Invalid currency: ${currency}.`, 'currency')
  return { lineItems: [], currency, amountTotal: 0 }
}

function submitType(params: Params, mode: string) {
  const value = params.string('submit_type', {
    oneOf: ['auto', 'book', 'donate', 'pay', 'subscribe'],
  })
  if (value !== undefined && mode === 'setup')
    throw invalidRequest('`submit_type` can not be used in `setup` mode.', 'submit_type')
  return value ?? null
}

function create(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly(CREATE_PARAMS, REMOVED_PARAM_HINTS)
  const mode = params.string('mode', {
    required: true,
    oneOf: ['payment', 'setup', 'subscription'],
  }) as 'payment' | 'setup' | 'subscription'
  params.string('ui_mode', { oneOf: ['hosted_page'] })
  const customer = params.string('customer')
  const customerEmail = params.string('customer_email')
  if (customer !== undefined && customerEmail !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: customer, customer_email.',
      'customer_email',
    )
  }
  if (customerEmail !== undefined && !isEmail(customerEmail)) {
    throw invalidRequest(
      `Invalid email address: ${customerEmail}`,
      'customer_email',
      'email_invalid',
    )
  }
  if (customer !== undefined) emu.store.customers.referenced(customer, 'customer')
  const customerCreation = params.string('customer_creation', { oneOf: ['always', 'if_required'] })
  if (customerCreation !== undefined && mode === 'subscription') {
    throw invalidRequest(
      '`customer_creation` can only be used in `payment` and `setup` mode.',
      'customer_creation',
    )
  }
  const state = sessionState(params, mode)
  const { lineItems, currency, amountTotal } =
    mode === 'setup' ? setupModeItems(params) : lineItemsFrom(emu, params, mode)
  if (mode !== 'setup' && params.has('currency') && params.string('currency') !== currency) {
    throw invalidRequest('`currency` must match the currency of the line items.', 'currency')
  }
  const methods = paymentMethodTypes(params, mode, currency)
  const session = createSession(emu, {
    mode,
    currency,
    amountTotal,
    submitType: submitType(params, mode),
    clientReferenceId: params.string('client_reference_id', { maxLength: 200 }) ?? null,
    customer: customer ?? null,
    customerEmail: customerEmail ?? null,
    customerCreation: customerCreation ?? (mode === 'payment' && !customer ? 'if_required' : null),
    metadata: params.newMetadata(),
    successUrl: url(params, 'success_url'),
    cancelUrl: url(params, 'cancel_url'),
    expiresAt: expiresAt(params, emu.now()),
    paymentMethodTypes: methods.types,
    allowedPaymentMethodTypes: methods.allowed,
    locale: params.string('locale', { oneOf: CHECKOUT_LOCALES }) ?? null,
    billingAddressCollection:
      params.string('billing_address_collection', { oneOf: ['auto', 'required'] }) ?? null,
    state: { ...state, lineItems },
  })
  return render(emu, request, session)
}

function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly(['metadata', 'expand'])
  const session = emu.store.sessions.require(request.pathParams.id ?? '', 'session')
  session.metadata = mergeMetadata(session.metadata ?? {}, params.metadata())
  return render(emu, request, session)
}

function expire(emu: Emulator, request: ApiRequest): object {
  request.params.allowOnly(['expand'])
  const session = emu.store.sessions.require(request.pathParams.id ?? '', 'session')
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      'session',
    )
  }
  expireSession(emu, session)
  return render(emu, request, session)
}

function list(emu: Emulator, request: ApiRequest): object {
  const { params } = request
  const email = params.object('customer_details')?.allowOnly(['email']).string('email')
  return listOf(emu, request, emu.store.sessions.list(), {
    by: {
      payment_intent: (session) => session.payment_intent,
      subscription: (session) => session.subscription,
      customer: (session) => session.customer,
      payment_link: (session) => session.payment_link,
      status: (session) => session.status,
    },
    also: ['customer_details'],
    where: (session) => email === undefined || session.customer_details?.email === email,
  })
}

function lineItems(emu: Emulator, request: ApiRequest): object {
  const { params } = request
  params.allowOnly(['limit', 'starting_after', 'ending_before', 'expand'])
  const session = emu.store.sessions.require(request.pathParams.id ?? '', 'session')
  const items = emu.store.sessionStateOf(session.id).lineItems
  return render(emu, request, paginate(items, params.page(), request.path))
}

export const checkoutSessionRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/checkout/sessions', handler: create },
  { method: 'GET', pattern: '/v1/checkout/sessions', handler: list },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.sessions, 'session'),
  },
  { method: 'POST', pattern: '/v1/checkout/sessions/:id', handler: update },
  { method: 'POST', pattern: '/v1/checkout/sessions/:id/expire', handler: expire },
  { method: 'GET', pattern: '/v1/checkout/sessions/:id/line_items', handler: lineItems },
]
