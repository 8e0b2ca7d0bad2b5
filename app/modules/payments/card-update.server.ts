/**
 * A donor saved a new card for a recurring gift (Checkout in setup mode, started from their
 * monthly-gift page): make it the card the subscription and its customer are charged with.
 * Runs on `checkout.session.completed` and when the donor returns, whichever comes first; each
 * step is idempotent, and the audit entry and confirmation are written once per session.
 */
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId, type Stripe } from '#app/utils/stripe.server.ts'
import { queueMonthlyNotice } from './monthly-notices.server.ts'

/** Marks the session as a card update for `pledgeId` (read back by completeCardUpdate). */
export const CARD_UPDATE_PURPOSE = 'update_card'

export async function completeCardUpdate(
  session: Stripe.Checkout.Session,
  syncSubscription: (subscriptionId: string) => Promise<void>,
): Promise<{ pledgeId: string; paymentMethodId: string } | null> {
  const pledgeId = session.metadata?.pledge_id
  if (session.metadata?.purpose !== CARD_UPDATE_PURPOSE || !pledgeId) {
    logger.warn({ sessionId: session.id }, 'setup session is not a Lantern card update')
    return null
  }
  if (session.status !== 'complete') return null
  const setupIntentId = stripeId(session.setup_intent)
  if (!setupIntentId) throw new Error(`Completed setup session ${session.id} has no SetupIntent`)
  const stripe = getStripe()
  const setupIntent = await stripe.setupIntents.retrieve(setupIntentId)
  const paymentMethodId = stripeId(setupIntent.payment_method)
  if (setupIntent.status !== 'succeeded' || !paymentMethodId) return null
  const pledge = await prisma.pledge.findUnique({
    where: { id: pledgeId },
    select: { id: true, stripeSubscriptionId: true, donor: { select: { id: true, email: true } } },
  })
  if (!pledge?.stripeSubscriptionId) {
    logger.warn(
      { sessionId: session.id, pledgeId },
      'card update for a pledge without a subscription',
    )
    return null
  }
  const subscription = await stripe.subscriptions.retrieve(pledge.stripeSubscriptionId)
  if (subscription.status === 'canceled') return null
  if (subscription.default_payment_method !== paymentMethodId) {
    await stripe.subscriptions.update(subscription.id, { default_payment_method: paymentMethodId })
    await stripe.customers.update(String(subscription.customer), {
      invoice_settings: { default_payment_method: paymentMethodId },
    })
  }
  await syncSubscription(subscription.id)
  const method = await stripe.paymentMethods.retrieve(paymentMethodId)
  const card = method.card ? `${method.card.brand} ending ${method.card.last4}` : method.type
  await prisma.$transaction(async (tx) => {
    const owed = await queueMonthlyNotice(
      {
        pledgeId: pledge.id,
        kind: 'card_updated',
        causeKey: `card_updated:${session.id}`,
        details: { card },
      },
      tx,
    )
    if (!owed) return
    await recordAudit(
      {
        actor: { id: pledge.donor.id, email: pledge.donor.email },
        action: 'donor.recurring.card_updated',
        entityType: 'Pledge',
        entityId: pledge.id,
        before: { paymentMethod: stripeId(subscription.default_payment_method) },
        after: { paymentMethod: paymentMethodId, card },
      },
      tx,
    )
  })
  return { pledgeId: pledge.id, paymentMethodId }
}
