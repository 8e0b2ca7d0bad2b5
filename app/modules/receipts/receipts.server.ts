/**
 * Gift receipts. A gift has at most one receipt; receipt numbers run per calendar year (UTC) of
 * the gift's `receivedAt`, are never reused and have no gaps, even with concurrent issuers:
 * the counter row of the year is incremented and the receipt inserted in one transaction, so
 * the row lock serialises issuers and a failed insert gives its number back on rollback.
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

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

/** Issuers queue on the year's counter row; give a burst of them time to take turns. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 }

/** The gift's valid (not voided) receipt, if it has one. */
export function findIssuedReceipt(giftId: string): Promise<IssuedReceipt | null> {
  return prisma.receipt.findFirst({ where: { giftId, status: 'ISSUED' }, select: RECEIPT_FIELDS })
}

/** LAN-2026-000042 */
export function formatReceiptNumber(year: number, sequence: number): string {
  return `LAN-${year}-${String(sequence).padStart(6, '0')}`
}

/** Returns the gift's receipt, issuing it with the next number of its year if it has none. */
export async function issueReceipt(giftId: string): Promise<IssuedReceipt> {
  const existing = await findIssuedReceipt(giftId)
  if (existing) return existing
  const gift = await prisma.gift.findUnique({
    where: { id: giftId },
    select: {
      receivedAt: true,
      amountMinor: true,
      refundedMinor: true,
      currency: true,
      donor: { select: { email: true, name: true } },
    },
  })
  if (!gift) throw new Error(`Cannot issue a receipt: gift ${giftId} does not exist`)
  const year = gift.receivedAt.getUTCFullYear()

  try {
    return await prisma.$transaction(async (tx) => {
      const [counter] = await tx.$queryRaw<Array<{ last: number }>>`
        INSERT INTO "ReceiptSequence" (year, last) VALUES (${year}, 1)
        ON CONFLICT (year) DO UPDATE SET last = "ReceiptSequence".last + 1
        RETURNING last`
      if (!counter) throw new Error(`Receipt counter for ${year} returned no row`)
      return tx.receipt.create({
        data: {
          giftId,
          year,
          sequence: counter.last,
          number: formatReceiptNumber(year, counter.last),
          amountMinor: gift.amountMinor - gift.refundedMinor,
          currency: gift.currency,
          donorEmail: gift.donor.email,
          donorName: gift.donor.name,
        },
        select: RECEIPT_FIELDS,
      })
    }, TRANSACTION_OPTIONS)
  } catch (error) {
    // A concurrent issuer committed this gift's receipt first; our number was rolled back.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await findIssuedReceipt(giftId)
      if (winner) return winner
    }
    throw error
  }
}
