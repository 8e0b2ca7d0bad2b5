/**
 * Retention (docs/decisions/0027-retention-and-cache-purging.md): what Lantern stops keeping,
 * and when. Run by the maintenance sweep. Every step works in bounded batches (memory stays flat
 * however much is due) and is idempotent: a second run finds nothing left to do. Nothing here
 * touches a gift, refund, dispute, payout, balance transaction or receipt, so money state and
 * reconciliation are unchanged.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { pruneRateLimits } from '#app/utils/rate-limit.server.ts'
import { scrubStripePayload } from './stripe-event-scrub.ts'

const DAY_MS = 24 * 60 * 60 * 1000
export const RETENTION_BATCH_SIZE = 200
/** A sweep stops after this many batches per step; the next sweep goes on. */
const MAX_BATCHES_PER_RUN = 50

export type RetentionPeriods = { stripeEventDays: number; unpaidPledgeDays: number }

export function retentionPeriods(): RetentionPeriods {
  const env = getEnv()
  return {
    stripeEventDays: env.RETENTION_STRIPE_EVENT_DAYS,
    unpaidPledgeDays: env.RETENTION_UNPAID_PLEDGE_DAYS,
  }
}

export type RetentionResult = {
  stripeEventsRedacted: number
  pledgesDeleted: number
  donorsDeleted: number
  staffSessionsDeleted: number
  donorSessionsDeleted: number
  donorSignInTokensDeleted: number
  passwordResetTokensDeleted: number
  rateLimitCountersDeleted: number
}

async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const count = await step()
    total += count
    if (count < RETENTION_BATCH_SIZE) break
  }
  return total
}

/** Processed events older than the period keep only what reconciliation needs. */
async function redactStripeEvents(before: Date): Promise<number> {
  return inBatches(async () => {
    const rows = await prisma.stripeEvent.findMany({
      where: { processedAt: { lt: before }, redactedAt: null },
      select: { id: true, payload: true },
      orderBy: { processedAt: 'asc' },
      take: RETENTION_BATCH_SIZE,
    })
    const redactedAt = new Date()
    await prisma.$transaction(
      rows.map((row) =>
        prisma.stripeEvent.update({
          where: { id: row.id },
          data: {
            payload: scrubStripePayload(row.payload as never) as Prisma.InputJsonValue,
            // A failure message can quote the payload; the event is processed, so it is history.
            lastError: null,
            redactedAt,
          },
        }),
      ),
    )
    return rows.length
  })
}

const NEVER_PAID = ['PENDING', 'FAILED', 'ABANDONED'] as const

/**
 * Pledges that never brought a gift, older than the period, with what hangs off them (the
 * unpublished donor message, gift notices); then their donors when nothing else is left of them
 * (no pledge, gift, commitment, statement or appeal tally). A pledge that is still in Checkout
 * cannot be this old: Stripe expires a Checkout Session within 24 hours.
 */
async function deleteUnpaidPledges(before: Date): Promise<{ pledges: number; donors: number }> {
  let donors = 0
  const pledges = await inBatches(async () => {
    const rows = await prisma.pledge.findMany({
      where: {
        status: { in: [...NEVER_PAID] },
        createdAt: { lt: before },
        gifts: { none: {} },
      },
      select: { id: true, donorId: true },
      orderBy: { createdAt: 'asc' },
      take: RETENTION_BATCH_SIZE,
    })
    if (rows.length === 0) return 0
    const ids = rows.map((row) => row.id)
    const donorIds = [...new Set(rows.map((row) => row.donorId))]
    await prisma.$transaction(async (tx) => {
      await tx.donorMessage.deleteMany({ where: { pledgeId: { in: ids } } })
      await tx.monthlyGiftNotice.deleteMany({ where: { pledgeId: { in: ids } } })
      await tx.pledge.deleteMany({ where: { id: { in: ids }, gifts: { none: {} } } })
      const { count } = await tx.donor.deleteMany({
        where: {
          id: { in: donorIds },
          pledges: { none: {} },
          gifts: { none: {} },
          commitments: { none: {} },
          statements: { none: {} },
          campaigns: { none: {} },
        },
      })
      donors += count
    })
    return rows.length
  })
  return { pledges, donors }
}

/** Deletes the rows `find` answers, a batch of ids at a time (no statement locks a whole table). */
function expired(
  find: (take: number) => Promise<Array<{ id: string }>>,
  remove: (ids: string[]) => Promise<{ count: number }>,
): Promise<number> {
  return inBatches(async () => {
    const rows = await find(RETENTION_BATCH_SIZE)
    if (rows.length === 0) return 0
    await remove(rows.map((row) => row.id))
    return rows.length
  })
}

export async function runRetention(now = new Date()): Promise<RetentionResult> {
  const periods = retentionPeriods()
  const stripeEventsRedacted = await redactStripeEvents(
    new Date(now.getTime() - periods.stripeEventDays * DAY_MS),
  )
  const unpaid = await deleteUnpaidPledges(
    new Date(now.getTime() - periods.unpaidPledgeDays * DAY_MS),
  )
  const past = { expiresAt: { lt: now } }
  const select = { id: true } as const
  const staffSessionsDeleted = await expired(
    (take) => prisma.staffSession.findMany({ where: past, select, take }),
    (ids) => prisma.staffSession.deleteMany({ where: { id: { in: ids } } }),
  )
  const donorSessionsDeleted = await expired(
    (take) => prisma.donorSession.findMany({ where: past, select, take }),
    (ids) => prisma.donorSession.deleteMany({ where: { id: { in: ids } } }),
  )
  const donorSignInTokensDeleted = await expired(
    (take) => prisma.donorSignInToken.findMany({ where: past, select, take }),
    (ids) => prisma.donorSignInToken.deleteMany({ where: { id: { in: ids } } }),
  )
  const passwordResetTokensDeleted = await expired(
    (take) => prisma.passwordResetToken.findMany({ where: past, select, take }),
    (ids) => prisma.passwordResetToken.deleteMany({ where: { id: { in: ids } } }),
  )
  const rateLimitCountersDeleted = await inBatches(() => pruneRateLimits(now, RETENTION_BATCH_SIZE))
  return {
    stripeEventsRedacted,
    pledgesDeleted: unpaid.pledges,
    donorsDeleted: unpaid.donors,
    staffSessionsDeleted,
    donorSessionsDeleted,
    donorSignInTokensDeleted,
    passwordResetTokensDeleted,
    rateLimitCountersDeleted,
  }
}
