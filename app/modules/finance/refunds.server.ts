/**
 * Refunds made by finance from a gift's page, in two steps: `reviewRefund` checks the request
 * and answers the exact amount and what remains after it, with a fresh request id; only
 * `confirmRefund` talks to Stripe. The request id becomes Stripe's idempotency key
 * (`refund:<requestId>`) and the Refund row's unique `idempotencyKey`, so a double submit, a
 * retry after a time-out or two tabs make one refund.
 *
 * Per gift, check + Stripe call + insert run under a PostgreSQL advisory lock, so two officers
 * refunding the same gift at once cannot refund more than it has left. Stripe is asked for
 * nothing when the request is refused here (amount, reason, disputes, offline gifts).
 * The refund row is written from Stripe's answer; its `refund.*` and `charge.refunded` webhooks
 * finalise it later through syncChargeReversals, which never overwrites the staff fields.
 * That function belongs to payments (which imports finance for payouts), so the caller passes
 * it in rather than finance importing it back.
 */
import { randomUUID } from 'node:crypto'
import { type SubmissionResult } from '@conform-to/react'
import { z } from 'zod'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { countedMinor, refundedMinorOf } from '#app/modules/ledger/counted.ts'
import { formatMoney, parseAmount, toMajorString } from '#app/modules/ledger/money.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId } from '#app/utils/stripe.server.ts'

export const REFUND_NOTE_MIN = 3
export const REFUND_NOTE_MAX = 500

const OPEN_OR_LOST_DISPUTE = new Set([
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
  'lost',
])

export const refundFormSchema = z.object({
  intent: z.enum(['review', 'confirm'], {
    errorMap: () => ({ message: 'Start the refund again' }),
  }),
  amount: z
    .string({ required_error: 'Enter the amount to refund' })
    .trim()
    .min(1, 'Enter the amount to refund'),
  note: z
    .string({ required_error: 'Give the reason for this refund' })
    .trim()
    .min(REFUND_NOTE_MIN, `Give the reason in at least ${REFUND_NOTE_MIN} characters`)
    .max(REFUND_NOTE_MAX, `Keep the reason under ${REFUND_NOTE_MAX} characters`),
  requestId: z.string().uuid('Start the refund again').optional(),
})

export type RefundReview = {
  amountMinor: number
  /** The amount as typed back into the hidden field of the confirmation form. */
  amount: string
  currency: string
  note: string
  requestId: string
  remainingBeforeMinor: number
  remainingAfterMinor: number
}

export type RefundOutcome =
  | { kind: 'invalid'; result: SubmissionResult<string[]>; review?: RefundReview }
  | { kind: 'review'; review: RefundReview }
  | { kind: 'done'; refundId: string; amountMinor: number; currency: string; replayed: boolean }

type Client = Prisma.TransactionClient | typeof prisma

/** What a gift can still refund, or why it cannot be refunded here at all. */
export async function refundableState(giftId: string, client: Client = prisma) {
  const gift = await client.gift.findUnique({
    where: { id: giftId },
    select: {
      id: true,
      source: true,
      status: true,
      currency: true,
      amountMinor: true,
      disputeLostMinor: true,
      stripePaymentIntentId: true,
      refunds: { select: { amountMinor: true, status: true } },
      disputes: { select: { status: true } },
    },
  })
  if (!gift) return null
  const refundedMinor = refundedMinorOf(gift.refunds)
  const remainingMinor = countedMinor({ ...gift, refundedMinor })
  let blocked: string | null = null
  if (gift.source === 'OFFLINE' || !gift.stripePaymentIntentId)
    blocked =
      'This is an offline gift: Stripe has no payment to refund. Return the money the way it came and note it on the gift.'
  else if (
    gift.status === 'DISPUTED' ||
    gift.status === 'DISPUTE_LOST' ||
    gift.disputes.some((dispute) => OPEN_OR_LOST_DISPUTE.has(dispute.status))
  )
    blocked =
      'This gift has an open or lost dispute: the money moves through the dispute, so it cannot be refunded.'
  else if (remainingMinor <= 0) blocked = 'This gift is already fully refunded.'
  return { gift, refundedMinor, remainingMinor, blocked }
}

type Checked =
  | { ok: false; result: SubmissionResult<string[]> }
  | {
      ok: true
      value: z.output<typeof refundFormSchema>
      amountMinor: number
      remainingMinor: number
      currency: string
      paymentIntentId: string
    }

/** The form checks and the gift's own rules, as field errors (amount, note) on failure. */
async function check(giftId: string, formData: FormData, client: Client): Promise<Checked> {
  const submission = parseForm(formData, refundFormSchema)
  const state = await refundableState(giftId, client)
  if (!state) throw new Response('No such gift', { status: 404 })
  if (submission.status !== 'success') {
    const result = submission.reply()
    if (state.blocked) result.error = { ...result.error, amount: [state.blocked] }
    return { ok: false, result }
  }
  const value = submission.value
  const fail = (field: 'amount' | 'note', message: string): Checked => ({
    ok: false,
    result: submission.reply({ fieldErrors: { [field]: [message] } }),
  })
  if (state.blocked) return fail('amount', state.blocked)
  const currency = state.gift.currency
  const parsed = parseAmount(value.amount, currency)
  if (!parsed.ok) return fail('amount', parsed.error)
  if (parsed.amountMinor <= 0) return fail('amount', 'Enter an amount above zero')
  if (parsed.amountMinor > state.remainingMinor)
    return fail(
      'amount',
      `You can refund at most ${formatMoney(state.remainingMinor, currency)}: that is what is left of this gift after earlier refunds`,
    )
  return {
    ok: true,
    value,
    amountMinor: parsed.amountMinor,
    remainingMinor: state.remainingMinor,
    currency,
    paymentIntentId: state.gift.stripePaymentIntentId as string,
  }
}

function reviewOf(
  checked: Extract<Checked, { ok: true }>,
  requestId: string = randomUUID(),
): RefundReview {
  return {
    amountMinor: checked.amountMinor,
    amount: toMajorString(checked.amountMinor, checked.currency),
    currency: checked.currency,
    note: checked.value.note,
    requestId,
    remainingBeforeMinor: checked.remainingMinor,
    remainingAfterMinor: checked.remainingMinor - checked.amountMinor,
  }
}

/** Step 1: checks the request and answers the confirmation to show. Changes nothing. */
export async function reviewRefund(giftId: string, formData: FormData): Promise<RefundOutcome> {
  const checked = await check(giftId, formData, prisma)
  if (!checked.ok) return { kind: 'invalid', result: checked.result }
  return { kind: 'review', review: reviewOf(checked) }
}

function stripeErrorMessage(error: unknown): string | null {
  const type = (error as { type?: unknown } | null)?.type
  if (typeof type !== 'string' || !type.startsWith('Stripe')) return null
  if (type === 'StripeConnectionError' || type === 'StripeAPIError')
    return 'Stripe did not answer. Nothing is recorded yet: confirm again (this cannot refund twice).'
  return `Stripe refused the refund: ${(error as Error).message}`
}

/** Brings a gift in line with Stripe's refunds and disputes of its charge (payments' fulfilment). */
export type SyncChargeReversals = (chargeId: string) => Promise<unknown>

/** Step 2: makes the refund at Stripe (once per request id) and records it. */
export async function confirmRefund(
  giftId: string,
  formData: FormData,
  ctx: StaffContext,
  syncChargeReversals: SyncChargeReversals,
): Promise<RefundOutcome> {
  const requestId = formData.get('requestId')
  if (typeof requestId !== 'string' || !z.string().uuid().safeParse(requestId).success) {
    const submission = parseForm(formData, refundFormSchema)
    return {
      kind: 'invalid',
      result: submission.reply({ formErrors: ['Start the refund again from the form.'] }),
    }
  }
  const idempotencyKey = `refund:${requestId}`
  const { outcome, chargeId } = await prisma.$transaction(
    async (tx): Promise<{ outcome: RefundOutcome; chargeId?: string | null }> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`gift-refund:${giftId}`}))`
      const existing = await tx.refund.findUnique({
        where: { idempotencyKey },
        select: { id: true, giftId: true, amountMinor: true, currency: true },
      })
      if (existing && existing.giftId === giftId)
        return {
          outcome: {
            kind: 'done',
            refundId: existing.id,
            amountMinor: existing.amountMinor,
            currency: existing.currency.trim(),
            replayed: true,
          },
        }
      const checked = await check(giftId, formData, tx)
      if (!checked.ok) return { outcome: { kind: 'invalid', result: checked.result } }
      const before = await tx.gift.findUniqueOrThrow({
        where: { id: giftId },
        select: { status: true, refundedMinor: true },
      })
      let refund
      try {
        refund = await getStripe().refunds.create(
          {
            payment_intent: checked.paymentIntentId,
            amount: checked.amountMinor,
            reason: 'requested_by_customer',
            metadata: { gift_id: giftId, requested_by: ctx.actor.email },
          },
          { idempotencyKey },
        )
      } catch (error) {
        const message = stripeErrorMessage(error)
        if (!message) throw error
        logger.warn({ giftId, code: (error as { code?: string }).code }, 'refund refused by Stripe')
        return {
          outcome: {
            kind: 'invalid',
            result: parseForm(formData, refundFormSchema).reply({
              formErrors: [message],
            }),
            review: reviewOf(checked, requestId),
          },
        }
      }
      const staffFields = {
        note: checked.value.note,
        requestedById: ctx.actor.id,
        requestedByEmail: ctx.actor.email,
        idempotencyKey,
      }
      const stripeFields = {
        amountMinor: refund.amount,
        currency: refund.currency.toUpperCase(),
        status: refund.status ?? 'pending',
        reason: refund.reason ?? null,
        failureReason: refund.failure_reason ?? null,
        stripeBalanceTransactionId: stripeId(refund.balance_transaction),
      }
      // The webhook may have stored this refund already (without the staff fields): upsert.
      const row = await tx.refund.upsert({
        where: { stripeRefundId: refund.id },
        create: { giftId, stripeRefundId: refund.id, ...stripeFields, ...staffFields },
        update: { ...stripeFields, ...staffFields },
        select: { id: true },
      })
      await recordAudit(
        {
          actor: ctx.actor,
          action: 'gift.refund',
          entityType: 'Gift',
          entityId: giftId,
          before,
          after: {
            refundId: row.id,
            stripeRefundId: refund.id,
            amountMinor: refund.amount,
            currency: stripeFields.currency,
            status: stripeFields.status,
            note: staffFields.note,
          },
          ipAddress: ctx.ipAddress,
        },
        tx,
      )
      return {
        outcome: {
          kind: 'done',
          refundId: row.id,
          amountMinor: refund.amount,
          currency: stripeFields.currency,
          replayed: false,
        },
        chargeId: stripeId(refund.charge),
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  // Move the gift's status and the campaign totals now (after commit: syncGiftReversals locks
  // the gift row, which this transaction's insert held); webhooks would do it a moment later.
  if (chargeId) {
    await syncChargeReversals(chargeId).catch((error: unknown) =>
      logger.warn({ err: error, giftId }, 'refund recorded; totals move with its webhook'),
    )
  }
  return outcome
}
