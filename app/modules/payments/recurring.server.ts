/**
 * A donor managing their own recurring gift: change the amount, switch to annual, move the
 * charge date, pause or skip, update the card, resume, cancel. Stripe holds the truth: each
 * change is a Stripe call, then the pledge is read back from Stripe (webhooks do the same a
 * moment later, idempotently). Every change is audited with the donor as the actor and owes the
 * donor one confirmation email (MonthlyGiftNotice, sent by a job).
 *
 * How each maps onto Stripe (see stripe-emulator/README.md for the pages followed):
 * - amount: the item's price replaced with `proration_behavior: none`, so nothing is charged now
 *   and the next invoice charges the new amount;
 * - annual and a new charge date: `trial_end` with `proration_behavior: none` (Stripe's way to
 *   move an existing subscription's billing date), annual with a yearly price at the same time so
 *   that no year is charged before the month already paid for is over;
 * - pause/skip: `pause_collection[behavior]=void` until just after the last skipped renewal.
 */
import { type SubmissionResult } from '@conform-to/react'
import type { IntlShape } from 'react-intl'
import { z } from 'zod'
import {
  giftAmountError,
  parseGiftAmount,
  type FormIntl,
  type MessageId,
} from '#app/i18n/amount-messages.ts'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { localeConfig, localizePath, type Locale } from '#app/i18n/locale.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { CARD_UPDATE_PURPOSE, completeCardUpdate } from './card-update.server.ts'
import { syncSubscription } from './fulfilment.server.ts'
import { queueMonthlyNotice, type NoticeKind } from './monthly-notices.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, type Stripe } from '#app/utils/stripe.server.ts'
import { CANCEL_REASONS, MAX_PAUSE_MONTHS } from '#app/modules/donors/recurring.ts'

export type DonorActor = { id: string; email: string }

const DAY_MS = 24 * 60 * 60 * 1000
/** A pause resumes a day after the last renewal it skips, so that renewal is surely voided. */
const RESUME_AFTER_SKIPPED_MS = DAY_MS
/** How far past the current next charge a donor may move it themselves. */
export const MAX_MOVE_DAYS = 31

const ENDED = new Set(['canceled', 'incomplete_expired'])

const schemas = new WeakMap<FormIntl, ReturnType<typeof buildSchema>>()

/** The recurring-gift form's schema, its messages in the page's language (built once per language). */
export function recurringActionSchema(intl: FormIntl) {
  let schema = schemas.get(intl)
  if (!schema) {
    schema = buildSchema(intl)
    schemas.set(intl, schema)
  }
  return schema
}

function buildSchema(intl: FormIntl) {
  const t = (id: MessageId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values)
  const amountField = z
    .string({ required_error: t('monthly.error.amountEmpty') })
    .trim()
    .min(1, t('monthly.error.amountEmpty'))
  const months = t('monthly.error.months', { max: MAX_PAUSE_MONTHS })
  return z.discriminatedUnion(
    'intent',
    [
      z.object({ intent: z.literal('change-amount'), amount: amountField }),
      z.object({ intent: z.literal('switch-annual'), amount: amountField }),
      z.object({
        intent: z.literal('move-date'),
        chargeOn: z
          .string({ required_error: t('monthly.error.chooseDate') })
          .regex(/^\d{4}-\d{2}-\d{2}$/, t('monthly.error.chooseDate')),
      }),
      z.object({
        intent: z.literal('pause'),
        months: z
          .number({ required_error: months, invalid_type_error: months })
          .int(months)
          .min(1, months)
          .max(MAX_PAUSE_MONTHS, months),
      }),
      z.object({ intent: z.literal('skip-next') }),
      z.object({ intent: z.literal('resume') }),
      z.object({ intent: z.literal('update-card') }),
      z.object({
        intent: z.literal('cancel'),
        reason: z
          .enum(CANCEL_REASONS, { errorMap: () => ({ message: t('monthly.error.reason') }) })
          .optional(),
        comment: z
          .string()
          .trim()
          .max(500, t('monthly.error.commentTooLong', { max: 500 }))
          .optional(),
      }),
    ],
    { errorMap: () => ({ message: t('monthly.error.intent') }) },
  )
}

export type RecurringOutcome =
  | { kind: 'invalid'; result: SubmissionResult<string[]> }
  | { kind: 'done'; notice: NoticeKind }
  | { kind: 'redirect'; url: string }

/** The donor's own recurring gift, or a 404: another donor's id reveals nothing. */
export async function loadDonorRecurringGift(pledgeId: string, donor: DonorActor) {
  const pledge = await prisma.pledge.findFirst({
    where: {
      id: pledgeId,
      donorId: donor.id,
      frequency: { in: ['MONTHLY', 'ANNUAL'] },
      stripeSubscriptionId: { not: null },
    },
    select: {
      id: true,
      currency: true,
      totalMinor: true,
      frequency: true,
      stripeSubscriptionId: true,
      subscriptionStatus: true,
      subscriptionAmountMinor: true,
      subscriptionInterval: true,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: true,
      pausedUntil: true,
      endedReason: true,
      failingInvoiceId: true,
      nextPaymentAttemptAt: true,
      campaign: {
        select: {
          title: true,
          slug: true,
          translations: { select: { locale: true, title: true } },
        },
      },
    },
  })
  if (!pledge) throw new Response('Not found', { status: 404 })
  return {
    ...pledge,
    subscriptionId: pledge.stripeSubscriptionId as string,
    amountMinor: pledge.subscriptionAmountMinor ?? pledge.totalMinor,
    interval: pledge.subscriptionInterval ?? (pledge.frequency === 'ANNUAL' ? 'year' : 'month'),
    ended: pledge.subscriptionStatus !== null && ENDED.has(pledge.subscriptionStatus),
  }
}

export type DonorRecurringGift = Awaited<ReturnType<typeof loadDonorRecurringGift>>

function appUrl(): string {
  const env = getEnv()
  return env.APP_URL ?? `http://localhost:${env.PORT}`
}

/** The donor's page for one recurring gift, in their language. */
export function monthlyGiftPath(pledgeId: string, locale: Locale = 'en'): string {
  return localizePath(`/account/monthly/${encodeURIComponent(pledgeId)}`, locale)
}

/** `months` calendar months after `date`, the day clamped to the month's last day (UTC). */
function addMonths(date: Date, months: number): Date {
  const target = new Date(date)
  target.setUTCDate(1)
  target.setUTCMonth(target.getUTCMonth() + months)
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate()
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  return target
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)

type Change = {
  notice: NoticeKind
  params: Parameters<ReturnType<typeof getStripe>['subscriptions']['update']>[1]
  details: Record<string, string | number | null>
}

/** The Stripe change a valid submission asks for, or a field error. */
async function planChange(
  gift: DonorRecurringGift,
  value: z.infer<ReturnType<typeof recurringActionSchema>>,
  now: Date,
  intl: FormIntl,
): Promise<Change | { field: string; message: string }> {
  const t = (id: MessageId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values)
  const periodEnd = gift.currentPeriodEnd
  const active = !gift.ended && !gift.cancelAtPeriodEnd
  const nextAmount = (field: string, amountText: string) => {
    const parsed = parseGiftAmount(amountText, gift.currency, intl)
    if (!parsed.ok) return { field, message: parsed.error }
    const limit = giftAmountError(parsed.amountMinor, gift.currency, intl)
    if (limit) return { field, message: limit }
    return parsed.amountMinor
  }
  const newPrice = async (amountMinor: number, interval: 'month' | 'year') => {
    const subscription = await getStripe().subscriptions.retrieve(gift.subscriptionId)
    const item = subscription.items.data[0]
    if (!item) throw new Error(`${gift.subscriptionId} has no item`)
    return {
      id: item.id,
      price_data: {
        currency: gift.currency.toLowerCase(),
        product: String(
          typeof item.price.product === 'string' ? item.price.product : item.price.product.id,
        ),
        unit_amount: amountMinor,
        recurring: { interval },
      },
    }
  }
  if (value.intent === 'change-amount') {
    const amount = nextAmount('amount', value.amount)
    if (typeof amount !== 'number') return amount
    if (amount === gift.amountMinor)
      return { field: 'amount', message: t('monthly.error.sameAmount') }
    return {
      notice: 'amount_changed',
      params: {
        items: [await newPrice(amount, gift.interval === 'year' ? 'year' : 'month')],
        proration_behavior: 'none',
      },
      details: { fromMinor: gift.amountMinor, toMinor: amount, currency: gift.currency },
    }
  }
  if (value.intent === 'switch-annual') {
    if (gift.interval === 'year')
      return { field: 'amount', message: t('monthly.error.alreadyAnnual') }
    if (!periodEnd || gift.subscriptionStatus !== 'active')
      return {
        field: 'amount',
        message: t('monthly.error.annualNotUpToDate'),
      }
    const amount = nextAmount('amount', value.amount)
    if (typeof amount !== 'number') return amount
    return {
      notice: 'switched_annual',
      params: {
        items: [await newPrice(amount, 'year')],
        trial_end: seconds(periodEnd),
        proration_behavior: 'none',
      },
      details: {
        toMinor: amount,
        currency: gift.currency,
        firstChargeOn: periodEnd.toISOString(),
      },
    }
  }
  if (value.intent === 'move-date') {
    if (!periodEnd || gift.subscriptionStatus !== 'active' || gift.pausedUntil)
      return {
        field: 'chargeOn',
        message: t('monthly.error.dateNotActive'),
      }
    // Keep the time of day of the current charge, on the chosen day.
    const [year, month, day] = value.chargeOn.split('-').map(Number) as [number, number, number]
    const chargeAt = new Date(Date.UTC(year, month - 1, day) + (periodEnd.getTime() % DAY_MS))
    if (Number.isNaN(chargeAt.getTime()) || chargeAt.getUTCDate() !== day)
      return { field: 'chargeOn', message: t('monthly.error.realDate') }
    if (chargeAt.getTime() <= now.getTime() + DAY_MS)
      return { field: 'chargeOn', message: t('monthly.error.dateTooSoon') }
    if (chargeAt.getTime() > periodEnd.getTime() + MAX_MOVE_DAYS * DAY_MS)
      return {
        field: 'chargeOn',
        message: t('monthly.error.dateTooLate', { days: MAX_MOVE_DAYS }),
      }
    if (chargeAt.getTime() === periodEnd.getTime())
      return { field: 'chargeOn', message: t('monthly.error.sameDate') }
    return {
      notice: 'date_moved',
      params: { trial_end: seconds(chargeAt), proration_behavior: 'none' },
      details: { from: periodEnd.toISOString(), to: chargeAt.toISOString() },
    }
  }
  if (value.intent === 'pause' || value.intent === 'skip-next') {
    const field = value.intent === 'pause' ? 'months' : 'intent'
    if (gift.interval !== 'month') return { field, message: t('monthly.error.pauseMonthlyOnly') }
    if (!periodEnd || !active || gift.subscriptionStatus !== 'active')
      return { field, message: t('monthly.error.pauseNotActive') }
    if (gift.pausedUntil) return { field, message: t('monthly.error.alreadyPaused') }
    const months = value.intent === 'pause' ? value.months : 1
    const lastSkipped = addMonths(periodEnd, months - 1)
    const resumesAt = new Date(lastSkipped.getTime() + RESUME_AFTER_SKIPPED_MS)
    return {
      notice: 'paused',
      params: { pause_collection: { behavior: 'void', resumes_at: seconds(resumesAt) } },
      details: { months, resumesAt: resumesAt.toISOString() },
    }
  }
  if (value.intent === 'resume') {
    if (!gift.pausedUntil) return { field: 'intent', message: t('monthly.error.notPaused') }
    return { notice: 'resumed', params: { pause_collection: '' }, details: {} }
  }
  throw new Error(`unplanned intent ${value.intent}`)
}

/** Audit entry and confirmation email for a change, in one transaction. */
async function recordChange(
  gift: DonorRecurringGift,
  donor: DonorActor,
  notice: NoticeKind,
  details: Record<string, string | number | null>,
  ipAddress: string | null,
) {
  const after = await prisma.pledge.findUniqueOrThrow({
    where: { id: gift.id },
    select: {
      subscriptionStatus: true,
      subscriptionAmountMinor: true,
      subscriptionInterval: true,
      currentPeriodEnd: true,
      pausedUntil: true,
      cancelAtPeriodEnd: true,
    },
  })
  await prisma.$transaction(async (tx) => {
    const audit = await tx.auditLog.create({
      data: {
        actorId: donor.id,
        actorEmail: donor.email,
        action: `donor.recurring.${notice}`,
        entityType: 'Pledge',
        entityId: gift.id,
        before: {
          subscriptionStatus: gift.subscriptionStatus,
          amountMinor: gift.amountMinor,
          interval: gift.interval,
          currentPeriodEnd: gift.currentPeriodEnd?.toISOString() ?? null,
          pausedUntil: gift.pausedUntil?.toISOString() ?? null,
        },
        after: JSON.parse(JSON.stringify({ ...after, ...details })),
        ipAddress,
      },
      select: { id: true },
    })
    await queueMonthlyNotice(
      { pledgeId: gift.id, kind: notice, causeKey: `audit:${audit.id}`, details },
      tx,
    )
  })
}

function stripeRefusal(error: unknown): string | null {
  const type = (error as { type?: unknown } | null)?.type
  if (typeof type !== 'string' || !type.startsWith('Stripe')) return null
  return (error as Error).message
}

/** One donor action on their recurring gift (`gift` loaded for this donor). */
export async function changeRecurringGift(
  gift: DonorRecurringGift,
  formData: FormData,
  donor: DonorActor,
  options: { ipAddress?: string | null; now?: Date; locale?: Locale } = {},
): Promise<RecurringOutcome> {
  const locale = localeConfig(options.locale).code
  const intl = serverIntl(locale)
  const submission = parseForm(formData, recurringActionSchema(intl))
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const value = submission.value
  const fail = (field: string, message: string): RecurringOutcome => ({
    kind: 'invalid',
    result: submission.reply({ fieldErrors: { [field]: [message] } }),
  })
  if (gift.ended) return fail('intent', intl.formatMessage({ id: 'monthly.error.ended' }))
  const stripe = getStripe()
  const ipAddress = options.ipAddress ?? null

  if (value.intent === 'update-card') {
    const subscription = await stripe.subscriptions.retrieve(gift.subscriptionId)
    const page = `${appUrl()}${monthlyGiftPath(gift.id, locale)}`
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      locale: localeConfig(locale).checkout as Stripe.Checkout.SessionCreateParams.Locale,
      currency: gift.currency.toLowerCase(),
      customer: String(subscription.customer),
      client_reference_id: gift.id,
      metadata: { pledge_id: gift.id, purpose: CARD_UPDATE_PURPOSE },
      setup_intent_data: { metadata: { pledge_id: gift.id } },
      success_url: `${page}?card_session={CHECKOUT_SESSION_ID}`,
      cancel_url: page,
    })
    if (!session.url) throw new Error(`setup session ${session.id} has no URL`)
    return { kind: 'redirect', url: session.url }
  }

  if (value.intent === 'cancel') {
    try {
      await stripe.subscriptions.cancel(gift.subscriptionId, {
        cancellation_details: {
          ...(value.reason ? { feedback: value.reason } : {}),
          ...(value.comment ? { comment: value.comment } : {}),
        },
      })
    } catch (error) {
      const message = stripeRefusal(error)
      if (!message) throw error
      logger.warn({ pledgeId: gift.id }, 'Stripe refused to cancel a recurring gift')
      return fail('intent', intl.formatMessage({ id: 'monthly.error.cancelFailed' }))
    }
    await syncSubscription(gift.subscriptionId)
    await recordChange(
      gift,
      donor,
      'canceled',
      { reason: value.reason ?? null, comment: value.comment ?? null },
      ipAddress,
    )
    return { kind: 'done', notice: 'canceled' }
  }

  const now = options.now ?? new Date()
  const change = await planChange(gift, value, now, intl)
  if ('field' in change) return fail(change.field, change.message)
  try {
    await stripe.subscriptions.update(gift.subscriptionId, change.params)
  } catch (error) {
    const message = stripeRefusal(error)
    if (!message) throw error
    logger.warn({ pledgeId: gift.id, intent: value.intent }, 'Stripe refused a recurring change')
    return fail('intent', intl.formatMessage({ id: 'monthly.error.changeFailed' }))
  }
  await syncSubscription(gift.subscriptionId)
  await recordChange(gift, donor, change.notice, change.details, ipAddress)
  return { kind: 'done', notice: change.notice }
}

/** A sentence for the confirmation banner after a change, in the page's language. */
export function confirmationText(
  notice: NoticeKind,
  gift: DonorRecurringGift,
  intl: IntlShape = serverIntl('en'),
): string {
  const amount = formatMoney(gift.amountMinor, gift.currency, { locale: intl.locale })
  const day = (date: Date | null) =>
    date ? intl.formatDate(date, { dateStyle: 'long', timeZone: 'UTC' }) : null
  const next = day(gift.currentPeriodEnd)
  switch (notice) {
    case 'amount_changed':
      return intl.formatMessage({ id: 'monthly.done.amount' }, { amount, date: next ?? '' })
    case 'switched_annual':
      return intl.formatMessage({ id: 'monthly.done.annual' }, { amount, date: next ?? '' })
    case 'date_moved':
      return intl.formatMessage({ id: 'monthly.done.date' }, { date: next ?? '' })
    case 'paused':
      return intl.formatMessage(
        { id: 'monthly.done.paused' },
        { date: day(gift.pausedUntil) ?? '' },
      )
    case 'resumed':
      return intl.formatMessage({ id: 'monthly.done.resumed' })
    case 'canceled':
      return intl.formatMessage({ id: 'monthly.done.canceled' })
    default:
      return intl.formatMessage({ id: 'monthly.done.other' })
  }
}

/**
 * The donor is back from saving a card: apply it now rather than wait for the webhook (both
 * are idempotent). A session of another gift is ignored.
 */
export async function confirmCardUpdate(
  gift: DonorRecurringGift,
  sessionId: string,
): Promise<boolean> {
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return false
  const session = await getStripe()
    .checkout.sessions.retrieve(sessionId)
    .catch(() => null)
  if (!session || session.mode !== 'setup' || session.metadata?.pledge_id !== gift.id) return false
  return (await completeCardUpdate(session, syncSubscription)) !== null
}
