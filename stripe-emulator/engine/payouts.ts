import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { newId } from '../ids.ts'
import { formatMinor } from '../money.ts'
import { invalidRequest } from '../wire.ts'
import { addBalanceTransaction } from './balance.ts'

/**
 * Automatic payouts (reference §4.2), run by the control API: everything not yet paid out in
 * one currency goes into one payout, and each of those balance transactions is linked to it, so
 * `GET /v1/balance_transactions?payout=po_…` lists exactly the payout's lines (its own `payout`
 * line included) and their `net` sums to zero.
 */

const DAY_SECONDS = 24 * 60 * 60

/** Stripe's payout failure codes the control API can simulate, with their messages. */
export const PAYOUT_FAILURES: Record<string, string> = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account has been frozen.',
  could_not_process: 'The bank could not process this payout.',
  declined: 'The bank has declined this transfer. Please contact the bank before retrying.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  invalid_account_number: 'The routing number seems correct, but the account number is invalid.',
  no_account:
    'The bank account details on file are probably incorrect. No bank account could be located with those details.',
}

/** The unmatched adjustment injected with `unmatched: true`: 2.50 (or 250 JPY/KRW) withdrawn. */
export const UNMATCHED_ADJUSTMENT_MINOR = -250

export interface PayoutInput {
  currency: string
  /** Fail the payout (after `payout.created`) with this failure code. */
  failureCode?: string
  /** Add an `adjustment` line that belongs to no gift before sweeping. */
  unmatched?: boolean
  /** Leave the payout `in_transit` until the clock reaches its `arrival_date`. */
  inTransit?: boolean
}

/**
 * Sweeps every balance transaction in `input.currency` that no payout has taken yet into a new
 * automatic payout. Pending funds are treated as available: they become available now (their
 * `available_on` moves to the payout's creation), so tests need not advance the clock first.
 */
export function runPayout(emu: Emulator, input: PayoutInput): Stripe.Payout {
  const { store } = emu
  const { currency } = input
  if (input.failureCode !== undefined && !Object.hasOwn(PAYOUT_FAILURES, input.failureCode)) {
    throw invalidRequest(
      `Unknown payout failure code ${input.failureCode}; use one of ${Object.keys(PAYOUT_FAILURES).join(', ')}.`,
      'failure_code',
    )
  }
  const unpaid = () =>
    store.balanceTransactions
      .list()
      .filter(
        (transaction) =>
          transaction.currency === currency && !store.payoutOfTransaction.has(transaction.id),
      )
  const total =
    unpaid().reduce((sum, transaction) => sum + transaction.net, 0) +
    (input.unmatched ? UNMATCHED_ADJUSTMENT_MINOR : 0)
  if (total <= 0) {
    throw invalidRequest(
      `The ${currency.toUpperCase()} balance to pay out is ${formatMinor(total, currency)}; a payout needs a positive balance.`,
      'currency',
    )
  }
  if (input.unmatched) {
    addBalanceTransaction(emu, {
      amount: UNMATCHED_ADJUSTMENT_MINOR,
      currency,
      exchange_rate: null,
      type: 'adjustment',
      reporting_category: 'other_adjustment',
      source: null,
      description: 'Manual balance adjustment (emulator: belongs to no gift)',
    })
  }
  const now = emu.now()
  const lines = unpaid()
  for (const line of lines) {
    if (line.status === 'pending') {
      line.status = 'available'
      line.available_on = now
    }
  }
  const payout = store.payouts.add({
    id: newId('po'),
    object: 'payout',
    amount: total,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: (Math.floor(now / DAY_SECONDS) + 2) * DAY_SECONDS,
    automatic: true,
    balance_transaction: null,
    created: now,
    currency,
    description: 'STRIPE PAYOUT',
    destination: store.bankAccount,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'in_progress',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: 'in_transit',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  })
  const own = addBalanceTransaction(emu, {
    amount: -total,
    currency,
    exchange_rate: null,
    type: 'payout',
    reporting_category: 'payout',
    source: payout.id,
    description: 'STRIPE PAYOUT',
  })
  payout.balance_transaction = own.id
  for (const line of [...lines, own]) store.payoutOfTransaction.set(line.id, payout.id)
  emit(emu, 'payout.created', payout)
  if (input.failureCode !== undefined) failPayout(emu, payout, input.failureCode)
  else if (!input.inTransit) payPayout(emu, payout)
  return payout
}

/** The payout reached the bank: `payout.updated`, `payout.paid`, `payout.reconciliation_completed`. */
export function payPayout(emu: Emulator, payout: Stripe.Payout): void {
  const previous = previousValues(payout, ['status', 'reconciliation_status', 'trace_id'])
  payout.status = 'paid'
  payout.reconciliation_status = 'completed'
  payout.trace_id = { status: 'supported', value: newId('trace').slice('trace_'.length) }
  emit(emu, 'payout.updated', payout, previous)
  emit(emu, 'payout.paid', payout)
  emit(emu, 'payout.reconciliation_completed', payout)
}

/**
 * The bank returned the payout: a `payout_failure` balance transaction puts the money back
 * (it belongs to no payout yet, so the next payout sweeps it), then `payout.updated` and
 * `payout.failed`. The failed payout keeps its original lines.
 */
export function failPayout(emu: Emulator, payout: Stripe.Payout, failureCode: string): void {
  const returned = addBalanceTransaction(emu, {
    amount: payout.amount,
    currency: payout.currency,
    exchange_rate: null,
    type: 'payout_failure',
    reporting_category: 'payout_reversal',
    source: payout.id,
    description: 'STRIPE PAYOUT FAILURE',
  })
  const previous = previousValues(payout, [
    'status',
    'failure_code',
    'failure_message',
    'failure_balance_transaction',
  ])
  payout.status = 'failed'
  payout.failure_code = failureCode
  payout.failure_message = PAYOUT_FAILURES[failureCode] ?? null
  payout.failure_balance_transaction = returned.id
  emit(emu, 'payout.updated', payout, previous)
  emit(emu, 'payout.failed', payout)
}
