import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { newId } from '../ids.ts'
import { processingFeeMinor } from '../money.ts'
import type { SavedPaymentMethod } from '../store.ts'
import { addBalanceTransaction, chargeSettlementCurrency, toBalanceCurrency } from './balance.ts'
import type { Decline } from './test-cards.ts'

const TWO_DAYS_SECONDS = 2 * 24 * 60 * 60

function methodDetails(method: SavedPaymentMethod): Stripe.Charge.PaymentMethodDetails {
  if (method.type === 'sepa_debit') {
    return {
      type: 'sepa_debit',
      sepa_debit: {
        bank_code: method.iban.slice(4, 12),
        branch_code: '',
        country: method.iban.slice(0, 2),
        fingerprint: newId('fp'),
        last4: method.iban.slice(-4),
        mandate: newId('mandate'),
      },
    }
  }
  return {
    type: 'card',
    card: {
      amount_authorized: null,
      authorization_code: null,
      brand: method.test.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: method.test.country,
      electronic_commerce_indicator: null,
      exp_month: method.card.expMonth,
      exp_year: method.card.expYear,
      fingerprint: newId('fp'),
      funding: method.test.funding,
      installments: null,
      last4: method.card.number.slice(-4),
      mandate: null,
      network: method.test.brand,
      network_transaction_id: null,
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
  }
}

export type ChargeOutcome =
  { status: 'succeeded' | 'pending' } | { status: 'failed'; decline: Decline }

function outcomeOf(result: ChargeOutcome): Stripe.Charge.Outcome {
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null }
  if (result.status !== 'failed') {
    return {
      ...base,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    }
  }
  const blocked = result.decline.outcome === 'blocked'
  return {
    ...base,
    network_status: blocked ? 'not_sent_to_network' : 'declined_by_network',
    reason: result.decline.declineCode,
    risk_level: blocked ? 'highest' : 'normal',
    seller_message: blocked
      ? 'Stripe blocked this payment as too risky.'
      : 'The bank did not return any further details with this decline.',
    type: result.decline.outcome,
  }
}

/** A charge for `intent`, with the event Stripe sends for its status. */
export function createCharge(
  emu: Emulator,
  intent: Stripe.PaymentIntent,
  method: SavedPaymentMethod,
  result: ChargeOutcome,
): Stripe.Charge {
  const failed = result.status === 'failed'
  const id = newId('ch')
  const charge = emu.store.charges.add({
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: result.status === 'succeeded' ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: {
      address: null,
      email: method.donor.email,
      name: method.donor.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'LANTERN',
    captured: result.status === 'succeeded',
    created: emu.now(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? result.decline.code : null,
    failure_message: failed ? result.decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: outcomeOf(result),
    paid: result.status === 'succeeded',
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: methodDetails(method),
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: failed ? null : emu.url(`/receipts/${id}`),
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: intent.statement_descriptor,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    status: result.status,
    transfer_data: null,
    transfer_group: null,
  })
  emit(emu, `charge.${result.status}`, charge)
  return charge
}

/**
 * Settles a charge into the balance. Stripe captures asynchronously by default, so the
 * balance transaction appears after `charge.succeeded`, announced by `charge.updated`
 * (reference §0 item 5). A charge in another currency than the account's settlement currency is
 * converted first; the fee is computed on the converted amount.
 */
export function settleIntoBalance(emu: Emulator, charge: Stripe.Charge): Stripe.BalanceTransaction {
  const settled = toBalanceCurrency(emu, charge.amount, charge.currency)
  const transaction = addBalanceTransaction(emu, {
    ...settled,
    type: 'charge',
    reporting_category: 'charge',
    source: charge.id,
    description: charge.description,
    fees: [
      {
        amount: processingFeeMinor(settled.amount, settled.currency),
        description: 'Stripe processing fees',
      },
    ],
    availableAfter: TWO_DAYS_SECONDS,
  })
  const previous = previousValues(charge, ['balance_transaction'])
  charge.balance_transaction = transaction.id
  emit(emu, 'charge.updated', charge, previous)
  return transaction
}

/**
 * Refund transactions leave the balance at once, in the currency the charge settled in; Stripe
 * keeps the original fee.
 */
export function refundBalanceTransaction(
  emu: Emulator,
  refund: Stripe.Refund,
  charge: Stripe.Charge,
): Stripe.BalanceTransaction {
  return addBalanceTransaction(emu, {
    ...toBalanceCurrency(
      emu,
      -refund.amount,
      refund.currency,
      chargeSettlementCurrency(emu, charge),
    ),
    type: 'refund',
    reporting_category: 'refund',
    source: refund.id,
    description: 'REFUND FOR CHARGE',
  })
}

/** Balance transactions whose `available_on` has passed become available. */
export function releaseAvailableFunds(emu: Emulator): void {
  const now = emu.now()
  for (const transaction of emu.store.balanceTransactions.values()) {
    if (transaction.status === 'pending' && transaction.available_on <= now) {
      transaction.status = 'available'
    }
  }
}
