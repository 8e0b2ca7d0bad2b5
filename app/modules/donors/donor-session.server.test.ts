import { beforeAll, describe, expect, test } from 'vitest'
import { createStaffSession } from '#app/modules/staff/session.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { donorSessionCookie } from '#tests/support/donor-session.ts'
import { createDonor } from '#tests/support/factories.ts'
import { createStaffUser, ensureSessionSecret } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  DONOR_ABSOLUTE_TIMEOUT_MS,
  DONOR_COOKIE_NAME,
  DONOR_IDLE_TIMEOUT_MS,
  endDonorSession,
  getDonor,
  requireDonor,
  startDonorSession,
} from './donor-session.server.ts'

setupTestDatabase()
beforeAll(ensureSessionSecret)

const requestWith = (cookie: string | null, path = '/account') =>
  new Request(`http://lantern.test${path}`, { headers: cookie ? { Cookie: cookie } : {} })

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
  throw new Error('expected a thrown Response')
}

describe('donor sessions', () => {
  test('a signed-in donor is known; a signed-out visitor is sent to sign in and back', async () => {
    const donor = await createDonor()
    const cookie = await donorSessionCookie(donor.id)
    expect(await requireDonor(requestWith(cookie))).toEqual({ id: donor.id, email: donor.email })
    const response = await thrown(requireDonor(requestWith(null, '/account/receipts?y=1')))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(
      '/account/sign-in?redirectTo=%2Faccount%2Freceipts%3Fy%3D1',
    )
  })

  test('the cookie is HttpOnly, SameSite=Lax, has its own name and carries no donor id', async () => {
    const donor = await createDonor()
    const headers = await startDonorSession(donor.id, requestWith(null))
    const setCookie = headers.get('Set-Cookie') ?? ''
    expect(setCookie.startsWith(`${DONOR_COOKIE_NAME}=`)).toBe(true)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toContain(donor.id)
  })

  test('signing in again replaces the session this browser had (the id rotates)', async () => {
    const donor = await createDonor()
    const first = await donorSessionCookie(donor.id)
    const headers = await startDonorSession(donor.id, requestWith(first))
    const second = (headers.get('Set-Cookie') ?? '').split(';')[0] as string
    expect(second).not.toBe(first)
    expect(await getDonor(requestWith(first))).toBeNull()
    expect(await getDonor(requestWith(second))).toMatchObject({ id: donor.id })
  })

  test('signing out deletes the session row: the old cookie no longer works', async () => {
    const donor = await createDonor()
    const cookie = await donorSessionCookie(donor.id)
    const headers = await endDonorSession(requestWith(cookie))
    expect(headers.get('Set-Cookie')).toMatch(/Max-Age=0/i)
    expect(await prisma.donorSession.count({ where: { donorId: donor.id } })).toBe(0)
    expect(await getDonor(requestWith(cookie))).toBeNull()
  })

  test('an idle or expired session is refused and deleted', async () => {
    const donor = await createDonor()
    const idle = await donorSessionCookie(donor.id)
    await prisma.donorSession.updateMany({
      where: { donorId: donor.id },
      data: { lastSeenAt: new Date(Date.now() - DONOR_IDLE_TIMEOUT_MS - 1000) },
    })
    expect(await getDonor(requestWith(idle))).toBeNull()
    const old = await donorSessionCookie(donor.id)
    await prisma.donorSession.updateMany({
      where: { donorId: donor.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    expect(await getDonor(requestWith(old))).toBeNull()
    expect(await prisma.donorSession.count({ where: { donorId: donor.id } })).toBe(0)
    expect(DONOR_ABSOLUTE_TIMEOUT_MS).toBeGreaterThan(DONOR_IDLE_TIMEOUT_MS)
  })

  test('a staff session cookie does not sign anyone in as a donor, nor the reverse', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const { setCookie } = await createStaffSession({ userId: user.id, twoFactorPassed: true })
    expect(await getDonor(requestWith(setCookie.split(';')[0] as string))).toBeNull()
    const donor = await createDonor()
    const donorCookie = await donorSessionCookie(donor.id)
    const { getStaff } = await import('#app/modules/staff/auth.server.ts')
    expect(await getStaff(requestWith(donorCookie, '/admin'))).toBeNull()
  })

  test('a forged cookie (an id without a valid signature) is ignored', async () => {
    const donor = await createDonor()
    const cookie = await donorSessionCookie(donor.id)
    const session = await prisma.donorSession.findFirstOrThrow({ where: { donorId: donor.id } })
    const forged = `${DONOR_COOKIE_NAME}=${Buffer.from(JSON.stringify(session.id)).toString('base64')}`
    expect(forged).not.toBe(cookie)
    expect(await getDonor(requestWith(forged))).toBeNull()
  })
})
