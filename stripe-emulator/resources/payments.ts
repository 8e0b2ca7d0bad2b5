import type { Route } from '../router.ts'
import { listOf, retrieve } from './common.ts'

/**
 * PaymentIntents, Charges and balance transactions are read-only here: Checkout, refunds,
 * disputes and payouts make them.
 */
export const paymentRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/payment_intents',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.paymentIntents.list(), {
        by: { customer: (intent) => intent.customer },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_intents/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.paymentIntents, 'intent'),
  },
  {
    method: 'GET',
    pattern: '/v1/charges',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.charges.list(), {
        by: {
          customer: (charge) => charge.customer,
          payment_intent: (charge) => charge.payment_intent,
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/charges/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.charges, 'charge'),
  },
  {
    method: 'GET',
    pattern: '/v1/balance_transactions',
    handler: (emu, request) => {
      // Only automatic payouts keep this link, as on Stripe; an unknown payout is a 400.
      const payoutId = request.params.string('payout')
      if (payoutId !== undefined) emu.store.payouts.referenced(payoutId, 'payout')
      return listOf(emu, request, emu.store.balanceTransactions.list(), {
        by: {
          source: (txn) => txn.source,
          type: (txn) => txn.type,
          currency: (txn) => txn.currency,
        },
        also: ['payout'],
        where: (txn) =>
          payoutId === undefined || emu.store.payoutOfTransaction.get(txn.id) === payoutId,
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/balance_transactions/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.balanceTransactions),
  },
]
