/**
 * Stopping a donor's monthly gift from finance's gift page, without refunding anything: at the
 * end of the paid period (Stripe keeps the subscription until then and can still undo it) or
 * now. The reason goes to Stripe as the cancellation comment and into the audit log; the
 * pledge's copy of the subscription is refreshed at once (webhooks would do it a moment later).
 */
import { type SubmissionResult } from '@conform-to/react'
import { z } from 'zod'
import { isRecurring } from '#app/modules/ledger/frequency.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe } from '#app/utils/stripe.server.ts'

export const STOP_MODES = ['period_end', 'now'] as const
export type StopMode = (typeof STOP_MODES)[number]

export const stopMonthlySchema = z.object({
  intent: z.literal('stop-monthly'),
  mode: z.enum(STOP_MODES, {
    errorMap: () => ({ message: 'Choose when the monthly gift stops' }),
  }),
  reason: z
    .string({ required_error: 'Give the reason for stopping this monthly gift' })
    .trim()
    .min(3, 'Give the reason in at least 3 characters')
    .max(500, 'Keep the reason under 500 characters'),
})

export type StopOutcome =
  | { kind: 'invalid'; result: SubmissionResult<string[]> }
  | { kind: 'done'; mode: StopMode; subscriptionId: string }

const ENDED = new Set(['canceled', 'incomplete_expired'])

/** The subscription behind a monthly gift (the gift's own, else its pledge's), if any. */
async function subscriptionOf(giftId: string) {
  const gift = await prisma.gift.findUnique({
    where: { id: giftId },
    select: {
      frequency: true,
      stripeSubscriptionId: true,
      pledge: {
        select: {
          id: true,
          stripeSubscriptionId: true,
          subscriptionStatus: true,
          cancelAtPeriodEnd: true,
        },
      },
    },
  })
  if (!gift) throw new Response('No such gift', { status: 404 })
  return {
    monthly: isRecurring(gift.frequency),
    subscriptionId: gift.stripeSubscriptionId ?? gift.pledge.stripeSubscriptionId,
    pledge: gift.pledge,
  }
}

/** Reads a subscription back from Stripe into its pledge (payments' fulfilment, passed in by
 * the caller: payments imports finance, so finance does not import payments). */
export type SyncSubscription = (subscriptionId: string) => Promise<void>

export async function stopMonthlyGift(
  giftId: string,
  formData: FormData,
  ctx: StaffContext,
  syncSubscription: SyncSubscription,
): Promise<StopOutcome> {
  const submission = parseForm(formData, stopMonthlySchema)
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const { mode, reason } = submission.value
  const fail = (message: string): StopOutcome => ({
    kind: 'invalid',
    result: submission.reply({ fieldErrors: { mode: [message] } }),
  })
  const { monthly, subscriptionId, pledge } = await subscriptionOf(giftId)
  if (!monthly || !subscriptionId) return fail('This gift is not part of a monthly subscription.')
  if (pledge.subscriptionStatus && ENDED.has(pledge.subscriptionStatus))
    return fail('This monthly gift has already stopped.')
  if (mode === 'period_end' && pledge.cancelAtPeriodEnd)
    return fail('This monthly gift already stops at the end of the period.')
  const before = {
    subscriptionId,
    subscriptionStatus: pledge.subscriptionStatus,
    cancelAtPeriodEnd: pledge.cancelAtPeriodEnd,
  }
  const stripe = getStripe()
  try {
    if (mode === 'now')
      await stripe.subscriptions.cancel(subscriptionId, {
        cancellation_details: { comment: reason },
      })
    else
      await stripe.subscriptions.update(subscriptionId, {
        cancel_at_period_end: true,
        cancellation_details: { comment: reason },
      })
  } catch (error) {
    const type = (error as { type?: unknown } | null)?.type
    if (typeof type !== 'string' || !type.startsWith('Stripe')) throw error
    logger.warn({ giftId, subscriptionId, type }, 'Stripe refused to stop a subscription')
    return fail(`Stripe refused: ${(error as Error).message}`)
  }
  await syncSubscription(subscriptionId)
  const after = await prisma.pledge.findUniqueOrThrow({
    where: { id: pledge.id },
    select: { subscriptionStatus: true, cancelAtPeriodEnd: true, currentPeriodEnd: true },
  })
  await recordAudit({
    actor: ctx.actor,
    action: 'gift.subscription.cancel',
    entityType: 'Gift',
    entityId: giftId,
    before,
    after: { subscriptionId, mode, reason, ...after },
    ipAddress: ctx.ipAddress,
  })
  return { kind: 'done', mode, subscriptionId }
}
