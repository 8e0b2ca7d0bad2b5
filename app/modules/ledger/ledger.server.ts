/**
 * The gifts ledger for finance: a filtered page of gifts, newest first, and the totals of the
 * whole filtered set. Built to stay fast at a million gifts:
 * - keyset pagination on (receivedAt DESC, id DESC) with a row comparison that PostgreSQL
 *   answers from the Gift(receivedAt, id) index family, never OFFSET (which reads and throws
 *   away every skipped row);
 * - each filter is a plain column comparison on an indexed column where one exists, and the
 *   search narrows through a unique or indexed column first (donor, receipt, Stripe ids);
 * - names, campaigns and receipt numbers are joined only to the 50 rows of the page;
 * - the totals are one aggregate grouped by (currency, settlement currency), read from the
 *   running totals a trigger keeps per day and filter value ("GiftLedgerTotals"), or from the
 *   gifts themselves for searches and the dispute filter (small sets).
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
  encodeCursor,
  parseUtcDay,
  type LedgerCursor,
  type LedgerFilter,
  type LedgerSearch,
} from './ledger-filter.ts'

export const LEDGER_PAGE_SIZE = 50
const DAY_MS = 24 * 60 * 60 * 1000

export type LedgerRow = {
  id: string
  receivedAt: Date
  donorEmail: string
  campaignId: string
  campaignTitle: string
  fund: string
  currency: string
  amountMinor: number
  refundedMinor: number
  disputeLostMinor: number
  disputeFeeMinor: number
  /** Stripe's fee and the net, in the settlement currency (null until known; offline: null). */
  stripeFeeMinor: number | null
  netMinor: number | null
  settlementCurrency: string | null
  settlementAmountMinor: number | null
  status: string
  frequency: string
  paymentMethod: string | null
  source: string
  receiptNumber: string | null
}

export type LedgerTotals = {
  count: number
  /** Per presentment currency: what donors gave, and what went back (refunds, lost disputes). */
  gross: Array<{ currency: string; amountMinor: number; refundedMinor: number; lostMinor: number }>
  /** Per settlement currency: Stripe's fees and the net, over gifts whose balance is known. */
  settlement: Array<{ currency: string; feeMinor: number; netMinor: number }>
}

export type LedgerPage = {
  rows: LedgerRow[]
  /** Cursors for `?after=` (older rows) and `?before=` (newer rows); null at either end. */
  nextCursor: string | null
  prevCursor: string | null
  totals: LedgerTotals
}

/** Search by what narrows fastest: a unique or indexed column of the gift or its neighbours. */
function searchCondition(search: LedgerSearch): Prisma.Sql {
  switch (search.kind) {
    case 'email':
      // Donor emails are stored in lower case (the donate form and offline gifts normalise them).
      return Prisma.sql`g."donorId" IN (SELECT "id" FROM "Donor" WHERE "email" = ${search.email})`
    case 'receipt':
      return Prisma.sql`g."id" IN (SELECT "giftId" FROM "Receipt" WHERE "number" = ${search.number})`
    case 'stripe':
      switch (search.field) {
        case 'paymentIntent':
          return Prisma.sql`g."stripePaymentIntentId" = ${search.id}`
        case 'charge':
          return Prisma.sql`g."stripeChargeId" = ${search.id}`
        case 'invoice':
          return Prisma.sql`g."stripeInvoiceId" = ${search.id}`
        // Gift has no index on the pledge or subscription: go through the pledge (unique on
        // both ids) to its donor's gifts (indexed). A monthly gift's session id is on its
        // pledge only; the invoices' gifts do not carry it.
        case 'checkoutSession':
          return Prisma.sql`g."id" IN (
            SELECT "id" FROM "Gift" WHERE "stripeCheckoutSessionId" = ${search.id}
            UNION
            SELECT x."id" FROM "Pledge" p JOIN "Gift" x ON x."donorId" = p."donorId" AND x."pledgeId" = p."id"
            WHERE p."stripeCheckoutSessionId" = ${search.id})`
        case 'subscription':
          return Prisma.sql`g."id" IN (
            SELECT x."id" FROM "Pledge" p JOIN "Gift" x ON x."donorId" = p."donorId"
              AND (x."pledgeId" = p."id" OR x."stripeSubscriptionId" = ${search.id})
            WHERE p."stripeSubscriptionId" = ${search.id})`
      }
  }
}

/** The filter as SQL conditions on "Gift" g (without the cursor). */
export function ledgerConditions(filter: LedgerFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = []
  const from = filter.from ? parseUtcDay(filter.from) : null
  const to = filter.to ? parseUtcDay(filter.to) : null
  if (from) parts.push(Prisma.sql`g."receivedAt" >= ${from}`)
  // `to` is inclusive: everything before the next UTC midnight.
  if (to) parts.push(Prisma.sql`g."receivedAt" < ${new Date(to.getTime() + DAY_MS)}`)
  if (filter.campaign) parts.push(Prisma.sql`g."campaignId" = ${filter.campaign}`)
  if (filter.fund)
    parts.push(
      Prisma.sql`g."campaignId" IN (SELECT "id" FROM "Campaign" WHERE "fund" = ${filter.fund}::"Fund")`,
    )
  if (filter.status) parts.push(Prisma.sql`g."status" = ${filter.status}::"GiftStatus"`)
  if (filter.frequency) parts.push(Prisma.sql`g."frequency" = ${filter.frequency}::"Frequency"`)
  // Cast the parameter, not the column, so the (currency, receivedAt, id) index stays usable.
  if (filter.currency) parts.push(Prisma.sql`g."currency" = ${filter.currency}::char(3)`)
  if (filter.method) parts.push(Prisma.sql`g."paymentMethod" = ${filter.method}`)
  if (filter.refunded) parts.push(Prisma.sql`g."refundedMinor" > 0`)
  if (filter.disputed)
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Dispute" x WHERE x."giftId" = g."id")`)
  if (filter.source) parts.push(Prisma.sql`g."source" = ${filter.source}::"GiftSource"`)
  if (filter.search) parts.push(searchCondition(filter.search))
  return parts
}

function whereOf(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty
}

type RawRow = Omit<LedgerRow, 'fund'> & { fund: string }

async function pageRows(
  conditions: Prisma.Sql[],
  cursor: { after: LedgerCursor } | { before: LedgerCursor } | null,
): Promise<RawRow[]> {
  const parts = [...conditions]
  let order = Prisma.sql`DESC`
  if (cursor && 'after' in cursor)
    parts.push(
      Prisma.sql`(g."receivedAt", g."id") < (${cursor.after.receivedAt}, ${cursor.after.id})`,
    )
  if (cursor && 'before' in cursor) {
    parts.push(
      Prisma.sql`(g."receivedAt", g."id") > (${cursor.before.receivedAt}, ${cursor.before.id})`,
    )
    order = Prisma.sql`ASC`
  }
  return prisma.$queryRaw<RawRow[]>`
    WITH page AS (
      SELECT g."id", g."receivedAt", g."donorId", g."campaignId", g."currency", g."amountMinor",
        g."refundedMinor", g."disputeLostMinor", g."disputeFeeMinor", g."stripeFeeMinor",
        g."netMinor", g."settlementCurrency", g."settlementAmountMinor", g."status"::text AS "status",
        g."frequency"::text AS "frequency", g."paymentMethod", g."source"::text AS "source"
      FROM "Gift" g
      ${whereOf(parts)}
      ORDER BY g."receivedAt" ${order}, g."id" ${order}
      LIMIT ${LEDGER_PAGE_SIZE + 1}
    )
    SELECT page.*,
      CASE WHEN d."erasedAt" IS NULL THEN d."email" ELSE 'Erased donor' END AS "donorEmail",
      c."title" AS "campaignTitle",
      c."fund"::text AS "fund", r."number" AS "receiptNumber"
    FROM page
    JOIN "Donor" d ON d."id" = page."donorId"
    JOIN "Campaign" c ON c."id" = page."campaignId"
    LEFT JOIN LATERAL (
      SELECT x."number" FROM "Receipt" x WHERE x."giftId" = page."id"
      ORDER BY (x."status" = 'ISSUED') DESC, x."issuedAt" DESC LIMIT 1
    ) r ON true
    ORDER BY page."receivedAt" ${order}, page."id" ${order}`
}

type TotalsRow = {
  currency: string
  settlementCurrency: string | null
  count: bigint
  amountMinor: bigint | null
  refundedMinor: bigint | null
  lostMinor: bigint | null
  feeMinor: bigint | null
  netMinor: bigint | null
}

/**
 * The filter as conditions on the running totals ("GiftLedgerTotals" t, kept by a trigger on
 * "Gift"), or null when it needs the gifts themselves: a search, or "has had a dispute" (a
 * dispute is not a column of the gift). Those sets are small and summed from the gifts.
 */
export function totalsConditions(filter: LedgerFilter): Prisma.Sql[] | null {
  if (filter.search || filter.disputed) return null
  const parts: Prisma.Sql[] = []
  const from = filter.from ? parseUtcDay(filter.from) : null
  const to = filter.to ? parseUtcDay(filter.to) : null
  if (from) parts.push(Prisma.sql`t."day" >= ${from}::date`)
  if (to) parts.push(Prisma.sql`t."day" <= ${to}::date`)
  if (filter.campaign) parts.push(Prisma.sql`t."campaignId" = ${filter.campaign}`)
  if (filter.fund)
    parts.push(
      Prisma.sql`t."campaignId" IN (SELECT "id" FROM "Campaign" WHERE "fund" = ${filter.fund}::"Fund")`,
    )
  if (filter.status) parts.push(Prisma.sql`t."status" = ${filter.status}::"GiftStatus"`)
  if (filter.frequency) parts.push(Prisma.sql`t."frequency" = ${filter.frequency}::"Frequency"`)
  if (filter.currency) parts.push(Prisma.sql`t."currency" = ${filter.currency}::char(3)`)
  if (filter.method) parts.push(Prisma.sql`t."paymentMethod" = ${filter.method}`)
  if (filter.refunded) parts.push(Prisma.sql`t."refunded"`)
  if (filter.source) parts.push(Prisma.sql`t."source" = ${filter.source}::"GiftSource"`)
  return parts
}

function summarise(rows: TotalsRow[]): LedgerTotals {
  const gross = new Map<string, LedgerTotals['gross'][number]>()
  const settlement = new Map<string, LedgerTotals['settlement'][number]>()
  let count = 0
  for (const row of rows) {
    count += Number(row.count)
    const currency = row.currency.trim()
    const g = gross.get(currency) ?? { currency, amountMinor: 0, refundedMinor: 0, lostMinor: 0 }
    g.amountMinor += Number(row.amountMinor ?? 0)
    g.refundedMinor += Number(row.refundedMinor ?? 0)
    g.lostMinor += Number(row.lostMinor ?? 0)
    gross.set(currency, g)
    // Gifts without a balance transaction yet (and offline gifts) have no fee or net.
    if (row.feeMinor === null && row.netMinor === null) continue
    const settled = (row.settlementCurrency ?? currency).trim()
    const s = settlement.get(settled) ?? { currency: settled, feeMinor: 0, netMinor: 0 }
    s.feeMinor += Number(row.feeMinor ?? 0)
    s.netMinor += Number(row.netMinor ?? 0)
    settlement.set(settled, s)
  }
  const byCode = (a: { currency: string }, b: { currency: string }) =>
    a.currency.localeCompare(b.currency)
  return {
    count,
    gross: [...gross.values()].sort(byCode),
    settlement: [...settlement.values()].sort(byCode),
  }
}

/** One aggregate over the filtered gifts, grouped by (currency, settlement currency). */
export async function ledgerTotals(conditions: Prisma.Sql[]): Promise<LedgerTotals> {
  const rows = await prisma.$queryRaw<TotalsRow[]>`
    SELECT g."currency", g."settlementCurrency", count(*) AS "count",
      sum(g."amountMinor") AS "amountMinor", sum(g."refundedMinor") AS "refundedMinor",
      sum(g."disputeLostMinor") AS "lostMinor", sum(g."stripeFeeMinor") AS "feeMinor",
      sum(g."netMinor") AS "netMinor"
    FROM "Gift" g
    ${whereOf(conditions)}
    GROUP BY g."currency", g."settlementCurrency"`
  return summarise(rows)
}

/** The same totals from the running totals: a few thousand rows whatever the number of gifts. */
export async function ledgerTotalsFromRunningTotals(
  conditions: Prisma.Sql[],
): Promise<LedgerTotals> {
  const rows = await prisma.$queryRaw<TotalsRow[]>`
    SELECT t."currency", NULLIF(t."settlementCurrency", '') AS "settlementCurrency",
      sum(t."giftCount") AS "count", sum(t."amountMinor") AS "amountMinor",
      sum(t."refundedMinor") AS "refundedMinor", sum(t."lostMinor") AS "lostMinor",
      CASE WHEN sum(t."settledCount") > 0 THEN sum(t."feeMinor") END AS "feeMinor",
      CASE WHEN sum(t."settledCount") > 0 THEN sum(t."netMinor") END AS "netMinor"
    FROM "GiftLedgerTotals" t
    ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty}
    GROUP BY t."currency", t."settlementCurrency"
    HAVING sum(t."giftCount") > 0`
  return summarise(rows)
}

/** One page of the filtered ledger with its cursors and the totals of the whole filtered set. */
export async function listGifts(filter: LedgerFilter): Promise<LedgerPage> {
  const conditions = ledgerConditions(filter)
  const cursor = filter.after
    ? { after: filter.after }
    : filter.before
      ? { before: filter.before }
      : null
  const fromRunningTotals = totalsConditions(filter)
  const [raw, totals] = await Promise.all([
    pageRows(conditions, cursor),
    fromRunningTotals ? ledgerTotalsFromRunningTotals(fromRunningTotals) : ledgerTotals(conditions),
  ])
  const more = raw.length > LEDGER_PAGE_SIZE
  let rows = raw.slice(0, LEDGER_PAGE_SIZE).map((row) => ({
    ...row,
    currency: row.currency.trim(),
    settlementCurrency: row.settlementCurrency?.trim() ?? null,
  }))
  const backwards = cursor !== null && 'before' in cursor
  if (backwards) rows = rows.reverse()
  const first = rows[0]
  const last = rows.at(-1)
  // Going forward, there are newer rows exactly when we came from a cursor; going backward,
  // there are older rows (the page we came from) and newer ones when the query found more.
  const hasNewer = backwards ? more : cursor !== null
  const hasOlder = backwards ? true : more
  return {
    rows,
    nextCursor: hasOlder && last ? encodeCursor(last) : null,
    prevCursor: hasNewer && first ? encodeCursor(first) : null,
    totals,
  }
}

/** Everything finance sees on one gift's page, and its audit trail (newest first). */
export async function getGiftDetail(giftId: string) {
  const gift = await prisma.gift.findUnique({
    where: { id: giftId },
    select: {
      id: true,
      receivedAt: true,
      createdAt: true,
      currency: true,
      amountMinor: true,
      feeCoverMinor: true,
      stripeFeeMinor: true,
      netMinor: true,
      refundedMinor: true,
      disputeLostMinor: true,
      disputeFeeMinor: true,
      status: true,
      source: true,
      frequency: true,
      paymentMethod: true,
      offlineReference: true,
      recordedById: true,
      stripeCheckoutSessionId: true,
      stripePaymentIntentId: true,
      stripeChargeId: true,
      stripeInvoiceId: true,
      stripeSubscriptionId: true,
      stripeBalanceTransactionId: true,
      settlementCurrency: true,
      settlementAmountMinor: true,
      exchangeRate: true,
      commitmentId: true,
      donor: { select: { id: true, email: true, name: true, erasedAt: true } },
      campaign: { select: { id: true, title: true, slug: true, fund: true } },
      pledge: {
        select: {
          id: true,
          frequency: true,
          currency: true,
          amountMinor: true,
          feeCoverMinor: true,
          totalMinor: true,
          status: true,
          anonymous: true,
          dedication: true,
          dedicationName: true,
          utmSource: true,
          utmMedium: true,
          utmCampaign: true,
          stripeCheckoutSessionId: true,
          stripeSubscriptionId: true,
          subscriptionStatus: true,
          cancelAtPeriodEnd: true,
          currentPeriodEnd: true,
          createdAt: true,
        },
      },
      refunds: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: {
          id: true,
          stripeRefundId: true,
          amountMinor: true,
          currency: true,
          status: true,
          reason: true,
          failureReason: true,
          note: true,
          requestedByEmail: true,
          createdAt: true,
        },
      },
      disputes: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: {
          id: true,
          stripeDisputeId: true,
          amountMinor: true,
          currency: true,
          status: true,
          reason: true,
          evidenceDueBy: true,
          withdrawnMinor: true,
          feeMinor: true,
          feeCurrency: true,
          createdAt: true,
        },
      },
      receipts: {
        orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
        select: {
          id: true,
          number: true,
          status: true,
          amountMinor: true,
          currency: true,
          issuedAt: true,
          voidedAt: true,
          voidReason: true,
          replaces: { select: { id: true, number: true } },
          replacedBy: { select: { id: true, number: true } },
        },
      },
    },
  })
  if (!gift) return null
  // The pledge's entries too: a donor's own changes to their recurring gift are made on it.
  const audit = await prisma.auditLog.findMany({
    where: {
      OR: [
        { entityType: 'Gift', entityId: giftId },
        { entityType: 'Pledge', entityId: gift.pledge.id },
      ],
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 200,
    select: { id: true, at: true, actorEmail: true, action: true, before: true, after: true },
  })
  const trim = (code: string) => code.trim()
  return {
    gift: {
      ...gift,
      currency: trim(gift.currency),
      settlementCurrency: gift.settlementCurrency?.trim() ?? null,
      exchangeRate: gift.exchangeRate?.toString() ?? null,
      refunds: gift.refunds.map((r) => ({ ...r, currency: trim(r.currency) })),
      disputes: gift.disputes.map((d) => ({
        ...d,
        currency: trim(d.currency),
        feeCurrency: d.feeCurrency?.trim() ?? null,
      })),
      receipts: gift.receipts.map((r) => ({ ...r, currency: trim(r.currency) })),
    },
    audit,
  }
}

export type GiftDetail = NonNullable<Awaited<ReturnType<typeof getGiftDetail>>>

/** Campaigns for the ledger's filter, by title. */
export function ledgerCampaignOptions() {
  return prisma.campaign.findMany({ select: { id: true, title: true }, orderBy: { title: 'asc' } })
}
