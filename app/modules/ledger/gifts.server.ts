/**
 * The gift ledger. A gift is recorded once per Stripe payment (unique Stripe ids), and the
 * campaign's counter row changes in the same transaction, so totals can never be lost or
 * double counted whatever the order or number of webhook deliveries. Refunds and lost disputes
 * are rows of their own; a gift's counted amount is what is left after them.
 */
import type {
  ConversionSource,
  Frequency,
  GiftStatus,
  Prisma,
} from '#app/generated/prisma/client.ts'
import { sendDedicationJob, sendReceiptJob } from '#app/modules/jobs/queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
  conversionWhenRecorded,
  estimatedConversion,
  isEstimate,
  sameCurrency,
  settledConversion,
} from './appeal-conversion.server.ts'
import {
  countedConvertedMinor,
  countedMinor,
  refundedMinorOf,
  type CountableGift,
} from './counted.ts'

type Tx = Prisma.TransactionClient

export type RecordGiftInput = {
  pledgeId: string
  currency: string
  amountMinor: number
  stripePaymentIntentId: string
  stripeChargeId: string | null
  stripeCheckoutSessionId?: string | null
  stripeInvoiceId?: string | null
  stripeSubscriptionId?: string | null
  stripeCustomerId?: string | null
  paymentMethod: string | null
  receivedAt: Date
  balance?: BalanceFigures | null
}

/** From the charge's balance transaction, in the settlement currency. */
export type BalanceFigures = {
  stripeBalanceTransactionId: string
  stripeFeeMinor: number
  netMinor: number
  settlementCurrency: string
  settlementAmountMinor: number
  /** Exact decimal text from Stripe (e.g. "0.00075"); null when no conversion happened. */
  exchangeRate: string | null
}

/** What a gift counts toward its appeal: in its own currency, converted, and whether estimated. */
type Counted = { originalMinor: number; convertedMinor: number; estimated: boolean }

const NOT_COUNTED: Counted = { originalMinor: 0, convertedMinor: 0, estimated: false }

type ConvertedGift = CountableGift & {
  convertedAmountMinor: number
  conversionSource: ConversionSource
}

function countOf(gift: ConvertedGift): Counted {
  const originalMinor = countedMinor(gift)
  return {
    originalMinor,
    convertedMinor: countedConvertedMinor(gift),
    estimated: originalMinor > 0 && isEstimate(gift.conversionSource),
  }
}

/**
 * Applies a change in what a gift counts to the campaign totals: raised moves by the
 * difference of its converted value (the appeal's currency); a gift that stops (or starts
 * again) counting moves the gift count, and the donor count when it was that donor's last (or
 * first) counting gift to the campaign; the estimated count follows estimated gifts.
 * The only writer of campaign totals: last in the gift's transaction, so the hot campaign row
 * is locked briefly (docs/decisions/0015-campaign-totals.md).
 */
async function moveTotals(
  tx: Tx,
  gift: { campaignId: string; donorId: string },
  before: Counted,
  after: Counted,
): Promise<void> {
  const raisedDelta = after.convertedMinor - before.convertedMinor
  const giftDelta = (after.originalMinor > 0 ? 1 : 0) - (before.originalMinor > 0 ? 1 : 0)
  const estimatedDelta = (after.estimated ? 1 : 0) - (before.estimated ? 1 : 0)
  let donorDelta = 0
  if (giftDelta !== 0) {
    const [row] = await tx.$queryRaw<Array<{ activeGifts: number }>>`
      INSERT INTO "CampaignDonor" ("campaignId", "donorId", "activeGifts")
      VALUES (${gift.campaignId}, ${gift.donorId}, ${Math.max(giftDelta, 0)})
      ON CONFLICT ("campaignId", "donorId")
      DO UPDATE SET "activeGifts" = "CampaignDonor"."activeGifts" + ${giftDelta}
      RETURNING "activeGifts"`
    const active = row?.activeGifts ?? 0
    if (giftDelta > 0 && active === 1) donorDelta = 1
    if (giftDelta < 0 && active === 0) donorDelta = -1
  }
  if (raisedDelta === 0 && giftDelta === 0 && estimatedDelta === 0) return
  // Two statements, not one upsert: PostgreSQL checks the CHECK constraints of the row an
  // INSERT proposes before it sees the conflict, and a negative delta is not a valid row.
  await tx.$executeRaw`
    INSERT INTO "CampaignTotals" ("campaignId", "updatedAt") VALUES (${gift.campaignId}, now())
    ON CONFLICT ("campaignId") DO NOTHING`
  await tx.$executeRaw`
    UPDATE "CampaignTotals" SET
      "raisedMinor" = "raisedMinor" + ${raisedDelta},
      "giftCount" = "giftCount" + ${giftDelta},
      "donorCount" = "donorCount" + ${donorDelta},
      "estimatedGiftCount" = "estimatedGiftCount" + ${estimatedDelta},
      "updatedAt" = now()
    WHERE "campaignId" = ${gift.campaignId}`
}

/**
 * Records a paid Stripe payment as a gift, exactly once, and queues its receipt in the same
 * transaction: the gift and its receipt job commit together or not at all. The pledge's first
 * paid gift is also when the name typed on the donate form becomes the donor's name.
 */
export async function recordGift(
  input: RecordGiftInput,
): Promise<{ giftId: string; created: boolean }> {
  return prisma.$transaction(async (tx) => {
    const pledge = await tx.pledge.findUniqueOrThrow({
      where: { id: input.pledgeId },
      select: {
        campaignId: true,
        donorId: true,
        frequency: true,
        currency: true,
        feeCoverMinor: true,
        totalMinor: true,
        donorName: true,
        dedicationNotifyEmail: true,
        campaign: { select: { currency: true } },
      },
    })
    if (pledge.currency !== input.currency) {
      throw new Error(
        `Payment currency ${input.currency} differs from pledge ${input.pledgeId} (${pledge.currency})`,
      )
    }
    const conversion = await conversionWhenRecorded(
      tx,
      input,
      pledge.campaign.currency.trim(),
      input.balance,
    )
    // The fee cover is part of the charged total; record the share that covered fees.
    const feeCoverMinor = input.amountMinor === pledge.totalMinor ? pledge.feeCoverMinor : 0
    const [created] = await tx.gift.createManyAndReturn({
      data: [
        {
          pledgeId: input.pledgeId,
          campaignId: pledge.campaignId,
          donorId: pledge.donorId,
          frequency: pledge.frequency as Frequency,
          currency: input.currency,
          amountMinor: input.amountMinor,
          feeCoverMinor,
          stripePaymentIntentId: input.stripePaymentIntentId,
          stripeChargeId: input.stripeChargeId,
          stripeCheckoutSessionId: input.stripeCheckoutSessionId ?? null,
          stripeInvoiceId: input.stripeInvoiceId ?? null,
          stripeSubscriptionId: input.stripeSubscriptionId ?? null,
          stripeCustomerId: input.stripeCustomerId ?? null,
          paymentMethod: input.paymentMethod,
          receivedAt: input.receivedAt,
          ...(input.balance ?? {}),
          ...conversion,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    })
    if (created) {
      if (pledge.donorName || pledge.dedicationNotifyEmail) {
        const first = (await tx.gift.count({ where: { pledgeId: input.pledgeId } })) === 1
        if (first && pledge.donorName)
          await tx.donor.update({ where: { id: pledge.donorId }, data: { name: pledge.donorName } })
        if (first && pledge.dedicationNotifyEmail) await sendDedicationJob(input.pledgeId, tx)
      }
      const fresh = { amountMinor: input.amountMinor, refundedMinor: 0, disputeLostMinor: 0 }
      await moveTotals(tx, pledge, NOT_COUNTED, countOf({ ...fresh, ...conversion }))
      await sendReceiptJob(created.id, tx)
      return { giftId: created.id, created: true }
    }
    const existing = await tx.gift.findUniqueOrThrow({
      where: { stripePaymentIntentId: input.stripePaymentIntentId },
      select: { id: true },
    })
    // A later fetch of the same payment may carry the balance transaction the first lacked.
    if (input.balance) await settleGift(tx, existing.id, input.balance)
    return { giftId: existing.id, created: false }
  })
}

/**
 * Stores the balance transaction's figures on a gift, once: the first call wins, later ones
 * (duplicate or reordered webhooks, the thank-you page) find it set and change nothing. When
 * the charge settled in the appeal's currency, Stripe's figure replaces an estimated
 * conversion and the totals move by exactly the difference, in the same transaction.
 */
async function settleGift(tx: Tx, giftId: string, figures: BalanceFigures): Promise<boolean> {
  await tx.$queryRaw`SELECT "id" FROM "Gift" WHERE "id" = ${giftId} FOR UPDATE`
  const gift = await tx.gift.findUniqueOrThrow({ where: { id: giftId } })
  if (gift.stripeBalanceTransactionId !== null) return false
  const settled = isEstimate(gift.conversionSource)
    ? settledConversion(gift.currency.trim(), gift.convertedCurrency.trim(), figures)
    : null
  await tx.gift.update({ where: { id: gift.id }, data: { ...figures, ...settled } })
  if (settled) await moveTotals(tx, gift, countOf(gift), countOf({ ...gift, ...settled }))
  return true
}

/** Stores fee and net once the charge's balance transaction exists (idempotent). */
export async function recordBalanceFigures(
  stripeChargeId: string,
  figures: BalanceFigures,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const gift = await tx.gift.findUnique({ where: { stripeChargeId }, select: { id: true } })
    return gift ? settleGift(tx, gift.id, figures) : false
  })
}

/**
 * Counts the gifts that waited for a rate of this pair (MISSING), now that staff entered one:
 * each at the rate its own date selects, moving its appeal's totals. Runs in the transaction
 * that stores the rate, so the rate and what it counted commit together.
 */
export async function estimateWaitingGifts(tx: Tx, base: string, quote: string): Promise<number> {
  const waiting = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Gift"
    WHERE "conversionSource" = 'MISSING'
      AND (("currency" = ${base} AND "convertedCurrency" = ${quote})
        OR ("currency" = ${quote} AND "convertedCurrency" = ${base}))
    ORDER BY "id" FOR UPDATE`
  for (const { id } of waiting) {
    const gift = await tx.gift.findUniqueOrThrow({ where: { id } })
    const conversion = await estimatedConversion(
      tx,
      { ...gift, currency: gift.currency.trim() },
      gift.convertedCurrency.trim(),
    )
    await tx.gift.update({ where: { id }, data: conversion })
    await moveTotals(tx, gift, countOf(gift), countOf({ ...gift, ...conversion }))
  }
  return waiting.length
}

export type StripeRefundSnapshot = {
  id: string
  amountMinor: number
  currency: string
  status: string
  reason: string | null
  failureReason?: string | null
  stripeBalanceTransactionId?: string | null
}

export type StripeDisputeSnapshot = {
  id: string
  amountMinor: number
  currency: string
  status: string
  reason: string | null
  evidenceDueBy: Date | null
  /** From the dispute's balance transactions (settlement currency): the amount still withdrawn
   * (withdrawals less reinstatements, positive) and the dispute fees; null while none exist. */
  withdrawnMinor?: number | null
  feeMinor?: number | null
  feeCurrency?: string | null
}

function giftStatus(
  amount: number,
  refunded: number,
  disputeLost: number,
  disputeOpen: boolean,
): GiftStatus {
  if (disputeLost > 0) return 'DISPUTE_LOST'
  if (disputeOpen) return 'DISPUTED'
  if (refunded >= amount) return 'REFUNDED'
  return refunded > 0 ? 'PARTIALLY_REFUNDED' : 'SUCCEEDED'
}

const OPEN_DISPUTE = new Set([
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
])

/**
 * Brings a gift's refunds and disputes in line with Stripe's current view of its charge
 * (the full lists, fetched fresh), and moves campaign totals by the difference. Safe to run
 * any number of times in any order: it computes from the complete state, not from deltas.
 */
export async function syncGiftReversals(
  stripeChargeId: string,
  refunds: StripeRefundSnapshot[],
  disputes: StripeDisputeSnapshot[],
): Promise<{ found: false } | { found: true; giftId: string }> {
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Gift" WHERE "stripeChargeId" = ${stripeChargeId} FOR UPDATE`
    if (!locked) return { found: false }
    const gift = await tx.gift.findUniqueOrThrow({ where: { id: locked.id } })
    for (const refund of refunds) {
      // Stripe's fields only: the staff's note, requester and idempotency key stay as written.
      const fields = {
        amountMinor: refund.amountMinor,
        currency: refund.currency.toUpperCase(),
        status: refund.status,
        reason: refund.reason,
        failureReason: refund.failureReason,
        stripeBalanceTransactionId: refund.stripeBalanceTransactionId,
      }
      await tx.refund.upsert({
        where: { stripeRefundId: refund.id },
        create: { giftId: gift.id, stripeRefundId: refund.id, ...fields },
        update: fields,
      })
    }
    for (const dispute of disputes) {
      const fields = {
        amountMinor: dispute.amountMinor,
        currency: dispute.currency.toUpperCase(),
        status: dispute.status,
        reason: dispute.reason,
        evidenceDueBy: dispute.evidenceDueBy,
        withdrawnMinor: dispute.withdrawnMinor,
        feeMinor: dispute.feeMinor,
        feeCurrency: dispute.feeCurrency?.toUpperCase(),
      }
      await tx.dispute.upsert({
        where: { stripeDisputeId: dispute.id },
        create: { giftId: gift.id, stripeDisputeId: dispute.id, ...fields },
        update: fields,
      })
    }
    const allRefunds = await tx.refund.findMany({
      where: { giftId: gift.id },
      select: { amountMinor: true, status: true },
    })
    const allDisputes = await tx.dispute.findMany({
      where: { giftId: gift.id },
      select: { amountMinor: true, status: true, feeMinor: true },
    })
    const refundedMinor = refundedMinorOf(allRefunds)
    const disputeLostMinor = allDisputes
      .filter((d) => d.status === 'lost')
      .reduce((sum, d) => sum + d.amountMinor, 0)
    const disputeOpen = allDisputes.some((d) => OPEN_DISPUTE.has(d.status))
    // Stripe keeps the dispute fee even when the dispute is won.
    const disputeFeeMinor = allDisputes.reduce((sum, d) => sum + (d.feeMinor ?? 0), 0)
    const status = giftStatus(gift.amountMinor, refundedMinor, disputeLostMinor, disputeOpen)
    await tx.gift.update({
      where: { id: gift.id },
      data: { refundedMinor, disputeLostMinor, disputeFeeMinor, status },
    })
    await moveTotals(tx, gift, countOf(gift), countOf({ ...gift, refundedMinor, disputeLostMinor }))
    return { found: true, giftId: gift.id }
  })
}

export type RecordOfflineGiftInput = {
  campaignId: string
  /** The campaign's currency: offline gifts count toward its totals like online ones. */
  currency: string
  amountMinor: number
  receivedAt: Date
  paymentMethod: 'cheque' | 'bank_transfer' | 'cash'
  offlineReference: string | null
  donorEmail: string
  donorName: string | null
  commitmentId: string | null
  recordedById: string | null
}

/**
 * Records a gift finance received outside Stripe (cheque, bank transfer, cash): the donor
 * (by email), a fulfilled one-time pledge, the gift and the campaign totals, in one transaction.
 * `inTransaction` runs in the same transaction (the audit entry), so all or nothing is written.
 */
export async function recordOfflineGift(
  input: RecordOfflineGiftInput,
  inTransaction?: (tx: Tx, giftId: string) => Promise<void>,
): Promise<{ giftId: string }> {
  return prisma.$transaction(async (tx) => {
    const donor = await tx.donor.upsert({
      where: { email: input.donorEmail },
      create: { email: input.donorEmail, name: input.donorName },
      update: input.donorName ? { name: input.donorName } : {},
      select: { id: true },
    })
    const pledge = await tx.pledge.create({
      data: {
        campaignId: input.campaignId,
        donorId: donor.id,
        frequency: 'ONE_TIME',
        currency: input.currency,
        amountMinor: input.amountMinor,
        totalMinor: input.amountMinor,
        status: 'FULFILLED',
        completedAt: input.receivedAt,
      },
      select: { id: true },
    })
    const gift = await tx.gift.create({
      data: {
        pledgeId: pledge.id,
        campaignId: input.campaignId,
        donorId: donor.id,
        frequency: 'ONE_TIME',
        currency: input.currency,
        amountMinor: input.amountMinor,
        source: 'OFFLINE',
        paymentMethod: input.paymentMethod,
        offlineReference: input.offlineReference,
        recordedById: input.recordedById,
        commitmentId: input.commitmentId,
        receivedAt: input.receivedAt,
        ...sameCurrency(input.currency, input.amountMinor),
      },
      select: { id: true },
    })
    const fresh = { amountMinor: input.amountMinor, refundedMinor: 0, disputeLostMinor: 0 }
    await moveTotals(
      tx,
      { campaignId: input.campaignId, donorId: donor.id },
      NOT_COUNTED,
      countOf({ ...fresh, ...sameCurrency(input.currency, input.amountMinor) }),
    )
    await inTransaction?.(tx, gift.id)
    // Like an online gift's, the receipt is a job committed with the gift.
    await sendReceiptJob(gift.id, tx)
    return { giftId: gift.id }
  })
}
