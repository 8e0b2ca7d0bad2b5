/**
 * Gift receipts: immutable records (a trigger refuses any change but voiding once and filling
 * in the PDF and the email once). Receipt numbers run per calendar year (UTC) of the gift's
 * `receivedAt`, are never reused and have no gaps, even with concurrent issuers: the counter
 * row of the year is incremented and the receipt inserted in one transaction, so the row lock
 * serialises issuers and a failed insert gives its number back on rollback.
 *
 * A gift has at most one ISSUED receipt, for what it still gives: amount − refunds − lost
 * disputes. When that changes, `correctReceipt` voids the receipt and issues a replacement with
 * a new number; a gift that no longer gives anything keeps only its voided receipt(s).
 *
 * A replacement's number belongs to the year the gift was received, like the original's, not
 * to the year of the correction: a donor's receipts and annual statement for a tax year then
 * always carry that year's numbers, and each year's sequence stays gap-free on its own.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import { countedMinor } from '#app/modules/ledger/counted.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { prisma } from '#app/utils/db.server.ts'
import { renderReceiptPdf, type PdfOptions } from './receipt-pdf.server.ts'

type Tx = Prisma.TransactionClient

export type IssuedReceipt = {
  id: string
  number: string
  year: number
  sequence: number
  issuedAt: Date
  emailedAt: Date | null
}

const RECEIPT_FIELDS = {
  id: true,
  number: true,
  year: true,
  sequence: true,
  issuedAt: true,
  emailedAt: true,
} as const

/** Issuers queue on the gift's row and the year's counter; give a burst of them time. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 15_000 }

/** The gift's valid (not voided) receipt, if it has one. */
export function findIssuedReceipt(giftId: string): Promise<IssuedReceipt | null> {
  return prisma.receipt.findFirst({ where: { giftId, status: 'ISSUED' }, select: RECEIPT_FIELDS })
}

/** LAN-2026-000042 */
export function formatReceiptNumber(year: number, sequence: number): string {
  return `LAN-${year}-${String(sequence).padStart(6, '0')}`
}

export type ReceiptCorrection = {
  /** The gift's valid receipt after the call; null when the gift gives nothing any more. */
  receipt: IssuedReceipt | null
  action: 'none' | 'issued' | 'replaced' | 'voided'
  /** The receipt this call voided, if any. */
  voidedNumber: string | null
}

type GiftForReceipt = {
  id: string
  receivedAt: Date
  amountMinor: number
  refundedMinor: number
  disputeLostMinor: number
  status: string
  currency: string
  donor: { email: string; name: string | null }
}

async function insertReceipt(
  tx: Tx,
  gift: GiftForReceipt,
  amountMinor: number,
  replacesId: string | null,
): Promise<IssuedReceipt> {
  const year = gift.receivedAt.getUTCFullYear()
  const [counter] = await tx.$queryRaw<Array<{ last: number }>>`
    INSERT INTO "ReceiptSequence" (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "ReceiptSequence".last + 1
    RETURNING last`
  if (!counter) throw new Error(`Receipt counter for ${year} returned no row`)
  return tx.receipt.create({
    data: {
      giftId: gift.id,
      year,
      sequence: counter.last,
      number: formatReceiptNumber(year, counter.last),
      amountMinor,
      currency: gift.currency,
      donorEmail: gift.donor.email,
      donorName: gift.donor.name,
      replacesId,
    },
    select: RECEIPT_FIELDS,
  })
}

function voidReasonFor(gift: GiftForReceipt, previousMinor: number, nowMinor: number, at: Date) {
  const date = at.toISOString().slice(0, 10)
  const difference = previousMinor - nowMinor
  if (difference > 0 && gift.status === 'DISPUTE_LOST') {
    return `Dispute lost: ${formatMoney(difference, gift.currency)} taken back on ${date}`
  }
  if (difference > 0) return `Refund of ${formatMoney(difference, gift.currency)} on ${date}`
  return `Amount corrected to ${formatMoney(nowMinor, gift.currency)} on ${date}`
}

/**
 * Brings the gift's receipts in line with what it gives now: issues the first receipt, or
 * voids a receipt whose amount is out of date and issues its replacement (none when the gift
 * gives nothing any more; and a gift whose receipt was voided that way never gets a new one).
 * Idempotent; concurrent calls for one gift queue on the gift's row. New receipts get their PDF
 * right after the transaction.
 */
export async function correctReceipt(
  giftId: string,
  now: Date = new Date(),
): Promise<ReceiptCorrection> {
  const outcome = await prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Gift" WHERE "id" = ${giftId} FOR UPDATE`
    if (!locked) throw new Error(`Cannot issue a receipt: gift ${giftId} does not exist`)
    const gift = await tx.gift.findUniqueOrThrow({
      where: { id: giftId },
      select: {
        id: true,
        receivedAt: true,
        amountMinor: true,
        refundedMinor: true,
        disputeLostMinor: true,
        status: true,
        currency: true,
        donor: { select: { email: true, name: true } },
      },
    })
    const receipts = await tx.receipt.findMany({
      where: { giftId },
      select: { ...RECEIPT_FIELDS, status: true, amountMinor: true },
    })
    const current = receipts.find((receipt) => receipt.status === 'ISSUED')
    // A receipt acknowledges what the gift still counts (less refunds and lost disputes).
    const target = countedMinor(gift)
    if (!current) {
      if (receipts.length > 0 || target === 0) {
        return { receipt: null, action: 'none', voidedNumber: null } as const
      }
      const receipt = await insertReceipt(tx, gift, target, null)
      return { receipt, action: 'issued', voidedNumber: null } as const
    }
    const { status: _status, amountMinor: issuedMinor, ...issued } = current
    if (issuedMinor === target)
      return { receipt: issued, action: 'none', voidedNumber: null } as const
    // Void first: the partial unique index allows one ISSUED receipt per gift.
    await tx.receipt.update({
      where: { id: current.id },
      data: {
        status: 'VOID',
        voidedAt: now,
        voidReason: voidReasonFor(gift, issuedMinor, target, now),
      },
    })
    if (target === 0)
      return { receipt: null, action: 'voided', voidedNumber: current.number } as const
    const receipt = await insertReceipt(tx, gift, target, current.id)
    return { receipt, action: 'replaced', voidedNumber: current.number } as const
  }, TRANSACTION_OPTIONS)
  if (outcome.action === 'issued' || outcome.action === 'replaced') {
    await ensureReceiptPdf(outcome.receipt.id)
  }
  return outcome
}

/**
 * Returns the gift's valid receipt, issuing it (with the next number of its year) or
 * correcting it first when needed. Throws when the gift gives nothing any more.
 */
export async function issueReceipt(giftId: string): Promise<IssuedReceipt> {
  const existing = await findIssuedReceipt(giftId)
  if (existing) return existing
  const { receipt } = await correctReceipt(giftId)
  if (!receipt) throw new Error(`Gift ${giftId} has nothing left to receipt`)
  return receipt
}

export type ReceiptPdf = { number: string; status: 'ISSUED' | 'VOID'; pdf: Buffer }

/**
 * The receipt's stored PDF; draws and stores it first if the receipt has none yet (receipts
 * from before PDFs existed, or a crash right after issue). The first stored PDF wins.
 */
export async function ensureReceiptPdf(
  receiptId: string,
  options?: PdfOptions,
): Promise<ReceiptPdf | null> {
  const receipt = await prisma.receipt.findUnique({
    where: { id: receiptId },
    select: {
      number: true,
      status: true,
      voidReason: true,
      pdf: true,
      issuedAt: true,
      donorName: true,
      donorEmail: true,
      amountMinor: true,
      currency: true,
      replaces: { select: { number: true } },
      gift: {
        select: {
          receivedAt: true,
          paymentMethod: true,
          offlineReference: true,
          campaign: { select: { title: true, fund: true } },
          pledge: { select: { locale: true } },
        },
      },
    },
  })
  if (!receipt) return null
  if (receipt.pdf) {
    return { number: receipt.number, status: receipt.status, pdf: Buffer.from(receipt.pdf) }
  }
  const pdf = await renderReceiptPdf(
    {
      number: receipt.number,
      status: receipt.status,
      voidReason: receipt.voidReason,
      replacesNumber: receipt.replaces?.number ?? null,
      issuedAt: receipt.issuedAt,
      donorName: receipt.donorName,
      donorEmail: receipt.donorEmail,
      amountMinor: receipt.amountMinor,
      currency: receipt.currency,
      campaignTitle: receipt.gift.campaign.title,
      fund: receipt.gift.campaign.fund,
      paymentMethod: receipt.gift.paymentMethod,
      offlineReference: receipt.gift.offlineReference,
      giftReceivedAt: receipt.gift.receivedAt,
      locale: receipt.gift.pledge.locale,
    },
    options,
  )
  await prisma.receipt.updateMany({
    where: { id: receiptId, pdf: null },
    data: { pdf: new Uint8Array(pdf) },
  })
  const stored = await prisma.receipt.findUniqueOrThrow({
    where: { id: receiptId },
    select: { pdf: true },
  })
  return {
    number: receipt.number,
    status: receipt.status,
    pdf: stored.pdf ? Buffer.from(stored.pdf) : pdf,
  }
}

/** How far back the worker's sweep looks for gifts without a receipt (see below). */
export const RECEIPT_SWEEP_WINDOW_MS = 30 * 24 * 60 * 60 * 1000
/** Gifts this young are left to the request or webhook that is receipting them right now. */
const RECEIPT_SWEEP_SETTLE_MS = 30_000

/**
 * Up to `limit` gifts whose receipt is still owed: gifts created in the last 30 days with no
 * receipt (unless refunded or lost to a dispute before one was issued), and gifts whose issued
 * receipt was never emailed. The sweep retries them every minute; a gift that could not be
 * receipted for 30 days needs a person, and shows without a receipt number in the gifts ledger.
 *
 * The window keeps the query from probing the receipts of every gift ever made, once a minute
 * in every app copy (figures in bench/README.md, Caveats).
 */
export async function giftsOwedReceipts(now: Date, limit = 100): Promise<string[]> {
  const settled = new Date(now.getTime() - RECEIPT_SWEEP_SETTLE_MS)
  const since = new Date(now.getTime() - RECEIPT_SWEEP_WINDOW_MS)
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    (SELECT g."id" FROM "Gift" g
     WHERE g."createdAt" >= ${since} AND g."createdAt" < ${settled}
       AND g."status" NOT IN ('REFUNDED', 'DISPUTE_LOST')
       AND NOT EXISTS (SELECT 1 FROM "Receipt" r WHERE r."giftId" = g."id")
     LIMIT ${limit})
    UNION
    (SELECT r."giftId" FROM "Receipt" r JOIN "Gift" g ON g."id" = r."giftId"
     WHERE r."status" = 'ISSUED' AND r."emailedAt" IS NULL AND g."createdAt" < ${settled}
       -- An erased donor's receipt is kept but never emailed (no address is left).
       AND NOT EXISTS (SELECT 1 FROM "Donor" d WHERE d."id" = g."donorId" AND d."erasedAt" IS NOT NULL)
     LIMIT ${limit})`
  return rows.map((row) => row.id).slice(0, limit)
}
