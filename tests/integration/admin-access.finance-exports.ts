// Role × route rows for the finance exports routes (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const financeExportsRouteExpectations: AdminRouteExpectation[] = []
