import { describe, expect, test } from 'vitest'
import { journalCsv, journalFromTransactions } from './journal.server.ts'

const PAYOUT_DATE = new Date(Date.UTC(2026, 10, 23))

function parse(csv: string): string[][] {
  // Journal cells never hold commas or quotes except where quoted; good enough for these lines.
  return csv
    .trim()
    .split('\r\n')
    .map((line) => line.split(','))
}

describe('payout journal', () => {
  // A USD payout: two gifts to two funds, a partial refund, a lost dispute with its fee, a
  // separately billed Stripe fee and an unmatched adjustment. 100.00 + 50.00 gross.
  const transactions = [
    { reportingCategory: 'charge', amountMinor: 10000, feeMinor: 320, fund: 'RESCUE' as const },
    { reportingCategory: 'charge', amountMinor: 5000, feeMinor: 175, fund: 'NUTRITION' as const },
    { reportingCategory: 'refund', amountMinor: -2000, feeMinor: 0, fund: 'RESCUE' as const },
    {
      reportingCategory: 'dispute',
      amountMinor: -5000,
      feeMinor: 1500,
      fund: 'NUTRITION' as const,
    },
    { reportingCategory: 'other_adjustment', amountMinor: -250, feeMinor: 0, fund: null },
  ]
  const net = transactions.reduce((sum, t) => sum + t.amountMinor - t.feeMinor, 0)
  const payout = { id: 'po_test_1', amountMinor: net, currency: 'USD', date: PAYOUT_DATE }

  test('debits equal credits, with gross income by fund, fees, refunds, disputes and suspense', () => {
    const journal = journalFromTransactions(payout, [
      ...transactions,
      { reportingCategory: 'payout', amountMinor: -net, feeMinor: 0, fund: null },
    ])
    expect(net).toBe(5755)
    expect(journal.debitMinor).toBe(journal.creditMinor)
    const byAccount = Object.fromEntries(
      journal.lines.map((line) => [
        `${line.account.code} ${line.description}`,
        line.debitMinor - line.creditMinor,
      ]),
    )
    expect(byAccount).toEqual({
      '404 Stripe fees': 320 + 175 + 1500,
      '4010 Gifts (gross)': -10000,
      '4020 Gifts (gross)': -5000,
      '4010 Refunds to donors': 2000,
      '405 Card disputes': 5000,
      '899 Unmatched Stripe items': 250,
      '090 Stripe payout po_test_1': 5755,
    })
  })

  test('a payout that does not match its lines still balances, the difference in suspense', () => {
    const journal = journalFromTransactions({ ...payout, amountMinor: net - 1 }, transactions)
    expect(journal.debitMinor).toBe(journal.creditMinor)
    const difference = journal.lines.find((line) => line.description.startsWith('Difference'))
    expect(difference).toMatchObject({ debitMinor: 1, creditMinor: 0 })
  })

  test('Xero layout: signed amounts that sum to zero, dd/mm/yyyy, fund as tracking option', () => {
    const csv = journalCsv(journalFromTransactions(payout, transactions), 'xero')
    const [header, ...rows] = parse(csv)
    expect(header).toEqual([
      '*Narration',
      '*Date',
      'Description',
      '*AccountCode',
      '*TaxRate',
      '*Amount',
      'TrackingName1',
      'TrackingOption1',
    ])
    const cents = rows.map((row) => Math.round(Number(row[5]) * 100))
    expect(cents.reduce((a, b) => a + b, 0)).toBe(0)
    expect(rows.every((row) => row[1] === '23/11/2026')).toBe(true)
    expect(rows.find((row) => row[3] === '4010' && row[5] === '-100.00')?.slice(6)).toEqual([
      'Fund',
      'RESCUE',
    ])
  })

  test('QuickBooks layout: debit and credit columns that balance, MM/DD/YYYY', () => {
    const csv = journalCsv(journalFromTransactions(payout, transactions), 'quickbooks')
    const [header, ...rows] = parse(csv)
    expect(header?.slice(0, 6)).toEqual([
      'Journal No',
      'Journal Date',
      'Currency',
      'Account Name',
      'Debits',
      'Credits',
    ])
    const cents = (text: string | undefined) => (text ? Math.round(Number(text) * 100) : 0)
    const debits = rows.reduce((sum, row) => sum + cents(row[4]), 0)
    const credits = rows.reduce((sum, row) => sum + cents(row[5]), 0)
    expect(debits).toBe(credits)
    expect(debits).toBeGreaterThan(0)
    expect(rows.every((row) => row[1] === '11/23/2026' && row[2] === 'USD')).toBe(true)
    expect(rows.every((row) => !(row[4] && row[5]))).toBe(true)
  })

  test('KRW amounts have no decimals', () => {
    const krw = journalFromTransactions(
      { id: 'po_krw', amountMinor: 48200, currency: 'KRW', date: PAYOUT_DATE },
      [{ reportingCategory: 'charge', amountMinor: 50000, feeMinor: 1800, fund: 'SHELTER' }],
    )
    const rows = parse(journalCsv(krw, 'xero')).slice(1)
    expect(rows.map((row) => row[5]).sort()).toEqual(['-50000', '1800', '48200'])
  })
})
