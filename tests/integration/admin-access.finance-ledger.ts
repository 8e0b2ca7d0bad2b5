// Role × route rows for the finance ledger routes (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const financeLedgerRouteExpectations: AdminRouteExpectation[] = [
  { routeId: 'routes/admin+/finance._index', url: '/admin/finance', get: ['FINANCE'] },
]
