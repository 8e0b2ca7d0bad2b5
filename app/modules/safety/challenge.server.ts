/**
 * The proof-of-work challenge (ALTCHA's scheme, `altcha-lib`), served by Lantern itself: the
 * server hands out a salted SHA-256 puzzle signed with an HMAC key, the donor's browser finds
 * the secret number (challenge-solver.ts), and the donate POST carries the solution. A solution
 * is accepted once, before its challenge expires: spent signatures are kept in PostgreSQL
 * (SpentChallenge) until then, so a replay on any app copy is refused.
 */
import { createHmac } from 'node:crypto'
import { createChallenge, extractParams, verifySolution } from 'altcha-lib'
import type { Challenge } from 'altcha-lib/types'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

/** The donate form's field that carries the solved challenge. */
export const CHALLENGE_FIELD = 'altcha'
/** Long enough to fill in the form after the page loaded, short enough to be useless stored. */
export const CHALLENGE_LIFETIME_MS = 20 * 60_000
/** A solution is a short base64 JSON object; anything longer is not one. */
const MAX_PAYLOAD_LENGTH = 2_000

/**
 * The HMAC key, derived from the first session secret (one secret fewer to manage; rotating
 * the session secret also invalidates challenges in flight, which expire within minutes).
 */
function hmacKey(): string {
  const secret = getEnv().SESSION_SECRET?.[0]
  if (!secret) throw new Error('SESSION_SECRET is not set')
  return createHmac('sha256', secret).update('lantern:giving-challenge:v1').digest('hex')
}

export async function createGivingChallenge(now = new Date()): Promise<Challenge> {
  return createChallenge({
    algorithm: 'SHA-256',
    hmacKey: hmacKey(),
    maxNumber: getEnv().GIVING_CHALLENGE_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
  })
}

export type ChallengeVerdict = 'accepted' | 'missing' | 'invalid' | 'replayed'

type Solution = { algorithm: string; signature: string; salt: string }

function decode(payload: string): Solution | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null) return null
    const { algorithm, signature, salt } = parsed as Record<string, unknown>
    if (typeof algorithm !== 'string' || typeof signature !== 'string' || typeof salt !== 'string')
      return null
    return { algorithm, signature, salt }
  } catch {
    return null
  }
}

/** Checks a posted solution and, if it is good, spends it. */
export async function spendChallenge(posted: unknown, now = new Date()): Promise<ChallengeVerdict> {
  if (typeof posted !== 'string' || posted.trim() === '') return 'missing'
  const payload = posted.trim()
  if (payload.length > MAX_PAYLOAD_LENGTH) return 'invalid'
  const solution = decode(payload)
  // Only our own kind of challenge: SHA-256 and always with an expiry in its signed salt.
  if (!solution || solution.algorithm !== 'SHA-256') return 'invalid'
  const expiresSeconds = Number(extractParams(payload).expires)
  if (!Number.isInteger(expiresSeconds) || expiresSeconds * 1000 <= now.getTime()) return 'invalid'
  if (!(await verifySolution(payload, hmacKey(), true))) return 'invalid'
  const spent = await prisma.$queryRaw<Array<{ signature: string }>>`
    INSERT INTO "SpentChallenge" ("signature", "expiresAt")
    VALUES (${solution.signature}, ${new Date(expiresSeconds * 1000).toISOString()}::timestamp(3))
    ON CONFLICT ("signature") DO NOTHING
    RETURNING "signature"`
  return spent.length > 0 ? 'accepted' : 'replayed'
}

/** Forgets spent challenges that have expired (run by the maintenance sweep). */
export async function pruneSpentChallenges(now = new Date()): Promise<number> {
  const { count } = await prisma.spentChallenge.deleteMany({ where: { expiresAt: { lt: now } } })
  return count
}
