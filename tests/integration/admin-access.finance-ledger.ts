// Role × route rows for the finance ledger routes (see admin-access.expectations.ts for the format).
import { createGift } from '#tests/support/factories.ts'
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

const FINANCE: AdminRouteExpectation['get'] = ['FINANCE']

export const financeLedgerRouteExpectations: AdminRouteExpectation[] = [
  { routeId: 'routes/admin+/finance._index', url: '/admin/finance', get: FINANCE },
  {
    routeId: 'routes/admin+/finance.gifts._index',
    url: '/admin/finance/gifts?status=REFUNDED&q=donor@example.org',
    get: FINANCE,
  },
  {
    routeId: 'routes/admin+/finance.gifts.$giftId',
    url: '/admin/finance/gifts/:giftId',
    get: FINANCE,
    post: FINANCE,
    // A refund review without amount or reason: refused with 400, nothing sent to Stripe.
    postBody: { intent: 'review', amount: '', note: '' },
    prepare: async () => ({ giftId: (await createGift()).id }),
  },
  { routeId: 'routes/admin+/finance.disputes', url: '/admin/finance/disputes', get: FINANCE },
  { routeId: 'routes/admin+/finance.failing', url: '/admin/finance/failing', get: FINANCE },
]
