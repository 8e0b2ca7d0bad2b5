/**
 * The accounting journal of one payout, by the gross-up method (stripe.md §4.3): gifts credited
 * gross to donations income by fund, refunds debited back to the same fund, Stripe's fees to bank
 * charges, dispute withdrawals to dispute losses, the payout to the bank, and anything we could
 * not match (or any difference between the lines and the payout) to a suspense account. Debits
 * always equal credits. Amounts are in the payout's (settlement) currency, in minor units.
 */
import type { Fund } from '#app/generated/prisma/enums.ts'
import { csvHeader, csvLine, csvNumber, csvText } from '#app/utils/csv.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ACCOUNTS, donationsIncome, type Account } from './accounts.ts'
import { toMajorString } from './money.ts'

export type JournalLine = {
  account: Account
  description: string
  /** Fund, for tracking categories / classes. */
  fund: Fund | null
  debitMinor: number
  creditMinor: number
}

export type PayoutJournal = {
  payoutId: string
  /** Stripe's payout status: only paid (or in transit) payouts belong in the books. */
  status: string
  currency: string
  date: Date
  narration: string
  lines: JournalLine[]
  debitMinor: number
  creditMinor: number
}

type TxnRow = {
  reportingCategory: string
  amountMinor: number
  feeMinor: number
  fund: Fund | null
}

export async function buildPayoutJournal(payoutId: string): Promise<PayoutJournal | null> {
  const payout = await prisma.payout.findUnique({
    where: { id: payoutId },
    select: { id: true, amountMinor: true, currency: true, arrivalDate: true, status: true },
  })
  if (!payout) return null
  // The fund of each line: through its gift, or the gift of its refund or dispute.
  const rows = await prisma.$queryRaw<TxnRow[]>`
    SELECT t."reportingCategory", t."amountMinor", t."feeMinor",
      COALESCE(cg."fund", cr."fund", cd."fund")::text AS "fund"
    FROM "BalanceTransaction" t
    LEFT JOIN "Gift" g ON g."id" = t."giftId"
    LEFT JOIN "Campaign" cg ON cg."id" = g."campaignId"
    LEFT JOIN "Refund" r ON r."id" = t."refundId"
    LEFT JOIN "Gift" rg ON rg."id" = r."giftId"
    LEFT JOIN "Campaign" cr ON cr."id" = rg."campaignId"
    LEFT JOIN "Dispute" d ON d."id" = t."disputeId"
    LEFT JOIN "Gift" dg ON dg."id" = d."giftId"
    LEFT JOIN "Campaign" cd ON cd."id" = dg."campaignId"
    WHERE t."payoutId" = ${payoutId}`
  return journalFromTransactions(
    {
      id: payout.id,
      amountMinor: payout.amountMinor,
      currency: payout.currency,
      date: payout.arrivalDate,
      status: payout.status,
    },
    rows,
  )
}

/** Pure: the journal from a payout and its balance transactions (exported for tests). */
export function journalFromTransactions(
  payout: { id: string; amountMinor: number; currency: string; date: Date; status?: string },
  transactions: TxnRow[],
): PayoutJournal {
  const sums = new Map<string, JournalLine>()
  const add = (
    key: string,
    account: Account,
    description: string,
    fund: Fund | null,
    amount: number,
  ) => {
    // Positive: debit; negative: credit.
    if (amount === 0) return
    const line = sums.get(key) ?? {
      account,
      description,
      fund,
      debitMinor: 0,
      creditMinor: 0,
    }
    if (amount > 0) line.debitMinor += amount
    else line.creditMinor += -amount
    sums.set(key, line)
  }

  let linesNet = 0
  for (const txn of transactions) {
    if (txn.reportingCategory === 'payout' || txn.reportingCategory === 'payout_reversal') continue
    linesNet += txn.amountMinor - txn.feeMinor
    add('fees', ACCOUNTS.bankCharges, 'Stripe fees', null, txn.feeMinor)
    const fund = txn.fund
    switch (txn.reportingCategory) {
      case 'charge':
        if (fund) {
          add(`gifts:${fund}`, donationsIncome(fund), 'Gifts (gross)', fund, -txn.amountMinor)
          continue
        }
        break
      case 'refund':
      case 'refund_failure':
        if (fund) {
          add(`refunds:${fund}`, donationsIncome(fund), 'Refunds to donors', fund, -txn.amountMinor)
          continue
        }
        break
      case 'dispute':
      case 'dispute_reversal':
        add('disputes', ACCOUNTS.disputeLosses, 'Card disputes', fund, -txn.amountMinor)
        continue
    }
    add('suspense', ACCOUNTS.suspense, 'Unmatched Stripe items', null, -txn.amountMinor)
  }
  add('bank', ACCOUNTS.bank, `Stripe payout ${payout.id}`, null, payout.amountMinor)
  // Lines that do not add up to the payout: the difference waits in suspense until reconciled.
  add(
    'difference',
    ACCOUNTS.suspense,
    'Difference between payout and its lines',
    null,
    linesNet - payout.amountMinor,
  )

  // One side per line: a fund's refund that failed and came back nets against its refunds.
  const lines = [...sums.values()]
    .map((line) => {
      const net = line.debitMinor - line.creditMinor
      return { ...line, debitMinor: Math.max(net, 0), creditMinor: Math.max(-net, 0) }
    })
    .filter((line) => line.debitMinor !== 0 || line.creditMinor !== 0)
  return {
    payoutId: payout.id,
    status: payout.status ?? 'paid',
    currency: payout.currency,
    date: payout.date,
    narration: `Stripe payout ${payout.id}`,
    lines,
    debitMinor: lines.reduce((sum, line) => sum + line.debitMinor, 0),
    creditMinor: lines.reduce((sum, line) => sum + line.creditMinor, 0),
  }
}

export type JournalFormat = 'xero' | 'quickbooks'

function day(date: Date, format: JournalFormat): string {
  const [y, m, d] = date.toISOString().slice(0, 10).split('-')
  // Xero: dd/mm/yyyy; QuickBooks Online (US): MM/DD/YYYY.
  return format === 'xero' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`
}

/**
 * Xero's manual journal import (one signed Amount: positive debit, negative credit; tracking
 * category "Fund"), or QuickBooks Online's journal entry import (Debits and Credits columns,
 * accounts by name, fund as Class). One journal per file, which balances.
 */
export function journalCsv(journal: PayoutJournal, format: JournalFormat): string {
  const amount = (minor: number) => csvNumber(toMajorString(minor, journal.currency))
  if (format === 'xero') {
    const header = csvHeader([
      '*Narration',
      '*Date',
      'Description',
      '*AccountCode',
      '*TaxRate',
      '*Amount',
      'TrackingName1',
      'TrackingOption1',
    ])
    return (
      header +
      journal.lines
        .map((line) =>
          csvLine([
            csvText(journal.narration),
            day(journal.date, format),
            csvText(`${line.description} (${journal.currency})`),
            csvText(line.account.code),
            csvText('Tax Exempt'),
            amount(line.debitMinor - line.creditMinor),
            line.fund ? csvText('Fund') : '',
            csvText(line.fund),
          ]),
        )
        .join('')
    )
  }
  const header = csvHeader([
    'Journal No',
    'Journal Date',
    'Currency',
    'Account Name',
    'Debits',
    'Credits',
    'Description',
    'Class',
  ])
  return (
    header +
    journal.lines
      .map((line) =>
        csvLine([
          csvText(journal.payoutId),
          day(journal.date, format),
          csvText(journal.currency),
          csvText(line.account.name),
          line.debitMinor ? amount(line.debitMinor) : '',
          line.creditMinor ? amount(line.creditMinor) : '',
          csvText(line.description),
          csvText(line.fund),
        ]),
      )
      .join('')
  )
}
