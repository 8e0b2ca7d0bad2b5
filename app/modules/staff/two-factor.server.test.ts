import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createStaffUser, ensureSessionSecret } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { createStaffSession } from './session.server.ts'
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
    expect(
      (await prisma.staffSession.findUniqueOrThrow({ where: { id: session.id } })).twoFactorPassed,
    ).toBe(true)
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
    expect(await verifySecondFactor(first, code, now)).toEqual({ ok: true, method: 'totp' })
    expect(
      (await prisma.staffSession.findUniqueOrThrow({ where: { id: first.id } })).twoFactorPassed,
    ).toBe(true)
    const second = await pendingSession(user.id)
    expect(await verifySecondFactor(second, code, new Date(now.getTime() + 5_000))).toEqual({
      ok: false,
      reason: 'invalid',
    })
    // The next step's code is a different code and passes.
    const next = totpCode(totpSecret!, now.getTime() + 30_000)
    expect(await verifySecondFactor(second, next, now)).toEqual({ ok: true, method: 'totp' })
  })

  test('a recovery code works once, instead of a TOTP code', async () => {
    const { user } = await createStaffUser({ roles: ['FINANCE'] })
    const [code, other] = await regenerateRecoveryCodes(user, null)
    const session = await pendingSession(user.id)
    expect(await verifySecondFactor(session, code!.toUpperCase(), new Date())).toEqual({
      ok: true,
      method: 'recovery-code',
    })
    const later = await pendingSession(user.id)
    expect(await verifySecondFactor(later, code!, new Date())).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await verifySecondFactor(later, other!, new Date())).toEqual({
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
