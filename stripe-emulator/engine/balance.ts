import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { newId } from '../ids.ts'
import { convertMinor } from '../money.ts'

/**
 * The account balance: every money movement (charge, refund, dispute, payout, adjustment) is a
 * balance transaction in the settlement currency (reference §4.1, §4.5).
 */

export interface SettledAmount {
  amount: number
  currency: string
  exchange_rate: number | null
}

/**
 * `amount` minor units of `currency` as they land in the balance: unchanged when they settle in
 * their own currency, otherwise converted at the fixed test rates (rounded half up to the
 * settlement currency's minor unit) with `exchange_rate` set. `settleIn` defaults to the
 * account's settlement currency; refunds and disputes pass the currency of the charge's own
 * balance transaction so that they always settle where the charge did.
 */
export function toBalanceCurrency(
  emu: Emulator,
  amount: number,
  currency: string,
  settleIn: string | null = emu.account.settlementCurrency,
): SettledAmount {
  if (settleIn === null || settleIn === currency) {
    return { amount, currency, exchange_rate: null }
  }
  const conversion = convertMinor(amount, currency, settleIn, emu.usdPerUnit)
  return {
    amount: conversion.amountMinor,
    currency: settleIn,
    exchange_rate: conversion.exchangeRate,
  }
}

/** The settlement currency of a charge: that of its balance transaction, once it has one. */
export function chargeSettlementCurrency(emu: Emulator, charge: Stripe.Charge): string | null {
  const id = charge.balance_transaction
  if (typeof id !== 'string') return emu.account.settlementCurrency
  return emu.store.balanceTransactions.get(id)?.currency ?? emu.account.settlementCurrency
}

export interface FeeLine {
  amount: number
  description: string
}

export interface BalanceTransactionInput extends SettledAmount {
  type: Stripe.BalanceTransaction.Type
  reporting_category: string
  source: string | null
  description: string | null
  fees?: FeeLine[]
  /** Seconds until the funds are available; 0 (the default) makes them available at once. */
  availableAfter?: number
}

/** Records a balance transaction; `net` is `amount` minus the fees. */
export function addBalanceTransaction(
  emu: Emulator,
  input: BalanceTransactionInput,
): Stripe.BalanceTransaction {
  const now = emu.now()
  const fees = input.fees ?? []
  const fee = fees.reduce((sum, line) => sum + line.amount, 0)
  const availableAfter = input.availableAfter ?? 0
  return emu.store.balanceTransactions.add({
    id: newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: now + availableAfter,
    balance_type: 'payments',
    created: now,
    currency: input.currency,
    description: input.description,
    exchange_rate: input.exchange_rate,
    fee,
    fee_details: fees.map((line) => ({
      amount: line.amount,
      application: null,
      currency: input.currency,
      description: line.description,
      type: 'stripe_fee',
    })),
    net: input.amount - fee,
    reporting_category: input.reporting_category,
    source: input.source,
    status: availableAfter > 0 ? 'pending' : 'available',
    type: input.type,
  })
}

/** `GET /v1/balance`: the sum of `net` per currency, split into available and pending. */
export function accountBalance(emu: Emulator): Stripe.Balance {
  const totals = new Map<string, { available: number; pending: number }>()
  for (const transaction of emu.store.balanceTransactions.list()) {
    const total = totals.get(transaction.currency) ?? { available: 0, pending: 0 }
    if (transaction.status === 'available') total.available += transaction.net
    else total.pending += transaction.net
    totals.set(transaction.currency, total)
  }
  if (totals.size === 0) {
    totals.set(emu.account.settlementCurrency ?? 'usd', { available: 0, pending: 0 })
  }
  const currencies = [...totals.keys()].sort()
  const part = (key: 'available' | 'pending') =>
    currencies.map((currency) => {
      const amount = totals.get(currency)?.[key] ?? 0
      return { amount, currency, source_types: { card: amount } }
    })
  return {
    object: 'balance',
    available: part('available'),
    livemode: false,
    pending: part('pending'),
  }
}
