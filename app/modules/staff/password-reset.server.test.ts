// Password reset on real PostgreSQL, with a real SMTP server (the test sink) receiving the
// emails. getEnv() caches the environment on first use, so it is set before those imports.
import { afterAll, describe, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'password-reset-test-secret-'.padEnd(40, 'x')
const { prisma } = await import('#app/utils/db.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { createStaffUser, staffSessionCookie } = await import('#tests/support/staff.ts')
const { signIn } = await import('./auth.server.ts')
const {
  RESET_TOKEN_TTL_MS,
  createPasswordResetToken,
  hashResetToken,
  isResetTokenUsable,
  requestPasswordReset,
  resetPassword,
} = await import('./password-reset.server.ts')

setupTestDatabase()
afterAll(async () => {
  closeMailer()
  await sink.close()
})

const NEW_PASSWORD = 'a brand new long password'

describe('password reset', () => {
  test('a token sets a new password once, ends every session and is audited', async () => {
    const { user, password } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'r@lantern.test',
    })
    await staffSessionCookie(user.id)
    await staffSessionCookie(user.id)
    const token = await createPasswordResetToken(user.id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await prisma.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } })
    expect(row.tokenHash).toBe(hashResetToken(token))
    expect(row.tokenHash).not.toContain(token)

    expect(await isResetTokenUsable(token)).toBe(true)
    expect(await resetPassword(token, NEW_PASSWORD, '192.0.2.5')).toEqual({ ok: true })
    expect(await prisma.staffSession.count({ where: { userId: user.id } })).toBe(0)
    expect((await signIn({ email: 'r@lantern.test', password, ipAddress: '192.0.2.5' })).kind).toBe(
      'invalid',
    )
    expect(
      (await signIn({ email: 'r@lantern.test', password: NEW_PASSWORD, ipAddress: '192.0.2.5' }))
        .kind,
    ).toBe('signed-in')

    // Single use.
    expect(await isResetTokenUsable(token)).toBe(false)
    expect(await resetPassword(token, 'yet another long password', null)).toEqual({
      ok: false,
      reason: 'invalid-token',
    })
    const actions = (await prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map(
      (entry) => entry.action,
    )
    expect(actions).toEqual(['staff.password_reset', 'staff.sessions_revoked'])
    expect(JSON.stringify(await prisma.auditLog.findMany())).not.toMatch(/argon2|brand new/)
  })

  test("using one link spends the user's other links, not other people's; a temporary password ends", async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const other = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    await prisma.staffUser.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const [first, second, third] = [
      await createPasswordResetToken(user.id),
      await createPasswordResetToken(user.id),
      await createPasswordResetToken(user.id),
    ]
    const theirs = await createPasswordResetToken(other.user.id)
    expect(await resetPassword(second!, NEW_PASSWORD, null)).toEqual({ ok: true })
    for (const token of [first!, second!, third!]) {
      expect(await isResetTokenUsable(token)).toBe(false)
      expect(await resetPassword(token, 'yet another long password', null)).toEqual({
        ok: false,
        reason: 'invalid-token',
      })
    }
    expect(await isResetTokenUsable(theirs)).toBe(true)
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword,
    ).toBe(false)
  })

  test('a token expires after 30 minutes', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const issued = new Date('2026-03-01T10:00:00Z')
    const token = await createPasswordResetToken(user.id, issued)
    const justBefore = new Date(issued.getTime() + RESET_TOKEN_TTL_MS - 1000)
    const after = new Date(issued.getTime() + RESET_TOKEN_TTL_MS)
    expect(await isResetTokenUsable(token, justBefore)).toBe(true)
    expect(await isResetTokenUsable(token, after)).toBe(false)
    expect(await resetPassword(token, NEW_PASSWORD, null, after)).toEqual({
      ok: false,
      reason: 'invalid-token',
    })
    expect(await resetPassword(token, NEW_PASSWORD, null, justBefore)).toEqual({ ok: true })
  })

  test('a weak new password is refused and the token stays usable', async () => {
    const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const token = await createPasswordResetToken(user.id)
    expect(await resetPassword(token, 'password1234', null)).toMatchObject({
      ok: false,
      reason: 'weak-password',
    })
    expect(await isResetTokenUsable(token)).toBe(true)
  })

  test('asking makes a token only for an active account, and answers the same either way', async () => {
    const { user } = await createStaffUser({
      roles: ['CAMPAIGN_MANAGER'],
      email: 'ask@lantern.test',
    })
    expect(await requestPasswordReset('nobody@lantern.test', '192.0.2.7')).toBeUndefined()
    expect(await requestPasswordReset('ASK@lantern.test', '192.0.2.7')).toBeUndefined()
    expect(await prisma.passwordResetToken.count()).toBe(1)
    const mail = await sink.waitFor((message) => message.to.includes('ask@lantern.test'))
    const link =
      /https:\/\/give\.example\.org\/admin\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(
        mail.text ?? '',
      )
    expect(link).not.toBeNull()
    expect(await isResetTokenUsable(link![1]!)).toBe(true)
    expect(sink.messages().filter((message) => message.to.includes('nobody@lantern.test'))).toEqual(
      [],
    )
    await prisma.staffUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    await requestPasswordReset('ask@lantern.test', '192.0.2.7')
    expect(await prisma.passwordResetToken.count()).toBe(1)
  })
})
