/**
 * A renewal of a recurring gift failed (`invoice.payment_failed`). The pledge records the
 * failing invoice, Stripe's attempts so far and its next try, for finance's list of failing
 * gifts; the donor is owed one email per failed attempt, with a link to update the card. When
 * Stripe gives up, the final email comes from the subscription ending (syncSubscription).
 */
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId, type Stripe } from '#app/utils/stripe.server.ts'
import { queueMonthlyNotice } from './monthly-notices.server.ts'

/**
 * `failed` is the invoice as the event saw it: its `attempt_count` names this failure. The
 * current invoice is fetched fresh, so a retry that already succeeded sends no email.
 */
export async function recordPaymentFailure(failed: Stripe.Invoice): Promise<void> {
  const invoice = await getStripe().invoices.retrieve(failed.id)
  const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription)
  if (!subscriptionId) return
  const pledge = await prisma.pledge.findUnique({
    where: { stripeSubscriptionId: subscriptionId },
    select: { id: true },
  })
  if (!pledge) {
    // The subscription may not be linked yet; the retried event finds it.
    logger.warn({ invoiceId: invoice.id }, 'failed invoice does not belong to a Lantern pledge yet')
    throw new Error(`no pledge for subscription ${subscriptionId} yet`)
  }
  if (invoice.status !== 'open') return
  const failedAt = new Date((invoice.status_transitions?.finalized_at ?? invoice.created) * 1000)
  await prisma.pledge.updateMany({
    // Only forward: an older failure handled late does not overwrite a newer one.
    where: {
      id: pledge.id,
      OR: [
        { failingInvoiceId: { not: invoice.id } },
        { failedAttemptCount: { lt: invoice.attempt_count } },
      ],
    },
    data: {
      failingInvoiceId: invoice.id,
      failedAttemptCount: invoice.attempt_count,
      nextPaymentAttemptAt: invoice.next_payment_attempt
        ? new Date(invoice.next_payment_attempt * 1000)
        : null,
      paymentFailedAt: failedAt,
    },
  })
  // After the last attempt Stripe ends the gift; that final email says so instead.
  if (failed.next_payment_attempt === null) return
  await queueMonthlyNotice({
    pledgeId: pledge.id,
    kind: 'payment_failed',
    causeKey: `payment_failed:${invoice.id}:${failed.attempt_count}`,
    details: {
      invoiceId: invoice.id,
      attempt: failed.attempt_count,
      amountMinor: invoice.amount_due,
      currency: invoice.currency.toUpperCase(),
      nextAttemptAt: new Date(failed.next_payment_attempt * 1000).toISOString(),
    },
  })
}
