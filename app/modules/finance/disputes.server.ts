/**
 * The disputes list for finance, by urgency: disputes waiting for our evidence first (the
 * soonest deadline on top), then those Stripe's bank is reviewing, then closed ones, newest
 * first. Open disputes are few, so all are shown; closed ones are capped.
 */
import { prisma } from '#app/utils/db.server.ts'

export const CLOSED_DISPUTES_SHOWN = 200

export const NEEDS_RESPONSE = ['warning_needs_response', 'needs_response', 'appeal_needs_response']
export const UNDER_REVIEW = ['warning_under_review', 'under_review', 'appeal_under_review']

export type DisputeUrgency = 'needs-response' | 'under-review' | 'closed'

export function disputeUrgency(status: string): DisputeUrgency {
  if (NEEDS_RESPONSE.includes(status)) return 'needs-response'
  if (UNDER_REVIEW.includes(status)) return 'under-review'
  return 'closed'
}

const select = {
  id: true,
  stripeDisputeId: true,
  status: true,
  reason: true,
  amountMinor: true,
  currency: true,
  evidenceDueBy: true,
  withdrawnMinor: true,
  feeMinor: true,
  feeCurrency: true,
  createdAt: true,
  gift: {
    select: {
      id: true,
      receivedAt: true,
      donor: { select: { email: true } },
      campaign: { select: { title: true } },
    },
  },
} as const

export async function listDisputes() {
  const open = [...NEEDS_RESPONSE, ...UNDER_REVIEW]
  const [waiting, closed] = await Promise.all([
    prisma.dispute.findMany({
      where: { status: { in: open } },
      select,
      orderBy: [{ evidenceDueBy: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    }),
    prisma.dispute.findMany({
      where: { status: { notIn: open } },
      select,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: CLOSED_DISPUTES_SHOWN,
    }),
  ])
  const rank = (status: string) => (NEEDS_RESPONSE.includes(status) ? 0 : 1)
  // A stable sort keeps the due-date order inside each group.
  const sortedOpen = [...waiting].sort((a, b) => rank(a.status) - rank(b.status))
  return [...sortedOpen, ...closed].map((dispute) => ({
    ...dispute,
    currency: dispute.currency.trim(),
    feeCurrency: dispute.feeCurrency?.trim() ?? null,
    urgency: disputeUrgency(dispute.status),
  }))
}
