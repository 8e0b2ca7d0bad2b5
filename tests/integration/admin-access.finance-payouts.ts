// Role × route rows for the finance payouts routes (see admin-access.expectations.ts for the format).
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

export const financePayoutsRouteExpectations: AdminRouteExpectation[] = []
