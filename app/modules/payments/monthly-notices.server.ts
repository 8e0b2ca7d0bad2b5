/**
 * Notices owed to recurring donors (model MonthlyGiftNotice): written here, by whatever learns
 * of the cause (a donor's change, a failed renewal, the end after the last retry), and emailed by
 * the `monthly-gift-notice` job (app/modules/payments/monthly-notice-email.server.ts). The row is
 * unique on its cause, so a webhook delivered twice or handled again owes one email, not two.
 */
import { type Prisma } from '#app/generated/prisma/client.ts'
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'

export const NOTICE_KINDS = [
  'amount_changed',
  'switched_annual',
  'date_moved',
  'paused',
  'resumed',
  'card_updated',
  'canceled',
  'payment_failed',
  'gave_up',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export type NoticeInput = {
  pledgeId: string
  kind: NoticeKind
  /** What caused it, e.g. `audit:<id>` or `payment_failed:<invoice>:<attempt>`. */
  causeKey: string
  details: Record<string, string | number | null>
}

/**
 * Records the notice and queues its email, in `tx` when given (both commit or neither does).
 * Returns false when a notice for this cause already exists.
 */
export async function queueMonthlyNotice(
  input: NoticeInput,
  tx?: Prisma.TransactionClient,
): Promise<boolean> {
  const client = tx ?? prisma
  const inserted = await client.monthlyGiftNotice.createMany({
    data: [{ ...input, details: input.details as Prisma.InputJsonObject }],
    skipDuplicates: true,
  })
  if (inserted.count === 0) return false
  const { id } = await client.monthlyGiftNotice.findUniqueOrThrow({
    where: { causeKey: input.causeKey },
    select: { id: true },
  })
  await sendJob('monthly-gift-notice', { noticeId: id }, { onceKey: id, tx })
  return true
}
