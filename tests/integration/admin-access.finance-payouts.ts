// Role × route rows for the finance payouts routes (see admin-access.expectations.ts for the format).
import { prisma } from '#app/utils/db.server.ts'
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

const FINANCE: AdminRouteExpectation['get'] = ['FINANCE']

/** A paid payout with no lines yet, as a payout.created webhook leaves it. */
async function aPayout() {
  const payout = await prisma.payout.create({
    data: {
      id: `po_access_${Math.random().toString(36).slice(2, 10)}`,
      amountMinor: 10_000,
      currency: 'USD',
      status: 'paid',
      arrivalDate: new Date(),
      automatic: true,
      stripeCreatedAt: new Date(),
    },
  })
  return { payoutId: payout.id }
}

export const financePayoutsRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/finance.payouts._index',
    url: '/admin/finance/payouts',
    get: FINANCE,
    // Queues a payouts-sync job (the worker is not running here, so nothing calls Stripe).
    post: FINANCE,
    postBody: { intent: 'sync' },
  },
  {
    routeId: 'routes/admin+/finance.payouts.$payoutId',
    url: '/admin/finance/payouts/:payoutId',
    get: FINANCE,
    prepare: aPayout,
  },
  {
    routeId: 'routes/admin+/finance.exceptions',
    url: '/admin/finance/exceptions',
    get: FINANCE,
    post: FINANCE,
    // A blank note is refused (400) and nothing changes.
    postBody: { intent: 'note', exceptionId: 'no-such-exception', note: '' },
  },
]
