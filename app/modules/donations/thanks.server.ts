/**
 * What the thank-you page shows. It never trusts the browser: it reads our own records, and while
 * the gift is still pending asks Stripe about the session (through the same idempotent fulfil as
 * the webhook), at most once per session every STRIPE_RECHECK_MS. The last check is recorded on
 * the pledge, so every copy of the app shares it: reloading the page, or anyone requesting the
 * URL a hundred times, costs one Stripe call per interval, not one per request.
 */
import { fulfilCheckoutSession } from '#app/modules/payments/fulfilment.server.ts'
import { isRecurring } from '#app/modules/ledger/frequency.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { REPEATED_POST_REASON } from './message-filter.ts'

export const STRIPE_RECHECK_MS = 10_000

export const CHECKOUT_SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{8,200}$/

/** The spam filter's reasons (stored in English for moderators) as codes the page translates. */
const SPAM_REASON_CODES: Record<string, SpamReasonCode> = {
  'contains a link': 'link',
  'contains markup': 'markup',
  'contains a known spam word': 'spamWord',
  [REPEATED_POST_REASON]: 'repeat',
}
export type SpamReasonCode = 'link' | 'markup' | 'spamWord' | 'repeat' | 'other'

export async function getThankYou(sessionId: string) {
  const pledge = await prisma.pledge.findUnique({
    where: { stripeCheckoutSessionId: sessionId },
    select: { id: true, status: true },
  })
  if (!pledge) return null
  if (
    (pledge.status === 'PENDING' || pledge.status === 'AWAITING_PAYMENT') &&
    (await claimStripeCheck(pledge.id))
  ) {
    // The webhook may not have arrived yet: ask Stripe now (idempotent).
    await fulfilCheckoutSession(sessionId).catch((error: unknown) =>
      logger.warn({ err: error, sessionId }, 'thank-you page could not re-fetch the session'),
    )
  }
  const view = await prisma.pledge.findUniqueOrThrow({
    where: { id: pledge.id },
    select: {
      status: true,
      frequency: true,
      currency: true,
      totalMinor: true,
      currentPeriodEnd: true,
      message: { select: { status: true, spamReason: true } },
      campaign: {
        select: {
          slug: true,
          title: true,
          currency: true,
          goalMinor: true,
          totals: {
            select: {
              raisedMinor: true,
              giftCount: true,
              donorCount: true,
              estimatedGiftCount: true,
            },
          },
        },
      },
      gifts: {
        select: { amountMinor: true, receivedAt: true },
        orderBy: { receivedAt: 'asc' },
        take: 1,
      },
    },
  })
  const totals = view.campaign.totals
  return {
    status: view.status,
    frequency: view.frequency,
    currency: view.currency,
    amountMinor: view.gifts[0]?.amountMinor ?? view.totalMinor,
    /** A monthly or annual gift's next charge: the end of the subscription's paid period. */
    nextChargeAt: isRecurring(view.frequency) ? view.currentPeriodEnd : null,
    /** Why the donor's message will not be shown (the spam bin), or null. */
    messageNotShown:
      view.message?.status === 'SPAM'
        ? (SPAM_REASON_CODES[view.message.spamReason ?? ''] ?? ('other' as const))
        : null,
    campaign: {
      slug: view.campaign.slug,
      title: view.campaign.title,
      /** The appeal's progress is in its own currency, the gift may be in another. */
      currency: view.campaign.currency,
      goalMinor: Number(view.campaign.goalMinor),
      raisedMinor: Number(totals?.raisedMinor ?? 0n),
      donorCount: totals?.donorCount ?? 0,
      giftCount: totals?.giftCount ?? 0,
      estimated: (totals?.estimatedGiftCount ?? 0) > 0,
    },
  }
}

/**
 * Takes this interval's Stripe check for the pledge; false if another request already has.
 * One conditional UPDATE on the database's clock, so concurrent requests on any copy of the app
 * get one winner (and the pledge's updatedAt, which staff read as "last changed", stays put).
 */
async function claimStripeCheck(pledgeId: string): Promise<boolean> {
  const claimed = await prisma.$executeRaw`
    UPDATE "Pledge" SET "stripeSessionCheckedAt" = now()
    WHERE "id" = ${pledgeId}
      AND ("stripeSessionCheckedAt" IS NULL
        OR "stripeSessionCheckedAt" <= now() - make_interval(secs => ${STRIPE_RECHECK_MS / 1000}))`
  return claimed === 1
}
