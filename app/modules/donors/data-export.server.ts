/**
 * "Download my data": everything Lantern holds about one donor, as JSON and as CSV. Left out on
 * purpose: credentials (session ids, sign-in token hashes) and PDF bytes (the receipts and
 * statements are downloads of their own on the account page).
 */
import { prisma } from '#app/utils/db.server.ts'
import { csvHeader, csvLine, csvText } from '#app/utils/csv.ts'

export async function donorData(donorId: string) {
  const donor = await prisma.donor.findUnique({ where: { id: donorId } })
  if (!donor) return null
  const giftWhere = { gift: { donorId } }
  const [pledges, gifts, refunds, disputes, receipts, messages, statements, sessions, links] =
    await Promise.all([
      prisma.pledge.findMany({ where: { donorId }, orderBy: { createdAt: 'asc' } }),
      prisma.gift.findMany({ where: { donorId }, orderBy: { receivedAt: 'asc' } }),
      prisma.refund.findMany({ where: giftWhere, orderBy: { createdAt: 'asc' } }),
      prisma.dispute.findMany({ where: giftWhere, orderBy: { createdAt: 'asc' } }),
      prisma.receipt.findMany({
        where: giftWhere,
        omit: { pdf: true },
        orderBy: { issuedAt: 'asc' },
      }),
      prisma.donorMessage.findMany({
        where: { pledge: { donorId } },
        orderBy: { createdAt: 'asc' },
      }),
      prisma.annualStatement.findMany({
        where: { donorId },
        omit: { pdf: true },
        orderBy: { year: 'asc' },
      }),
      prisma.donorSession.findMany({
        where: { donorId },
        select: {
          createdAt: true,
          lastSeenAt: true,
          expiresAt: true,
          ipAddress: true,
          userAgent: true,
        },
      }),
      prisma.donorSignInToken.findMany({
        where: { donorId },
        select: { createdAt: true, expiresAt: true, usedAt: true },
      }),
    ])
  return {
    exportedAt: new Date(),
    donor,
    preferences: { appealUpdates: donor.updatesOptOutAt === null },
    pledges,
    gifts,
    refunds,
    disputes,
    receipts,
    messages,
    statements,
    sessions,
    signInLinks: links,
  }
}

export type DonorData = NonNullable<Awaited<ReturnType<typeof donorData>>>

/** JSON with money and amounts as they are stored (integers in minor units, with currency). */
export function donorDataJson(data: DonorData): string {
  return JSON.stringify(
    data,
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    2,
  )
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') {
    // Prisma's Decimal (exchange rates) prints exactly; JSON columns as JSON.
    const printable = value as { toFixed?: () => string }
    return typeof printable.toFixed === 'function' ? String(value) : JSON.stringify(value)
  }
  return String(value)
}

/** One line per field: section, record number within it, field, value. */
export function donorDataCsv(data: DonorData): string {
  let out = csvHeader(['section', 'record', 'field', 'value'])
  for (const [section, content] of Object.entries(data)) {
    const records: unknown[] = Array.isArray(content) ? content : [content]
    records.forEach((record, index) => {
      const fields =
        record !== null && typeof record === 'object' && !(record instanceof Date)
          ? Object.entries(record)
          : [['value', record] as const]
      for (const [field, value] of fields) {
        out += csvLine([
          csvText(section),
          String(index + 1),
          csvText(field),
          csvText(cellText(value)),
        ])
      }
    })
  }
  return out
}
