import type Stripe from 'stripe'
import type { Emulator } from './emulator.ts'
import {
  finishAuthentication,
  payWithCard,
  payWithDebit,
  type PaymentResult,
} from './engine/checkout-payments.ts'
import { luhnValid, TEST_CARDS, TEST_IBANS } from './engine/test-cards.ts'
import { escapeHtml, htmlPage, notFoundPage, redirect, type WebResponse } from './html.ts'
import { formatMinor } from './money.ts'
import { isEmail } from './params.ts'
import type { CardDetails, Donor } from './store.ts'

/**
 * The hosted Checkout page at `session.url` (`/c/pay/:id`): a plain HTML form that accepts
 * Stripe's test cards and SEPA test IBANs, with a 3-D Secure step for cards that demand it.
 */

const LIVE_CARD_MESSAGE =
  'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.'

interface FormState {
  email: string
  name: string
  error: string | null
}

function buttonLabel(session: Stripe.Checkout.Session): string {
  if (session.mode === 'setup') return 'Save card'
  const labels: Record<string, string> = {
    donate: 'Donate',
    book: 'Book',
    subscribe: 'Subscribe',
    pay: 'Pay',
  }
  return (
    labels[session.submit_type ?? ''] ?? (session.mode === 'subscription' ? 'Subscribe' : 'Pay')
  )
}

function amountText(emu: Emulator, session: Stripe.Checkout.Session): string {
  if (session.mode === 'setup')
    return 'Nothing is charged now; the card is kept for later payments.'
  const total = formatMinor(session.amount_total ?? 0, String(session.currency))
  const recurring = emu.store
    .sessionStateOf(session.id)
    .lineItems.find((item) => item.price?.recurring)?.price?.recurring
  if (!recurring) return total
  const every =
    recurring.interval_count === 1
      ? recurring.interval
      : `${recurring.interval_count} ${recurring.interval}s`
  return `${total} per ${every}`
}

function field(id: string, label: string, attributes: string, value = ''): string {
  return `<label for="${id}">${label}</label>
<input id="${id}" name="${id}" type="text" ${attributes} value="${escapeHtml(value)}">`
}

function checkoutForm(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  form: FormState,
): WebResponse {
  const amount = amountText(emu, session)
  const methods = session.payment_method_types
  const items = emu.store
    .sessionStateOf(session.id)
    .lineItems.map(
      (item) =>
        `<li>${escapeHtml(item.description ?? '')} × ${item.quantity}: ${formatMinor(item.amount_total, item.currency)}</li>`,
    )
    .join('')
  const error = form.error
    ? `<p class="error" role="alert" id="payment-error">${escapeHtml(form.error)}</p>`
    : ''
  const describedBy = form.error ? 'aria-describedby="payment-error"' : ''
  const choice = (type: string, label: string, checked: boolean) =>
    `<label class="choice"><input type="radio" name="payment_method" value="${type}"${checked ? ' checked' : ''}> ${label}</label>`
  const chooser =
    methods.length > 1
      ? `<fieldset><legend>Payment method</legend>${choice('card', 'Card', true)}${choice('sepa_debit', 'SEPA Direct Debit', false)}</fieldset>`
      : `<input type="hidden" name="payment_method" value="${escapeHtml(methods[0] ?? 'card')}">`
  const card = methods.includes('card')
    ? `<fieldset><legend>Card</legend>
${field('card_number', 'Card number', `inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" ${describedBy}`)}
${field('card_expiry', 'Expiry date (MM / YY)', 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"')}
${field('card_cvc', 'Security code (CVC)', 'inputmode="numeric" autocomplete="cc-csc" placeholder="123"')}
</fieldset>`
    : ''
  const iban = methods.includes('sepa_debit')
    ? `<fieldset><legend>SEPA Direct Debit</legend>
${field('iban', 'IBAN', 'autocomplete="off" placeholder="DE89 3704 0044 0532 0130 00"')}
<p><small>By providing your IBAN you authorise Lantern and Stripe to debit your account.</small></p>
</fieldset>`
    : ''
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>`
    : ''
  return htmlPage(
    200,
    `${buttonLabel(session)} ${amount}`,
    `<h1>${buttonLabel(session)}</h1>
<p class="total">${escapeHtml(amount)}</p>
<ul>${items}</ul>
${error}
<form method="post" action="/c/pay/${encodeURIComponent(session.id)}" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(form.email)}">
${field('name', 'Full name', 'autocomplete="name"', form.name)}
${chooser}
${card}
${iban}
<button type="submit">${buttonLabel(session)} ${escapeHtml(amount)}</button>
</form>
${cancel}`,
  )
}

function authenticationPage(session: Stripe.Checkout.Session): WebResponse {
  const action = `/c/pay/${encodeURIComponent(session.id)}/3ds`
  return htmlPage(
    200,
    '3D Secure authentication',
    `<h1>3D Secure test page</h1>
<p>Your bank asks you to confirm this payment. This is a test challenge: choose an outcome.</p>
<form method="post" action="${action}">
<button type="submit" name="action" value="complete">Complete</button>
<button type="submit" name="action" value="fail" class="secondary">Fail</button>
</form>`,
  )
}

function statusPage(session: Stripe.Checkout.Session): WebResponse {
  if (session.status === 'expired') {
    return htmlPage(
      410,
      'Session expired',
      '<h1>This checkout session has expired</h1><p>Please start again.</p>',
    )
  }
  const back = session.success_url
    ? `<p><a href="${escapeHtml(successLocation(session))}">Continue</a></p>`
    : ''
  return htmlPage(
    200,
    'Payment complete',
    `<h1>Thank you</h1><p>This checkout session is complete.</p>${back}`,
  )
}

function successLocation(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '').replaceAll('{CHECKOUT_SESSION_ID}', session.id)
}

function afterPayment(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  result: PaymentResult,
  form: FormState,
): WebResponse {
  if (result.status === 'declined')
    return checkoutForm(emu, session, { ...form, error: result.message })
  if (result.status === 'requires_action') return authenticationPage(session)
  return session.success_url ? redirect(successLocation(session)) : statusPage(session)
}

/** Card number, expiry and CVC as typed; returns an error message for the donor if invalid. */
function readCard(emu: Emulator, form: URLSearchParams): CardDetails | string {
  const number = (form.get('card_number') ?? '').replace(/[\s-]/g, '')
  if (!/^\d+$/.test(number) || !luhnValid(number)) return 'Your card number is invalid.'
  const expiry = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec((form.get('card_expiry') ?? '').trim())
  const expMonth = Number(expiry?.[1])
  if (!expiry || expMonth < 1 || expMonth > 12) return "Your card's expiration date is incomplete."
  const expYear = Number(expiry[2]) + (expiry[2]?.length === 2 ? 2000 : 0)
  const now = new Date(emu.now() * 1000)
  if (
    expYear < now.getUTCFullYear() ||
    (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)
  ) {
    return "Your card's expiration date is in the past."
  }
  if (!/^\d{3,4}$/.test((form.get('card_cvc') ?? '').trim()))
    return "Your card's security code is incomplete."
  return { number, expMonth, expYear }
}

function submit(
  emu: Emulator,
  session: Stripe.Checkout.Session,
  form: URLSearchParams,
): WebResponse {
  const state: FormState = {
    email: (form.get('email') ?? '').trim(),
    name: (form.get('name') ?? '').trim(),
    error: null,
  }
  const retry = (error: string) => checkoutForm(emu, session, { ...state, error })
  if (!isEmail(state.email)) return retry('Your email address is invalid.')
  const donor: Donor = { email: state.email, name: state.name || null }
  const method = form.get('payment_method') ?? 'card'
  if (!session.payment_method_types.includes(method)) return retry('Choose a payment method.')
  if (method === 'sepa_debit') {
    const iban = (form.get('iban') ?? '').replace(/\s/g, '').toUpperCase()
    const outcome = TEST_IBANS[iban]
    if (!outcome)
      return retry(
        'Your IBAN is invalid. In test mode use DE89370400440532013000 or DE62370400440532013001.',
      )
    return afterPayment(emu, session, payWithDebit(emu, session, donor, iban, outcome), state)
  }
  const card = readCard(emu, form)
  if (typeof card === 'string') return retry(card)
  const test = TEST_CARDS[card.number]
  if (!test) return retry(LIVE_CARD_MESSAGE)
  return afterPayment(emu, session, payWithCard(emu, session, donor, card, test), state)
}

/** Serves `/c/pay/:id` (GET, POST) and `/c/pay/:id/3ds` (GET, POST). */
export function hostedCheckout(
  emu: Emulator,
  method: string,
  segments: string[],
  form: URLSearchParams,
): WebResponse {
  const [sessionId = '', step] = segments
  const session = emu.store.sessions.get(sessionId)
  if (!session || (step !== undefined && step !== '3ds')) return notFoundPage()
  if (session.status !== 'open') return statusPage(session)
  const pending = emu.store.sessionStateOf(session.id).pendingAuthentication
  if (step === '3ds') {
    if (!pending) return redirect(`/c/pay/${encodeURIComponent(session.id)}`)
    if (method !== 'POST') return authenticationPage(session)
    const form3ds: FormState = {
      email: pending.donor.email,
      name: pending.donor.name ?? '',
      error: null,
    }
    return afterPayment(
      emu,
      session,
      finishAuthentication(emu, session, form.get('action') === 'complete'),
      form3ds,
    )
  }
  if (method === 'POST') return submit(emu, session, form)
  const prefill =
    session.customer_details?.email ??
    emu.store.customers.get(String(session.customer))?.email ??
    ''
  return checkoutForm(emu, session, { email: prefill, name: '', error: null })
}
