// The role × route matrix of the staff-account routes (admin-access.test.ts). Every route whose
// path starts with /admin needs a row here or in admin-access.campaigns.ts, or the test fails.
import type { StaffRole } from '#app/modules/staff/roles.ts'
import { createDonor } from '#tests/support/factories.ts'
import { createStaffUser } from '#tests/support/staff.ts'

/**
 * Who may use a request: everyone ('public'), any signed-in staff ('staff'), or the staff who
 * hold one of the roles (ADMIN always passes; others get 403). Signed-out requests to anything
 * but 'public' must be redirected to /admin/login.
 */
export type AccessRule = 'public' | 'staff' | StaffRole[]

export type AdminRouteExpectation = {
  /** The route's id in the Remix build: its file under app/ without the extension. */
  routeId: string
  /** The URL to request; `:name` segments are filled from what `prepare` answers. */
  url: string
  /** Who may GET it (the route's loader). */
  get: AccessRule
  /** Who may POST to it; required exactly when the route has an action. */
  post?: AccessRule
  /** Form fields of the POST: something harmless the action understands. */
  postBody?: Record<string, string>
  /** Creates the rows the URL needs (after the database was emptied); answers `:name` values. */
  prepare?: () => Promise<Record<string, string>>
}

export const staffRouteExpectations: AdminRouteExpectation[] = [
  // The layout's loader only reads who is signed in; the sign-in page renders inside it.
  { routeId: 'routes/admin+/_layout', url: '/admin/login', get: 'public' },
  { routeId: 'routes/admin+/_index', url: '/admin', get: 'staff' },
  {
    routeId: 'routes/admin+/login',
    url: '/admin/login',
    get: 'public',
    post: 'public',
    postBody: { email: 'nobody@example.org', password: 'not the password' },
  },
  {
    routeId: 'routes/admin+/2fa',
    url: '/admin/2fa',
    get: 'staff',
    post: 'staff',
    postBody: { code: '000000' },
  },
  {
    routeId: 'routes/admin+/2fa_.setup',
    url: '/admin/2fa/setup',
    get: 'staff',
    post: 'staff',
    postBody: { code: '000000' },
  },
  { routeId: 'routes/admin+/logout', url: '/admin/logout', get: 'staff', post: 'staff' },
  {
    routeId: 'routes/admin+/forgot-password',
    url: '/admin/forgot-password',
    get: 'public',
    post: 'public',
    postBody: { email: 'nobody@example.org' },
  },
  {
    routeId: 'routes/admin+/reset-password',
    url: '/admin/reset-password?token=not-a-token',
    get: 'public',
    post: 'public',
    postBody: {
      token: 'not-a-token',
      password: 'a long new password',
      confirm: 'a long new password',
    },
  },
  {
    routeId: 'routes/admin+/account',
    url: '/admin/account',
    get: 'staff',
    post: 'staff',
    postBody: { intent: 'regenerate-codes' },
  },
  {
    routeId: 'routes/admin+/change-password',
    url: '/admin/change-password',
    get: 'staff',
    post: 'staff',
    postBody: { intent: 'change-password' },
  },
  { routeId: 'routes/admin+/staff._index', url: '/admin/staff', get: ['ADMIN'] },
  {
    routeId: 'routes/admin+/staff.new',
    url: '/admin/staff/new',
    get: ['ADMIN'],
    post: ['ADMIN'],
    postBody: { name: 'New Person', email: 'new.person@lantern.test', roles: 'CAMPAIGN_MANAGER' },
  },
  {
    routeId: 'routes/admin+/staff.$id',
    url: '/admin/staff/:id',
    get: ['ADMIN'],
    post: ['ADMIN'],
    postBody: { intent: 'revoke-sessions' },
    prepare: async () => {
      const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
      return { id: user.id }
    },
  },
  { routeId: 'routes/admin+/audit', url: '/admin/audit?action=staff.created', get: ['ADMIN'] },
  // Erasing a donor is ADMIN's alone; the POST without the typed word is refused with a 400.
  {
    routeId: 'routes/admin+/donors.$donorId',
    url: '/admin/donors/:donorId',
    get: ['ADMIN'],
    post: ['ADMIN'],
    postBody: { confirm: 'no' },
    prepare: async () => ({ donorId: (await createDonor()).id }),
  },
]
