import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import type { CardDetails, Donor, PendingSettlement } from '../store.ts'
import { completeSession } from './checkout-sessions.ts'
import { createCustomer } from './customers.ts'
import {
  createPaymentIntent,
  failAuthentication,
  payByCard,
  requireAuthentication,
  savePaymentMethod,
  settleDebit,
  startDebit,
} from './payments.ts'
import { createSetupIntent, failSetup, succeedSetup } from './setup-intents.ts'
import { startSubscription } from './subscriptions.ts'
import {
  AUTHENTICATION_FAILURE_MESSAGE,
  SEPA_SETTLEMENT_DELAY_SECONDS,
  TEST_CARDS,
  type TestCard,
} from './test-cards.ts'

/** What the hosted page shows after a submission. */
export type PaymentResult =
  { status: 'complete' } | { status: 'declined'; message: string } | { status: 'requires_action' }

/** Payment mode links one PaymentIntent to the session at the first attempt; retries reuse it. */
function sessionIntent(emu: Emulator, session: Stripe.Checkout.Session): Stripe.PaymentIntent {
  if (typeof session.payment_intent === 'string') {
    return emu.store.paymentIntents.require(session.payment_intent)
  }
  const data = emu.store.sessionStateOf(session.id).paymentIntentData
  const intent = createPaymentIntent(emu, {
    amount: session.amount_total ?? 0,
    currency: String(session.currency),
    customer: typeof session.customer === 'string' ? session.customer : null,
    description: data.description,
    metadata: { ...data.metadata },
    receiptEmail: data.receipt_email,
    setupFutureUsage: data.setup_future_usage,
    statementDescriptor: data.statement_descriptor,
    statementDescriptorSuffix: data.statement_descriptor_suffix,
    paymentMethodTypes: session.payment_method_types,
  })
  session.payment_intent = intent.id
  return intent
}

/** Setup mode links one SetupIntent to the session at the first attempt; retries reuse it. */
function sessionSetupIntent(emu: Emulator, session: Stripe.Checkout.Session): Stripe.SetupIntent {
  if (typeof session.setup_intent === 'string')
    return emu.store.setupIntents.require(session.setup_intent)
  const data = emu.store.sessionStateOf(session.id).setupIntentData
  const intent = createSetupIntent(emu, {
    customer: typeof session.customer === 'string' ? session.customer : null,
    description: data.description,
    metadata: { ...data.metadata },
  })
  session.setup_intent = intent.id
  return intent
}

/**
 * The session's Customer: the one passed at creation, else a new one when Checkout creates
 * customers (`customer_creation: 'always'`, and always in subscription mode), else none.
 */
function sessionCustomer(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  donor: Donor,
): Stripe.Customer | null {
  if (typeof session.customer === 'string') return emu.store.customers.require(session.customer)
  if (
    session.mode === 'subscription' ||
    session.customer_creation === 'always' ||
    (session.mode === 'setup' && session.customer_creation !== 'if_required')
  ) {
    return createCustomer(emu, { email: donor.email, name: donor.name })
  }
  return null
}

function succeed(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  donor: Donor,
  card: CardDetails,
  test: TestCard,
): PaymentResult {
  const method = savePaymentMethod(emu, {
    type: 'card',
    donor,
    card,
    test,
    customer: null as string | null,
  })
  const customer = sessionCustomer(emu, session, donor)
  if (session.mode === 'setup') {
    const intent = sessionSetupIntent(emu, session)
    intent.customer = customer?.id ?? null
    succeedSetup(emu, intent, method)
    completeSession(emu, session, {
      donor,
      customer,
      paymentStatus: 'no_payment_required',
      setupIntent: intent.id,
    })
    return { status: 'complete' }
  }
  if (session.mode === 'subscription') {
    method.customer = customer?.id ?? null
    if (!customer) throw new Error('Subscription mode always has a customer')
    const state = emu.store.sessionStateOf(session.id)
    const { subscription, invoice } = startSubscription(emu, {
      customer,
      lineItems: state.lineItems,
      metadata: { ...state.subscriptionData.metadata },
      description: state.subscriptionData.description,
      method,
    })
    customer.invoice_settings.default_payment_method = method.id
    completeSession(emu, session, {
      donor,
      customer,
      paymentStatus: 'paid',
      subscription: subscription.id,
      invoice: invoice.id,
    })
    return { status: 'complete' }
  }
  const intent = sessionIntent(emu, session)
  intent.customer = customer?.id ?? null
  payByCard(emu, intent, method, { authenticated: true })
  completeSession(emu, session, {
    donor,
    customer,
    paymentStatus: 'paid',
    paymentIntent: intent.id,
  })
  return { status: 'complete' }
}

/** A card submitted on the hosted page. `test` is the entry of the test-card table. */
export function payWithCard(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  donor: Donor,
  card: CardDetails,
  test: TestCard,
): PaymentResult {
  const behaviour = test.behaviour
  if (session.mode === 'setup' && behaviour.kind === 'declines' && !behaviour.attaches) {
    failSetup(emu, sessionSetupIntent(emu, session), behaviour.decline)
    return { status: 'declined', message: behaviour.decline.message }
  }
  if (session.mode === 'setup' && behaviour.kind === 'declines')
    return succeed(emu, session, donor, card, test)
  if (behaviour.kind === 'declines') {
    // Subscription mode makes no objects for a declined first card; payment mode records the
    // failed attempt on the session's PaymentIntent, as Stripe does.
    if (session.mode === 'subscription')
      return { status: 'declined', message: behaviour.decline.message }
    const method = savePaymentMethod(emu, { type: 'card', donor, card, test })
    const result = payByCard(emu, sessionIntent(emu, session), method)
    return result.status === 'declined' ? result : { status: 'complete' }
  }
  if (behaviour.kind === 'authenticates') {
    emu.store.sessionStateOf(session.id).pendingAuthentication = { donor, card }
    if (session.mode === 'payment') {
      const method = savePaymentMethod(emu, { type: 'card', donor, card, test })
      requireAuthentication(emu, sessionIntent(emu, session), method)
    }
    return { status: 'requires_action' }
  }
  return succeed(emu, session, donor, card, test)
}

/** The 3-D Secure step's answer: complete pays, fail returns the donor to the form. */
export function finishAuthentication(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  passed: boolean,
): PaymentResult {
  const state = emu.store.sessionStateOf(session.id)
  const pending = state.pendingAuthentication
  if (!pending) throw new Error(`${session.id} has no pending authentication`)
  state.pendingAuthentication = null
  const test = TEST_CARDS[pending.card.number]
  if (!test) throw new Error('Pending authentication without a test card')
  if (passed) return succeed(emu, session, pending.donor, pending.card, test)
  if (session.mode === 'payment') failAuthentication(emu, sessionIntent(emu, session))
  return { status: 'declined', message: AUTHENTICATION_FAILURE_MESSAGE }
}

/** A SEPA debit: the session completes unpaid and settles when the clock passes the delay. */
export function payWithDebit(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  donor: Donor,
  iban: string,
  outcome: PendingSettlement['outcome'],
): PaymentResult {
  const method = savePaymentMethod(emu, { type: 'sepa_debit', donor, iban })
  const customer = sessionCustomer(emu, session, donor)
  const intent = sessionIntent(emu, session)
  intent.customer = customer?.id ?? null
  startDebit(emu, intent, method)
  completeSession(emu, session, {
    donor,
    customer,
    paymentStatus: 'unpaid',
    paymentIntent: intent.id,
  })
  emu.store.settlements.push({
    session: session.id,
    paymentIntent: intent.id,
    outcome,
    dueAt: emu.now() + SEPA_SETTLEMENT_DELAY_SECONDS,
  })
  return { status: 'complete' }
}

/** The bank answered: `checkout.session.async_payment_succeeded` or `…_failed`. */
export function settleSessionDebit(emu: Emulator, settlement: PendingSettlement): void {
  const session = emu.store.sessions.require(settlement.session)
  settleDebit(emu, emu.store.paymentIntents.require(settlement.paymentIntent), settlement.outcome)
  if (settlement.outcome === 'succeeds') {
    session.payment_status = 'paid'
    emit(emu, 'checkout.session.async_payment_succeeded', session)
  } else {
    emit(emu, 'checkout.session.async_payment_failed', session)
  }
}
