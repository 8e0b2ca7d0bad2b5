/**
 * Password reset by email: a single-use link valid for 30 minutes. The token travels only in
 * the email; the database keeps its SHA-256. Asking always gets the same answer, so the form
 * tells nobody whether an address has an account.
 */
import { createHash, randomBytes } from 'node:crypto'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { consumeRateLimits } from '#app/utils/rate-limit.server.ts'
import { recordAudit } from './audit.server.ts'
import { normalizeEmail } from './auth.server.ts'
import { hashPassword, passwordProblem } from './password.server.ts'

export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Makes a token for a user and answers it (the caller emails it; tests use it directly). */
export async function createPasswordResetToken(userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await prisma.passwordResetToken.create({
    data: {
      userId,
      tokenHash: hashResetToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
    },
  })
  return token
}

function appUrl(): string {
  const env = getEnv()
  return env.APP_URL ?? `http://localhost:${env.PORT}`
}

/**
 * Emails a reset link when the address belongs to an active account. Sending happens after
 * the answer, so the response time does not depend on whether a message was sent.
 */
export async function requestPasswordReset(emailInput: string, ipAddress: string): Promise<void> {
  const email = normalizeEmail(emailInput)
  const limit = await consumeRateLimits([
    { key: `staff-reset:email:${email}`, limit: 3, windowMs: HOUR_MS },
    { key: `staff-reset:ip:${ipAddress}`, limit: 20, windowMs: HOUR_MS },
  ])
  if (!limit.allowed) {
    logger.info({ event: 'staff.password_reset_requested', outcome: 'rate-limited' })
    return
  }
  const user = await prisma.staffUser.findUnique({ where: { email } })
  if (!user || user.disabledAt) return
  const token = await createPasswordResetToken(user.id)
  const link = `${appUrl()}/admin/reset-password?token=${encodeURIComponent(token)}`
  const minutes = RESET_TOKEN_TTL_MS / 60_000
  void sendEmail({
    to: user.email,
    subject: 'Reset your Lantern staff password',
    text: `Someone asked to reset the password of your Lantern staff account.\n\nTo choose a new password, open this link within ${minutes} minutes:\n${link}\n\nIf this was not you, ignore this email: your password stays as it is.`,
    html: `<p>Someone asked to reset the password of your Lantern staff account.</p><p>To choose a new password, open this link within ${minutes} minutes:</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>If this was not you, ignore this email: your password stays as it is.</p>`,
  }).catch((error: unknown) => logger.error({ err: error, userId: user.id }, 'reset email failed'))
  logger.info({ event: 'staff.password_reset_requested', userId: user.id })
}

/** Whether a token can still be used (to show the form or an "expired link" page). */
export async function isResetTokenUsable(token: string, now = new Date()): Promise<boolean> {
  const row = await prisma.passwordResetToken.findUnique({
    where: { tokenHash: hashResetToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { disabledAt: true } } },
  })
  return !!row && !row.usedAt && row.expiresAt > now && !row.user.disabledAt
}

export type ResetPasswordResult =
  | { ok: true }
  | { ok: false; reason: 'invalid-token' }
  | { ok: false; reason: 'weak-password'; message: string }

/**
 * Sets a new password with a token: this and every other unused reset link of the user are
 * spent, and every session of the user ends.
 */
export async function resetPassword(
  token: string,
  newPassword: string,
  ipAddress: string | null,
  now = new Date(),
): Promise<ResetPasswordResult> {
  const problem = passwordProblem(newPassword)
  if (problem) return { ok: false, reason: 'weak-password', message: problem }
  const tokenHash = hashResetToken(token)
  const row = await prisma.passwordResetToken.findUnique({
    where: { tokenHash },
    include: { user: true },
  })
  if (!row || row.user.disabledAt) return { ok: false, reason: 'invalid-token' }
  const passwordHash = await hashPassword(newPassword)
  return prisma.$transaction(async (tx) => {
    // Spending the token is the guard: of two concurrent uses, only one updates a row.
    const spent = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    })
    if (spent.count !== 1) return { ok: false, reason: 'invalid-token' } as const
    // The person chose this password: it is not temporary. Their other links die with it.
    await tx.staffUser.update({
      where: { id: row.userId },
      data: { passwordHash, mustChangePassword: false },
    })
    await tx.passwordResetToken.updateMany({
      where: { userId: row.userId, usedAt: null },
      data: { usedAt: now },
    })
    const sessions = await tx.staffSession.deleteMany({ where: { userId: row.userId } })
    const actor = { id: row.user.id, email: row.user.email }
    await recordAudit(
      {
        actor,
        action: 'staff.password_reset',
        entityType: 'StaffUser',
        entityId: row.userId,
        after: { via: 'email link' },
        ipAddress,
      },
      tx,
    )
    await recordAudit(
      {
        actor,
        action: 'staff.sessions_revoked',
        entityType: 'StaffUser',
        entityId: row.userId,
        after: { sessionsRevoked: sessions.count, reason: 'password reset' },
        ipAddress,
      },
      tx,
    )
    return { ok: true } as const
  })
}
