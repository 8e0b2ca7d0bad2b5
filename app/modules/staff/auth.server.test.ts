import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { reloadEnv } from '#app/utils/env.server.ts'
import { createStaffUser, ensureSessionSecret, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  getStaff,
  requireStaff,
  requireStaffSession,
  revokeAllSessions,
  safeRedirectTo,
  signIn,
  signInDelayMs,
  SIGN_IN_FREE_FAILURES_PER_EMAIL,
  SIGN_IN_LIMIT_PER_EMAIL_AND_IP,
  SIGN_IN_LIMIT_PER_IP,
} from './auth.server.ts'
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  createStaffSession,
  loadSession,
  pruneExpiredSessions,
  readSessionId,
} from './session.server.ts'

setupTestDatabase()
beforeAll(ensureSessionSecret)

const MINUTE = 60_000
const requestWith = (cookie: string | null, path = '/admin/staff?tab=1') =>
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

describe('sessions', () => {
  test('the cookie carries only a signed 32-byte id, HttpOnly, SameSite=Lax, Path=/', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const { session, setCookie } = await createStaffSession({
      userId: user.id,
      twoFactorPassed: true,
    })
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(session.id, 'base64url')).toHaveLength(32)
    expect(setCookie).toMatch(/^__lantern_staff=/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).not.toContain('Secure')
    expect(await readSessionId(requestWith(setCookie.split(';')[0]!))).toBe(session.id)
  })

  test('a forged cookie (unsigned, or signed with another secret) is ignored', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const { session } = await createStaffSession({ userId: user.id, twoFactorPassed: true })
    const unsigned = `__lantern_staff=${encodeURIComponent(btoa(JSON.stringify(session.id)))}`
    expect(await getStaff(requestWith(unsigned))).toBeNull()
  })

  test('rotating SESSION_SECRET keeps cookies signed with the previous secret working', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const old = process.env.SESSION_SECRET as string
    const cookie = await staffSessionCookie(user.id)
    process.env.SESSION_SECRET = `${'n'.repeat(40)},${old}`
    reloadEnv()
    try {
      expect((await getStaff(requestWith(cookie)))?.id).toBe(user.id)
      process.env.SESSION_SECRET = 'n'.repeat(40)
      reloadEnv()
      expect(await getStaff(requestWith(cookie))).toBeNull()
    } finally {
      process.env.SESSION_SECRET = old
      reloadEnv()
    }
  })

  test('idle for more than 30 minutes: the session ends and its row is deleted', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const cookie = await staffSessionCookie(user.id)
    const session = await prisma.staffSession.findFirstOrThrow({ where: { userId: user.id } })
    await prisma.staffSession.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS + MINUTE) },
    })
    expect(await getStaff(requestWith(cookie))).not.toBeNull()
    await prisma.staffSession.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) },
    })
    expect(await getStaff(requestWith(cookie))).toBeNull()
    expect(await prisma.staffSession.count({ where: { id: session.id } })).toBe(0)
  })

  test('activity refreshes lastSeenAt at most once a minute', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const start = new Date('2026-03-01T10:00:00Z')
    const { setCookie, session } = await createStaffSession(
      { userId: user.id, twoFactorPassed: true },
      start,
    )
    const request = requestWith(setCookie.split(';')[0]!)
    await loadSession(request, new Date(start.getTime() + 30_000))
    let row = await prisma.staffSession.findUniqueOrThrow({ where: { id: session.id } })
    expect(row.lastSeenAt).toEqual(start)
    const later = new Date(start.getTime() + 2 * MINUTE)
    await loadSession(request, later)
    row = await prisma.staffSession.findUniqueOrThrow({ where: { id: session.id } })
    expect(row.lastSeenAt).toEqual(later)
  })

  test('after 12 hours the session ends however active it was', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const start = new Date('2026-03-01T08:00:00Z')
    const { setCookie } = await createStaffSession(
      { userId: user.id, twoFactorPassed: true },
      start,
    )
    const request = requestWith(setCookie.split(';')[0]!)
    // Active every 20 minutes for almost 12 hours.
    for (let at = start.getTime(); at < start.getTime() + ABSOLUTE_TIMEOUT_MS; at += 20 * MINUTE) {
      expect(await loadSession(request, new Date(at))).not.toBeNull()
    }
    expect(await loadSession(request, new Date(start.getTime() + ABSOLUTE_TIMEOUT_MS))).toBeNull()
  })

  test('sign out everywhere ends every session of that user only, and is audited', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const other = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const phone = await staffSessionCookie(user.id)
    const laptop = await staffSessionCookie(user.id)
    const theirs = await staffSessionCookie(other.user.id)
    expect(await revokeAllSessions(user.id, { actor: user, reason: 'sign out everywhere' })).toBe(2)
    expect(await getStaff(requestWith(phone))).toBeNull()
    expect(await getStaff(requestWith(laptop))).toBeNull()
    expect((await getStaff(requestWith(theirs)))?.id).toBe(other.user.id)
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'staff.sessions_revoked' },
    })
    expect(audit).toMatchObject({
      actorId: user.id,
      entityId: user.id,
      after: { sessionsRevoked: 2, reason: 'sign out everywhere' },
    })
  })

  test("a disabled user's sessions stop working at once", async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const cookie = await staffSessionCookie(user.id)
    expect(await getStaff(requestWith(cookie))).not.toBeNull()
    await prisma.staffUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    expect(await getStaff(requestWith(cookie))).toBeNull()
  })

  test('expired and idle rows are pruned (also whenever a session starts); live ones stay', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const now = new Date('2026-03-01T12:00:00Z')
    const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE)
    const row = (id: string, createdMinutesAgo: number, seenMinutesAgo: number) => ({
      id,
      userId: user.id,
      createdAt: ago(createdMinutesAgo),
      lastSeenAt: ago(seenMinutesAgo),
      expiresAt: new Date(ago(createdMinutesAgo).getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    await prisma.staffSession.createMany({
      data: [row('past-absolute', 13 * 60, 1), row('idle', 60, 31), row('live', 60, 5)],
    })
    expect(await pruneExpiredSessions(now)).toBe(2)
    expect((await prisma.staffSession.findMany()).map((s) => s.id)).toEqual(['live'])
    await prisma.staffSession.createMany({ data: [row('idle-again', 60, 45)] })
    await createStaffSession({ userId: user.id, twoFactorPassed: true }, now)
    expect(await prisma.staffSession.count({ where: { id: 'idle-again' } })).toBe(0)
  })
})

describe('requireStaff', () => {
  test('signed out: 302 to sign-in with the page to come back to', async () => {
    const response = await thrown(requireStaff(requestWith(null)))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(
      '/admin/login?redirectTo=%2Fadmin%2Fstaff%3Ftab%3D1',
    )
  })

  test('second factor owed: 302 to /admin/2fa, and getStaff answers null', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const cookie = await staffSessionCookie(user.id, { twoFactorPassed: false })
    const response = await thrown(requireStaff(requestWith(cookie), ['FINANCE']))
    expect(response.headers.get('Location')).toBe('/admin/2fa')
    expect(await getStaff(requestWith(cookie))).toBeNull()
  })

  test('a role that must use two-factor but has not enrolled is sent to enrol, even with a passed session', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'], totp: false })
    const cookie = await staffSessionCookie(user.id)
    await prisma.staffUser.update({
      where: { id: user.id },
      data: { roles: ['CAMPAIGN_MANAGER', 'FINANCE'] },
    })
    expect((await thrown(requireStaff(requestWith(cookie)))).headers.get('Location')).toBe(
      '/admin/2fa',
    )
  })

  test.each([['CAMPAIGN_MANAGER'], ['FINANCE'], ['ADMIN']] as const)(
    'a %s without a second factor reaches no staff page before enrolling',
    async (role) => {
      const { user } = await createStaffUser({ roles: [role], totp: false })
      const cookie = await staffSessionCookie(user.id)
      expect((await thrown(requireStaff(requestWith(cookie)))).headers.get('Location')).toBe(
        '/admin/2fa',
      )
      expect(await getStaff(requestWith(cookie))).toBeNull()
    },
  )

  test('missing role: 403; any held role or ADMIN passes', async () => {
    const manager = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const admin = await createStaffUser({ roles: ['ADMIN'] })
    const both = await createStaffUser({ roles: ['CAMPAIGN_MANAGER', 'FINANCE'] })
    const managerCookie = await staffSessionCookie(manager.user.id)
    expect((await thrown(requireStaff(requestWith(managerCookie), ['FINANCE']))).status).toBe(403)
    expect(await requireStaff(requestWith(managerCookie), ['CAMPAIGN_MANAGER'])).toMatchObject({
      id: manager.user.id,
      roles: ['CAMPAIGN_MANAGER'],
    })
    const adminCookie = await staffSessionCookie(admin.user.id)
    expect((await requireStaff(requestWith(adminCookie), ['FINANCE'])).id).toBe(admin.user.id)
    const bothCookie = await staffSessionCookie(both.user.id)
    expect((await requireStaff(requestWith(bothCookie), ['FINANCE'])).id).toBe(both.user.id)
    expect((await thrown(requireStaff(requestWith(bothCookie), ['ADMIN']))).status).toBe(403)
  })
})

describe('signIn', () => {
  const input = (email: string, password: string, ipAddress = '198.51.100.1') => ({
    email,
    password,
    ipAddress,
  })

  test('right password: a session; the next step depends on enrolment, for every role', async () => {
    const manager = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'm@lantern.test',
      totp: false,
    })
    const finance = await createStaffUser({ roles: ['FINANCE'], email: 'f@lantern.test' })
    const newAdmin = await createStaffUser({
      roles: ['ADMIN'],
      email: 'a@lantern.test',
      totp: false,
    })
    expect(await signIn(input(' M@Lantern.test ', manager.password))).toMatchObject({
      kind: 'signed-in',
      next: '2fa-setup',
    })
    expect(await signIn(input('f@lantern.test', finance.password))).toMatchObject({
      kind: 'signed-in',
      next: '2fa',
    })
    expect(await signIn(input('a@lantern.test', newAdmin.password))).toMatchObject({
      kind: 'signed-in',
      next: '2fa-setup',
    })
    const sessions = await prisma.staffSession.findMany({ include: { user: true } })
    expect(Object.fromEntries(sessions.map((s) => [s.user.email, s.twoFactorPassed]))).toEqual({
      'm@lantern.test': false,
      'f@lantern.test': false,
      'a@lantern.test': false,
    })
  })

  test('wrong password, unknown email and disabled account get the same answer', async () => {
    const { user, password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'x@lantern.test',
    })
    expect(await signIn(input('x@lantern.test', 'not the password'))).toEqual({ kind: 'invalid' })
    expect(await signIn(input('nobody@lantern.test', 'not the password'))).toEqual({
      kind: 'invalid',
    })
    await prisma.staffUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    expect(await signIn(input('x@lantern.test', password))).toEqual({ kind: 'invalid' })
    expect(await prisma.staffSession.count()).toBe(0)
  })

  test('five failures for one email from one address lock that pair, not the email elsewhere', async () => {
    const { password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'y@lantern.test',
    })
    for (let i = 0; i < SIGN_IN_LIMIT_PER_EMAIL_AND_IP.limit; i++)
      expect(await signIn(input('y@lantern.test', 'wrong', '198.51.100.7'))).toEqual({
        kind: 'invalid',
      })
    // Address A is refused, even with the right password...
    const limited = await signIn(input('Y@lantern.test', password, '198.51.100.7'))
    expect(limited.kind).toBe('rate-limited')
    if (limited.kind === 'rate-limited') expect(limited.retryAfterSeconds).toBeGreaterThan(0)
    // ...while the person signs in from address B.
    expect((await signIn(input('y@lantern.test', password, '198.51.100.99'))).kind).toBe(
      'signed-in',
    )
  })

  test('150 parallel wrong passwords for one email from one address: at most the limit are checked', async () => {
    await createStaffUser({ roles: ['CAMPAIGN_MANAGER'], email: 'p@lantern.test' })
    const results = await Promise.all(
      Array.from({ length: 150 }, () => signIn(input('p@lantern.test', 'wrong', '198.51.100.8'))),
    )
    const checked = results.filter((r) => r.kind === 'invalid').length
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMIT_PER_EMAIL_AND_IP.limit)
    expect(results.filter((r) => r.kind === 'rate-limited')).toHaveLength(150 - checked)
    // Only the attempts that passed the refusing limits reach the per-email counter, which sits
    // right before the password check: it counts the checks.
    const perEmail = await prisma.rateLimitCounter.findFirstOrThrow({
      where: { key: { startsWith: 'staff-sign-in:email:p@lantern.test@' } },
    })
    expect(perEmail.count).toBe(checked)
  })

  test('failures for one email from many addresses slow its checks down, never refuse them', async () => {
    expect(signInDelayMs(SIGN_IN_FREE_FAILURES_PER_EMAIL.count)).toBe(0)
    const delays = [1, 2, 3, 4, 5, 6, 40].map((n) =>
      signInDelayMs(SIGN_IN_FREE_FAILURES_PER_EMAIL.count + n),
    )
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000])

    const { password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'u@lantern.test',
    })
    const failures = SIGN_IN_FREE_FAILURES_PER_EMAIL.count + 1
    for (let i = 0; i < failures; i++)
      expect(await signIn(input('u@lantern.test', 'wrong', `203.0.113.${i + 1}`))).toEqual({
        kind: 'invalid',
      })
    const started = performance.now()
    expect((await signIn(input('u@lantern.test', password, '203.0.113.200'))).kind).toBe(
      'signed-in',
    )
    // The seventh check waited (a lower bound only: a busy machine may take longer).
    expect(performance.now() - started).toBeGreaterThanOrEqual(signInDelayMs(failures + 1) - 5)
  })

  test('twenty failures from one address lock that address for every email', async () => {
    const { password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'w@lantern.test',
    })
    for (let i = 0; i < SIGN_IN_LIMIT_PER_IP.limit; i++)
      expect(await signIn(input(`guess${i}@lantern.test`, 'wrong', '203.0.113.50'))).toEqual({
        kind: 'invalid',
      })
    expect((await signIn(input('w@lantern.test', password, '203.0.113.50'))).kind).toBe(
      'rate-limited',
    )
    expect((await signIn(input('w@lantern.test', password, '203.0.113.51'))).kind).toBe('signed-in')
  })

  test('successful sign-ins do not count against the limits', async () => {
    const { password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'v@lantern.test',
    })
    for (let i = 0; i < 8; i++)
      expect((await signIn(input('v@lantern.test', password))).kind).toBe('signed-in')
  })
})

describe('safeRedirectTo', () => {
  test.each([
    ['/admin/staff?x=1#top', '/admin/staff?x=1#top'],
    ['/campaigns/safe-passage', '/campaigns/safe-passage'],
    ['/admin/../campaigns', '/campaigns'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['https://evil.example/admin', '/admin'],
    ['https:evil.example', '/admin'],
    ['http:/evil.example', '/admin'],
    ['//evil.example/admin', '/admin'],
    ['///evil.example', '/admin'],
    ['/\\evil.example', '/admin'],
    ['\\\\evil.example', '/admin'],
    ['/./\\/evil.example', '/admin'],
    ['/.//evil.example/phish', '/admin'],
    ['/./../..//evil.example', '/admin'],
    ['/%2e//evil.example', '/admin'],
    ['/%2E%2E//evil.example', '/admin'],
    ['%2F%2Fevil.example', '/admin'],
    ['/\t/evil.example', '/admin'],
    ['/\n/evil.example', '/admin'],
    ['\t//evil.example', '/admin'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/admin\u0000', '/admin'],
    ['javascript:alert(1)', '/admin'],
    ['', '/admin'],
    [null, '/admin'],
    [['/admin/staff'], '/admin'],
  ])('%j → %s', (value, expected) => {
    const result = safeRedirectTo(value)
    expect(result).toBe(expected)
    // Whatever comes back stays on this site when a browser resolves it.
    expect(new URL(result, 'https://lantern.example').origin).toBe('https://lantern.example')
  })

  test('the donor pages use it with their own fallback', () => {
    expect(safeRedirectTo('/ko/account/gifts', '/ko/account')).toBe('/ko/account/gifts')
    expect(safeRedirectTo('/.//evil.example/phish', '/ko/account')).toBe('/ko/account')
    expect(safeRedirectTo('/ko/.././/evil.example', '/ko/account')).toBe('/ko/account')
  })
})

describe('temporary passwords', () => {
  test('every staff page sends the person to choose a password first; that page opens', async () => {
    const { user } = await createStaffUser({ roles: ['ADMIN'] })
    await prisma.staffUser.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const cookie = await staffSessionCookie(user.id)
    const response = await thrown(requireStaff(requestWith(cookie, '/admin/staff?tab=1')))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(
      `/admin/change-password?redirectTo=${encodeURIComponent('/admin/staff?tab=1')}`,
    )
    const allowed = await requireStaffSession(requestWith(cookie), undefined, {
      passwordChange: true,
    })
    expect(allowed).toMatchObject({ mustChangePassword: true, staff: { id: user.id } })
  })
})
