// Role × route rows for the finance export routes (see admin-access.expectations.ts for the format).
import { prisma } from '#app/utils/db.server.ts'
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const financeExportsRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/finance.exports._index',
    url: '/admin/finance/exports',
    get: ['FINANCE'],
  },
  {
    routeId: 'routes/admin+/finance.exports.$file',
    url: '/admin/finance/exports/gifts.csv?from=2026-01-01',
    get: ['FINANCE'],
  },
  {
    routeId: 'routes/admin+/finance.exports.journal.$file',
    url: '/admin/finance/exports/journal/:payoutId.csv?format=quickbooks',
    get: ['FINANCE'],
    prepare: async () => {
      const payout = await prisma.payout.create({
        data: {
          id: 'po_access_1',
          amountMinor: 0,
          currency: 'USD',
          status: 'paid',
          arrivalDate: new Date(),
          automatic: true,
          stripeCreatedAt: new Date(),
        },
      })
      return { payoutId: payout.id }
    },
  },
]
