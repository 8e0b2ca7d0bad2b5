/**
 * The second factor: TOTP enrolment, sign-in with a code or a single-use recovery code, and
 * recovery-code regeneration. A code is refused a second time in its step through a counter
 * in the shared rate-limit table, so the guard holds across app copies.
 */
import { createHash, randomBytes } from 'node:crypto'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { consumeRateLimits, peekRateLimits, type RateLimit } from '#app/utils/rate-limit.server.ts'
import { recordAudit, type AuditActor } from './audit.server.ts'
import { TOTP_STEP_MS, generateTotpSecret, matchTotp, otpauthUri } from './totp.server.ts'

export const RECOVERY_CODE_COUNT = 10
/** Wrong codes allowed per user per window before the second step pauses. */
export const SECOND_FACTOR_LIMIT = { limit: 5, windowMs: 15 * 60 * 1000 }

function secondFactorLimit(userId: string): RateLimit {
  return { key: `staff-2fa-failures:${userId}`, ...SECOND_FACTOR_LIMIT }
}

export function hashRecoveryCode(code: string): string {
  const normalized = code.toLowerCase().replace(/[^a-z0-9]/g, '')
  return createHash('sha256').update(normalized).digest('hex')
}

/** Ten codes like `k7m2q-x9p4d`: 50 bits each, shown once, stored as SHA-256. */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789' // 31 letters: no 0/o, 1/l/i
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = ''
    while (code.length < 10) {
      const byte = randomBytes(1)[0] as number
      if (byte < 248) code += alphabet[byte % 31]
    }
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const codes = newRecoveryCodes()
  await prisma.$transaction([
    prisma.staffRecoveryCode.deleteMany({ where: { userId } }),
    prisma.staffRecoveryCode.createMany({
      data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
    }),
  ])
  return codes
}

/** The secret offered for enrolment (kept until confirmed, so a reload shows the same one). */
export async function startEnrolment(user: {
  id: string
  email: string
  totpPending: string | null
}) {
  const secret = user.totpPending ?? generateTotpSecret()
  if (!user.totpPending) {
    await prisma.staffUser.update({ where: { id: user.id }, data: { totpPending: secret } })
  }
  return { secret, uri: otpauthUri(secret, user.email) }
}

/**
 * Marks the step of a code as used; false when it already was. The counter's window is placed
 * after the last moment the code can be accepted (step + 1 is the latest drift we allow), so
 * pruning never removes it while the code could still be replayed.
 */
async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const result = await consumeRateLimits(
    [{ key: `totp-used:${userId}:${step}`, limit: 1, windowMs: TOTP_STEP_MS }],
    new Date((step + 2) * TOTP_STEP_MS),
  )
  return result.allowed
}

type SecondFactorResult =
  { ok: true; method: 'totp' | 'recovery-code' } | { ok: false; reason: 'invalid' | 'rate-limited' }

async function checkCode(
  user: { id: string; totpSecret: string | null },
  code: string,
  now: Date,
): Promise<SecondFactorResult> {
  const limited = await peekRateLimits([secondFactorLimit(user.id)], now)
  if (!limited.allowed) return { ok: false, reason: 'rate-limited' }
  const digits = code.replace(/\s/g, '')
  if (/^\d{6}$/.test(digits)) {
    const step = user.totpSecret ? matchTotp(user.totpSecret, digits, now.getTime()) : null
    if (step !== null && (await claimTotpStep(user.id, step))) return { ok: true, method: 'totp' }
  } else {
    const { count } = await prisma.staffRecoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: now },
    })
    if (count === 1) return { ok: true, method: 'recovery-code' }
  }
  await consumeRateLimits([secondFactorLimit(user.id)], now)
  return { ok: false, reason: 'invalid' }
}

/** Completes sign-in with a TOTP code or a recovery code. */
export async function verifySecondFactor(
  session: {
    id: string
    user: { id: string; totpSecret: string | null; totpEnabledAt: Date | null }
  },
  code: string,
  now = new Date(),
): Promise<SecondFactorResult> {
  if (!session.user.totpEnabledAt) return { ok: false, reason: 'invalid' }
  const result = await checkCode(session.user, code, now)
  logger.info({
    event: 'staff.second_factor',
    userId: session.user.id,
    outcome: result.ok ? result.method : result.reason,
  })
  if (result.ok) {
    await prisma.staffSession.update({
      where: { id: session.id },
      data: { twoFactorPassed: true },
    })
  }
  return result
}

/**
 * Confirms enrolment with a code from the pending secret: the secret becomes the user's, the
 * session counts as having passed the second factor, and ten recovery codes are made.
 */
export async function confirmEnrolment(
  session: { id: string; user: { id: string; email: string; totpPending: string | null } },
  code: string,
  ipAddress: string | null,
  now = new Date(),
): Promise<
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'invalid' | 'rate-limited' }
> {
  const { user } = session
  if (!user.totpPending) return { ok: false, reason: 'invalid' }
  const result = await checkCode({ id: user.id, totpSecret: user.totpPending }, code, now)
  if (!result.ok || result.method !== 'totp') {
    return { ok: false, reason: result.ok ? 'invalid' : result.reason }
  }
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id: user.id },
      data: { totpSecret: user.totpPending, totpPending: null, totpEnabledAt: now },
    })
    await tx.staffSession.update({ where: { id: session.id }, data: { twoFactorPassed: true } })
    await recordAudit(
      {
        actor: { id: user.id, email: user.email },
        action: 'staff.2fa_enrolled',
        entityType: 'StaffUser',
        entityId: user.id,
        after: { totpEnabled: true },
        ipAddress,
      },
      tx,
    )
  })
  const recoveryCodes = await replaceRecoveryCodes(user.id)
  return { ok: true, recoveryCodes }
}

/** New recovery codes for a signed-in user; the old ones stop working. */
export async function regenerateRecoveryCodes(
  actor: AuditActor & { id: string },
  ipAddress: string | null,
): Promise<string[]> {
  const codes = await replaceRecoveryCodes(actor.id)
  await recordAudit({
    actor,
    action: 'staff.recovery_codes_regenerated',
    entityType: 'StaffUser',
    entityId: actor.id,
    after: { recoveryCodes: RECOVERY_CODE_COUNT },
    ipAddress,
  })
  return codes
}
