/**
 * What a signed-in donor sees of their own giving. Every query here is scoped by the donor's
 * id: a receipt, statement or pledge of another donor is simply not found (the routes answer
 * 404), so one donor can never learn whether another's ids exist.
 */
import type { GiftStatus } from '#app/generated/prisma/enums.ts'
import { prisma } from '#app/utils/db.server.ts'

export const GIFT_STATUS_LABELS: Record<GiftStatus, string> = {
  SUCCEEDED: 'Paid',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  DISPUTED: 'Disputed',
  DISPUTE_LOST: 'Disputed: returned to your bank',
}

export type AccountGift = {
  id: string
  receivedAt: Date
  campaignTitle: string
  campaignSlug: string
  frequency: string
  amountMinor: number
  refundedMinor: number
  currency: string
  /** In English, for the data export; the page words `statusCode` in its language. */
  status: string
  statusCode: GiftStatus
  receipt: { id: string; number: string } | null
}

export type AccountRecurringGift = {
  pledgeId: string
  campaignTitle: string
  frequency: string
  /** What each payment now takes: the amount the donor last chose, not the first one. */
  amountMinor: number
  currency: string
  subscriptionStatus: string | null
  cancelAtPeriodEnd: boolean
  /** The end of the current period: when the next payment is due, if it continues. */
  nextChargeAt: Date | null
}

export type AccountOverview = {
  email: string
  gifts: AccountGift[]
  recurring: AccountRecurringGift[]
  statementYears: number[]
  updatesOptedOut: boolean
}

/**
 * Everything the donor's account page shows. Appeal titles are in `locale` when the appeal has
 * a translation for it (English otherwise).
 */
export async function accountOverview(
  donorId: string,
  locale = 'en',
): Promise<AccountOverview | null> {
  const campaignTitle = {
    select: {
      title: true,
      translations: { where: { locale }, select: { title: true }, take: 1 },
    },
  } as const
  const titleOf = (campaign: { title: string; translations: { title: string }[] }) =>
    campaign.translations[0]?.title ?? campaign.title
  const donor = await prisma.donor.findUnique({
    where: { id: donorId },
    select: { email: true, updatesOptOutAt: true },
  })
  if (!donor) return null
  const [gifts, recurring] = await Promise.all([
    prisma.gift.findMany({
      where: { donorId },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      select: {
        id: true,
        receivedAt: true,
        frequency: true,
        amountMinor: true,
        refundedMinor: true,
        currency: true,
        status: true,
        campaign: { select: { ...campaignTitle.select, slug: true } },
        receipts: {
          where: { status: 'ISSUED' },
          select: { id: true, number: true },
          take: 1,
        },
      },
    }),
    prisma.pledge.findMany({
      where: { donorId, frequency: { not: 'ONE_TIME' }, stripeSubscriptionId: { not: null } },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        frequency: true,
        totalMinor: true,
        subscriptionAmountMinor: true,
        currency: true,
        subscriptionStatus: true,
        cancelAtPeriodEnd: true,
        currentPeriodEnd: true,
        campaign: campaignTitle,
      },
    }),
  ])
  const years = new Set(gifts.map((gift) => gift.receivedAt.getUTCFullYear()))
  return {
    email: donor.email,
    gifts: gifts.map((gift) => ({
      id: gift.id,
      receivedAt: gift.receivedAt,
      campaignTitle: titleOf(gift.campaign),
      campaignSlug: gift.campaign.slug,
      frequency: gift.frequency,
      amountMinor: gift.amountMinor,
      refundedMinor: gift.refundedMinor,
      currency: gift.currency,
      status: GIFT_STATUS_LABELS[gift.status],
      statusCode: gift.status,
      receipt: gift.receipts[0] ?? null,
    })),
    recurring: recurring.map((pledge) => ({
      pledgeId: pledge.id,
      campaignTitle: titleOf(pledge.campaign),
      frequency: pledge.frequency,
      amountMinor: pledge.subscriptionAmountMinor ?? pledge.totalMinor,
      currency: pledge.currency,
      subscriptionStatus: pledge.subscriptionStatus,
      cancelAtPeriodEnd: pledge.cancelAtPeriodEnd,
      nextChargeAt:
        pledge.subscriptionStatus === 'canceled' || pledge.cancelAtPeriodEnd
          ? null
          : pledge.currentPeriodEnd,
    })),
    statementYears: [...years].sort((a, b) => b - a),
    updatesOptedOut: donor.updatesOptOutAt !== null,
  }
}

/** The donor's own receipt (valid or voided), by id; null for anyone else's. */
export function findDonorReceipt(donorId: string, receiptId: string) {
  return prisma.receipt.findFirst({
    where: { id: receiptId, gift: { donorId } },
    select: { id: true, number: true },
  })
}

/** Whether the donor has gifts received in `year` (UTC), the condition for a statement. */
export async function donorGaveIn(donorId: string, year: number): Promise<boolean> {
  const gift = await prisma.gift.findFirst({
    where: {
      donorId,
      receivedAt: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) },
    },
    select: { id: true },
  })
  return gift !== null
}

/** The stored statement finance issued for that year, if any (it wins over a fresh drawing). */
export function storedStatement(donorId: string, year: number) {
  return prisma.annualStatement.findUnique({
    where: { donorId_year: { donorId, year } },
    select: { pdf: true },
  })
}
