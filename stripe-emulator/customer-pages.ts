import type Stripe from 'stripe'
import type { Emulator } from './emulator.ts'
import { currentPeriodEnd } from './engine/periods.ts'
import { endSubscription, setCancelAtPeriodEnd } from './engine/subscriptions.ts'
import { emit } from './events.ts'
import {
  escapeHtml,
  formatDate,
  htmlPage,
  notFoundPage,
  redirect,
  type WebResponse,
} from './html.ts'
import { formatMinor } from './money.ts'

/**
 * The donor's other Stripe-hosted pages: the billing portal (`/p/session/:id`), where a
 * recurring gift can be cancelled, and the hosted invoice and receipt pages.
 */

function subscriptionAmount(subscription: Stripe.Subscription): string {
  const item = subscription.items.data[0]
  if (!item) return ''
  const amount = formatMinor(
    (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    subscription.currency,
  )
  return `${amount} per ${item.price.recurring?.interval ?? 'period'}`
}

function subscriptionCard(portalId: string, subscription: Stripe.Subscription): string {
  const action = `/p/session/${encodeURIComponent(portalId)}`
  const button = (value: string, label: string, secondary = false) =>
    `<form method="post" action="${action}"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}">` +
    `<button type="submit" name="action" value="${value}"${secondary ? ' class="secondary"' : ''}>${label}</button></form>`
  const end = formatDate(currentPeriodEnd(subscription))
  const state = subscription.cancel_at_period_end ? `Ends on ${end}` : `Renews on ${end}`
  const buttons = subscription.cancel_at_period_end
    ? button('resume', 'Keep my gift')
    : button('cancel_at_period_end', 'Cancel at the end of the period')
  return `<section aria-label="Recurring gift ${escapeHtml(subscription.id)}">
<h2>${escapeHtml(subscriptionAmount(subscription))}</h2>
<p>Status: ${escapeHtml(subscription.status)}. ${state}.</p>
${buttons}
${button('cancel_now', 'Cancel now', true)}
</section>`
}

function portalPage(emu: Emulator, session: Stripe.BillingPortal.Session): WebResponse {
  const subscriptions = emu.store.subscriptions
    .list()
    .filter(
      (subscription) =>
        subscription.customer === session.customer && subscription.status !== 'canceled',
    )
  const list = subscriptions.length
    ? subscriptions.map((subscription) => subscriptionCard(session.id, subscription)).join('\n')
    : '<p>You have no active recurring gifts.</p>'
  const back = session.return_url
    ? `<p><a href="${escapeHtml(session.return_url)}">Return</a></p>`
    : ''
  return htmlPage(200, 'Manage your gifts', `<h1>Manage your gifts</h1>\n${list}\n${back}`)
}

/** A portal action: the app learns of it only through webhooks, as with the real portal. */
function portalAction(
  emu: Emulator,
  session: Stripe.BillingPortal.Session,
  form: URLSearchParams,
): WebResponse {
  const subscription = emu.store.subscriptions.get(form.get('subscription') ?? '')
  if (
    !subscription ||
    subscription.customer !== session.customer ||
    subscription.status === 'canceled'
  ) {
    return notFoundPage()
  }
  const action = form.get('action')
  if (action === 'cancel_now') {
    endSubscription(emu, subscription, { reason: 'cancellation_requested' })
  } else if (action === 'cancel_at_period_end' || action === 'resume') {
    const wanted = action === 'cancel_at_period_end'
    if (subscription.cancel_at_period_end !== wanted) {
      const previous = setCancelAtPeriodEnd(emu, subscription, wanted)
      emit(emu, 'customer.subscription.updated', subscription, previous)
    }
  }
  return redirect(`/p/session/${encodeURIComponent(session.id)}`)
}

export function billingPortal(
  emu: Emulator,
  method: string,
  segments: string[],
  form: URLSearchParams,
): WebResponse {
  const session = emu.store.portalSessions.get(segments[0] ?? '')
  if (!session || segments.length !== 1) return notFoundPage()
  return method === 'POST' ? portalAction(emu, session, form) : portalPage(emu, session)
}

export function invoicePage(emu: Emulator, invoiceId: string): WebResponse {
  const invoice = emu.store.invoices.get(invoiceId)
  if (!invoice) return notFoundPage()
  return htmlPage(
    200,
    `Invoice ${invoice.number ?? invoice.id}`,
    `<h1>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</h1>
<p class="total">${escapeHtml(formatMinor(invoice.total, invoice.currency))}</p>
<p>Status: ${escapeHtml(String(invoice.status))}. Issued ${formatDate(invoice.created)}.</p>`,
  )
}

export function receiptPage(emu: Emulator, chargeId: string): WebResponse {
  const charge = emu.store.charges.get(chargeId)
  if (!charge) return notFoundPage()
  return htmlPage(
    200,
    'Receipt',
    `<h1>Receipt</h1>
<p class="total">${escapeHtml(formatMinor(charge.amount, charge.currency))}</p>
<p>Paid ${formatDate(charge.created)}${charge.amount_refunded ? `; refunded ${escapeHtml(formatMinor(charge.amount_refunded, charge.currency))}` : ''}.</p>`,
  )
}
