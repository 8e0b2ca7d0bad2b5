/**
 * Payouts from Stripe into our tables (stripe.md §4.2, §4.3): the payout itself and every
 * balance transaction Stripe lists for it, then reconciliation. Runs on payout.* webhooks and
 * on a schedule (the 'payouts-sync' job). Everything is an upsert keyed on Stripe's ids, so a
 * re-run leaves identical rows; what finance set by hand (match, links) is never overwritten
 * here: reconcile.server.ts decides matches.
 */
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { getStripe, stripeId, type Stripe } from '#app/utils/stripe.server.ts'
import { recordAudit, type AuditActor } from '#app/modules/staff/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { reconcilePayout, type ReconcileResult } from './reconcile.server.ts'

const DAY_SECONDS = 24 * 60 * 60
/** Rows per INSERT: keeps each statement's parameters small while staying set-based. */
const UPSERT_BATCH = 2_000

function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000)
}

type TransactionRow = {
  id: string
  type: string
  reportingCategory: string
  amountMinor: number
  feeMinor: number
  netMinor: number
  currency: string
  exchangeRate: string | null
  sourceId: string | null
  description: string | null
  status: string
  availableOn: string
  stripeCreatedAt: string
}

function toRow(transaction: Stripe.BalanceTransaction): TransactionRow {
  const source = transaction.source as string | { id: string } | null
  return {
    id: transaction.id,
    type: transaction.type,
    reportingCategory: transaction.reporting_category,
    amountMinor: transaction.amount,
    feeMinor: transaction.fee,
    netMinor: transaction.net,
    currency: transaction.currency.toUpperCase(),
    // Stripe sends a JSON number; its text is the exact rate it applied (e.g. 0.00075).
    exchangeRate: transaction.exchange_rate == null ? null : String(transaction.exchange_rate),
    sourceId: stripeId(source),
    description: transaction.description,
    status: transaction.status,
    availableOn: fromUnix(transaction.available_on).toISOString(),
    stripeCreatedAt: fromUnix(transaction.created).toISOString(),
  }
}

/** One statement per batch: unnest the columns and upsert; match and links stay untouched. */
async function upsertTransactions(payoutId: string, rows: TransactionRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += UPSERT_BATCH) {
    const batch = rows.slice(start, start + UPSERT_BATCH)
    const column = <K extends keyof TransactionRow>(key: K) => batch.map((row) => row[key])
    await prisma.$executeRaw`
      INSERT INTO "BalanceTransaction" ("id", "payoutId", "type", "reportingCategory",
        "amountMinor", "feeMinor", "netMinor", "currency", "exchangeRate", "sourceId",
        "description", "status", "availableOn", "stripeCreatedAt")
      SELECT t."id", ${payoutId}, t."type", t."category", t."amount", t."fee", t."net",
        t."currency", t."rate", t."source", t."description", t."status", t."availableOn",
        t."created"
      FROM unnest(${column('id')}::text[], ${column('type')}::text[],
        ${column('reportingCategory')}::text[], ${column('amountMinor')}::int[],
        ${column('feeMinor')}::int[], ${column('netMinor')}::int[], ${column('currency')}::text[],
        ${column('exchangeRate')}::numeric[], ${column('sourceId')}::text[],
        ${column('description')}::text[], ${column('status')}::text[],
        ${column('availableOn')}::timestamp[], ${column('stripeCreatedAt')}::timestamp[])
        AS t("id", "type", "category", "amount", "fee", "net", "currency", "rate", "source",
          "description", "status", "availableOn", "created")
      ON CONFLICT ("id") DO UPDATE SET
        "payoutId" = EXCLUDED."payoutId", "type" = EXCLUDED."type",
        "reportingCategory" = EXCLUDED."reportingCategory", "amountMinor" = EXCLUDED."amountMinor",
        "feeMinor" = EXCLUDED."feeMinor", "netMinor" = EXCLUDED."netMinor",
        "currency" = EXCLUDED."currency", "exchangeRate" = EXCLUDED."exchangeRate",
        "sourceId" = EXCLUDED."sourceId", "description" = EXCLUDED."description",
        "status" = EXCLUDED."status", "availableOn" = EXCLUDED."availableOn",
        "stripeCreatedAt" = EXCLUDED."stripeCreatedAt"`
  }
}

function payoutFields(payout: Stripe.Payout) {
  return {
    amountMinor: payout.amount,
    currency: payout.currency.toUpperCase(),
    status: payout.status,
    arrivalDate: fromUnix(payout.arrival_date),
    automatic: payout.automatic,
    method: payout.method ?? null,
    failureCode: payout.failure_code ?? null,
    failureMessage: payout.failure_message ?? null,
    stripeBalanceTransactionId: stripeId(
      payout.balance_transaction as string | { id: string } | null,
    ),
    stripeCreatedAt: fromUnix(payout.created),
  }
}

/**
 * Fetches one payout and all its balance transactions (auto-paginated: a payout can have
 * thousands), stores them, and reconciles the payout from the stored rows.
 */
export async function syncPayout(payoutId: string): Promise<ReconcileResult> {
  const stripe = getStripe()
  const payout = await stripe.payouts.retrieve(payoutId)
  const fields = payoutFields(payout)
  await prisma.payout.upsert({
    where: { id: payout.id },
    create: { id: payout.id, ...fields },
    update: fields,
  })
  const rows: TransactionRow[] = []
  // The sources are expanded as the reference's algorithm does (§4.3); only their ids are kept.
  for await (const transaction of stripe.balanceTransactions.list({
    payout: payout.id,
    limit: 100,
    expand: ['data.source'],
  })) {
    rows.push(toRow(transaction))
  }
  await upsertTransactions(payout.id, rows)
  await prisma.payout.update({ where: { id: payout.id }, data: { syncedAt: new Date() } })
  return reconcilePayout(payout.id)
}

/** Syncs every payout created in the last `days` days (the scheduled catch-up). */
export async function syncRecentPayouts({
  days,
}: {
  days: number
}): Promise<{ synced: number; reconciled: number }> {
  const windowDays = Number.isFinite(days) && days > 0 ? days : 30
  const since = Math.floor(Date.now() / 1000) - Math.round(windowDays * DAY_SECONDS)
  const ids: string[] = []
  for await (const payout of getStripe().payouts.list({ created: { gte: since }, limit: 100 })) {
    ids.push(payout.id)
  }
  let reconciled = 0
  const failed: string[] = []
  for (const id of ids) {
    // One payout Stripe cannot answer for must not hold up the others; the job retries.
    try {
      const result = await syncPayout(id)
      if (result.reconciliation === 'RECONCILED') reconciled += 1
    } catch (error) {
      logger.warn({ err: error, payoutId: id }, 'could not sync a payout')
      failed.push(id)
    }
  }
  if (failed.length > 0) throw new Error(`could not sync payouts ${failed.join(', ')}`)
  return { synced: ids.length, reconciled }
}

const PAGE_SIZE = 50
const LINES_PER_PAGE = 200

/** Newest first, keyset-paged on (created, id); each with its count of open exceptions. */
export async function listPayouts({ before }: { before?: string | null } = {}) {
  const anchor = before
    ? await prisma.payout.findUnique({
        where: { id: before },
        select: { id: true, stripeCreatedAt: true },
      })
    : null
  const rows = await prisma.payout.findMany({
    where: anchor
      ? {
          OR: [
            { stripeCreatedAt: { lt: anchor.stripeCreatedAt } },
            { stripeCreatedAt: anchor.stripeCreatedAt, id: { lt: anchor.id } },
          ],
        }
      : {},
    orderBy: [{ stripeCreatedAt: 'desc' }, { id: 'desc' }],
    take: PAGE_SIZE + 1,
    include: { _count: { select: { exceptions: { where: { status: 'OPEN' } } } } },
  })
  const page = rows.slice(0, PAGE_SIZE)
  return {
    payouts: page.map(({ _count, ...payout }) => ({
      ...payout,
      currency: payout.currency.trim(),
      openExceptions: _count.exceptions,
    })),
    nextBefore: rows.length > PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  }
}

/** A payout's statement page: the payout, one page of its lines with their gifts, exceptions. */
export async function getPayoutDetail(payoutId: string, page = 1) {
  const payout = await prisma.payout.findUnique({ where: { id: payoutId } })
  if (!payout) return null
  const currentPage = Math.max(1, Math.floor(page))
  const [lineCount, lines, exceptions, lineNet] = await Promise.all([
    prisma.balanceTransaction.count({ where: { payoutId } }),
    prisma.balanceTransaction.findMany({
      where: { payoutId },
      // The payout's own line last; otherwise in the order Stripe made them.
      orderBy: [{ stripeCreatedAt: 'asc' }, { id: 'asc' }],
      skip: (currentPage - 1) * LINES_PER_PAGE,
      take: LINES_PER_PAGE,
      include: {
        gift: { select: { id: true, amountMinor: true, currency: true } },
      },
    }),
    prisma.reconciliationException.findMany({
      where: { payoutId },
      orderBy: [{ status: 'asc' }, { createdAt: 'asc' }],
    }),
    prisma.balanceTransaction.aggregate({
      where: { payoutId, reportingCategory: { not: 'payout' } },
      _sum: { netMinor: true },
    }),
  ])
  const linesNetMinor = lineNet._sum.netMinor ?? 0
  return {
    payout: { ...payout, currency: payout.currency.trim() },
    linesNetMinor,
    differenceMinor: linesNetMinor - payout.amountMinor,
    lineCount,
    page: currentPage,
    pageCount: Math.max(1, Math.ceil(lineCount / LINES_PER_PAGE)),
    lines: lines.map((line) => ({
      ...line,
      currency: line.currency.trim(),
      exchangeRate: line.exchangeRate?.toString() ?? null,
      gift: line.gift ? { ...line.gift, currency: line.gift.currency.trim() } : null,
    })),
    exceptions,
  }
}

/** "Sync payouts now": queues the same job the schedule runs (the worker picks it up at once). */
export async function requestPayoutSync(ctx: {
  actor: AuditActor
  ipAddress: string | null
}): Promise<{ jobId: string }> {
  const jobId = await sendJob('payouts-sync', { days: 30, requestedById: ctx.actor.id })
  if (!jobId) throw new Error('the payouts-sync job was not queued')
  await recordAudit({
    actor: ctx.actor,
    action: 'payouts.sync',
    entityType: 'Job',
    entityId: jobId,
    after: { kind: 'payouts-sync', days: 30 },
    ipAddress: ctx.ipAddress,
  })
  return { jobId }
}
