/**
 * The second factor: TOTP enrolment, sign-in with a code or a single-use recovery code, and
 * recovery-code regeneration. A code is refused a second time in its step through a counter
 * in the shared rate-limit table, so the guard holds across app copies.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  consumeRateLimits,
  releaseRateLimits,
  type RateLimit,
} from '#app/utils/rate-limit.server.ts'
import { recordAudit, type AuditActor } from './audit.server.ts'
import { rotateStaffSession } from './session.server.ts'
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

type CodeCheck =
  { ok: true; method: 'totp' | 'recovery-code' } | { ok: false; reason: 'invalid' | 'rate-limited' }

/**
 * The attempt is counted (atomically) before the code is checked, so parallel guesses cannot
 * all pass the limit; a right code gives its hit back.
 */
async function checkCode(
  user: { id: string; totpSecret: string | null },
  code: string,
  now: Date,
): Promise<CodeCheck> {
  const limit = secondFactorLimit(user.id)
  const limited = await consumeRateLimits([limit], now)
  if (!limited.allowed) return { ok: false, reason: 'rate-limited' }
  const method = await matchCode(user, code, now)
  if (!method) return { ok: false, reason: 'invalid' }
  await releaseRateLimits([limit], now)
  return { ok: true, method }
}

async function matchCode(
  user: { id: string; totpSecret: string | null },
  code: string,
  now: Date,
): Promise<'totp' | 'recovery-code' | null> {
  const digits = code.replace(/\s/g, '')
  if (/^\d{6}$/.test(digits)) {
    const step = user.totpSecret ? matchTotp(user.totpSecret, digits, now.getTime()) : null
    return step !== null && (await claimTotpStep(user.id, step)) ? 'totp' : null
  }
  const { count } = await prisma.staffRecoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  })
  return count === 1 ? 'recovery-code' : null
}

/**
 * The one place where a second factor completes, whatever the factor: the session is replaced
 * by a new one that has passed it (new id and cookie), so an id from before the second step,
 * seen or planted, is dead afterwards. Answers the Set-Cookie header, or null when the session
 * ended meanwhile.
 */
export async function completeSecondFactor(
  sessionId: string,
  tx?: Prisma.TransactionClient,
  now = new Date(),
): Promise<{ setCookie: string } | null> {
  const rotate = (client: Prisma.TransactionClient) =>
    rotateStaffSession(sessionId, { twoFactorPassed: true }, client, now)
  const rotated = tx ? await rotate(tx) : await prisma.$transaction(rotate)
  return rotated ? { setCookie: rotated.setCookie } : null
}

type SecondFactorResult =
  | { ok: true; method: 'totp' | 'recovery-code'; setCookie: string }
  | { ok: false; reason: 'invalid' | 'rate-limited' }

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
  if (!result.ok) return result
  const completed = await completeSecondFactor(session.id, undefined, now)
  if (!completed) return { ok: false, reason: 'invalid' }
  return { ...result, setCookie: completed.setCookie }
}

class SessionEnded extends Error {}

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
  | { ok: true; recoveryCodes: string[]; setCookie: string }
  | { ok: false; reason: 'invalid' | 'rate-limited' }
> {
  const { user } = session
  if (!user.totpPending) return { ok: false, reason: 'invalid' }
  const result = await checkCode({ id: user.id, totpSecret: user.totpPending }, code, now)
  if (!result.ok || result.method !== 'totp') {
    return { ok: false, reason: result.ok ? 'invalid' : result.reason }
  }
  // A session revoked meanwhile rolls the enrolment back: it is confirmed by a live session only.
  const completed = await prisma
    .$transaction(async (tx) => {
      await tx.staffUser.update({
        where: { id: user.id },
        data: { totpSecret: user.totpPending, totpPending: null, totpEnabledAt: now },
      })
      const rotated = await completeSecondFactor(session.id, tx, now)
      if (!rotated) throw new SessionEnded()
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
      return rotated
    })
    .catch((error: unknown) => {
      if (error instanceof SessionEnded) return null
      throw error
    })
  if (!completed) return { ok: false, reason: 'invalid' }
  const recoveryCodes = await replaceRecoveryCodes(user.id)
  return { ok: true, recoveryCodes, setCookie: completed.setCookie }
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
