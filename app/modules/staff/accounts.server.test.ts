import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createStaffUser, ensureSessionSecret, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  changeOwnPassword,
  createStaffAccount,
  resetTwoFactor,
  setStaffDisabled,
  updateStaffAccount,
} from './accounts.server.ts'
import { recordAudit } from './audit.server.ts'
import { assertNoDemoStaffInProduction, seedDemoStaff } from './demo-staff.server.ts'
import { createPasswordResetToken, isResetTokenUsable } from './password-reset.server.ts'
import { verifyPassword } from './password.server.ts'
import { loadSession } from './session.server.ts'

setupTestDatabase()
beforeAll(ensureSessionSecret)

async function adminContext() {
  const { user } = await createStaffUser({ roles: ['ADMIN'], email: 'boss@lantern.test' })
  return { actor: { id: user.id, email: user.email }, ipAddress: '192.0.2.10' }
}

/** Audit rows must never carry a password, a hash, a TOTP secret or a recovery code. */
async function expectNoSecretsInAudit(...secrets: string[]) {
  const text = JSON.stringify(await prisma.auditLog.findMany())
  expect(text).not.toMatch(/argon2|passwordHash|totpSecret|codeHash|tokenHash/)
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('staff account changes are audited', () => {
  test('creating an account: normalized email, a strong temporary password, staff.created', async () => {
    const context = await adminContext()
    const outcome = await createStaffAccount(
      {
        email: ' New.Person@Lantern.test ',
        name: ' New Person ',
        roles: ['FINANCE', 'CAMPAIGN_MANAGER'],
      },
      context,
    )
    if (!outcome.ok) throw new Error(outcome.message)
    const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: outcome.user.id } })
    expect(user).toMatchObject({
      email: 'new.person@lantern.test',
      name: 'New Person',
      demo: false,
      // An administrator chose it: the person must choose their own at first sign-in.
      mustChangePassword: true,
    })
    expect(user.roles).toEqual(['CAMPAIGN_MANAGER', 'FINANCE'])
    expect(await verifyPassword(user.passwordHash, outcome.password)).toBe(true)
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.created' } })
    expect(entry).toMatchObject({
      actorId: context.actor.id,
      actorEmail: 'boss@lantern.test',
      entityType: 'StaffUser',
      entityId: user.id,
      before: null,
      after: {
        email: 'new.person@lantern.test',
        name: 'New Person',
        roles: ['CAMPAIGN_MANAGER', 'FINANCE'],
      },
      ipAddress: '192.0.2.10',
    })
    expect(
      await createStaffAccount(
        { email: 'new.person@lantern.test', name: 'Again', roles: ['FINANCE'] },
        context,
      ),
    ).toMatchObject({ ok: false, field: 'email' })
    expect(
      await createStaffAccount(
        { email: 'weak@lantern.test', name: 'W', roles: ['FINANCE'], password: 'password1234' },
        context,
      ),
    ).toMatchObject({ ok: false, field: 'password' })
    await expectNoSecretsInAudit(outcome.password)
  })

  test('changing roles records before/after and ends the sessions; a name change alone does not', async () => {
    const context = await adminContext()
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'], name: 'Min' })
    await staffSessionCookie(user.id)
    expect(
      await updateStaffAccount(user.id, { name: 'Min Jun', roles: ['CAMPAIGN_MANAGER'] }, context),
    ).toEqual({ ok: true })
    expect(await prisma.staffSession.count({ where: { userId: user.id } })).toBe(1)
    expect(
      await updateStaffAccount(
        user.id,
        { name: 'Min Jun', roles: ['FINANCE', 'CAMPAIGN_MANAGER'] },
        context,
      ),
    ).toEqual({
      ok: true,
    })
    expect(await prisma.staffSession.count({ where: { userId: user.id } })).toBe(0)
    const entries = await prisma.auditLog.findMany({
      where: { entityId: user.id },
      orderBy: { at: 'asc' },
    })
    expect(entries.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      [
        'staff.updated',
        { name: 'Min', roles: ['CAMPAIGN_MANAGER'] },
        { name: 'Min Jun', roles: ['CAMPAIGN_MANAGER'] },
      ],
      [
        'staff.roles_changed',
        { name: 'Min Jun', roles: ['CAMPAIGN_MANAGER'] },
        { name: 'Min Jun', roles: ['CAMPAIGN_MANAGER', 'FINANCE'] },
      ],
      ['staff.sessions_revoked', null, { sessionsRevoked: 1, reason: 'roles changed' }],
    ])
  })

  test('an administrator cannot remove their own ADMIN role or disable themselves', async () => {
    const context = await adminContext()
    expect(
      await updateStaffAccount(context.actor.id, { name: 'Boss', roles: ['FINANCE'] }, context),
    ).toMatchObject({
      ok: false,
    })
    expect(await setStaffDisabled(context.actor.id, true, context)).toMatchObject({ ok: false })
    expect(await prisma.auditLog.count()).toBe(0)
  })

  test('disabling ends the sessions; enabling restores access; both audited', async () => {
    const context = await adminContext()
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    await staffSessionCookie(user.id)
    expect(await setStaffDisabled(user.id, true, context)).toEqual({ ok: true })
    expect(await prisma.staffSession.count({ where: { userId: user.id } })).toBe(0)
    expect(await setStaffDisabled(user.id, false, context)).toEqual({ ok: true })
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } })).disabledAt,
    ).toBeNull()
    const actions = (await prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map(
      (entry) => entry.action,
    )
    expect(actions).toEqual(['staff.disabled', 'staff.sessions_revoked', 'staff.enabled'])
  })

  test('resetting two-factor removes the secret and recovery codes, ends sessions, is audited', async () => {
    const context = await adminContext()
    const { user, totpSecret } = await createStaffUser({ roles: ['FINANCE'] })
    await prisma.staffRecoveryCode.create({ data: { userId: user.id, codeHash: 'x'.repeat(64) } })
    await staffSessionCookie(user.id)
    expect(await resetTwoFactor(user.id, context)).toEqual({ ok: true })
    const after = await prisma.staffUser.findUniqueOrThrow({
      where: { id: user.id },
      include: { recoveryCodes: true },
    })
    expect(after).toMatchObject({ totpSecret: null, totpEnabledAt: null, recoveryCodes: [] })
    expect(await prisma.staffSession.count({ where: { userId: user.id } })).toBe(0)
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.2fa_reset' } })
    expect(entry).toMatchObject({ before: { totpEnabled: true }, after: { totpEnabled: false } })
    await expectNoSecretsInAudit(totpSecret!)
  })

  test('changing your own password needs the current one and ends your other sessions', async () => {
    const { user, password } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const context = { actor: { id: user.id, email: user.email } }
    await staffSessionCookie(user.id)
    const current = await prisma.staffSession.findFirstOrThrow({ where: { userId: user.id } })
    await staffSessionCookie(user.id)
    const base = { userId: user.id, sessionId: current.id }
    expect(
      await changeOwnPassword(
        { ...base, currentPassword: 'wrong', newPassword: 'a fresh long password' },
        context,
      ),
    ).toMatchObject({ ok: false, field: 'currentPassword' })
    expect(
      await changeOwnPassword(
        { ...base, currentPassword: password, newPassword: 'short' },
        context,
      ),
    ).toMatchObject({ ok: false, field: 'newPassword' })
    expect(
      await changeOwnPassword(
        { ...base, currentPassword: password, newPassword: 'a fresh long password' },
        context,
      ),
    ).toMatchObject({ ok: true, setCookie: expect.stringContaining('__lantern_staff=') })
    // Only this session lives on, under a new id.
    const left = await prisma.staffSession.findMany({ where: { userId: user.id } })
    expect(left).toHaveLength(1)
    expect(left[0]!.id).not.toBe(current.id)
    const actions = (await prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map(
      (entry) => entry.action,
    )
    expect(actions).toEqual(['staff.password_changed', 'staff.sessions_revoked'])
    await expectNoSecretsInAudit('a fresh long password', password)
  })
})

describe('changing a password', () => {
  test('rotates the session, spends every reset link and ends a temporary password', async () => {
    const { user, password } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    await prisma.staffUser.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const before = await staffSessionCookie(user.id)
    const current = await prisma.staffSession.findFirstOrThrow({ where: { userId: user.id } })
    const links = [await createPasswordResetToken(user.id), await createPasswordResetToken(user.id)]
    const context = { actor: { id: user.id, email: user.email } }
    const base = { userId: user.id, sessionId: current.id, currentPassword: password }
    expect(await changeOwnPassword({ ...base, newPassword: password }, context)).toMatchObject({
      ok: false,
      field: 'newPassword',
    })
    const outcome = await changeOwnPassword(
      { ...base, newPassword: 'my own long password' },
      context,
    )
    if (!outcome.ok) throw new Error(outcome.message)
    const request = (cookie: string) =>
      new Request('http://lantern.test/admin', { headers: { Cookie: cookie } })
    expect(await loadSession(request(before))).toBeNull()
    expect(await loadSession(request(outcome.setCookie.split(';')[0]!))).toMatchObject({
      userId: user.id,
      twoFactorPassed: true,
    })
    for (const link of links) expect(await isResetTokenUsable(link)).toBe(false)
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword,
    ).toBe(false)
  })
})

describe('the audit log is append-only', () => {
  test('UPDATE and DELETE are refused by the database', async () => {
    await recordAudit({
      actor: { id: null, email: 'cli' },
      action: 'staff.created',
      entityType: 'StaffUser',
    })
    await expect(prisma.auditLog.updateMany({ data: { action: 'tampered' } })).rejects.toThrow(
      /append-only/,
    )
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe('DELETE FROM "AuditLog"')).rejects.toThrow(/append-only/)
    expect(await prisma.auditLog.findMany()).toMatchObject([{ action: 'staff.created' }])
  })
})

describe('demo staff', () => {
  test('development gets one account per role, TOTP pre-enrolled for every role; idempotent', async () => {
    expect(await seedDemoStaff(prisma, 'development')).toEqual({ created: 3 })
    expect(await seedDemoStaff(prisma, 'development')).toEqual({ created: 0 })
    const users = await prisma.staffUser.findMany({ orderBy: { email: 'asc' } })
    expect(users.map((u) => [u.email, u.roles, u.totpSecret, u.demo])).toEqual([
      ['admin@lantern.test', ['ADMIN'], 'JBSWY3DPEHPK3PXP', true],
      ['finance@lantern.test', ['FINANCE'], 'JBSWY3DPEHPK3PXP', true],
      ['manager@lantern.test', ['CAMPAIGN_MANAGER'], 'JBSWY3DPEHPK3PXP', true],
    ])
    expect(await verifyPassword(users[0]!.passwordHash, 'lantern-demo-2026')).toBe(true)
  })

  test('production never seeds them, and refuses to boot while any exist', async () => {
    expect(await seedDemoStaff(prisma, 'production')).toEqual({ created: 0 })
    expect(await prisma.staffUser.count()).toBe(0)
    await expect(assertNoDemoStaffInProduction(prisma, 'production')).resolves.toBeUndefined()
    await seedDemoStaff(prisma, 'development')
    await expect(assertNoDemoStaffInProduction(prisma, 'production')).rejects.toThrow(/demo staff/)
    await expect(assertNoDemoStaffInProduction(prisma, 'development')).resolves.toBeUndefined()
  })
})
