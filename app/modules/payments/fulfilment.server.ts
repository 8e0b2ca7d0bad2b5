/**
 * Turning Stripe's state into ours. Every function here re-fetches the object from Stripe and
 * records what it finds, idempotently, so it does not matter which webhook arrives first, how
 * often, or whether the thank-you page got there before any of them (stripe.md §1.4, §2.5).
 * For subscriptions, gifts come only from paid invoices: the first month is never counted twice.
 */
import type { Frequency, PledgeStatus } from '#app/generated/prisma/client.ts'
import {
  recordBalanceFigures,
  recordGift,
  syncGiftReversals,
  type BalanceFigures,
} from '#app/modules/ledger/gifts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId, type Stripe } from '#app/utils/stripe.server.ts'
import { completeCardUpdate } from './card-update.server.ts'
import { queueMonthlyNotice } from './monthly-notices.server.ts'

/** Thrown when an event refers to something we have not recorded yet; the event is retried. */
export class NotReadyError extends Error {
  override name = 'NotReadyError'
}

export type FulfilResult = { pledgeId: string; status: PledgeStatus }

/** Transitions a pledge may make; anything else (e.g. FULFILLED → ABANDONED) is ignored. */
const NEXT: Record<PledgeStatus, PledgeStatus[]> = {
  PENDING: ['AWAITING_PAYMENT', 'FULFILLED', 'FAILED', 'ABANDONED'],
  AWAITING_PAYMENT: ['FULFILLED', 'FAILED'],
  FULFILLED: [],
  FAILED: [],
  ABANDONED: ['FULFILLED'],
}

async function moveToStatus(
  pledgeId: string,
  target: PledgeStatus,
  now = new Date(),
): Promise<PledgeStatus> {
  const allowedFrom = (Object.keys(NEXT) as PledgeStatus[]).filter((from) =>
    NEXT[from].includes(target),
  )
  await prisma.pledge.updateMany({
    where: { id: pledgeId, status: { in: allowedFrom } },
    data: { status: target, ...(target === 'FULFILLED' ? { completedAt: now } : {}) },
  })
  const { status } = await prisma.pledge.findUniqueOrThrow({
    where: { id: pledgeId },
    select: { status: true },
  })
  return status
}

function balanceFigures(charge: Stripe.Charge | null): BalanceFigures | null {
  const transaction = charge?.balance_transaction
  if (!transaction || typeof transaction === 'string') return null
  return {
    stripeBalanceTransactionId: transaction.id,
    stripeFeeMinor: transaction.fee,
    netMinor: transaction.net,
    settlementCurrency: transaction.currency.toUpperCase(),
    settlementAmountMinor: transaction.amount,
    exchangeRate: transaction.exchange_rate == null ? null : String(transaction.exchange_rate),
  }
}

async function retrievePaymentIntent(id: string): Promise<Stripe.PaymentIntent> {
  return getStripe().paymentIntents.retrieve(id, { expand: ['latest_charge.balance_transaction'] })
}

function chargeOf(paymentIntent: Stripe.PaymentIntent): Stripe.Charge | null {
  const charge = paymentIntent.latest_charge
  return charge && typeof charge !== 'string' ? charge : null
}

/** The idempotent fulfil(sessionId) of Stripe's fulfilment guide, for both modes. */
export async function fulfilCheckoutSession(sessionId: string): Promise<FulfilResult | null> {
  const session = await getStripe().checkout.sessions.retrieve(sessionId)
  // Setup mode is a donor replacing the card of a recurring gift: no gift, no pledge status.
  if (session.mode === 'setup') {
    await completeCardUpdate(session, syncSubscription)
    return null
  }
  const pledgeId = session.client_reference_id ?? session.metadata?.pledge_id
  const pledge = pledgeId
    ? await prisma.pledge.findUnique({
        where: { id: pledgeId },
        select: { id: true, donorId: true, status: true },
      })
    : null
  if (!pledge) {
    logger.warn({ sessionId }, 'Checkout Session does not belong to a Lantern pledge')
    return null
  }
  await linkSessionToPledge(pledge, session)

  let target: PledgeStatus | null = null
  if (session.status === 'expired') target = 'ABANDONED'
  if (session.status === 'complete' && session.mode === 'payment') {
    const paymentIntentId = stripeId(session.payment_intent)
    if (!paymentIntentId) throw new Error(`Completed session ${session.id} has no PaymentIntent`)
    const paymentIntent = await retrievePaymentIntent(paymentIntentId)
    if (session.payment_status === 'paid' && paymentIntent.status === 'succeeded') {
      const charge = chargeOf(paymentIntent)
      await recordGift({
        pledgeId: pledge.id,
        currency: paymentIntent.currency.toUpperCase(),
        amountMinor: paymentIntent.amount_received,
        stripePaymentIntentId: paymentIntent.id,
        stripeChargeId: charge?.id ?? null,
        stripeCheckoutSessionId: session.id,
        stripeCustomerId: stripeId(paymentIntent.customer) ?? stripeId(session.customer),
        paymentMethod: charge?.payment_method_details?.type ?? null,
        receivedAt: new Date((charge?.created ?? paymentIntent.created) * 1000),
        balance: balanceFigures(charge),
      })
      target = 'FULFILLED'
    } else if (paymentIntent.status === 'processing') {
      target = 'AWAITING_PAYMENT'
    } else if (
      paymentIntent.status === 'canceled' ||
      paymentIntent.status === 'requires_payment_method'
    ) {
      target = 'FAILED'
    }
  }
  if (session.status === 'complete' && session.mode === 'subscription') {
    const subscriptionId = stripeId(session.subscription)
    if (subscriptionId) await syncSubscription(subscriptionId)
    const invoiceId = stripeId(session.invoice)
    if (invoiceId) await recordInvoicePayment(invoiceId)
    target = session.payment_status === 'paid' ? 'FULFILLED' : 'AWAITING_PAYMENT'
  }
  const status = target ? await moveToStatus(pledge.id, target) : pledge.status
  return { pledgeId: pledge.id, status }
}

/**
 * Links the session and its Stripe Customer to the pledge. The donor keeps the customer they
 * already have (Checkout was given it); a new donor's first customer becomes theirs.
 */
async function linkSessionToPledge(
  pledge: { id: string; donorId: string },
  session: Stripe.Checkout.Session,
) {
  await prisma.pledge.updateMany({
    where: { id: pledge.id, stripeCheckoutSessionId: null },
    data: { stripeCheckoutSessionId: session.id },
  })
  const customerId = stripeId(session.customer)
  if (customerId) {
    await prisma.pledge.updateMany({
      where: { id: pledge.id, stripeCustomerId: null },
      data: { stripeCustomerId: customerId },
    })
    await prisma.donor.updateMany({
      where: { id: pledge.donorId, stripeCustomerId: null },
      data: { stripeCustomerId: customerId },
    })
  }
}

/** Records a paid subscription invoice as a gift (one gift per invoice). */
export async function recordInvoicePayment(
  invoiceId: string,
): Promise<{ giftId: string; created: boolean } | null> {
  const invoice = await getStripe().invoices.retrieve(invoiceId, { expand: ['payments'] })
  if (invoice.status !== 'paid' || invoice.amount_paid <= 0) return null
  const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription)
  const pledgeId =
    invoice.parent?.subscription_details?.metadata?.pledge_id ??
    (subscriptionId
      ? (
          await prisma.pledge.findUnique({
            where: { stripeSubscriptionId: subscriptionId },
            select: { id: true },
          })
        )?.id
      : undefined)
  if (
    !pledgeId ||
    !(await prisma.pledge.findUnique({ where: { id: pledgeId }, select: { id: true } }))
  ) {
    logger.warn({ invoiceId }, 'paid invoice does not belong to a Lantern pledge')
    return null
  }
  const payment = invoice.payments?.data.find((entry) => entry.status === 'paid')?.payment
  const paymentIntentId = stripeId(payment?.payment_intent)
  if (!paymentIntentId)
    throw new NotReadyError(`invoice ${invoiceId} has no paid PaymentIntent yet`)
  const paymentIntent = await retrievePaymentIntent(paymentIntentId)
  const charge = chargeOf(paymentIntent)
  if (subscriptionId) {
    await prisma.pledge.updateMany({
      where: { id: pledgeId, stripeSubscriptionId: null },
      data: { stripeSubscriptionId: subscriptionId },
    })
  }
  // A retry that succeeded: the renewal is no longer failing.
  await prisma.pledge.updateMany({
    where: { id: pledgeId, failingInvoiceId: invoice.id },
    data: { failingInvoiceId: null, nextPaymentAttemptAt: null },
  })
  return recordGift({
    pledgeId,
    currency: invoice.currency.toUpperCase(),
    amountMinor: invoice.amount_paid,
    stripePaymentIntentId: paymentIntent.id,
    stripeChargeId: charge?.id ?? null,
    stripeInvoiceId: invoice.id,
    stripeSubscriptionId: subscriptionId,
    stripeCustomerId: stripeId(invoice.customer),
    paymentMethod: charge?.payment_method_details?.type ?? null,
    receivedAt: new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000),
    balance: balanceFigures(charge),
  })
}

const FREQUENCY_OF_INTERVAL: Record<string, Frequency> = { month: 'MONTHLY', year: 'ANNUAL' }

/**
 * Copies a subscription onto its pledge: status, next charge (period end), cancellation,
 * amount and interval (the pledge's frequency follows the interval), pause, and why it ended.
 * Read fresh from Stripe, so the last call wins whatever order the events came in. A gift
 * that Stripe ended after the last failed retry owes the donor one final email.
 */
export async function syncSubscription(subscriptionId: string): Promise<void> {
  const subscription = await getStripe().subscriptions.retrieve(subscriptionId)
  const pledgeId = subscription.metadata?.pledge_id
  const item = subscription.items.data[0]
  const periodEnd = item?.current_period_end
  const interval = item?.price.recurring?.interval ?? null
  const frequency = interval ? FREQUENCY_OF_INTERVAL[interval] : undefined
  const resumesAt = subscription.pause_collection?.resumes_at
  const recovered = subscription.status === 'active' || subscription.status === 'trialing'
  const data = {
    stripeSubscriptionId: subscription.id,
    stripeCustomerId: stripeId(subscription.customer),
    subscriptionStatus: subscription.status,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    subscriptionAmountMinor: item?.price.unit_amount
      ? item.price.unit_amount * (item.quantity ?? 1)
      : null,
    subscriptionInterval: interval,
    pausedUntil: resumesAt ? new Date(resumesAt * 1000) : null,
    endedReason:
      subscription.status === 'canceled'
        ? (subscription.cancellation_details?.reason ?? 'cancellation_requested')
        : null,
    ...(recovered ? { failingInvoiceId: null, nextPaymentAttemptAt: null } : {}),
  }
  const where = pledgeId ? { id: pledgeId } : { stripeSubscriptionId: subscription.id }
  const { count } = await prisma.pledge.updateMany({ where, data })
  if (count === 0) {
    logger.warn({ subscriptionId }, 'subscription does not belong to a Lantern pledge')
    return
  }
  if (frequency) {
    await prisma.pledge.updateMany({
      where: { ...where, frequency: { not: 'ONE_TIME' } },
      data: { frequency },
    })
  }
  if (subscription.status === 'canceled' && data.endedReason === 'payment_failed') {
    const pledge = await prisma.pledge.findFirstOrThrow({ where, select: { id: true } })
    await queueMonthlyNotice({
      pledgeId: pledge.id,
      kind: 'gave_up',
      causeKey: `gave_up:${subscription.id}`,
      details: { subscriptionId: subscription.id },
    })
  }
}

/** Stores a charge's fee and net once its balance transaction exists. */
export async function syncChargeBalance(chargeId: string): Promise<void> {
  const charge = await getStripe().charges.retrieve(chargeId, { expand: ['balance_transaction'] })
  const figures = balanceFigures(charge)
  if (figures) await recordBalanceFigures(charge.id, figures)
}

/**
 * Brings a charge's refunds and disputes into the ledger (full lists, fetched fresh). Returns
 * the gift, so that the caller can correct its receipt.
 */
export async function syncChargeReversals(chargeId: string): Promise<{ giftId: string }> {
  const stripe = getStripe()
  const refunds = await stripe.refunds.list({ charge: chargeId, limit: 100 })
  const disputes = await stripe.disputes.list({ charge: chargeId, limit: 100 })
  const result = await syncGiftReversals(
    chargeId,
    refunds.data.map((refund) => ({
      id: refund.id,
      amountMinor: refund.amount,
      currency: refund.currency,
      status: refund.status ?? 'pending',
      reason: refund.reason ?? null,
      failureReason: refund.failure_reason ?? null,
      stripeBalanceTransactionId: stripeId(refund.balance_transaction),
    })),
    disputes.data.map((dispute) => {
      // The withdrawal (negative) and, for a won dispute, the reinstatement (positive), each
      // with its fee, in the settlement currency.
      const lines = dispute.balance_transactions ?? []
      return {
        id: dispute.id,
        amountMinor: dispute.amount,
        currency: dispute.currency,
        status: dispute.status,
        reason: dispute.reason ?? null,
        evidenceDueBy: dispute.evidence_details?.due_by
          ? new Date(dispute.evidence_details.due_by * 1000)
          : null,
        withdrawnMinor: lines.length ? -lines.reduce((sum, line) => sum + line.amount, 0) : null,
        feeMinor: lines.length ? lines.reduce((sum, line) => sum + line.fee, 0) : null,
        feeCurrency: lines[0]?.currency.toUpperCase() ?? null,
      }
    }),
  )
  if (!result.found) throw new NotReadyError(`no gift for charge ${chargeId} yet`)
  return { giftId: result.giftId }
}
