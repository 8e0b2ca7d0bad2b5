import type { Route } from '../router.ts'
import { billingPortalRoutes } from './billing-portal.ts'
import { checkoutSessionRoutes } from './checkout-sessions.ts'
import { customerRoutes } from './customers.ts'
import { eventRoutes } from './events.ts'
import { invoiceRoutes } from './invoices.ts'
import { paymentRoutes } from './payments.ts'
import { refundRoutes } from './refunds.ts'
import { subscriptionRoutes } from './subscriptions.ts'

export const apiRoutes: Route[] = [
  ...checkoutSessionRoutes,
  ...customerRoutes,
  ...paymentRoutes,
  ...refundRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...billingPortalRoutes,
  ...eventRoutes,
]
