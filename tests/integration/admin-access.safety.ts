// Role × route rows for the giving-safety screen (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const safetyRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/safety',
    url: '/admin/safety',
    get: ['ADMIN'],
    post: ['ADMIN'],
    // No intent: refused with 400, nothing changes.
    postBody: { scope: 'site' },
  },
]
