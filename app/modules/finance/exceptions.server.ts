/**
 * The reconciliation exceptions queue: what did not reconcile, and finance resolving it either
 * by linking the balance transaction to a gift or with a note. Both mark the line MANUAL (so a
 * re-run keeps finance's decision), are audited, and re-run the payout's reconciliation so the
 * payout can become RECONCILED.
 */
import type { ExceptionStatus } from '#app/generated/prisma/client.ts'
import { recordAudit, type AuditActor } from '#app/modules/staff/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ResolveExceptionInput } from './exception-form.ts'
import { reconcilePayout } from './reconcile.server.ts'

const QUEUE_SIZE = 200

export type ResolveOutcome =
  | { ok: true; payoutId: string }
  | { ok: false; field: 'reference' | 'note' | null; message: string }

export type ExceptionFilter = 'open' | 'resolved' | 'all'

/** The queue: open ones first (oldest first, they waited longest), then the resolved. */
export async function listExceptions(filter: ExceptionFilter = 'open') {
  const status: ExceptionStatus | undefined =
    filter === 'open' ? 'OPEN' : filter === 'resolved' ? 'RESOLVED' : undefined
  const [rows, open, resolved] = await Promise.all([
    prisma.reconciliationException.findMany({
      where: status ? { status } : {},
      orderBy: [{ status: 'asc' }, { createdAt: filter === 'open' ? 'asc' : 'desc' }],
      take: QUEUE_SIZE,
      include: {
        payout: { select: { id: true, currency: true, amountMinor: true, arrivalDate: true } },
        balanceTransaction: {
          select: {
            id: true,
            reportingCategory: true,
            type: true,
            amountMinor: true,
            feeMinor: true,
            currency: true,
            sourceId: true,
            description: true,
            match: true,
            giftId: true,
          },
        },
      },
    }),
    prisma.reconciliationException.count({ where: { status: 'OPEN' } }),
    prisma.reconciliationException.count({ where: { status: 'RESOLVED' } }),
  ])
  return { rows, counts: { open, resolved } }
}

async function findGift(reference: string) {
  return prisma.gift.findFirst({
    where: {
      OR: [{ id: reference }, { stripeChargeId: reference }, { stripePaymentIntentId: reference }],
    },
    select: { id: true, currency: true, settlementCurrency: true },
  })
}

/** Resolves one open exception (validated; nothing changes on a refusal). */
export async function resolveException(
  input: ResolveExceptionInput,
  ctx: { actor: AuditActor; ipAddress: string | null },
): Promise<ResolveOutcome> {
  const exception = await prisma.reconciliationException.findUnique({
    where: { id: input.exceptionId },
    include: { balanceTransaction: true },
  })
  if (!exception) return { ok: false, field: null, message: 'That exception does not exist.' }
  if (exception.status !== 'OPEN') {
    return { ok: false, field: null, message: 'That exception is already resolved.' }
  }
  const line = exception.balanceTransaction
  let linkedGiftId: string | null = null
  if (input.intent === 'link') {
    if (!line) {
      return {
        ok: false,
        field: 'reference',
        message: 'This exception is about the whole payout, not one line: resolve it with a note.',
      }
    }
    const gift = await findGift(input.reference)
    if (!gift) {
      return {
        ok: false,
        field: 'reference',
        message: 'No gift has that id, Stripe charge id or payment intent id.',
      }
    }
    const settledIn = (gift.settlementCurrency ?? gift.currency).trim()
    if (settledIn !== line.currency.trim()) {
      return {
        ok: false,
        field: 'reference',
        message: `That gift settled in ${settledIn} but this line is in ${line.currency.trim()}.`,
      }
    }
    linkedGiftId = gift.id
  }
  const note = input.note?.trim() ? input.note.trim() : null
  const resolution = input.intent === 'link' ? 'linked' : 'note'
  const now = new Date()
  const done = await prisma.$transaction(async (tx) => {
    const { count } = await tx.reconciliationException.updateMany({
      where: { id: exception.id, status: 'OPEN' },
      data: {
        status: 'RESOLVED',
        resolution,
        note,
        resolvedById: ctx.actor.id,
        resolvedByEmail: ctx.actor.email,
        resolvedAt: now,
      },
    })
    if (count === 0) return false
    if (line) {
      await tx.balanceTransaction.update({
        where: { id: line.id },
        data: {
          match: 'MANUAL',
          ...(linkedGiftId ? { giftId: linkedGiftId, refundId: null, disputeId: null } : {}),
        },
      })
    }
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'reconciliation.exception.resolve',
        entityType: 'ReconciliationException',
        entityId: exception.id,
        before: {
          status: exception.status,
          reason: exception.reason,
          match: line?.match ?? null,
          giftId: line?.giftId ?? null,
        },
        after: {
          status: 'RESOLVED',
          resolution,
          note,
          match: line ? 'MANUAL' : null,
          giftId: linkedGiftId ?? line?.giftId ?? null,
          payoutId: exception.payoutId,
          balanceTransactionId: line?.id ?? null,
        },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return true
  })
  if (!done) return { ok: false, field: null, message: 'That exception is already resolved.' }
  await reconcilePayout(exception.payoutId)
  return { ok: true, payoutId: exception.payoutId }
}
