// Role × route rows for the finance receipts routes (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const financeReceiptsRouteExpectations: AdminRouteExpectation[] = []
