/**
 * Recurring gifts whose renewal is failing (Stripe retries them) or that Stripe ended after the
 * last failed retry in the past 90 days: finance's one list of gifts at risk. Kept on the pledge
 * by the payment-failure and subscription handlers (app/modules/payments).
 */
import { prisma } from '#app/utils/db.server.ts'

const ENDED_WINDOW_MS = 90 * 24 * 60 * 60 * 1000

export async function listFailingRecurringGifts(now = new Date()) {
  const pledges = await prisma.pledge.findMany({
    where: {
      OR: [
        { subscriptionStatus: { in: ['past_due', 'unpaid'] } },
        {
          subscriptionStatus: 'canceled',
          endedReason: 'payment_failed',
          paymentFailedAt: { gte: new Date(now.getTime() - ENDED_WINDOW_MS) },
        },
      ],
    },
    orderBy: [{ paymentFailedAt: 'desc' }, { id: 'asc' }],
    take: 500,
    select: {
      id: true,
      currency: true,
      totalMinor: true,
      subscriptionAmountMinor: true,
      subscriptionInterval: true,
      subscriptionStatus: true,
      failedAttemptCount: true,
      nextPaymentAttemptAt: true,
      paymentFailedAt: true,
      donor: { select: { email: true, name: true } },
      campaign: { select: { title: true } },
      gifts: { orderBy: { receivedAt: 'desc' }, take: 1, select: { id: true } },
    },
  })
  return pledges.map((pledge) => ({
    pledgeId: pledge.id,
    giftId: pledge.gifts[0]?.id ?? null,
    donorEmail: pledge.donor.email,
    donorName: pledge.donor.name,
    campaignTitle: pledge.campaign.title,
    currency: pledge.currency.trim(),
    amountMinor: pledge.subscriptionAmountMinor ?? pledge.totalMinor,
    interval: pledge.subscriptionInterval ?? 'month',
    status: pledge.subscriptionStatus,
    attempts: pledge.failedAttemptCount,
    nextAttemptAt: pledge.nextPaymentAttemptAt,
    failedAt: pledge.paymentFailedAt,
  }))
}
