import { describe, expect, test } from 'vitest'
import { classifyLine, summarise, type Line } from './reconcile.server.ts'

const PAYOUT = 'po_1'

function line(overrides: Partial<Line>): Line {
  return {
    id: 'txn_1',
    category: 'charge',
    type: 'charge',
    amountMinor: 4_500,
    feeMinor: 161,
    netMinor: 4_339,
    currency: 'USD',
    sourceId: 'ch_1',
    description: null,
    match: 'UNMATCHED',
    giftId: null,
    giftCurrency: null,
    giftAmountMinor: null,
    settlementAmountMinor: null,
    settlementCurrency: null,
    stripeFeeMinor: null,
    refundId: null,
    refundGiftId: null,
    refundAmountMinor: null,
    refundCurrency: null,
    disputeId: null,
    disputeGiftId: null,
    disputeAmountMinor: null,
    disputeCurrency: null,
    withdrawnMinor: null,
    disputeFeeMinor: null,
    reversedPayoutStatus: null,
    ...overrides,
  }
}

const gift = {
  giftId: 'g1',
  giftCurrency: 'USD',
  giftAmountMinor: 4_500,
  settlementAmountMinor: 4_500,
  settlementCurrency: 'USD',
  stripeFeeMinor: 161,
}

describe('classifyLine', () => {
  test('a charge that agrees with its gift is matched to it', () => {
    expect(classifyLine(line(gift), PAYOUT)).toMatchObject({
      match: 'MATCHED',
      giftId: 'g1',
      reason: null,
    })
  })

  test('a charge whose fee differs from the ledger is mismatched, saying both fees', () => {
    const result = classifyLine(line({ ...gift, stripeFeeMinor: 160 }), PAYOUT)
    expect(result.match).toBe('MISMATCHED')
    expect(result.giftId).toBe('g1')
    expect(result.reason).toBe("Stripe's fee is $1.61 but the ledger records $1.60.")
  })

  test('a converted gift without settlement figures cannot be checked', () => {
    const result = classifyLine(
      line({ ...gift, giftCurrency: 'KRW', settlementAmountMinor: null, settlementCurrency: null }),
      PAYOUT,
    )
    expect(result.match).toBe('MISMATCHED')
    expect(result.reason).toContain('no record of what it settled to')
  })

  test('a refund taking more than the ledger records is mismatched', () => {
    const result = classifyLine(
      line({
        category: 'refund',
        type: 'refund',
        amountMinor: -3_000,
        feeMinor: 0,
        netMinor: -3_000,
        sourceId: 're_1',
        refundId: 'r1',
        refundGiftId: 'g1',
        refundAmountMinor: 2_000,
        refundCurrency: 'USD',
      }),
      PAYOUT,
    )
    expect(result).toMatchObject({ match: 'MISMATCHED', refundId: 'r1', giftId: 'g1' })
    expect(result.reason).toContain(
      'Stripe took $30.00 for this refund but the ledger records $20.00',
    )
  })

  test('a dispute withdrawal is checked against the recorded withdrawal and fee', () => {
    const dispute = {
      category: 'dispute',
      type: 'adjustment',
      amountMinor: -2_500,
      feeMinor: 1_500,
      netMinor: -4_000,
      sourceId: 'du_1',
      disputeId: 'd1',
      disputeGiftId: 'g1',
      disputeAmountMinor: 2_500,
      disputeCurrency: 'USD',
    }
    expect(classifyLine(line(dispute), PAYOUT)).toMatchObject({ match: 'MATCHED', disputeId: 'd1' })
    const wrongFee = classifyLine(line({ ...dispute, disputeFeeMinor: 2_000 }), PAYOUT)
    expect(wrongFee.match).toBe('MISMATCHED')
    expect(wrongFee.reason).toContain(
      "Stripe's dispute fee is $15.00 but the ledger records $20.00",
    )
    expect(
      classifyLine(
        line({ ...dispute, category: 'dispute_reversal', amountMinor: 2_500, feeMinor: 0 }),
        PAYOUT,
      ),
    ).toMatchObject({ match: 'MATCHED' })
  })

  test('overhead by nature: Stripe fees, tax, the payout’s own line, a failed payout coming back', () => {
    for (const category of ['fee', 'tax']) {
      expect(classifyLine(line({ category, sourceId: null }), PAYOUT).match).toBe('OVERHEAD')
    }
    expect(classifyLine(line({ category: 'payout', sourceId: PAYOUT }), PAYOUT).match).toBe(
      'OVERHEAD',
    )
    expect(classifyLine(line({ category: 'payout', sourceId: 'po_other' }), PAYOUT).match).toBe(
      'UNMATCHED',
    )
    expect(
      classifyLine(
        line({ category: 'payout_reversal', sourceId: 'po_0', reversedPayoutStatus: 'failed' }),
        PAYOUT,
      ).match,
    ).toBe('OVERHEAD')
    expect(
      classifyLine(
        line({ category: 'payout_reversal', sourceId: 'po_0', reversedPayoutStatus: 'paid' }),
        PAYOUT,
      ).match,
    ).toBe('UNMATCHED')
  })

  test('anything unknown is unmatched with what Stripe said about it', () => {
    const result = classifyLine(
      line({
        category: 'other_adjustment',
        type: 'adjustment',
        amountMinor: -250,
        feeMinor: 0,
        netMinor: -250,
        sourceId: null,
        description: 'Manual balance adjustment',
      }),
      PAYOUT,
    )
    expect(result.match).toBe('UNMATCHED')
    expect(result.reason).toBe(
      'This other_adjustment line (adjustment) of -$2.50 belongs to no gift, refund or dispute: “Manual balance adjustment”.',
    )
  })
})

test('summarise: gross − fees − refunds − disputes + other equals the net of the lines', () => {
  const lines = [
    { category: 'charge', amountMinor: 10_000, feeMinor: 320, netMinor: 9_680 },
    { category: 'charge', amountMinor: 2_500, feeMinor: 103, netMinor: 2_397 },
    { category: 'refund', amountMinor: -3_000, feeMinor: 0, netMinor: -3_000 },
    { category: 'dispute', amountMinor: -2_500, feeMinor: 1_500, netMinor: -4_000 },
    { category: 'dispute_reversal', amountMinor: 1_000, feeMinor: 0, netMinor: 1_000 },
    { category: 'other_adjustment', amountMinor: -250, feeMinor: 0, netMinor: -250 },
    { category: 'payout', amountMinor: -5_827, feeMinor: 0, netMinor: -5_827 },
  ]
  const statement = summarise(lines)
  expect(statement).toEqual({
    chargesMinor: 12_500,
    feesMinor: 1_923,
    refundsMinor: 3_000,
    disputesMinor: 1_500,
    otherMinor: -250,
    linesNetMinor: 5_827,
  })
  const { chargesMinor, feesMinor, refundsMinor, disputesMinor, otherMinor } = statement
  expect(chargesMinor - feesMinor - refundsMinor - disputesMinor + otherMinor).toBe(5_827)
})
