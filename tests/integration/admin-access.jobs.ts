// Role × route rows for the failed-jobs screen (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const jobsRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/jobs',
    url: '/admin/jobs',
    // ADMIN always passes; FINANCE is the other role that may see and retry failed jobs.
    get: ['FINANCE'],
    post: ['FINANCE'],
    // Not confirmed: refused with 400, nothing is retried.
    postBody: { queue: 'stripe-event', jobId: '00000000-0000-4000-8000-000000000000' },
  },
]
