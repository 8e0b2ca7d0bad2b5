/**
 * Moderation of donor messages and public names. Nothing a donor writes is public until a
 * moderator approves it; the spam filter (app/modules/donations/message-filter.ts) puts obvious
 * spam in its own bin with its reason. Every decision records who made it and when, on the
 * message and in the audit log (same transaction).
 */
import type { ModerationStatus, Prisma } from '#app/generated/prisma/client.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'

export const MODERATION_DECISIONS = ['APPROVED', 'REJECTED', 'SPAM'] as const
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number]

const QUEUE_SIZE = 100

/** Only messages of gifts that went through: an abandoned checkout's words are never shown. */
const PAID: Prisma.DonorMessageWhereInput = {
  pledge: { status: { in: ['FULFILLED', 'AWAITING_PAYMENT'] } },
}

export async function listModeration(bin: 'pending' | 'spam') {
  const rows = await prisma.donorMessage.findMany({
    where: bin === 'spam' ? { status: 'SPAM' } : { status: 'PENDING', ...PAID },
    select: {
      id: true,
      displayName: true,
      body: true,
      status: true,
      spamReason: true,
      createdAt: true,
      moderatedAt: true,
      moderatedBy: true,
      campaign: { select: { title: true, slug: true } },
      pledge: { select: { anonymous: true, showName: true } },
    },
    orderBy: { createdAt: bin === 'spam' ? 'desc' : 'asc' },
    take: QUEUE_SIZE,
  })
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    moderatedAt: row.moderatedAt?.toISOString() ?? null,
  }))
}

export async function moderationCounts() {
  const [pending, spam] = await Promise.all([
    prisma.donorMessage.count({ where: { status: 'PENDING', ...PAID } }),
    prisma.donorMessage.count({ where: { status: 'SPAM' } }),
  ])
  return { pending, spam }
}

export type ModerationOutcome = { kind: 'done' } | { kind: 'refused'; message: string }

export async function moderateMessage(
  messageId: string,
  decision: ModerationDecision,
  ctx: StaffContext,
): Promise<ModerationOutcome> {
  const now = ctx.now ?? new Date()
  return prisma.$transaction(async (tx) => {
    const before = await tx.donorMessage.findUnique({
      where: { id: messageId },
      select: { status: true, moderatedAt: true, moderatedBy: true, campaignId: true },
    })
    if (!before) return { kind: 'refused', message: 'That message no longer exists.' }
    if (before.status === decision) {
      return { kind: 'refused', message: 'Someone already made that decision.' }
    }
    const status: ModerationStatus = decision
    await tx.donorMessage.update({
      where: { id: messageId },
      data: { status, moderatedAt: now, moderatedBy: ctx.actor.email },
    })
    await recordAudit(
      {
        actor: ctx.actor,
        action: `donor-message.${decision.toLowerCase()}`,
        entityType: 'DonorMessage',
        entityId: messageId,
        before: {
          status: before.status,
          moderatedAt: before.moderatedAt,
          moderatedBy: before.moderatedBy,
        },
        after: {
          status,
          moderatedAt: now,
          moderatedBy: ctx.actor.email,
          campaignId: before.campaignId,
        },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return { kind: 'done' }
  })
}

/**
 * Messages whose body, normalised like `normaliseForRepeat` (trimmed, spaces collapsed, lower
 * case), equals `normalisedBody` and that arrived since a time: the spam filter's repeat rule.
 */
export async function countIdenticalMessagesSince(
  normalisedBody: string,
  since: Date,
): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) AS count FROM "DonorMessage"
    WHERE "createdAt" >= ${since}
      AND lower(regexp_replace(btrim("body"), '\\s+', ' ', 'g')) = ${normalisedBody}`
  return Number(row?.count ?? 0)
}
