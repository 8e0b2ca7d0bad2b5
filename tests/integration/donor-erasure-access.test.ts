// Who may erase a donor, through the production build's request handler (run `npm run build`
// first): an ADMIN on the donor's staff page, with the typed word; not FINANCE, not a campaign
// manager, not a donor's cookie; and a donor only themselves (tests/integration/donor-access).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { beforeAll, describe, expect, test } from 'vitest'
import type { StaffRole } from '#app/modules/staff/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { donorSessionCookie } from '#tests/support/donor-session.ts'
import { createDonor, createGift } from '#tests/support/factories.ts'
import { createStaffUser, ensureSessionSecret, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const BUILD = path.resolve('build/remix/index.js')
const ORIGIN = 'http://lantern.test'
let handle: ReturnType<typeof createRequestHandler>

beforeAll(async () => {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  ensureSessionSecret()
  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  handle = createRequestHandler(build, 'test')
})

setupTestDatabase()

async function post(url: string, cookie: string, body: Record<string, string>) {
  const headers = new Headers({ Accept: 'text/html', Origin: ORIGIN, Host: new URL(ORIGIN).host })
  headers.set('Cookie', cookie)
  return handle(
    new Request(`${ORIGIN}${url}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(body),
      redirect: 'manual',
    }),
    { clientIp: '203.0.113.7', cspNonce: 'test' },
  )
}

async function staffCookie(roles: StaffRole[]) {
  const { user } = await createStaffUser({ roles })
  return { user, cookie: await staffSessionCookie(user.id, { twoFactorPassed: true }) }
}

const requested = () => prisma.donor.count({ where: { erasureRequestedAt: { not: null } } })

describe('an erasure asked for on the staff page', () => {
  test.each([[['FINANCE']], [['CAMPAIGN_MANAGER']], [['CAMPAIGN_MANAGER', 'FINANCE']]] as Array<
    [StaffRole[]]
  >)('%j: 403, and nothing is marked', async (roles) => {
    const donor = await createDonor()
    const { cookie } = await staffCookie(roles)
    const response = await post(`/admin/donors/${donor.id}`, cookie, { confirm: 'ERASE' })
    expect(response.status).toBe(403)
    expect(await requested()).toBe(0)
    expect(await prisma.auditLog.count({ where: { entityId: donor.id } })).toBe(0)
  })

  test("a donor's cookie does not open it", async () => {
    const donor = await createDonor()
    const response = await post(`/admin/donors/${donor.id}`, await donorSessionCookie(donor.id), {
      confirm: 'ERASE',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/admin\/login/)
    expect(await requested()).toBe(0)
  })

  test('ADMIN: the word is required; then the donor is marked, signed out, audited by id', async () => {
    const gift = await createGift()
    const other = await createDonor()
    const { user, cookie } = await staffCookie(['ADMIN'])
    const donorCookie = await donorSessionCookie(gift.donorId)

    const refused = await post(`/admin/donors/${gift.donorId}`, cookie, { confirm: 'erase it' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Type ERASE to confirm the erasure')
    expect(await requested()).toBe(0)

    const done = await post(`/admin/donors/${gift.donorId}`, cookie, { confirm: 'ERASE' })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`/admin/donors/${gift.donorId}?done=queued`)
    const marked = await prisma.donor.findMany({
      where: { erasureRequestedAt: { not: null } },
      select: { id: true, erasureRequestedBy: true },
    })
    expect(marked).toEqual([{ id: gift.donorId, erasureRequestedBy: `staff:${user.id}` }])
    expect(await prisma.donorSession.count({ where: { donorId: gift.donorId } })).toBe(0)
    const account = await handle(
      new Request(`${ORIGIN}/account`, { headers: { Cookie: donorCookie }, redirect: 'manual' }),
      { clientIp: '203.0.113.8', cspNonce: 'test' },
    )
    expect(account.headers.get('Location')).toMatch(/^\/account\/sign-in/)
    const [audit] = await prisma.auditLog.findMany({ where: { entityId: gift.donorId } })
    expect(audit).toMatchObject({
      actorId: user.id,
      action: 'donor.erasure.requested',
      entityType: 'Donor',
    })
    const donor = await prisma.donor.findUniqueOrThrow({ where: { id: gift.donorId } })
    expect(JSON.stringify(audit)).not.toContain(donor.email)
    // The job is queued once: asking again changes nothing.
    const again = await post(`/admin/donors/${gift.donorId}`, cookie, { confirm: 'ERASE' })
    expect(again.headers.get('Location')).toBe(
      `/admin/donors/${gift.donorId}?done=already-requested`,
    )
    expect(await prisma.auditLog.count({ where: { entityId: gift.donorId } })).toBe(1)
    expect(await prisma.donor.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
      erasureRequestedAt: null,
    })
  })

  test('an unknown donor is a 404', async () => {
    const { cookie } = await staffCookie(['ADMIN'])
    expect((await post('/admin/donors/nobody', cookie, { confirm: 'ERASE' })).status).toBe(404)
  })
})
