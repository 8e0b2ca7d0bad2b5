// Rows of the campaign-management routes (/admin/campaigns, /admin/moderation) for the role ×
// route matrix in admin-access.test.ts; see admin-access.expectations.ts for the format.
import { createCampaign } from '#tests/support/factories.ts'
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

const MANAGERS: AdminRouteExpectation['get'] = ['CAMPAIGN_MANAGER']

/** A draft to open; POSTs below send incomplete forms, so the actions answer 400 and save nothing. */
const aCampaign = async () => ({ id: (await createCampaign({ status: 'DRAFT' })).id })

export const campaignRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/campaigns+/_index',
    url: '/admin/campaigns?status=DRAFT',
    get: MANAGERS,
  },
  {
    routeId: 'routes/admin+/campaigns+/new',
    url: '/admin/campaigns/new',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { title: 'Incomplete' },
  },
  {
    routeId: 'routes/admin+/campaigns+/$id._index',
    url: '/admin/campaigns/:id',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { title: '' },
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/campaigns+/$id.status',
    url: '/admin/campaigns/:id/status',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { intent: 'nothing' },
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/campaigns+/$id.preview',
    url: '/admin/campaigns/:id/preview',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { title: '' },
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/campaigns+/$id.image',
    url: '/admin/campaigns/:id/image',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { alt: '' },
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/campaigns+/$id.updates',
    url: '/admin/campaigns/:id/updates',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { intent: 'save', title: '' },
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/campaigns+/$id.dashboard',
    url: '/admin/campaigns/:id/dashboard',
    get: MANAGERS,
    prepare: aCampaign,
  },
  {
    routeId: 'routes/admin+/moderation',
    url: '/admin/moderation?bin=spam',
    get: MANAGERS,
    post: MANAGERS,
    postBody: { decision: 'APPROVED', messageId: 'no-such-message' },
  },
]
