/**
 * Offline gifts (cheques, bank transfers, cash) recorded by finance. They count in campaign
 * totals and get a numbered receipt with its PDF, emailed like an online gift's.
 */
import type { SubmissionResult } from '@conform-to/react'
import { recordOfflineGift } from '#app/modules/ledger/gifts.server.ts'
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
import { OFFLINE_MAX_MINOR, offlineGiftSchema, parseUtcDate } from './offline-gift-form.ts'

export type OfflineGiftOutcome =
  { kind: 'saved'; giftId: string } | { kind: 'invalid'; result: SubmissionResult<string[]> }

/** Campaigns and open scheduled pledges to choose from on the form. */
export async function offlineGiftChoices() {
  const [campaigns, commitments] = await Promise.all([
    prisma.campaign.findMany({
      select: { id: true, title: true, currency: true, status: true },
      orderBy: { title: 'asc' },
    }),
    prisma.pledgeCommitment.findMany({
      where: { status: 'ACTIVE' },
      select: {
        id: true,
        totalMinor: true,
        currency: true,
        donor: { select: { email: true } },
        campaign: { select: { title: true } },
      },
      orderBy: { createdAt: 'desc' },
      take: 200,
    }),
  ])
  return {
    campaigns,
    commitments: commitments.map((c) => ({
      id: c.id,
      label: `${c.donor.email}: ${formatMoney(c.totalMinor, c.currency)} to ${c.campaign.title}`,
    })),
  }
}

/** The offline gifts recorded most recently, with their receipts (for the form page). */
export function recentOfflineGifts(take = 10) {
  return prisma.gift.findMany({
    where: { source: 'OFFLINE' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      receivedAt: true,
      paymentMethod: true,
      offlineReference: true,
      donor: { select: { email: true } },
      campaign: { select: { title: true } },
      receipts: {
        where: { status: 'ISSUED' },
        select: { id: true, number: true, emailedAt: true },
      },
    },
  })
}

/**
 * Validates the form against the database and records the gift, its audit entry and totals in
 * one transaction, with the job that issues and emails its receipt (so neither is lost).
 */
export async function createOfflineGift(
  formData: FormData,
  context: StaffContext,
  now: Date = new Date(),
): Promise<OfflineGiftOutcome> {
  const submission = parseForm(formData, offlineGiftSchema)
  if (submission.status !== 'success') return { kind: 'invalid', result: submission.reply() }
  const value = submission.value
  const fieldErrors: Record<string, string[]> = {}

  const campaign = await prisma.campaign.findUnique({
    where: { id: value.campaignId },
    select: { id: true, currency: true },
  })
  if (!campaign) fieldErrors.campaignId = ['Choose a campaign from the list']

  const receivedAt = parseUtcDate(value.receivedOn)
  const today = now.toISOString().slice(0, 10)
  if (receivedAt && value.receivedOn > today) {
    fieldErrors.receivedOn = ['The date cannot be in the future']
  }

  let amountMinor = 0
  if (campaign) {
    const currency = getCurrency(campaign.currency).code as CurrencyCode
    const parsed = parseAmount(value.amount, currency)
    if (!parsed.ok) fieldErrors.amount = [parsed.error]
    else if (parsed.amountMinor <= 0) fieldErrors.amount = ['Enter an amount above zero']
    else if (parsed.amountMinor > OFFLINE_MAX_MINOR[currency]) {
      fieldErrors.amount = [
        `The largest offline gift is ${formatMoney(OFFLINE_MAX_MINOR[currency], currency)}`,
      ]
    } else amountMinor = parsed.amountMinor
  } else if (value.amount.trim().startsWith('-')) {
    fieldErrors.amount = ['Enter an amount above zero']
  }

  if (value.commitmentId && campaign) {
    const commitment = await prisma.pledgeCommitment.findUnique({
      where: { id: value.commitmentId },
      select: { campaignId: true, currency: true, donor: { select: { email: true } } },
    })
    if (
      !commitment ||
      commitment.campaignId !== campaign.id ||
      commitment.currency !== campaign.currency ||
      commitment.donor.email !== value.donorEmail
    ) {
      fieldErrors.commitmentId = [
        'Choose a scheduled pledge of this donor to this campaign, or none',
      ]
    }
  }

  if (Object.keys(fieldErrors).length > 0 || !campaign || !receivedAt) {
    return { kind: 'invalid', result: submission.reply({ fieldErrors }) }
  }

  const { giftId } = await recordOfflineGift(
    {
      campaignId: campaign.id,
      currency: campaign.currency,
      amountMinor,
      receivedAt,
      paymentMethod: value.method,
      offlineReference: value.reference ?? null,
      donorEmail: value.donorEmail,
      donorName: value.donorName ?? null,
      commitmentId: value.commitmentId ?? null,
      recordedById: context.actor.id,
    },
    (tx, id) =>
      recordAudit(
        {
          actor: context.actor,
          action: 'gift.offline.create',
          entityType: 'Gift',
          entityId: id,
          after: {
            campaignId: campaign.id,
            amountMinor,
            currency: campaign.currency,
            receivedOn: value.receivedOn,
            method: value.method,
            reference: value.reference ?? null,
            commitmentId: value.commitmentId ?? null,
          },
          ipAddress: context.ipAddress,
        },
        tx,
      ),
  )
  return { kind: 'saved', giftId }
}
