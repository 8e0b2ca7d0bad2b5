/**
 * Scheduled pledges (PledgeCommitment): a donor promises a total over a schedule, e.g.
 * ₩1,200,000 in 12 monthly instalments. Gifts of the same donor, campaign and currency are
 * linked to it by finance; the schedule shows which instalments they cover.
 *
 * `commitmentSchedule` is pure: instalments are the total split evenly with the remainder on the
 * last one, due every `intervalMonths` from the first due date (a day past the month's end is
 * the month's last day: 31 January + 1 month is 28 or 29 February), and gifts are allocated in
 * the order they were received, each filling the earliest instalments first. A gift counts with
 * what it still gives (amount − refunds − lost disputes). An instalment not fully covered is
 * overdue once its due date (UTC) has passed.
 */
import type { SubmissionResult } from '@conform-to/react'
import { z } from 'zod'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { countedMinor } from '#app/modules/ledger/counted.ts'
import {
  formatMoney,
  getCurrency,
  parseAmount,
  type CurrencyCode,
} from '#app/modules/ledger/money.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { OFFLINE_MAX_MINOR, parseUtcDate } from './offline-gift-form.ts'

export type InstalmentState = 'FULFILLED' | 'OUTSTANDING' | 'OVERDUE'

export type ScheduleGift = {
  id: string
  receivedAt: Date
  amountMinor: number
  refundedMinor: number
  disputeLostMinor: number
}

export type Instalment = {
  index: number
  dueOn: Date
  amountMinor: number
  coveredMinor: number
  /** Which gifts cover it, and how much of each. */
  gifts: Array<{ giftId: string; minor: number }>
  state: InstalmentState
}

export type Schedule = {
  instalments: Instalment[]
  fulfilledCount: number
  outstandingCount: number
  overdueCount: number
  coveredMinor: number
  outstandingMinor: number
  overdueMinor: number
  /** Given beyond the total (not allocated to any instalment). */
  surplusMinor: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** `start` + `months` calendar months (UTC), clamped to the end of a shorter month. */
export function addMonthsUtc(start: Date, months: number): Date {
  const year = start.getUTCFullYear()
  const month = start.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)))
}

function startOfUtcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) * DAY_MS
}

export function commitmentSchedule(
  commitment: {
    totalMinor: number
    instalmentCount: number
    intervalMonths: number
    startsOn: Date
  },
  gifts: ScheduleGift[],
  today: Date,
): Schedule {
  const { totalMinor, instalmentCount: count } = commitment
  const base = Math.floor(totalMinor / count)
  const instalments: Instalment[] = Array.from({ length: count }, (_, index) => ({
    index: index + 1,
    dueOn: addMonthsUtc(commitment.startsOn, index * commitment.intervalMonths),
    amountMinor: index === count - 1 ? totalMinor - base * (count - 1) : base,
    coveredMinor: 0,
    gifts: [],
    state: 'OUTSTANDING',
  }))
  const ordered = [...gifts].sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id),
  )
  let surplusMinor = 0
  let next = 0
  for (const gift of ordered) {
    let left = countedMinor(gift)
    while (left > 0 && next < instalments.length) {
      const instalment = instalments[next]!
      const take = Math.min(left, instalment.amountMinor - instalment.coveredMinor)
      instalment.coveredMinor += take
      instalment.gifts.push({ giftId: gift.id, minor: take })
      left -= take
      if (instalment.coveredMinor === instalment.amountMinor) next += 1
    }
    surplusMinor += left
  }
  const todayStart = startOfUtcDay(today)
  let overdueMinor = 0
  for (const instalment of instalments) {
    if (instalment.coveredMinor === instalment.amountMinor) instalment.state = 'FULFILLED'
    else if (startOfUtcDay(instalment.dueOn) < todayStart) {
      instalment.state = 'OVERDUE'
      overdueMinor += instalment.amountMinor - instalment.coveredMinor
    }
  }
  const coveredMinor = instalments.reduce((sum, i) => sum + i.coveredMinor, 0)
  const countOf = (state: InstalmentState) => instalments.filter((i) => i.state === state).length
  return {
    instalments,
    fulfilledCount: countOf('FULFILLED'),
    outstandingCount: countOf('OUTSTANDING'),
    overdueCount: countOf('OVERDUE'),
    coveredMinor,
    outstandingMinor: totalMinor - coveredMinor,
    overdueMinor,
    surplusMinor,
  }
}

// ─── Creating ─────────────────────────────────────────────────────────────────────────────

export const commitmentFormSchema = z.object({
  donorEmail: z
    .string({ required_error: "Enter the donor's email" })
    .trim()
    .toLowerCase()
    .email("Enter the donor's email, like name@example.org")
    .max(254, 'That email is too long'),
  donorName: z
    .string()
    .trim()
    .max(120, 'Keep the name under 120 characters')
    .optional()
    .transform((value) => value || undefined),
  campaignId: z
    .string({ required_error: 'Choose the campaign' })
    .trim()
    .min(1, 'Choose the campaign'),
  total: z.string({ required_error: 'Enter the total' }).trim().min(1, 'Enter the total'),
  instalmentCount: z.coerce
    .number({
      required_error: 'Enter the number of instalments',
      invalid_type_error: 'Enter a whole number',
    })
    .int('Enter a whole number')
    .min(1, 'At least 1 instalment')
    .max(120, 'At most 120 instalments'),
  intervalMonths: z.coerce
    .number({
      required_error: 'Enter the months between instalments',
      invalid_type_error: 'Enter a whole number',
    })
    .int('Enter a whole number')
    .min(1, 'At least 1 month')
    .max(12, 'At most 12 months'),
  startsOn: z
    .string({ required_error: 'Enter the first due date' })
    .trim()
    .refine((value) => parseUtcDate(value) !== null, 'Enter a date like 2026-12-01'),
  note: z
    .string()
    .trim()
    .max(500, 'Keep the note under 500 characters')
    .optional()
    .transform((value) => value || undefined),
})

export type CommitmentOutcome =
  { kind: 'saved'; commitmentId: string } | { kind: 'invalid'; result: SubmissionResult<string[]> }

export async function createCommitment(
  formData: FormData,
  context: StaffContext,
): Promise<CommitmentOutcome> {
  const submission = parseForm(formData, commitmentFormSchema)
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const value = submission.value
  const campaign = await prisma.campaign.findUnique({
    where: { id: value.campaignId },
    select: { id: true, currency: true },
  })
  if (!campaign) {
    return {
      kind: 'invalid',
      result: submission.reply({
        fieldErrors: { campaignId: ['Choose a campaign from the list'] },
      }),
    }
  }
  const currency = getCurrency(campaign.currency).code as CurrencyCode
  const parsed = parseAmount(value.total, currency)
  let totalError: string | null = null
  if (!parsed.ok) totalError = parsed.error
  else if (parsed.amountMinor <= 0) totalError = 'Enter a total above zero'
  else if (parsed.amountMinor > OFFLINE_MAX_MINOR[currency]) {
    totalError = `The largest scheduled pledge is ${formatMoney(OFFLINE_MAX_MINOR[currency], currency)}`
  } else if (parsed.amountMinor < value.instalmentCount) {
    totalError = 'The total is too small for that many instalments'
  }
  if (totalError || !parsed.ok) {
    return {
      kind: 'invalid',
      result: submission.reply({ fieldErrors: { total: [totalError ?? 'Enter the total'] } }),
    }
  }
  const startsOn = parseUtcDate(value.startsOn) as Date
  const commitment = await prisma.$transaction(async (tx) => {
    const donor = await tx.donor.upsert({
      where: { email: value.donorEmail },
      create: { email: value.donorEmail, name: value.donorName ?? null },
      update: value.donorName ? { name: value.donorName } : {},
      select: { id: true },
    })
    const created = await tx.pledgeCommitment.create({
      data: {
        donorId: donor.id,
        campaignId: campaign.id,
        currency,
        totalMinor: parsed.amountMinor,
        instalmentCount: value.instalmentCount,
        intervalMonths: value.intervalMonths,
        startsOn,
        note: value.note ?? null,
        createdById: context.actor.id,
      },
    })
    await recordAudit(
      {
        actor: context.actor,
        action: 'commitment.create',
        entityType: 'PledgeCommitment',
        entityId: created.id,
        after: created,
        ipAddress: context.ipAddress,
      },
      tx,
    )
    return created
  })
  return { kind: 'saved', commitmentId: commitment.id }
}

// ─── Reading ──────────────────────────────────────────────────────────────────────────────

const GIFT_FIELDS = {
  id: true,
  receivedAt: true,
  amountMinor: true,
  refundedMinor: true,
  disputeLostMinor: true,
  currency: true,
  source: true,
  paymentMethod: true,
  offlineReference: true,
} as const

const LIST_LIMIT = 200

/** Campaigns to choose from on the new-pledge form. */
export function campaignChoices() {
  return prisma.campaign.findMany({
    select: { id: true, title: true, currency: true },
    orderBy: { title: 'asc' },
  })
}

/** Commitments, newest first, each with its schedule's summary. */
export async function listCommitments(today: Date = new Date()) {
  const commitments = await prisma.pledgeCommitment.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: LIST_LIMIT,
    include: {
      donor: { select: { email: true, name: true } },
      campaign: { select: { title: true } },
      gifts: { select: GIFT_FIELDS },
    },
  })
  return commitments.map(({ gifts, ...commitment }) => {
    const schedule = commitmentSchedule(commitment, gifts, today)
    const { instalments: _instalments, ...summary } = schedule
    return { ...commitment, giftCount: gifts.length, ...summary }
  })
}

/** One commitment with its schedule, linked gifts and the gifts that could be linked. */
export async function getCommitment(id: string, today: Date = new Date()) {
  const commitment = await prisma.pledgeCommitment.findUnique({
    where: { id },
    include: {
      donor: { select: { id: true, email: true, name: true } },
      campaign: { select: { id: true, title: true } },
      gifts: { select: GIFT_FIELDS, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] },
    },
  })
  if (!commitment) return null
  const candidates = await prisma.gift.findMany({
    where: {
      donorId: commitment.donorId,
      campaignId: commitment.campaignId,
      currency: commitment.currency,
      commitmentId: null,
    },
    select: GIFT_FIELDS,
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: LIST_LIMIT,
  })
  return {
    commitment,
    schedule: commitmentSchedule(commitment, commitment.gifts, today),
    candidates,
  }
}

// ─── Linking gifts ────────────────────────────────────────────────────────────────────────

export type LinkOutcome = { ok: true } | { ok: false; message: string }

/** Keeps the status in step with the schedule: COMPLETED once the total is covered. */
async function refreshStatus(tx: Prisma.TransactionClient, id: string) {
  const commitment = await tx.pledgeCommitment.findUniqueOrThrow({
    where: { id },
    include: { gifts: { select: GIFT_FIELDS } },
  })
  if (commitment.status === 'CANCELLED') return
  const schedule = commitmentSchedule(commitment, commitment.gifts, new Date())
  const status = schedule.outstandingMinor === 0 ? 'COMPLETED' : 'ACTIVE'
  if (status !== commitment.status) {
    await tx.pledgeCommitment.update({ where: { id }, data: { status } })
  }
}

export async function linkGift(
  commitmentId: string,
  giftId: string,
  context: StaffContext,
): Promise<LinkOutcome> {
  return prisma.$transaction(async (tx) => {
    const commitment = await tx.pledgeCommitment.findUnique({ where: { id: commitmentId } })
    if (!commitment) return { ok: false, message: 'That scheduled pledge does not exist.' }
    const gift = await tx.gift.findUnique({
      where: { id: giftId },
      select: { id: true, donorId: true, campaignId: true, currency: true, commitmentId: true },
    })
    if (
      !gift ||
      gift.donorId !== commitment.donorId ||
      gift.campaignId !== commitment.campaignId ||
      gift.currency !== commitment.currency
    ) {
      return {
        ok: false,
        message: 'Only a gift of the same donor, campaign and currency can be linked.',
      }
    }
    if (gift.commitmentId === commitmentId) return { ok: true }
    if (gift.commitmentId) {
      return { ok: false, message: 'That gift is already linked to another scheduled pledge.' }
    }
    const { count } = await tx.gift.updateMany({
      where: { id: giftId, commitmentId: null },
      data: { commitmentId },
    })
    if (count === 0) return { ok: false, message: 'That gift was just linked elsewhere.' }
    await recordAudit(
      {
        actor: context.actor,
        action: 'commitment.link-gift',
        entityType: 'PledgeCommitment',
        entityId: commitmentId,
        after: { giftId },
        ipAddress: context.ipAddress,
      },
      tx,
    )
    await refreshStatus(tx, commitmentId)
    return { ok: true }
  })
}

export async function unlinkGift(
  commitmentId: string,
  giftId: string,
  context: StaffContext,
): Promise<LinkOutcome> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.gift.updateMany({
      where: { id: giftId, commitmentId },
      data: { commitmentId: null },
    })
    if (count === 0)
      return { ok: false, message: 'That gift is not linked to this scheduled pledge.' }
    await recordAudit(
      {
        actor: context.actor,
        action: 'commitment.unlink-gift',
        entityType: 'PledgeCommitment',
        entityId: commitmentId,
        before: { giftId },
        ipAddress: context.ipAddress,
      },
      tx,
    )
    await refreshStatus(tx, commitmentId)
    return { ok: true }
  })
}
