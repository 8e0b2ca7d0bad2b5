import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createStaffUser, ensureSessionSecret } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { createStaffSession, loadSession } from './session.server.ts'
import { totpCode } from './totp.server.ts'
import {
  SECOND_FACTOR_LIMIT,
  confirmEnrolment,
  hashRecoveryCode,
  regenerateRecoveryCodes,
  startEnrolment,
  verifySecondFactor,
} from './two-factor.server.ts'

setupTestDatabase()
beforeAll(ensureSessionSecret)

/** A request carrying the cookie of a Set-Cookie header. */
const requestWith = (setCookie: string) =>
  new Request('http://lantern.test/admin', { headers: { Cookie: setCookie.split(';')[0]! } })

async function pendingSession(userId: string) {
  const { session } = await createStaffSession({ userId, twoFactorPassed: false })
  return prisma.staffSession.findUniqueOrThrow({
    where: { id: session.id },
    include: { user: true },
  })
}

describe('enrolment', () => {
  test('offers one secret until confirmed; a right code turns TOTP on and gives 10 codes stored hashed', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'], totp: false })
    const first = await startEnrolment(user)
    const again = await startEnrolment(
      await prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } }),
    )
    expect(again.secret).toBe(first.secret)
    expect(first.uri).toContain(`secret=${first.secret}`)

    const session = await pendingSession(user.id)
    expect(await confirmEnrolment(session, '000000', null)).toEqual({
      ok: false,
      reason: 'invalid',
    })
    const outcome = await confirmEnrolment(session, totpCode(first.secret), '192.0.2.1')
    if (!outcome.ok) throw new Error('enrolment failed')
    expect(outcome.recoveryCodes).toHaveLength(10)
    expect(new Set(outcome.recoveryCodes).size).toBe(10)
    for (const code of outcome.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)

    const saved = await prisma.staffUser.findUniqueOrThrow({
      where: { id: user.id },
      include: { recoveryCodes: true },
    })
    expect(saved).toMatchObject({ totpSecret: first.secret, totpPending: null })
    expect(saved.totpEnabledAt).toBeInstanceOf(Date)
    expect(saved.recoveryCodes.map((row) => row.codeHash).sort()).toEqual(
      outcome.recoveryCodes.map(hashRecoveryCode).sort(),
    )
    expect(JSON.stringify(saved.recoveryCodes)).not.toContain(outcome.recoveryCodes[0])
    // The session was replaced by one that passed the second factor.
    expect(await prisma.staffSession.findUnique({ where: { id: session.id } })).toBeNull()
    const rotated = await loadSession(requestWith(outcome.setCookie))
    expect(rotated).toMatchObject({ userId: user.id, twoFactorPassed: true })
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'staff.2fa_enrolled' },
    })
    expect(JSON.stringify(audit)).not.toContain(first.secret)
  })
})

describe('second factor at sign-in', () => {
  test('a TOTP code passes once; the same code again in its step is refused', async () => {
    const { user, totpSecret } = await createStaffUser({ roles: ['ADMIN'] })
    const now = new Date()
    const code = totpCode(totpSecret!, now.getTime())
    const first = await pendingSession(user.id)
    const passed = await verifySecondFactor(first, code, now)
    expect(passed).toMatchObject({ ok: true, method: 'totp' })
    if (!passed.ok) throw new Error('second factor failed')
    expect(await loadSession(requestWith(passed.setCookie))).toMatchObject({
      twoFactorPassed: true,
    })
    const second = await pendingSession(user.id)
    expect(await verifySecondFactor(second, code, new Date(now.getTime() + 5_000))).toEqual({
      ok: false,
      reason: 'invalid',
    })
    // The next step's code is a different code and passes.
    const next = totpCode(totpSecret!, now.getTime() + 30_000)
    expect(await verifySecondFactor(second, next, now)).toMatchObject({ ok: true, method: 'totp' })
  })

  test('a recovery code works once, instead of a TOTP code', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const [code, other] = await regenerateRecoveryCodes(user, null)
    const session = await pendingSession(user.id)
    expect(await verifySecondFactor(session, code!.toUpperCase(), new Date())).toMatchObject({
      ok: true,
      method: 'recovery-code',
    })
    const later = await pendingSession(user.id)
    expect(await verifySecondFactor(later, code!, new Date())).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await verifySecondFactor(later, other!, new Date())).toMatchObject({
      ok: true,
      method: 'recovery-code',
    })
  })

  test('regenerating recovery codes retires the old ones and is audited without the codes', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const old = await regenerateRecoveryCodes(user, null)
    const fresh = await regenerateRecoveryCodes(user, '192.0.2.9')
    const session = await pendingSession(user.id)
    expect(await verifySecondFactor(session, old[0]!, new Date())).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await verifySecondFactor(session, fresh[0]!, new Date())).toMatchObject({ ok: true })
    const audits = await prisma.auditLog.findMany({
      where: { action: 'staff.recovery_codes_regenerated' },
    })
    expect(audits).toHaveLength(2)
    expect(JSON.stringify(audits)).not.toContain(fresh[0])
  })

  test('after five wrong codes the second step pauses, even for a right code', async () => {
    const { user, totpSecret } = await createStaffUser({ roles: ['ADMIN'] })
    const session = await pendingSession(user.id)
    const now = new Date()
    for (let i = 0; i < SECOND_FACTOR_LIMIT.limit; i++)
      expect(await verifySecondFactor(session, 'wrong-code', now)).toEqual({
        ok: false,
        reason: 'invalid',
      })
    expect(await verifySecondFactor(session, totpCode(totpSecret!, now.getTime()), now)).toEqual({
      ok: false,
      reason: 'rate-limited',
    })
  })

  test('a user without an authenticator cannot pass with any code', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'], totp: false })
    const session = await pendingSession(user.id)
    expect(await verifySecondFactor(session, '123456', new Date())).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })
})

describe('the second-factor limit holds in parallel', () => {
  test('100 parallel wrong codes: at most the limit are checked, the rest are refused', async () => {
    const { user } = await createStaffUser({ roles: ['ADMIN'] })
    const session = await pendingSession(user.id)
    const now = new Date()
    // Recovery-code guesses: each one that is checked runs an UPDATE; each refused one not.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        verifySecondFactor(session, `guess-${String(i).padStart(5, '0')}`, now),
      ),
    )
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length
    const refused = results.filter((r) => !r.ok && r.reason === 'rate-limited').length
    expect(checked).toBeLessThanOrEqual(SECOND_FACTOR_LIMIT.limit)
    expect(checked + refused).toBe(100)
  })

  test('100 parallel wrong TOTP codes during enrolment: at most the limit are checked', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'], totp: false })
    await startEnrolment(user)
    const session = await pendingSession(user.id)
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        confirmEnrolment(session, String(100000 + i * 7919).slice(0, 6), null),
      ),
    )
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length
    expect(checked).toBeLessThanOrEqual(SECOND_FACTOR_LIMIT.limit)
    expect(results.filter((r) => !r.ok && r.reason === 'rate-limited').length).toBe(100 - checked)
  })

  test('a right code gives its attempt back: successes never pause the second step', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const codes = await regenerateRecoveryCodes(user, null)
    for (const code of codes.slice(0, SECOND_FACTOR_LIMIT.limit + 2)) {
      const session = await pendingSession(user.id)
      expect(await verifySecondFactor(session, code, new Date())).toMatchObject({ ok: true })
    }
  })

  test('the pre-second-factor cookie no longer works once the second factor completes', async () => {
    const { user, totpSecret } = await createStaffUser({ roles: ['ADMIN'] })
    const { session, setCookie: before } = await createStaffSession({
      userId: user.id,
      twoFactorPassed: false,
    })
    const pending = await prisma.staffSession.findUniqueOrThrow({
      where: { id: session.id },
      include: { user: true },
    })
    const result = await verifySecondFactor(pending, totpCode(totpSecret!))
    if (!result.ok) throw new Error('second factor failed')
    expect(await loadSession(requestWith(before))).toBeNull()
    const after = await loadSession(requestWith(result.setCookie))
    expect(after?.id).not.toBe(session.id)
    expect(after).toMatchObject({ userId: user.id, twoFactorPassed: true })
  })
})
