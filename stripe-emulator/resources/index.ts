import type { Route } from '../router.ts'
import { billingPortalRoutes } from './billing-portal.ts'
import { checkoutSessionRoutes } from './checkout-sessions.ts'
import { customerRoutes } from './customers.ts'
import { disputeRoutes } from './disputes.ts'
import { eventRoutes } from './events.ts'
import { invoiceRoutes } from './invoices.ts'
import { paymentRoutes } from './payments.ts'
import { payoutRoutes } from './payouts.ts'
import { refundRoutes } from './refunds.ts'
import { setupIntentRoutes } from './setup-intents.ts'
import { subscriptionRoutes } from './subscriptions.ts'

export const apiRoutes: Route[] = [
  ...checkoutSessionRoutes,
  ...customerRoutes,
  ...paymentRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...payoutRoutes,
  ...subscriptionRoutes,
  ...setupIntentRoutes,
  ...invoiceRoutes,
  ...billingPortalRoutes,
  ...eventRoutes,
]
