// The role × route matrix: every route of the built app whose path starts with /admin, for
// signed-out visitors and each kind of staff, through the real Remix request handler (the
// production build: run `npm run build` first). Rows live in admin-access.expectations.ts,
// admin-access.campaigns.ts and admin-access.finance-*.ts; a route without a row fails the run.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { beforeAll, describe, expect, test } from 'vitest'
import { hasAnyRole, type StaffRole } from '#app/modules/staff/roles.ts'
import { createStaffUser, ensureSessionSecret, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { campaignRouteExpectations } from './admin-access.campaigns.ts'
import { financeExportsRouteExpectations } from './admin-access.finance-exports.ts'
import { financeLedgerRouteExpectations } from './admin-access.finance-ledger.ts'
import { financePayoutsRouteExpectations } from './admin-access.finance-payouts.ts'
import { financeReceiptsRouteExpectations } from './admin-access.finance-receipts.ts'
import { jobsRouteExpectations } from './admin-access.jobs.ts'
import { safetyRouteExpectations } from './admin-access.safety.ts'
import {
  staffRouteExpectations,
  type AccessRule,
  type AdminRouteExpectation,
} from './admin-access.expectations.ts'

const BUILD = path.resolve('build/remix/index.js')
const ORIGIN = 'http://lantern.test'
const expectations = [
  ...staffRouteExpectations,
  ...campaignRouteExpectations,
  ...financeLedgerRouteExpectations,
  ...financePayoutsRouteExpectations,
  ...financeReceiptsRouteExpectations,
  ...financeExportsRouteExpectations,
  ...jobsRouteExpectations,
  ...safetyRouteExpectations,
]

type Visitor = { label: string; roles: StaffRole[] | null }
const VISITORS: Visitor[] = [
  { label: 'signed out', roles: null },
  { label: 'ADMIN', roles: ['ADMIN'] },
  { label: 'CAMPAIGN_MANAGER', roles: ['CAMPAIGN_MANAGER'] },
  { label: 'FINANCE', roles: ['FINANCE'] },
  { label: 'CAMPAIGN_MANAGER+FINANCE', roles: ['CAMPAIGN_MANAGER', 'FINANCE'] },
]

type Outcome = 'allowed' | 'login' | 'forbidden'

function expected(rule: AccessRule, visitor: Visitor): Outcome {
  if (rule === 'public') return 'allowed'
  if (!visitor.roles) return 'login'
  if (rule === 'staff') return 'allowed'
  return hasAnyRole(visitor.roles, rule) ? 'allowed' : 'forbidden'
}

/** What a response means for access (a 400 is an action that ran and refused the input). */
function outcomeOf(response: Response): Outcome | `unexpected ${number}` {
  const location = response.headers.get('Location') ?? ''
  if (response.status >= 300 && response.status < 400) {
    const target = new URL(location, ORIGIN)
    // Signing out also lands on the sign-in page, saying so: that is the action doing its job.
    if (target.pathname === '/admin/login' && !target.searchParams.has('signedOut')) return 'login'
    return 'allowed'
  }
  if (response.status === 403) return 'forbidden'
  if ((response.status >= 200 && response.status < 300) || response.status === 400) return 'allowed'
  return `unexpected ${response.status}`
}

let build: ServerBuild
let handle: ReturnType<typeof createRequestHandler>

beforeAll(async () => {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  ensureSessionSecret()
  build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  handle = createRequestHandler(build, 'test')
})

setupTestDatabase()

function fullPath(routeId: string): string {
  const route = build.routes[routeId]
  if (!route) return ''
  const parent = route.parentId ? fullPath(route.parentId) : ''
  return route.path ? `${parent}/${route.path}`.replace(/\/+/g, '/') : parent
}

function adminRoutes() {
  return Object.keys(build.routes)
    .filter((id) => /^\/admin(\/|$)/.test(fullPath(id) || '/'))
    .map((id) => ({ id, module: build.routes[id]!.module }))
}

test('every /admin route of the build has exactly one expectation, matching its exports', () => {
  const routes = adminRoutes()
  expect(routes.length).toBeGreaterThan(10)
  const problems: string[] = []
  for (const { id, module } of routes) {
    const rows = expectations.filter((row) => row.routeId === id)
    if (rows.length !== 1) {
      problems.push(`${id}: ${rows.length} rows (want 1)`)
      continue
    }
    const row = rows[0]!
    if (!module.loader) problems.push(`${id}: has no loader (every /admin route authorizes a GET)`)
    if (!!module.action !== !!row.post)
      problems.push(`${id}: action ${!!module.action}, post rule ${!!row.post}`)
  }
  for (const row of expectations) {
    if (!routes.some((route) => route.id === row.routeId))
      problems.push(`${row.routeId}: not in the build`)
  }
  expect(problems).toEqual([])
})

async function request(
  row: AdminRouteExpectation,
  method: 'GET' | 'POST',
  visitor: Visitor,
  params: Record<string, string>,
): Promise<Response> {
  const url = row.url.replace(/:([A-Za-z]+)/g, (_match, name: string) => params[name] ?? `:${name}`)
  const headers = new Headers({
    Accept: 'text/html',
    Origin: ORIGIN,
    Host: new URL(ORIGIN).host,
  })
  if (visitor.roles) {
    const { user } = await createStaffUser({ roles: visitor.roles })
    headers.set('Cookie', await staffSessionCookie(user.id, { twoFactorPassed: true }))
  }
  const init: RequestInit = { method, headers, redirect: 'manual' }
  if (method === 'POST') init.body = new URLSearchParams(row.postBody ?? {})
  return handle(new Request(`${ORIGIN}${url}`, init), { clientIp: '203.0.113.7', cspNonce: 'test' })
}

describe.each(expectations.map((row) => [`${row.routeId} (${row.url})`, row] as const))(
  '%s',
  (_name, row) => {
    test.each(VISITORS.map((visitor) => [visitor.label, visitor] as const))(
      '%s',
      async (_label, visitor) => {
        const params = (await row.prepare?.()) ?? {}
        const get = await request(row, 'GET', visitor, params)
        expect(outcomeOf(get), `GET ${row.url} as ${visitor.label}`).toBe(
          expected(row.get, visitor),
        )
        if (get.status === 200) expect(get.headers.get('Cache-Control')).toContain('no-store')
        if (row.post) {
          const post = await request(row, 'POST', visitor, params)
          expect(outcomeOf(post), `POST ${row.url} as ${visitor.label}`).toBe(
            expected(row.post, visitor),
          )
        }
      },
    )
  },
)
