/**
 * Payout reconciliation from stored rows only (stripe.md §4.3; docs/decisions/0010): every
 * balance transaction of a payout is matched to a gift, refund or dispute (or is overhead), the
 * payout's statement is summed, and anything that does not agree becomes an exception with a
 * stable key. Set-based: one read of the lines with their ledger rows, one batched update, one
 * batched upsert of exceptions, whatever the number of lines (10,000 in the benchmark).
 */
import { randomUUID } from 'node:crypto'
import type { MatchStatus, ReconciliationStatus } from '#app/generated/prisma/client.ts'
import { formatMoney, isCurrencyCode } from '#app/modules/ledger/money.ts'
import { prisma } from '#app/utils/db.server.ts'

export type Line = {
  id: string
  category: string
  type: string
  amountMinor: number
  feeMinor: number
  netMinor: number
  currency: string
  sourceId: string | null
  description: string | null
  match: MatchStatus
  giftId: string | null
  giftCurrency: string | null
  giftAmountMinor: number | null
  settlementAmountMinor: number | null
  settlementCurrency: string | null
  stripeFeeMinor: number | null
  refundId: string | null
  refundGiftId: string | null
  refundAmountMinor: number | null
  refundCurrency: string | null
  disputeId: string | null
  disputeGiftId: string | null
  disputeAmountMinor: number | null
  disputeCurrency: string | null
  withdrawnMinor: number | null
  disputeFeeMinor: number | null
  reversedPayoutStatus: string | null
}

export type Classified = {
  match: MatchStatus
  giftId: string | null
  refundId: string | null
  disputeId: string | null
  /** Why the line is UNMATCHED or MISMATCHED, in words for finance. */
  reason: string | null
}

export type Statement = {
  chargesMinor: number
  feesMinor: number
  refundsMinor: number
  disputesMinor: number
  otherMinor: number
  /** Sum of `net` over the lines that are not the payout's own line. */
  linesNetMinor: number
}

export type ReconcileResult = Statement & {
  payoutId: string
  currency: string
  amountMinor: number
  reconciliation: ReconciliationStatus
  reconciledAt: Date | null
  /** The payout's own line is among the lines (Stripe listed them all). */
  complete: boolean
  differenceMinor: number
  openExceptions: number
}

const FAILED_STATUSES = new Set(['failed', 'canceled'])

/** Money in words for reasons; a currency we do not know is shown as code and minor units. */
export function money(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase()
  return isCurrencyCode(code) ? formatMoney(amountMinor, code) : `${amountMinor} ${code} (minor)`
}

const matched = (ids: Partial<Classified>): Classified => ({
  match: 'MATCHED',
  giftId: null,
  refundId: null,
  disputeId: null,
  reason: null,
  ...ids,
})

const unmatched = (reason: string): Classified => ({
  match: 'UNMATCHED',
  giftId: null,
  refundId: null,
  disputeId: null,
  reason,
})

function mismatched(base: Classified, reasons: string[]): Classified {
  return reasons.length === 0 ? base : { ...base, match: 'MISMATCHED', reason: reasons.join(' ') }
}

function classifyCharge(line: Line): Classified {
  if (!line.giftId) {
    return unmatched(
      `No gift in the ledger has Stripe charge ${line.sourceId ?? '(none)'} (${money(line.amountMinor, line.currency)}).`,
    )
  }
  const base = matched({ giftId: line.giftId })
  const problems: string[] = []
  const giftCurrency = line.giftCurrency ?? ''
  let expected: number | null = null
  if (line.settlementAmountMinor != null && line.settlementCurrency != null) {
    if (line.settlementCurrency !== line.currency) {
      problems.push(
        `Our gift settled in ${line.settlementCurrency} but Stripe's line is in ${line.currency}.`,
      )
    } else expected = line.settlementAmountMinor
  } else if (giftCurrency === line.currency) {
    expected = line.giftAmountMinor
  } else {
    problems.push(
      `The gift is in ${giftCurrency} and we have no record of what it settled to, so the ${line.currency} amount cannot be checked.`,
    )
  }
  if (expected != null && expected !== line.amountMinor) {
    problems.push(
      `Stripe settled ${money(line.amountMinor, line.currency)} but the ledger records ${money(expected, line.currency)}.`,
    )
  }
  if (line.stripeFeeMinor != null && line.stripeFeeMinor !== line.feeMinor) {
    problems.push(
      `Stripe's fee is ${money(line.feeMinor, line.currency)} but the ledger records ${money(line.stripeFeeMinor, line.currency)}.`,
    )
  }
  return mismatched(base, problems)
}

function classifyRefund(line: Line): Classified {
  if (!line.refundId) {
    return unmatched(
      `No refund in the ledger has Stripe id ${line.sourceId ?? '(none)'} (${money(line.amountMinor, line.currency)}).`,
    )
  }
  const base = matched({ giftId: line.refundGiftId, refundId: line.refundId })
  // A converted refund settles at Stripe's rate; only a same-currency refund can be compared.
  if (line.refundCurrency === line.currency && line.refundAmountMinor !== -line.amountMinor) {
    return mismatched(base, [
      `Stripe took ${money(-line.amountMinor, line.currency)} for this refund but the ledger records ${money(line.refundAmountMinor ?? 0, line.currency)}.`,
    ])
  }
  return base
}

function classifyDispute(line: Line): Classified {
  if (!line.disputeId) {
    return unmatched(
      `No dispute in the ledger has Stripe id ${line.sourceId ?? '(none)'} (${money(line.amountMinor, line.currency)}).`,
    )
  }
  const base = matched({ giftId: line.disputeGiftId, disputeId: line.disputeId })
  const problems: string[] = []
  const moved = line.category === 'dispute' ? -line.amountMinor : line.amountMinor
  const expected =
    line.withdrawnMinor ?? (line.disputeCurrency === line.currency ? line.disputeAmountMinor : null)
  if (expected != null && expected !== moved) {
    problems.push(
      `Stripe moved ${money(moved, line.currency)} for this dispute but the ledger records ${money(expected, line.currency)}.`,
    )
  }
  if (line.category === 'dispute' && line.disputeFeeMinor != null) {
    if (line.disputeFeeMinor !== line.feeMinor) {
      problems.push(
        `Stripe's dispute fee is ${money(line.feeMinor, line.currency)} but the ledger records ${money(line.disputeFeeMinor, line.currency)}.`,
      )
    }
  }
  return mismatched(base, problems)
}

/** What a line is, from its reporting category (stripe.md §4.1) and the ledger rows it names. */
export function classifyLine(line: Line, payoutId: string): Classified {
  switch (line.category) {
    case 'charge':
      return classifyCharge(line)
    case 'refund':
      return classifyRefund(line)
    case 'dispute':
    case 'dispute_reversal':
      return classifyDispute(line)
    case 'fee':
    case 'tax':
      return matched({ match: 'OVERHEAD' })
    case 'payout':
      return line.sourceId === payoutId
        ? matched({ match: 'OVERHEAD' })
        : unmatched(`A payout line of another payout (${line.sourceId ?? 'unknown'}).`)
    case 'payout_reversal':
      // A failed payout's money coming back into the balance, swept into a later payout.
      return line.reversedPayoutStatus && FAILED_STATUSES.has(line.reversedPayoutStatus)
        ? matched({ match: 'OVERHEAD' })
        : unmatched(
            `Money returned from payout ${line.sourceId ?? 'unknown'}, which we do not know as failed.`,
          )
    default:
      return unmatched(
        `This ${line.category} line (${line.type}) of ${money(line.amountMinor, line.currency)} belongs to no gift, refund or dispute${line.description ? `: “${line.description}”` : ''}.`,
      )
  }
}

/** The payout's statement: charges − fees − refunds − disputes + other = net of the lines. */
export function summarise(
  lines: Array<Pick<Line, 'category' | 'amountMinor' | 'feeMinor' | 'netMinor'>>,
): Statement {
  const statement: Statement = {
    chargesMinor: 0,
    feesMinor: 0,
    refundsMinor: 0,
    disputesMinor: 0,
    otherMinor: 0,
    linesNetMinor: 0,
  }
  for (const line of lines) {
    if (line.category === 'payout') continue
    statement.feesMinor += line.feeMinor
    statement.linesNetMinor += line.netMinor
    if (line.category === 'charge') statement.chargesMinor += line.amountMinor
    else if (line.category === 'refund') statement.refundsMinor -= line.amountMinor
    else if (line.category === 'dispute' || line.category === 'dispute_reversal')
      statement.disputesMinor -= line.amountMinor
    else statement.otherMinor += line.amountMinor
  }
  return statement
}

type Problem = { key: string; balanceTransactionId: string | null; reason: string }

async function readLines(tx: Tx, payoutId: string): Promise<Line[]> {
  return tx.$queryRaw<Line[]>`
    SELECT bt."id", bt."reportingCategory" AS "category", bt."type", bt."amountMinor",
      bt."feeMinor", bt."netMinor", btrim(bt."currency") AS "currency", bt."sourceId",
      bt."description", bt."match",
      g."id" AS "giftId", btrim(g."currency") AS "giftCurrency", g."amountMinor" AS "giftAmountMinor",
      g."settlementAmountMinor", btrim(g."settlementCurrency") AS "settlementCurrency",
      g."stripeFeeMinor",
      r."id" AS "refundId", r."giftId" AS "refundGiftId", r."amountMinor" AS "refundAmountMinor",
      btrim(r."currency") AS "refundCurrency",
      d."id" AS "disputeId", d."giftId" AS "disputeGiftId", d."amountMinor" AS "disputeAmountMinor",
      btrim(d."currency") AS "disputeCurrency", d."withdrawnMinor", d."feeMinor" AS "disputeFeeMinor",
      p."status" AS "reversedPayoutStatus"
    FROM "BalanceTransaction" bt
    LEFT JOIN "Gift" g ON bt."reportingCategory" = 'charge' AND g."stripeChargeId" = bt."sourceId"
    LEFT JOIN "Refund" r ON bt."reportingCategory" = 'refund' AND r."stripeRefundId" = bt."sourceId"
    LEFT JOIN "Dispute" d ON bt."reportingCategory" IN ('dispute', 'dispute_reversal')
      AND d."stripeDisputeId" = bt."sourceId"
    LEFT JOIN "Payout" p ON bt."reportingCategory" = 'payout_reversal' AND p."id" = bt."sourceId"
    WHERE bt."payoutId" = ${payoutId}`
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]

/** One UPDATE for all lines whose match or links changed (MANUAL lines are finance's). */
async function writeMatches(
  tx: Tx,
  changes: Array<{ id: string } & Omit<Classified, 'reason'>>,
): Promise<void> {
  if (changes.length === 0) return
  await tx.$executeRaw`
    UPDATE "BalanceTransaction" AS bt SET "match" = c."match"::"MatchStatus",
      "giftId" = c."giftId", "refundId" = c."refundId", "disputeId" = c."disputeId"
    FROM unnest(${changes.map((c) => c.id)}::text[], ${changes.map((c) => c.match)}::text[],
      ${changes.map((c) => c.giftId)}::text[], ${changes.map((c) => c.refundId)}::text[],
      ${changes.map((c) => c.disputeId)}::text[])
      AS c("id", "match", "giftId", "refundId", "disputeId")
    WHERE bt."id" = c."id" AND bt."match" <> 'MANUAL'`
}

/**
 * Opens (or keeps open) one exception per problem, never twice (unique key). One that was
 * resolved automatically reopens if the problem comes back; one finance resolved stays resolved.
 * Open exceptions of this payout whose problem is gone are resolved with resolution 'auto'.
 */
async function writeExceptions(tx: Tx, payoutId: string, problems: Problem[]): Promise<void> {
  if (problems.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "ReconciliationException" ("id", "key", "payoutId", "balanceTransactionId",
        "reason", "status")
      SELECT p."id", p."key", ${payoutId}, p."txn", p."reason", 'OPEN'
      FROM unnest(${problems.map(() => randomUUID())}::text[], ${problems.map((p) => p.key)}::text[],
        ${problems.map((p) => p.balanceTransactionId)}::text[], ${problems.map((p) => p.reason)}::text[])
        AS p("id", "key", "txn", "reason")
      ON CONFLICT ("key") DO UPDATE SET "reason" = EXCLUDED."reason",
        "status" = CASE WHEN "ReconciliationException"."resolution" = 'auto' THEN 'OPEN'::"ExceptionStatus"
          ELSE "ReconciliationException"."status" END,
        "resolution" = CASE WHEN "ReconciliationException"."resolution" = 'auto' THEN NULL
          ELSE "ReconciliationException"."resolution" END,
        "resolvedAt" = CASE WHEN "ReconciliationException"."resolution" = 'auto' THEN NULL
          ELSE "ReconciliationException"."resolvedAt" END`
  }
  await tx.$executeRaw`
    UPDATE "ReconciliationException" SET "status" = 'RESOLVED', "resolution" = 'auto',
      "resolvedAt" = now()
    WHERE "payoutId" = ${payoutId} AND "status" = 'OPEN'
      AND NOT ("key" = ANY(${problems.map((p) => p.key)}::text[]))`
}

/**
 * Matches a payout's stored lines, writes its statement and exceptions, and sets its
 * reconciliation: RECONCILED only when paid, complete, balanced to the cent and with no open
 * exception; PENDING while not paid (a failed payout stays PENDING for ever) or while its lines
 * are incomplete (the payout's own line missing); EXCEPTIONS otherwise. Safe to re-run.
 */
export async function reconcilePayout(payoutId: string): Promise<ReconcileResult> {
  return prisma.$transaction(
    async (tx) => {
      // Webhooks and the schedule can reconcile one payout at once; take turns.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`reconcile:${payoutId}`}))`
      const payout = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } })
      const lines = await readLines(tx, payoutId)
      const problems: Problem[] = []
      const changes: Array<{ id: string } & Omit<Classified, 'reason'>> = []
      for (const line of lines) {
        if (line.match === 'MANUAL') continue
        const result = classifyLine(line, payoutId)
        changes.push({
          id: line.id,
          match: result.match,
          giftId: result.giftId,
          refundId: result.refundId,
          disputeId: result.disputeId,
        })
        if (result.reason) {
          problems.push({
            key: `${payoutId}:${line.id}:${result.match.toLowerCase()}`,
            balanceTransactionId: line.id,
            reason: result.reason,
          })
        }
      }
      await writeMatches(tx, changes)

      const statement = summarise(lines)
      const currency = payout.currency.trim()
      const complete = lines.some(
        (line) =>
          line.category === 'payout' &&
          (line.id === payout.stripeBalanceTransactionId || line.sourceId === payoutId),
      )
      const differenceMinor = statement.linesNetMinor - payout.amountMinor
      const failed = FAILED_STATUSES.has(payout.status)
      if (failed) {
        problems.push({
          key: `${payoutId}:failed`,
          balanceTransactionId: null,
          reason: `Stripe reports this payout ${payout.status}${payout.failureCode ? ` (${payout.failureCode}: ${payout.failureMessage ?? 'no message'})` : ''}. The money went back to the Stripe balance and goes into a later payout; check the bank details.`,
        })
      } else if (lines.length > 0 && !complete && payout.status === 'paid') {
        problems.push({
          key: `${payoutId}:balance`,
          balanceTransactionId: null,
          reason: `Stripe listed ${lines.length} balance transactions for this payout but not the payout's own line, so the list is incomplete. Sync the payout again.`,
        })
      } else if (complete && differenceMinor !== 0) {
        problems.push({
          key: `${payoutId}:balance`,
          balanceTransactionId: null,
          reason: `The lines sum to ${money(statement.linesNetMinor, currency)} but the payout is ${money(payout.amountMinor, currency)} (difference ${money(differenceMinor, currency)}).`,
        })
      }
      await writeExceptions(tx, payoutId, problems)

      const openExceptions = await tx.reconciliationException.count({
        where: { payoutId, status: 'OPEN' },
      })
      let reconciliation: ReconciliationStatus
      if (failed || payout.status !== 'paid' || !complete) reconciliation = 'PENDING'
      else if (differenceMinor === 0 && openExceptions === 0) reconciliation = 'RECONCILED'
      else reconciliation = 'EXCEPTIONS'
      const reconciledAt =
        reconciliation === 'RECONCILED' ? (payout.reconciledAt ?? new Date()) : null
      await tx.payout.update({
        where: { id: payoutId },
        data: {
          chargesMinor: statement.chargesMinor,
          feesMinor: statement.feesMinor,
          refundsMinor: statement.refundsMinor,
          disputesMinor: statement.disputesMinor,
          otherMinor: statement.otherMinor,
          reconciliation,
          reconciledAt,
        },
      })
      return {
        payoutId,
        currency,
        amountMinor: payout.amountMinor,
        ...statement,
        reconciliation,
        reconciledAt,
        complete,
        differenceMinor,
        openExceptions,
      }
    },
    { timeout: 60_000, maxWait: 30_000 },
  )
}
