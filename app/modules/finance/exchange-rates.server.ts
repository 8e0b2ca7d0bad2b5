/**
 * The FINANCE screen's side of the staff rate table: the dated rates per pair, the gifts still
 * waiting for a rate, and adding a rate (audited, and counting the waiting gifts of its pair in
 * the same transaction). Rates are only ever added: a gift's estimate points at its row.
 */
import type { SubmissionResult } from '@conform-to/react'
import { estimateWaitingGifts } from '#app/modules/ledger/gifts.server.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { parseUtcDate } from './offline-gift-form.ts'
import { rateSchema } from './rate-form.ts'

export type RateOutcome =
  | { kind: 'saved'; rateId: string; counted: number }
  | { kind: 'invalid'; result: SubmissionResult<string[]> }

const SHOWN = 200

/** The latest rates first, with who entered them; and the gifts waiting per pair. */
export async function rateTable() {
  const [rates, waiting] = await Promise.all([
    prisma.exchangeRate.findMany({
      orderBy: [{ base: 'asc' }, { quote: 'asc' }, { effectiveAt: 'desc' }, { createdAt: 'desc' }],
      take: SHOWN,
    }),
    prisma.gift.groupBy({
      by: ['currency', 'convertedCurrency'],
      where: { conversionSource: 'MISSING' },
      _count: { _all: true },
    }),
  ])
  const staffIds = [...new Set(rates.map((rate) => rate.createdById).filter((id) => id !== null))]
  const staff = await prisma.staffUser.findMany({
    where: { id: { in: staffIds } },
    select: { id: true, email: true },
  })
  const emailOf = new Map(staff.map((member) => [member.id, member.email]))
  return {
    rates: rates.map((rate) => ({
      id: rate.id,
      base: rate.base,
      quote: rate.quote,
      rate: rate.rate.toString(),
      effectiveOn: rate.effectiveAt.toISOString().slice(0, 10),
      createdAt: rate.createdAt.toISOString(),
      createdBy: rate.createdById ? (emailOf.get(rate.createdById) ?? null) : null,
    })),
    waiting: waiting.map((row) => ({
      from: row.currency.trim(),
      to: row.convertedCurrency.trim(),
      gifts: row._count._all,
    })),
  }
}

/** Validates and stores a rate with its audit entry, and counts the gifts that waited for it. */
export async function addExchangeRate(
  formData: FormData,
  context: StaffContext,
  now: Date = new Date(),
): Promise<RateOutcome> {
  const submission = parseForm(formData, rateSchema)
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const value = submission.value
  const effectiveAt = parseUtcDate(value.effectiveOn)
  if (!effectiveAt || value.effectiveOn > now.toISOString().slice(0, 10)) {
    return {
      kind: 'invalid',
      result: submission.reply({
        fieldErrors: { effectiveOn: ['A rate cannot take effect in the future'] },
      }),
    }
  }
  return prisma.$transaction(async (tx) => {
    const rate = await tx.exchangeRate.create({
      data: {
        base: value.base,
        quote: value.quote,
        rate: value.rate,
        effectiveAt,
        createdById: context.actor.id,
      },
      select: { id: true },
    })
    const counted = await estimateWaitingGifts(tx, value.base, value.quote)
    await recordAudit(
      {
        actor: context.actor,
        action: 'exchange_rate.create',
        entityType: 'ExchangeRate',
        entityId: rate.id,
        after: { ...value, waitingGiftsCounted: counted },
        ipAddress: context.ipAddress,
      },
      tx,
    )
    return { kind: 'saved' as const, rateId: rate.id, counted }
  })
}
