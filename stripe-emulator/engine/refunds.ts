import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { newId } from '../ids.ts'
import { formatMinor } from '../money.ts'
import { invalidRequest } from '../wire.ts'
import { refundBalanceTransaction } from './charges.ts'
import { isChargedBack } from './disputes.ts'

export interface RefundInput {
  amount: number | undefined
  reason: Stripe.Refund.Reason | null
  metadata: Record<string, string>
}

/**
 * Refunds all or part of a succeeded charge. Partial refunds may repeat until the charge is
 * fully refunded; asking for more than remains is refused like Stripe does.
 */
export function refundCharge(
  emu: Emulator,
  charge: Stripe.Charge,
  input: RefundInput,
): Stripe.Refund {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(
      `Charge ${charge.id} has status ${charge.status}; only succeeded charges can be refunded.`,
      'charge',
    )
  }
  if (isChargedBack(emu, charge)) {
    throw invalidRequest(
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      undefined,
      'charge_disputed',
    )
  }
  const remaining = charge.amount - charge.amount_refunded
  if (remaining === 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      'charge',
      'charge_already_refunded',
    )
  }
  const amount = input.amount ?? remaining
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatMinor(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMinor(remaining, charge.currency)})`,
      'amount',
    )
  }
  const id = newId('re')
  const refund = emu.store.refunds.add({
    id,
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: emu.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    metadata: input.metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  })
  refund.balance_transaction = refundBalanceTransaction(emu, refund, charge).id
  emit(emu, 'refund.created', refund)
  const previous = previousValues(charge, ['amount_refunded', 'refunded'])
  charge.amount_refunded += amount
  charge.refunded = charge.amount_refunded === charge.amount
  emit(emu, 'charge.refunded', charge, previous)
  return refund
}
